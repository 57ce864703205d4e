// The trainer's options as a list of config fragments, one per registry entry or schema
// choice (a loss, a regularizer at a moderate strength, a scheme, an optimizer kind per
// player, a stepper, an activation, …), generated from the registries so a new entry
// joins automatically. tests/gan/combinations.test.ts trains every pair of them, and
// docs/trainer.md's compatibility matrix lists the pairs checkConfig refuses.

import type { TSchema } from '@sinclair/typebox';
import { SaddleArgumentError } from '../errors.js';
import { ACTIVATIONS, INITIALIZERS } from '../nn/registry.js';
import { OPTIMIZERS, SCHEDULES } from '../optim/registry.js';
import { STEPPERS } from '../minimax/steppers.js';
import { propertiesOf } from '../schema/values.js';
import { checkConfig, TRAINER_CONFIG_SCHEMA, type TrainerConfig } from './config.js';
import { LOSSES } from './losses.js';
import { REGULARIZERS } from './regularizers.js';
import { SCHEMES } from './schemes.js';

type Json = Record<string, unknown>;

/** One option of the trainer: a partial config, merged into a base config by mergeConfig. */
export interface ConfigFragment {
  /** e.g. "pack: 2", "optimizer.d.kind: 'sgd'" */
  readonly label: string;
  /** the config paths it sets (leaves) */
  readonly paths: readonly string[];
  /** what names it in an error message: its paths and their prefixes, and its registry name if any */
  readonly mentions: readonly string[];
  readonly config: Json;
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);

/** `base` with `patch` merged in: objects field by field, anything else replaced. */
export function mergeConfig<T>(base: T, ...patches: Json[]): T {
  const merge = (a: unknown, b: unknown): unknown => {
    if (!isObject(a) || !isObject(b)) return b;
    const out: Json = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
    return out;
  };
  return patches.reduce<unknown>((acc, p) => merge(acc, p), base) as T;
}

/** Leaf paths of a fragment (a registry choice `{ kind, … }` or an empty object is one leaf). */
function leaves(value: unknown, prefix: string): string[] {
  if (!isObject(value) || 'kind' in value || Object.keys(value).length === 0) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v).replace(/"(\w+)":/g, '$1: ').replace(/"/g, "'").replace(/,/g, ', '));

function fragment(config: Json, name?: string): ConfigFragment {
  const paths = leaves(config, '');
  const at = (path: string) => path.split('.').reduce<unknown>((v, k) => (v as Json)[k], config);
  const label = paths.map((p) => `${p}: ${show(at(p))}`).join(', ');
  const prefixes = (path: string) => path.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'));
  const mentions = [...new Set(paths.flatMap((p) => prefixes(p.replace(/\.kind$/, ''))))];
  return { label, paths, mentions: name ? [...mentions, name] : mentions, config };
}

/**
 * A value a schema accepts, away from its bounds: a number 1 (0.5 when the range ends at
 * 1 or below), an integer 10 when allowed (else its minimum), a required object's
 * required fields; undefined when none can be made (e.g. an array of per-layer values).
 */
function example(schema: TSchema): unknown {
  const s = schema as Json;
  if (s.type === 'number' || s.type === 'integer') {
    const lo = (s.minimum ?? s.exclusiveMinimum ?? -Infinity) as number, hi = (s.maximum ?? s.exclusiveMaximum ?? Infinity) as number;
    const inside = (v: number) => v > lo && v < hi;
    if (s.type === 'integer') return inside(10) ? 10 : Math.max(lo + (s.exclusiveMinimum !== undefined ? 1 : 0), 0);
    return hi <= 1 ? (Math.max(lo, 0) + hi) / 2 : inside(1) ? 1 : (lo + hi) / 2;
  }
  if (s.type === 'boolean') return true;
  if (s.type === 'object') return requiredOptions(schema);
  return undefined;
}

/** An object of the required fields of `schema` with example values, or undefined. */
function requiredOptions(schema: TSchema): Json | undefined {
  const out: Json = {};
  for (const key of ((schema as Json).required as string[] | undefined) ?? []) {
    const v = example(propertiesOf(schema)[key] as TSchema);
    if (v === undefined) return undefined;
    out[key] = v;
  }
  return out;
}

/** A registry choice: its name when it needs no options, else `{ kind, ...required options }`. */
function choice(registry: { entries: Record<string, { options: TSchema }> }, name: string, asKind = false): unknown {
  const options = requiredOptions(registry.entries[name].options);
  if (options === undefined) return undefined;
  return !asKind && Object.keys(options).length === 0 ? name : { kind: name, ...options };
}

/** A non-default value of a schema with a default (a literal union's other members, default + 1, …). */
function nonDefaults(schema: TSchema): unknown[] {
  const s = schema as Json;
  if (Array.isArray(s.anyOf)) return (s.anyOf as Json[]).filter((b) => 'const' in b && b.const !== s.default).map((b) => b.const);
  if (s.type === 'integer' && typeof s.default === 'number') return [s.default + 1];
  if (s.type === 'number' && typeof s.default === 'number') {
    const v = example({ ...s, default: undefined } as TSchema) as number;
    return v === s.default ? [] : [v];
  }
  if (s.type === 'boolean') return [!s.default];
  return [];
}

/**
 * Every option of the trainer as a fragment: each loss but the default and each number
 * loss option; each regularizer (REGULARIZERS, example strength); each scheme but the
 * default; each optimizer kind (OPTIMIZERS) for D and for G; each schedule (SCHEDULES)
 * with warm-up on both players; each stepper (STEPPERS); each activation (ACTIVATIONS) as
 * both networks' hidden activation and as G's output; each initializer (INITIALIZERS) on
 * both networks; spectral norm on D and on G; minibatch-std; and every other optional
 * field of TRAINER_CONFIG_SCHEMA at a non-default value (dSteps 2, pack 2, ema, unrolled,
 * anderson, uniform noise, logCapacity, historyEvery, nonFinite). Options of a base
 * config's optimizer (`{ kind, lr }`) are what the optimizer fragments replace.
 */
export function configFragments(): ConfigFragment[] {
  const out: ConfigFragment[] = [];
  const add = (config: Json, name?: string) => out.push(fragment(config, name));
  const p = TRAINER_CONFIG_SCHEMA.properties;
  for (const loss of LOSSES.names) if (loss !== 'nonSaturating') add({ loss }, loss); // the trainer's default
  const lossOptions = propertiesOf(p.lossOptions as TSchema);
  for (const [key, schema] of Object.entries(lossOptions)) for (const v of nonDefaults(schema as TSchema)) add({ lossOptions: { [key]: v } });
  for (const name of REGULARIZERS.names) {
    const value = example(REGULARIZERS.entries[name].options);
    // one that needs a joint-field scheme comes with the first such scheme
    const scheme = REGULARIZERS.withCapability('simultaneous').includes(name) ? { scheme: SCHEMES.withCapability('jointField')[0] } : {};
    if (value !== undefined) add({ ...scheme, regularizers: { [name]: value } }, name);
  }
  for (const scheme of SCHEMES.names) if (scheme !== 'alternating') add({ scheme }, scheme);
  for (const player of ['d', 'g']) {
    for (const kind of OPTIMIZERS.names) {
      const options = requiredOptions(OPTIMIZERS.entries[kind].options);
      if (kind !== 'adam' && options) add({ optimizer: { [player]: { kind, ...options } } }, kind);
    }
  }
  for (const kind of SCHEDULES.names) {
    const schedule = choice(SCHEDULES, kind, true);
    if (kind !== 'constant' && schedule) add({ optimizer: { d: { schedule, warmup: 2 }, g: { schedule, warmup: 2 } } }, kind);
  }
  for (const kind of STEPPERS.names) {
    const stepper = choice(STEPPERS, kind, true);
    if (stepper) add({ stepper }, kind);
  }
  for (const name of ACTIVATIONS.names) {
    const activation = choice(ACTIVATIONS, name);
    if (activation === undefined) continue;
    add({ generator: { activation }, discriminator: { activation } }, name);
    if (name !== 'linear') add({ generator: { output: activation } }, name);
  }
  for (const name of INITIALIZERS.names) {
    const init = choice(INITIALIZERS, name, true);
    if (init && name !== 'he') add({ generator: { init }, discriminator: { init } }, name);
  }
  for (const who of ['generator', 'discriminator'] as const) {
    const schema = propertiesOf(p[who] as TSchema);
    for (const key of Object.keys(schema)) {
      if (key === 'hidden' || key === 'activation' || key === 'init' || key === 'output') continue;
      for (const v of nonDefaults(schema[key] as TSchema)) add({ [who]: { [key]: v } });
    }
  }
  for (const v of nonDefaults(propertiesOf(p.noise as TSchema).distribution as TSchema)) add({ noise: { distribution: v } });
  // the other optional top-level fields at a non-default value
  const examples: Json = { dSteps: 2, pack: 2, ema: 0.9, unrolled: { steps: 1 }, anderson: {}, logCapacity: 16, historyEvery: 3, nonFinite: 'rollback' };
  for (const [key, value] of Object.entries(examples)) add({ [key]: value });
  return out;
}

/** The tiny config the fragments are merged into: 8 points in 2-D, noise dim 2, hidden [4], batch 4, Adam on both players. */
export function combinationBase(): TrainerConfig {
  const ring = Array.from({ length: 8 }, (_, k) => [Math.cos((k * Math.PI) / 4), Math.sin((k * Math.PI) / 4)]).flat();
  return {
    data: { values: ring, dim: 2 }, noise: { dim: 2 }, batch: 4, seed: 7,
    generator: { hidden: [4] }, discriminator: { hidden: [4] },
    optimizer: { d: { kind: 'adam', lr: 1e-3 }, g: { kind: 'adam', lr: 1e-3 } },
  };
}

/** Every pair of fragments that sets different fields, with checkConfig's refusal or null. */
export function fragmentPairs(base: TrainerConfig = combinationBase()): Array<{ a: ConfigFragment; b: ConfigFragment; refusal: SaddleArgumentError | null }> {
  const fragments = configFragments();
  return fragments.flatMap((a, i) => fragments.slice(i + 1).filter((b) => !sameField(a, b)).map((b) => ({ a, b, refusal: refusal(base, a, b) })));
}

/** Fields of TRAINER_CONFIG_SCHEMA that no fragment sets (every one but these has one). */
export const FIXED_CONFIG_FIELDS = ['data', 'batch', 'seed', '$schema'] as const;

/** True when two fragments set the same field (they are alternatives, not a combination). */
export function sameField(a: ConfigFragment, b: ConfigFragment): boolean {
  return a.paths.some((x) => b.paths.some((y) => x === y || x.startsWith(`${y}.`) || y.startsWith(`${x}.`)));
}

/** What checkConfig says of `base` with the fragments merged in: null when it accepts, else its SaddleArgumentError. */
export function refusal(base: TrainerConfig, ...fragments: ConfigFragment[]): SaddleArgumentError | null {
  try {
    checkConfig(mergeConfig(base, ...fragments.map((f) => f.config)));
    return null;
  } catch (error) {
    if (error instanceof SaddleArgumentError) return error;
    throw error;
  }
}
