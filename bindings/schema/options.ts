// A registry entry's options: checked against its schema (validate.ts), then with every
// schema default filled in (values.ts).

import type { TSchema } from '@sinclair/typebox';
import { SaddleArgumentError } from '../errors.js';
import { validate } from './validate.js';
import { withDefaults } from './values.js';

/**
 * `value` (undefined: {}; null is refused) checked against an object schema, with every default filled in.
 * Errors are SaddleArgumentError(fn, `${path}.key`, what the schema allows, the value): the
 * fields of a function's options argument are named `options.key`.
 */
export function resolveOptions<T = Record<string, unknown>>(fn: string, schema: TSchema, value: unknown, path = 'options'): T {
  const given = value === undefined ? {} : value;
  if (given === null || typeof given !== 'object' || Array.isArray(given)) throw new SaddleArgumentError(fn, path || 'options', 'an object (or undefined)', value);
  // registry options are strict: an unknown key is a typo
  validate(fn, path, { ...schema, additionalProperties: false } as TSchema, given);
  return withDefaults(schema, given as Record<string, unknown>) as T;
}
