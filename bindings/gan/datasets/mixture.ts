// The Gaussian-mixture model behind every mixture preset and gaussianMixture(): means,
// weights and each component's noise (isotropic, per-axis or a Cholesky factor), and the
// curve model of the presets that are not mixtures.

import { Described, SaddleArgumentError } from '../../errors.js';
import { F32_MAX, MAX_VALUES, checkVector, isArrayLike, isObject } from './dataset.js';

export type Noise =
  | { kind: 'iso'; std: number }
  | { kind: 'diag'; std: Float64Array }
  /** x = μ + L z with L lower triangular (dim × dim, row-major): the Cholesky factor of the covariance. */
  | { kind: 'chol'; lower: Float64Array };

export interface Mixture {
  name: string;
  source: string;
  dim: number;
  means: Float64Array;
  weights: Float64Array;
  /** Running sums of the weights; the last is exactly 1. Component c is chosen when u < cumulative[c]. */
  cumulative: Float64Array;
  noise: Noise[];
  /** Rows are assigned in blocks of `modes` rows, each block a random permutation of the components. */
  stratified: boolean;
}

/** A validated Gaussian mixture (from gaussianMixture), accepted by `dataset` like a preset. */
export class MixtureSpec {
  readonly name: string;
  readonly dim: number;
  readonly modes: number;
  /** @internal */
  readonly mixture: Mixture;
  /** @internal use gaussianMixture() */
  constructor(mixture: Mixture) {
    this.mixture = mixture;
    this.name = mixture.name;
    this.dim = mixture.dim;
    this.modes = mixture.weights.length;
  }
}

export function makeMixture(parts: {
  name: string; source: string; means: ArrayLike<number>[]; weights?: ArrayLike<number>; noise: Noise[]; stratified?: boolean;
}): Mixture {
  const k = parts.means.length, dim = parts.means[0].length;
  const means = new Float64Array(k * dim);
  parts.means.forEach((m, c) => means.set(Array.from(m), c * dim));
  const raw = parts.weights ? Float64Array.from(parts.weights) : new Float64Array(k).fill(1);
  let total = 0;
  for (const w of raw) total += w;
  const weights = raw.map((w) => w / total);
  const cumulative = new Float64Array(k);
  let run = 0;
  for (let c = 0; c < k; c++) {
    run += raw[c];
    cumulative[c] = run / total;
  }
  cumulative[k - 1] = 1;
  return { name: parts.name, source: parts.source, dim, means, weights, cumulative, noise: parts.noise, stratified: parts.stratified ?? false };
}

export const iso = (std: number, k: number): Noise[] => Array.from({ length: k }, () => ({ kind: 'iso' as const, std }));

/** A preset that is not a mixture: one uniform u and two normals (z0, z1) per row. */
export interface Curve {
  name: string;
  source: string;
  /** The point of row `row` from its uniform u in [0, 1) and normals z0, z1. */
  point(row: number, u: number, z0: number, z1: number, out: Float32Array, at: number): void;
}

export interface GaussianMixtureOptions {
  /** The component means: K arrays of dim numbers (K >= 1, dim >= 1). */
  means: ArrayLike<ArrayLike<number>>;
  /**
   * Isotropic or diagonal noise: one std for every component and axis, K stds (one per
   * component), or K arrays of dim stds (per component and axis). Stds are >= 0.
   */
  std?: number | ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  /** Full covariances instead of `std`: K symmetric positive definite dim × dim matrices (arrays of rows). */
  covariances?: ArrayLike<ArrayLike<ArrayLike<number>>>;
  /** Mixing weights (>= 0, not all 0; normalized to sum 1). Default uniform. */
  weights?: ArrayLike<number>;
  /** The dataset's name. Default 'gaussian-mixture'. */
  name?: string;
}

/** Lower-triangular L with L Lᵀ = a (dim × dim, row-major), or undefined when a is not positive definite. */
function cholesky(a: Float64Array, dim: number): Float64Array | undefined {
  const l = new Float64Array(dim * dim);
  for (let j = 0; j < dim; j++) {
    let d = a[j * dim + j];
    for (let k = 0; k < j; k++) d -= l[j * dim + k] ** 2;
    if (!(d > 0)) return undefined;
    const ljj = Math.sqrt(d);
    l[j * dim + j] = ljj;
    for (let i = j + 1; i < dim; i++) {
      let s = a[i * dim + j];
      for (let k = 0; k < j; k++) s -= l[i * dim + k] * l[j * dim + k];
      l[i * dim + j] = s / ljj;
    }
  }
  return l;
}

/**
 * A d-dimensional Gaussian mixture Σ_k w_k N(μ_k, Σ_k), for `dataset(sd, mixture, { rows, seed })`.
 * A row draws its component from the weights (one uniform u: the first k with
 * u < w_1 + … + w_k) and then x = μ_k + σ_k ⊙ z (std) or x = μ_k + L_k z with L_k L_kᵀ = Σ_k
 * (Cholesky, for covariances), z ~ N(0, I_d) from saddle's RNG.
 *
 * @example
 * const mix = gan.gaussianMixture({ means: [[0, 0], [3, 0]], covariances: [[[1, 0.5], [0.5, 1]], [[0.2, 0], [0, 0.2]]], weights: [1, 3] });
 * const ds = gan.dataset(sd, mix, { rows: 1000, seed: 7 });   // ds.modes = [0, 0, 3, 0], ds.weights = [0.25, 0.75]
 */
export function gaussianMixture(options: GaussianMixtureOptions): MixtureSpec {
  const fn = 'gaussianMixture';
  if (!isObject(options)) throw new SaddleArgumentError(fn, 'options', 'an object { means, std | covariances, weights?, name? }', options);
  const o: Record<string, unknown> = { ...options };
  if (!isArrayLike(o.means) || o.means.length < 1) {
    throw new SaddleArgumentError(fn, 'means', 'a non-empty array of mean vectors (arrays of numbers)', o.means);
  }
  const k = o.means.length;
  const first = o.means[0];
  if (!isArrayLike(first) || first.length < 1) throw new SaddleArgumentError(fn, 'means[0]', 'a non-empty array of numbers', first);
  const dim = first.length;
  if (k * dim > MAX_VALUES) throw new SaddleArgumentError(fn, 'means', 'at most 2^28 numbers in all', new Described(`${k} × ${dim}`));
  const means = Array.from(o.means as ArrayLike<unknown>, (m, c) => checkVector(fn, `means[${c}]`, m, dim));

  if ((o.std === undefined) === (o.covariances === undefined)) {
    throw new SaddleArgumentError(fn, o.std === undefined ? 'std' : 'covariances',
      'exactly one of std and covariances', new Described(o.std === undefined ? 'neither' : 'both'));
  }
  let noise: Noise[];
  if (o.std !== undefined) {
    const std = o.std;
    if (typeof std === 'number') {
      if (!Number.isFinite(std) || std < 0 || std > F32_MAX) throw new SaddleArgumentError(fn, 'std', 'a finite number >= 0 within the f32 range', std);
      noise = iso(std, k);
    } else if (isArrayLike(std) && std.length === k && typeof std[0] === 'number') {
      noise = checkVector(fn, 'std', std, k, 0).map((s) => ({ kind: 'iso' as const, std: s }));
    } else if (isArrayLike(std) && std.length === k && isArrayLike(std[0])) {
      noise = Array.from(std as ArrayLike<unknown>, (s, c) => ({ kind: 'diag' as const, std: Float64Array.from(checkVector(fn, `std[${c}]`, s, dim, 0)) }));
    } else {
      throw new SaddleArgumentError(fn, 'std', `a number, ${k} numbers (one per component) or ${k} arrays of ${dim} numbers`, std);
    }
  } else {
    const cov = o.covariances;
    if (!isArrayLike(cov) || cov.length !== k) {
      throw new SaddleArgumentError(fn, 'covariances', `${k} matrices of ${dim} × ${dim} (one per component)`, cov);
    }
    noise = Array.from(cov as ArrayLike<unknown>, (matrix, c) => {
      const name = `covariances[${c}]`;
      if (!isArrayLike(matrix) || matrix.length !== dim) throw new SaddleArgumentError(fn, name, `a ${dim} × ${dim} matrix (an array of ${dim} rows)`, matrix);
      const a = new Float64Array(dim * dim);
      Array.from(matrix as ArrayLike<unknown>).forEach((row, i) => a.set(checkVector(fn, `${name}[${i}]`, row, dim), i * dim));
      let scale = 0;
      for (const x of a) scale = Math.max(scale, Math.abs(x));
      for (let i = 0; i < dim; i++) {
        for (let j = 0; j < i; j++) {
          if (Math.abs(a[i * dim + j] - a[j * dim + i]) > 1e-12 * scale) {
            throw new SaddleArgumentError(fn, name, 'a symmetric matrix',
              new Described(`entries [${i}][${j}] = ${a[i * dim + j]} and [${j}][${i}] = ${a[j * dim + i]}`));
          }
        }
      }
      const lower = cholesky(a, dim);
      if (!lower) {
        throw new SaddleArgumentError(fn, name, 'positive definite (for a degenerate component use std with zeros)',
          new Described('a matrix whose Cholesky factorization fails'));
      }
      return { kind: 'chol' as const, lower };
    });
  }
  let weights: number[] | undefined;
  if (o.weights !== undefined) {
    weights = checkVector(fn, 'weights', o.weights, k, 0, true);
    const total = weights.reduce((a, b) => a + b, 0);
    if (!(total > 0) || !Number.isFinite(total)) {
      throw new SaddleArgumentError(fn, 'weights', 'weights with a positive finite sum', new Described(total > 0 ? `a sum of ${total}` : 'all zero'));
    }
  }
  const name = o.name === undefined ? 'gaussian-mixture' : o.name;
  if (typeof name !== 'string') throw new SaddleArgumentError(fn, 'name', 'a string', name);
  return new MixtureSpec(makeMixture({ name, source: 'gaussianMixture', means, weights, noise }));
}
