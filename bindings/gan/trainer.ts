// The GAN trainer at run time: runs the compiled program (build.ts) in chunks (runner.ts),
// drains its logs into a history (history.ts), catches non-finite values, and saves and
// restores checkpoints (checkpoint.ts).
//
// Chunks: `train()` runs whole iterations inside WASM, sized so one chunk takes about
// `chunkMs` (default 50 ms), and yields to the event loop between chunks, so a browser
// tab stays responsive; `trainSync()` runs the same chunks without yielding.
//
// Non-finite values: after each chunk every logged value (losses, penalties, gradient
// norms) is checked. The state at every multiple of `nonFinite.every` iterations is kept
// in memory (parameters, optimizer state and random counters: a few copies of the
// weights); on the first non-finite value the trainer goes back to it and stops with
// SaddleNumericError, or lowers the learning rates and goes on from there.

import { Described, SaddleArgumentError, SaddleCheckpointError, SaddleError, SaddleNumericError } from '../errors.js';
import type { Node } from '../graph/node.js';
import * as G from '../graph/index.js';
import { grad } from '../autodiff/grad.js';
import { compile, type Program } from '../compile/program.js';
import type { Saddle } from '../wasm/instance.js';
import { defaultSaddle } from '../wasm/load.js';
import { randomNormal, randomUniform } from '../rng.js';
import type { Module } from '../nn/layers.js';
import { LOSSES, lossNeedsReal, ganLoss } from './losses.js';
import { DEFAULT_OPT, buildGan, checkConfig, type BuiltGan, type TrainerConfig } from './build.js';
import { CHECKPOINT_VERSION, checkTrainerCheckpoint, configHash, decodeCheckpoint, encodeCheckpoint } from './checkpoint.js';
import { History, type TrainingHistory } from './history.js';
import { ChunkedRunner } from '../runner.js';
import { finiteF32Numbers } from '../schema/values.js';
import { debugWarnOnce } from '../wasm/debug.js';

export type { TrainerConfig, OptimizerConfig, NetworkConfig, RegularizerConfig, ScheduleConfig } from './build.js';
export type { TrainingHistory } from './history.js';

export interface TrainProgress {
  /** iterations run by the trainer in all */
  iteration: number;
  /** of this call's target: done so far and asked for */
  done: number;
  total: number;
  /** measured over the last chunk */
  iterationsPerSecond: number;
  /** the latest value of each logged quantity */
  latest: Record<string, number>;
}

export interface TrainOptions {
  iterations: number;
  /** stops between chunks when aborted; the trainer stays consistent and can go on */
  signal?: AbortSignal;
  onProgress?: (progress: TrainProgress) => void;
  /** target duration of one chunk of WASM work, in ms (default 50) */
  chunkMs?: number;
}

export interface TrainResult {
  /** iterations this call ran (fewer than asked when aborted) */
  iterations: number;
  aborted: boolean;
  /** numeric rollbacks during this call */
  rollbacks: number;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => {
  if (typeof setImmediate === 'function') setImmediate(resolve);
  else if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { channel.port1.close(); resolve(); };
    channel.port2.postMessage(0);
  } else setTimeout(resolve, 0);
});

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Backstop for trainers dropped without dispose(): when one is garbage-collected its
 * programs (training and cached samplers, held here, never the trainer) are disposed.
 */
const UNDISPOSED = new FinalizationRegistry<{ program: Program; samplers: ReadonlyMap<string, { program: Program }> }>(({ program, samplers }) => {
  debugWarnOnce('GanTrainer', 'saddle: a GanTrainer was garbage-collected without dispose(); the finalizer freed its WASM memory. Call dispose() when done: collection may come late or never.');
  program.dispose();
  for (const s of samplers.values()) s.program.dispose();
});

/**
 * A GAN trained inside WASM: one compiled program per configuration.
 *
 * @example
 * const sd = await loadSaddle();
 * const trainer = new gan.GanTrainer({
 *   data: { values: ringOf8, dim: 2 }, noise: { dim: 2 }, batch: 256, seed: 1,
 *   generator: { hidden: [64, 64] }, discriminator: { hidden: [64, 64] },
 *   loss: 'nonSaturating', regularizers: { r1: 1 },
 * });                                          // uses the instance loadSaddle() gave first
 * await trainer.train({ iterations: 2000, onProgress: (p) => console.log(p.iteration) });
 * const samples = trainer.sample(512);         // Float32Array, 512 × 2
 * const bytes = trainer.save();                // resume later: GanTrainer.load(bytes)
 * trainer.dispose();
 */
export class GanTrainer {
  readonly program: Program;
  readonly generator: Module;
  readonly discriminator: Module;
  /** the EMA copies of G's parameters (empty without `ema`) */
  readonly emaParams: Node[];
  private readonly sd: Saddle;
  private readonly settings: TrainerConfig;
  private readonly rows: number;
  private readonly graph: G.Graph;
  private readonly lrScales: BuiltGan['lrScales'];
  private readonly records: History;
  /** runs the program keeping the state at multiples of the non-finite policy's spacing, and the history length then */
  private readonly runner: ChunkedRunner<number>;
  private readonly maxChunk: number;
  private readonly samplers = new Map<string, { program: Program; input: Node; out: Node; params: Node[] }>();
  private running = false;
  private disposed = false;

  /**
   * Checks `config` (errors name the field, the value and what is allowed), builds the GAN
   * and compiles it on `options.saddle`, or on the first instance loadSaddle() returned.
   */
  constructor(config: TrainerConfig, options: { saddle?: Saddle } = {}) {
    if (options === null || typeof options !== 'object') throw new SaddleArgumentError('GanTrainer', 'options', 'an object { saddle }', options);
    const sd = options.saddle ?? defaultSaddle();
    if (!sd) throw new SaddleError('E_NOT_LOADED', 'GanTrainer: no saddle instance yet; await loadSaddle() first or pass { saddle }');
    const checked = checkConfig(config);
    const built = buildGan(sd, checked);
    // a private copy: later changes to the caller's object change nothing
    const { data, ...rest } = checked;
    const settings: TrainerConfig = { ...structuredClone(rest), data: { values: [], dim: data.dim } };
    this.rows = data.values.length / data.dim;
    this.sd = sd;
    this.settings = settings;
    this.program = built.program;
    this.graph = built.graph;
    this.generator = built.generator;
    this.discriminator = built.discriminator;
    this.emaParams = built.emaParams;
    this.lrScales = built.lrScales;
    const appends = built.appendsPerIteration;
    this.records = new History(this.program, appends, settings.historyEvery ?? 1);
    this.runner = new ChunkedRunner(this.program, () => this.records.length, this.policy().every);
    this.maxChunk = Math.max(1, Math.floor((settings.logCapacity ?? 65536) / Math.max(...Object.values(appends))));
    // no closure here: one made in this constructor would share its context, which holds `this`
    UNDISPOSED.register(this, { program: this.program, samplers: this.samplers }, this);
  }

  /** Iterations run so far. */
  get iterations(): number { return this.program.iterations; }

  /** The configuration (data values left out). */
  get config(): Omit<TrainerConfig, 'data'> & { data: { rows: number; dim: number } } {
    const { data, ...rest } = this.settings;
    return structuredClone({ ...rest, data: { rows: this.rows, dim: data.dim } });
  }

  private live(fn: string): void {
    if (this.disposed) throw new SaddleError('E_DISPOSED', `GanTrainer.${fn}: the trainer was disposed`);
  }

  /** Logged quantities, one entry every `historyEvery` iterations (copies). */
  get history(): TrainingHistory { return this.records.copy(); }

  /** One history series (see `history.series`), a copy. */
  log(name: string): Float32Array {
    const column = this.records.columns.get(name);
    if (!column) {
      throw new SaddleArgumentError('GanTrainer.log', 'name', `one of ${[...this.records.columns.keys()].map((k) => `'${k}'`).join(', ')}`, name);
    }
    return column.values();
  }

  /** Each player's learning-rate multiplier (1 unless rollbacks or scaleLearningRates changed it). */
  get learningRateScale(): { d: number; g: number } {
    return { d: this.program.read(this.lrScales.d)[0], g: this.program.read(this.lrScales.g)[0] };
  }

  /**
   * Multiplies both players' learning rates by `factor` from the next iteration on. The
   * scales and the rates are f32: a factor that would make a scale or a player's rate
   * (lr × scale) round to 0 or overflow is refused, and nothing changes.
   */
  scaleLearningRates(factor: number): void {
    this.live('scaleLearningRates');
    const fn = 'GanTrainer.scaleLearningRates';
    if (typeof factor !== 'number' || !(factor > 0) || !Number.isFinite(factor)) throw new SaddleArgumentError(fn, 'factor', 'a positive finite number', factor);
    const problem = this.scaleProblem(factor);
    if (problem) throw new SaddleArgumentError(fn, 'factor', `a factor that keeps every learning rate a positive finite f32 (${problem})`, factor);
    for (const scale of [this.lrScales.d, this.lrScales.g]) this.program.write(scale, [Math.fround(this.program.read(scale)[0] * factor)]);
    this.runner.forget(); // the next chunk keeps the state with the new rates
  }

  /** Why scaling the rates by `factor` would leave f32 (a scale or lr × scale at 0 or ±Infinity), or null. */
  private scaleProblem(factor: number): string | null {
    for (const player of ['d', 'g'] as const) {
      const scale = Math.fround(this.program.read(this.lrScales[player])[0] * factor);
      const lr = Math.fround(Math.fround((this.settings.optimizer?.[player] ?? DEFAULT_OPT).lr) * scale);
      const name = player === 'd' ? "D's" : "G's";
      if (scale === 0 || lr === 0) return `${name} rate would underflow to 0`;
      if (!Number.isFinite(scale) || !Number.isFinite(lr)) return `${name} rate would overflow to Infinity`;
    }
    return null;
  }

  /** The non-finite policy with defaults filled in. */
  private policy(): { action: 'stop' | 'rollback'; every: number; lrFactor: number; maxRollbacks: number } {
    const p = this.settings.nonFinite ?? 'stop';
    const o = typeof p === 'string' ? { action: p } : p;
    return { action: o.action, every: o.every ?? 100, lrFactor: o.lrFactor ?? 0.5, maxRollbacks: o.maxRollbacks ?? 5 };
  }

  /**
   * Runs at most `n` iterations, never past the next multiple of the last-good-state
   * spacing, and checks every logged value. Returns the iterations kept: all of them, or,
   * after a rollback, a negative count (the caller just goes on from where it is now).
   */
  private advance(n: number, fn: string): number {
    const { action, lrFactor, maxRollbacks } = this.policy();
    const start = this.program.iterations;
    const { ran, setback } = this.runner.advance(n, (first, count) => {
      const logs = this.records.drain();
      let bad = count, quantity = '', value = 0;
      for (const [name, values] of logs) {
        const k = this.records.appends[name];
        const limit = Math.min(values.length, bad * k); // only iterations before the worst so far
        for (let j = 0; j < limit; j++) {
          if (!Number.isFinite(values[j])) { bad = Math.floor(j / k); quantity = name; value = values[j]; break; }
        }
      }
      this.records.record(logs, first, bad);
      return bad === count ? undefined : { offset: bad, quantity, value };
    });
    if (!setback) return ran;
    // back to the last good state, history included
    this.records.rewind(setback.mark);
    const { step, quantity, value, restoredTo } = setback;
    const underflow = action === 'rollback' ? this.scaleProblem(lrFactor) : null;
    if (action === 'rollback' && this.records.rollbacks.length < maxRollbacks && !underflow) {
      this.scaleLearningRates(lrFactor);
      this.records.rollbacks.push({ iteration: step, quantity, lrScale: this.learningRateScale.d });
      return restoredTo - start;
    }
    throw new SaddleNumericError(`GanTrainer.${fn}`, step, quantity, value, restoredTo,
      underflow ? ` (after ${this.records.rollbacks.length} rollbacks; one more would leave f32: ${underflow})`
        : action === 'rollback' ? ` (after ${maxRollbacks} rollbacks)` : " (lower the learning rate, or set nonFinite: 'rollback')");
  }

  private checkIterations(fn: string, iterations: unknown): number {
    if (!Number.isSafeInteger(iterations) || (iterations as number) < 0) throw new SaddleArgumentError(fn, 'iterations', 'a non-negative integer', iterations);
    return iterations as number;
  }

  private enter(fn: string): void {
    this.live(fn);
    if (this.running) throw new SaddleError('E_BUSY', `GanTrainer.${fn}: a train() call is still running on this trainer`);
    this.running = true;
  }

  /** Runs `iterations` iterations inside WASM without yielding (chunked only to drain logs). */
  trainSync(iterations: number): TrainResult {
    const fn = 'GanTrainer.trainSync';
    const total = this.checkIterations(fn, iterations);
    this.enter('trainSync');
    const before = this.records.rollbacks.length;
    try {
      const target = this.program.iterations + total;
      while (this.program.iterations < target) this.advance(Math.min(this.maxChunk, target - this.program.iterations), 'trainSync');
    } finally { this.running = false; }
    return { iterations: total, aborted: false, rollbacks: this.records.rollbacks.length - before };
  }

  /**
   * Runs `iterations` iterations in chunks of about `chunkMs` of WASM work, yielding to the
   * event loop between chunks; `signal` stops it between chunks, `onProgress` hears after each.
   */
  async train(options: TrainOptions): Promise<TrainResult> {
    const fn = 'GanTrainer.train';
    if (options === null || typeof options !== 'object') throw new SaddleArgumentError(fn, 'options', 'an object { iterations, signal?, onProgress?, chunkMs? }', options);
    const total = this.checkIterations(fn, options.iterations);
    const chunkMs = options.chunkMs ?? 50;
    if (typeof chunkMs !== 'number' || !(chunkMs > 0) || !Number.isFinite(chunkMs)) throw new SaddleArgumentError(fn, 'chunkMs', 'a positive number of milliseconds', chunkMs);
    if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new SaddleArgumentError(fn, 'onProgress', 'a function', options.onProgress);
    const signal = options.signal;
    this.enter('train');
    const before = this.records.rollbacks.length;
    const first = this.program.iterations;
    const target = first + total;
    let chunk = 4, aborted = false;
    try {
      while (this.program.iterations < target) {
        if (signal?.aborted) { aborted = true; break; }
        const n = Math.min(chunk, this.maxChunk, target - this.program.iterations);
        const t0 = now();
        const kept = this.advance(n, 'train');
        const ms = Math.max(now() - t0, 1e-3);
        // aim the next chunk at chunkMs from the rate just measured, growing at most 4× at a time
        chunk = Math.max(1, Math.min(chunk * 4, Math.floor((chunkMs * n) / ms)));
        if (options.onProgress) {
          const latest = this.records.latest();
          options.onProgress({ iteration: this.program.iterations, done: this.program.iterations - first, total, iterationsPerSecond: (1000 * Math.max(kept, 0)) / ms, latest });
        }
        await yieldToEventLoop();
        if (this.disposed) throw new SaddleError('E_DISPOSED', 'GanTrainer.train: the trainer was disposed while training');
      }
    } finally { this.running = false; }
    return { iterations: this.program.iterations - first, aborted, rollbacks: this.records.rollbacks.length - before };
  }

  /**
   * `n` generated samples ([n, dim] row-major) from the raw or EMA weights. The noise is
   * fixed by `seed` (default: the trainer's seed + 1), so calls with the same n and seed
   * show the same latent points as training goes on.
   */
  sample(n: number, options: { ema?: boolean; seed?: number } = {}): Float32Array {
    this.live('sample');
    if (!Number.isInteger(n) || n < 1 || n > 1 << 22) throw new SaddleArgumentError('GanTrainer.sample', 'n', 'an integer in [1, 2^22]', n);
    if (options.ema && this.emaParams.length === 0) throw new SaddleArgumentError('GanTrainer.sample', 'ema', 'false for a trainer without ema', true);
    const seed = options.seed ?? this.settings.seed + 1;
    const key = `${n}|${seed}`;
    let sampler = this.samplers.get(key);
    if (!sampler) {
      const z = G.input(this.graph, [n, this.settings.noise.dim]);
      const out = this.generator.apply(z);
      const sink = G.state(this.graph, out.shape);
      const program = compile(this.sd, { seed, phases: [{ updates: [[sink, out]] }] });
      const draws = this.sd.f32(z.size);
      try {
        (this.settings.noise.distribution === 'uniform' ? randomUniform : randomNormal)(this.sd, draws, { seed, stream: 0 });
        program.writeUnchecked(z, draws.toArray());
      } finally { draws.dispose(); }
      sampler = { program, input: z, out: sink, params: this.generator.params.filter((p) => program.has(p)) };
      this.samplers.set(key, sampler);
    }
    sampler.params.forEach((p) => {
      const source = options.ema ? this.emaParams[this.generator.params.indexOf(p)] : p;
      sampler!.program.writeUnchecked(p, this.program.read(source));
    });
    sampler.program.run(1);
    return sampler.program.read(sampler.out);
  }

  /** A cached helper program over `n` input points (D's parameters and state copied in before each run). */
  private probe(kind: 'discriminate' | 'gradientField', points: ArrayLike<number>): Float32Array {
    const fn = `GanTrainer.${kind}`;
    this.live(kind);
    const dim = this.settings.data.dim;
    if (!points || typeof points.length !== 'number' || points.length === 0 || points.length % dim !== 0) {
      throw new SaddleArgumentError(fn, 'points', `a non-empty array of n × ${dim} numbers`, points == null ? points : new Described(`${points.length} numbers`));
    }
    finiteF32Numbers(fn, 'points', points, { cols: dim });
    if ((this.settings.pack ?? 1) !== 1) throw new SaddleArgumentError(fn, 'pack', '1 (a packed discriminator judges groups, not points)', this.settings.pack);
    const n = points.length / dim;
    const key = `${kind}|${n}`;
    let entry = this.samplers.get(key);
    if (!entry) {
      const x = G.input(this.graph, [n, dim]);
      const d = this.discriminator.apply(x);
      let out: Node;
      if (kind === 'discriminate') out = d;
      else {
        const kindName = this.settings.loss ?? 'nonSaturating';
        if (lossNeedsReal(kindName)) {
          throw new SaddleArgumentError(fn, 'loss', `a loss whose G loss reads only fakes (not ${LOSSES.withCapability('needsReal').map((k) => `'${k}'`).join(', ')}: the relativistic G loss needs a real batch)`, kindName);
        }
        // −∂(n·L_G)/∂x: where each generated point would move under the generator's loss
        const lossG = ganLoss(kindName, this.settings.lossOptions).generator(d);
        out = G.neg(grad(G.mul(lossG, n), [x])[0]);
      }
      const sink = G.state(this.graph, out.shape);
      const program = compile(this.sd, { seed: this.settings.seed, phases: [{ updates: [[sink, out]] }] });
      // a parameter the output does not depend on (a last bias under a linear loss) is not in the program
      entry = { program, input: x, out: sink, params: [...this.discriminator.params, ...this.discriminator.state].filter((p) => program.has(p)) };
      this.samplers.set(key, entry);
    }
    entry.params.forEach((p) => entry!.program.writeUnchecked(p, this.program.read(p)));
    entry.program.writeUnchecked(entry.input, points);
    entry.program.run(1);
    return entry.program.read(entry.out);
  }

  /** The discriminator's raw output D(x) (a logit or critic value) at each of n points (n × dim). */
  discriminate(points: ArrayLike<number>): Float32Array { return this.probe('discriminate', points); }

  /**
   * The generator-side gradient field, as GAN Lab draws it: for each point x taken as a
   * generated sample, −∂ℓ_G/∂x (ℓ_G the per-sample generator loss), an n × dim array.
   */
  gradientField(points: ArrayLike<number>): Float32Array { return this.probe('gradientField', points); }

  /**
   * A checkpoint (see checkpoint.ts for the layout): the configuration, the data, every
   * parameter, optimizer state, EMA copy and learning-rate scale, the random counters, the
   * iteration count and the history. A trainer loaded from it continues bit for bit as
   * this one would.
   */
  save(): Uint8Array {
    this.live('save'); // also fine between chunks of a running train(): the state is whole there
    const snapshot = this.program.snapshot();
    const layout = this.program.snapshotLayout();
    const names = [...this.records.columns.keys()];
    const config = this.config;
    return encodeCheckpoint({
      header: {
        format: 'saddle-gan-trainer',
        config,
        configHash: configHash(config),
        iterations: snapshot.iterations,
        values: layout.names,
        streams: layout.streams,
        history: { names, length: this.records.length, rollbacks: this.records.rollbacks },
      },
      counters: snapshot.counters,
      arrays: [...snapshot.values, ...names.map((name) => this.records.columns.get(name)!.values())],
    });
  }

  /** A trainer from a checkpoint saved by save() (any version up to CHECKPOINT_VERSION). */
  static load(bytes: Uint8Array, options: { saddle?: Saddle } = {}): GanTrainer {
    const fn = 'GanTrainer.load';
    const parts = decodeCheckpoint(fn, bytes);
    const { header, counters, arrays } = parts;
    if (header.format !== 'saddle-gan-trainer') throw new SaddleCheckpointError(`${fn}: the checkpoint holds '${String(header.format)}', not a GAN trainer`);
    const saved = header.config as Omit<TrainerConfig, 'data'> & { data?: { rows: number; dim: number } };
    const rows = saved?.data?.rows, dim = saved?.data?.dim;
    if (!Number.isSafeInteger(rows) || !Number.isSafeInteger(dim) || rows! < 1 || dim! < 1) throw new SaddleCheckpointError(`${fn}: the checkpoint's config lacks data.rows and data.dim`);
    let trainer: GanTrainer;
    try {
      trainer = new GanTrainer({ ...saved, data: { values: new Float32Array(rows! * dim!), dim: dim! } }, options);
    } catch (error) {
      throw new SaddleCheckpointError(`${fn}: the checkpoint's config does not build: ${(error as Error).message}`, { cause: error });
    }
    try {
      const layout = trainer.program.snapshotLayout();
      const { iterations, history } = checkTrainerCheckpoint(fn, parts, { ...layout, historyNames: [...trainer.records.columns.keys()], historyEvery: trainer.records.every });
      const values = layout.names.length;
      trainer.program.restore({ iterations, inputs: true, values: arrays.slice(0, values), counters });
      history.names.forEach((name, k) => {
        const column = trainer.records.columns.get(name)!;
        for (const v of arrays[values + k]) column.push(v);
      });
      trainer.records.length = history.length;
      trainer.records.rollbacks.push(...history.rollbacks);
      return trainer;
    } catch (error) {
      trainer.dispose();
      if (error instanceof SaddleError) throw error instanceof SaddleCheckpointError ? error : new SaddleCheckpointError(`${fn}: ${error.message}`, { cause: error });
      throw error;
    }
  }

  /** Frees the training program and every sampler. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    UNDISPOSED.unregister(this);
    this.program.dispose();
    for (const s of this.samplers.values()) s.program.dispose();
  }
}

/** The checkpoint format version this saddle writes (it reads every version up to it). */
export const TRAINER_CHECKPOINT_VERSION = CHECKPOINT_VERSION;

/** `new GanTrainer(config, { saddle: sd })`, for callers that hold an instance. */
export function createTrainer(sd: Saddle, config: TrainerConfig): GanTrainer {
  return new GanTrainer(config, { saddle: sd });
}
