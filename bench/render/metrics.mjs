// bench/results/metrics.json → MMD², KID and FID tables (saddle vs tfjs-wasm / plain JS).
import { faster, provenance, sig, spreadText, table } from './format.mjs';

const key = (r) => `${r.metric} ${r.n}×${r.d}`;

function pairs(results) {
  const groups = new Map();
  for (const r of results.rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return [...groups.values()];
}

export function render(results) {
  const rows = results.rows.map((r) => [
    key(r), r.contender, r.precision, spreadText(r.ms, 3), sig(r.value, 7), r.relativeError === 0 ? '0 (the reference)' : sig(r.relativeError, 2),
  ]);
  // each group: saddle's rows first, the peer last
  const speed = pairs(results).map((g) => {
    const peer = g[g.length - 1];
    return `${key(g[0])}: ${g.slice(0, -1).map((ours) => faster(ours.contender, ours.ms.median, peer.contender, peer.ms.median)).join(', ')}`;
  });
  const tfjs = results.rows.filter((r) => r.contender === 'tfjs-wasm');
  const saddleRows = results.rows.filter((r) => r.contender.startsWith('saddle') && r.metric !== 'FID');
  const bounds = results.rows.filter((r) => r.errorBound !== undefined);
  return {
    table: [
      table(['metric, n×d per side', 'contender', 'precision', 'ms: median (min–max)', 'value', 'relative error vs exact f64'], rows),
      '',
      `Median of ${results.setup.rounds} interleaved rounds after a warm-up. Ratios of median times: ${speed.join('; ')}.`,
      `tfjs computes in f32 and loses digits to cancellation in ‖x‖² + ‖y‖² − 2x·y: its relative error is ${sig(Math.min(...tfjs.map((r) => r.relativeError)), 2)}–${sig(Math.max(...tfjs.map((r) => r.relativeError)), 2)} here, against saddle's ${sig(Math.max(...saddleRows.map((r) => r.relativeError)), 2)} at most.`,
      ...(bounds.length ? [`saddle gemm's guaranteed error bound relative to the value (docs/metrics.md, the fast path): ${bounds.map((r) => `${key(r)} ${sig(r.errorBound / Math.abs(r.value), 2)}`).join('; ')}.`] : []),
      provenance(results),
    ].join('\n'),
    summary: pairs(results).filter((g) => g[0].metric !== 'FID').map((g) => {
      const ours = g[0], peer = g[g.length - 1];
      return `- ${key(ours)}: ${ours.contender} ${sig(ours.ms.median, 3)} ms (relative error ${sig(ours.relativeError, 1)}), tfjs-wasm's fastest formulation ${sig(peer.ms.median, 3)} ms (f32, relative error ${sig(peer.relativeError, 1)}); ${faster(ours.contender, ours.ms.median, 'tfjs', peer.ms.median)}`;
    }).join('\n'),
  };
}
