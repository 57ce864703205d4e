// Kernel inception distance (Bińkowski et al., "Demystifying MMD GANs", ICLR 2018): the
// unbiased MMD² with the polynomial kernel k(x, y) = (x·y/d + 1)³, averaged over random
// subsets, with the subset protocols of torch-fidelity and clean-fid, and a full-set variant.

import type { Saddle } from '../wasm/instance.js';
import { Described, SaddleArgumentError } from '../errors.js';
import { splitSeed } from '../rng.js';
import { Scratch, checkSameDim, loadPoints, statsExports, type Matrix, type Points } from './common.js';
import { kidOptionsSchema, metricOptions } from './schemas.js';
import { mmd2ByMethod, type MmdMethod, type ResolvedKernel } from './mmd.js';

/**
 * torch-fidelity: `subsets` (default 100) draws of `subsetSize` (default 1000) rows without
 *   replacement from each set; subsetSize larger than either set is an error.
 * clean-fid: the same with subset size m = min(n_x, n_y, subsetSize) (clean-fid's
 *   max_subset_size); its t/m formula equals the unbiased MMD² below.
 * full: one unbiased MMD² over all rows (deterministic, no sampling; std 0).
 */
export type KidProtocol = 'torch-fidelity' | 'clean-fid' | 'full';

export interface KidOptions {
  /** Default 'torch-fidelity'. */
  protocol?: KidProtocol;
  /** Number of subsets, default 100. */
  subsets?: number;
  /** Subset size (clean-fid: its maximum), default 1000. */
  subsetSize?: number;
  /** Seed of the Philox stream that draws the subsets (bindings/rng.ts), default 0. */
  seed?: number | bigint;
  /**
   * Explicit subsets instead of drawing them: row indices of x and of y per subset (each a
   * list of distinct indices of one common size >= 2). Overrides subsets/subsetSize/seed.
   */
  indices?: { x: ReadonlyArray<ArrayLike<number>>; y: ReadonlyArray<ArrayLike<number>> };
  /** As mmd()'s method (default 'exact'); 'gemm' adds `errorBound`. */
  method?: MmdMethod;
}

export interface KidResult {
  /** mean of the per-subset unbiased MMD² values */
  mean: number;
  /** their standard deviation with ddof = 0 (np.std, as torch-fidelity reports it) */
  std: number;
  /** the per-subset values */
  values: Float64Array;
  subsetSize: number;
  protocol: KidProtocol;
  /** when every subset ran the fast path: |mean − its exact-arithmetic value| <= errorBound (the mean of the subsets' bounds) */
  errorBound?: number;
}

/** splitSeed's check, naming options.seed. */
function kidSeed(fn: string, seed: unknown): [number, number] {
  try {
    return splitSeed(fn, seed);
  } catch (error) {
    if (error instanceof SaddleArgumentError) throw new SaddleArgumentError(fn, 'options.seed', 'an integer in [0, 2^53) or a bigint in [0, 2^64)', seed);
    throw error;
  }
}

/** The unbiased MMD² with k = (x·y/d + 1)³ of two checked sets (Bińkowski et al. Eq. 3). */
function kidValue(sd: Saddle, px: Points, py: Points, scratch: Scratch, method: MmdMethod): { mmd2: number; errorBound?: number } {
  const kernel: ResolvedKernel = { kind: 'polynomial', degree: 3, gamma: 1 / px.cols, coef0: 1 };
  return mmd2ByMethod(sd, px, py, kernel, 'unbiased', method, scratch, 'kid');
}

/**
 * KID between feature sets x (n×d) and y (m×d). Each subset value is
 *   MMD²_u = Σ_{i≠j} k(x_i, x_j)/(s(s−1)) + Σ_{i≠j} k(y_i, y_j)/(s(s−1)) − 2 Σ_ij k(x_i, y_j)/s²
 * with k(a, b) = (a·b/d + 1)³ over the s rows drawn for that subset, in f64.
 * Subsets are drawn by saddle's Philox RNG (partial Fisher–Yates, x's rows then y's per
 * subset), so for the same seed the result is reproducible everywhere, but it matches
 * torch-fidelity or clean-fid (numpy's RNG) only in distribution; with the same subset
 * `indices` the per-subset values match to rounding.
 * @example
 * const sd = await loadSaddle();
 * const r = kid(sd, real, fake, { protocol: 'torch-fidelity', subsets: 100, subsetSize: 1000, seed: 0 });
 * console.log(r.mean, r.std);
 */
export function kid(sd: Saddle, x: Matrix, y: Matrix, options: KidOptions = {}): KidResult {
  const fn = 'kid';
  const o = metricOptions<KidOptions>(fn, kidOptionsSchema, options);
  const protocol = o.protocol ?? 'torch-fidelity';
  const method = o.method ?? 'exact';
  const scratch = new Scratch(sd);
  try {
    const px = loadPoints(fn, 'x', sd, x, scratch, 2), py = loadPoints(fn, 'y', sd, y, scratch, 2);
    checkSameDim(fn, px, 'y', py);
    if (protocol === 'full') {
      const r = kidValue(sd, px, py, scratch, method);
      return { mean: r.mmd2, std: 0, values: Float64Array.of(r.mmd2), subsetSize: Math.min(px.rows, py.rows), protocol,
        ...(r.errorBound !== undefined ? { errorBound: r.errorBound } : {}) };
    }
    const ex = statsExports(sd);
    const d = px.cols;
    let subsets: number, size: number;
    let explicit: { x: ReadonlyArray<ArrayLike<number>>; y: ReadonlyArray<ArrayLike<number>> } | undefined;
    if (o.indices !== undefined) {
      explicit = o.indices;
      if (explicit === null || typeof explicit !== 'object' || !Array.isArray(explicit.x) || !Array.isArray(explicit.y)
        || explicit.x.length === 0 || explicit.x.length !== explicit.y.length) {
        throw new SaddleArgumentError(fn, 'options.indices', '{ x, y }: equally many (>= 1) index lists', explicit);
      }
      subsets = explicit.x.length;
      size = explicit.x[0]?.length;
      if (!(size >= 2)) throw new SaddleArgumentError(fn, 'options.indices', 'index lists of at least 2 rows', new Described(`${size}`));
    } else {
      subsets = o.subsets ?? 100;
      size = o.subsetSize ?? 1000;
      if (protocol === 'clean-fid') size = Math.min(size, px.rows, py.rows);
      else if (size > px.rows || size > py.rows) {
        throw new SaddleArgumentError(fn, 'options.subsetSize', `at most the size of each set (${Math.min(px.rows, py.rows)}) for the torch-fidelity protocol`, size);
      }
    }
    const [seedLo, seedHi] = kidSeed(fn, o.seed ?? 0);
    const words = scratch.u32(size);
    const perm = scratch.i32(Math.max(px.rows, py.rows));
    const idx = scratch.i32(size);
    const sx = scratch.f32(size * d), sy = scratch.f32(size * d);
    const subX: Points = { ptr: sx.ptr, rows: size, cols: d }, subY: Points = { ptr: sy.ptr, rows: size, cols: d };
    const values = new Float64Array(subsets);
    let counter = 0;
    let bound: number | undefined = 0;
    const gather = (p: Points, name: string, list: ArrayLike<number> | undefined, out: Points): void => {
      if (list !== undefined) {
        if (list == null || list.length !== size) throw new SaddleArgumentError(fn, `options.indices.${name}`, `index lists of ${size} rows each`, list);
        const seen = new Set<number>();
        for (let i = 0; i < size; i++) {
          const v = list[i];
          if (!Number.isInteger(v) || v < 0 || v >= p.rows || seen.has(v)) {
            throw new SaddleArgumentError(fn, `options.indices.${name}`, `distinct integers in [0, ${p.rows})`, v);
          }
          seen.add(v);
        }
        idx.set(list);
      } else {
        // ⌈size/4⌉ Philox blocks per draw, one stream, counter continuing
        sd.exports.rng_u32(words.ptr, size, seedLo, seedHi, 0, 0, counter % 4294967296, Math.floor(counter / 4294967296));
        counter += Math.ceil(size / 4);
        ex.sample_subset_i32(words.ptr, p.rows, size, perm.ptr, idx.ptr);
      }
      sd.exports.gather_rows_f32(p.ptr, p.rows, d, idx.ptr, size, out.ptr);
    };
    for (let s = 0; s < subsets; s++) {
      gather(px, 'x', explicit?.x[s], subX);
      gather(py, 'y', explicit?.y[s], subY);
      const r = kidValue(sd, subX, subY, scratch, method);
      values[s] = r.mmd2;
      bound = r.errorBound === undefined || bound === undefined ? undefined : bound + r.errorBound / subsets;
    }
    let mean = 0;
    for (const v of values) mean += v;
    mean /= subsets;
    let sq = 0;
    for (const v of values) sq += (v - mean) * (v - mean);
    return { mean, std: Math.sqrt(sq / subsets), values, subsetSize: size, protocol, ...(bound !== undefined ? { errorBound: bound } : {}) };
  } finally {
    scratch.dispose();
  }
}
