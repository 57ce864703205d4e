// Transformations compose (chain), apply (applyUpdates) and train (minimize) inside WASM;
// their state is persistent, per init, readable, and freed with the program; bad
// hyper-parameters and mismatched arguments give SaddleArgumentErrors naming the argument.
import { describe, expect, test } from 'vitest';
import { compile, graph as G, optim, type Saddle } from '../../bindings/index.js';
import type { Node } from '../../bindings/graph/index.js';
import { BUILDS, loadBuild } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';

/** A small least-squares problem: loss = mean((x·w + b − y)²) on constant data. */
function regression() {
  const g = new G.Graph();
  const x = G.constant(g, [1, 2, -1, 0.5, 3, -2, 0, 1], [4, 2]);
  const y = G.constant(g, [1, -1, 2, 0.5], [4, 1]);
  const w = G.param(g, [2, 1], { kind: 'values', values: [0.3, -0.2] });
  const b = G.param(g, [1, 1], { kind: 'constant', value: 0.1 });
  const loss = G.mean(G.square(G.sub(G.add(G.matmul(x, w), b), y)));
  return { g, w, b, loss };
}

function trained(sd: Saddle, optimizer: optim.GradientTransformation, steps: number) {
  const { w, b, loss } = regression();
  const phase = optim.minimize(loss, [w, b], optimizer);
  const program = compile(sd, { seed: 0, phases: [phase] });
  program.run(steps);
  const out = { w: program.read(w), b: program.read(b), loss: program.log('loss'), phase, program };
  return out;
}

for (const build of BUILDS) {
  describe(`transformations in compiled programs (${build})`, () => {
    test('adam is chain(scaleByAdam, scaleByLearningRate): the same bits, step after step', async () => {
      const sd = await loadBuild(build);
      const a = trained(sd, optim.adam(0.05, { b1: 0.8, b2: 0.99, eps: 1e-6 }), 25);
      const b = trained(sd, optim.chain(optim.scaleByAdam({ b1: 0.8, b2: 0.99, eps: 1e-6 }), optim.scaleByLearningRate(0.05)), 25);
      expect(Array.from(b.w)).toEqual(Array.from(a.w));
      expect(Array.from(b.b)).toEqual(Array.from(a.b));
      expect(Array.from(b.loss)).toEqual(Array.from(a.loss));
      expect(a.loss[24]).toBeLessThan(a.loss[0] / 2);
      a.program.dispose(); b.program.dispose();
    });

    test("the optimizer's state nodes persist, advance by their assignments, and can be read", async () => {
      const sd = await loadBuild(build);
      const { phase, program } = trained(sd, optim.adam(0.01, { amsgrad: true }), 3);
      const [adamState, lrState] = (phase.state as optim.ChainState).inner as [optim.ScaleByAdamState, optim.ScaleByLearningRateState];
      // count, mu and nu per parameter, nuMax per parameter; a constant rate has no counter
      expect(phase.state.nodes.length).toBe(1 + 3 * 2);
      expect(phase.state.nodes.every((n) => n.op.name === 'State')).toBe(true);
      expect(program.read(adamState.count)[0]).toBe(3);
      expect(lrState.count).toBeNull();
      expect(phase.state.scalars.lr.op.name).toBe('Constant');
      // v̂max >= v/(1 − β₂³) everywhere
      const c2 = 1 - 0.999 ** 3;
      adamState.nu.forEach((nu, i) => {
        const v = program.read(nu), vMax = program.read(adamState.nuMax[i]);
        v.forEach((vk, k) => expect(vMax[k]).toBeGreaterThanOrEqual(vk / c2 * (1 - 1e-6)));
      });
      program.dispose();
    });

    test('chain() is the identity: minimize with it ascends the gradient (θ ← θ + g)', async () => {
      const sd = await loadBuild(build);
      const g = new G.Graph();
      const w = G.param(g, [1, 2], { kind: 'values', values: [1, -2] });
      const program = compile(sd, { seed: 0, phases: [optim.minimize(G.sum(G.square(w)), [w], optim.chain())] });
      program.run(1);
      expect(Array.from(program.read(w))).toEqual([3, -6]);
      program.dispose();
    });

    test('two phases, two optimizers, one optimizer object: separate states, each with its own log', async () => {
      const sd = await loadBuild(build);
      const g = new G.Graph();
      const u = G.param(g, [1, 1], { kind: 'constant', value: 2 });
      const v = G.param(g, [1, 1], { kind: 'constant', value: -3 });
      const opt = optim.sgd(0.25, { momentum: 0.5 });
      const pu = optim.minimize(G.sum(G.square(u)), [u], opt, { log: 'lossU' });
      const pv = optim.minimize(G.sum(G.square(v)), [v], opt, { log: 'lossV' });
      expect(pu.state.nodes[0]).not.toBe(pv.state.nodes[0]);
      const program = compile(sd, { seed: 0, phases: [pu, pv] });
      program.run(2);
      // by hand: b ← 0.5·b + 2w, w ← w − 0.25·b, from w0: w1 = 0.5·w0, b1 = 2·w0; b2 = w0 + w0 = 2w0, w2 = 0.5·w0 − 0.5·w0 = 0
      expect(program.read(u)[0]).toBe(0);
      expect(program.read(v)[0]).toBe(0);
      expect(Array.from(program.log('lossU'))).toEqual([4, 1]);
      expect(Array.from(program.log('lossV'))).toEqual([9, 2.25]);
      program.dispose();
    });

    test('applyUpdates with a hand-made update rule (θ ← θ − 0.5·g), and updates from update() directly', async () => {
      const sd = await loadBuild(build);
      const g = new G.Graph();
      const w = G.param(g, [1, 3], { kind: 'values', values: [1, 2, 3] });
      const opt = optim.chain(optim.addDecayedWeights(1), optim.scaleByLearningRate(0.5));
      const state = opt.init([w]);
      // gradient of 0: only the decay acts, u = −0.5·(0 + 1·w)
      const { updates, assignments } = opt.update([G.zeros(g, [1, 3])], state, [w]);
      expect(assignments).toEqual([]);
      const program = compile(sd, { seed: 0, phases: [{ updates: optim.applyUpdates([w], updates) }] });
      program.run(2);
      expect(Array.from(program.read(w))).toEqual([0.25, 0.5, 0.75]);
      program.dispose();
    });

    test('live bytes return to baseline after dispose, and long runs do not grow memory', async () => {
      const sd = await loadBuild(build);
      const base = sd.liveBytes();
      const { w, b, loss } = regression();
      const schedule = optim.warmup(optim.cosineDecay(0.05, { steps: 5000 }), { steps: 100 });
      const opt = optim.chain(optim.scaleByAdam({ b1: 0.9, b2: 0.999, eps: 1e-8, amsgrad: true }), optim.addDecayedWeights(1e-3), optim.scaleByLearningRate(schedule));
      const phase = optim.minimize(loss, [w, b], opt);
      const program = compile(sd, { seed: 0, logCapacity: 64, phases: [{ ...phase, logs: { ...phase.logs, lr: phase.state.scalars.lr } }] });
      program.run(10);
      const bytes = sd.memoryBytes();
      expect(sd.liveBytes()).toBeGreaterThan(base);
      program.run(20_000);
      expect(sd.memoryBytes()).toBe(bytes);
      expect(Number.isFinite(program.read(w)[0])).toBe(true);
      expect(program.log('lr').at(-1)).toBe(0); // past the cosine's end, with α = 0
      program.dispose();
      expect(sd.liveBytes()).toBe(base);
    });
  });
}

test('the docstring examples of adam and minimize', async () => {
  const sd = await loadBuild('simd');
  const g = new G.Graph();
  const w = G.param(g, [1, 2], { kind: 'values', values: [3, -1] });
  const loss = G.sum(G.square(G.sub(w, 1)));
  const program = compile(sd, { seed: 0, phases: [optim.minimize(loss, [w], optim.adam(0.05))] });
  program.run(2000);
  program.read(w).forEach((v) => expect(v).toBeCloseTo(1, 5));
  program.dispose();
  const v = G.param(g, [1, 1], { kind: 'constant', value: 3 });
  const sgd = compile(sd, { seed: 1, phases: [optim.minimize(G.sum(G.square(v)), [v], optim.sgd(0.1))] });
  sgd.run(10);
  expect(sgd.read(v)[0]).toBeCloseTo(3 * 0.8 ** 10, 6);
  sgd.dispose();
});

describe('typed errors', () => {
  const cases: Array<[string, () => unknown, string, RegExp?]> = [
    ['sgd(-0.1)', () => optim.sgd(-0.1), 'lr', /a positive finite number or a Schedule/],
    ['sgd(0)', () => optim.sgd(0), 'lr'],
    ['adam(NaN)', () => optim.adam(NaN), 'lr', /got NaN/],
    ['adamw(Infinity)', () => optim.adamw(Infinity), 'lr'],
    ["rmsprop('0.1')", () => optim.rmsprop('0.1' as never), 'lr', /got a string/],
    ['scaleByLearningRate(undefined)', () => optim.scaleByLearningRate(undefined as never), 'lr'],
    ['sgd momentum 1', () => optim.sgd(0.1, { momentum: 1 }), 'options.momentum', /in \[0, 1\)/],
    ['sgd momentum -0.5', () => optim.sgd(0.1, { momentum: -0.5 }), 'options.momentum'],
    ['sgd nesterov without momentum', () => optim.sgd(0.1, { nesterov: true }), 'options.nesterov'],
    ['sgd options null', () => optim.sgd(0.1, null as never), 'options'],
    ['adam b1 = 1', () => optim.adam(0.1, { b1: 1 }), 'options.b1', /b1' must be a number in \[0, 1\), got 1/],
    ['adam b1 < 0', () => optim.adam(0.1, { b1: -0.1 }), 'options.b1'],
    ['adam b2 > 1', () => optim.adam(0.1, { b2: 1.5 }), 'options.b2'],
    ['adam eps < 0', () => optim.adam(0.1, { eps: -1e-8 }), 'options.eps'],
    ['adam epsRoot NaN', () => optim.adam(0.1, { epsRoot: NaN }), 'options.epsRoot'],
    ['adam amsgrad not a boolean', () => optim.adam(0.1, { amsgrad: 1 as never }), 'options.amsgrad'],
    ['adamw weightDecay < 0', () => optim.adamw(0.1, { weightDecay: -0.01 }), 'options.weightDecay'],
    ['rmsprop decay = 1', () => optim.rmsprop(0.1, { decay: 1 }), 'options.decay'],
    ['rmsprop centered not a boolean', () => optim.rmsprop(0.1, { centered: 'yes' as never }), 'options.centered'],
    ['rmsprop momentum 2', () => optim.rmsprop(0.1, { momentum: 2 }), 'options.momentum'],
    ['scaleByAdam without b1', () => optim.scaleByAdam({ b2: 0.999, eps: 1e-8 } as never), 'options.b1'],
    ['traceMomentum decay 1', () => optim.traceMomentum({ decay: 1 }), 'options.decay'],
    ['addDecayedWeights(-1)', () => optim.addDecayedWeights(-1), 'weightDecay'],
    ['chain with a non-transformation', () => optim.chain(optim.sgd(0.1), {} as never), 'transforms[1]'],
    ['constantSchedule(0)', () => optim.constantSchedule(0), 'value'],
    ['stepDecay every 0', () => optim.stepDecay(1, { every: 0, factor: 0.5 }), 'options.every', /an integer in \[1, 2\^24\]/],
    ['stepDecay every 2.5', () => optim.stepDecay(1, { every: 2.5, factor: 0.5 }), 'options.every'],
    ['stepDecay factor 0', () => optim.stepDecay(1, { every: 10, factor: 0 }), 'options.factor', /a number in \(0, 1\], got 0/],
    ['stepDecay factor 1.5', () => optim.stepDecay(1, { every: 10, factor: 1.5 }), 'options.factor'],
    ['exponentialDecay rate 0', () => optim.exponentialDecay(1, { rate: 0, every: 10 }), 'options.rate'],
    ['exponentialDecay every -1', () => optim.exponentialDecay(1, { rate: 0.5, every: -1 }), 'options.every'],
    ['cosineDecay steps 0', () => optim.cosineDecay(1, { steps: 0 }), 'options.steps'],
    ['cosineDecay alpha 2', () => optim.cosineDecay(1, { steps: 10, alpha: 2 }), 'options.alpha'],
    ['cosineDecay without options', () => optim.cosineDecay(1, undefined as never), 'options.steps'],
    ['warmup of a number', () => optim.warmup(0.1 as never, { steps: 10 }), 'schedule'],
    ['warmup steps 0', () => optim.warmup(optim.constantSchedule(1), { steps: 0 }), 'options.steps'],
  ];
  for (const [what, fn, argument, message] of cases) {
    test(`${what} names '${argument}'`, () => {
      const error = argumentError(fn);
      expect(error.argument).toBe(argument);
      if (message) expect(error.message).toMatch(message);
    });
  }

  test('minimize, init and update check their arguments', () => {
    const { g, w, b, loss } = regression();
    const x = G.input(g, [1, 1]);
    expect(argumentError(() => optim.minimize(G.add(w, 1), [w], optim.sgd(0.1))).argument).toBe('loss');
    expect(argumentError(() => optim.minimize(loss, [], optim.sgd(0.1))).argument).toBe('params');
    expect(argumentError(() => optim.minimize(loss, [x], optim.sgd(0.1))).message).toMatch(/params\[0\]' must be a parameter or state node/);
    expect(argumentError(() => optim.minimize(loss, [w], {} as never)).argument).toBe('optimizer');
    expect(argumentError(() => optim.minimize(loss, [w], optim.sgd(0.1), { log: '' })).argument).toBe('options.log');
    const other = new G.Graph();
    expect(argumentError(() => optim.minimize(loss, [w, G.param(other, [1, 1])], optim.sgd(0.1))).argument).toBe('params[1]');

    const opt = optim.adam(0.1);
    const state = opt.init([w, b]);
    const [gw, gb] = [G.zeros(g, [2, 1]), G.zeros(g, [1, 1])];
    expect(argumentError(() => opt.update([gw, gb], optim.adam(0.1).init([w, b]), [w, b])).message)
      .toMatch(/chain\.update: argument 'state' must be the state returned by this chain's init/);
    expect(argumentError(() => opt.update([gw], state, [w, b])).argument).toBe('updates');
    expect(argumentError(() => opt.update([gb, gw], state, [w, b])).argument).toBe('updates[0]');
    expect(argumentError(() => opt.update([gw, gb], state, [b, w])).argument).toBe('params[0]');
    expect(argumentError(() => opt.update([gw, G.zeros(other, [1, 1])], state, [w, b])).message).toMatch(/updates\[1\]' must be a node of the graph of params\[1\]/);
    expect(opt.update([gw, gb], state, [w, b]).updates.map((u: Node) => u.shape)).toEqual([[2, 1], [1, 1]]);
    expect(argumentError(() => optim.applyUpdates([w, b], [gw])).argument).toBe('updates');
  });

  test('a schedule must return a [1, 1] node of the step\'s graph', () => {
    const { w, loss } = regression();
    const bad = (step: Node) => G.add(G.zeros(step.graph, [2, 2]), step);
    const error = argumentError(() => optim.minimize(loss, [w], optim.adam(bad)));
    expect(error.argument).toBe('lr');
    expect(error.message).toMatch(/a Schedule returning an f32 \[1, 1\] node/);
    expect(argumentError(() => optim.minimize(loss, [w], optim.sgd(() => 0.1 as never))).argument).toBe('lr');
  });
});

test('the building blocks refuse unknown keys (with the nearest known one), NaN and null options, naming options.<key>', () => {
  const sgd = optim.sgd(0.1);
  const cases: Array<[string, () => unknown, string, RegExp]> = [
    ['scaleByAdam', () => optim.scaleByAdam({ b1: 0.9, b2: 0.999, eps: 1e-8, epsroot: 0 } as never), 'options.epsroot', /did you mean 'epsRoot'\?/],
    ['scaleByAdam', () => optim.scaleByAdam({ b1: NaN, b2: 0.999, eps: 1e-8 }), 'options.b1', /a number in \[0, 1\), got NaN/],
    ['scaleByRms', () => optim.scaleByRms({ decay: 0.9, eps: 1e-8, centred: true } as never), 'options.centred', /did you mean 'centered'\?/],
    ['traceMomentum', () => optim.traceMomentum({ decay: 0.9, nesterow: true } as never), 'options.nesterow', /did you mean 'nesterov'\?/],
    ['normalizeByGlobalNorm', () => optim.normalizeByGlobalNorm({ epsilon: 1 } as never), 'options.epsilon', /known fields \(eps\)/],
    ['graft', () => optim.graft(sgd, sgd, { scop: 'layer' } as never), 'options.scop', /did you mean 'scope'\?/],
    ['scaleByOptimism', () => optim.scaleByOptimism({ alpha: Infinity }), 'options.alpha', /got Infinity/],
    ['anderson', () => optim.anderson({ windw: 3 } as never), 'options.windw', /did you mean 'window'\?/],
    ['minimize', () => optim.minimize(G.sum(G.square(G.param(new G.Graph(), [1, 1]))), [], sgd, null as never), 'options', /an object \(or undefined\), got null/],
  ];
  for (const [fn, call, argument, message] of cases) {
    const error = argumentError(call);
    expect(error.argument, fn).toBe(argument);
    expect(error.message, fn).toMatch(message);
  }
});
