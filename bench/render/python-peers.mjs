// bench/results/python-peers.json → saddle vs real POT (Sinkhorn, exact OT) and scipy (FID).
import { faster, provenance, sig, spreadText, table } from './format.mjs';

const converged = (r) => r.converged && r.cost !== null;

/** Which POT methods ran at an ε where none reached the target, and which did not run. */
function none(rows) {
  const ran = rows.filter((r) => r.contender !== 'saddle').map((r) => `\`${r.contender.slice(4)}\``);
  const skipped = ['`ot.sinkhorn`', '`ot.sinkhorn_log`'].filter((m) => !ran.includes(m));
  return `${ran.join(' and ')} did not reach the target (the plan it returned is off its marginals)${skipped.length ? `; ${skipped.join(', ')} was not run at this ε (tens of seconds per run at n = 1000; SADDLE_BENCH_POT_LOG_MIN_EPS lowers the cut-off)` : ''}`;
}

/** Per ε: saddle's row and POT's fastest row that reached the target accuracy. */
function matchups(results) {
  const sk = results.rows.filter((r) => r.kind === 'sinkhorn');
  const keys = [...new Set(sk.map((r) => `${r.n} ${r.eps}`))].map((k) => k.split(' ').map(Number));
  return keys.map(([n, eps]) => {
    const at = sk.filter((r) => r.eps === eps && r.n === n);
    const ours = at.find((r) => r.contender === 'saddle');
    const pot = at.filter((r) => r.contender !== 'saddle' && converged(r)).sort((a, b) => a.seconds.median - b.seconds.median)[0];
    return { n, eps, ours, pot, all: at };
  });
}

export function render(results) {
  const s = results.setup;
  const sk = results.rows.filter((r) => r.kind === 'sinkhorn');
  const emd = results.rows.find((r) => r.kind === 'emd2');
  const fid = results.rows.filter((r) => r.kind === 'fid');
  const threshold = (r) => Object.entries(r.threshold).map(([k, v]) => `${k} ${sig(v, 2)}`).join('');
  const skTable = table(['n = m', 'ε', 'contender', 's: median (min–max)', 'iterations', 'ms / iteration', '‖P1 − a‖₁', '‖Pᵀ1 − b‖₁', 'threshold used', '⟨P, C⟩'],
    sk.map((r) => [String(r.n), String(r.eps), r.contender, spreadText(r.seconds, 3), String(r.iterations), sig(r.msPerIteration, 3),
      sig(r.rowL1, 2), sig(r.colL1, 2), threshold(r), converged(r) ? sig(r.cost, 8) : 'did not reach the target (non-finite plan or cap)']), ['---:', '---', '---', '---:', '---:', '---:', '---:', '---:', '---', '---:']);
  const m = matchups(results);
  const lines = m.map(({ n, eps, ours, pot, all }) => pot
    ? `n = ${n}, ε = ${eps}, against ${pot.contender} (POT's fastest method that reached the target here): end to end ${faster('saddle', ours.seconds.median, 'POT', pot.seconds.median)}; per iteration ${faster('saddle', ours.msPerIteration, 'POT', pot.msPerIteration)}.`
    : `n = ${n}, ε = ${eps}: ${none(all)}.`);
  const sizes = [...new Set(sk.map((r) => r.n))].join(' and ');
  const emdFaster = m.filter(({ n, ours }) => emd && n === emd.n && emd.wallSeconds.median < ours.seconds.median).map(({ eps }) => eps);
  return {
    sinkhorn: [skTable, '', ...lines.map((l) => `- ${l}`), '',
      `2-D clouds, n = m = ${sizes}, squared Euclidean cost, uniform weights; median (min–max) of ${s.rounds} interleaved rounds (saddle, then each POT method, in turn) after untimed calibration runs; POT times are wall time per call seen by the bench (a JSON round trip over a pipe included). ${provenance(results)} POT ${s.pot}, scipy ${s.scipy}, numpy ${s.numpy}, Python ${s.python}, one BLAS thread.`].join('\n'),
    stopping: [
      '| | stopping rule |', '|---|---|',
      `| saddle | ${s.stopping.saddle} |`, `| POT | ${s.stopping.pot} |`, `| matched | ${s.stopping.matched} |`,
    ].join('\n'),
    emd2: emd ? `Exact OT, \`ot.emd2\` (network simplex) on the same clouds (n = ${emd.n}), took ${spreadText(emd.wallSeconds, 3)} s for the unregularized cost ${sig(emd.cost, 8)}. ${emdFaster.length ? `That is faster than saddle's entropic solver at ε = ${emdFaster.join(', ')}: when the unregularized OT value (or an exact plan) is what you need at this size, emd2 is the better tool.` : 'saddle\'s entropic solver was faster than it at every ε measured.'} Sinkhorn is the tool for a smooth, differentiable value (gradients in x, y, a, b), for large n where the network simplex's superlinear cost grows, and for the debiased divergence.` : '',
    fid: fid.length ? [table(['FID, n×d per side', 'contender', 's: median (min–max)', 'value'], fid.map((r) => [`${r.n}×${r.d}`, r.contender, spreadText(r.seconds, 3), sig(r.value, 12)])), '',
      ...fid.slice(1).map((r) => `- against ${r.contender}: ${faster('saddle', fid[0].seconds.median, 'scipy', r.seconds.median)}; the values differ by ${sig(Math.abs(fid[0].value - r.value) / Math.abs(r.value), 2)} relative.`), '', provenance(results)].join('\n') : '',
    summary: [
      ...m.map(({ n, eps, ours, pot, all }) => `- Sinkhorn 2-D ${n}×${n}, ε = ${eps}, ${pot ? "both plans" : "saddle's plan"} within ${sig(s.target, 1)} L1 of ${pot ? "their" : "its"} marginals: saddle ${sig(ours.seconds.median, 3)} s (${ours.iterations} iterations)${pot ? `, ${pot.contender} ${sig(pot.seconds.median, 3)} s (${pot.iterations} iterations): ${faster('saddle', ours.seconds.median, 'POT', pot.seconds.median)}` : `; ${none(all)}`}`),
      ...(emd ? [`- exact OT on the same clouds (n = ${emd.n}): POT \`ot.emd2\` ${sig(emd.wallSeconds.median, 3)} s`] : []),
      ...(fid.length ? [`- FID ${fid[0].n}×${fid[0].d}: saddle ${sig(fid[0].seconds.median, 3)} s, scipy \`sqrtm\` path ${sig(fid[1].seconds.median, 3)} s: ${faster('saddle', fid[0].seconds.median, 'scipy', fid[1].seconds.median)}`] : []),
    ].join('\n'),
  };
}
