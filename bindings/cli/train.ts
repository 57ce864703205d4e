// `saddle train [preset | config.json] [options]`, `saddle train --resume DIR [--iterations N] [--every N]`
// (TRAIN, its declaration; the flags in TRAIN_FLAGS): trains a GAN on a dataset preset inside WASM, prints progress, evaluates mode coverage
// periodically (for mixtures: a sample covers a mode within 3σ of its centre, the
// convention of PacGAN and VEEGAN), and writes a run folder: report.html, metrics.json,
// config.json, and checkpoint.saddle (rewritten atomically at every evaluation, so
// --resume continues an interrupted run bit for bit). SIGINT or SIGTERM stops after the
// current chunk of WASM work with a checkpoint and the report (exit 128 + the signal's
// number); a second signal ends the process at once. docs/cli.md has the details.

import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSaddle, metrics, SaddleArgumentError, type Saddle } from '../index.js';
import { RUN_FILE_SCHEMA } from '../gan/config.js';
import { LOSSES, lossNeedsReal } from '../gan/losses.js';
import { REGULARIZERS } from '../gan/regularizers.js';
import { SCHEMES } from '../gan/schemes.js';
import { OPTIMIZERS, SCHEDULES } from '../optim/registry.js';
import { ACTIVATIONS, INITIALIZERS } from '../nn/registry.js';
import { validate } from '../schema/validate.js';
import { nearest } from '../schema/nearest.js';
import { GanTrainer, type TrainerConfig } from '../gan/trainer.js';
import { readCheckpointFile, writeCheckpointFile } from '../gan/checkpoint-file.js';
import { configHash, decodeCheckpoint } from '../gan/checkpoint.js';
import { dataset, DATASET_PRESETS, PRESET_NAMES, type Dataset, type PresetName } from '../gan/datasets/index.js';
import { jsonDifferences, reportHtml, type Evaluation, type ReportChart, type ReportInput } from './report.js';
import { discriminatorChart, historyCharts, samplesChart, squareBounds, type RunChart } from './plots.js';
import { toPng, toSvg } from '../charts/render.js';
import { MIXTURE_PROTOCOL_SAMPLES, mixtureMetrics } from '../gan/evaluate.js';
import { InputError, UsageError } from './errors.js';
import { describe } from '../errors.js';
import { readJsonFile } from './files.js';
import { integerFlag, type CommandInput, type CommandSpec, type FlagSpec } from './command.js';

export { InputError, UsageError } from './errors.js';

/** The --build flag of `saddle bench` and `saddle info`. */
export const BUILD_FLAG: FlagSpec = { flag: 'build', value: 'simd|relaxed', description: 'the WASM build to load', default: 'auto: relaxed where the runtime has relaxed SIMD, else simd' };

/** The value of a --build option: 'simd' or 'relaxed'. */
export function buildOption(value: string | undefined): 'simd' | 'relaxed' {
  if (value !== 'simd' && value !== 'relaxed') throw new UsageError(`--build must be 'simd' or 'relaxed', got ${value ?? 'nothing'}`);
  return value;
}

export interface TrainArgs { target?: string; iterations?: number; seed?: number; out?: string; every?: number; resume?: string; force?: boolean }

/**
 * The default run (the same as examples/ring-8.json, which a test checks): PacGAN's ring of
 * 8 Gaussians, a non-saturating GAN with R1 (γ = 0.01) on 64-64 MLPs, Adam with a cosine decay, EMA.
 * It covers 8 of 8 modes with ≥ 70% high-quality samples for seeds 1, 2 and 3 (tested).
 */
export const DEFAULTS: RunConfig = {
  preset: 'ring-8' as PresetName,
  iterations: 10000,
  seed: 1,
  trainer: {
    noise: { dim: 2 }, batch: 256,
    generator: { hidden: [64, 64] }, discriminator: { hidden: [64, 64] },
    loss: 'nonSaturating', regularizers: { r1: 0.01 },
    optimizer: {
      d: { kind: 'adam', lr: 1e-3, schedule: { kind: 'cosine', steps: 10000, alpha: 0.02 } },
      g: { kind: 'adam', lr: 1e-3, schedule: { kind: 'cosine', steps: 10000, alpha: 0.02 } },
    },
    ema: 0.999,
  } as Omit<TrainerConfig, 'data' | 'seed'>,
};

/** `saddle train`'s flags (its --help and docs/cli.md read them). */
export const TRAIN_FLAGS: FlagSpec[] = [
  { flag: 'iterations', value: 'N', description: 'iterations to train to (with --resume: the new target, not below the checkpoint\'s)', default: `the config file's, else ${DEFAULTS.iterations}` },
  { flag: 'seed', value: 'S', description: 'seed of the data, the initialization and the batches', default: `the config file's, else ${DEFAULTS.seed}` },
  { flag: 'out', value: 'DIR', description: 'the run folder; a folder holding files is refused unless --force', default: 'runs/<preset>-<time>' },
  { flag: 'every', value: 'N', description: 'iterations between evaluations (each rewrites the checkpoint)', default: 'a 20th of --iterations' },
  { flag: 'resume', value: 'DIR', description: 'continue the run in DIR from its checkpoint, bit for bit (takes only --iterations and --every)', default: 'unset: a new run' },
  { flag: 'force', description: 'write into a non-empty --out folder, replacing the run files there', default: 'off' },
];

/** The flags of `saddle train` (as commander read them) checked and typed; bad values are UsageErrors naming the flag. */
export function parseTrainArgs(input: Pick<CommandInput, 'args' | 'flags'>): TrainArgs {
  const { flags } = input;
  const out: TrainArgs = {};
  const number = (flag: string, min: number) => integerFlag(flag, flags[flag], min);
  const text = (flag: string, what: string) => {
    const v = flags[flag];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') throw new UsageError(`--${flag} needs ${what}`);
    return v;
  };
  out.iterations = number('iterations', 1);
  out.seed = number('seed', 0);
  out.every = number('every', 1);
  out.out = text('out', 'a folder');
  out.resume = text('resume', 'a run folder');
  if (flags.force) out.force = true;
  out.target = input.args[0];
  for (const key of Object.keys(out) as Array<keyof TrainArgs>) if (out[key] === undefined) delete out[key];
  if (out.resume !== undefined && (out.target !== undefined || out.seed !== undefined || out.out !== undefined || out.force)) {
    throw new UsageError('train --resume DIR takes only --iterations and --every (the rest comes from the run folder)');
  }
  return out;
}

/** `saddle train --help` after the usage: every name a config can use, from the registries. */
export function trainHelp(): string {
  const section = (title: string, registry: { names: readonly string[]; entries: Record<string, { summary: string }> }) => {
    const width = Math.max(...registry.names.map((n) => n.length)) + 2;
    return [title, ...registry.names.map((n) => `  ${n.padEnd(width)}${registry.entries[n].summary}`)].join('\n');
  };
  return [
    section(`preset (default ${DEFAULTS.preset}):`, DATASET_PRESETS),
    '',
    'A config.json holds a preset, iterations, seed and any trainer field (docs/config.md; JSON Schema:',
    'saddle/config.schema.json). Its names come from these lists:',
    '',
    section('loss:', LOSSES),
    section('regularizers: { name: value }', REGULARIZERS),
    section('optimizer: { d, g: { kind, lr, schedule?, warmup?, ...options } }', OPTIMIZERS),
    section('schedule: { kind, ...options }', SCHEDULES),
    section('scheme:', SCHEMES),
    section('activation (generator, discriminator):', ACTIVATIONS),
    section('init: { kind, ...options }', INITIALIZERS),
  ].join('\n');
}

export interface RunConfig { preset: PresetName; iterations: number; seed: number; trainer: Omit<TrainerConfig, 'data' | 'seed'> }

/** The run file object of a RunConfig (its fields flat, as config.json holds them). */
export function runObject(run: RunConfig): Record<string, unknown> {
  return { preset: run.preset, iterations: run.iterations, seed: run.seed, ...run.trainer };
}

/**
 * A run file (RUN_FILE_SCHEMA: an object of preset, iterations, seed and trainer fields, no
 * `data`, which the preset gives) over the defaults. Malformed JSON or a file that fails
 * the schema is a UsageError naming the file; an unreadable one an InputError.
 */
function readRunFile(path: string): RunConfig {
  return runFromObject(readJsonFile(path, 'config'), `config ${path}`);
}

/**
 * A run file's value (already parsed) over the defaults, checked against RUN_FILE_SCHEMA;
 * errors are UsageErrors that start with `where` and name the field's path.
 */
export function runFromObject(parsed: unknown, where: string): RunConfig {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`${where}: must be a JSON object of run fields (preset, iterations, seed and trainer fields), got ${describe(parsed)}`);
  }
  // the run file's own schema first (paths name the file's fields), then the merged trainer config
  try { validate(where, '', RUN_FILE_SCHEMA, parsed); } catch (e) { if (e instanceof SaddleArgumentError) throw new UsageError(e.message); throw e; }
  const { preset, iterations, seed, $schema: _schema, ...trainer } = parsed as { preset?: PresetName; iterations?: number; seed?: number; $schema?: string };
  return { preset: preset ?? DEFAULTS.preset, iterations: iterations ?? DEFAULTS.iterations, seed: seed ?? DEFAULTS.seed, trainer: { ...DEFAULTS.trainer, ...trainer } };
}

function resolveConfig(args: TrainArgs): RunConfig {
  let config: RunConfig = { ...DEFAULTS, trainer: { ...DEFAULTS.trainer } };
  const target = args.target;
  if (target && target.endsWith('.json')) {
    config = readRunFile(target);
  } else if (target) {
    if (!(PRESET_NAMES as readonly string[]).includes(target)) {
      const near = nearest(target, PRESET_NAMES);
      throw new UsageError(`unknown preset '${target}'${near ? ` (did you mean '${near}'?)` : ''} (presets: ${PRESET_NAMES.join(', ')}; or a config .json)`);
    }
    config.preset = target as PresetName;
  }
  if (args.iterations !== undefined) config.iterations = args.iterations;
  if (args.seed !== undefined) config.seed = args.seed;
  return config;
}

/** Mode coverage for a mixture dataset (the VEEGAN/PacGAN protocol), or zeros for other data. */
export function modeCoverage(samples: Float32Array, set: Dataset): { modes: number; highQuality: number; klToUniform: number } {
  if (!set.modes || !set.stds) return { modes: 0, highQuality: 0, klToUniform: NaN };
  const { modes, highQuality, klToUniform } = mixtureMetrics(samples, { dim: set.dim, modes: set.modes, stds: set.stds });
  return { modes, highQuality, klToUniform };
}

/** Rows of samples and of held-out data the distances compare. */
const DISTANCE_ROWS = 500;

/** Σ over dimensions of the variance of each column. */
function totalVariance(x: Float32Array, dim: number): number {
  const n = x.length / dim;
  let total = 0;
  for (let j = 0; j < dim; j++) {
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const v = x[i * dim + j]; s += v; s2 += v * v; }
    total += s2 / n - (s / n) ** 2;
  }
  return Math.max(total, 1e-12);
}

/** Debiased Sinkhorn divergence (squared Euclidean cost) and unbiased RBF MMD² (median bandwidth) to held-out data. */
function distances(sd: Saddle, samples: Float32Array, heldOut: Float32Array, dim: number, eps: number): { sinkhorn: number; mmd2: number } {
  const sinkhorn = metrics.sinkhornDivergence(sd, samples, heldOut, { eps, dim, tol: 1e-3, maxIterations: 300, onWarning: false }).divergence;
  const mmd2 = metrics.mmd(sd, { data: samples, rows: samples.length / dim, cols: dim }, { data: heldOut, rows: heldOut.length / dim, cols: dim }).mmd2;
  return { sinkhorn, mmd2 };
}

const mean = (v: Float32Array, from: number) => { let s = 0, c = 0; for (let i = Math.max(0, from); i < v.length; i++) { s += v[i]; c++; } return c ? s / c : NaN; };

/** Samples kept for the report's snapshot strip: at most this many evaluations, this many points each. */
const SNAPSHOTS = 8, SNAPSHOT_POINTS = 300;

/** Samples at an evaluation, rounded to 4 significant digits (progress.json keeps them for --resume). */
export interface Snapshot { iteration: number; xy: number[] }

/** At most `max` snapshots, evenly spread over the run, always the first and the last. */
export function spreadSnapshots(all: Snapshot[], max = SNAPSHOTS): Snapshot[] {
  if (all.length <= max) return all;
  const picked = new Set<number>();
  for (let k = 0; k < max; k++) picked.add(Math.round((k * (all.length - 1)) / (max - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => all[i]);
}

/** Renders the charts of a finished run: a 2x PNG of each into the run folder, the SVGs for the report. */
async function writeCharts(dir: string, trainer: GanTrainer, set: Dataset, samples: Float32Array, evaluations: Evaluation[], snapshots: Snapshot[], ema: boolean): Promise<{ charts: ReportChart[]; snapshots: ReportInput['snapshots'] }> {
  const runCharts: RunChart[] = [];
  let domain: [number, number] | undefined;
  if (set.dim === 2) {
    const data = set.data.subarray(0, 2 * 2000);
    const shown = samples.subarray(0, 2 * 2000);
    domain = squareBounds(data, shown);
    runCharts.push({
      file: 'samples.png', title: 'Data and samples', spec: samplesChart({ data, samples: shown, centres: set.modes, ema }),
      caption: `2000 data points (grey), ${shown.length / 2} generated samples from the ${ema ? 'EMA' : 'raw'} weights (red)${set.modes ? ' and the mode centres (blue)' : ''}.`,
    });
    const config = trainer.config;
    if ((config.pack ?? 1) === 1 && !lossNeedsReal(config.loss ?? 'nonSaturating')) {
      const bounds = domain, grid = 48, step = (bounds[1] - bounds[0]) / grid;
      const points = new Float32Array(2 * grid * grid);
      for (let j = 0; j < grid; j++) for (let i = 0; i < grid; i++) points.set([bounds[0] + (i + 0.5) * step, bounds[0] + (j + 0.5) * step], 2 * (j * grid + i));
      // the same generator as samples.png (EMA when the run keeps one)
      const fakes = trainer.sample(300, { seed: config.seed + 2, ema });
      runCharts.push({
        file: 'discriminator.png', title: 'Discriminator σ(D) and generator gradients',
        spec: discriminatorChart({ bounds, grid, logits: trainer.discriminate(points), samples: fakes, arrows: trainer.gradientField(fakes), data: data.subarray(0, 2 * 1000), ema }),
        caption: `σ(D(x)) on a ${grid}×${grid} grid (1: judged real, orange; 0: judged fake, blue), 300 samples of the ${ema ? 'EMA' : 'raw'} generator (red) under 1000 data points (grey), and where the generator's loss pushes each sample (segments, −∂ℓ_G/∂x, longest scaled to 6% of the window).`,
      });
    }
  }
  runCharts.push(...historyCharts(trainer.history, evaluations, { loss: trainer.config.loss ?? 'nonSaturating', totalModes: set.modes ? set.modes.length / set.dim : undefined }));
  const charts: ReportChart[] = [];
  for (const c of runCharts) {
    const svg = await toSvg(c.spec);
    writeFileSync(join(dir, c.file), await toPng(svg));
    const variants = c.variants ? await Promise.all(c.variants.map(async (v) => ({ label: v.label, svg: v.spec === c.spec ? svg : await toSvg(v.spec) }))) : undefined;
    charts.push({ id: c.file.replace(/\.png$/, ''), title: c.title, caption: c.caption, file: c.file, svg, ...(variants ? { variants } : {}) });
  }
  const strip = domain === undefined ? [] : await Promise.all(spreadSnapshots(snapshots).map(async (s) => ({
    iteration: s.iteration,
    svg: await toSvg(samplesChart({ data: set.data.subarray(0, 2 * 400), samples: s.xy, centres: set.modes, ema, title: `Samples at iteration ${s.iteration}`, size: 300 })),
  })));
  return { charts, snapshots: strip };
}

/** The run folder's config.json (a run file), checkpoint and evaluations so far, for --resume. */
function resumeRun(dir: string, args: TrainArgs): { run: RunConfig; checkpoint: Uint8Array; evaluations: Evaluation[]; snapshots: Snapshot[] } {
  const configPath = join(dir, 'config.json'), checkpointPath = join(dir, 'checkpoint.saddle');
  if (!existsSync(dir)) throw new InputError(`--resume ${dir}: no such folder`);
  if (!existsSync(configPath) || !existsSync(checkpointPath)) throw new InputError(`--resume ${dir}: no config.json and checkpoint.saddle there (is it a saddle run folder?)`);
  const saved = readRunFile(configPath);
  const progressPath = join(dir, 'progress.json');
  const progress = existsSync(progressPath) ? readJsonFile(progressPath, 'progress') as { evaluations?: unknown; snapshots?: unknown } | null : { evaluations: [] };
  if (!Array.isArray(progress?.evaluations)) throw new UsageError(`${progressPath}: no "evaluations" list (not written by saddle train?)`);
  return { run: { ...saved, iterations: args.iterations ?? saved.iterations }, checkpoint: readCheckpointFile(checkpointPath), evaluations: progress.evaluations as Evaluation[],
    snapshots: Array.isArray(progress.snapshots) ? progress.snapshots as Snapshot[] : [] };
}

const showValue = (v: unknown) => { const text = v === undefined ? 'unset' : JSON.stringify(v); return text.length > 60 ? `${text.slice(0, 57)}...` : text; };

/** The paths where two JSON values differ, each as 'path: A in the checkpoint, B in config.json'. */
function differingFields(saved: unknown, wanted: unknown): string[] {
  return jsonDifferences(saved, wanted).map((d) => `${d.path || 'config'}: ${showValue(d.base)} in the checkpoint, ${showValue(d.value)} in config.json`);
}

/**
 * Refuses to resume from a checkpoint another configuration wrote: its config hash (and,
 * field by field, its config) against the trainer config config.json resolves to, and its
 * training data against config.json's preset.
 */
function checkResume(dir: string, checkpoint: Uint8Array, run: RunConfig, set: Dataset): void {
  const { header, arrays } = decodeCheckpoint(`--resume ${dir}`, checkpoint);
  // the config as the trainer keeps it (trainer.config): JSON values, data as { rows, dim }
  const wanted = JSON.parse(JSON.stringify({ ...run.trainer, seed: run.seed, data: { rows: set.rows, dim: set.dim } }));
  const hash = configHash(wanted);
  const differences = header.configHash === hash ? [] : differingFields(header.config, wanted);
  if (differences.length === 0 && header.configHash !== undefined && header.configHash !== hash) {
    differences.push(`configHash: ${header.configHash} in the checkpoint, ${hash} from config.json`);
  }
  const dataAt = Array.isArray(header.values) ? header.values.indexOf('data') : -1;
  const data = dataAt >= 0 ? arrays[dataAt] : undefined;
  if (data && (data.length !== set.data.length || data.some((v, i) => v !== set.data[i]))) {
    differences.unshift(`preset: the checkpoint's training data is not that of config.json's preset '${run.preset}' with seed ${run.seed}`);
  }
  if (differences.length) {
    throw new InputError(`--resume ${dir}: checkpoint.saddle was not written by the run config.json describes; they differ in\n  ${differences.join('\n  ')}\n` +
      'Put config.json back as the run wrote it, or train a new run into another folder.');
  }
}

/** A folder for a new run: created if missing; one holding files is refused unless --force. */
function prepareRunFolder(dir: string, force: boolean): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new InputError(`--out ${dir}: a file, not a folder`);
    if (!force && readdirSync(dir).length > 0) {
      throw new UsageError(`--out ${dir} is not empty; choose another folder, continue the run there with --resume, or pass --force to write over its run files`);
    }
  }
  try { mkdirSync(dir, { recursive: true }); } catch (e) { throw new InputError(`cannot create the run folder ${dir}: ${(e as Error).message}`); }
}

const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 } as const;
type StopSignal = keyof typeof SIGNAL_NUMBERS;

/**
 * SIGINT and SIGTERM as an AbortSignal: the first aborts (training stops between chunks)
 * and gives the signal back its default action, so a second one ends the process at once,
 * even inside WASM.
 */
function interruption(): { signal: AbortSignal; received: () => StopSignal | undefined; dispose: () => void } {
  const controller = new AbortController();
  let received: StopSignal | undefined;
  const names = Object.keys(SIGNAL_NUMBERS) as StopSignal[];
  const dispose = () => { for (const name of names) process.removeListener(name, handler); };
  function handler(name: StopSignal) {
    received = name;
    dispose();
    console.error(`\nsaddle train: ${name}: finishing the current chunk, then writing a checkpoint and the report (send it again to quit at once)`);
    controller.abort();
  }
  for (const name of names) process.on(name, handler);
  return { signal: controller.signal, received: () => received, dispose };
}

export interface TrainOutcome {
  dir: string;
  /** 0, or 128 + the signal's number when SIGINT (130) or SIGTERM (143) stopped the run */
  status: number;
}

export async function train(input: Pick<CommandInput, 'args' | 'flags'>): Promise<TrainOutcome> {
  const parsed = parseTrainArgs(input);
  const resumed = parsed.resume !== undefined ? resumeRun(resolve(parsed.resume), parsed) : undefined;
  const run = resumed?.run ?? resolveConfig(parsed);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  const dir = resumed ? resolve(parsed.resume!) : resolve(parsed.out ?? join('runs', `${run.preset}-${stamp}`));
  if (!resumed) prepareRunFolder(dir, parsed.force ?? false);
  const interrupt = interruption();
  try {
    const outcome = await trainRunFolder(run, dir, { every: parsed.every, resumed, signal: interrupt.signal, stopReason: interrupt.received });
    return { dir, status: outcome.stoppedBy ? 128 + SIGNAL_NUMBERS[outcome.stoppedBy as StopSignal] : 0 };
  } finally {
    interrupt.dispose();
  }
}

/** What trainRunFolder wrote to metrics.json, and whether a signal stopped it early. */
export interface RunFolderOutcome {
  metrics: { iterations: number; seconds: number; iterationsPerSecond: number; modes: number | null; final: Evaluation; evaluations: Evaluation[] };
  /** the stop reason's name when `signal` aborted the run before its last iteration */
  stoppedBy?: string;
}

export interface RunFolderOptions {
  /** evaluations every N iterations (default: iterations / 20) */
  every?: number;
  resumed?: { checkpoint: Uint8Array; evaluations: Evaluation[]; snapshots?: Snapshot[] };
  /** aborting stops after the current chunk, with a checkpoint and the report */
  signal?: AbortSignal;
  /** the name reported for an abort (default 'abort') */
  stopReason?: () => string | undefined;
  /** false: no progress lines on stdout (sweep workers) */
  print?: boolean;
  /** false: evaluations skip the Sinkhorn divergence and MMD² to held-out data (default true) */
  distances?: boolean;
  /** a loaded instance to train on (default: loadSaddle()) */
  saddle?: Saddle;
}

/**
 * Trains one resolved run into `dir` (which exists): config.json, checkpoint.saddle and
 * progress.json at every evaluation, then metrics.json, the PNG plots and report.html.
 * `saddle train` and every sweep run go through it.
 */
export async function trainRunFolder(run: RunConfig, dir: string, options: RunFolderOptions = {}): Promise<RunFolderOutcome> {
  const resumed = options.resumed;
  const print = options.print ?? true;
  const log = (line: string) => { if (print) console.log(line); };
  const sd = options.saddle ?? await loadSaddle();
  const set = dataset(sd, run.preset, { rows: 8192, seed: run.seed });
  if (resumed) checkResume(dir, resumed.checkpoint, run, set);
  const trainer = resumed
    ? GanTrainer.load(resumed.checkpoint, { saddle: sd })
    : new GanTrainer({ ...run.trainer, seed: run.seed, data: { values: set.data, dim: set.dim } } as TrainerConfig, { saddle: sd });
  if (trainer.iterations > run.iterations) {
    trainer.dispose();
    throw new UsageError(`--iterations ${run.iterations} is below the ${trainer.iterations} iterations the checkpoint in ${dir} has already run`);
  }
  const every = options.every ?? Math.max(1, Math.round(run.iterations / 20));
  const evaluations: Evaluation[] = resumed?.evaluations.filter((e) => e.iteration <= trainer.iterations) ?? [];
  const snapshots: Snapshot[] = resumed?.snapshots?.filter((e) => e.iteration <= trainer.iterations) ?? [];
  const tty = print && process.stdout.isTTY;
  const started = performance.now(), startIteration = trainer.iterations;
  const config = runObject(run);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  const checkpointPath = join(dir, 'checkpoint.saddle');
  const checkpoint = () => {
    writeCheckpointFile(checkpointPath, trainer.save());
    writeFileSync(join(dir, 'progress.json'), JSON.stringify({ iteration: trainer.iterations, evaluations, snapshots }) + '\n');
  };
  // held-out data (another seed) for the distances; ε = 0.05 × the data's total variance
  const heldOut = dataset(sd, run.preset, { rows: DISTANCE_ROWS, seed: run.seed + 1_000_003 }).data;
  const eps = 0.05 * totalVariance(heldOut, set.dim);
  const evaluate = () => {
    const samples = trainer.sample(MIXTURE_PROTOCOL_SAMPLES, { ema: run.trainer.ema !== undefined });
    const d = trainer.log('dLoss'), g = trainer.log('gLoss');
    evaluations.push({
      iteration: trainer.iterations, ...modeCoverage(samples, set),
      ...(options.distances === false ? {} : distances(sd, samples.subarray(0, DISTANCE_ROWS * set.dim), heldOut, set.dim, eps)),
      dLoss: mean(d, d.length - every), gLoss: mean(g, g.length - every),
    });
    if (set.dim === 2) snapshots.push({ iteration: trainer.iterations, xy: Array.from(samples.subarray(0, 2 * SNAPSHOT_POINTS), (v) => Number(v.toPrecision(4))) });
    return samples;
  };
  log(`saddle train: ${run.preset} (${set.source}), ${run.iterations} iterations, seed ${run.seed}, ${sd.build} build` +
    (resumed ? `, resumed at iteration ${trainer.iterations} from ${dir}` : ''));
  const stopReason = () => (options.signal?.aborted ? options.stopReason?.() ?? 'abort' : undefined);
  try {
    if (!resumed) { evaluate(); checkpoint(); }
    log(`checkpoint: ${checkpointPath} (rewritten at every evaluation; Ctrl-C writes it and stops)`);
    while (trainer.iterations < run.iterations) {
      // evaluations at multiples of --every, also after resuming from an interrupted run
      const next = Math.min(run.iterations, (Math.floor(trainer.iterations / every) + 1) * every);
      if ((await trainer.train({ iterations: next - trainer.iterations, signal: options.signal })).aborted) break;
      evaluate();
      checkpoint();
      const last = evaluations[evaluations.length - 1];
      const seconds = (performance.now() - started) / 1000, rate = (trainer.iterations - startIteration) / seconds;
      const eta = (run.iterations - trainer.iterations) / rate;
      const bar = '#'.repeat(Math.round((20 * trainer.iterations) / run.iterations)).padEnd(20, '.');
      const line = `[${bar}] ${trainer.iterations}/${run.iterations}  ${rate.toFixed(0)} it/s  D ${last.dLoss.toFixed(3)}  G ${last.gLoss.toFixed(3)}` +
        (set.modes ? `  modes ${last.modes}/${set.modes.length / set.dim}  hq ${(100 * last.highQuality).toFixed(0)}%` : '') + `  ETA ${eta.toFixed(1)} s`;
      if (tty) process.stdout.write(`\r${line}`); else if (evaluations.length % 5 === 1 || trainer.iterations === run.iterations) log(line);
    }
    if (tty) process.stdout.write('\n');
    const signal = stopReason();
    if (signal) {
      checkpoint(); // progress.json keeps the evaluations at multiples of --every only
      if (evaluations[evaluations.length - 1]?.iteration !== trainer.iterations) evaluate();
    }
    const seconds = (performance.now() - started) / 1000;
    const samples = trainer.sample(MIXTURE_PROTOCOL_SAMPLES, { ema: run.trainer.ema !== undefined });
    const final = evaluations[evaluations.length - 1];
    const metricsFile = {
      preset: run.preset, source: set.source, iterations: trainer.iterations, seconds, iterationsPerSecond: (trainer.iterations - startIteration) / seconds,
      modes: set.modes ? set.modes.length / set.dim : null, final, evaluations,
      ...(signal ? { interrupted: { signal, iteration: trainer.iterations, of: run.iterations } } : {}),
    };
    writeFileSync(join(dir, 'metrics.json'), JSON.stringify(metricsFile, null, 2) + '\n');
    const rendered = await writeCharts(dir, trainer, set, samples, evaluations, snapshots, run.trainer.ema !== undefined);
    writeFileSync(join(dir, 'report.html'), reportHtml({
      title: `saddle: GAN on ${run.preset}${signal ? ` (stopped by ${signal} at iteration ${trainer.iterations} of ${run.iterations})` : ''}`,
      config, defaults: runObject(DEFAULTS),
      build: sd.build, totalModes: set.modes ? set.modes.length / set.dim : undefined, rollbacks: trainer.history.rollbacks.length,
      evaluations, seconds, iterations: trainer.iterations, iterationsPerSecond: metricsFile.iterationsPerSecond, ...rendered,
    }));
    if (set.modes) log(`modes covered: ${final.modes} of ${set.modes.length / set.dim}, high-quality samples: ${(100 * final.highQuality).toFixed(1)}%`);
    log(`report: ${join(dir, 'report.html')}`);
    if (signal && trainer.iterations < run.iterations) {
      log(`stopped by ${signal} at iteration ${trainer.iterations} of ${run.iterations}; the checkpoint is written. Continue with:\n  saddle train --resume ${/\s/.test(dir) ? JSON.stringify(dir) : dir}`);
    }
    return { metrics: metricsFile, ...(signal ? { stoppedBy: signal } : {}) };
  } finally {
    trainer.dispose();
  }
}

export const TRAIN: CommandSpec = {
  name: 'train',
  summary: `train a GAN inside WASM (default: ${DEFAULTS.preset}, ${DEFAULTS.iterations} iterations) and write report.html, metrics.json, config.json and a checkpoint (checkpoint.saddle, updated at every evaluation) to a run folder; --resume continues a run bit for bit and refuses a checkpoint its config.json did not write; Ctrl-C (SIGINT) or SIGTERM stops after the current chunk with a checkpoint and the report (exit 130 or 143), a second one at once`,
  usage: ['--resume DIR [--iterations N] [--every N]'],
  args: [{ name: 'target', optional: true, description: `a dataset preset (default ${DEFAULTS.preset}; \`saddle train --help\` lists them) or a run file config.json (docs/config.md)` }],
  flags: TRAIN_FLAGS,
  details: trainHelp,
  run: async (input) => (await train(input)).status,
};
