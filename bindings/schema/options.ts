// Options checked against a registry entry's TypeBox schema: defaults filled in, unknown
// keys named with the nearest known one, numbers against their ranges, literals against
// their choices. Covers the flat option objects registries use (numbers, integers,
// booleans, string literals, nested plain objects passed through).

import type { TSchema } from '@sinclair/typebox';
import { Described, SaddleArgumentError } from '../errors.js';
import { nearest } from './nearest.js';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

/** What a property schema allows, in words. */
function describe(s: JsonSchema): string {
  if (s.anyOf) return `one of ${s.anyOf.map((c) => JSON.stringify(c.const)).join(', ')}`;
  if (s.type === 'number' || s.type === 'integer') {
    const lo = s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : s.minimum !== undefined ? `>= ${s.minimum}` : '';
    const hi = s.exclusiveMaximum !== undefined ? `< ${s.exclusiveMaximum}` : s.maximum !== undefined ? `<= ${s.maximum}` : '';
    const range = [lo, hi].filter(Boolean).join(' and ');
    return `${s.type === 'integer' ? 'an integer' : 'a finite number'}${range ? ` ${range}` : ''}`;
  }
  if (s.type === 'boolean') return 'a boolean';
  if (s.type === 'object') return 'an object';
  return s.type ? `a ${s.type}` : 'a value';
}

function valid(s: JsonSchema, v: unknown): boolean {
  if (s.anyOf) return s.anyOf.some((c) => c.const === v);
  switch (s.type) {
    case 'number': case 'integer':
      return typeof v === 'number' && Number.isFinite(v) && (s.type === 'number' || Number.isInteger(v))
        && !(s.minimum !== undefined && v < s.minimum) && !(s.maximum !== undefined && v > s.maximum)
        && !(s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) && !(s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum);
    case 'boolean': return typeof v === 'boolean';
    case 'string': return typeof v === 'string';
    case 'object': return v !== null && typeof v === 'object' && !Array.isArray(v);
    default: return true;
  }
}

/**
 * `value` (undefined: {}) checked against an object schema, with every default filled in.
 * Errors are SaddleArgumentError(fn, key, what the schema allows, the value).
 */
export function resolveOptions<T = Record<string, unknown>>(fn: string, schema: TSchema, value: unknown): T {
  const s = schema as JsonSchema;
  const props = s.properties ?? {};
  const given = value ?? {};
  if (given === null || typeof given !== 'object' || Array.isArray(given)) throw new SaddleArgumentError(fn, 'options', 'an object', value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(given)) {
    if (!(key in props)) {
      const near = nearest(key, Object.keys(props));
      const known = Object.keys(props).length ? `one of the options ${Object.keys(props).join(', ')}` : 'no options';
      throw new SaddleArgumentError(fn, key, `${known}${near ? ` (did you mean '${near}'?)` : ''}`, new Described(`an unknown option '${key}'`));
    }
  }
  for (const [key, p] of Object.entries(props)) {
    const v = (given as Record<string, unknown>)[key];
    if (v === undefined) {
      if (p.default !== undefined) out[key] = p.default;
      else if (s.required?.includes(key)) throw new SaddleArgumentError(fn, key, describe(p), v);
      continue;
    }
    if (!valid(p, v)) throw new SaddleArgumentError(fn, key, describe(p), v);
    out[key] = v;
  }
  return out as T;
}
