// k-NN manifold metrics: improved precision and recall (Kynkäänniemi et al., "Improved
// precision and recall metric for assessing generative models", NeurIPS 2019) and density
// and coverage (Naeem et al., "Reliable fidelity and diversity metrics for generative
// models", ICML 2020). Distances are Euclidean; a point's radius is the distance to its
// k-th nearest neighbour in its own set, excluding itself.

import type { Saddle } from '../wasm/instance.js';
import { Described, SaddleArgumentError } from '../errors.js';
import { metricOptions, neighboursOptionsSchema } from './schemas.js';
import { Scratch, TILE, checkSameDim, loadPoints, rowNorms, statsExports, type Matrix, type Points } from './common.js';

const PRECISION_RECALL_OPTIONS = neighboursOptionsSchema(3), DENSITY_COVERAGE_OPTIONS = neighboursOptionsSchema(5);

function checkK(fn: string, k: unknown, p: Points, name: string, path = 'k'): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) throw new SaddleArgumentError(fn, path, 'an integer >= 1', k);
  if (p.rows <= k) throw new SaddleArgumentError(fn, `${name}.rows`, `more than ${path} = ${k} points`, new Described(`${p.rows}`));
  return k;
}

/** Squared k-NN radii (in scratch) and row norms of a checked set. */
function radii2(sd: Saddle, p: Points, k: number, scratch: Scratch) {
  const norms = rowNorms(sd, p, scratch);
  const out = scratch.f64(p.rows);
  statsExports(sd).knn_sqradii_f32(p.ptr, p.rows, p.cols, k, norms.ptr, scratch.f64(TILE * TILE).ptr, scratch.f64(TILE * k).ptr, out.ptr);
  return { norms, rad2: out };
}

/** counts[j] = #{i : ‖r_i − q_j‖ < radius_i}, minDist2[i] = min_j ‖r_i − q_j‖². */
function ballCounts(sd: Saddle, r: Points, rr: ReturnType<typeof radii2>, q: Points, qNorms: number, scratch: Scratch) {
  const counts = scratch.i32(q.rows), minD = scratch.f64(r.rows);
  statsExports(sd).ball_counts_f32(r.ptr, r.rows, q.ptr, q.rows, r.cols, rr.rad2.ptr, rr.norms.ptr, qNorms,
    scratch.f64(TILE * TILE).ptr, counts.ptr, minD.ptr);
  return { counts: counts.toArray(), minDist2: minD.toArray() };
}

/**
 * Distance from each row of x to its k-th nearest neighbour among the other rows.
 * @example
 * const sd = await loadSaddle();
 * knnRadii(sd, { data: [0, 1, 3], rows: 3, cols: 1 }, 1); // Float64Array [1, 1, 2]
 */
export function knnRadii(sd: Saddle, x: Matrix, k: number): Float64Array {
  const fn = 'knnRadii';
  const scratch = new Scratch(sd);
  try {
    const p = loadPoints(fn, 'x', sd, x, scratch);
    const r = radii2(sd, p, checkK(fn, k, p, 'x'), scratch).rad2.toArray();
    return r.map(Math.sqrt);
  } finally {
    scratch.dispose();
  }
}

export interface PrecisionRecallOptions { /** neighbours for the radii, default 3 */ k?: number }

/**
 * Improved precision and recall with k-NN radii (default k = 3, as the paper):
 *   precision = (1/m) Σ_j 1[∃ i : ‖y_j − x_i‖ < r_k(x_i)]   (fake rows y inside the real manifold)
 *   recall    = (1/n) Σ_i 1[∃ j : ‖x_i − y_j‖ < r_k(y_j)]   (real rows x inside the fake manifold)
 * with r_k(p) the distance from p to its k-th nearest neighbour in its own set (self
 * excluded). Strict '<' as in Naeem et al.'s reference code; the original code uses '<='
 * (different only on exact ties).
 * @example
 * const sd = await loadSaddle();
 * precisionRecall(sd, real, fake, { k: 3 }); // { precision, recall } in [0, 1]
 */
export function precisionRecall(sd: Saddle, real: Matrix, fake: Matrix, options: PrecisionRecallOptions = {}): { precision: number; recall: number } {
  const fn = 'precisionRecall';
  const k = metricOptions<Required<PrecisionRecallOptions>>(fn, PRECISION_RECALL_OPTIONS, options).k;
  const scratch = new Scratch(sd);
  try {
    const x = loadPoints(fn, 'real', sd, real, scratch), y = loadPoints(fn, 'fake', sd, fake, scratch);
    checkSameDim(fn, x, 'fake', y);
    checkK(fn, k, x, 'real', 'options.k');
    checkK(fn, k, y, 'fake', 'options.k');
    const rx = radii2(sd, x, k, scratch), ry = radii2(sd, y, k, scratch);
    const p = ballCounts(sd, x, rx, y, ry.norms.ptr, scratch).counts;
    const r = ballCounts(sd, y, ry, x, rx.norms.ptr, scratch).counts;
    let inReal = 0, inFake = 0;
    for (const c of p) if (c > 0) inReal++;
    for (const c of r) if (c > 0) inFake++;
    return { precision: inReal / y.rows, recall: inFake / x.rows };
  } finally {
    scratch.dispose();
  }
}

/**
 * Density and coverage (default k = 5, as the paper), with r_k(x_i) the real k-NN radii:
 *   density  = (1/(k m)) Σ_j Σ_i 1[‖y_j − x_i‖ < r_k(x_i)]
 *   coverage = (1/n) Σ_i 1[min_j ‖x_i − y_j‖ < r_k(x_i)]
 * Density can exceed 1.
 * @example
 * const sd = await loadSaddle();
 * densityCoverage(sd, real, fake); // { density, coverage }
 */
export function densityCoverage(sd: Saddle, real: Matrix, fake: Matrix, options: PrecisionRecallOptions = {}): { density: number; coverage: number } {
  const fn = 'densityCoverage';
  const o = metricOptions<Required<PrecisionRecallOptions>>(fn, DENSITY_COVERAGE_OPTIONS, options);
  const scratch = new Scratch(sd);
  try {
    const x = loadPoints(fn, 'real', sd, real, scratch), y = loadPoints(fn, 'fake', sd, fake, scratch);
    checkSameDim(fn, x, 'fake', y);
    const k = checkK(fn, o.k, x, 'real', 'options.k');
    const rx = radii2(sd, x, k, scratch);
    const { counts, minDist2 } = ballCounts(sd, x, rx, y, rowNorms(sd, y, scratch).ptr, scratch);
    const rad2 = rx.rad2.toArray();
    let total = 0, covered = 0;
    for (const c of counts) total += c;
    for (let i = 0; i < x.rows; i++) if (minDist2[i] < rad2[i]) covered++;
    return { density: total / (k * y.rows), coverage: covered / x.rows };
  } finally {
    scratch.dispose();
  }
}
