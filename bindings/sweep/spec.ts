// A sweep file: a base run (a preset name or a run file's fields), a grid and/or a seeded
// random search over any config path, seeds, iterations and the evaluation cadence. Every
// resolved run is checked through the run file's schema (RUN_FILE_SCHEMA, the same as
// `saddle train config.json`) and the trainer's cross-field rules before any run starts,
// so a typo in the 12th grid cell fails the sweep at once, naming the path.

import {
  Array as TArray, Boolean as TBoolean, Integer as TInteger, Number as TNumber, Object as TObject, Optional, Record as TRecord,
  String as TString, Union as TUnion, Unknown as TUnknown, type Static, type TSchema,
} from '@sinclair/typebox';
import { validate } from '../schema/validate.js';
import { SaddleArgumentError } from '../errors.js';
import { configHash } from '../gan/checkpoint.js';
import { UsageError, runFromObject, runObject, type RunConfig } from '../cli/train.js';
import { PRESET_NAMES } from '../gan/datasets/index.js';
import { nearest } from '../schema/nearest.js';
import { splitmix32 } from './random.js';

// [a, b] pairs; saddle's validator checks their length and numbers, resolveSweep a < b
const range = TArray(TNumber(), { minItems: 2, maxItems: 2 });
const positiveRange = TArray(TNumber({ exclusiveMinimum: 0 }), { minItems: 2, maxItems: 2 });
const intRange = TArray(TInteger(), { minItems: 2, maxItems: 2 });
const GRID_VALUES = TArray(TUnknown(), { minItems: 1 });

/** A dimension of the random search: a distribution over one config path's values. */
const DISTRIBUTION = TUnion([
  TObject({ uniform: range }, { additionalProperties: false, description: 'uniform on [a, b]' }),
  TObject({ logUniform: positiveRange }, { additionalProperties: false, description: 'log-uniform on [a, b], 0 < a < b' }),
  TObject({ intUniform: intRange }, { additionalProperties: false, description: 'an integer uniform on {a, ..., b}' }),
  TObject({ choice: TArray(TUnknown(), { minItems: 1 }) }, { additionalProperties: false, description: 'one of the listed values, each equally likely' }),
], { 'x-expected': "{ uniform: [a, b] }, { logUniform: [a, b] }, { intUniform: [a, b] } or { choice: [...] }" });

export const SWEEP_FILE_SCHEMA = TObject({
  $schema: Optional(TString()),
  name: Optional(TString({ minLength: 1, description: 'a name for the report' })),
  base: Optional(TUnion([TString({ minLength: 1 }), TObject({}, { additionalProperties: true })], {
    'x-expected': 'a dataset preset name or a run file object (preset, iterations, seed and trainer fields)',
    description: "the run every point of the sweep changes (default: saddle train's default run)",
  })),
  grid: Optional(TRecord(TString({ minLength: 1 }), GRID_VALUES, {
    description: 'config path → values; every combination is run',
  })),
  random: Optional(TObject({
    samples: TInteger({ minimum: 1, maximum: 100000, description: 'points drawn' }),
    seed: TInteger({ minimum: 0, maximum: 2 ** 32 - 1, description: 'the draws\' seed' }),
    space: TRecord(TString({ minLength: 1 }), DISTRIBUTION, { description: 'config path → distribution' }),
  }, { additionalProperties: false, description: 'a seeded random search, crossed with the grid' })),
  seeds: Optional(TUnion([
    TInteger({ minimum: 1, maximum: 10000 }),
    TArray(TInteger({ minimum: 0, maximum: 2 ** 31 - 1 }), { minItems: 1 }),
  ], { 'x-expected': 'a count n (seeds 1..n) or a list of integer seeds', description: 'training seeds; every point runs once per seed (default: the base run\'s seed)' })),
  iterations: Optional(TInteger({ minimum: 1, maximum: 2 ** 31 - 1, description: 'iterations of every run (default: the base run\'s)' })),
  evaluate: Optional(TObject({
    every: Optional(TInteger({ minimum: 1, description: 'iterations between evaluations (default: iterations / 20)' })),
    distances: Optional(TBoolean({ description: 'Sinkhorn divergence and MMD² to held-out data at each evaluation (default true)' })),
  }, { additionalProperties: false })),
  retries: Optional(TInteger({ minimum: 0, maximum: 10, description: 'attempts after a run\'s worker dies (default 2)' })),
}, { additionalProperties: false, title: 'saddle sweep file' });

export type SweepFile = Static<typeof SWEEP_FILE_SCHEMA>;

/** One run of a sweep, resolved: what the worker trains. */
export interface SweepRun {
  /** content address: a hash of the resolved run config and the evaluation settings */
  id: string;
  /** the run's place in the sweep's order (grid, then random points, then seeds) */
  index: number;
  /** the swept values, path → value (the seed included as 'seed') */
  params: Record<string, unknown>;
  run: RunConfig;
  every?: number;
  distances: boolean;
}

export interface ResolvedSweep {
  name: string;
  /** the swept paths, in the file's order: grid paths, then random ones, then 'seed' when several */
  paths: string[];
  runs: SweepRun[];
  retries: number;
  /** the base run, for reports' "differences from the base" */
  base: RunConfig;
}

/** A run's swept values in words, for errors: "loss = \"hinge\", seed = 2" (or "the base"). */
export function paramsLabel(params: Record<string, unknown>): string {
  return Object.entries(params).map(([p, v]) => `${p} = ${JSON.stringify(v)}`).join(', ') || 'the base';
}


const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `target` with `path` (dot-separated) set to `value`; objects on the way are copied, missing ones created. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  const copy = { ...target };
  copy[head] = rest.length === 0 ? value : setPath(isRecord(target[head]) ? target[head] : {}, rest.join('.'), value);
  return copy;
}

/** A draw from one distribution with a uniform u in [0, 1). */
function draw(distribution: Static<typeof DISTRIBUTION>, u: number): unknown {
  if ('uniform' in distribution) { const [a, b] = distribution.uniform; return a + (b - a) * u; }
  if ('logUniform' in distribution) { const [a, b] = distribution.logUniform; return Math.exp(Math.log(a) + (Math.log(b) - Math.log(a)) * u); }
  if ('intUniform' in distribution) { const [a, b] = distribution.intUniform; return a + Math.min(b - a, Math.floor((b - a + 1) * u)); }
  return distribution.choice[Math.min(distribution.choice.length - 1, Math.floor(distribution.choice.length * u))];
}

function checkPath(where: string, path: string): void {
  if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(path)) throw new UsageError(`${where}: '${path}' is not a config path (dot-separated field names, e.g. optimizer.d.lr)`);
  if (path === 'seed') throw new UsageError(`${where}: sweep seeds with "seeds", not as a config path`);
}

/**
 * Checks a sweep file (parsed JSON) and resolves every run: base ⊕ grid point ⊕ random
 * point, once per seed. `where` starts every error ("sweep sweep.json"). Throws UsageError.
 */
export function resolveSweep(file: unknown, where: string): ResolvedSweep {
  if (!isRecord(file)) throw new UsageError(`${where}: must be a JSON object (base, grid, random, seeds, iterations, evaluate), got ${JSON.stringify(file)?.slice(0, 40)}`);
  try { validate(where, '', SWEEP_FILE_SCHEMA, file); } catch (e) { if (e instanceof SaddleArgumentError) throw new UsageError(e.message); throw e; }
  const spec = file as SweepFile;
  let baseObject: Record<string, unknown>;
  if (typeof spec.base === 'string') {
    if (!(PRESET_NAMES as readonly string[]).includes(spec.base)) {
      const near = nearest(spec.base, PRESET_NAMES);
      throw new UsageError(`${where}: base '${spec.base}' is not a preset${near ? ` (did you mean '${near}'?)` : ''} (presets: ${PRESET_NAMES.join(', ')}; or a run file object)`);
    }
    baseObject = { preset: spec.base };
  } else {
    baseObject = spec.base ?? {};
  }
  if (spec.iterations !== undefined) baseObject = { ...baseObject, iterations: spec.iterations };
  const base = runFromObject(baseObject, `${where}: base`);
  const grid = Object.entries(spec.grid ?? {});
  const space = Object.entries(spec.random?.space ?? {});
  // the schema's records say what grid and random.space hold; their entries are checked here
  const checked = (path: string, schema: TSchema, value: unknown) => {
    try { validate(where, path, schema, value); } catch (e) { if (e instanceof SaddleArgumentError) throw new UsageError(e.message); throw e; }
  };
  for (const [path, values] of grid) { checkPath(`${where}: grid`, path); checked(`grid.${path}`, GRID_VALUES, values); }
  for (const [path, d] of space) {
    checkPath(`${where}: random.space`, path);
    checked(`random.space.${path}`, DISTRIBUTION, d);
    const pair = ('uniform' in d ? d.uniform : 'logUniform' in d ? d.logUniform : 'intUniform' in d ? d.intUniform : undefined) as number[] | undefined;
    if (pair && !(pair[0] < pair[1])) throw new UsageError(`${where}: random.space.${path}: the range [a, b] needs a < b, got [${pair.join(', ')}]`);
    if (spec.grid && path in spec.grid) throw new UsageError(`${where}: '${path}' is both in grid and in random.space; sweep it in one of them`);
  }
  // grid points: the cartesian product, the last path varying fastest
  let points: Record<string, unknown>[] = [{}];
  for (const [path, values] of grid) points = points.flatMap((p) => values.map((v) => ({ ...p, [path]: v })));
  if (spec.random) {
    const next = splitmix32(spec.random.seed);
    const drawn = Array.from({ length: spec.random.samples }, () => Object.fromEntries(space.map(([path, d]) => [path, draw(d, next())])));
    points = points.flatMap((p) => drawn.map((d) => ({ ...p, ...d })));
  }
  const seeds = spec.seeds === undefined ? [base.seed] : typeof spec.seeds === 'number' ? Array.from({ length: spec.seeds }, (_, i) => i + 1) : spec.seeds;
  if (new Set(seeds).size !== seeds.length) throw new UsageError(`${where}: seeds lists a seed twice (${seeds.join(', ')})`);
  const every = spec.evaluate?.every, distances = spec.evaluate?.distances ?? true;
  const runs: SweepRun[] = [];
  const ids = new Map<string, number>();
  for (const point of points) {
    for (const seed of seeds) {
      let object: Record<string, unknown> = { ...runObject(base), seed };
      for (const [path, value] of Object.entries(point)) object = setPath(object, path, value);
      const params = { ...point, ...(seeds.length > 1 ? { seed } : {}) };
      const label = paramsLabel(params);
      const run = runFromObject(object, `${where}: run ${runs.length} (${label})`);
      const id = configHash({ run: runObject(run), every: every ?? null, distances });
      if (ids.has(id)) throw new UsageError(`${where}: runs ${ids.get(id)} and ${runs.length} resolve to the same config (${label}); remove the duplicate value`);
      ids.set(id, runs.length);
      runs.push({ id, index: runs.length, params, run, ...(every !== undefined ? { every } : {}), distances });
    }
  }
  const paths = [...grid.map(([p]) => p), ...space.map(([p]) => p), ...(seeds.length > 1 ? ['seed'] : [])];
  return { name: spec.name ?? 'sweep', paths, runs, retries: spec.retries ?? 2, base };
}
