// bench/results/gemm.json → the sgemm GFLOP/s table and the ranges quoted around it.
import { provenance, rangeText, ratio, sig, table } from './format.mjs';

const g = (r, who) => r.gflops[who];
const cell = (s) => (s ? `${sig(s.median, 3)} (${sig(s.min, 3)}–${sig(s.max, 3)})` : '—');

export function render(results) {
  const builds = results.setup.builds;
  const relaxed = builds.includes('relaxed');
  const rows = results.rows.map((r) => [
    `${r.variant} n=${r.n}`, ...builds.map((b) => cell(g(r, `saddle-${b}`))), cell(g(r, 'tfjs-wasm')), cell(g(r, 'tfjs-cpu')),
    ratio(r.ratioSimdOverTfjsWasm), ...(relaxed ? [ratio(r.ratioRelaxedOverTfjsWasm)] : []),
  ]);
  const of = (variant) => results.rows.filter((r) => r.variant === variant);
  const med = (rows, who) => rows.map((r) => g(r, who)?.median).filter((v) => v !== undefined);
  const all = results.rows;
  const limits = [
    `- saddle's gemm reaches ${rangeText(med(all, 'saddle-simd'), 2)} GFLOP/s in the SIMD128 build${relaxed ? ` and ${rangeText(med(all, 'saddle-relaxed'), 2)} in the relaxed build` : ''} (medians over the sizes and variants above).`,
    `- tfjs-wasm's NN is XNNPACK, at ${rangeText(med(of('NN'), 'tfjs-wasm'), 2)} GFLOP/s here; saddle's NN is ${rangeText(of('NN').map((r) => r.ratioSimdOverTfjsWasm), 3, 'x')} of it (SIMD128)${relaxed ? ` and ${rangeText(of('NN').map((r) => r.ratioRelaxedOverTfjsWasm), 3, 'x')} (relaxed)` : ''}.`,
    `- tfjs-wasm's NT and TN do not use XNNPACK and run at ${rangeText([...med(of('NT'), 'tfjs-wasm'), ...med(of('TN'), 'tfjs-wasm')], 2)} GFLOP/s; saddle absorbs transposes in its packing, so NT and TN run as fast as NN: ${rangeText(of('NT').map((r) => r.ratioSimdOverTfjsWasm), 2, 'x')} (NT) and ${rangeText(of('TN').map((r) => r.ratioSimdOverTfjsWasm), 2, 'x')} (TN) in the SIMD128 build.`,
  ].join('\n');
  const at = (n) => results.rows.filter((r) => r.n === n);
  const n = at(256).length ? 256 : results.rows[0].n;
  const rowsAt = at(n);
  return {
    table: [table(['case', ...builds.map((b) => `saddle ${b}`), 'tfjs-wasm', 'tfjs-cpu', 'simd / tfjs-wasm', ...(relaxed ? ['relaxed / tfjs-wasm'] : [])], rows), '',
      `GFLOP/s = 2n³ / time: median (min–max) of each contender's tinybench samples; ratios of medians. ${provenance(results)}`].join('\n'),
    limits,
    summary: `- sgemm ${n}³ NN / NT / TN: saddle SIMD128 ${rowsAt.map((r) => sig(g(r, 'saddle-simd').median, 3)).join(' / ')} GFLOP/s, tfjs-wasm ${rowsAt.map((r) => sig(g(r, 'tfjs-wasm').median, 2)).join(' / ')}: ${rowsAt.map((r) => ratio(r.ratioSimdOverTfjsWasm)).join(' / ')}`,
  };
}
