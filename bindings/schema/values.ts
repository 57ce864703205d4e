// Schema pieces the JSON Schema vocabulary lacks, and defaults read from a schema.

import { Unsafe, type TObject, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { Described, SaddleArgumentError, describe } from '../errors.js';

/** Largest finite f32: a larger finite number becomes ±Infinity when stored in f32. */
export const F32_MAX = 3.4028234663852886e38;

export interface NumbersCheck {
  /** every entry finite and within ±F32_MAX, so the f32 copy holds the given values (default true) */
  finite?: boolean;
  /** fewest entries (default 0) */
  minLength?: number;
  /** entries per row: a bad entry is named by row and column as well as index */
  cols?: number;
}

/**
 * `value` if it is an ArrayLike of numbers (a plain or typed array); else SaddleArgumentError
 * naming `fn`, `argument` and the first bad entry. Plain arrays are read entry by entry:
 * null, strings and holes are refused, not stored as 0 or NaN. With `finite` (the default)
 * every entry is also a finite number within the f32 range. The one check behind the
 * schema's `x-numbers`, graph constants, Program.write and WASM arrays.
 */
export function finiteF32Numbers(fn: string, argument: string, value: unknown, options: NumbersCheck = {}): ArrayLike<number> {
  const { finite = true, minLength = 0, cols } = options;
  const whole = finite ? 'finite numbers' : 'numbers';
  const ok = value !== null && typeof value === 'object' && typeof (value as ArrayLike<unknown>).length === 'number';
  if (!ok || (value as ArrayLike<unknown>).length < minLength) {
    throw new SaddleArgumentError(fn, argument, `${minLength > 0 ? 'a non-empty array' : 'an array'} of ${whole}`, value);
  }
  const v = value as ArrayLike<unknown>;
  // typed arrays hold numbers only; float ones can still hold NaN and ±Infinity
  const typed = ArrayBuffer.isView(v);
  if (typed && (!finite || !(v instanceof Float32Array || v instanceof Float64Array))) return v as ArrayLike<number>;
  const where = (i: number) => (cols ? `at index ${i} (row ${Math.floor(i / cols)}, column ${i % cols}; from 0)` : `at index ${i}`);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || (finite && !Number.isFinite(x))) fail(fn, argument, whole, x, where(i));
    if (finite && Math.abs(x) > F32_MAX) fail(fn, argument, `numbers within the f32 range (|x| <= ${F32_MAX.toExponential(4)})`, x, where(i));
  }
  return v as ArrayLike<number>;
}

function fail(fn: string, argument: string, expected: string, x: unknown, where: string): never {
  throw new SaddleArgumentError(fn, argument, expected, new Described(`${describe(x)} ${where}`));
}

/** A non-empty ArrayLike of finite f32-range numbers (plain arrays or typed arrays; checked by validate). */
export function numbers(description?: string): TUnsafe<ArrayLike<number>> {
  return Unsafe<ArrayLike<number>>({ type: 'array', items: { type: 'number' }, minItems: 1, 'x-numbers': true, ...(description ? { description } : {}) });
}

/** The property schemas of an object schema ({} for any other schema). */
export function propertiesOf(schema: TSchema): Record<string, TSchema> {
  return ((schema as TObject).properties ?? {}) as Record<string, TSchema>;
}

/**
 * The first key of `value` outside `own` that some other choices take, with those choices
 * (`others`: each choice's name and its keys); null when there is none. It turns "unknown
 * field" into "unset for this choice: an option of those".
 */
export function foreignOption(value: object, own: readonly string[], others: ReadonlyArray<readonly [string, readonly string[]]>): { key: string; owners: string[] } | null {
  for (const key of Object.keys(value)) {
    if (own.includes(key)) continue;
    const owners = others.filter(([, keys]) => keys.includes(key)).map(([name]) => name);
    if (owners.length) return { key, owners };
  }
  return null;
}

/** `options` with each missing property that has a schema default filled in (one level). */
export function withDefaults<T extends object>(schema: TSchema, options: T | undefined): T {
  const out: Record<string, unknown> = { ...(options ?? {}) };
  for (const [key, property] of Object.entries(propertiesOf(schema))) {
    if (out[key] === undefined && (property as { default?: unknown }).default !== undefined) out[key] = (property as { default: unknown }).default;
  }
  return out as T;
}
