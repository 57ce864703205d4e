// A trainer configuration becomes one graph and one compiled program whose iteration is
//   alternating:   [D update] × dSteps, then [G update], then [EMA]      (default)
//   simultaneous:  [D and G updates from the same parameters], then [EMA]
//   extragradient: [extrapolate both], [update both from the extrapolated point], then [EMA]
// with data sampled from a dataset buffer and noise drawn inside WASM every update.
//
// D's input passes through instance noise when configured; with PacGAN packing of m,
// D sees m samples concatenated per row (Lin et al. 2018), and gradient penalties are
// taken at those packed rows. Spectral norm's power
// iteration advances with each D update. Weight clipping clips D's parameters as part
// of its update (Arjovsky et al. 2017, Alg. 1). Each player's learning rate is its
// schedule times a persistent scale (1 until a numeric rollback lowers it).

import type { Node } from '../graph/node.js';
import * as G from '../graph/index.js';
import { grad } from '../autodiff/grad.js';
import { compile, type Program } from '../compile/program.js';
import * as optim from '../optim/index.js';
import { buildOptimizer, buildSchedule } from '../optim/registry.js';
import type { Saddle } from '../wasm/instance.js';
import { mlp, type Module } from '../nn/layers.js';
import { buildStepper, stepperHas, type Players } from '../minimax/steppers.js';
import { ganLoss } from './losses.js';
import { annealedSigma, instanceNoise, REGULARIZERS } from './regularizers.js';
import { SCHEMES, type GanStepper } from './schemes.js';

export type { GanStepper };
import type { OptimizerConfig, TrainerConfig } from './config.js';

export { checkConfig, type LossOptionsConfig, type NetworkConfig, type OptimizerConfig, type RegularizerConfig, type ScheduleConfig, type TrainerConfig } from './config.js';

const FN = 'GanTrainer';
/** A player's optimizer when the config gives none. */
export const DEFAULT_OPT: OptimizerConfig = { kind: 'adam', lr: 2e-4, b1: 0.5, b2: 0.999 };

/** The player's learning rate: its schedule (with warm-up) times its persistent scale. */
function schedule(config: OptimizerConfig, scale: Node): optim.Schedule {
  const { kind, ...options } = config.schedule ?? { kind: 'constant' as const };
  let base = buildSchedule(kind, config.lr, options);
  if (config.warmup) base = optim.warmup(base, { steps: config.warmup });
  return (step) => G.mul(base(step), scale);
}

function makeOptimizer(config: OptimizerConfig, lr: optim.Schedule): optim.GradientTransformation {
  const { kind, lr: _lr, schedule: _schedule, warmup: _warmup, ...options } = config;
  return buildOptimizer(kind, lr, options);
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

/**
 * The stepper a config's scheme names (gan.SCHEMES); `anderson` wraps it in gdaAm. Plain
 * 'alternating' is alternatingGda with k = dSteps D steps first, 'simultaneous' is
 * simultaneousGda (consensus with regularizers.consensus = γ).
 */
export function schemeStepper(config: TrainerConfig): GanStepper {
  const base = SCHEMES.entries[config.scheme ?? 'alternating'].stepper(config);
  return config.anderson ? { name: 'gdaAm', options: { ...config.anderson, base: base.name, baseOptions: base.options ?? {} } } : base;
}

/** The config's stepper: `stepper: { kind, ...options }` when given, else its scheme's. */
export function configStepper(config: TrainerConfig): GanStepper {
  if (!config.stepper) return schemeStepper(config);
  const { kind, ...options } = config.stepper;
  return { name: kind, options };
}

/**
 * Builds the graph of a config checked by checkConfig (which also checks its stepper's
 * options) and compiles it; the config's stepper runs on the players D (y) and G (x).
 */
export function buildGan(sd: Saddle, config: TrainerConfig): BuiltGan {
  const stepper = configStepper(config);
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
  const jointField = stepperHas(stepper.name, stepper.options, 'differentiatesField');
  const fakeForD = noisy(jointField ? fakeG : G.stopGradient(fakeG), 4);
  const dReal = critic(real), dFake = critic(fakeForD);
  let dLoss = loss.discriminator(dReal, dFake);
  const penalties: Record<string, Node> = {};
  // penalties see D's own input rows: with packing, each packed row of pack·dim features is
  // one input of D, so a gradient penalty is taken with respect to the packed row (for
  // WGAN-GP: one interpolation weight per packed row)
  const penaltyContext = {
    critic: (x: Node) => discriminator.apply(x), real: packed(real), fake: packed(fakeForD),
    uniform: (shape: readonly [number, number], stream: number) => G.randomUniform(g, [shape[0], shape[1]], stream),
  };
  for (const name of REGULARIZERS.withCapability('penalty')) {
    const value = reg[name as keyof typeof reg];
    if (!value) continue;
    penalties[name] = (REGULARIZERS.entries[name].penalty as (c: typeof penaltyContext, v: unknown) => Node)(penaltyContext, value);
    dLoss = G.add(dLoss, penalties[name]);
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
    program.writeUnchecked(data, config.data.values); // checkConfig checked every value
    // EMA starts at the initial weights
    generator.params.forEach((p, k) => emaParams[k] && program.write(emaParams[k], program.read(p)));
  } catch (error) {
    program.dispose();
    throw error;
  }
  return { program, graph: g, generator, discriminator, emaParams, lrScales, appendsPerIteration };
}
