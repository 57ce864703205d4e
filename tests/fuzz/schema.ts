// Fuzz cases read off a schema: the places ("sites") of an options object that a caller can
// get wrong, and for each one a value the schema refuses and one it accepts. A site is a
// field path into a known-good value; the mutated value must be refused with a
// SaddleArgumentError naming exactly that path, and the accepted one must not be refused
// at that path. Works on the schemas saddle builds with TypeBox (see bindings/schema).
import fc from 'fast-check';
import type { TSchema } from '@sinclair/typebox';

type Schema = TSchema & Record<string, unknown>;

/** A field of a known-good value: its path, its schema and whether it may be left out. */
export interface Site { path: string; schema: Schema; optional: boolean }

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const kindOf = (s: Schema): unknown => {
  const kind = (s.properties as Record<string, Schema> | undefined)?.kind;
  return kind && 'const' in kind ? kind.const : undefined;
};

/** The object branch of a union that `value` takes (by `kind`, else the only object branch). */
function branchOf(s: Schema, value: unknown): Schema | undefined {
  if (!Array.isArray(s.anyOf)) return s.type === 'object' ? s : undefined;
  const objects = (s.anyOf as Schema[]).filter((b) => b.type === 'object');
  if (!isObject(value)) return undefined;
  return objects.find((b) => kindOf(b) !== undefined && kindOf(b) === value.kind) ?? (objects.length === 1 ? objects[0] : undefined);
}

/**
 * Every leaf field reachable in `value` (present ones) and every optional field its object
 * schemas declare (absent ones, which a caller may set), depth first. Arrays and `x-numbers`
 * fields are leaves; `kind` discriminators are leaves too.
 */
export function sites(schema: TSchema, value: unknown, path = ''): Site[] {
  const s = schema as Schema;
  const object = branchOf(s, value) ?? (isObject(value) && s.type === 'object' ? s : undefined);
  if (!object || !isObject(value) || s['x-numbers']) return path ? [] : [];
  const out: Site[] = [];
  const required = new Set((object.required ?? []) as string[]);
  for (const [key, child] of Object.entries((object.properties ?? {}) as Record<string, Schema>)) {
    const at = join(path, key), v = value[key];
    const nested = isObject(v) ? branchOf(child, v) : undefined;
    if (nested) out.push(...sites(child, v, at));
    else out.push({ path: at, schema: child, optional: !required.has(key) });
  }
  return out;
}

/** The literal values a (union) schema takes, if it is a union of literals or holds some. */
function literals(s: Schema): unknown[] {
  if ('const' in s) return [s.const];
  return Array.isArray(s.anyOf) ? (s.anyOf as Schema[]).filter((b) => 'const' in b).map((b) => b.const) : [];
}

/** A misspelling of `word` (a dropped, doubled or swapped letter), never `word` itself. */
export function typo(word: string, at: number, how: number): string {
  const i = at % Math.max(1, word.length);
  const variants = [
    word.slice(0, i) + word.slice(i + 1),
    word.slice(0, i) + word[i] + word.slice(i),
    i + 1 < word.length ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : `${word}s`,
    `${word}_`,
  ].filter((v) => v !== word && v.length > 0);
  return variants[how % variants.length] ?? `${word}x`;
}

/** Values the leaf schema refuses (each one must fail at this exact path). */
export function refused(site: Site): fc.Arbitrary<unknown> {
  const s = site.schema;
  const names = literals(s).filter((v): v is string => typeof v === 'string');
  const objectLike = s.type === 'object' && !(s.required as string[] | undefined)?.length;
  const pool: Array<fc.Arbitrary<unknown>> = [fc.constantFrom<unknown>(null, objectLike ? 'x' : {}, s.type === 'boolean' ? 'yes' : true)];
  if (s.type !== 'array' || s['x-numbers'] || (s.minItems as number) > 0) pool.push(fc.constant([]));
  if (names.length && names.length === literals(s).length) {
    pool.push(fc.tuple(fc.constantFrom(...names), fc.nat(12), fc.nat(3)).map(([n, at, how]) => typo(n, at, how)).filter((v) => !names.includes(v)));
  }
  if (s.type === 'number' || s.type === 'integer') {
    pool.push(fc.constantFrom<unknown>(NaN, Infinity, -Infinity, '1'));
    const lo = (s.exclusiveMinimum ?? s.minimum) as number | undefined, hi = (s.exclusiveMaximum ?? s.maximum) as number | undefined;
    if (lo !== undefined) pool.push(fc.constantFrom(s.exclusiveMinimum !== undefined ? lo : lo - 1, lo - 1e6, lo - 0.5).filter((v) => !(s.minimum !== undefined && v >= (s.minimum as number))));
    // past the bound by more than rounding (1e200 + 1 is 1e200)
    if (hi !== undefined) pool.push(fc.constantFrom(s.exclusiveMaximum !== undefined ? hi : hi + Math.max(1, Math.abs(hi)), hi + Math.max(1e6, 2 * Math.abs(hi))));
    if (s.type === 'integer') pool.push(fc.constantFrom(1.5, 2.25));
  }
  if (s.type === 'boolean') pool.push(fc.constantFrom<unknown>(0, 1, 'true'));
  if (s['x-numbers']) pool.push(fc.constantFrom<unknown>([1, NaN], [null, 1], ['1', 2], [1e39, 0], [Infinity]));
  if (s.type === 'array' && !s['x-numbers']) pool.push(fc.constantFrom<unknown>('a', 3, [null], [NaN]));
  return fc.oneof(...pool);
}

/** Values the leaf schema accepts (in bounds, one of the names, …); undefined when unknown. */
export function accepted(site: Site): fc.Arbitrary<unknown> | undefined {
  const s = site.schema;
  const values = literals(s);
  if (values.length && values.length === (Array.isArray(s.anyOf) ? (s.anyOf as Schema[]).length : 1)) return fc.constantFrom(...values);
  if (s.type === 'boolean') return fc.boolean();
  if (s.type === 'number' || s.type === 'integer') {
    const lo = (s.minimum ?? s.exclusiveMinimum ?? -1e3) as number, hi = (s.maximum ?? s.exclusiveMaximum ?? Math.max(lo, 0) + 1e3) as number;
    const inside = (v: number) => (s.minimum === undefined || v >= (s.minimum as number)) && (s.maximum === undefined || v <= (s.maximum as number))
      && (s.exclusiveMinimum === undefined || v > (s.exclusiveMinimum as number)) && (s.exclusiveMaximum === undefined || v < (s.exclusiveMaximum as number))
      && (s.type !== 'integer' || Number.isInteger(v));
    const span = fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
    // integers are sizes and counts: small ones, so a case costs little memory and time
    const top = Math.min(hi, Math.max(lo, 0) + 64);
    if (s.type === 'integer') return fc.integer({ min: Math.ceil(Math.max(lo, -64)), max: Math.floor(top) }).filter(inside);
    return fc.oneof(span, fc.constantFrom(lo, hi, (lo + hi) / 2)).filter(inside);
  }
  return undefined;
}

/** A deep copy of `value` with the field at `path` set to `v` (undefined deletes it). */
export function setPath<T>(value: T, path: string, v: unknown): T {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = path.split('.');
  let at = copy;
  for (const key of keys.slice(0, -1)) {
    if (!isObject(at[key])) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (v === undefined) delete at[last]; else at[last] = v;
  return copy as T;
}

/** The object paths of `value` (where an unknown key can be planted): '' is the top. */
export function objectPaths(schema: TSchema, value: unknown, path = ''): Array<{ path: string; keys: string[] }> {
  const s = schema as Schema;
  const object = branchOf(s, value) ?? (s.type === 'object' ? s : undefined);
  if (!object || !isObject(value)) return [];
  const props = (object.properties ?? {}) as Record<string, Schema>;
  const out = [{ path, keys: Object.keys(props) }];
  for (const [key, child] of Object.entries(props)) if (isObject(value[key])) out.push(...objectPaths(child, value[key], join(path, key)));
  return out;
}
