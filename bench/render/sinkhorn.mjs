// bench/results/sinkhorn.json → log-domain Sinkhorn per-iteration times, saddle vs tfjs and plain JS.
import { provenance, ratio, sig, table } from './format.mjs';

export function render(results) {
  const builds = results.setup.builds;
  const cell = (r, who) => (r.msPerIteration[who] === undefined ? '—' : `${sig(r.msPerIteration[who], 3)} (${sig(r.range[who][0], 3)}–${sig(r.range[who][1], 3)})`);
  const rows = results.rows.map((r) => [
    `n=${r.n}, d=${r.d}, ε=${r.epsRelative}·d/6`, ...builds.map((b) => cell(r, `saddle-${b}`)), cell(r, 'tfjs-wasm'), cell(r, 'plain-js'),
    ratio(r.ratioTfjsOverSaddle), `${sig(r.endToEndMs, 3)} ms / ${r.iterations}${r.converged ? '' : ' (cap)'}`,
  ]);
  return {
    table: [table(['case', ...builds.map((b) => `saddle ${b} ms/it`), 'tfjs-wasm ms/it', 'plain JS ms/it', 'tfjs / saddle', 'saddle end to end / iterations'], rows), '',
      `ms per iteration from runs of ${results.setup.fixedIterations} iterations (no ε-scaling, no early stop), cost matrix included: median (min–max). ${provenance(results)}`].join('\n'),
  };
}
