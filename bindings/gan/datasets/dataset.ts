// What every dataset constructor returns (a Dataset) and the argument checks they share.

import { Described, SaddleArgumentError } from '../../errors.js';
import { F32_MAX } from '../../schema/values.js';

export { F32_MAX };

/** A dataset: rows × dim values, row-major, ready for Program.write into graph.input(g, [rows, dim]). */
export interface Dataset {
  readonly data: Float32Array;
  readonly rows: number;
  readonly dim: number;
  /** The preset or mixture name ('csv' / 'array' for user data). */
  readonly name: string;
  /** Where the distribution comes from (repository and file, or the function that made it). */
  readonly source: string;
  /** Mixtures only: the component centres, modes × dim, row-major (for mode-coverage metrics). */
  readonly modes?: Float32Array;
  /** Mixtures only: the component weights (sum 1). */
  readonly weights?: Float64Array;
  /** Mixtures only: each component's marginal standard deviation per axis, modes × dim. */
  readonly stds?: Float64Array;
  /** Mixtures only: the component each row was drawn from. */
  readonly labels?: Int32Array;
  /** parseCsv with a header only: the column names. */
  readonly columns?: readonly string[];
}

export const MAX_ROWS = 2 ** 26;
export const MAX_VALUES = 2 ** 28;

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as ArrayLike<unknown>).length === 'number';
}

export function checkSeed(fn: string, seed: unknown): number | bigint {
  if (typeof seed === 'bigint' && seed >= 0n && seed < 1n << 64n) return seed;
  if (typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0) return seed;
  throw new SaddleArgumentError(fn, 'seed', 'an integer in [0, 2^53) or a bigint in [0, 2^64)', seed);
}

export function checkRows(fn: string, rows: unknown, dim: number): number {
  if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 1 || rows > MAX_ROWS) {
    throw new SaddleArgumentError(fn, 'rows', 'an integer in [1, 2^26]', rows);
  }
  if (rows * dim > MAX_VALUES) {
    throw new SaddleArgumentError(fn, 'rows', `at most ${Math.floor(MAX_VALUES / dim)} for dim ${dim} (rows·dim <= 2^28 values)`, rows);
  }
  return rows;
}

/** An array of finite numbers >= min (within the f32 range unless `f64`: they become f32 data), each named `name[i]`. */
export function checkVector(fn: string, name: string, value: unknown, length: number | undefined, min = -Infinity, f64 = false): number[] {
  const ok = value !== null && typeof value === 'object' && typeof (value as ArrayLike<number>).length === 'number';
  if (!ok) throw new SaddleArgumentError(fn, name, length === undefined ? 'an array of numbers' : `an array of ${length} numbers`, value);
  const v = Array.from(value as ArrayLike<unknown>);
  if (length !== undefined && v.length !== length) {
    throw new SaddleArgumentError(fn, name, `an array of ${length} numbers`, new Described(`${v.length} numbers`));
  }
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < min || (!f64 && Math.abs(x) > F32_MAX)) {
      const range = f64 ? '' : ' within the f32 range';
      throw new SaddleArgumentError(fn, `${name}[${i}]`, min === -Infinity ? `a finite number${range}` : `a finite number >= ${min}${range}`, x);
    }
  });
  return v as number[];
}
