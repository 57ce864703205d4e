// Checks a value against a TypeBox (JSON Schema) description and throws SaddleArgumentError
// naming the full path (`generator.hidden[1]`), the value and what is allowed. Unknown keys
// suggest the nearest known key. Handles the subset saddle's schemas use: strict objects,
// finite numbers and integers with bounds, literals and literal unions, booleans, strings,
// arrays, unions discriminated by `kind` or by type, and one saddle keyword:
//   'x-numbers': a non-empty ArrayLike of finite f32-range numbers (typed arrays allowed)

import type { TSchema } from '@sinclair/typebox';
import { Described, SaddleArgumentError } from '../errors.js';
import { nearest, oneOfNames } from './nearest.js';
import { finiteF32Numbers, foreignOption, propertiesOf } from './values.js';

type Schema = TSchema & Record<string, unknown>;

/** Throws SaddleArgumentError(fn, path, …) unless `value` fits `schema`. */
export function validate(fn: string, path: string, schema: TSchema, value: unknown): void {
  check(fn, path, schema as Schema, value);
}

/** What a schema allows, in words ("an integer in [1, 65536]"). */
export function describeSchema(schema: TSchema): string {
  const s = schema as Schema;
  if (s['x-expected']) return s['x-expected'] as string;
  if (s['x-numbers']) return 'a non-empty array of finite numbers';
  if ('const' in s) return literal(s.const);
  if (Array.isArray(s.anyOf)) {
    const branches = s.anyOf as Schema[];
    const names = branches.filter((b) => 'const' in b), objects = branches.filter((b) => !('const' in b));
    const kinds = objects.map(kindOf);
    const parts: string[] = [];
    if (names.length) parts.push(`${names.length > 1 ? 'one of ' : ''}${names.map((b) => literal(b.const)).join(', ')}`);
    if (objects.length > 1 && kinds.every((k) => k !== undefined)) parts.push(`{ kind: ${kinds.map(literal).join(' | ')}, ...that kind's options }`);
    else parts.push(...objects.map((b) => describeSchema(b)));
    return parts.join(' or ');
  }
  switch (s.type) {
    case 'number': case 'integer': return numberText(s);
    case 'boolean': return 'true or false';
    case 'string': return 'a string';
    case 'array': return `an array of ${plural(describeSchema(s.items as Schema))}`;
    case 'object': {
      const kind = kindOf(s);
      if (kind !== undefined) return `{ kind: ${literal(kind)}${optionalKeys(s)} }`;
      const keys = Object.keys((s.properties ?? {}) as object);
      return keys.length ? `an object { ${keys.join(', ')} }` : 'an object';
    }
  }
  return 'a valid value';
}

function literal(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}

function plural(text: string): string {
  return text.replace(/^an? /, '').replace(/^(integer|number|string|object)/, '$1s');
}

function optionalKeys(s: Schema): string {
  const keys = Object.keys((s.properties ?? {}) as object).filter((k) => k !== 'kind');
  return keys.length ? `, ${keys.join(', ')}` : '';
}

function numberText(s: Schema): string {
  const int = s.type === 'integer';
  const lo = s.exclusiveMinimum ?? s.minimum, hi = s.exclusiveMaximum ?? s.maximum;
  const open = s.exclusiveMinimum !== undefined, close = s.exclusiveMaximum !== undefined;
  const noun = int ? 'an integer' : 'a number';
  if (lo !== undefined && hi !== undefined) return `${noun} in ${open ? '(' : '['}${fmt(lo)}, ${fmt(hi)}${close ? ')' : ']'}`;
  if (lo === 0 && open) return int ? 'a positive integer' : 'a positive finite number';
  if (lo !== undefined) return `${int ? 'an integer' : 'a finite number'} ${open ? '>' : '>='} ${fmt(lo)}`;
  if (hi !== undefined) return `${int ? 'an integer' : 'a finite number'} ${close ? '<' : '<='} ${fmt(hi)}`;
  return int ? 'an integer' : 'a finite number';
}

function fmt(v: unknown): string {
  if (typeof v !== 'number') return String(v);
  for (let p = 10; p <= 60; p++) if (v === 2 ** p) return `2^${p}`;
  for (let p = 10; p <= 60; p++) if (v === 2 ** p - 1) return `2^${p} - 1`;
  return String(v);
}

function kindOf(s: Schema): unknown {
  const props = s.properties as Record<string, Schema> | undefined;
  return props?.kind && 'const' in props.kind ? props.kind.const : undefined;
}

function fail(fn: string, path: string, expected: string, got: unknown): never {
  throw new SaddleArgumentError(fn, path, expected, got);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

function check(fn: string, path: string, s: Schema, value: unknown): void {
  if (s['x-numbers']) return checkNumbers(fn, path, value);
  if ('const' in s) { if (value !== s.const) fail(fn, path, literal(s.const), value); return; }
  if (Array.isArray(s.anyOf)) return checkUnion(fn, path, s.anyOf as Schema[], value, s);
  switch (s.type) {
    case 'number': case 'integer': return checkNumber(fn, path, s, value);
    case 'boolean': if (typeof value !== 'boolean') fail(fn, path, 'true or false', value); return;
    case 'string': if (typeof value !== 'string') fail(fn, path, 'a string', value); return;
    case 'array': return checkArray(fn, path, s, value);
    case 'object': return checkObject(fn, path, s, value);
  }
}

function checkNumber(fn: string, path: string, s: Schema, value: unknown): void {
  const ok = typeof value === 'number' && Number.isFinite(value)
    && (s.type !== 'integer' || Number.isInteger(value))
    && (s.minimum === undefined || value >= (s.minimum as number))
    && (s.maximum === undefined || value <= (s.maximum as number))
    && (s.exclusiveMinimum === undefined || value > (s.exclusiveMinimum as number))
    && (s.exclusiveMaximum === undefined || value < (s.exclusiveMaximum as number));
  if (!ok) fail(fn, path, (s['x-expected'] as string | undefined) ?? numberText(s), value);
}

function checkNumbers(fn: string, path: string, value: unknown): void {
  finiteF32Numbers(fn, path, value, { minLength: 1 });
}

function checkArray(fn: string, path: string, s: Schema, value: unknown): void {
  if (!Array.isArray(value)) fail(fn, path, describeSchema(s), value);
  if (s.minItems !== undefined && value.length < (s.minItems as number)) fail(fn, path, `${describeSchema(s)} with at least ${s.minItems} items`, value);
  if (s.maxItems !== undefined && value.length > (s.maxItems as number)) fail(fn, path, `${describeSchema(s)} with at most ${s.maxItems} items`, value);
  value.forEach((item, i) => check(fn, `${path}[${i}]`, s.items as Schema, item));
}

function checkObject(fn: string, path: string, s: Schema, value: unknown): void {
  if (!isPlainObject(value)) fail(fn, path, describeSchema(s), value);
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const known = Object.keys(props);
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (s.additionalProperties === false) {
    for (const key of Object.keys(value)) {
      if (!Object.prototype.hasOwnProperty.call(props, key)) {
        const near = nearest(key, known);
        fail(fn, at(key), known.length ? `one of the known fields (${known.join(', ')})${near ? `: did you mean '${near}'?` : ''}` : `unset (${path || 'this object'} takes no options)`,
          new Described(`an unknown field '${key}'`));
      }
    }
  }
  for (const key of (s.required ?? []) as string[]) {
    if (value[key] === undefined) fail(fn, at(key), describeSchema(props[key]), undefined);
  }
  for (const key of known) {
    if (value[key] === undefined) continue;
    check(fn, at(key), props[key], value[key]);
  }
}

function checkUnion(fn: string, path: string, branches: Schema[], value: unknown, whole: Schema): void {
  // literal unions: an enum
  const literals = branches.filter((b) => 'const' in b);
  if (literals.length === branches.length) {
    if (!literals.some((b) => b.const === value)) {
      const names = literals.map((b) => String(b.const));
      const near = typeof value === 'string' ? nearest(value, names) : undefined;
      fail(fn, path, `${describeSchema(whole)}${near ? ` (did you mean '${near}'?)` : ''}`, value);
    }
    return;
  }
  // a name or an object: dispatch by type
  if (typeof value === 'string') {
    const strings = branches.filter((b) => ('const' in b && typeof b.const === 'string') || b.type === 'string');
    if (strings.some((b) => ('const' in b ? b.const === value : true))) return;
    const names = strings.filter((b) => 'const' in b).map((b) => String(b.const));
    const near = nearest(value, names);
    fail(fn, path, `${describeSchema(whole)}${near ? ` (did you mean '${near}'?)` : ''}`, value);
  }
  const objects = branches.filter((b) => b.type === 'object');
  if (isPlainObject(value) && objects.length) {
    const kinds = objects.map(kindOf);
    if (kinds.every((k) => k !== undefined)) {
      const i = kinds.indexOf(value.kind as never);
      if (i < 0) fail(fn, path ? `${path}.kind` : 'kind', oneOfNames(kinds.map(String), value.kind), value.kind);
      const keysOf = (b: Schema) => Object.keys(propertiesOf(b));
      const foreign = foreignOption(value, keysOf(objects[i]), objects.map((b, j) => [String(kinds[j]), keysOf(b)] as const));
      if (foreign) {
        fail(fn, path ? `${path}.${foreign.key}` : foreign.key,
          `unset for kind '${String(value.kind)}' (${foreign.key} is an option of ${foreign.owners.map((k) => `'${k}'`).join(', ')})`, value[foreign.key]);
      }
      return check(fn, path, objects[i], value);
    }
    if (objects.length === 1) return check(fn, path, objects[0], value);
  }
  for (const b of branches) {
    try { check(fn, path, b, value); return; } catch (error) { if (!(error instanceof SaddleArgumentError)) throw error; }
  }
  fail(fn, path, describeSchema(whole), value);
}
