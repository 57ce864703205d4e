// Schema pieces the JSON Schema vocabulary lacks, and defaults read from a schema.

import { Unsafe, type TObject, type TSchema, type TUnsafe } from '@sinclair/typebox';

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
