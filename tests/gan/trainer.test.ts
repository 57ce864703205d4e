// The GAN trainer end to end: it learns a ring of 8 Gaussians, and its schemes (k D steps,
// simultaneous updates, EMA, PacGAN, weight clipping, penalties) do what they say.
import { expect, test } from 'vitest';
import { SaddleArgumentError, gan, graph as G } from '../../bindings/index.js';
import type { Node } from '../../bindings/graph/index.js';
import { finiteDifferenceGrad } from '../helpers/finite-differences.js';
import { loadBuild } from '../helpers/builds.js';
import { mulberry32 } from '../helpers/random.js';

const CENTRES = Array.from({ length: 8 }, (_, k) => [2 * Math.cos((k * Math.PI) / 4), 2 * Math.sin((k * Math.PI) / 4)]);

function ring(n: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [cx, cy] = CENTRES[i % 8], r = Math.sqrt(-2 * Math.log(1 - next())), t = 2 * Math.PI * next();
    out[2 * i] = cx + 0.05 * r * Math.cos(t);
    out[2 * i + 1] = cy + 0.05 * r * Math.sin(t);
  }
  return out;
}

/** Modes with more than 1% of the samples within 0.3, and the fraction of samples within 0.3 of some mode. */
function coverage(x: Float32Array): { modes: number; quality: number } {
  const counts = new Array(8).fill(0);
  let good = 0;
  const n = x.length / 2;
  for (let i = 0; i < n; i++) {
    const d = CENTRES.map(([cx, cy]) => Math.hypot(x[2 * i] - cx, x[2 * i + 1] - cy));
    const k = d.indexOf(Math.min(...d));
    if (d[k] < 0.3) { counts[k]++; good++; }
  }
  return { modes: counts.filter((c) => c > n / 100).length, quality: good / n };
}

const base = (overrides: Partial<gan.TrainerConfig> = {}): gan.TrainerConfig => ({
  data: { values: ring(4096, 1), dim: 2 }, noise: { dim: 2 }, batch: 128, seed: 3,
  generator: { hidden: [32, 32] }, discriminator: { hidden: [32, 32] },
  optimizer: { d: { kind: 'adam', lr: 1e-3 }, g: { kind: 'adam', lr: 1e-3 } }, ...overrides,
});

test('a non-saturating GAN with R1 learns all 8 modes of the ring, and EMA samples do too', async () => {
  const sd = await loadBuild('simd');
  const trainer = gan.createTrainer(sd, {
    ...base(), batch: 256, generator: { hidden: [64, 64] }, discriminator: { hidden: [64, 64] },
    loss: 'nonSaturating', regularizers: { r1: 0.1 }, ema: 0.99,
  });
  const before = coverage(trainer.sample(2000));
  trainer.train(2000);
  const after = coverage(trainer.sample(2000));
  const ema = coverage(trainer.sample(2000, { ema: true }));
  expect(before.quality).toBeLessThan(0.2);
  expect(after.modes).toBe(8);
  expect(after.quality).toBeGreaterThan(0.7);
  expect(ema.modes).toBe(8);
  expect(trainer.log('r1').length).toBe(2000);
  expect(trainer.log('dLoss').every(Number.isFinite)).toBe(true);
  trainer.dispose();
  expect(sd.liveBytes()).toBe(0);
});

test('k discriminator steps per generator step, and the simultaneous scheme', async () => {
  const sd = await loadBuild('simd');
  const alternating = gan.createTrainer(sd, base({ dSteps: 3 }));
  alternating.train(5);
  expect(alternating.log('dLoss').length).toBe(15);
  expect(alternating.log('gLoss').length).toBe(5);
  const simultaneous = gan.createTrainer(sd, base({ scheme: 'simultaneous' }));
  simultaneous.train(5);
  expect(simultaneous.log('dLoss').length).toBe(5);
  expect(simultaneous.log('gLoss').length).toBe(5);
  // with the same seed, both schemes start from the same weights and the same first D loss
  expect(simultaneous.log('dLoss')[0]).toBe(alternating.log('dLoss')[0]);
  alternating.dispose(); simultaneous.dispose();
});

test('the same seed gives the same run; another seed another', async () => {
  const sd = await loadBuild('simd');
  const [a, b, c] = [3, 3, 4].map((seed) => gan.createTrainer(sd, base({ seed })));
  [a, b, c].forEach((t) => t.train(50));
  expect(Array.from(a.sample(64))).toEqual(Array.from(b.sample(64)));
  expect(Array.from(a.log('gLoss'))).toEqual(Array.from(b.log('gLoss')));
  expect(Array.from(a.sample(64))).not.toEqual(Array.from(c.sample(64)));
  [a, b, c].forEach((t) => t.dispose());
});

test('EMA with decay 0 tracks the weights exactly; EMA starts at the initial weights', async () => {
  const sd = await loadBuild('simd');
  const t = gan.createTrainer(sd, base({ ema: 0 }));
  expect(Array.from(t.sample(32, { ema: true }))).toEqual(Array.from(t.sample(32)));
  t.train(20);
  expect(Array.from(t.sample(32, { ema: true }))).toEqual(Array.from(t.sample(32)));
  const slow = gan.createTrainer(sd, base({ ema: 0.999 }));
  slow.train(20);
  expect(Array.from(slow.sample(32, { ema: true }))).not.toEqual(Array.from(slow.sample(32)));
  t.dispose(); slow.dispose();
});

test('PacGAN packing widens the discriminator input; weight clipping bounds D; penalties are logged', async () => {
  const sd = await loadBuild('simd');
  const packed = gan.createTrainer(sd, base({ pack: 4 }));
  expect(packed.discriminator.params[0].shape).toEqual([8, 32]);
  packed.train(10);
  expect(packed.log('dLoss').every(Number.isFinite)).toBe(true);
  const clipped = gan.createTrainer(sd, base({ loss: 'wasserstein', regularizers: { weightClip: 0.01 }, optimizer: { d: { kind: 'rmsprop', lr: 5e-5 }, g: { kind: 'rmsprop', lr: 5e-5 } } }));
  clipped.train(20);
  for (const p of clipped.discriminator.params) for (const v of clipped.program.read(p)) expect(Math.abs(v)).toBeLessThanOrEqual(0.01);
  const penalties = gan.createTrainer(sd, base({
    loss: 'wasserstein', regularizers: { wganGp: 10, dragan: 1, r2: 1, instanceNoise: { sigma: 0.1, annealSteps: 100 } },
    discriminator: { hidden: [16], spectralNorm: true, minibatchStd: true },
  }));
  penalties.train(10);
  for (const name of ['wganGp', 'dragan', 'r2']) expect(penalties.log(name).every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  [packed, clipped, penalties].forEach((t) => t.dispose());
  expect(sd.liveBytes()).toBe(0);
});

test('bad configurations are typed errors naming the field', async () => {
  const sd = await loadBuild('simd');
  expect(() => gan.createTrainer(sd, base({ batch: 0 }))).toThrow(/argument 'batch'/);
  expect(() => gan.createTrainer(sd, base({ data: { values: [1, 2, 3], dim: 2 } }))).toThrow(/data\.values/);
  expect(() => gan.createTrainer(sd, base({ scheme: 'simultaneous', dSteps: 2 }))).toThrow(/argument 'dSteps'/);
  expect(() => gan.createTrainer(sd, base({ ema: 1 }))).toThrow(/argument 'ema'/);
  expect(() => gan.createTrainer(sd, base({ loss: 'bce' as never }))).toThrow(SaddleArgumentError);
  expect(() => gan.createTrainer(sd, base({ optimizer: { d: { kind: 'lbfgs' as never, lr: 1 } } }))).toThrow(/optimizer\.d\.kind/);
  const t = gan.createTrainer(sd, base());
  expect(() => t.sample(10, { ema: true })).toThrow(/argument 'ema'/);
  expect(() => t.sample(0)).toThrow(/argument 'n'/);
  t.dispose();
  expect(sd.liveBytes()).toBe(0);
});

test('extragradient and unrolled schemes train the ring and log one value per iteration', async () => {
  const sd = await loadBuild('simd');
  const big: Partial<gan.TrainerConfig> = { batch: 256, generator: { hidden: [64, 64] }, discriminator: { hidden: [64, 64] }, regularizers: { r1: 0.1 } };
  const extra = gan.createTrainer(sd, base({ ...big, scheme: 'extragradient' }));
  extra.train(1500);
  expect(extra.log('dLoss').length).toBe(1500);
  expect(extra.log('gLoss').length).toBe(1500);
  expect(coverage(extra.sample(2000)).modes).toBeGreaterThanOrEqual(7);
  const unrolled = gan.createTrainer(sd, base({ ...big, unrolled: { steps: 3 } }));
  unrolled.train(1500);
  expect(coverage(unrolled.sample(2000)).modes).toBeGreaterThanOrEqual(7);
  expect(unrolled.log('gLoss').every(Number.isFinite)).toBe(true);
  [extra, unrolled].forEach((t) => t.dispose());
  expect(sd.liveBytes()).toBe(0);
});

test('the unrolled generator loss is taken against the unrolled discriminator', async () => {
  const sd = await loadBuild('simd');
  // same seed, same weights and draws: only the discriminator G is judged by differs
  const plain = gan.createTrainer(sd, base());
  const unrolled = gan.createTrainer(sd, base({ unrolled: { steps: 2, lr: 0.5 } }));
  plain.train(1); unrolled.train(1);
  expect(unrolled.log('dLoss')[0]).toBe(plain.log('dLoss')[0]);
  expect(unrolled.log('gLoss')[0]).not.toBe(plain.log('gLoss')[0]);
  expect(() => gan.createTrainer(sd, base({ scheme: 'extragradient', unrolled: { steps: 1 } }))).toThrow(/argument 'unrolled'/);
  expect(() => gan.createTrainer(sd, base({ unrolled: { steps: 0 } }))).toThrow(/unrolled\.steps/);
  expect(() => gan.createTrainer(sd, base({ scheme: 'extragradient', dSteps: 2 }))).toThrow(/argument 'dSteps'/);
  [plain, unrolled].forEach((t) => t.dispose());
});

test('discriminate and gradientField agree with the f64 reference of the trained networks', async () => {
  const sd = await loadBuild('simd');
  const t = gan.createTrainer(sd, base({ discriminator: { hidden: [8, 8], activation: 'tanh' } }));
  t.train(30);
  const points = Float32Array.from([0.5, -1, 2, 0.25, -1.5, 1.5]);
  const d = t.discriminate(points);
  const field = t.gradientField(points);
  // the same networks on the reference evaluator, with the trained weights
  const g = t.discriminator.params[0].graph;
  const x = G.param(g, [3, 2]);
  const dx = t.discriminator.apply(x);
  const leaves = new Map<Node, Float64Array>(t.discriminator.params.map((p) => [p, Float64Array.from(t.program.read(p))]));
  leaves.set(x, Float64Array.from(points));
  const [want] = G.evaluate([dx], leaves);
  d.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
  // non-saturating: ℓ_G(x) = softplus(−D(x)); the field is −∂ℓ_G/∂x, checked by finite differences
  const lossPerSample = G.sum(G.softplus(G.neg(dx)));
  const fd = finiteDifferenceGrad(lossPerSample, [x], leaves)[0];
  field.forEach((v, i) => expect(v).toBeCloseTo(-fd[i], 4));
  expect(() => t.discriminate([1, 2, 3])).toThrow(/argument 'points'/);
  t.dispose();
  const relativistic = gan.createTrainer(sd, base({ loss: 'relativistic' }));
  expect(() => relativistic.gradientField([0, 0])).toThrow(/non-relativistic/);
  const packed = gan.createTrainer(sd, base({ pack: 2 }));
  expect(() => packed.discriminate([0, 0])).toThrow(/argument 'pack'/);
  relativistic.dispose(); packed.dispose();
  expect(sd.liveBytes()).toBe(0);
});

test('every stepper can drive the trainer', async () => {
  const sd = await loadBuild('simd');
  for (const kind of ['nsgd', 'ogda', 'optimisticAdam', 'adamMagnitudeSgdDirection', 'sgdMagnitudeAdamDirection'] as const) {
    const t = gan.createTrainer(sd, base({ optimizer: { d: { kind, lr: 1e-3 }, g: { kind, lr: 1e-3, scope: 'layer' } } }));
    const before = t.sample(16);
    t.train(20);
    expect(t.log('gLoss').every(Number.isFinite), kind).toBe(true);
    expect(Array.from(t.sample(16)), kind).not.toEqual(Array.from(before));
    t.dispose();
  }
  expect(sd.liveBytes()).toBe(0);
});
