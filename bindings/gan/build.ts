// A trainer configuration becomes one graph and one compiled program whose iteration is
//   alternating:   [D update] × dSteps, then [G update], then [EMA]      (default)
//   simultaneous:  [D and G updates from the same parameters], then [EMA]
//   extragradient: [extrapolate both], [update both from the extrapolated point], then [EMA]
// with data sampled from a dataset buffer and noise drawn inside WASM every update.
//
// D's input passes through instance noise when configured; with PacGAN packing of m,
// D sees m samples concatenated per row (Lin et al. 2018). Spectral norm's power
// iteration advances with each D update. Weight clipping clips D's parameters as part
// of its update (Arjovsky et al. 2017, Alg. 1). Each player's learning rate is its
// schedule times a persistent scale (1 until a numeric rollback lowers it).

import { Described, SaddleArgumentError } from '../errors.js';
import type { Node } from '../graph/node.js';
import * as G from '../graph/index.js';
import { grad } from '../autodiff/grad.js';
import { compile, type Program } from '../compile/program.js';
import * as optim from '../optim/index.js';
import { checkPositive, checkRange } from '../optim/check.js';
import type { Saddle } from '../wasm/instance.js';
import { mlp, type Activation, type Module } from '../nn/layers.js';
import type { Initializer } from '../graph/ops/leaves.js';
import { buildStepper, STEPPERS, type Players, type StepperName } from '../minimax/steppers.js';
import { resolveOptions } from '../schema/options.js';
import { GAN_LOSS_KINDS, ganLoss, type GanLossKind, type GanLossOptions } from './losses.js';
import { annealedSigma, dragan, draganPerturbation, instanceNoise, r1, r2, wganGp } from './regularizers.js';

/** A learning-rate schedule over the player's update count t (see optim's schedules). */
export type ScheduleConfig =
  | { kind: 'constant' }
  /** lr·rate^(t/every) */
  | { kind: 'exponential'; rate: number; every: number }
  /** lr·factor^⌊t/every⌋ */
  | { kind: 'step'; every: number; factor: number }
  /** cosine from lr to alpha·lr over `steps` updates, then alpha·lr */
  | { kind: 'cosine'; steps: number; alpha?: number };

export interface OptimizerConfig {
  /**
   * 'nsgd' is nSGDA's normalized step (Jelassi et al. 2022; `scope` 'global' or 'layer'),
   * 'ogda' and 'optimisticAdam' are optimistic (Daskalakis et al. 2018), and the two
   * grafts take one optimizer's step length and the other's direction (Agarwal et al. 2020).
   */
  kind: 'adam' | 'sgd' | 'rmsprop' | 'nsgd' | 'ogda' | 'optimisticAdam' | 'adamMagnitudeSgdDirection' | 'sgdMagnitudeAdamDirection';
  lr: number;
  /** Adam β1 (default 0.5, the GAN convention) and β2 (default 0.999) */
  b1?: number;
  b2?: number;
  /** sgd and rmsprop momentum (default 0) */
  momentum?: number;
  /** nsgd and the grafts: normalize over all parameters together or per tensor */
  scope?: 'global' | 'layer';
  /** default constant */
  schedule?: ScheduleConfig;
  /** linear warm-up over this many updates (default 0) */
  warmup?: number;
}

export interface NetworkConfig {
  /** hidden widths, e.g. [16, 16] */
  hidden: number[];
  activation?: Activation;
  output?: Activation;
  init?: Initializer;
  spectralNorm?: boolean;
  minibatchStd?: boolean;
}

export interface RegularizerConfig {
  /** γ of R1 = γ/2·E‖∇D(real)‖² (Mescheder et al. 2018) */
  r1?: number;
  /** γ of R2 = γ/2·E‖∇D(fake)‖² */
  r2?: number;
  /** λ of WGAN-GP (Gulrajani et al. 2017) */
  wganGp?: number;
  /** λ of DRAGAN (Kodali et al. 2017) */
  dragan?: number;
  /** σ of Gaussian instance noise on D's inputs, annealed linearly to 0 over `annealSteps` D updates if given */
  instanceNoise?: { sigma: number; annealSteps?: number };
  /** clip D's weights to [−c, c] after each update (WGAN) */
  weightClip?: number;
  /** γ of consensus optimization: both losses get + γ/2·‖v‖² (Mescheder et al. 2017); simultaneous scheme */
  consensus?: number;
}

export interface TrainerConfig {
  /** data rows, row-major [rows, dim] */
  data: { values: ArrayLike<number>; dim: number };
  noise: { dim: number; distribution?: 'normal' | 'uniform' };
  generator: NetworkConfig;
  discriminator: NetworkConfig;
  loss?: GanLossKind;
  lossOptions?: GanLossOptions;
  batch: number;
  seed: number;
  /** separate rates for D and G are TTUR (Heusel et al. 2017) */
  optimizer?: { d?: OptimizerConfig; g?: OptimizerConfig };
  /** D updates per G update (alternating scheme; default 1) */
  dSteps?: number;
  /**
   * 'extragradient' (Korpelevich 1976; Gidel et al. 2019): each iteration first extrapolates
   * both players by a plain gradient step of their learning rates (phase 1), then updates the
   * original parameters with each player's optimizer applied to the gradients at the
   * extrapolated point (phase 2, fresh samples).
   */
  scheme?: 'alternating' | 'simultaneous' | 'extragradient';
  /**
   * Unrolled GAN (Metz et al. 2017): G's loss is taken against D after `steps` SGD steps of
   * learning rate `lr` (default: D's) on the current batch, differentiated through the
   * unrolling (second-order terms included).
   */
  unrolled?: { steps: number; lr?: number };
  regularizers?: RegularizerConfig;
  /** decay of an exponential moving average of G's weights (e.g. 0.999) */
  ema?: number;
  /** PacGAN: samples per discriminator input (default 1) */
  pack?: number;
  /**
   * GDA-AM (He et al. 2022): Anderson mixing (type II) on the joint parameter vector of D
   * and G, with the whole iteration of the chosen scheme as the fixed-point map; see
   * optim.anderson for the options (window p, Tikhonov λ, β, restart policy).
   */
  anderson?: { window?: number; lambda?: number; beta?: number; restart?: 'none' | 'window' | 'residual'; growth?: number };
  /** values kept per log in WASM between drains (default 65536) */
  logCapacity?: number;
  /** history keeps one entry every `historyEvery` iterations (default 1) */
  historyEvery?: number;
  /**
   * What a non-finite loss, penalty or gradient norm does. The trainer keeps its state at
   * every multiple of `every` iterations (default 100) as the last good state. 'stop'
   * (default) goes back to it and throws SaddleNumericError; 'rollback' goes back to it,
   * multiplies both learning rates by `lrFactor` (default 0.5) and goes on, at most
   * `maxRollbacks` times (default 5) before stopping.
   */
  nonFinite?: 'stop' | 'rollback' | { action: 'stop' | 'rollback'; every?: number; lrFactor?: number; maxRollbacks?: number };
}

const FN = 'GanTrainer';
const DEFAULT_OPT: OptimizerConfig = { kind: 'adam', lr: 2e-4, b1: 0.5, b2: 0.999 };
const OPTIMIZER_KINDS = ['adam', 'sgd', 'rmsprop', 'nsgd', 'ogda', 'optimisticAdam', 'adamMagnitudeSgdDirection', 'sgdMagnitudeAdamDirection'];

const FIELDS: Record<string, readonly string[]> = {
  config: ['data', 'noise', 'generator', 'discriminator', 'loss', 'lossOptions', 'batch', 'seed', 'optimizer', 'dSteps', 'scheme', 'unrolled', 'regularizers', 'ema', 'pack', 'anderson', 'logCapacity', 'historyEvery', 'nonFinite'],
  data: ['values', 'dim'],
  noise: ['dim', 'distribution'],
  network: ['hidden', 'activation', 'output', 'init', 'spectralNorm', 'minibatchStd'],
  optimizer: ['d', 'g'],
  optimizerConfig: ['kind', 'lr', 'b1', 'b2', 'momentum', 'scope', 'schedule', 'warmup'],
  regularizers: ['r1', 'r2', 'wganGp', 'dragan', 'instanceNoise', 'weightClip', 'consensus'],
  instanceNoise: ['sigma', 'annealSteps'],
  unrolled: ['steps', 'lr'],
};

function fail(field: string, expected: string, got: unknown): never {
  throw new SaddleArgumentError(FN, field, expected, got);
}

function object(field: string, value: unknown, fields: readonly string[]): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(field, 'an object', value);
  for (const key of Object.keys(value as object)) {
    if (!fields.includes(key)) fail(`${field}.${key}`, `one of the known fields (${fields.join(', ')})`, new Described(`an unknown field '${key}'`));
  }
  return value as Record<string, unknown>;
}

function int(field: string, value: unknown, min = 1, max = 2 ** 31 - 1): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) fail(field, `an integer in [${min}, ${max}]`, value);
  return value as number;
}

const positive = (field: string, value: unknown): number => checkPositive(FN, field, value);
const nonNegative = (field: string, value: unknown): number => checkRange(FN, field, value, 0, Infinity);

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) fail(field, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  return value as T;
}

function checkNetwork(field: string, value: unknown): void {
  const net = object(field, value, FIELDS.network);
  if (!Array.isArray(net.hidden)) fail(`${field}.hidden`, 'an array of layer widths (integers >= 1)', net.hidden);
  (net.hidden as unknown[]).forEach((w, i) => int(`${field}.hidden[${i}]`, w, 1, 1 << 16));
  for (const flag of ['spectralNorm', 'minibatchStd']) {
    if (net[flag] !== undefined && typeof net[flag] !== 'boolean') fail(`${field}.${flag}`, 'a boolean', net[flag]);
  }
}

function checkOptimizer(field: string, value: unknown): void {
  const o = object(field, value, FIELDS.optimizerConfig);
  oneOf(`${field}.kind`, o.kind, OPTIMIZER_KINDS);
  positive(`${field}.lr`, o.lr);
  for (const beta of ['b1', 'b2', 'momentum']) {
    if (o[beta] !== undefined && !(typeof o[beta] === 'number' && (o[beta] as number) >= 0 && (o[beta] as number) < 1)) fail(`${field}.${beta}`, 'a number in [0, 1)', o[beta]);
  }
  if (o.scope !== undefined) oneOf(`${field}.scope`, o.scope, ['global', 'layer']);
  if (o.warmup !== undefined) int(`${field}.warmup`, o.warmup, 0);
  if (o.schedule !== undefined) {
    const s = object(`${field}.schedule`, o.schedule, ['kind', 'rate', 'every', 'factor', 'steps', 'alpha']);
    const kind = oneOf(`${field}.schedule.kind`, s.kind, ['constant', 'exponential', 'step', 'cosine']);
    if (kind === 'exponential') { positive(`${field}.schedule.rate`, s.rate); positive(`${field}.schedule.every`, s.every); }
    if (kind === 'step') {
      int(`${field}.schedule.every`, s.every);
      if (!(typeof s.factor === 'number' && s.factor > 0 && s.factor <= 1)) fail(`${field}.schedule.factor`, 'a number in (0, 1]', s.factor);
    }
    if (kind === 'cosine') {
      int(`${field}.schedule.steps`, s.steps);
      if (s.alpha !== undefined && !(typeof s.alpha === 'number' && s.alpha >= 0 && s.alpha <= 1)) fail(`${field}.schedule.alpha`, 'a number in [0, 1]', s.alpha);
    }
  }
}

/** Checks every field of a trainer config; errors name the field, the value and what is allowed. */
export function checkConfig(config: unknown): TrainerConfig {
  const c = object('config', config, FIELDS.config);
  const data = object('data', c.data, FIELDS.data);
  const dim = int('data.dim', data.dim, 1, 1 << 20);
  const values = data.values as ArrayLike<number> | undefined;
  if (!values || typeof values !== 'object' || typeof values.length !== 'number' || values.length === 0 || values.length % dim !== 0) {
    fail('data.values', `a non-empty array whose length is a multiple of data.dim = ${dim}`, values == null ? values : new Described(`${(values as ArrayLike<number>).length ?? 'no'} numbers`));
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) fail('data.values', 'finite numbers', new Described(`${values[i]} at index ${i}`));
  }
  const noise = object('noise', c.noise, FIELDS.noise);
  int('noise.dim', noise.dim, 1, 1 << 16);
  if (noise.distribution !== undefined) oneOf('noise.distribution', noise.distribution, ['normal', 'uniform']);
  checkNetwork('generator', c.generator);
  checkNetwork('discriminator', c.discriminator);
  if (c.loss !== undefined) oneOf('loss', c.loss, GAN_LOSS_KINDS);
  int('batch', c.batch, 1, 1 << 20);
  if (!Number.isSafeInteger(c.seed) || (c.seed as number) < 0) fail('seed', 'an integer in [0, 2^53)', c.seed);
  if (c.optimizer !== undefined) {
    const opt = object('optimizer', c.optimizer, FIELDS.optimizer);
    if (opt.d !== undefined) checkOptimizer('optimizer.d', opt.d);
    if (opt.g !== undefined) checkOptimizer('optimizer.g', opt.g);
  }
  const scheme = c.scheme === undefined ? 'alternating' : oneOf('scheme', c.scheme, ['alternating', 'simultaneous', 'extragradient']);
  const dSteps = c.dSteps === undefined ? 1 : int('dSteps', c.dSteps, 1, 1000);
  if (scheme !== 'alternating' && dSteps !== 1) fail('dSteps', `1 with the ${scheme} scheme`, dSteps);
  if (c.unrolled !== undefined) {
    const u = object('unrolled', c.unrolled, FIELDS.unrolled);
    int('unrolled.steps', u.steps, 1, 100);
    if (u.lr !== undefined) positive('unrolled.lr', u.lr);
    if (scheme === 'extragradient') fail('unrolled', 'unset with the extragradient scheme', c.unrolled);
  }
  if (c.regularizers !== undefined) {
    const r = object('regularizers', c.regularizers, FIELDS.regularizers);
    for (const k of ['r1', 'r2', 'wganGp', 'dragan', 'consensus']) if (r[k] !== undefined) nonNegative(`regularizers.${k}`, r[k]);
    if (r.weightClip !== undefined) positive('regularizers.weightClip', r.weightClip);
    if (r.instanceNoise !== undefined) {
      const n = object('regularizers.instanceNoise', r.instanceNoise, FIELDS.instanceNoise);
      nonNegative('regularizers.instanceNoise.sigma', n.sigma);
      if (n.annealSteps !== undefined) int('regularizers.instanceNoise.annealSteps', n.annealSteps);
    }
    if (r.consensus !== undefined && scheme !== 'simultaneous') fail('regularizers.consensus', "unset unless scheme is 'simultaneous' (consensus optimization updates both players from one joint field)", r.consensus);
  }
  if (c.ema !== undefined && !(typeof c.ema === 'number' && c.ema >= 0 && c.ema < 1)) fail('ema', 'a decay in [0, 1)', c.ema);
  const pack = c.pack === undefined ? 1 : int('pack', c.pack, 1, 1024);
  if ((c.batch as number) * pack > 1 << 20) fail('batch', `at most 2^20 / pack = ${Math.floor((1 << 20) / pack)} with pack ${pack}`, c.batch);
  if (c.anderson !== undefined) {
    const a = object('anderson', c.anderson, ['window', 'lambda', 'beta', 'restart', 'growth']);
    if (a.window !== undefined) int('anderson.window', a.window, 1, 32);
    if (a.lambda !== undefined) nonNegative('anderson.lambda', a.lambda);
    if (a.beta !== undefined && !(typeof a.beta === 'number' && a.beta > 0 && a.beta <= 1)) fail('anderson.beta', 'a number in (0, 1]', a.beta);
    if (a.restart !== undefined) oneOf('anderson.restart', a.restart, ['none', 'window', 'residual']);
    if (a.growth !== undefined && !(typeof a.growth === 'number' && a.growth >= 1 && Number.isFinite(a.growth))) fail('anderson.growth', 'a finite number >= 1', a.growth);
  }
  if (c.logCapacity !== undefined) int('logCapacity', c.logCapacity, 16, 1 << 24);
  if (c.historyEvery !== undefined) int('historyEvery', c.historyEvery);
  if (typeof c.nonFinite === 'string') oneOf('nonFinite', c.nonFinite, ['stop', 'rollback']);
  else if (c.nonFinite !== undefined) {
    const nf = object('nonFinite', c.nonFinite, ['action', 'every', 'lrFactor', 'maxRollbacks']);
    oneOf('nonFinite.action', nf.action, ['stop', 'rollback']);
    if (nf.every !== undefined) int('nonFinite.every', nf.every);
    if (nf.lrFactor !== undefined && !(typeof nf.lrFactor === 'number' && nf.lrFactor > 0 && nf.lrFactor < 1)) fail('nonFinite.lrFactor', 'a number in (0, 1)', nf.lrFactor);
    if (nf.maxRollbacks !== undefined) int('nonFinite.maxRollbacks', nf.maxRollbacks, 0, 1000);
  }
  return config as TrainerConfig;
}

/** The player's learning rate: its schedule (with warm-up) times its persistent scale. */
function schedule(config: OptimizerConfig, scale: Node): optim.Schedule {
  const s = config.schedule ?? { kind: 'constant' };
  let base: optim.Schedule;
  switch (s.kind) {
    case 'exponential': base = optim.exponentialDecay(config.lr, { rate: s.rate, every: s.every }); break;
    case 'step': base = optim.stepDecay(config.lr, { every: s.every, factor: s.factor }); break;
    case 'cosine': base = optim.cosineDecay(config.lr, { steps: s.steps, alpha: s.alpha }); break;
    default: base = optim.constantSchedule(config.lr);
  }
  if (config.warmup) base = optim.warmup(base, { steps: config.warmup });
  return (step) => G.mul(base(step), scale);
}

function makeOptimizer(config: OptimizerConfig, lr: optim.Schedule): optim.GradientTransformation {
  const b1 = config.b1 ?? 0.5, b2 = config.b2 ?? 0.999;
  switch (config.kind) {
    case 'adam': return optim.adam(lr, { b1, b2 });
    case 'sgd': return optim.sgd(lr, { momentum: config.momentum ?? 0 });
    case 'rmsprop': return optim.rmsprop(lr, { momentum: config.momentum ?? 0 });
    case 'nsgd': return optim.nsgd(lr, { scope: config.scope ?? 'global' });
    case 'ogda': return optim.ogda(lr);
    case 'optimisticAdam': return optim.optimisticAdam(lr, { b1, b2 });
    case 'adamMagnitudeSgdDirection': return optim.adamMagnitudeSgdDirection(lr, { b1, b2, scope: config.scope ?? 'layer' });
    case 'sgdMagnitudeAdamDirection': return optim.sgdMagnitudeAdamDirection(lr, { b1, b2, scope: config.scope ?? 'layer' });
  }
}

/** √(Σ‖g‖²) over a player's gradients. */
function globalNorm(grads: readonly Node[]): Node {
  return G.sqrt(grads.map((x) => G.sumSquares(x)).reduce((a, b) => G.add(a, b)));
}

/** What a built GAN hands to the trainer. */
export interface BuiltGan {
  program: Program;
  graph: G.Graph;
  generator: Module;
  discriminator: Module;
  emaParams: Node[];
  /** each player's learning-rate scale ([1, 1] state, 1 at start) */
  lrScales: { d: Node; g: Node };
  /** values each log receives per iteration */
  appendsPerIteration: Record<string, number>;
}

/** A registry stepper by name with its options (minimax.STEPPERS). */
export interface GanStepper {
  name: string;
  options?: Record<string, unknown>;
}

/**
 * The stepper a config's scheme names: 'alternating' is alternatingGda with k = dSteps D
 * steps first, 'simultaneous' simultaneousGda (consensus with regularizers.consensus = γ),
 * 'extragradient' extragradient; `anderson` wraps it in gdaAm.
 */
export function schemeStepper(config: TrainerConfig): GanStepper {
  const scheme = config.scheme ?? 'alternating';
  const gamma = config.regularizers?.consensus;
  const base: GanStepper = scheme === 'alternating' ? { name: 'alternatingGda', options: { steps: config.dSteps ?? 1, first: 'y' } }
    : scheme === 'extragradient' ? { name: 'extragradient' }
      : gamma ? { name: 'consensus', options: { gamma } } : { name: 'simultaneousGda' };
  return config.anderson ? { name: 'gdaAm', options: { ...config.anderson, base: base.name, baseOptions: base.options ?? {} } } : base;
}

/**
 * Builds the graph of a checked config and compiles it. `stepper` (default: the config's
 * scheme, schemeStepper) is any registry stepper, run on the players D (y) and G (x).
 */
export function buildGan(sd: Saddle, config: TrainerConfig, stepper: GanStepper = schemeStepper(config)): BuiltGan {
  if (stepper === null || typeof stepper !== 'object') throw new SaddleArgumentError(FN, 'stepper', 'an object { name, options? }', stepper);
  const entry = STEPPERS.get(stepper.name as StepperName, FN, 'stepper.name');
  // options and constraints checked before any node is made
  resolveOptions(`${FN}(stepper ${stepper.name})`, entry.options, stepper.options);
  const dim = config.data.dim;
  const rows = config.data.values.length / dim;
  const noiseDim = config.noise.dim, batch = config.batch, pack = config.pack ?? 1;
  const unrolled = config.unrolled;
  const reg = config.regularizers ?? {};
  const loss = ganLoss(config.loss ?? 'nonSaturating', config.lossOptions);

  const g = new G.Graph();
  const data = G.input(g, [rows, dim], 'data');
  const generator = mlp(g, { widths: [noiseDim, ...config.generator.hidden, dim], activation: config.generator.activation ?? 'relu', output: config.generator.output ?? 'linear', init: config.generator.init, spectralNorm: config.generator.spectralNorm, name: 'G' });
  const discriminator = mlp(g, { widths: [dim * pack, ...config.discriminator.hidden, 1], activation: config.discriminator.activation ?? { kind: 'leakyRelu', slope: 0.2 }, init: config.discriminator.init, spectralNorm: config.discriminator.spectralNorm, minibatchStd: config.discriminator.minibatchStd, name: 'D' });

  // streams: 1 data, 2-3 noise, 4 instance noise, 5 WGAN-GP u, 6 DRAGAN
  const samples = batch * pack;
  const noise = (stream: number) => (config.noise.distribution === 'uniform'
    ? G.randomUniform(g, [samples, noiseDim], stream) : G.randomNormal(g, [samples, noiseDim], stream));
  const dStep = G.state(g, [1, 1], { kind: 'zeros' }, 'dStep');
  const sigma = reg.instanceNoise
    ? (reg.instanceNoise.annealSteps ? annealedSigma(reg.instanceNoise.sigma, dStep, reg.instanceNoise.annealSteps) : reg.instanceNoise.sigma)
    : null;
  const noisy = (x: Node, stream: number) => (sigma === null ? x : instanceNoise(x, sigma, G.randomNormal(g, x.shape, stream)));
  const packed = (x: Node) => (pack === 1 ? x : G.reshape(x, [batch, dim * pack]));
  const critic = (x: Node) => discriminator.apply(packed(x));

  // discriminator loss and penalties
  const real = noisy(G.sampleRows(data, samples, 1), 4);
  // D's loss sees the fakes through stopGradient (R2 and WGAN-GP then push only D), except
  // for steppers that differentiate the field (consensus: ‖v‖² depends on θ through
  // v_D = ∇φ L_D(φ, G_θ(z)))
  const fakeG = generator.apply(noise(2));
  const jointField = STEPPERS.withCapability('differentiatesField').includes(stepper.name as StepperName)
    || (stepper.name === 'gdaAm' && STEPPERS.withCapability('differentiatesField').includes((stepper.options?.base ?? '') as StepperName));
  const fakeForD = noisy(jointField ? fakeG : G.stopGradient(fakeG), 4);
  const dReal = critic(real), dFake = critic(fakeForD);
  let dLoss = loss.discriminator(dReal, dFake);
  const penalties: Record<string, Node> = {};
  if (reg.r1) { penalties.r1 = r1(critic, real, reg.r1); dLoss = G.add(dLoss, penalties.r1); }
  if (reg.r2) { penalties.r2 = r2(critic, fakeForD, reg.r2); dLoss = G.add(dLoss, penalties.r2); }
  if (reg.wganGp) { penalties.wganGp = wganGp(critic, real, fakeForD, reg.wganGp, G.randomUniform(g, [samples, 1], 5)); dLoss = G.add(dLoss, penalties.wganGp); }
  if (reg.dragan) {
    penalties.dragan = dragan(critic, real, reg.dragan, draganPerturbation(real, G.randomUniform(g, real.shape, 6)));
    dLoss = G.add(dLoss, penalties.dragan);
  }

  // generator loss (fresh noise; in the simultaneous scheme, from the same parameters in the same phase)
  const fakeForG = noisy(generator.apply(noise(3)), 4);
  let gLoss = loss.generator(critic(fakeForG), dReal);
  if (unrolled) {
    // D after k SGD steps on this batch, as a function of D's and G's parameters
    const lr = unrolled.lr ?? (config.optimizer?.d ?? DEFAULT_OPT).lr;
    const surrogate = loss.discriminator(dReal, critic(fakeForG));
    let phi = discriminator.params;
    for (let k = 0; k < unrolled.steps; k++) {
      const at = G.substitute([surrogate], new Map(discriminator.params.map((p, i) => [p, phi[i]])))[0];
      const grads = grad(at, phi);
      phi = phi.map((p, i) => G.sub(p, G.mul(grads[i], lr)));
    }
    gLoss = G.substitute([gLoss], new Map(discriminator.params.map((p, i) => [p, phi[i]])))[0];
  }
  // each player's optimizer, with its learning rate = schedule × scale (logged)
  const lrScales = { d: G.state(g, [1, 1], { kind: 'constant', value: 1 }, 'D.lrScale'), g: G.state(g, [1, 1], { kind: 'constant', value: 1 }, 'G.lrScale') };
  const dConfig = config.optimizer?.d ?? DEFAULT_OPT, gConfig = config.optimizer?.g ?? DEFAULT_OPT;
  const clip = reg.weightClip;
  // the game: G is x (minimizes gLoss), D is y; z = (D, G) as in the checkpoints
  const players: Players = {
    order: 'yx',
    y: {
      params: discriminator.params, loss: dLoss, optimizer: makeOptimizer(dConfig, schedule(dConfig, lrScales.d)),
      // spectral norm's power iteration and the D-step count advance with each D update
      assignments: [...discriminator.assignments, [dStep, G.add(dStep, 1)]],
      project: clip ? (v) => G.minimum(G.maximum(v, -clip), clip) : undefined,
      logs: (u) => ({ dLoss: u.loss, dGradNorm: globalNorm(u.grads), dLr: u.lr as Node, ...penalties, ...u.terms }),
    },
    x: {
      params: generator.params, loss: gLoss, optimizer: makeOptimizer(gConfig, schedule(gConfig, lrScales.g)),
      assignments: generator.assignments,
      logs: (u) => ({ gLoss: u.loss, gGradNorm: globalNorm(u.grads), gLr: u.lr as Node }),
    },
  };
  const phases = buildStepper(stepper.name, players, stepper.options, FN).phases;
  // EMA after G's update, so it averages the new weights (Yazıcı et al. 2019)
  const emaParams: Node[] = [];
  if (config.ema !== undefined) {
    const beta = config.ema;
    const updates = generator.params.map((p) => {
      const e = G.state(g, p.shape, { kind: 'zeros' }, p.name ? `${p.name}.ema` : undefined);
      emaParams.push(e);
      return [e, G.add(G.mul(e, beta), G.mul(p, 1 - beta))] as const;
    });
    phases.push({ updates });
  }
  const appendsPerIteration: Record<string, number> = {};
  for (const phase of phases) for (const name of Object.keys(phase.logs ?? {})) appendsPerIteration[name] = phase.repeat ?? 1;
  const program = compile(sd, { seed: config.seed, phases, logCapacity: config.logCapacity });
  try {
    program.write(data, config.data.values);
    // EMA starts at the initial weights
    generator.params.forEach((p, k) => emaParams[k] && program.write(emaParams[k], program.read(p)));
  } catch (error) {
    program.dispose();
    throw error;
  }
  return { program, graph: g, generator, discriminator, emaParams, lrScales, appendsPerIteration };
}
