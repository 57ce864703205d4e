// Schema pieces the JSON Schema vocabulary lacks, and defaults read from a schema.

import { Unsafe, type TObject, type TSchema, type TUnsafe } from '@sinclair/typebox';

/** A non-empty ArrayLike of finite f32-range numbers (plain arrays or typed arrays; checked by validate). */
export function numbers(description?: string): TUnsafe<ArrayLike<number>> {
  return Unsafe<ArrayLike<number>>({ type: 'array', items: { type: 'number' }, minItems: 1, 'x-numbers': true, ...(description ? { description } : {}) });
}

/** `options` with each missing property that has a schema default filled in (one level). */
export function withDefaults<T extends object>(schema: TSchema, options: T | undefined): T {
  const out: Record<string, unknown> = { ...(options ?? {}) };
  for (const [key, property] of Object.entries((schema as TObject).properties ?? {})) {
    if (out[key] === undefined && (property as { default?: unknown }).default !== undefined) out[key] = (property as { default: unknown }).default;
  }
  return out as T;
}
