// Maximum mean discrepancy (Gretton et al., "A kernel two-sample test", JMLR 13, 2012) and
// the energy distance (Székely & Rizzo 2004). The estimators are pure functions of kernel
// sums (mmd2FromSums); the sums come from one WASM call per pair of sets.

import type { Saddle } from '../wasm/instance.js';
import { WasmArray } from '../wasm/array.js';
import { Described, SaddleArgumentError } from '../errors.js';
import {
  Scratch, TILE, checkSameDim, loadPoints, rowNorms, statsExports,
  type Matrix, type Points,
} from './common.js';
import { validate } from '../schema/validate.js';
import { ESTIMATORS, energyOptionsSchema, estimatorSchema, kernelSchema, kernelSumsOptionsSchema, medianOptionsSchema, metricOptions, mmdOptionsSchema, type MMD_METHODS } from './schemas.js';

/**
 * Kernels, with D = ‖x − y‖² and g = x·y:
 * - linear:      k = g
 * - rbf:         k = Σ_s exp(−D / (2σ_s²)) over the bandwidths σ_s (a sum, not a mean);
 *                bandwidth 'median' (the default) is σ = medianBandwidth of the pooled sample
 * - polynomial:  k = (γ g + c)^p, defaults p = 3, γ = 1/d, c = 1 (KID's kernel)
 * - laplacian:   k = exp(−√D / σ)
 * - imq:         k = (c² + D)^(−β), defaults c = 1, β = 1/2 (inverse multiquadric)
 * - distance:    k = −√D (MMD² with it is the energy distance)
 */
export type Kernel =
  | { kind: 'linear' }
  | { kind: 'rbf'; bandwidth?: number | readonly number[] | 'median' }
  | { kind: 'polynomial'; degree?: number; gamma?: number; coef0?: number }
  | { kind: 'laplacian'; bandwidth: number }
  | { kind: 'imq'; c?: number; beta?: number }
  | { kind: 'distance' };

/**
 * biased:      V-statistic, MMD²_b = ΣKxx/n² + ΣKyy/m² − 2ΣKxy/(nm)            (Gretton Eq. 5)
 * unbiased:    diagonals of Kxx and Kyy removed,
 *              MMD²_u = Σ_{i≠j}Kxx/(n(n−1)) + Σ_{i≠j}Kyy/(m(m−1)) − 2ΣKxy/(nm)   (Eq. 3; n, m >= 2)
 * u-statistic: n = m, the diagonal of Kxy removed too,
 *              MMD²_U = [Σ_{i≠j}Kxx + Σ_{i≠j}Kyy − 2Σ_{i≠j}Kxy] / (n(n−1))       (Lemma 6)
 * The unbiased estimates can be negative.
 */
export type MmdEstimator = 'biased' | 'unbiased' | 'u-statistic';

/** Kernel sums of two sets: totals over all pairs and over the diagonal (i = j). */
export interface KernelSums {
  n: number;
  m: number;
  /** Σ_ij k(x_i, x_j), Σ_i k(x_i, x_i) */
  xx: number; xxDiag: number;
  /** Σ_ij k(y_i, y_j), Σ_i k(y_i, y_i) */
  yy: number; yyDiag: number;
  /** Σ_ij k(x_i, y_j), Σ_{i < min(n, m)} k(x_i, y_i) */
  xy: number; xyDiag: number;
}

const KIND = { linear: 0, rbf: 1, polynomial: 2, laplacian: 3, imq: 4, distance: 5 } as const;

/**
 * MMD² from kernel sums (the pure math, see MmdEstimator for the formulas).
 * @example
 * // linear kernel, x = {0, 2}, y = {1}: Kxx = [[0,0],[0,4]], Kyy = [1], Kxy = [0, 2]
 * mmd2FromSums({ n: 2, m: 1, xx: 4, xxDiag: 4, yy: 1, yyDiag: 1, xy: 2, xyDiag: 0 }, 'biased'); // 0
 */
export function mmd2FromSums(s: KernelSums, estimator: MmdEstimator = 'unbiased'): number {
  const fn = 'mmd2FromSums';
  checkEstimator(fn, estimator, s.n, s.m);
  const { n, m } = s;
  if (estimator === 'biased') return s.xx / (n * n) + s.yy / (m * m) - (2 * s.xy) / (n * m);
  const xx = (s.xx - s.xxDiag) / (n * (n - 1)), yy = (s.yy - s.yyDiag) / (m * (m - 1));
  if (estimator === 'unbiased') return xx + yy - (2 * s.xy) / (n * m);
  return xx + yy - (2 * (s.xy - s.xyDiag)) / (n * (n - 1));
}

function checkEstimator(fn: string, estimator: unknown, n: number, m: number, path = 'estimator'): MmdEstimator {
  if (!ESTIMATORS.includes(estimator as MmdEstimator)) validate(fn, path, estimatorSchema, estimator);
  if (!(Number.isInteger(n) && n >= 1)) throw new SaddleArgumentError(fn, 'n', 'an integer >= 1', n);
  if (!(Number.isInteger(m) && m >= 1)) throw new SaddleArgumentError(fn, 'm', 'an integer >= 1', m);
  if (estimator !== 'biased' && (n < 2 || m < 2)) {
    throw new SaddleArgumentError(fn, 'x', `at least 2 points per set for the ${estimator} estimator`, new Described(`n = ${n}, m = ${m}`));
  }
  if (estimator === 'u-statistic' && n !== m) {
    throw new SaddleArgumentError(fn, 'y', 'as many points as x for the u-statistic estimator (n = m)', new Described(`n = ${n}, m = ${m}`));
  }
  return estimator as MmdEstimator;
}

/**
 * MMD² from explicit kernel matrices Kxx (n×n), Kxy (n×m), Kyy (m×m), row-major.
 * @example
 * const sd = await loadSaddle();
 * mmd2(sd, { data: [0, 0, 0, 4], rows: 2, cols: 2 }, { data: [0, 2], rows: 2, cols: 1 },
 *   { data: [1], rows: 1, cols: 1 }, 'biased'); // 0
 */
export function mmd2(sd: Saddle, kxx: Matrix, kxy: Matrix, kyy: Matrix, estimator: MmdEstimator = 'unbiased'): number {
  const fn = 'mmd2';
  const scratch = new Scratch(sd);
  try {
    const sums = (name: string, k: Matrix, rows: number, cols: number): [number, number] => {
      if (k === null || typeof k !== 'object' || !Number.isInteger(rows) || rows < 1 || k.rows !== rows || k.cols !== cols || k.data == null || k.data.length !== rows * cols) {
        throw new SaddleArgumentError(fn, name, `a ${rows}×${cols} matrix { data, rows, cols }`, k);
      }
      const a = scratch.f64(k.data instanceof WasmArray ? k.data.toArray() : k.data);
      const out = scratch.f64(2);
      statsExports(sd).matrix_sums_f64(a.ptr, rows, cols, out.ptr);
      const [t, d] = out.toArray();
      if (!Number.isFinite(t)) throw new SaddleArgumentError(fn, name, 'finite values', new Described('NaN or ±Infinity'));
      return [t, d];
    };
    if (kxx === null || typeof kxx !== 'object') throw new SaddleArgumentError(fn, 'Kxx', 'a matrix { data, rows, cols }', kxx);
    if (kyy === null || typeof kyy !== 'object') throw new SaddleArgumentError(fn, 'Kyy', 'a matrix { data, rows, cols }', kyy);
    const n = kxx.rows, m = kyy.rows;
    const [xx, xxDiag] = sums('Kxx', kxx, n, n);
    const [yy, yyDiag] = sums('Kyy', kyy, m, m);
    const [xy, xyDiag] = sums('Kxy', kxy, n, m);
    checkEstimator(fn, estimator, n, m);
    return mmd2FromSums({ n, m, xx, xxDiag, yy, yyDiag, xy, xyDiag }, estimator);
  } finally {
    scratch.dispose();
  }
}

/** A kernel with every default and the median bandwidth resolved to numbers. */
export type ResolvedKernel =
  | { kind: 'linear' }
  | { kind: 'rbf'; bandwidth: number[] }
  | { kind: 'polynomial'; degree: number; gamma: number; coef0: number }
  | { kind: 'laplacian'; bandwidth: number }
  | { kind: 'imq'; c: number; beta: number }
  | { kind: 'distance' };

/**
 * Checks a kernel against kernelSchema (errors name `path`, e.g. options.kernel.bandwidth),
 * fills defaults (γ = 1/d) and returns it resolved. 'median' stays for the caller.
 */
function checkKernel(fn: string, path: string, kernel: unknown, d: number): ResolvedKernel | 'median' {
  validate(fn, path, kernelSchema, kernel);
  const k = kernel as Kernel;
  switch (k.kind) {
    case 'linear': case 'distance': return { kind: k.kind };
    case 'rbf': {
      const b = k.bandwidth ?? 'median';
      if (b === 'median') return 'median';
      return { kind: 'rbf', bandwidth: typeof b === 'number' ? [b] : [...b] };
    }
    case 'polynomial': {
      const degree = k.degree ?? 3, gamma = k.gamma ?? 1 / d, coef0 = k.coef0 ?? 1;
      if (!Number.isInteger(degree) && coef0 < 0) throw new SaddleArgumentError(fn, `${path}.coef0`, 'a number >= 0 with a non-integer degree', coef0);
      return { kind: 'polynomial', degree, gamma, coef0 };
    }
    case 'laplacian': return { kind: 'laplacian', bandwidth: k.bandwidth };
    case 'imq': return { kind: 'imq', c: k.c ?? 1, beta: k.beta ?? 0.5 };
  }
}

function kernelParams(k: ResolvedKernel): number[] {
  switch (k.kind) {
    case 'rbf': return k.bandwidth.map((s) => -1 / (2 * s * s));
    case 'polynomial': return [k.gamma, k.coef0, k.degree];
    case 'laplacian': return [-1 / k.bandwidth];
    case 'imq': return [k.c * k.c, k.beta];
    default: return [0];
  }
}

/** The median of the n(n−1)/2 pair squared distances of p (np.median convention: mean of the two middle values). */
function medianSqDistance(sd: Saddle, p0: Points, scratch: Scratch, maxPoints = MEDIAN_MAX_POINTS): number {
  const p = strided(sd, p0, maxPoints, scratch);
  const n = p.rows, pairs = (n * (n - 1)) / 2;
  const ex = statsExports(sd);
  const norms = rowNorms(sd, p, scratch);
  const tile = scratch.f64(TILE * TILE);
  const all = scratch.f64(pairs);
  ex.pair_sqdists_f32(p.ptr, n, p.cols, norms.ptr, tile.ptr, all.ptr);
  const h = pairs >> 1;
  const upper = ex.select_f64(all.ptr, pairs, h);
  if (pairs % 2 === 1) return upper;
  const lower = ex.select_f64(all.ptr, h, h - 1); // the largest of the h smallest
  return (lower + upper) / 2;
}

/** Largest pooled sample whose pairs the median heuristic uses directly (8.4M pairs, 67 MB). */
export const MEDIAN_MAX_POINTS = 4096;

/** Rows ⌊i·N/k⌋ for i < k = maxPoints when N > maxPoints (an evenly strided, deterministic subsample), else p. */
function strided(sd: Saddle, p: Points, maxPoints: number, scratch: Scratch): Points {
  if (p.rows <= maxPoints) return p;
  const k = maxPoints;
  const idx = scratch.i32(Array.from({ length: k }, (_, i) => Math.floor((i * p.rows) / k)));
  const out = scratch.f32(k * p.cols);
  sd.exports.gather_rows_f32(p.ptr, p.rows, p.cols, idx.ptr, k, out.ptr);
  return { ptr: out.ptr, rows: k, cols: p.cols };
}

/** Points x and y stacked into one set (in scratch). */
function pool(sd: Saddle, x: Points, y: Points, scratch: Scratch): Points {
  const z = scratch.f32((x.rows + y.rows) * x.cols);
  const bytes = x.rows * x.cols * 4;
  new Uint8Array(sd.memory.buffer).copyWithin(z.ptr, x.ptr, x.ptr + bytes);
  new Uint8Array(sd.memory.buffer).copyWithin(z.ptr + bytes, y.ptr, y.ptr + y.rows * y.cols * 4);
  return { ptr: z.ptr, rows: x.rows + y.rows, cols: x.cols };
}

/**
 * The median heuristic bandwidth: σ = √(median over pairs i < j of ‖z_i − z_j‖²) over the
 * pooled sample z = x ∪ y (y optional), i.e. the median pairwise distance, so that
 * exp(−D/(2σ²)) has D/(2σ²) = 1/2 at the median pair. It stores all N'(N'−1)/2 pair
 * distances (8 bytes each) of N' = min(N, maxPoints) points: when the pooled sample has
 * N > maxPoints (default MEDIAN_MAX_POINTS = 4096) rows, it uses the evenly strided rows
 * ⌊i·N/maxPoints⌋, i < maxPoints (deterministic); pass maxPoints: Infinity for all pairs.
 * The 'median' bandwidth of mmd() and kernelSums() uses the default.
 * @example
 * const sd = await loadSaddle();
 * medianBandwidth(sd, { data: [0, 1, 3], rows: 3, cols: 1 }); // 2 (distances 1, 2, 3)
 */
export function medianBandwidth(sd: Saddle, x: Matrix, y?: Matrix, options: { maxPoints?: number } = {}): number {
  const fn = 'medianBandwidth';
  const maxPoints = metricOptions<{ maxPoints?: number }>(fn, medianOptionsSchema, options).maxPoints ?? MEDIAN_MAX_POINTS;
  const scratch = new Scratch(sd);
  try {
    const px = loadPoints(fn, 'x', sd, x, scratch, 1);
    let p = px;
    if (y !== undefined) {
      const py = loadPoints(fn, 'y', sd, y, scratch, 1);
      checkSameDim(fn, px, 'y', py);
      p = pool(sd, px, py, scratch);
    }
    if (p.rows < 2) throw new SaddleArgumentError(fn, 'x', 'at least 2 points in the pooled sample', new Described(`${p.rows}`));
    return Math.sqrt(medianSqDistance(sd, p, scratch, maxPoints));
  } finally {
    scratch.dispose();
  }
}

/** @internal kernel sums of checked sets */
export function kernelSumsOf(sd: Saddle, px: Points, py: Points, k: ResolvedKernel, scratch: Scratch, fn = 'kernelSums'): KernelSums {
  const ex = statsExports(sd);
  const params = kernelParams(k);
  const pp = scratch.f64(params);
  const tile = scratch.f64(TILE * TILE);
  const needsNorms = k.kind !== 'linear' && k.kind !== 'polynomial';
  const nx = needsNorms ? rowNorms(sd, px, scratch).ptr : 0;
  const ny = needsNorms ? rowNorms(sd, py, scratch).ptr : 0;
  const out = scratch.f64(2);
  const kind = KIND[k.kind], d = px.cols;
  const run = (a: Points, na: number, b: Points, nb: number, same: number): [number, number] => {
    ex.kernel_sums_f32(kind, pp.ptr, params.length, a.ptr, a.rows, b.ptr, b.rows, d, same, na, nb, tile.ptr, out.ptr);
    const v = out.toArray();
    return [v[0], v[1]];
  };
  const [xx, xxDiag] = run(px, nx, px, nx, 1);
  const [yy, yyDiag] = run(py, ny, py, ny, 1);
  const [xy, xyDiag] = run(px, nx, py, ny, 0);
  const sums = { n: px.rows, m: py.rows, xx, xxDiag, yy, yyDiag, xy, xyDiag };
  checkFinite(fn, k, sums);
  return sums;
}

/** How kernel sums are computed (see docs/metrics.md, "The fast path"). */
export type MmdMethod = typeof MMD_METHODS[number];

/** Bounds of |computed − true| of the six kernel sums (true: exact real arithmetic on the f32 inputs). */
export interface KernelSumBounds { xx: number; xxDiag: number; yy: number; yyDiag: number; xy: number; xyDiag: number }

/** Dimensions up to which the fast path evaluates D from exact differences (no gemm). */
export const DIRECT_MAX_DIM = 32;
/** 'auto' falls back to 'exact' when the fast path's bound exceeds AUTO_REL_TOL·|MMD²|. */
export const AUTO_REL_TOL = 1e-3;
/** k-chunk and tile edge of the gemm path (assembly/solvers/mmd-fast.ts FAST_KCHUNK, FAST_TILE). */
const FAST_KCHUNK = 256, FAST_TILE = 128;
const U32 = 2 ** -24, U64 = 2 ** -53;
const gamma = (k: number, u: number) => (k * u) / (1 - k * u);
/** Relative error bound of the SIMD exp (mmd-fast.ts EXP_REL_ERR; tests/solvers/mmd-fast.test.ts checks it on a sample). */
export const EXP_REL_ERR = 8 * U64;
/** Factor absorbing second-order terms (products of two rounding errors, f64 norm errors) into the bounds. */
const SECOND_ORDER = 1 + 1e-6;

/**
 * Fast kernel sums with bounds (method 'gemm'). d > DIRECT_MAX_DIM: f32 gemm tiles (raw data
 * for linear/polynomial, centred by the pooled mean otherwise), per-pair bounds summed in
 * WASM. d <= DIRECT_MAX_DIM: D from exact f64 differences, SIMD exp, a priori bounds.
 * @internal
 */
export function fastKernelSumsOf(sd: Saddle, px: Points, py: Points, k: ResolvedKernel, scratch: Scratch, fn = 'kernelSums'): { sums: KernelSums; bounds: KernelSumBounds } {
  const ex = statsExports(sd);
  const params = kernelParams(k);
  const pp = scratch.f64(params);
  const kind = KIND[k.kind], d = px.cols, n = px.rows, m = py.rows;
  const out = scratch.f64(5);
  const raw = k.kind === 'linear' || k.kind === 'polynomial';
  const rowLengths = (p: Points) => rowNorms(sd, p, scratch).toArray().map(Math.sqrt);
  let sums: KernelSums, bounds: KernelSumBounds;
  const abs = { xx: 0, yy: 0, xy: 0 };
  if (d <= DIRECT_MAX_DIM) {
    const yt = scratch.f64(d * Math.max(n, m));
    const run = (a: Points, b: Points, same: number): number[] => {
      ex.transpose_to_f64(b.ptr, b.rows, d, yt.ptr);
      ex.kernel_sums_direct_f64(kind, pp.ptr, params.length, a.ptr, a.rows, yt.ptr, b.rows, d, same, out.ptr);
      return Array.from(out.toArray());
    };
    const [xx, xxDiag, , , ax] = run(px, px, 1);
    const [yy, yyDiag, , , ay] = run(py, py, 1);
    const [xy, xyDiag, , , axy] = run(px, py, 0);
    sums = { n, m, xx, xxDiag, yy, yyDiag, xy, xyDiag };
    Object.assign(abs, { xx: ax, yy: ay, xy: axy });
    // a priori: |ΔD| <= r·D with r the relative error of Σ (x_k − y_k)² in f64, |Δg| <= γ_d·‖x‖‖y‖
    const r = gamma(d + 2, U64) + U64;
    const nx = rowLengths(px), ny = rowLengths(py);
    const perPair = (a: Float64Array, b: Float64Array, sumAbs: number, pairs: number, lenA: number, lenB: number): number => {
      switch (k.kind) {
        // k·(e^{|t|r} − 1) <= r·|t|e^{−|t|}·(1 + 2r) <= 1.01·r/e per bandwidth, plus the exp's own error
        case 'rbf': return pairs * k.bandwidth.length * (1.01 * r / Math.E + EXP_REL_ERR + 2 * U64);
        case 'laplacian': return pairs * (1.01 * (r / 2 + 2 * U64) / Math.E + EXP_REL_ERR + 2 * U64);
        case 'distance': return (r / 2 + U64) * sumAbs;
        case 'imq': return (k.beta * r + 4 * U64) * sumAbs;
        case 'linear': return (d + 2) * U64 * 1.01 * sumOf(a, lenA) * sumOf(b, lenB);
        case 'polynomial': {
          const amax = Math.max(...a.slice(0, lenA)), bmax = Math.max(...b.slice(0, lenB));
          const db = Math.abs(k.gamma) * (d + 2) * U64 * 1.01 * amax * bmax + 2 * U64 * (Math.abs(k.gamma) * amax * bmax + Math.abs(k.coef0));
          const base = Math.abs(k.gamma) * amax * bmax + Math.abs(k.coef0);
          const e = k.degree >= 1 ? k.degree * (base + db) ** (k.degree - 1) * db : db ** k.degree;
          return pairs * e + 4 * U64 * sumAbs;
        }
      }
    };
    const q = Math.min(n, m);
    bounds = {
      xx: perPair(nx, nx, ax, n * n, n, n), xxDiag: perPair(nx, nx, Math.abs(xxDiag), n, n, n),
      yy: perPair(ny, ny, ay, m * m, m, m), yyDiag: perPair(ny, ny, Math.abs(yyDiag), m, m, m),
      xy: perPair(nx, ny, axy, n * m, n, m), xyDiag: perPair(nx, ny, Math.abs(xyDiag), q, q, q),
    };
  } else {
    let ax = px, ay = py;
    if (!raw) {
      const mean = scratch.f64(d), xc = scratch.f32(n * d), yc = scratch.f32(m * d);
      ex.centre_f32(px.ptr, n, py.ptr, m, d, mean.ptr, xc.ptr, yc.ptr);
      ax = { ptr: xc.ptr, rows: n, cols: d };
      ay = { ptr: yc.ptr, rows: m, cols: d };
    }
    const nx = rowNorms(sd, ax, scratch), ny = rowNorms(sd, ay, scratch);
    const g32 = scratch.f32(FAST_TILE * FAST_TILE), g64 = scratch.f64(FAST_TILE * FAST_TILE);
    // |Δg| <= cg·ab: f32 sums of <= KCH products, chunk sums added in f64
    const kc = Math.min(d, FAST_KCHUNK);
    const cg = (gamma(kc, U32) + gamma(Math.ceil(d / FAST_KCHUNK) + 1, U64) * (1 + gamma(kc, U32))) * SECOND_ORDER;
    // centring: x̃ = f32(x − μ) is within u'·‖x − μ‖ of x − μ, so |D̃ − D| <= (2u' + u'²)(a + b)²;
    // plus the f64 norms (γ_d(a² + b²)) and the three f64 operations of ‖x‖² + ‖y‖² − 2g
    const u1 = (U32 + 2 * U64) / (1 - U32);
    const cC = raw ? 0 : (2 * u1 + u1 * u1 + gamma(d, U64) + 3 * U64) * SECOND_ORDER;
    const run = (a: Points, na: number, b: Points, nb: number, same: number): number[] => {
      ex.kernel_sums_gemm_f32(kind, pp.ptr, params.length, a.ptr, a.rows, b.ptr, b.rows, d, same, na, nb, cg, 2 * cg, cC, g32.ptr, g64.ptr, out.ptr);
      return Array.from(out.toArray());
    };
    const [xx, xxDiag, bxx, bxxDiag, absXx] = run(ax, nx.ptr, ax, nx.ptr, 1);
    const [yy, yyDiag, byy, byyDiag, absYy] = run(ay, ny.ptr, ay, ny.ptr, 1);
    const [xy, xyDiag, bxy, bxyDiag, absXy] = run(ax, nx.ptr, ay, ny.ptr, 0);
    sums = { n, m, xx, xxDiag, yy, yyDiag, xy, xyDiag };
    Object.assign(abs, { xx: absXx, yy: absYy, xy: absXy });
    bounds = { xx: bxx, xxDiag: bxxDiag, yy: byy, yyDiag: byyDiag, xy: bxy, xyDiag: bxyDiag };
  }
  // f64 summation of N terms: γ_N·Σ|k| (the diagonal sums are part of the totals' terms)
  bounds.xx += gamma(n * n, U64) * abs.xx; bounds.xxDiag += gamma(n, U64) * abs.xx;
  bounds.yy += gamma(m * m, U64) * abs.yy; bounds.yyDiag += gamma(m, U64) * abs.yy;
  bounds.xy += gamma(n * m, U64) * abs.xy; bounds.xyDiag += gamma(Math.min(n, m), U64) * abs.xy;
  checkFinite(fn, k, sums);
  return { sums, bounds };
}

function sumOf(a: Float64Array, len: number): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += a[i];
  return s;
}

/** Overflow of k or of Σk (e.g. a high polynomial degree, large features): refuse, naming the set. */
function checkFinite(fn: string, k: ResolvedKernel, s: KernelSums): void {
  for (const [name, total] of [['x', s.xx], ['y', s.yy], ['y', s.xy]] as const) {
    if (!Number.isFinite(total)) {
      throw new SaddleArgumentError(fn, name, `points whose kernel values and their f64 sums stay finite for the ${k.kind} kernel ${JSON.stringify(k)}`,
        new Described(`a kernel sum of ${total}`));
    }
  }
}

/**
 * A bound of |MMD²(computed sums) − MMD²(true sums)| from the sums' bounds: the estimator's
 * weights applied to them, plus 4u·(|each term|) for the final f64 combination.
 */
export function mmd2Bound(s: KernelSums, b: KernelSumBounds, estimator: MmdEstimator): number {
  const { n, m } = s;
  let e: number, terms: number;
  if (estimator === 'biased') {
    e = b.xx / (n * n) + b.yy / (m * m) + (2 * b.xy) / (n * m);
    terms = Math.abs(s.xx / (n * n)) + Math.abs(s.yy / (m * m)) + Math.abs((2 * s.xy) / (n * m));
  } else {
    const cross = estimator === 'unbiased' ? (2 * b.xy) / (n * m) : (2 * (b.xy + b.xyDiag)) / (n * (n - 1));
    e = (b.xx + b.xxDiag) / (n * (n - 1)) + (b.yy + b.yyDiag) / (m * (m - 1)) + cross;
    terms = Math.abs((s.xx - s.xxDiag) / (n * (n - 1))) + Math.abs((s.yy - s.yyDiag) / (m * (m - 1))) + Math.abs(2 * s.xy / (n * m)) + Math.abs(2 * s.xyDiag / (n * m));
  }
  return e + 4 * U64 * terms;
}

/**
 * MMD² of checked sets by `method`, with the fast path's bound (undefined for 'exact').
 * @internal
 */
export function mmd2ByMethod(sd: Saddle, px: Points, py: Points, k: ResolvedKernel, estimator: MmdEstimator, method: MmdMethod,
  scratch: Scratch, fn: string): { mmd2: number; sums: KernelSums; errorBound?: number; method: 'exact' | 'gemm' } {
  if (method !== 'exact') {
    const { sums, bounds } = fastKernelSumsOf(sd, px, py, k, scratch, fn);
    const value = mmd2FromSums(sums, estimator);
    const errorBound = mmd2Bound(sums, bounds, estimator);
    if (method === 'gemm' || errorBound <= AUTO_REL_TOL * Math.abs(value)) return { mmd2: value, sums, errorBound, method: 'gemm' };
  }
  const sums = kernelSumsOf(sd, px, py, k, scratch, fn);
  return { mmd2: mmd2FromSums(sums, estimator), sums, method: 'exact' };
}

/** @internal a checked, resolved kernel (median bandwidth from the pooled sample) */
export function resolveKernel(fn: string, path: string, sd: Saddle, kernel: unknown, px: Points, py: Points, scratch: Scratch): ResolvedKernel {
  const k = checkKernel(fn, path, kernel, px.cols);
  if (k !== 'median') return k;
  const sigma = Math.sqrt(medianSqDistance(sd, pool(sd, px, py, scratch), scratch));
  if (!(sigma > 0)) {
    throw new SaddleArgumentError(fn, `${path}.bandwidth`, "an explicit bandwidth: 'median' is 0 because more than half the pairs coincide", new Described('median 0'));
  }
  return { kind: 'rbf', bandwidth: [sigma] };
}

export interface KernelSumsOptions { kernel: Kernel }

/**
 * Σ k(x_i, x_j), Σ k(y_i, y_j), Σ k(x_i, y_j) and their diagonals for point sets x (n×d)
 * and y (m×d), f64 sums of f64 kernel values (dot products of f32 rows accumulated in f64).
 * @example
 * const sd = await loadSaddle();
 * const s = kernelSums(sd, { data: [0, 2], rows: 2, cols: 1 }, { data: [1], rows: 1, cols: 1 }, { kernel: { kind: 'linear' } });
 * // { n: 2, m: 1, xx: 4, xxDiag: 4, yy: 1, yyDiag: 1, xy: 2, xyDiag: 0 }
 */
export function kernelSums(sd: Saddle, x: Matrix, y: Matrix, options: KernelSumsOptions): KernelSums {
  const fn = 'kernelSums';
  const o = metricOptions<KernelSumsOptions>(fn, kernelSumsOptionsSchema, options);
  const scratch = new Scratch(sd);
  try {
    const px = loadPoints(fn, 'x', sd, x, scratch), py = loadPoints(fn, 'y', sd, y, scratch);
    checkSameDim(fn, px, 'y', py);
    return kernelSumsOf(sd, px, py, resolveKernel(fn, 'options.kernel', sd, o.kernel, px, py, scratch), scratch, fn);
  } finally {
    scratch.dispose();
  }
}

/**
 * The n×m kernel matrix K[i·m + j] = k(x_i, y_j) (f64), for small sets.
 * @example
 * const sd = await loadSaddle();
 * kernelMatrix(sd, { data: [0, 1], rows: 2, cols: 1 }, { data: [0], rows: 1, cols: 1 }, { kind: 'rbf', bandwidth: 1 });
 * // Float64Array [1, exp(-1/2)]
 */
export function kernelMatrix(sd: Saddle, x: Matrix, y: Matrix, kernel: Kernel): Float64Array {
  const fn = 'kernelMatrix';
  const scratch = new Scratch(sd);
  try {
    const px = loadPoints(fn, 'x', sd, x, scratch), py = loadPoints(fn, 'y', sd, y, scratch);
    checkSameDim(fn, px, 'y', py);
    const k = resolveKernel(fn, 'kernel', sd, kernel, px, py, scratch);
    const params = kernelParams(k);
    const pp = scratch.f64(params);
    const nx = rowNorms(sd, px, scratch), ny = rowNorms(sd, py, scratch);
    const tile = scratch.f64(TILE * TILE), out = scratch.f64(px.rows * py.rows);
    statsExports(sd).kernel_matrix_f32(KIND[k.kind], pp.ptr, params.length, px.ptr, px.rows, py.ptr, py.rows, px.cols,
      nx.ptr, ny.ptr, tile.ptr, out.ptr);
    const values = out.toArray();
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new SaddleArgumentError(fn, 'x', `points whose ${k.kind} kernel values stay finite in f64`, new Described(`K[${bad}] = ${values[bad]}`));
    return values;
  } finally {
    scratch.dispose();
  }
}

export interface MmdOptions {
  /** Default { kind: 'rbf', bandwidth: 'median' }. */
  kernel?: Kernel;
  /** Default 'unbiased'. */
  estimator?: MmdEstimator;
  /**
   * Default 'exact' (f64 products of every pair, the reference). 'gemm': the fast path (f32
   * gemm on centred data for d > 32, exact differences and a SIMD exp below), with
   * `errorBound`; 'auto': 'gemm' unless its bound exceeds 10⁻³·|MMD²|, then 'exact'.
   */
  method?: MmdMethod;
}

export interface MmdResult {
  /** the MMD² estimate (unbiased estimators can be negative) */
  mmd2: number;
  estimator: MmdEstimator;
  /** the kernel used, defaults and the median bandwidth filled in */
  kernel: ResolvedKernel;
  sums: KernelSums;
  /** the path that computed it ('auto' resolves to one of them) */
  method: 'exact' | 'gemm';
  /** with method 'gemm': |mmd2 − MMD² in exact arithmetic on the f32 inputs| <= errorBound (docs/metrics.md) */
  errorBound?: number;
}

/**
 * MMD² between point sets x (n×d) and y (m×d) (Gretton et al. 2012; see Kernel and
 * MmdEstimator for the exact formulas). Kernel values and sums are f64.
 * @example
 * const sd = await loadSaddle();
 * const x = { data: [0, 0, 1, 1], rows: 2, cols: 2 }, y = { data: [1, 0, 2, 1], rows: 2, cols: 2 };
 * mmd(sd, x, y, { kernel: { kind: 'linear' }, estimator: 'biased' }).mmd2; // 1 = ‖mean x − mean y‖²
 */
export function mmd(sd: Saddle, x: Matrix, y: Matrix, options: MmdOptions = {}): MmdResult {
  const fn = 'mmd';
  const o = metricOptions<MmdOptions>(fn, mmdOptionsSchema, options);
  const estimator = o.estimator ?? 'unbiased';
  const scratch = new Scratch(sd);
  try {
    const px = loadPoints(fn, 'x', sd, x, scratch), py = loadPoints(fn, 'y', sd, y, scratch);
    checkSameDim(fn, px, 'y', py);
    checkEstimator(fn, estimator, px.rows, py.rows, 'options.estimator');
    const kernel = resolveKernel(fn, 'options.kernel', sd, o.kernel ?? { kind: 'rbf', bandwidth: 'median' }, px, py, scratch);
    const r = mmd2ByMethod(sd, px, py, kernel, estimator, o.method ?? 'exact', scratch, fn);
    return { mmd2: r.mmd2, estimator, kernel, sums: r.sums, method: r.method, ...(r.errorBound !== undefined ? { errorBound: r.errorBound } : {}) };
  } finally {
    scratch.dispose();
  }
}

export interface EnergyOptions {
  /** 'V' (default): all pairs, E‖X−X'‖ over i, j including i = j; 'U': i ≠ j within each set. */
  statistic?: 'V' | 'U';
  /** as mmd()'s method (default 'exact'); the bound is mmd()'s with kernel { kind: 'distance' } */
  method?: MmdMethod;
}

/**
 * Energy distance 2E‖X−Y‖ − E‖X−X'‖ − E‖Y−Y'‖ (Székely & Rizzo 2004), as MMD² with the
 * kernel k = −‖x−y‖: the V-statistic is the biased estimator
 * 2Σ‖x_i−y_j‖/(nm) − Σ_ij‖x_i−x_j‖/n² − Σ_ij‖y_i−y_j‖/m², the U-statistic the unbiased one
 * (within-set sums over i ≠ j divided by n(n−1) and m(m−1)).
 * @example
 * const sd = await loadSaddle();
 * energyDistance(sd, { data: [0], rows: 1, cols: 1 }, { data: [3], rows: 1, cols: 1 }); // 6
 */
export function energyDistance(sd: Saddle, x: Matrix, y: Matrix, options: EnergyOptions = {}): number {
  const fn = 'energyDistance';
  const o = metricOptions<EnergyOptions>(fn, energyOptionsSchema, options);
  const statistic = o.statistic ?? 'V';
  const estimator: MmdEstimator = statistic === 'V' ? 'biased' : 'unbiased';
  const scratch = new Scratch(sd);
  try {
    const px = loadPoints(fn, 'x', sd, x, scratch), py = loadPoints(fn, 'y', sd, y, scratch);
    checkSameDim(fn, px, 'y', py);
    checkEstimator(fn, estimator, px.rows, py.rows);
    return mmd2ByMethod(sd, px, py, { kind: 'distance' }, estimator, o.method ?? 'exact', scratch, fn).mmd2;
  } finally {
    scratch.dispose();
  }
}
