// The run folder's charts as Vega-Lite specs (bindings/charts/specs.ts): data vs samples, σ(D)
// with the generator's gradient arrows, losses, gradient norms, learning rates with the
// rollbacks, penalties, mode coverage and the distances to held-out data. Each chart stands
// alone (title, axis names with units, legend); train.ts renders them to SVG and 2x PNG.

import type { TopLevelSpec } from 'vega-lite';
import { heatmap, lineChart, PALETTE, scatter, type Rule, type Series } from '../charts/specs.js';
import type { TrainingHistory } from '../gan/history.js';
import { REGULARIZERS } from '../gan/regularizers.js';
import type { Evaluation } from './report.js';

/** A chart of the run: its PNG file name, title, caption and spec(s) (several: a smoothing control). */
export interface RunChart {
  file: string;
  title: string;
  caption: string;
  spec: TopLevelSpec;
  /** the same chart at other smoothing weights, for the report's control (the PNG uses `spec`) */
  variants?: Array<{ label: string; spec: TopLevelSpec }>;
}

/** A square window around every finite point, padded by 5%. */
export function squareBounds(...sets: ArrayLike<number>[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const points of sets) for (let i = 0; i < points.length; i++) { const v = points[i]; if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }
  if (!(hi > lo)) { lo = -1; hi = 1; }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

const ITERATION = { name: 'iteration', format: 'si' } as const;
const X1 = { name: 'x₁' }, X2 = { name: 'x₂' };

/** Data (grey), mode centres (blue) and generated samples (red) on one square window. */
export function samplesChart(r: { data: ArrayLike<number>; samples: ArrayLike<number>; centres?: ArrayLike<number>; ema: boolean; title?: string; size?: number }): TopLevelSpec {
  const n = r.samples.length / 2, m = r.data.length / 2;
  const domain = squareBounds(r.data, r.samples, r.centres ?? []);
  return scatter({
    title: r.title ?? 'Data and samples', subtitle: `${m} data points, ${n} samples of the ${r.ema ? 'EMA' : 'raw'} generator`,
    x: { ...X1, domain }, y: { ...X2, domain }, size: r.size,
    points: [
      ...(r.centres ? [{ name: 'mode centres', xy: r.centres, color: PALETTE.centres, opacity: 0.35, radius: 5 }] : []),
      { name: 'data', xy: r.data, color: PALETTE.data, opacity: 0.35, radius: 1.2 },
      { name: `samples (${r.ema ? 'EMA' : 'raw'} G)`, xy: r.samples, color: PALETTE.samples, opacity: 0.45, radius: 1.4 },
    ],
  });
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * σ(D) on a grid, the samples (fakes) under the data, and the generator-side gradient at each
 * sample as a segment (−∂ℓ_G/∂x, the longest scaled to 6% of the window).
 */
export function discriminatorChart(r: {
  bounds: [number, number]; grid: number; logits: ArrayLike<number>; samples: ArrayLike<number>; arrows: ArrayLike<number>; data: ArrayLike<number>; ema: boolean;
}): TopLevelSpec {
  const [lo, hi] = r.bounds;
  let longest = 0;
  for (let i = 0; i + 1 < r.arrows.length; i += 2) longest = Math.max(longest, Math.hypot(r.arrows[i], r.arrows[i + 1]));
  const k = longest > 0 ? (0.06 * (hi - lo)) / longest : 0;
  const values = Float64Array.from(r.logits, sigmoid);
  return heatmap({
    title: 'Discriminator σ(D) and generator gradients',
    subtitle: `samples of the ${r.ema ? 'EMA' : 'raw'} generator (as in samples.png) with −∂ℓ_G/∂x, longest 6% of the window`,
    x: X1, y: X2, grid: { values, nx: r.grid, ny: r.grid, x0: lo, x1: hi, y0: lo, y1: hi },
    colour: { name: 'σ(D(x)): 1 = judged real' },
    arrows: { name: 'G gradient', xy: r.samples, dxy: Float64Array.from(r.arrows, (v) => k * v) },
    points: [
      { name: `samples (${r.ema ? 'EMA' : 'raw'} G)`, xy: r.samples, color: PALETTE.samples, opacity: 0.7, radius: 1.8 },
      { name: 'data', xy: r.data, color: PALETTE.data, opacity: 0.4, radius: 1.1 },
    ],
  });
}

/** The smoothing weights the report offers for the loss curves; the PNG uses 0.9. */
export const SMOOTHING = [0, 0.6, 0.9, 0.99] as const;

/** Every chart of the history and the evaluations. */
export function historyCharts(h: TrainingHistory, evaluations: Evaluation[], o: { loss: string; totalModes?: number }): RunChart[] {
  const charts: RunChart[] = [];
  const x = h.iteration, s = h.series;
  const line = (name: string, key: string, color?: string): Series[] => (s[key] ? [{ name, x, y: s[key], color }] : []);
  const rollbacks: Rule[] = h.rollbacks.map((r) => ({ at: r.iteration, label: `rollback (${r.quantity})` }));
  const nonSaturating = o.loss === 'nonSaturating';
  const losses = (w: number) => lineChart({
    title: 'Losses', subtitle: nonSaturating ? 'dashed: the equilibrium values 2 ln 2 (D) and ln 2 (G)' : undefined,
    x: ITERATION, y: { name: 'loss', unit: 'nats' }, smoothing: w, xRules: rollbacks,
    yRules: nonSaturating ? [{ at: 2 * Math.LN2, label: '2 ln 2' }, { at: Math.LN2, label: 'ln 2' }] : undefined,
    series: [...line('D loss', 'dLoss', PALETTE.series[0]), ...line('G loss', 'gLoss', PALETTE.series[1])],
  });
  const lossVariants = SMOOTHING.map((w) => ({ label: w === 0 ? 'none' : String(w), spec: losses(w) }));
  charts.push({
    file: 'losses.png', title: 'Losses', spec: lossVariants[SMOOTHING.indexOf(0.9)].spec,
    variants: lossVariants,
    caption: `Discriminator and generator loss at each recorded iteration (${x.length} entries), bucket means of at most 500 points; the PNG is smoothed with an EMA of weight 0.9, the raw lines faint behind.`,
  });
  const norms = [...line('D gradient norm', 'dGradNorm'), ...line('G gradient norm', 'gGradNorm')];
  if (norms.length) {
    charts.push({
      file: 'gradients.png', title: 'Gradient norms', caption: "The Euclidean norm of each network's loss gradient over all its parameters, log axis, smoothed (EMA 0.9).",
      spec: lineChart({ title: 'Gradient norms', x: ITERATION, y: { name: '‖∇θ ℓ‖', unit: 'L2 norm', scale: 'log' }, series: norms, smoothing: 0.9, xRules: rollbacks }),
    });
  }
  const rates = [...line('D learning rate', 'dLr'), ...line('G learning rate', 'gLr')];
  if (rates.length) {
    charts.push({
      file: 'learning-rates.png', title: 'Learning rates',
      caption: `The step size of each optimizer after its schedule and the rollback scale, log axis; dashed verticals mark the ${h.rollbacks.length} numeric rollbacks.`,
      spec: lineChart({ title: 'Learning rates', subtitle: `${h.rollbacks.length} numeric rollbacks`, x: ITERATION, y: { name: 'learning rate', scale: 'log' }, series: rates, xRules: rollbacks }),
    });
  }
  // a regularizer's history series is named as the regularizer (those without a penalty term have none)
  const penalties = REGULARIZERS.names.flatMap((k) => line(k, k));
  if (penalties.length) {
    charts.push({
      file: 'penalties.png', title: 'Penalties', caption: "Each active regularizer's penalty term before its weight, smoothed (EMA 0.9).",
      spec: lineChart({ title: 'Penalties', x: ITERATION, y: { name: 'penalty', unit: 'unweighted' }, series: penalties, smoothing: 0.9, xRules: rollbacks }),
    });
  }
  const ex = evaluations.map((e) => e.iteration);
  if (o.totalModes && evaluations.length > 1) {
    const last = evaluations[evaluations.length - 1];
    charts.push({
      file: 'metrics.png', title: 'Mode coverage and sample quality',
      caption: `Fraction of the ${o.totalModes} modes covered and of high-quality samples (within 3σ of a mode) at each evaluation.`,
      spec: lineChart({
        title: 'Mode coverage and sample quality', x: ITERATION, y: { name: 'fraction', format: 'percent', domain: [0, 1] }, points: true,
        series: [
          { name: `modes covered (final ${last.modes} of ${o.totalModes})`, x: ex, y: evaluations.map((e) => e.modes / o.totalModes!), color: PALETTE.series[2] },
          { name: `high-quality samples (final ${(100 * last.highQuality).toFixed(1)}%)`, x: ex, y: evaluations.map((e) => e.highQuality), color: PALETTE.series[3] },
        ],
      }),
    });
  }
  const withDistances = evaluations.filter((e) => Number.isFinite(e.sinkhorn) && Number.isFinite(e.mmd2));
  if (withDistances.length > 1) {
    const dx = withDistances.map((e) => e.iteration), last = withDistances[withDistances.length - 1];
    charts.push({
      file: 'distances.png', title: 'Distances to held-out data',
      caption: "Debiased Sinkhorn divergence S_ε (squared Euclidean cost, ε = 0.05 × the data's total variance) and unbiased MMD² (RBF kernel, median bandwidth) between samples and held-out data at each evaluation: absolute values on a log axis (an unbiased MMD² ≤ 0 cannot be drawn there; the subtitle counts them).",
      spec: lineChart({
        title: 'Distances to held-out data', x: ITERATION, y: { name: 'divergence', unit: 'S_ε: data units², MMD²: 1', scale: 'log' }, points: true,
        series: [
          { name: `Sinkhorn S_ε (final ${last.sinkhorn!.toPrecision(3)})`, x: dx, y: withDistances.map((e) => e.sinkhorn!), color: PALETTE.series[0] },
          { name: `MMD² (final ${last.mmd2!.toPrecision(3)})`, x: dx, y: withDistances.map((e) => e.mmd2!), color: PALETTE.series[1] },
        ],
      }),
    });
  }
  return charts;
}
