// grad / vjp / jvp / hvp as graph transformations, checked through the f64 reference.
import { expect, test } from 'vitest';
import { grad, hvp, jvp, vjp } from '../../bindings/autodiff/grad.js';
import { SaddleArgumentError, SaddleShapeError } from '../../bindings/errors.js';
import * as G from '../../bindings/graph/index.js';
import type { Node } from '../../bindings/graph/index.js';
import { finiteDifferenceGrad } from '../helpers/finite-differences.js';
import { mulberry32 } from '../helpers/random.js';

function randomValues(n: number, seed: number): Float64Array {
  const next = mulberry32(seed);
  return Float64Array.from({ length: n }, () => Math.fround(next() * 2 - 1));
}

/** A small discriminator-like function: D(x) = tanh(x·W1 + b1)·W2. */
function mlp(g: G.Graph) {
  const x = G.param(g, [5, 2]), w1 = G.param(g, [2, 4]), b1 = G.param(g, [1, 4]), w2 = G.param(g, [4, 1]);
  const d = G.matmul(G.tanh(G.add(G.matmul(x, w1), b1)), w2);
  const leaves = new Map<Node, Float64Array>([x, w1, b1, w2].map((p, k) => [p, randomValues(p.size, 10 + k)]));
  return { x, w1, b1, w2, d, leaves };
}

function fdDirectional(f: () => Float64Array, xs: Float64Array[], vs: Float64Array[], h = 1e-6): Float64Array {
  const shift = (sign: number) => xs.forEach((x, k) => x.forEach((_, i) => { x[i] += sign * h * vs[k][i]; }));
  shift(1); const fp = f();
  shift(-2); const fm = f();
  shift(1);
  return fp.map((v, i) => (v - fm[i]) / (2 * h));
}

test('stopGradient blocks the gradient but not the value', () => {
  const g = new G.Graph();
  const x = G.param(g, [2, 2]);
  const y = G.sum(G.mul(G.stopGradient(x), x), 'all'); // d/dx = x (not 2x)
  const values = [0.5, -1, 2, 3];
  const [dx] = G.evaluate(grad(y, [x]), new Map([[x, values]]));
  expect(Array.from(dx)).toEqual(values);
});

test('inputs y does not depend on get zero gradients of their shape', () => {
  const g = new G.Graph();
  const x = G.param(g, [2, 3]), z = G.param(g, [4, 1]);
  const [dz] = grad(G.sum(G.exp(x), 'all'), [z]);
  expect(dz.shape).toEqual([4, 1]);
  expect(Array.from(G.evaluate([dz], new Map([[x, new Float64Array(6)]]))[0])).toEqual([0, 0, 0, 0]);
});

test('jvp equals the directional derivative of the forward (finite differences)', () => {
  const g = new G.Graph();
  const { x, w1, d, leaves } = mlp(g);
  const vx = G.param(g, x.shape), vw = G.param(g, w1.shape);
  const tangents = [randomValues(x.size, 1), randomValues(w1.size, 2)];
  leaves.set(vx, tangents[0]);
  leaves.set(vw, tangents[1]);
  const jv = jvp(d, [x, w1], [vx, vw]);
  expect(jv.shape).toEqual(d.shape);
  const got = G.evaluate([jv], leaves)[0];
  const want = fdDirectional(() => G.evaluate([d], leaves)[0], [leaves.get(x)!, leaves.get(w1)!], tangents);
  got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 7));
});

test('hvp equals the directional derivative of the gradient (finite differences)', () => {
  const g = new G.Graph();
  const { x, w1, b1, d, leaves } = mlp(g);
  const loss = G.sum(G.softplus(G.neg(d)), 'all'); // non-saturating generator loss shape
  const params = [w1, b1];
  const vs = params.map((p) => G.param(g, p.shape));
  const tangents = params.map((p, k) => randomValues(p.size, 20 + k));
  vs.forEach((v, k) => leaves.set(v, tangents[k]));
  const hv = hvp(loss, params, vs);
  const got = G.evaluate(hv, leaves);
  const gradients = grad(loss, params);
  const want = params.map((_, k) => fdDirectional(() => G.evaluate([gradients[k]], leaves)[0], params.map((p) => leaves.get(p)!), tangents));
  got.forEach((h, k) => h.forEach((v, i) => expect(v).toBeCloseTo(want[k][i], 6)));
  void x;
});

test('an R1 penalty (γ/2)·E‖∇ₓD(x)‖² differentiates with respect to the weights', () => {
  const g = new G.Graph();
  const { x, w1, b1, w2, d, leaves } = mlp(g);
  const [dx] = grad(G.sum(d, 'all'), [x]);
  const r1 = G.mul(G.mean(G.sum(G.square(dx), 1), 'all'), 5); // γ = 10
  const weights = [w1, b1, w2];
  const got = G.evaluate(grad(r1, weights), leaves);
  const want = finiteDifferenceGrad(r1, weights, leaves);
  got.forEach((gk, k) => gk.forEach((v, i) => expect(v).toBeCloseTo(want[k][i], 6)));
});

test('vjp with a non-scalar cotangent, and argument errors', () => {
  const g = new G.Graph();
  const a = G.param(g, [3, 2]), b = G.param(g, [2, 4]);
  const y = G.matmul(a, b);
  const dy = G.param(g, [3, 4]);
  const [da] = vjp(y, [a], dy);
  expect(da.shape).toEqual([3, 2]);
  expect(() => grad(y, [a])).toThrow(/argument 'y' must be a scalar node \[1, 1\]/);
  expect(() => vjp(y, [a], G.param(g, [4, 3]))).toThrow(SaddleArgumentError);
  expect(() => jvp(y, [a], [G.param(g, [2, 3])])).toThrow(/vs\[0\]/);
  const other = new G.Graph();
  expect(() => grad(G.sum(y, 'all'), [G.param(other, [3, 2])])).toThrow(/same graph/);
});

test('shape errors name the op and both shapes at build time', () => {
  const g = new G.Graph();
  const a = G.param(g, [3, 2]), b = G.param(g, [3, 4]);
  let caught: unknown;
  try { G.matmul(a, b); } catch (e) { caught = e; }
  expect(caught).toBeInstanceOf(SaddleShapeError);
  expect((caught as SaddleShapeError).message).toBe('MatMul: inner dimensions differ: op(A) is 3×2, op(B) is 3×4 (shapes [3, 2] and [3, 4])');
  expect((caught as SaddleShapeError).op).toBe('MatMul');
  expect(() => G.add(a, b)).toThrow(/Add: shapes do not broadcast .*\[3, 2\] and \[3, 4\]/);
  expect(() => G.concat([a, b], 0)).toThrow(/Concat: every input needs the same column count/);
  expect(() => G.slice(a, 0, 2, 5)).toThrow(/Slice: \[2, 5\) is not a range within 0\.\.3/);
  expect(() => G.reshape(a, [4, 2])).toThrow(/Reshape: sizes differ/);
  expect(() => G.add(a, G.param(new G.Graph(), [3, 2]))).toThrow(/same graph/);
  expect(() => G.param(g, [2, -1])).toThrow(/argument 'shape'/);
});
