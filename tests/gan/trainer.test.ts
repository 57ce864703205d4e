// The GAN trainer end to end: it learns a ring of 8 Gaussians, and its schemes (k D steps,
// simultaneous updates, EMA, PacGAN, weight clipping, penalties) do what they say.
import { expect, test, vi } from 'vitest';
import { SaddleArgumentError, SaddleNumericError, gan, graph as G, optim } from '../../bindings/index.js';
import type { Node } from '../../bindings/graph/index.js';
import { finiteDifferenceGrad } from '../helpers/finite-differences.js';
import { loadBuild } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';
import { collectGarbage } from '../helpers/gc.js';
import { programBits } from '../helpers/bits.js';
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
  trainer.trainSync(2000);
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
  alternating.trainSync(5);
  // history keeps one value per iteration (the last D step's); the program logged all 15
  expect(alternating.log('dLoss').length).toBe(5);
  expect(alternating.program.logCount('dLoss')).toBe(15);
  expect(alternating.log('dLoss')[1]).toBe(alternating.program.log('dLoss')[5]);
  expect(alternating.log('gLoss').length).toBe(5);
  const simultaneous = gan.createTrainer(sd, base({ scheme: 'simultaneous' }));
  simultaneous.trainSync(5);
  expect(simultaneous.log('dLoss').length).toBe(5);
  expect(simultaneous.log('gLoss').length).toBe(5);
  // with the same seed, both schemes start from the same weights and the same first D loss
  expect(simultaneous.log('dLoss')[0]).toBe(alternating.program.log('dLoss')[0]);
  alternating.dispose(); simultaneous.dispose();
});

test('the same seed gives the same run; another seed another', async () => {
  const sd = await loadBuild('simd');
  const [a, b, c] = [3, 3, 4].map((seed) => gan.createTrainer(sd, base({ seed })));
  [a, b, c].forEach((t) => t.trainSync(50));
  expect(Array.from(a.sample(64))).toEqual(Array.from(b.sample(64)));
  expect(Array.from(a.log('gLoss'))).toEqual(Array.from(b.log('gLoss')));
  expect(Array.from(a.sample(64))).not.toEqual(Array.from(c.sample(64)));
  [a, b, c].forEach((t) => t.dispose());
});

test('EMA with decay 0 tracks the weights exactly; EMA starts at the initial weights', async () => {
  const sd = await loadBuild('simd');
  const t = gan.createTrainer(sd, base({ ema: 0 }));
  expect(Array.from(t.sample(32, { ema: true }))).toEqual(Array.from(t.sample(32)));
  t.trainSync(20);
  expect(Array.from(t.sample(32, { ema: true }))).toEqual(Array.from(t.sample(32)));
  const slow = gan.createTrainer(sd, base({ ema: 0.999 }));
  slow.trainSync(20);
  expect(Array.from(slow.sample(32, { ema: true }))).not.toEqual(Array.from(slow.sample(32)));
  t.dispose(); slow.dispose();
});

test('PacGAN packing widens the discriminator input; weight clipping bounds D; penalties are logged', async () => {
  const sd = await loadBuild('simd');
  const packed = gan.createTrainer(sd, base({ pack: 4 }));
  expect(packed.discriminator.params[0].shape).toEqual([8, 32]);
  packed.trainSync(10);
  expect(packed.log('dLoss').every(Number.isFinite)).toBe(true);
  const clipped = gan.createTrainer(sd, base({ loss: 'wasserstein', regularizers: { weightClip: 0.01 }, optimizer: { d: { kind: 'rmsprop', lr: 5e-5 }, g: { kind: 'rmsprop', lr: 5e-5 } } }));
  clipped.trainSync(20);
  for (const p of clipped.discriminator.params) for (const v of clipped.program.read(p)) expect(Math.abs(v)).toBeLessThanOrEqual(0.01);
  const penalties = gan.createTrainer(sd, base({
    loss: 'wasserstein', regularizers: { wganGp: 10, dragan: 1, r2: 1, instanceNoise: { sigma: 0.1, annealSteps: 100 } },
    discriminator: { hidden: [16], spectralNorm: true },
  }));
  // gradient penalties differentiate D row by row: refused where D mixes rows (packed rows are rows: see combinations.test.ts)
  expect(() => gan.createTrainer(sd, base({ regularizers: { r1: 1 }, discriminator: { hidden: [16], minibatchStd: true } }))).toThrow(/regularizers\.r1.*minibatchStd/);
  penalties.trainSync(10);
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
  extra.trainSync(1500);
  expect(extra.log('dLoss').length).toBe(1500);
  expect(extra.log('gLoss').length).toBe(1500);
  expect(coverage(extra.sample(2000)).modes).toBeGreaterThanOrEqual(7);
  const unrolled = gan.createTrainer(sd, base({ ...big, unrolled: { steps: 3 } }));
  unrolled.trainSync(1500);
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
  plain.trainSync(1); unrolled.trainSync(1);
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
  t.trainSync(30);
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
  expect(() => relativistic.gradientField([0, 0])).toThrow(/needs a real batch/);
  const packed = gan.createTrainer(sd, base({ pack: 2 }));
  expect(() => packed.discriminate([0, 0])).toThrow(/argument 'pack'/);
  relativistic.dispose(); packed.dispose();
  expect(sd.liveBytes()).toBe(0);
});

test('every optimizer of the registry drives the trainer; options of other kinds are refused', async () => {
  const sd = await loadBuild('simd');
  for (const kind of optim.OPTIMIZERS.names) {
    const scoped = 'scope' in optim.OPTIMIZERS.entries[kind].options.properties;
    const t = gan.createTrainer(sd, base({ optimizer: { d: { kind, lr: 1e-3 }, g: { kind, lr: 1e-3, ...(scoped ? { scope: 'layer' } : {}) } as gan.OptimizerConfig } }));
    const before = t.sample(16);
    t.trainSync(20);
    expect(t.log('gLoss').every(Number.isFinite), kind).toBe(true);
    expect(Array.from(t.sample(16)), kind).not.toEqual(Array.from(before));
    t.dispose();
  }
  expect(() => gan.createTrainer(sd, base({ optimizer: { d: { kind: 'sgd', lr: 1e-3, b1: 0.9 } as never } }))).toThrow(/optimizer\.d\.b1' must be unset for kind 'sgd' \(b1 is an option of 'adam'/);
  expect(() => gan.createTrainer(sd, base({ optimizer: { d: { kind: 'adam', lr: 1e-3, momentum: 0.9 } as never } }))).toThrow(/optimizer\.d\.momentum' must be unset for kind 'adam'/);
  expect(() => gan.createTrainer(sd, base({ optimizer: { d: { kind: 'adma', lr: 1e-3 } as never } }))).toThrow(/optimizer\.d\.kind.*did you mean 'adam'/);
  expect(sd.liveBytes()).toBe(0);
});

const bits = (t: gan.GanTrainer) => programBits(t.program);

test('save() and GanTrainer.load(): a resumed run continues bit for bit like an uninterrupted one', async () => {
  const sd = await loadBuild('simd');
  const config = base({
    regularizers: { r1: 0.5, instanceNoise: { sigma: 0.1, annealSteps: 500 } }, ema: 0.9, dSteps: 2,
    optimizer: { d: { kind: 'adam', lr: 1e-3, schedule: { kind: 'exponential', rate: 0.5, every: 100 } }, g: { kind: 'rmsprop', lr: 1e-3, momentum: 0.5 } },
    historyEvery: 3,
  });
  const straight = new gan.GanTrainer(config, { saddle: sd });
  straight.trainSync(61);
  const bytes = straight.save();
  straight.trainSync(40);
  const resumed = gan.GanTrainer.load(bytes, { saddle: sd });
  expect(resumed.iterations).toBe(61);
  expect(resumed.config).toEqual(straight.config);
  await resumed.train({ iterations: 40, chunkMs: 1 });
  expect(bits(resumed)).toEqual(bits(straight));
  expect(resumed.history).toEqual(straight.history);
  expect(resumed.history.iteration.at(-1)).toBe(99);
  expect(resumed.sample(64, { ema: true })).toEqual(straight.sample(64, { ema: true }));
  // the loaded trainer saves the same bytes as the one that ran straight through
  expect(resumed.save()).toEqual(straight.save());
  // a damaged checkpoint is refused without leaking memory
  const live = sd.liveBytes();
  const broken = bytes.slice(0, bytes.length - 100);
  expect(() => gan.GanTrainer.load(broken, { saddle: sd })).toThrow(/corrupted or truncated/);
  expect(sd.liveBytes()).toBe(live);
  straight.dispose(); resumed.dispose();
  expect(sd.liveBytes()).toBe(0);
});

test('train() runs in chunks, reports progress, honours an abort signal, and matches trainSync bit for bit', async () => {
  const sd = await loadBuild('simd');
  const a = gan.createTrainer(sd, base());
  const b = gan.createTrainer(sd, base());
  const progress: gan.TrainProgress[] = [];
  const result = await a.train({ iterations: 300, chunkMs: 2, onProgress: (p) => progress.push(p) });
  b.trainSync(300);
  expect(result).toEqual({ iterations: 300, aborted: false, rollbacks: 0 });
  expect(progress.length).toBeGreaterThan(3);
  expect(progress.at(-1)!.iteration).toBe(300);
  expect(progress.every((p, k) => k === 0 || p.iteration > progress[k - 1].iteration)).toBe(true);
  expect(Object.keys(progress[0].latest).sort()).toEqual(['dGradNorm', 'dLoss', 'dLr', 'gGradNorm', 'gLoss', 'gLr']);
  expect(bits(a)).toEqual(bits(b));
  expect(a.history).toEqual(b.history);
  // abort between chunks: the run stops early and stays usable
  const controller = new AbortController();
  const stopped = await a.train({ iterations: 100000, chunkMs: 1, signal: controller.signal, onProgress: (p) => { if (p.done >= 20) controller.abort(); } });
  expect(stopped.aborted).toBe(true);
  expect(stopped.iterations).toBeGreaterThanOrEqual(20);
  expect(stopped.iterations).toBeLessThan(100000);
  expect(a.iterations).toBe(300 + stopped.iterations);
  // one train() at a time
  const first = a.train({ iterations: 50 });
  await expect(a.train({ iterations: 1 })).rejects.toThrow(/still running/);
  expect(() => a.trainSync(1)).toThrow(/still running/);
  await first;
  await expect(a.train({ iterations: -1 })).rejects.toThrow(/argument 'iterations'/);
  await expect(a.train({ iterations: 1, chunkMs: 0 })).rejects.toThrow(/argument 'chunkMs'/);
  a.dispose(); b.dispose();
  expect(() => a.trainSync(1)).toThrow(/disposed/);
  expect(sd.liveBytes()).toBe(0);
});

test('history: losses, gradient norms and scheduled learning rates, one entry every historyEvery iterations', async () => {
  const sd = await loadBuild('simd');
  const t = gan.createTrainer(sd, base({
    historyEvery: 10,
    optimizer: { d: { kind: 'sgd', lr: 0.01, schedule: { kind: 'step', every: 20, factor: 0.5 } }, g: { kind: 'adam', lr: 1e-3, warmup: 40 } },
  }));
  t.trainSync(100);
  const h = t.history;
  expect(Array.from(h.iteration)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  // entry k is iteration 10(k+1), whose update count before it is 10(k+1) − 1
  expect(Array.from(h.series.dLr)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((i) => Math.fround(0.01 * 0.5 ** Math.floor((i - 1) / 20))));
  expect(h.series.gLr[0]).toBeCloseTo(1e-3 * 9 / 40, 8);
  expect(h.series.gLr[9]).toBeCloseTo(1e-3, 8);
  for (const name of ['dLoss', 'gLoss', 'dGradNorm', 'gGradNorm']) {
    expect(h.series[name].length).toBe(10);
    expect(h.series[name].every((v) => Number.isFinite(v))).toBe(true);
  }
  expect(h.series.dGradNorm.every((v) => v > 0)).toBe(true);
  expect(() => t.log('nope')).toThrow(/argument 'name'/);
  t.dispose();
});

test('consensus optimization adds γ/2·‖v‖² of the joint gradient field to both losses', async () => {
  const sd = await loadBuild('simd');
  const plain = gan.createTrainer(sd, base({ scheme: 'simultaneous' }));
  const consensus = gan.createTrainer(sd, base({ scheme: 'simultaneous', regularizers: { consensus: 0.3 } }));
  plain.trainSync(1); consensus.trainSync(1);
  // same seed: the first iteration sees the same weights and draws, so v is plain's gradients
  const v2 = plain.log('dGradNorm')[0] ** 2 + plain.log('gGradNorm')[0] ** 2;
  expect(consensus.log('consensus')[0]).toBeCloseTo(0.15 * v2, 5);
  expect(consensus.log('dLoss')[0]).toBeCloseTo(plain.log('dLoss')[0] + 0.15 * v2, 5);
  expect(() => gan.createTrainer(sd, base({ regularizers: { consensus: 1 } }))).toThrow(/regularizers\.consensus/);
  plain.dispose(); consensus.dispose();
});

test('a diverging learning rate stops with a numeric error naming the step, back at the last good state, which goes on', async () => {
  const sd = await loadBuild('simd');
  // an unconstrained WGAN critic under plain SGD with a rate warming up to 1 overflows once the rate is too high
  const diverging = base({ loss: 'wasserstein', optimizer: { d: { kind: 'sgd', lr: 1, warmup: 2000 }, g: { kind: 'sgd', lr: 1, warmup: 2000 } }, nonFinite: { action: 'stop', every: 10 } });
  const t = gan.createTrainer(sd, diverging);
  t.trainSync(5); // a first window of good iterations
  let error: unknown;
  try { t.trainSync(1000); } catch (e) { error = e; }
  expect(error).toBeInstanceOf(SaddleNumericError);
  const numeric = error as SaddleNumericError;
  expect(numeric.code).toBe('E_NUMERIC');
  expect(numeric.message).toMatch(new RegExp(`at iteration ${numeric.step}; the trainer is back at its last good state, after iteration ${numeric.restoredTo}`));
  expect(numeric.step).toBeGreaterThan(10);
  expect(numeric.restoredTo).toBe(10 * Math.floor((numeric.step - 1) / 10));
  expect(t.iterations).toBe(numeric.restoredTo);
  expect(Number.isFinite(numeric.value)).toBe(false);
  // the state held is the one an uninterrupted run had then, history included
  const replay = gan.createTrainer(sd, diverging);
  replay.trainSync(numeric.restoredTo);
  expect(bits(t)).toEqual(bits(replay));
  expect(t.history).toEqual(replay.history);
  // lower the rate and go on from there
  t.scaleLearningRates(1e-3);
  expect(t.learningRateScale.d).toBeCloseTo(1e-3, 9);
  t.trainSync(200);
  expect(t.iterations).toBe(numeric.restoredTo + 200);
  expect(t.log('dLoss').every(Number.isFinite)).toBe(true);
  // or let the trainer roll back and lower the rates by itself
  const auto = gan.createTrainer(sd, { ...diverging, nonFinite: { action: 'rollback', lrFactor: 0.1, maxRollbacks: 10 } });
  const result = auto.trainSync(1000);
  expect(result.rollbacks).toBeGreaterThan(0);
  expect(auto.iterations).toBe(1000);
  expect(auto.history.rollbacks.length).toBe(result.rollbacks);
  expect(auto.history.rollbacks[0].quantity).toMatch(/Loss|GradNorm|lr/i);
  expect(auto.learningRateScale.g).toBeCloseTo(0.1 ** result.rollbacks, 9);
  expect(auto.history.series.dLoss.length).toBe(1000);
  expect(auto.history.series.dLoss.every(Number.isFinite)).toBe(true);
  // with no rollbacks left, the error comes back
  const limited = gan.createTrainer(sd, { ...diverging, nonFinite: { action: 'rollback', lrFactor: 0.9, maxRollbacks: 1 } });
  expect(() => limited.trainSync(1000)).toThrow(/after 1 rollbacks/);
  t.dispose(); replay.dispose(); auto.dispose(); limited.dispose();
  expect(sd.liveBytes()).toBe(0);
});

test('scaleLearningRates refuses factors that would make a rate 0 or Infinity in f32, and changes nothing then', async () => {
  const sd = await loadBuild('simd');
  const t = gan.createTrainer(sd, base({ optimizer: { d: { kind: 'adam', lr: 1e-3 }, g: { kind: 'adam', lr: 1e-30 } } }));
  const refused: Array<[number, RegExp]> = [
    [1e-50, /D's rate would underflow to 0/],   // the scale itself rounds to 0 in f32
    [1e-20, /G's rate would underflow to 0/],   // 1e-30 · 1e-20 rounds to 0
    [1e39, /D's rate would overflow to Infinity/],
    [NaN, /a positive finite number, got NaN/], [0, /positive/], [-2, /positive/], [Infinity, /positive finite/],
  ];
  for (const [factor, message] of refused) {
    const e = argumentError(() => t.scaleLearningRates(factor));
    expect(e.argument).toBe('factor');
    expect(e.message, String(factor)).toMatch(message);
    expect(t.learningRateScale).toEqual({ d: 1, g: 1 });
  }
  t.scaleLearningRates(1e-10);
  expect(t.learningRateScale.d).toBe(Math.fround(1e-10));
  t.dispose();
  // a rollback that would push a rate out of f32 stops with the numeric error instead
  const diverging = base({
    loss: 'wasserstein', optimizer: { d: { kind: 'sgd', lr: 1, warmup: 2000 }, g: { kind: 'sgd', lr: 1e-44 } },
    nonFinite: { action: 'rollback', every: 10, lrFactor: 0.01, maxRollbacks: 10 },
  });
  const r = gan.createTrainer(sd, diverging);
  const error = (() => { try { r.trainSync(1000); } catch (e) { return e; } })();
  expect(error).toBeInstanceOf(SaddleNumericError);
  expect((error as Error).message).toMatch(/after 0 rollbacks; one more would leave f32: G's rate would underflow to 0/);
  expect(r.learningRateScale).toEqual({ d: 1, g: 1 });
  r.dispose();
  expect(sd.liveBytes()).toBe(0);
});

test('discriminate and gradientField refuse points that f32 would change, by row and column', async () => {
  const sd = await loadBuild('simd');
  const t = gan.createTrainer(sd, base({ batch: 16 }));
  for (const probe of [(p: ArrayLike<number>) => t.discriminate(p), (p: ArrayLike<number>) => t.gradientField(p)]) {
    const e = argumentError(() => probe([0, 0, 1, null as never]));
    expect(e.argument).toBe('points');
    expect(e.message).toMatch(/null at index 3 \(row 1, column 1; from 0\)/);
    expect(argumentError(() => probe([1e39, 0])).message).toMatch(/f32 range.*1e\+39 at index 0/);
  }
  expect(t.discriminate([0, 0, 1, 1]).every(Number.isFinite)).toBe(true);
  t.dispose();
  expect(sd.liveBytes()).toBe(0);
});

test('trainers dropped without dispose() are freed when collected (a debug warning, once); disposed ones are not freed again', async () => {
  const sd = await loadBuild('simd');
  const before = sd.liveBytes();
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const flags = globalThis as { SADDLE_DEBUG?: unknown };
  flags.SADDLE_DEBUG = true;
  try {
    // in a function, so no reference survives on this frame
    const drop = (n: number, dispose: boolean) => {
      for (let i = 0; i < n; i++) {
        const t = gan.createTrainer(sd, base({ data: { values: ring(64, i), dim: 2 }, batch: 16, seed: i }));
        t.trainSync(1);
        t.sample(8); // a cached sampler program, freed with the trainer
        t.discriminate([0, 0]);
        if (dispose) t.dispose();
      }
    };
    drop(10, false);
    expect(sd.liveBytes()).toBeGreaterThan(before);
    await collectGarbage(() => sd.liveBytes() === before);
    expect(sd.liveBytes()).toBe(before);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/GanTrainer was garbage-collected without dispose\(\)/);
    // disposed trainers' blocks are reused by live buffers, which a second free would release
    drop(3, true);
    const kept = [sd.f32(4096), sd.f32(100), sd.f32(1 << 16)];
    const live = sd.liveBytes();
    await collectGarbage();
    expect(sd.liveBytes()).toBe(live);
    kept.forEach((k) => k.dispose());
    expect(warn).toHaveBeenCalledTimes(1);
  } finally {
    delete flags.SADDLE_DEBUG;
    warn.mockRestore();
  }
  expect(sd.liveBytes()).toBe(before);
});

test('new GanTrainer(config) uses the first loaded instance; config fields are checked by name', async () => {
  const sd = await loadBuild('simd');
  const t = new gan.GanTrainer(base());
  expect(t.program).toBeDefined();
  t.dispose();
  const bad: Array<[Record<string, unknown>, RegExp]> = [
    [{ regularisers: { r1: 1 } }, /argument 'regularisers' must be one of the known fields.*did you mean 'regularizers'/],
    [{ regularizers: { r1: -1 } }, /regularizers\.r1/],
    [{ optimizer: { d: { kind: 'adam', lr: 0 } } }, /optimizer\.d\.lr/],
    [{ optimizer: { g: { kind: 'adam', lr: 1, schedule: { kind: 'cosine', steps: 0 } } } }, /optimizer\.g\.schedule\.steps/],
    [{ generator: { hidden: [8, 0] } }, /generator\.hidden\[1\]/],
    [{ noise: { dim: 2, distribution: 'cauchy' } }, /noise\.distribution/],
    [{ data: { values: [0, NaN], dim: 2 } }, /data\.values.*NaN at index 1/],
    [{ nonFinite: { action: 'retry' } }, /nonFinite\.action/],
    [{ seed: -1 }, /argument 'seed'/],
  ];
  for (const [overrides, pattern] of bad) {
    expect(() => gan.createTrainer(sd, { ...base(), ...overrides } as gan.TrainerConfig)).toThrow(pattern);
  }
  expect(sd.liveBytes()).toBe(0);
});

test("R1 through the whole trainer: the D update's R1 part matches finite differences of γ/2·‖∇ₓD‖²", async () => {
  const sd = await loadBuild('simd');
  // one data row: every real batch is that point; R1 draws nothing, so with and without R1
  // the trainers share their initial weights and every draw, and differ by −η·∇R1 only
  const x0 = [0.3, -0.7], gamma = 2, eta = 0.1;
  const config = (r1?: number) => base({
    data: { values: x0, dim: 2 }, batch: 8, generator: { hidden: [4] }, discriminator: { hidden: [6] },
    optimizer: { d: { kind: 'sgd', lr: eta }, g: { kind: 'sgd', lr: eta } }, regularizers: r1 ? { r1 } : {},
  });
  const withR1 = gan.createTrainer(sd, config(gamma)), without = gan.createTrainer(sd, config());
  const phi0 = withR1.discriminator.params.map((p) => Float64Array.from(withR1.program.read(p)));
  expect(without.discriminator.params.map((p) => Array.from(without.program.read(p)))).toEqual(phi0.map((v) => Array.from(v)));
  withR1.trainSync(1); without.trainSync(1);
  const measured = withR1.discriminator.params.map((p, k) => {
    const a = withR1.program.read(p), b = without.program.read(without.discriminator.params[k]);
    return Float64Array.from(a, (v, i) => (b[i] - v) / eta);
  });
  // R1(φ) in f64: D(x) = leakyRelu(x·W1 + b1, 0.2)·W2 + b2, ∇ₓD = W1·(σ′(h) ⊙ W2)
  const r1Of = ([w1, b1, w2]: Float64Array[]) => {
    const grad = [0, 0];
    for (let j = 0; j < 6; j++) {
      const h = x0[0] * w1[j] + x0[1] * w1[6 + j] + b1[j];
      const s = (h > 0 ? 1 : 0.2) * w2[j];
      grad[0] += w1[j] * s; grad[1] += w1[6 + j] * s;
    }
    return (gamma / 2) * (grad[0] ** 2 + grad[1] ** 2);
  };
  const params = phi0.map((v) => v.slice());
  params.forEach((v, k) => {
    for (let i = 0; i < v.length; i++) {
      const h = 1e-6, at = v[i];
      v[i] = at + h; const up = r1Of(params);
      v[i] = at - h; const down = r1Of(params);
      v[i] = at;
      expect(Math.abs(measured[k][i] - (up - down) / (2 * h)), `param ${k}[${i}]`).toBeLessThan(2e-4 + 1e-3 * Math.abs(measured[k][i]));
    }
  });
  expect(Math.max(...measured.flatMap((m) => Array.from(m, Math.abs)))).toBeGreaterThan(0.05); // R1 moved D
  withR1.dispose(); without.dispose();
});

test('GDA-AM: Anderson mixing over the joint parameters of D and G, for each scheme, resumable', async () => {
  const sd = await loadBuild('simd');
  for (const scheme of ['simultaneous', 'alternating', 'extragradient'] as const) {
    const sgd = { kind: 'sgd' as const, lr: 0.02 };
    const config = base({ scheme, optimizer: { d: sgd, g: sgd } });
    const plain = gan.createTrainer(sd, config);
    const mixed = gan.createTrainer(sd, { ...config, anderson: { window: 4, restart: 'residual', growth: 10 } });
    plain.trainSync(1); mixed.trainSync(1);
    // the first Anderson step has no history: it is the plain step x + (T(x) − x)
    mixed.discriminator.params.forEach((p, k) => {
      const a = mixed.program.read(p), b = plain.program.read(plain.discriminator.params[k]);
      a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));
    });
    const bytes = mixed.save();
    mixed.trainSync(200); plain.trainSync(200);
    // differences the step used: none for the first two iterations, then one more each time up to p
    expect(Array.from(mixed.log('andersonWindow').slice(0, 6))).toEqual([0, 0, 1, 2, 3, 4]);
    expect(Math.max(...mixed.log('andersonWindow'))).toBe(4);
    expect(mixed.log('dLoss').every(Number.isFinite)).toBe(true);
    expect(Array.from(mixed.program.read(mixed.generator.params[0]))).not.toEqual(Array.from(plain.program.read(plain.generator.params[0])));
    const resumed = gan.GanTrainer.load(bytes, { saddle: sd });
    resumed.trainSync(200);
    expect(bits(resumed)).toEqual(bits(mixed));
    plain.dispose(); mixed.dispose(); resumed.dispose();
  }
  expect(() => gan.createTrainer(sd, base({ anderson: { window: 0 } }))).toThrow(/anderson\.window/);
  expect(() => gan.createTrainer(sd, base({ anderson: { restart: 'never' as never } }))).toThrow(/anderson\.restart/);
  expect(sd.liveBytes()).toBe(0);
});

test('10^5 trainer iterations leave WASM memory and live bytes where they were', async () => {
  const sd = await loadBuild('simd');
  const t = gan.createTrainer(sd, base({ batch: 16, generator: { hidden: [8] }, discriminator: { hidden: [8] }, regularizers: { r1: 0.1 }, ema: 0.99, historyEvery: 1000 }));
  t.trainSync(1000);
  t.sample(64);
  const pages = sd.memoryBytes(), live = sd.liveBytes();
  await t.train({ iterations: 49_000 });
  t.trainSync(50_000);
  t.sample(64);
  expect(t.iterations).toBe(100_000);
  expect(sd.memoryBytes()).toBe(pages);
  expect(sd.liveBytes()).toBe(live);
  expect(t.history.iteration.length).toBe(100);
  t.dispose();
  expect(sd.liveBytes()).toBe(0);
}, 120_000);

test('gradientField works when the generator loss ignores a parameter (hinge: the last bias of D)', async () => {
  const sd = await loadBuild('simd');
  for (const loss of ['hinge', 'wasserstein'] as const) {
    const t = gan.createTrainer(sd, base({ loss }));
    t.trainSync(3);
    const field = t.gradientField([0, 0, 1, 1, -1, 0.5]);
    expect(field.length).toBe(6);
    expect(field.every(Number.isFinite)).toBe(true);
    t.dispose();
  }
});

test("consensus: G's update follows ∂(γ/2‖v‖²)/∂θ, v_D's dependence on θ through the fakes included", async () => {
  const sd = await loadBuild('simd');
  // plain SGD and the same draws: θ₁ − θ₀ = −η(∇θ L_G + ∇θ P) with γ, −η∇θ L_G without, so
  // ∇θ P = (Δθ₀ − Δθ_γ)/η; P itself is logged before the update, so central differences of
  // the logged P over θ₀ give ∇θ P independently (including the path through D's fakes)
  const eta = 0.05, gamma = 0.5;
  const sgd = { kind: 'sgd' as const, lr: eta };
  const config = (consensus?: number) => base({
    scheme: 'simultaneous', batch: 16, generator: { hidden: [4] }, discriminator: { hidden: [4] },
    optimizer: { d: sgd, g: sgd }, regularizers: consensus ? { consensus } : {},
  });
  const step = (consensus: number | undefined, tweak?: (t: gan.GanTrainer) => void) => {
    const t = gan.createTrainer(sd, config(consensus));
    tweak?.(t);
    const before = t.generator.params.map((p) => t.program.read(p));
    t.trainSync(1);
    const out = { before, after: t.generator.params.map((p) => t.program.read(p)), penalty: consensus ? t.log('consensus')[0] : 0 };
    t.dispose();
    return out;
  };
  const withP = step(gamma), without = step(undefined);
  const param = 0; // G's first weight matrix
  for (const i of [0, 3, 5]) {
    const h = 1e-2;
    const at = (delta: number) => step(gamma, (t) => {
      const w = t.program.read(t.generator.params[param]);
      w[i] += delta;
      t.program.write(t.generator.params[param], w);
    }).penalty;
    const fd = (at(h) - at(-h)) / (2 * h);
    const measured = ((without.after[param][i] - without.before[param][i]) - (withP.after[param][i] - withP.before[param][i])) / eta;
    expect(Math.abs(measured - fd), `θ[${i}]: update ${measured}, finite differences ${fd}`).toBeLessThan(2e-3 + 0.05 * Math.abs(fd));
  }
  expect(sd.liveBytes()).toBe(0);
});
