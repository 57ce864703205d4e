// Schemas of registry choices: a name, or `{ kind, ...options }`.

import { Literal as TLiteral, Object as TObject, Union as TUnion, Unsafe, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';
import type { RegistryEntry } from '../registry.js';
import { propertiesOf } from './values.js';

/** What these schemas read of a registry. */
export interface RegistryLike { readonly names: readonly string[]; readonly entries: { readonly [name: string]: RegistryEntry } }


/** A registry choice written `{ kind, ...options }`. */
export type KindConfig<E extends Record<string, RegistryEntry>> = {
  [K in keyof E & string]: { kind: K } & (E[K]['options'] extends TSchema ? Static<E[K]['options']> : object)
}[keyof E & string];

/** The schema of `{ kind, ...options }` over a registry: one strict object per entry. */
export function kindSchema<E extends Record<string, RegistryEntry>>(registry: { readonly names: readonly string[]; readonly entries: E }, description?: string): TUnsafe<KindConfig<E>> {
  return Unsafe<KindConfig<E>>(TUnion(registry.names.map((name) => TObject({
    kind: TLiteral(name, { description: registry.entries[name].summary }),
    ...propertiesOf(registry.entries[name].options),
  }, { additionalProperties: false })), description ? { description } : {}));
}

/** The schema of one of a registry's names. */
export function nameSchema<E extends Record<string, RegistryEntry>>(registry: { readonly names: readonly string[]; readonly entries: E }, description?: string): TUnsafe<keyof E & string> {
  return Unsafe<keyof E & string>(TUnion(registry.names.map((name) => TLiteral(name, { description: registry.entries[name].summary })), description ? { description } : {}));
}

/** The schema of a name, or `{ kind, ...options }` for entries that have options. */
export function nameOrKindSchema<E extends Record<string, RegistryEntry>>(registry: { readonly names: readonly string[]; readonly entries: E }, description?: string): TUnsafe<(keyof E & string) | KindConfig<E>> {
  const names = registry.names.map((name) => TLiteral(name, { description: registry.entries[name].summary }));
  const withOptions = registry.names.filter((n) => Object.keys(propertiesOf(registry.entries[n].options)).length > 0);
  const objects = withOptions.map((name) => TObject({ kind: TLiteral(name), ...propertiesOf(registry.entries[name].options) }, { additionalProperties: false }));
  return Unsafe<(keyof E & string) | KindConfig<E>>(TUnion([...names, ...objects], description ? { description } : {}));
}

