// compile() and Program: compiled values agree with the f64 reference evaluation of the
// same graph; phases, repeats, simultaneous updates, logs, RNG streams, buffer reuse,
// memory, and typed errors.
import { expect, test, vi } from 'vitest';
import {
  SaddleArgumentError, compile, grad, graph as G, randomNormal, type Saddle,
} from '../../bindings/index.js';
import type { Node } from '../../bindings/graph/index.js';
import { BUILDS, loadBuild } from '../helpers/builds.js';
import { randomF32 } from '../helpers/random.js';
import { argumentError } from '../helpers/errors.js';
import { collectGarbage } from '../helpers/gc.js';

function mlpGraph() {
  const g = new G.Graph();
  const init = (shape: [number, number], seed: number) => ({ kind: 'values' as const, values: randomF32(shape[0] * shape[1], seed, -0.8, 0.8) });
  const x = G.input(g, [6, 2], 'x');
  const w1 = G.param(g, [2, 5], init([2, 5], 1)), b1 = G.param(g, [1, 5], init([1, 5], 2));
  const w2 = G.param(g, [5, 1], init([5, 1], 3)), b2 = G.param(g, [1, 1], init([1, 1], 4));
  const d = G.add(G.matmul(G.leakyRelu(G.add(G.matmul(x, w1), b1), 0.2), w2), b2);
  return { g, x, params: [w1, b1, w2, b2], d };
}

function leafValues(params: Node[], x: Node, xs: Float32Array): Map<Node, ArrayLike<number>> {
  const m = new Map<Node, ArrayLike<number>>(params.map((p) => [p, (p.attrs.init as { values: Float32Array }).values]));
  m.set(x, xs);
  return m;
}

for (const build of BUILDS) {
  test(`compiled values match the f64 reference, including a second-order penalty (${build})`, async () => {
    const sd = await loadBuild(build);
    const base = sd.liveBytes();
    const { g, x, params, d } = mlpGraph();
    const loss = G.mean(G.softplus(G.neg(d))); // non-saturating loss on "real" data
    const [dx] = grad(G.sum(d), [x]);
    const r1 = G.mul(G.mean(G.sum(G.square(dx), 1)), 5); // R1, γ = 10
    const total = G.add(loss, r1);
    const grads = grad(total, params);
    const sinks = grads.map((gr) => G.state(g, gr.shape));
    const program = compile(sd, { seed: 7, phases: [{ updates: sinks.map((s, k) => [s, grads[k]] as const), logs: { loss, r1, total } }] });
    const xs = randomF32(12, 99, -2, 2);
    program.write(x, xs);
    program.run(1);
    const want = G.evaluate([loss, r1, total, ...grads], leafValues(params, x, xs));
    const close = (got: number, w: number, what: string) => expect(Math.abs(got - w), `${what}: ${got} vs ${w}`).toBeLessThanOrEqual(2e-5 * Math.max(1, Math.abs(w)));
    close(program.log('loss')[0], want[0][0], 'loss');
    close(program.log('r1')[0], want[1][0], 'r1');
    close(program.log('total')[0], want[2][0], 'total');
    sinks.forEach((s, k) => program.read(s).forEach((v, i) => close(v, want[3 + k][i], `grad ${k}[${i}]`)));
    program.dispose();
    expect(sd.liveBytes()).toBe(base);
  });
}

test('gradient descent on a parabola runs inside WASM (the compile docstring example)', async () => {
  const sd = await loadBuild('simd');
  const g = new G.Graph();
  const w = G.param(g, [1, 1], { kind: 'constant', value: 3 });
  const loss = G.sum(G.square(w));
  const [dw] = grad(loss, [w]);
  const program = compile(sd, { seed: 1, phases: [{ updates: [[w, G.sub(w, G.mul(dw, 0.1))]], logs: { loss } }] });
  program.run(10);
  expect(program.read(w)[0]).toBeCloseTo(3 * 0.8 ** 10, 6);
  expect(Array.from(program.log('loss')).map((v) => +v.toFixed(4))).toEqual([...Array(10)].map((_, t) => +(9 * 0.64 ** t).toFixed(4)));
  expect(program.iterations).toBe(10);
  program.dispose();
});

test('updates within a phase are simultaneous; phases run in order; repeats repeat', async () => {
  const sd = await loadBuild('simd');
  const g = new G.Graph();
  const a = G.state(g, [1, 2], { kind: 'values', values: [1, 2] }), b = G.state(g, [1, 2], { kind: 'values', values: [3, 4] });
  const t = G.state(g, [1, 1]), u = G.state(g, [1, 1]);
  const program = compile(sd, {
    seed: 0,
    phases: [
      { updates: [[a, b], [b, a]] },                       // swap
      { updates: [[t, G.add(t, 1)]], repeat: 3 },          // t += 3 per iteration
      { updates: [[u, G.add(G.mul(u, 10), t)]], logs: { t } }, // sees t after phase 2
      { updates: [[u, u]], repeat: 0 },                    // never runs
    ],
  });
  program.run(2);
  expect(Array.from(program.read(a))).toEqual([1, 2]); // swapped twice
  expect(Array.from(program.read(b))).toEqual([3, 4]);
  expect(program.read(t)[0]).toBe(6);
  expect(program.read(u)[0]).toBe(3 * 10 + 6);
  expect(Array.from(program.log('t'))).toEqual([3, 6]);
  program.dispose();
});

test('random nodes draw the seeded stream like the RNG binding, fresh every run', async () => {
  const sd = await loadBuild('simd');
  const g = new G.Graph();
  const z = G.randomNormal(g, [3, 5], 11);
  const sink = G.state(g, [3, 5]);
  const program = compile(sd, { seed: 2026, phases: [{ updates: [[sink, G.mul(z, 1)]] }] });
  const expected = sd.f32(15);
  let counter = 0;
  for (let run = 0; run < 3; run++) {
    program.run(1);
    counter = randomNormal(sd, expected, { seed: 2026, stream: 11, counter });
    expect(Array.from(program.read(sink))).toEqual(Array.from(expected.toArray()));
  }
  // same seed, same bits; another seed, other bits
  const again = compile(sd, { seed: 2026, phases: [{ updates: [[sink, G.mul(z, 1)]] }] });
  again.run(3);
  expect(Array.from(again.read(sink))).toEqual(Array.from(program.read(sink)));
  const other = compile(sd, { seed: 2027, phases: [{ updates: [[sink, G.mul(z, 1)]] }] });
  other.run(3);
  expect(Array.from(other.read(sink))).not.toEqual(Array.from(program.read(sink)));
  [program, again, other].forEach((p) => p.dispose());
  expected.dispose();
});

test('identical subexpressions are computed once and temporaries share the arena', async () => {
  const sd = await loadBuild('simd');
  const g = new G.Graph();
  const x = G.input(g, [100, 100]);
  const s = G.state(g, [100, 100]);
  const shared = compile(sd, { seed: 0, phases: [{ updates: [[s, G.add(G.exp(x), G.exp(x))]] }] });
  // one exp, one add, one copy: (1+5) + (1+8) + (1+3) words
  expect(shared.words).toBe(19);
  let y = x;
  for (let i = 0; i < 12; i++) y = G.tanh(G.add(y, 0.1));
  const chain = compile(sd, { seed: 0, phases: [{ updates: [[s, y]] }] });
  // a chain needs two live buffers at a time, never 24
  expect(chain.arenaBytes).toBeLessThanOrEqual(2 * 100 * 100 * 4 + 128);
  shared.dispose(); chain.dispose();
});

test('logs keep the last logCapacity values in order', async () => {
  const sd = await loadBuild('simd');
  const g = new G.Graph();
  const t = G.state(g, [1, 1]);
  const program = compile(sd, { seed: 0, logCapacity: 4, phases: [{ updates: [[t, G.add(t, 1)]], logs: { t } }] });
  program.run(3);
  expect(Array.from(program.log('t'))).toEqual([0, 1, 2]);
  program.run(4);
  expect(Array.from(program.log('t'))).toEqual([3, 4, 5, 6]);
  expect(() => program.log('nope')).toThrow(/argument 'name' must be one of 't'/);
  program.dispose();
});

test('long runs do not grow WASM memory, and dispose returns live bytes to baseline', async () => {
  const sd: Saddle = await loadBuild('simd');
  const base = sd.liveBytes();
  const g = new G.Graph();
  const w = G.param(g, [4, 4], { kind: 'normal', std: 0.1 });
  const z = G.randomNormal(g, [8, 4], 0);
  const loss = G.mean(G.square(G.tanh(G.matmul(z, w))));
  const [dw] = grad(loss, [w]);
  const program = compile(sd, { seed: 3, logCapacity: 128, phases: [{ updates: [[w, G.sub(w, G.mul(dw, 0.05))]], logs: { loss } }] });
  program.run(10);
  const pages = sd.memoryBytes();
  program.run(100_000);
  expect(sd.memoryBytes()).toBe(pages);
  expect(program.log('loss').length).toBe(128);
  expect(Number.isFinite(program.read(w)[0])).toBe(true);
  program.dispose();
  program.dispose();
  expect(sd.liveBytes()).toBe(base);
  expect(() => program.run(1)).toThrow(/disposed/);
});

test('bad programs give typed errors naming the argument', async () => {
  const sd = await loadBuild('simd');
  const g = new G.Graph();
  const w = G.param(g, [2, 2]), x = G.input(g, [2, 2]);
  const base = sd.liveBytes();
  expect(() => compile(sd, { seed: 0, phases: [] })).toThrow(/argument 'phases'/);
  expect(() => compile(sd, { seed: -1, phases: [{ updates: [] }] })).toThrow(/argument 'seed'/);
  expect(() => compile(sd, { seed: 0, phases: [{ updates: [[x, w]] }] })).toThrow(/phases\[0\]\.updates\[0\]' must be a target that is a parameter or state/);
  expect(() => compile(sd, { seed: 0, phases: [{ updates: [[w, G.sum(w)]] }] })).toThrow(/of the target's shape \[2, 2\]/);
  expect(() => compile(sd, { seed: 0, phases: [{ updates: [[w, w], [w, w]] }] })).toThrow(/each target assigned once/);
  expect(() => compile(sd, { seed: 0, phases: [{ updates: [], logs: { w } }] })).toThrow(/a scalar node/);
  const custom = G.apply(G.defineOp({ name: 'Mystery', shape: (i) => i[0].shape, ref: ([v]) => v }), [w], {});
  expect(() => compile(sd, { seed: 0, phases: [{ updates: [[w, custom]] }] })).toThrow(SaddleArgumentError);
  expect(() => compile(sd, { seed: 0, phases: [{ updates: [[w, custom]] }] })).toThrow(/a Mystery node/);
  expect(sd.liveBytes()).toBe(base); // failed compiles free what they allocated
  const program = compile(sd, { seed: 0, phases: [{ updates: [[w, G.add(w, x)]] }] });
  expect(() => program.write(x, [1, 2, 3])).toThrow(/4 numbers/);
  expect(() => program.read(G.exp(w))).toThrow(/argument 'node'/);
  expect(() => program.run(-1)).toThrow(/argument 'iterations'/);
  program.dispose();
});

test('write refuses what f32 would change: null (read as 0), strings, NaN, ±Infinity and numbers past the f32 range', async () => {
  const sd = await loadBuild('simd');
  const g = new G.Graph();
  const x = G.input(g, [2, 3]), w = G.param(g, [2, 3]);
  const program = compile(sd, { seed: 0, phases: [{ updates: [[w, G.add(w, x)]] }] });
  const cases: Array<[ArrayLike<unknown>, RegExp]> = [
    [[1, 2, 3, 4, null, 6], /finite numbers, got null at index 4 \(row 1, column 1; from 0\)/],
    [[1, 2, '3', 4, 5, 6], /got "3" at index 2 \(row 0, column 2/],
    [[1, 2, 3, 4, 5, NaN], /got NaN at index 5/],
    [new Float32Array([Infinity, 0, 0, 0, 0, 0]), /got Infinity at index 0/],
    [[0, 0, 0, 0, 0, -1e39], /f32 range.*got -1e\+39 at index 5 \(row 1, column 2/],
  ];
  for (const [values, message] of cases) {
    const error = argumentError(() => program.write(w, values as ArrayLike<number>));
    expect(error.message).toMatch(/^Program\.write: argument 'values'/);
    expect(error.message).toMatch(message);
    expect(Array.from(program.read(w))).toEqual([0, 0, 0, 0, 0, 0]); // nothing written
  }
  program.write(x, [1, 2, 3, 4, 5, -3.4e38]);
  expect(program.read(x)[5]).toBe(Math.fround(-3.4e38));
  program.dispose();
});

test('a program dropped without dispose() is freed when collected (a debug warning, once), a disposed one not again', async () => {
  const sd = await loadBuild('simd');
  const before = sd.liveBytes();
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const flags = globalThis as { SADDLE_DEBUG?: unknown };
  flags.SADDLE_DEBUG = true;
  try {
    const drop = (dispose: boolean) => {
      for (let i = 0; i < 5; i++) {
        const { d, params } = mlpGraph();
        const program = compile(sd, { seed: i, phases: [{ updates: params.map((p, k) => [p, G.sub(p, G.mul(grad(G.sum(G.square(d)), params)[k], 0.1))] as const) }] });
        program.run(2);
        if (dispose) program.dispose();
      }
    };
    drop(false);
    expect(sd.liveBytes()).toBeGreaterThan(before);
    await collectGarbage(() => sd.liveBytes() === before);
    expect(sd.liveBytes()).toBe(before);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/a Program was garbage-collected without dispose\(\)/);
    drop(true);
    const kept = [sd.f32(1000), sd.f32(64), sd.f32(20000)]; // reuse the disposed programs' blocks
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

test('snapshot and restore: a restored program repeats its later runs bit for bit, RNG included', async () => {
  const sd = await loadBuild('simd');
  const base = sd.liveBytes();
  const g = new G.Graph();
  const w = G.param(g, [3, 4], { kind: 'normal', std: 1 });
  const data = G.input(g, [5, 4], 'data');
  const noise = G.randomNormal(g, [3, 4], 2);
  const loss = G.add(G.mean(G.square(G.sub(w, noise))), G.mean(G.sampleRows(data, 2, 1)));
  const [dw] = grad(loss, [w]);
  const program = compile(sd, { seed: 11, phases: [{ updates: [[w, G.sub(w, G.mul(dw, 0.1))]], logs: { loss } }] });
  program.write(data, randomF32(20, 3, -1, 1));
  program.run(7);
  const saved = program.snapshot();
  const light = program.snapshot({ inputs: false });
  expect(saved.values.length).toBe(light.values.length + 1);
  expect(program.snapshotLayout().names).toContain('data');
  expect(program.snapshotLayout({ inputs: false }).names).not.toContain('data');
  program.run(5);
  const after = program.read(w), logged = program.logSince('loss', 7);
  expect(logged.length).toBe(5);
  program.restore(saved);
  expect(program.iterations).toBe(7);
  program.run(5);
  expect(program.read(w)).toEqual(after);
  expect(program.logSince('loss', 12)).toEqual(logged);
  // a snapshot without inputs leaves the data alone
  program.write(data, new Float32Array(20).fill(0.5));
  program.restore(light);
  expect(program.read(data)).toEqual(new Float32Array(20).fill(0.5));
  expect(() => program.restore({ ...saved, counters: new BigUint64Array(0) })).toThrow(/snapshot\.counters/);
  expect(() => program.restore({ ...saved, values: saved.values.slice(1) })).toThrow(/snapshot\.values/);
  expect(() => program.logSince('loss', 1000)).toThrow(/since/);
  program.dispose();
  expect(sd.liveBytes()).toBe(base);
});
