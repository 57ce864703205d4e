// The GAN trainer: a configuration becomes one compiled program whose iteration is
//   alternating:  [D update] × dSteps, then [G update], then [EMA]      (default)
//   simultaneous: [D and G updates from the same parameters], then [EMA]
// with data sampled from a dataset buffer and noise drawn inside WASM every update.
//
// D's input passes through instance noise when configured; with PacGAN packing of m,
// D sees m samples concatenated per row (Lin et al. 2018). Spectral norm's power
// iteration advances with each D update. Weight clipping clips D's parameters as part
// of its update (Arjovsky et al. 2017, Alg. 1).

import { SaddleArgumentError } from '../errors.js';
import type { Node } from '../graph/node.js';
import * as G from '../graph/index.js';
import { grad } from '../autodiff/grad.js';
import { compile, type Phase, type Program } from '../compile/program.js';
import * as optim from '../optim/index.js';
import type { Saddle } from '../wasm/instance.js';
import { randomNormal, randomUniform } from '../rng.js';
import { mlp, type Activation, type Module } from '../nn/layers.js';
import type { Initializer } from '../graph/ops/leaves.js';
import { ganLoss, type GanLossKind, type GanLossOptions } from './losses.js';
import { annealedSigma, dragan, draganPerturbation, instanceNoise, r1, r2, wganGp } from './regularizers.js';

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
  momentum?: number;
  /** nsgd and the grafts: normalize over all parameters together or per tensor */
  scope?: 'global' | 'layer';
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
  regularizers?: {
    r1?: number;
    r2?: number;
    wganGp?: number;
    dragan?: number;
    /** σ of Gaussian instance noise on D's inputs, annealed linearly to 0 over `annealSteps` D updates if given */
    instanceNoise?: { sigma: number; annealSteps?: number };
    weightClip?: number;
  };
  /** decay of an exponential moving average of G's weights (e.g. 0.999) */
  ema?: number;
  /** PacGAN: samples per discriminator input (default 1) */
  pack?: number;
  logCapacity?: number;
}

const DEFAULT_OPT: OptimizerConfig = { kind: 'adam', lr: 2e-4, b1: 0.5, b2: 0.999 };

function makeOptimizer(config: OptimizerConfig, who: string): optim.GradientTransformation {
  if (!config || typeof config !== 'object') throw new SaddleArgumentError('createTrainer', `optimizer.${who}`, 'an optimizer config { kind, lr }', config);
  switch (config.kind) {
    case 'adam': return optim.adam(config.lr, { b1: config.b1 ?? 0.5, b2: config.b2 ?? 0.999 });
    case 'sgd': return optim.sgd(config.lr, { momentum: config.momentum ?? 0 });
    case 'rmsprop': return optim.rmsprop(config.lr, { momentum: config.momentum ?? 0 });
    case 'nsgd': return optim.nsgd(config.lr, { scope: config.scope ?? 'global' });
    case 'ogda': return optim.ogda(config.lr);
    case 'optimisticAdam': return optim.optimisticAdam(config.lr, { b1: config.b1 ?? 0.5, b2: config.b2 ?? 0.999 });
    case 'adamMagnitudeSgdDirection': return optim.adamMagnitudeSgdDirection(config.lr, { b1: config.b1 ?? 0.5, b2: config.b2 ?? 0.999, scope: config.scope ?? 'layer' });
    case 'sgdMagnitudeAdamDirection': return optim.sgdMagnitudeAdamDirection(config.lr, { b1: config.b1 ?? 0.5, b2: config.b2 ?? 0.999, scope: config.scope ?? 'layer' });
    default:
      throw new SaddleArgumentError('createTrainer', `optimizer.${who}.kind`,
        "'adam', 'sgd', 'rmsprop', 'nsgd', 'ogda', 'optimisticAdam', 'adamMagnitudeSgdDirection' or 'sgdMagnitudeAdamDirection'", (config as { kind: unknown }).kind);
  }
}

function positiveInt(name: string, v: unknown, min = 1): number {
  if (!Number.isInteger(v) || (v as number) < min) throw new SaddleArgumentError('createTrainer', name, `an integer >= ${min}`, v);
  return v as number;
}

/** A GAN being trained inside WASM. */
export class Trainer {
  readonly program: Program;
  readonly generator: Module;
  readonly discriminator: Module;
  /** the EMA copies of G's parameters (empty without `ema`) */
  readonly emaParams: Node[];
  private readonly sd: Saddle;
  private readonly config: TrainerConfig;
  private readonly graph: G.Graph;
  private samplers = new Map<string, { program: Program; input: Node; out: Node; params: Node[] }>();
  private disposed = false;

  /** @internal use createTrainer() */
  constructor(sd: Saddle, config: TrainerConfig, parts: { program: Program; graph: G.Graph; generator: Module; discriminator: Module; emaParams: Node[] }) {
    this.sd = sd;
    this.config = config;
    this.program = parts.program;
    this.graph = parts.graph;
    this.generator = parts.generator;
    this.discriminator = parts.discriminator;
    this.emaParams = parts.emaParams;
  }

  /** Runs `iterations` training iterations inside WASM. */
  train(iterations: number): void { this.program.run(iterations); }

  get iterations(): number { return this.program.iterations; }

  /** Logged values: 'dLoss', 'gLoss', and each active penalty ('r1', 'r2', 'wganGp', 'dragan'). */
  log(name: string): Float32Array { return this.program.log(name); }

  /**
   * `n` generated samples ([n, dim] row-major) from the raw or EMA weights. The noise is
   * fixed by `seed` (default: the trainer's seed + 1), so calls with the same n and seed
   * show the same latent points as training goes on.
   */
  sample(n: number, options: { ema?: boolean; seed?: number } = {}): Float32Array {
    if (!Number.isInteger(n) || n < 1) throw new SaddleArgumentError('Trainer.sample', 'n', 'an integer >= 1', n);
    if (options.ema && this.emaParams.length === 0) throw new SaddleArgumentError('Trainer.sample', 'ema', 'false for a trainer without ema', true);
    const seed = options.seed ?? this.config.seed + 1;
    const key = `${n}|${seed}`;
    let sampler = this.samplers.get(key);
    if (!sampler) {
      const z = G.input(this.graph, [n, this.config.noise.dim]);
      const out = this.generator.apply(z);
      const sink = G.state(this.graph, out.shape);
      const program = compile(this.sd, { seed, phases: [{ updates: [[sink, out]] }] });
      const draws = this.sd.f32(z.size);
      try {
        (this.config.noise.distribution === 'uniform' ? randomUniform : randomNormal)(this.sd, draws, { seed, stream: 0 });
        program.write(z, draws.toArray());
      } finally { draws.dispose(); }
      sampler = { program, input: z, out: sink, params: this.generator.params };
      this.samplers.set(key, sampler);
    }
    const source = options.ema ? this.emaParams : this.generator.params;
    sampler.params.forEach((p, k) => sampler!.program.write(p, this.program.read(source[k])));
    sampler.program.run(1);
    return sampler.program.read(sampler.out);
  }

  /** A cached helper program over `n` input points (D's parameters and state copied in before each run). */
  private probe(kind: 'discriminate' | 'gradientField', points: ArrayLike<number>): Float32Array {
    const fn = `Trainer.${kind}`;
    const dim = this.config.data.dim;
    if (!points || typeof points.length !== 'number' || points.length === 0 || points.length % dim !== 0) {
      throw new SaddleArgumentError(fn, 'points', `a non-empty array of n × ${dim} numbers`, points == null ? points : `${points.length} numbers`);
    }
    if ((this.config.pack ?? 1) !== 1) throw new SaddleArgumentError(fn, 'pack', '1 (a packed discriminator judges groups, not points)', this.config.pack);
    const n = points.length / dim;
    const key = `${kind}|${n}`;
    let entry = this.samplers.get(key);
    if (!entry) {
      const x = G.input(this.graph, [n, dim]);
      const d = this.discriminator.apply(x);
      let out: Node;
      if (kind === 'discriminate') out = d;
      else {
        const kindName = this.config.loss ?? 'nonSaturating';
        if (kindName === 'relativistic' || kindName === 'relativisticAverage') {
          throw new SaddleArgumentError(fn, 'loss', 'a non-relativistic loss (the relativistic G loss needs a real batch)', kindName);
        }
        // −∂(n·L_G)/∂x: where each generated point would move under the generator's loss
        const lossG = ganLoss(kindName, this.config.lossOptions).generator(d);
        out = G.neg(grad(G.mul(lossG, n), [x])[0]);
      }
      const sink = G.state(this.graph, out.shape);
      const program = compile(this.sd, { seed: this.config.seed, phases: [{ updates: [[sink, out]] }] });
      entry = { program, input: x, out: sink, params: [...this.discriminator.params, ...this.discriminator.state] };
      this.samplers.set(key, entry);
    }
    entry.params.forEach((p) => entry!.program.write(p, this.program.read(p)));
    entry.program.write(entry.input, points);
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

  /** Frees the training program and every sampler. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.program.dispose();
    for (const s of this.samplers.values()) s.program.dispose();
  }
}

/**
 * Builds and compiles a GAN trainer.
 *
 * @example
 * const trainer = gan.createTrainer(sd, {
 *   data: { values: ringOf8, dim: 2 }, noise: { dim: 2 }, batch: 256, seed: 1,
 *   generator: { hidden: [64, 64] }, discriminator: { hidden: [64, 64] },
 *   loss: 'nonSaturating', regularizers: { r1: 1 },
 * });
 * trainer.train(2000);
 * const samples = trainer.sample(512);   // Float32Array, 512 × 2
 * trainer.dispose();
 */
export function createTrainer(sd: Saddle, config: TrainerConfig): Trainer {
  if (!config || typeof config !== 'object') throw new SaddleArgumentError('createTrainer', 'config', 'a trainer config', config);
  const dim = positiveInt('data.dim', config.data?.dim);
  const values = config.data?.values;
  if (!values || typeof values.length !== 'number' || values.length === 0 || values.length % dim !== 0) {
    throw new SaddleArgumentError('createTrainer', 'data.values', `a non-empty array whose length is a multiple of dim = ${dim}`, values == null ? values : `${values.length} numbers`);
  }
  const rows = values.length / dim;
  const noiseDim = positiveInt('noise.dim', config.noise?.dim);
  const batch = positiveInt('batch', config.batch);
  const pack = positiveInt('pack', config.pack ?? 1);
  const dSteps = positiveInt('dSteps', config.dSteps ?? 1);
  const scheme = config.scheme ?? 'alternating';
  if (scheme !== 'alternating' && scheme !== 'simultaneous' && scheme !== 'extragradient') {
    throw new SaddleArgumentError('createTrainer', 'scheme', "'alternating', 'simultaneous' or 'extragradient'", scheme);
  }
  if (scheme !== 'alternating' && dSteps !== 1) throw new SaddleArgumentError('createTrainer', 'dSteps', `1 with the ${scheme} scheme`, dSteps);
  const unrolled = config.unrolled;
  if (unrolled !== undefined) {
    positiveInt('unrolled.steps', unrolled.steps);
    if (unrolled.lr !== undefined && !(unrolled.lr > 0 && Number.isFinite(unrolled.lr))) throw new SaddleArgumentError('createTrainer', 'unrolled.lr', 'a positive number', unrolled.lr);
    if (scheme === 'extragradient') throw new SaddleArgumentError('createTrainer', 'unrolled', 'unset with the extragradient scheme', unrolled);
  }
  if (config.ema !== undefined && !(config.ema >= 0 && config.ema < 1)) throw new SaddleArgumentError('createTrainer', 'ema', 'a decay in [0, 1)', config.ema);
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

  // discriminator update
  const real = noisy(G.sampleRows(data, samples, 1), 4);
  const fakeForD = noisy(G.stopGradient(generator.apply(noise(2))), 4);
  const dReal = critic(real), dFake = critic(fakeForD);
  let dLoss = loss.discriminator(dReal, dFake);
  const logs: Record<string, Node> = {};
  if (reg.r1) { logs.r1 = r1(critic, real, reg.r1); dLoss = G.add(dLoss, logs.r1); }
  if (reg.r2) { logs.r2 = r2(critic, fakeForD, reg.r2); dLoss = G.add(dLoss, logs.r2); }
  if (reg.wganGp) { logs.wganGp = wganGp(critic, real, fakeForD, reg.wganGp, G.randomUniform(g, [samples, 1], 5)); dLoss = G.add(dLoss, logs.wganGp); }
  if (reg.dragan) {
    logs.dragan = dragan(critic, real, reg.dragan, draganPerturbation(real, G.randomUniform(g, real.shape, 6)));
    dLoss = G.add(dLoss, logs.dragan);
  }
  const dOpt = makeOptimizer(config.optimizer?.d ?? DEFAULT_OPT, 'd');
  const dState = dOpt.init(discriminator.params);
  const clip = reg.weightClip;
  /** D's assignments for an update from `grads` (taken at the current or an extrapolated point). */
  const dAssignments = (grads: Node[]): Array<readonly [Node, Node]> => {
    const up = dOpt.update(grads, dState, discriminator.params);
    return [
      ...optim.applyUpdates(discriminator.params, up.updates).map(([p, v]) => [p, clip ? G.minimum(G.maximum(v, -clip), clip) : v] as const),
      ...up.assignments,
      ...discriminator.assignments,
      [dStep, G.add(dStep, 1)],
    ];
  };

  // generator update (fresh noise; in the simultaneous scheme, from the same parameters in the same phase)
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
  const gOpt = makeOptimizer(config.optimizer?.g ?? DEFAULT_OPT, 'g');
  const gState = gOpt.init(generator.params);
  const gAssignments = (grads: Node[]): Array<readonly [Node, Node]> => {
    const up = gOpt.update(grads, gState, generator.params);
    return [...optim.applyUpdates(generator.params, up.updates), ...up.assignments];
  };

  let phases: Phase[];
  if (scheme === 'extragradient') {
    // phase 1: φ' = φ − η_D ∇φ L_D, θ' = θ − η_G ∇θ L_G at the current point
    const all = [...discriminator.params, ...generator.params];
    const extra = all.map((p) => G.state(g, p.shape, { kind: 'zeros' }, p.name ? `${p.name}.extrapolated` : undefined));
    const dLr = (config.optimizer?.d ?? DEFAULT_OPT).lr, gLr = (config.optimizer?.g ?? DEFAULT_OPT).lr;
    const dGrads = grad(dLoss, discriminator.params), gGrads = grad(gLoss, generator.params);
    const nD = discriminator.params.length;
    const extrapolate = all.map((p, i) => [extra[i], G.sub(p, G.mul(i < nD ? dGrads[i] : gGrads[i - nD], i < nD ? dLr : gLr))] as const);
    // phase 2: gradients at (φ', θ'), applied to (φ, θ) by each player's optimizer
    const at = new Map(all.map((p, i) => [p, extra[i]]));
    const [dLossAt, gLossAt] = G.substitute([dLoss, gLoss], at);
    phases = [
      { updates: extrapolate },
      {
        updates: [...dAssignments(grad(dLossAt, extra.slice(0, nD))), ...gAssignments(grad(gLossAt, extra.slice(nD)))],
        logs: { dLoss: dLossAt, gLoss: gLossAt, ...logs },
      },
    ];
  } else if (scheme === 'simultaneous') {
    phases = [{ updates: [...dAssignments(grad(dLoss, discriminator.params)), ...gAssignments(grad(gLoss, generator.params))], logs: { dLoss, gLoss, ...logs } }];
  } else {
    phases = [
      { updates: dAssignments(grad(dLoss, discriminator.params)), logs: { dLoss, ...logs }, repeat: dSteps },
      { updates: gAssignments(grad(gLoss, generator.params)), logs: { gLoss } },
    ];
  }
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
  const program = compile(sd, { seed: config.seed, phases, logCapacity: config.logCapacity });
  try {
    program.write(data, values);
    // EMA starts at the initial weights
    generator.params.forEach((p, k) => emaParams[k] && program.write(emaParams[k], program.read(p)));
  } catch (error) {
    program.dispose();
    throw error;
  }
  return new Trainer(sd, config, { program, graph: g, generator, discriminator, emaParams });
}
