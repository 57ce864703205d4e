// Argument checks shared by the kernel bindings. Each throws SaddleArgumentError naming
// the function, the argument, what was expected and what was given.

import { Described, SaddleArgumentError } from '../errors.js';
import { WasmArray, type DType } from '../wasm/array.js';
import type { Saddle } from '../wasm/instance.js';

export function checkInt(fn: string, name: string, value: unknown, min = 0, max = 0x7fffffff): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SaddleArgumentError(fn, name, max === 0x7fffffff ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`, value);
  }
  return value;
}

/** A number the kernels take as f32: finite after rounding to f32 (|x| < 2¹²⁸ − 2¹⁰³ or so). */
export function checkFinite(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(Math.fround(value))) {
    throw new SaddleArgumentError(fn, name, 'a finite number that stays finite in f32 (|x| <= 3.4028235e38)', value);
  }
  return value;
}

export function checkBool(fn: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new SaddleArgumentError(fn, name, 'true or false', value);
  return value;
}

/** A live WasmArray of `dtype` owned by `sd` with at least `minLength` elements. */
export function checkArray<D extends DType>(
  fn: string, name: string, value: unknown, sd: Saddle, dtype: D, minLength: number,
): WasmArray<D> {
  if (!(value instanceof WasmArray)) {
    throw new SaddleArgumentError(fn, name, `a ${dtype} WasmArray (from saddle.${dtype}())`, value);
  }
  if (value.saddle !== sd) throw new SaddleArgumentError(fn, name, 'a buffer of this saddle instance', new Described('a buffer of another instance'));
  if (value.disposed) throw new SaddleArgumentError(fn, name, 'a live buffer', new Described('a disposed buffer'));
  if (value.dtype !== dtype) throw new SaddleArgumentError(fn, name, `a ${dtype} buffer`, new Described(`a ${value.dtype} buffer`));
  if (value.length < minLength) {
    throw new SaddleArgumentError(fn, name, `a buffer of at least ${minLength} elements`, new Described(`length ${value.length}`));
  }
  return value as WasmArray<D>;
}

/** A live f32 buffer of exactly `length` elements; `what` says where the length comes from. */
export function checkExact(fn: string, name: string, value: unknown, sd: Saddle, length: number, what: string): WasmArray<'f32'> {
  const array = checkArray(fn, name, value, sd, 'f32', length);
  if (array.length !== length) {
    throw new SaddleArgumentError(fn, name, `a buffer of exactly ${length} elements (${what})`, new Described(`length ${array.length}`));
  }
  return array;
}

/** Throws when two buffers overlap in memory (for kernels whose output must not alias an input). */
export function checkNoOverlap(fn: string, outName: string, out: WasmArray, inName: string, input: WasmArray): void {
  const a0 = out.ptr, a1 = a0 + out.byteLength, b0 = input.ptr, b1 = b0 + input.byteLength;
  if (a0 < b1 && b0 < a1 && out.byteLength > 0 && input.byteLength > 0) {
    throw new SaddleArgumentError(fn, outName, `a buffer that does not overlap '${inName}'`, new Described('an overlapping buffer'));
  }
}

/** Elements a row-major rows×cols matrix with row stride `ld` spans. */
export function spanOf(rows: number, cols: number, ld: number): number {
  return rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
}
