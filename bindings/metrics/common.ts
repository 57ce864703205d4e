// Shared pieces of the statistics bindings: the point-set argument type, the raw exports of
// the statistics section of assembly/index.ts, temporary buffers freed in one place, and
// input checks that name the argument.

import type { SaddleExports } from '../wasm/exports.js';
import type { Saddle } from '../wasm/instance.js';
import { WasmArray } from '../wasm/array.js';
import { Described, SaddleArgumentError } from '../errors.js';
import { AXIS_ALL, REDUCE_SUM } from '../wasm/opcodes.js';

/**
 * A row-major point set: `rows` points of dimension `cols`. `data` is a plain array or typed
 * array (copied into WASM memory for the call) or an f32 WasmArray (used in place).
 */
export interface Matrix {
  data: ArrayLike<number> | WasmArray<'f32'>;
  rows: number;
  cols: number;
}

/** The raw exports (the statistics section of assembly/index.ts among them). */
export function statsExports(sd: Saddle): SaddleExports {
  return sd.exports;
}

/** Pairwise tile edge of the WASM loops (kernels/pairwise.ts TILE): tile scratch is TILE² f64. */
export const TILE = 64;
/** eigh_f64 scratch per matrix row (kernels/eigen.ts: 3n f64). */
export const EIGH_SCRATCH = 3;
/** Rows per covariance accumulation block (solvers/frechet.ts COV_CHUNK). */
export const COV_CHUNK = 128;

/** Temporary WASM buffers of one call, all freed by dispose() (in a finally block). */
export class Scratch {
  private readonly arrays: WasmArray[] = [];
  constructor(readonly sd: Saddle) {}
  f32(n: number | ArrayLike<number>): WasmArray<'f32'> { return this.keep(this.sd.f32(n)); }
  f64(n: number | ArrayLike<number>): WasmArray<'f64'> { return this.keep(this.sd.f64(n)); }
  i32(n: number | ArrayLike<number>): WasmArray<'i32'> { return this.keep(this.sd.i32(n)); }
  u32(n: number | ArrayLike<number>): WasmArray<'u32'> { return this.keep(this.sd.u32(n)); }
  private keep<A extends WasmArray>(a: A): A { this.arrays.push(a); return a; }
  dispose(): void { for (const a of this.arrays) a.dispose(); this.arrays.length = 0; }
}

/** A checked point set resident in WASM memory. */
export interface Points { ptr: number; rows: number; cols: number }

/**
 * Checks a Matrix argument (integer shape, data of exactly rows·cols values, at least
 * `minRows` rows, cols >= 1, every value finite) and returns it in WASM memory.
 */
export function loadPoints(fn: string, name: string, sd: Saddle, m: unknown, scratch: Scratch, minRows = 1): Points {
  if (m === null || typeof m !== 'object') throw new SaddleArgumentError(fn, name, 'a point set { data, rows, cols }', m);
  const { data, rows, cols } = m as Matrix;
  if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < minRows) {
    throw new SaddleArgumentError(fn, `${name}.rows`, `an integer >= ${minRows}`, rows);
  }
  if (typeof cols !== 'number' || !Number.isInteger(cols) || cols < 1) {
    throw new SaddleArgumentError(fn, `${name}.cols`, 'an integer >= 1', cols);
  }
  const isWasm = data instanceof WasmArray;
  if (isWasm) {
    if (data.saddle !== sd || data.disposed || data.dtype !== 'f32') {
      throw new SaddleArgumentError(fn, `${name}.data`, 'a live f32 WasmArray of this saddle instance (or a plain array)', data);
    }
  } else if (data == null || typeof data !== 'object' || typeof (data as ArrayLike<number>).length !== 'number') {
    throw new SaddleArgumentError(fn, `${name}.data`, 'an array of numbers or an f32 WasmArray', data);
  }
  const length = (data as ArrayLike<number> | WasmArray).length;
  if (length !== rows * cols) {
    throw new SaddleArgumentError(fn, `${name}.data`, `exactly rows·cols = ${rows * cols} values`, new Described(`${length} values`));
  }
  if (!isWasm && !(data instanceof Float32Array)) checkCells(fn, `${name}.data`, data as ArrayLike<unknown>);
  const array = isWasm ? data as WasmArray<'f32'> : scratch.f32(data as ArrayLike<number>);
  // Σ in f64 of f32 values is finite exactly when every value is finite (no overflow is possible)
  const total = sd.exports.reduce_f64acc(REDUCE_SUM, AXIS_ALL, array.ptr, rows, cols, 0);
  if (!Number.isFinite(total)) throw new SaddleArgumentError(fn, `${name}.data`, 'finite values', new Described('NaN or ±Infinity'));
  return { ptr: array.ptr, rows, cols };
}

/** Largest finite f32: plain values beyond it would become ±Infinity in the f32 copy. */
const F32_MAX = 3.4028234663852886e38;

/**
 * Every cell a finite number within the f32 range (a plain array's null or string would
 * read as 0 or NaN in the f32 copy, 1e39 as Infinity). Float32Arrays need no check here.
 */
function checkCells(fn: string, argument: string, data: ArrayLike<unknown>): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new SaddleArgumentError(fn, argument, 'finite numbers', new Described(`${typeof v === 'number' ? v : v === null ? 'null' : typeof v} at index ${i}`));
    }
    if (Math.abs(v) > F32_MAX) {
      throw new SaddleArgumentError(fn, argument, `numbers within the f32 range (|v| <= ${F32_MAX.toExponential(4)})`, new Described(`${v} at index ${i}`));
    }
  }
}

/** Throws unless both sets have the same dimension. */
export function checkSameDim(fn: string, a: Points, bName: string, b: Points): void {
  if (a.cols !== b.cols) {
    throw new SaddleArgumentError(fn, `${bName}.cols`, `the same dimension as the first set (${a.cols})`, b.cols);
  }
}

/** Squared row norms (f64) of a point set, in scratch. */
export function rowNorms(sd: Saddle, p: Points, scratch: Scratch): WasmArray<'f64'> {
  const out = scratch.f64(p.rows);
  statsExports(sd).sqnorms_f32(p.ptr, p.rows, p.cols, out.ptr);
  return out;
}
