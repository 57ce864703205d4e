// One registry per family of concepts (losses, regularizers, optimizers, steppers,
// schedules, activations, initializers, datasets, metrics, games). An entry is the only
// place its name is written: the trainer, the CLI, the playground, the docs tables and
// config.schema.json all read the registry.

import type { TSchema } from '@sinclair/typebox';
import { Described, SaddleArgumentError } from './errors.js';
import { oneOfNames } from './schema/nearest.js';
import { validate } from './schema/validate.js';
import { foreignOption, propertiesOf } from './schema/values.js';

export interface RegistryEntry {
  /** One line: what it is. */
  readonly summary: string;
  /** Paper and equation (or "—" for plain math). */
  readonly reference: string;
  /** Its options (a TypeBox/JSON Schema; an empty object schema when it has none). */
  readonly options: TSchema;
  /** Properties the rest of the library asks about (e.g. 'logLoss', 'perRow', 'needsSimultaneous'). */
  readonly capabilities?: readonly string[];
}

export interface Registry<E extends Record<string, RegistryEntry>> {
  /** The family's name, singular ('loss', 'optimizer', …), used in messages and docs. */
  readonly family: string;
  readonly entries: E;
  /** Every name, in the order the entries were written (the docs' order). */
  readonly names: ReadonlyArray<keyof E & string>;
  has(name: unknown): name is keyof E & string;
  /** The entry of `name`; an unknown name throws SaddleArgumentError naming `argument` and the nearest name. */
  get<K extends keyof E & string>(name: K, fn?: string, argument?: string): E[K];
  /** Names whose entry has capability `c`. */
  withCapability(c: string): Array<keyof E & string>;
  /**
   * Checks `options` against entry `name`'s schema. A key that belongs to other entries
   * only is named as inapplicable ("unset for loss 'hinge': smoothing is an option of …");
   * `path` prefixes argument names ('' gives bare keys; an options value that is not an
   * object is reported as `path || 'options'`).
   */
  checkOptions(name: keyof E & string, options: unknown, fn?: string, path?: string): void;
}

export function defineRegistry<E extends Record<string, RegistryEntry>>(family: string, entries: E): Registry<E> {
  const names = Object.keys(entries) as Array<keyof E & string>;
  const has = (name: unknown): name is keyof E & string => typeof name === 'string' && Object.prototype.hasOwnProperty.call(entries, name);
  return {
    family, entries, names, has,
    get(name, fn = family, argument = family) {
      if (!has(name)) throw new SaddleArgumentError(fn, argument, oneOfNames(names, name), typeof name === 'string' ? new Described(`'${name}'`) : name);
      return entries[name];
    },
    withCapability: (c) => names.filter((n) => entries[n].capabilities?.includes(c)),
    checkOptions(name, options, fn = family, path = '') {
      if (options === undefined) return;
      if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new SaddleArgumentError(fn, path || 'options', 'an object (or undefined)', options);
      const keysOf = (n: string) => Object.keys(propertiesOf(entries[n].options));
      const foreign = foreignOption(options, keysOf(name), names.map((n) => [n, keysOf(n)] as const));
      if (foreign) {
        throw new SaddleArgumentError(fn, path ? `${path}.${foreign.key}` : foreign.key,
          `unset for ${family} '${name}' (${foreign.key} is an option of ${foreign.owners.map((n) => `'${n}'`).join(', ')})`, (options as Record<string, unknown>)[foreign.key]);
      }
      validate(fn, path, entries[name].options, options);
    },
  };
}
