// The claims figure (claims.svg of `saddle claims --out DIR`, and docs/claims.svg): one panel
// per claim with trajectories, ‖z_k − z*‖/‖z₀ − z*‖ against k on a log axis, with a line at 1
// (no progress). Panels of one claim group share the y scale, so a ±1% wobble stays small
// next to a claim that converges by ten decades.

import type { TopLevelSpec } from 'vega-lite';
import { smallMultiples, type Panel } from '../charts/specs.js';
import { toSvg } from '../charts/render.js';
import { CLAIMS, type ClaimResult } from '../minimax/claims.js';

/** Ratios below this are drawn at it: a trajectory that reached z* exactly stays on the chart. */
const FLOOR = 1e-12;

/** The figure's Vega-Lite spec: the claims that recorded trajectories, in their order. */
export function claimsFigure(results: readonly ClaimResult[]): TopLevelSpec {
  const group = new Map(CLAIMS.map((c) => [c.id, c.group]));
  const panels: Panel[] = results.filter((r) => r.series.length > 0).map((r) => ({
    // words, not ✓/✗: the bundled PNG font has no such glyphs
    title: `${r.id}: ${r.verdict}`,
    family: group.get(r.id) ?? r.id,
    series: r.series.map((s) => ({
      name: s.label,
      x: s.steps,
      y: s.distances.map((d) => Math.max(d / s.distances[0], FLOOR)),
    })),
  }));
  return smallMultiples({
    title: 'Claims: distance to the solution over the iterations',
    subtitle: `‖z_k − z*‖ / ‖z₀ − z*‖, log axis, floored at ${FLOOR}; the line at 1 is no progress; one y scale per claim group`,
    x: { name: 'iteration', format: 'si' },
    y: { name: 'distance to z*, relative to the start', scale: 'log' },
    panels,
    zeroLine: true,
  });
}

/** The figure as a standalone SVG document. */
export function claimsFigureSvg(results: readonly ClaimResult[]): Promise<string> {
  return toSvg(claimsFigure(results));
}
