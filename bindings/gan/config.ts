// The trainer's configuration as one declarative schema, assembled from the registries
// (losses, regularizers, optimizers, schedules, activations, initializers, schemes). From
// it come the TrainerConfig type, checkConfig's validation (typed errors naming the full
// path, with the nearest known key), the defaults, the docs reference and
// config.schema.json. Rules between fields are listed once, in CONSTRAINTS.

import {
  Boolean as TBoolean, Integer as TInteger, Literal as TLiteral, Number as TNumber, Object as TObject, Optional, String as TString,
  Union as TUnion, Array as TArray, Unsafe, type Static, type TObject as TObjectSchema, type TProperties, type TSchema,
} from '@sinclair/typebox';
import { Described, SaddleArgumentError } from '../errors.js';
import { ACTIVATIONS, INITIALIZERS } from '../nn/registry.js';
import { OPTIMIZERS, SCHEDULES } from '../optim/registry.js';
import { ANDERSON_OPTIONS } from '../optim/anderson.js';
import { kindSchema, nameOrKindSchema, nameSchema } from '../schema/kinds.js';
import { validate } from '../schema/validate.js';
import { finiteF32Numbers, numbers, propertiesOf } from '../schema/values.js';
import { LOSSES, type GanLossKind } from './losses.js';
import { REGULARIZERS } from './regularizers.js';
import { SCHEMES } from './schemes.js';
import { STEPPERS } from '../minimax/steppers.js';
import { DATASET_PRESETS } from './datasets/index.js';

const strict = <P extends TProperties>(properties: P, options: { description?: string } = {}) => TObject(properties, { additionalProperties: false, ...options });
const int = (minimum: number, maximum: number, description: string, fallback?: number) =>
  TInteger({ minimum, maximum, description, ...(fallback !== undefined ? { default: fallback } : {}) });
const width = int(1, 1 << 16, 'layer width');

const network = (who: 'G' | 'D') => strict({
  hidden: TArray(width, { description: 'hidden layer widths, e.g. [64, 64]' }),
  activation: Optional(nameOrKindSchema(ACTIVATIONS, `hidden activation (default ${who === 'G' ? "'relu'" : "{ kind: 'leakyRelu', slope: 0.2 }"})`)),
  init: Optional(kindSchema(INITIALIZERS, "weight initializer of every layer (default { kind: 'he' }); biases start at 0")),
  spectralNorm: Optional(TBoolean({ description: 'spectral normalization of every weight (Miyato et al. 2018), one power iteration per update', default: false })),
}, { description: who === 'G' ? 'the generator MLP' : 'the discriminator MLP' });

const generatorSchema = TObject({
  ...network('G').properties,
  output: Optional(nameOrKindSchema(ACTIVATIONS, "output activation (default 'linear')")),
}, { additionalProperties: false, description: 'the generator MLP: noise to samples' });

const discriminatorSchema = TObject({
  ...network('D').properties,
  minibatchStd: Optional(TBoolean({ description: 'append the minibatch standard deviation as a feature (Karras et al. 2018, §3)', default: false })),
}, { additionalProperties: false, description: 'the discriminator MLP: samples (packed) to one raw score' });

const optimizerSchema = kindSchema(OPTIMIZERS);
const commonOptimizerFields = {
  lr: TNumber({ exclusiveMinimum: 0, description: 'learning rate' }),
  schedule: Optional(kindSchema(SCHEDULES, 'learning-rate schedule over the player\'s update count (default constant)')),
  warmup: Optional(int(0, 2 ** 31 - 1, 'linear warm-up over this many updates', 0)),
};

/** One player's optimizer: a registry kind with its own options, plus rate, schedule and warm-up. */
const playerOptimizerSchema = TUnion((optimizerSchema.anyOf as TSchema[]).map((branch) => TObject({
  ...(branch as TObjectSchema).properties, ...commonOptimizerFields,
}, { additionalProperties: false })), { description: "a player's optimizer (default { kind: 'adam', lr: 2e-4, b1: 0.5, b2: 0.999 })" });

const regularizerProperties: TProperties = {};
for (const name of REGULARIZERS.names) {
  const entry = REGULARIZERS.entries[name];
  regularizerProperties[name] = Optional({ ...entry.options, description: `${entry.summary} (${entry.reference})` });
}

/** Every loss's options together; which apply to the chosen loss is a constraint. */
const lossOptionProperties: TProperties = {};
for (const name of LOSSES.names) Object.assign(lossOptionProperties, (LOSSES.entries[name].options as { properties: TProperties }).properties);

export const TRAINER_CONFIG_SCHEMA = TObject({
  data: strict({
    values: numbers('data rows, row-major [rows, dim]'),
    dim: int(1, 1 << 20, 'columns per row'),
  }, { description: 'the training data' }),
  noise: strict({
    dim: int(1, 1 << 16, 'latent dimension'),
    distribution: Optional(TUnion([TLiteral('normal'), TLiteral('uniform')], { description: 'N(0, I) or U[0, 1)', default: 'normal' })),
  }, { description: "the generator's latent noise" }),
  generator: generatorSchema,
  discriminator: discriminatorSchema,
  loss: Optional(nameSchema(LOSSES, "the GAN loss (default 'nonSaturating')")),
  lossOptions: Optional(Unsafe<LossOptionsConfig>(strict(lossOptionProperties, { description: "the chosen loss's options (see each loss)" }))),
  batch: int(1, 1 << 20, 'samples per update'),
  seed: TInteger({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'seed of every random draw (weights, data, noise)' }),
  optimizer: Optional(strict({ d: Optional(Unsafe<OptimizerConfig>(playerOptimizerSchema)), g: Optional(Unsafe<OptimizerConfig>(playerOptimizerSchema)) },
    { description: 'each player\'s optimizer; separate rates for D and G are TTUR (Heusel et al. 2017)' })),
  dSteps: Optional(int(1, 1000, 'D updates per G update (alternating scheme)', 1)),
  scheme: Optional(nameSchema(SCHEMES, "how the players' updates are ordered (default 'alternating')")),
  stepper: Optional(kindSchema(STEPPERS, "any stepper of minimax.STEPPERS in place of the scheme, as { kind, ...its options }, run on D (y) and G (x) with their optimizers")),
  unrolled: Optional(strict({
    steps: int(1, 100, 'SGD steps of D that G looks ahead through'),
    lr: Optional(TNumber({ exclusiveMinimum: 0, description: "their learning rate (default: D's)" })),
  }, { description: 'Unrolled GAN (Metz et al. 2017): G\'s loss against D after `steps` SGD steps, differentiated through them' })),
  regularizers: Optional(Unsafe<RegularizerConfig>(TObject(regularizerProperties, { additionalProperties: false, description: 'stabilizers; see each' }))),
  ema: Optional(TNumber({ minimum: 0, exclusiveMaximum: 1, description: "decay of an exponential moving average of G's weights (Yazıcı et al. 2019), e.g. 0.999" })),
  pack: Optional(int(1, 1024, 'PacGAN: samples per discriminator input (Lin et al. 2018)', 1)),
  anderson: Optional(TObject(ANDERSON_OPTIONS.properties, { additionalProperties: false, description: 'GDA-AM (He et al. 2022): Anderson mixing (type II) on the joint parameters, the whole iteration as the fixed-point map' })),
  logCapacity: Optional(int(16, 1 << 24, 'values kept per log in WASM between drains', 65536)),
  historyEvery: Optional(int(1, 2 ** 31 - 1, 'history keeps one entry every this many iterations', 1)),
  nonFinite: Optional(TUnion([
    TLiteral('stop'), TLiteral('rollback'),
    strict({
      action: TUnion([TLiteral('stop'), TLiteral('rollback')]),
      every: Optional(int(1, 2 ** 31 - 1, 'iterations between kept good states', 100)),
      lrFactor: Optional(TNumber({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.5, description: 'learning-rate factor at each rollback' })),
      maxRollbacks: Optional(int(0, 1000, 'rollbacks before stopping', 5)),
    }),
  ], { description: "what a non-finite loss, penalty or gradient norm does: 'stop' (default; back to the last good state, then SaddleNumericError) or 'rollback' (back to it with lower rates)" })),
  $schema: Optional(TString({ description: 'the JSON Schema of this file (editors read it)' })),
}, { additionalProperties: false, title: 'saddle TrainerConfig', description: 'A GAN trainer configuration (saddle)' });

type Entries<R> = R extends { entries: infer E } ? E : never;
type OptionsOf<E, K extends keyof E> = E[K] extends { options: infer O extends TSchema } ? Static<O> : never;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** The options of every loss kind together (each kind accepts only its own: see LOSSES). */
export type LossOptionsConfig = UnionToIntersection<{ [K in keyof Entries<typeof LOSSES>]: OptionsOf<Entries<typeof LOSSES>, K> }[keyof Entries<typeof LOSSES>]>;
/** A learning-rate schedule over the player's update count t. */
export type ScheduleConfig = Static<ReturnType<typeof kindSchema<Entries<typeof SCHEDULES>>>>;
/** A player's optimizer: its kind's options plus lr, schedule and warm-up. */
export type OptimizerConfig = Static<typeof optimizerSchema> & { lr: number; schedule?: ScheduleConfig; warmup?: number };
export type RegularizerConfig = { [K in keyof Entries<typeof REGULARIZERS>]?: OptionsOf<Entries<typeof REGULARIZERS>, K> };
export type NetworkConfig = Static<typeof generatorSchema> & Static<typeof discriminatorSchema>;
export type TrainerConfig = Omit<Static<typeof TRAINER_CONFIG_SCHEMA>, '$schema'> & { $schema?: string };

const FN = 'GanTrainer';

/** A rule between fields: null when it holds, else [path, what is allowed, the value]. */
type Constraint = (c: TrainerConfig) => readonly [string, string, unknown] | null;

const schemeOf = (c: TrainerConfig) => c.scheme ?? 'alternating';
const hasScheme = (c: TrainerConfig, capability: string) => SCHEMES.withCapability(capability).includes(schemeOf(c));
const regularizersWith = (c: TrainerConfig, capability: string) =>
  REGULARIZERS.withCapability(capability).filter((name) => c.regularizers?.[name] !== undefined);

type InitConfig = NetworkConfig['init'];
/** An initializer that makes every weight 0. */
const zeroInit = (init: InitConfig) => init !== undefined && (init.kind === 'zeros' || (init.kind === 'constant' && init.value === 0)
  || (init.kind === 'normal' && init.std === 0) || (init.kind === 'uniform' && init.low === 0 && init.high === 0));
const describeInit = (init: InitConfig) => `{ ${Object.entries(init ?? {}).map(([k, v]) => `${k}: ${typeof v === 'string' ? `'${v}'` : v}`).join(', ')} }`;

/** Every rule between fields, checked in order after the schema. */
export const CONSTRAINTS: readonly Constraint[] = [
  (c) => {
    if (c.stepper === undefined) return null;
    const clash = (['scheme', 'dSteps', 'anderson'] as const).find((k) => c[k] !== undefined);
    if (clash) return [clash, `unset with stepper (the stepper '${c.stepper.kind}' replaces the scheme)`, c[clash]];
    return c.regularizers?.consensus !== undefined ? ['regularizers.consensus', "unset with stepper (use stepper { kind: 'consensus', gamma })", c.regularizers.consensus] : null;
  },
  (c) => (c.data.values.length % c.data.dim !== 0
    ? ['data.values', `a non-empty array whose length is a multiple of data.dim = ${c.data.dim}`, new Described(`${c.data.values.length} numbers`)] : null),
  (c) => (c.dSteps !== undefined && c.dSteps !== 1 && !hasScheme(c, 'dSteps') ? ['dSteps', `1 with the ${schemeOf(c)} scheme`, c.dSteps] : null),
  (c) => (c.unrolled !== undefined && !hasScheme(c, 'unrolled') ? ['unrolled', `unset with the ${schemeOf(c)} scheme`, c.unrolled] : null),
  (c) => {
    const name = !hasScheme(c, 'jointField') ? regularizersWith(c, 'simultaneous')[0] : undefined;
    return name ? [`regularizers.${name}`, `unset unless scheme is one of ${SCHEMES.withCapability('jointField').map((s) => `'${s}'`).join(', ')} (${name} updates both players from one joint field)`, c.regularizers?.[name]] : null;
  },
  (c) => {
    const name = c.discriminator.minibatchStd ? regularizersWith(c, 'inputGradient')[0] : undefined;
    return name ? [`regularizers.${name}`, 'unset with discriminator.minibatchStd (a gradient penalty assumes D scores each row independently; minibatch-std mixes rows)', c.regularizers?.[name]] : null;
  },
  (c) => {
    // W/σ̂(W) is 0/0 at W = 0
    const who = (['generator', 'discriminator'] as const).find((k) => c[k].spectralNorm && zeroInit(c[k].init));
    return who ? [`${who}.spectralNorm`, `unset with ${who}.init ${describeInit(c[who].init)} (spectral norm divides W by its largest singular value, 0 for a zero W)`, true] : null;
  },
  (c) => {
    // rates are f32 in the program: 1e-50 would be 0, 1e39 Infinity
    const rates: Array<[string, number | undefined]> = [['optimizer.d.lr', c.optimizer?.d?.lr], ['optimizer.g.lr', c.optimizer?.g?.lr], ['unrolled.lr', c.unrolled?.lr]];
    const bad = rates.find(([, lr]) => lr !== undefined && !(Math.fround(lr) > 0 && Number.isFinite(Math.fround(lr))));
    return bad ? [bad[0], 'a learning rate that is a positive finite f32 (in [1.4e-45, 3.4e38])', bad[1]] : null;
  },
  (c) => ((c.batch * (c.pack ?? 1)) > 1 << 20 ? ['batch', `at most 2^20 / pack = ${Math.floor((1 << 20) / (c.pack ?? 1))} with pack ${c.pack}`, c.batch] : null),
];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * lossOptions against the chosen loss alone: an option of another loss names that loss,
 * an unknown key gets the nearest of this loss's options. (The schema's lossOptions holds
 * every loss's keys, for editors; it cannot say which loss takes which.)
 */
function checkLossOptions(given: Record<string, unknown>): void {
  if (given.lossOptions === undefined) return;
  const loss = given.loss ?? 'nonSaturating';
  validate(FN, 'loss', TRAINER_CONFIG_SCHEMA.properties.loss, loss);
  const name = loss as GanLossKind;
  const options = given.lossOptions;
  const own = Object.keys(propertiesOf(LOSSES.entries[name].options));
  if (own.length === 0 && isObject(options)) {
    const key = Object.keys(options).find((k) => !LOSSES.names.some((n) => k in propertiesOf(LOSSES.entries[n].options)));
    if (key !== undefined) throw new SaddleArgumentError(FN, `lossOptions.${key}`, `unset (loss '${name}' takes no options)`, new Described(`an unknown field '${key}'`));
  }
  LOSSES.checkOptions(name, options, FN, 'lossOptions');
}

/** Checks every field of a trainer config; errors name the field path, the value and what is allowed. */
export function checkConfig(config: unknown): TrainerConfig {
  if (!isObject(config)) throw new SaddleArgumentError(FN, 'config', 'an object', config);
  checkLossOptions(config);
  // the data with each bad value's row and column (the schema's x-numbers knows no dim)
  const data = config.data;
  if (isObject(data) && Number.isInteger(data.dim) && (data.dim as number) >= 1) {
    finiteF32Numbers(FN, 'data.values', data.values, { minLength: 1, cols: data.dim as number });
  }
  validate(FN, '', TRAINER_CONFIG_SCHEMA, config);
  const c = config as TrainerConfig;
  for (const rule of CONSTRAINTS) {
    const broken = rule(c);
    if (broken) throw new SaddleArgumentError(FN, broken[0], broken[1], broken[2]);
  }
  return c;
}

/**
 * A `saddle train` run file (config.json): a dataset preset, the iteration count and the
 * seed, and any trainer field but `data` (the preset gives it); unset fields take the CLI's
 * defaults. config.schema.json in the package is this schema.
 */
export const RUN_FILE_SCHEMA = TObject({
  $schema: Optional(TString({ description: 'the JSON Schema of this file (editors read it)' })),
  preset: Optional(nameSchema(DATASET_PRESETS, "a dataset preset (default 'ring-8')")),
  iterations: Optional(int(1, 2 ** 31 - 1, 'training iterations', 10000)),
  ...Object.fromEntries(Object.entries(TRAINER_CONFIG_SCHEMA.properties)
    .filter(([key]) => key !== 'data' && key !== '$schema')
    .map(([key, schema]) => [key, Optional(schema as TSchema)])),
}, { additionalProperties: false, title: 'saddle run file', description: 'A `saddle train` configuration: a dataset preset, iterations, seed and trainer options' });

/** A JSON Schema document (draft 2020-12) of `schema`, as written to config.schema.json. */
export function jsonSchemaDocument(schema: TSchema, id: string): Record<string, unknown> {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: id, ...JSON.parse(JSON.stringify(schema)) };
}
