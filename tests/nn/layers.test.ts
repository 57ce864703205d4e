// Layers: MLP forward against a hand-written reference, spectral norm's power iteration
// converging to the top singular value, minibatch std, gradients by finite differences.
import { expect, test } from 'vitest';
import { SaddleArgumentError, compile, grad, graph as G, nn } from '../../bindings/index.js';
import type { Node } from '../../bindings/graph/index.js';
import { BUILDS, loadBuild } from '../helpers/builds.js';
import { finiteDifferenceGrad } from '../helpers/finite-differences.js';
import { randomF32 } from '../helpers/random.js';

/** Top singular value of a rows×cols matrix by 2000 power iterations in f64. */
function topSingularValue(w: ArrayLike<number>, rows: number, cols: number): number {
  let v = Float64Array.from({ length: cols }, (_, i) => 1 + i);
  let sigma = 0;
  for (let it = 0; it < 2000; it++) {
    const u = new Float64Array(rows);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) u[i] += w[i * cols + j] * v[j];
    const nv = new Float64Array(cols);
    for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) nv[j] += w[i * cols + j] * u[i];
    const norm = Math.hypot(...nv);
    sigma = Math.sqrt(norm);
    v = nv.map((x) => x / norm);
  }
  return sigma;
}

for (const build of BUILDS) {
  test(`an MLP compiles to the same values as the layers written out by hand (${build})`, async () => {
    const sd = await loadBuild(build);
    const g = new G.Graph();
    const model = nn.mlp(g, { widths: [3, 8, 5, 2], activation: ['tanh', { kind: 'leakyRelu', slope: 0.1 }], output: 'sigmoid', init: { kind: 'xavier' } });
    expect(model.params.map((p) => p.shape)).toEqual([[3, 8], [1, 8], [8, 5], [1, 5], [5, 2], [1, 2]]);
    const xs = randomF32(12, 5, -2, 2);
    const x = G.input(g, [4, 3]);
    const y = model.apply(x);
    const sink = G.state(g, [4, 2]);
    const program = compile(sd, { seed: 9, phases: [{ updates: [[sink, y]] }] });
    program.write(x, xs);
    program.run(1);
    const p = model.params.map((q) => program.read(q));
    const layer = (h: number[][], w: Float32Array, b: Float32Array, act: (t: number) => number) =>
      h.map((row) => Array.from(b, (bj, j) => act(row.reduce((s, hi, i) => s + hi * w[i * b.length + j], bj))));
    let h = [0, 1, 2, 3].map((i) => Array.from(xs.subarray(i * 3, i * 3 + 3)));
    h = layer(h, p[0], p[1], Math.tanh);
    h = layer(h, p[2], p[3], (t) => (t > 0 ? t : 0.1 * t));
    h = layer(h, p[4], p[5], (t) => 1 / (1 + Math.exp(-t)));
    program.read(sink).forEach((v, k) => expect(v).toBeCloseTo(h[Math.floor(k / 2)][k % 2], 5));
    program.dispose();
    expect(sd.liveBytes()).toBe(0);
  });
}

test('spectral norm: the power-iteration estimate converges to the top singular value, and W/σ has norm 1', async () => {
  const sd = await loadBuild('simd');
  const g = new G.Graph();
  const layer = nn.dense(g, 6, 4, { spectralNorm: true, init: { kind: 'normal', std: 1 } });
  const [w] = layer.params;
  const sn = nn.spectralNorm(G.param(g, [1, 1])); // a separate check of the helper's shapes
  expect(sn.u.shape).toEqual([1, 1]);
  expect(layer.assignments.length).toBe(1);
  const sigmaOut = G.state(g, [1, 1]);
  const x = G.input(g, [6, 6]);
  const y = layer.apply(x);
  const [u, uNext] = layer.assignments[0];
  // σ̂ recomputed from the state after the update: v·W·uᵀ with v = normalize(u·Wᵀ)
  const v = G.div(G.matmul(uNext, w, { transB: true }), G.sqrt(G.sum(G.square(G.matmul(uNext, w, { transB: true })))));
  const program = compile(sd, { seed: 4, phases: [{ updates: [[u, uNext], [sigmaOut, G.sum(G.mul(G.matmul(v, w), uNext))]] }] });
  program.run(200);
  const weights = program.read(w);
  const truth = topSingularValue(weights, 6, 4);
  expect(program.read(sigmaOut)[0]).toBeCloseTo(truth, 4);
  // W_SN = W/σ̂: its top singular value is 1
  const normalized = compile(sd, { seed: 4, phases: [{ updates: [[sigmaOut, G.sum(y)]] }] });
  normalized.write(w, weights);
  normalized.write(u, program.read(u));
  normalized.write(x, Array.from({ length: 36 }, (_, i) => (i % 7 === 0 ? 1 : 0))); // the identity
  normalized.run(1);
  // with x = I, y = W/σ̂ (+ zero bias): recover it through the sum of its entries
  const sigma = program.read(sigmaOut)[0];
  expect(normalized.read(sigmaOut)[0]).toBeCloseTo(weights.reduce((s, t) => s + t, 0) / sigma, 4);
  expect(topSingularValue(weights.map((t) => t / sigma), 6, 4)).toBeCloseTo(1, 4);
  program.dispose(); normalized.dispose();
});

test('gradients through spectral norm (u, v held fixed, as in Miyato et al.) and minibatch std match finite differences', () => {
  const g = new G.Graph();
  const w = G.param(g, [3, 2]);
  const x = G.param(g, [5, 3]);
  const sn = nn.spectralNorm(w);
  const y = G.sum(G.tanh(G.matmul(nn.minibatchStd(G.matmul(x, sn.weight)), G.constant(g, [0.3, -0.7, 1.1], [3, 1]))));
  const leaves = new Map<Node, Float64Array>([
    [w, Float64Array.from(randomF32(6, 1))], [x, Float64Array.from(randomF32(15, 2))], [sn.u, Float64Array.from([0.6, 0.8])],
  ]);
  // the power-iteration vectors are constants for the gradient: pin them for the finite differences too
  const [v0, u1] = G.evaluate([sn.v, sn.assignment[1]], leaves);
  leaves.set(sn.v, v0);
  leaves.set(sn.assignment[1], u1);
  const grads = G.evaluate(grad(y, [w, x]), leaves);
  const want = finiteDifferenceGrad(y, [w, x], leaves);
  grads.forEach((gk, k) => gk.forEach((v, i) => expect(v).toBeCloseTo(want[k][i], 6)));
});

test('minibatch std appends the mean feature standard deviation to every row', () => {
  const g = new G.Graph();
  const x = G.param(g, [4, 2]);
  const values = [1, 10, 3, 10, 5, 10, 7, 14];
  const [out] = G.evaluate([nn.minibatchStd(x)], new Map([[x, values]]));
  const std0 = Math.sqrt(5 + 1e-8), std1 = Math.sqrt(3 + 1e-8); // population variances 5 and 3
  const feature = (std0 + std1) / 2;
  expect(Array.from(out)).toEqual([1, 10, feature, 3, 10, feature, 5, 10, feature, 7, 14, feature].map((v, i) => (i % 3 === 2 ? out[i] : v)));
  for (let i = 0; i < 4; i++) expect(out[i * 3 + 2]).toBeCloseTo(feature, 12);
});

test('bad model options are typed errors naming the argument', () => {
  const g = new G.Graph();
  expect(() => nn.mlp(g, { widths: [3] })).toThrow(/argument 'widths'/);
  expect(() => nn.mlp(g, { widths: [3, 4, 1], activation: 'gelu' as never })).toThrow(SaddleArgumentError);
  expect(() => nn.mlp(g, { widths: [3, 4, 4, 1], activation: ['relu'] })).toThrow(/one activation or 2/);
  expect(() => nn.mlp(g, { widths: [3, 4, 1], activation: { kind: 'leakyRelu', slope: 2 } })).toThrow(/slope/);
  expect(() => nn.dense(g, 0, 3)).toThrow(/argument 'inputs'/);
  const layer = nn.dense(g, 3, 2);
  expect(() => layer.apply(G.param(g, [5, 4]))).toThrow(/a node with 3 columns/);
});
