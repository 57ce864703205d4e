// Streaming accumulation of the statistics behind FID and KID: Gaussian statistics (mean and
// ddof-1 covariance, f64) and a growing feature buffer. Adding rows in batches of any size
// gives the same result as adding them at once (up to f64 rounding for the covariance; the
// buffer is exact).

import type { Saddle } from '../wasm/instance.js';
import type { WasmArray } from '../wasm/array.js';
import { Described, SaddleArgumentError, SaddleError } from '../errors.js';
import { COV_CHUNK, Scratch, loadPoints, statsExports, type Matrix } from './common.js';

/** Mean and covariance of a feature set: cov is dim×dim row-major, ddof = 1 (divided by count − 1). */
export interface GaussianStats {
  dim: number;
  /** number of rows the statistics were computed from (0 when unknown, e.g. loaded from elsewhere) */
  count: number;
  mean: Float64Array;
  cov: Float64Array;
}

function checkDim(fn: string, dim: unknown): number {
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1 || dim > 46340) {
    throw new SaddleArgumentError(fn, 'dim', 'an integer in [1, 46340]', dim);
  }
  return dim;
}

/**
 * Accumulates mean and covariance over batches of rows, in f64: with c the first row seen,
 * s1 = Σ (x − c) and S2 = Σ (x − c)(x − c)ᵀ, so that mean = c + s1/n and
 * cov = (S2 − s1 s1ᵀ/n)/(n − 1). Sums about a point of the data avoid the cancellation of
 * raw moments; sums do not depend on batch boundaries. Holds d² + d·(COV_CHUNK + 2) f64
 * in WASM memory until dispose().
 * @example
 * const sd = await loadSaddle();
 * const acc = new GaussianStatsAccumulator(sd, 2048);
 * for (const batch of batches) acc.add({ data: batch, rows: batch.length / 2048, cols: 2048 });
 * const stats = acc.stats(); // { dim, count, mean, cov }
 * acc.dispose();
 */
export class GaussianStatsAccumulator {
  readonly dim: number;
  private readonly sd: Saddle;
  private rows = 0;
  private shift: WasmArray<'f64'> | undefined;
  private s1: WasmArray<'f64'> | undefined;
  private s2: WasmArray<'f64'> | undefined;
  private chunk: WasmArray<'f64'> | undefined;

  constructor(sd: Saddle, dim: number) {
    this.sd = sd;
    this.dim = checkDim('GaussianStatsAccumulator', dim);
  }

  /** Rows added so far. */
  get count(): number { return this.rows; }

  /** Adds the rows of x (rows × dim; zero rows is allowed and changes nothing). */
  add(x: Matrix): this {
    return this.addAs('GaussianStatsAccumulator.add', 'x', x);
  }

  /** @internal add(), with errors naming function `fn` and argument `name`. */
  addAs(fn: string, name: string, x: Matrix): this {
    const sd = this.sd, d = this.dim;
    if (this.s2 === undefined && this.rows < 0) throw new SaddleError('E_DISPOSED', `${fn}: used after dispose()`);
    const scratch = new Scratch(sd);
    try {
      const p = loadPoints(fn, name, sd, x, scratch, 0);
      if (p.cols !== d) throw new SaddleArgumentError(fn, `${name}.cols`, `the accumulator's dimension ${d}`, p.cols);
      if (p.rows === 0) return this;
      if (this.s2 === undefined) {
        this.shift = sd.f64(sd.viewF32(p.ptr, d));
        this.s1 = sd.f64(d);
        this.s2 = sd.f64(d * d);
        this.chunk = sd.f64(d * COV_CHUNK);
      }
      statsExports(sd).cov_accumulate_f32(p.ptr, p.rows, d, this.shift!.ptr, this.s1!.ptr, this.s2.ptr, this.chunk!.ptr);
      this.rows += p.rows;
      return this;
    } finally {
      scratch.dispose();
    }
  }

  /** Mean and covariance (ddof = 1) of everything added; needs at least 2 rows. */
  stats(): GaussianStats {
    return this.statsAs('GaussianStatsAccumulator.stats', 'x');
  }

  /** @internal stats(), with errors naming function `fn` and argument `name`. */
  statsAs(fn: string, name: string): GaussianStats {
    if (this.rows < 2 || this.s2 === undefined) {
      throw new SaddleArgumentError(fn, name, 'at least 2 rows added before stats()', new Described(`${Math.max(this.rows, 0)} rows`));
    }
    const sd = this.sd, d = this.dim;
    const scratch = new Scratch(sd);
    try {
      const mean = scratch.f64(d), cov = scratch.f64(d * d);
      statsExports(sd).cov_finalize_f64(this.rows, this.rows - 1, d, this.shift!.ptr, this.s1!.ptr, this.s2.ptr, mean.ptr, cov.ptr);
      const out = { dim: d, count: this.rows, mean: mean.toArray(), cov: cov.toArray() };
      // f32 rows spread beyond ~1e154 overflow the f64 sums of squares
      const bad = out.cov.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        throw new SaddleArgumentError(fn, name, 'rows whose covariance is finite in f64 (products of deviations overflow beyond ~1e154)',
          new Described(`cov[${bad}] = ${out.cov[bad]}`));
      }
      return out;
    } finally {
      scratch.dispose();
    }
  }

  /** Frees the WASM buffers. Safe to call twice. */
  dispose(): void {
    for (const a of [this.shift, this.s1, this.s2, this.chunk]) a?.dispose();
    this.shift = this.s1 = this.s2 = this.chunk = undefined;
    this.rows = -1;
  }
}

/**
 * Mean and covariance (ddof = 1, f64) of the rows of x in one call.
 * @example
 * const sd = await loadSaddle();
 * gaussianStats(sd, { data: [0, 0, 2, 2], rows: 2, cols: 2 });
 * // { dim: 2, count: 2, mean: [1, 1], cov: [2, 2, 2, 2] }
 */
export function gaussianStats(sd: Saddle, x: Matrix): GaussianStats {
  return gaussianStatsOf(sd, x, 'gaussianStats', 'x');
}

/** @internal gaussianStats() with errors naming function `fn` and argument `name` (fid's 'y'). */
export function gaussianStatsOf(sd: Saddle, x: Matrix, fn: string, name: string): GaussianStats {
  if (x === null || typeof x !== 'object') throw new SaddleArgumentError(fn, name, 'a point set { data, rows, cols }', x);
  const cols = x.cols;
  if (typeof cols !== 'number' || !Number.isInteger(cols) || cols < 1 || cols > 46340) {
    throw new SaddleArgumentError(fn, `${name}.cols`, 'an integer in [1, 46340]', cols);
  }
  if (typeof x.rows !== 'number' || !Number.isInteger(x.rows) || x.rows < 2) throw new SaddleArgumentError(fn, `${name}.rows`, 'an integer >= 2', x.rows);
  const acc = new GaussianStatsAccumulator(sd, cols);
  try {
    return acc.addAs(fn, name, x).statsAs(fn, name);
  } finally {
    acc.dispose();
  }
}

/**
 * A growing f32 buffer of feature rows in WASM memory (for KID or MMD over many batches):
 * matrix() is exactly the concatenation of every batch added. Capacity doubles as needed.
 * @example
 * const sd = await loadSaddle();
 * const feats = new FeatureAccumulator(sd, 2048);
 * feats.add(batch1); feats.add(batch2);
 * kid(sd, feats.matrix(), reference);
 * feats.dispose();
 */
export class FeatureAccumulator {
  readonly dim: number;
  private readonly sd: Saddle;
  private rows = 0;
  private buffer: WasmArray<'f32'> | undefined;
  private view: WasmArray<'f32'> | undefined;

  constructor(sd: Saddle, dim: number) {
    this.sd = sd;
    this.dim = checkDim('FeatureAccumulator', dim);
  }

  get count(): number { return this.rows; }

  add(x: Matrix): this {
    const fn = 'FeatureAccumulator.add';
    const sd = this.sd, d = this.dim;
    const scratch = new Scratch(sd);
    try {
      const p = loadPoints(fn, 'x', sd, x, scratch, 0);
      if (p.cols !== d) throw new SaddleArgumentError(fn, 'x.cols', `the accumulator's dimension ${d}`, p.cols);
      const need = (this.rows + p.rows) * d;
      if (this.buffer === undefined || this.buffer.length < need) {
        const grown = sd.f32(Math.max(need, 2 * (this.buffer?.length ?? 0), 64 * d));
        if (this.buffer !== undefined) {
          new Uint8Array(sd.memory.buffer).copyWithin(grown.ptr, this.buffer.ptr, this.buffer.ptr + this.rows * d * 4);
          this.buffer.dispose();
        }
        this.buffer = grown;
      }
      const at = this.buffer.ptr + this.rows * d * 4;
      new Uint8Array(sd.memory.buffer).copyWithin(at, p.ptr, p.ptr + p.rows * d * 4);
      this.rows += p.rows;
      return this;
    } finally {
      scratch.dispose();
    }
  }

  /** The rows added so far as a Matrix over an f32 WasmArray copy (valid until the next matrix() call or dispose()). */
  matrix(): Matrix {
    const sd = this.sd;
    this.view?.dispose();
    // an exact-length copy so the matrix's data length is rows·dim
    this.view = sd.f32(this.rows * this.dim);
    if (this.rows > 0) new Uint8Array(sd.memory.buffer).copyWithin(this.view.ptr, this.buffer!.ptr, this.buffer!.ptr + this.rows * this.dim * 4);
    return { data: this.view, rows: this.rows, cols: this.dim };
  }

  dispose(): void {
    this.buffer?.dispose();
    this.view?.dispose();
    this.buffer = this.view = undefined;
    this.rows = 0;
  }
}
