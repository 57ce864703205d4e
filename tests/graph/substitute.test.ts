import { expect, test } from 'vitest';
import { grad } from '../../bindings/autodiff/grad.js';
import * as G from '../../bindings/graph/index.js';
import type { Node } from '../../bindings/graph/index.js';

test('substituting weights equals building the model on the other weights', () => {
  const g = new G.Graph();
  const x = G.param(g, [3, 2]), w = G.param(g, [2, 2]), ema = G.state(g, [2, 2]);
  const model = (weights: Node) => G.sum(G.tanh(G.matmul(x, weights)), 1);
  const y = model(w);
  const [ySub] = G.substitute([y], new Map([[w, ema]]));
  const direct = model(ema);
  const leaves = new Map<Node, number[]>([[x, [1, 2, 3, 4, 5, 6]], [w, [0.1, 0.2, 0.3, 0.4]], [ema, [-0.5, 0.25, 1, -1]]]);
  expect(Array.from(G.evaluate([ySub], leaves)[0])).toEqual(Array.from(G.evaluate([direct], leaves)[0]));
  expect(Array.from(G.evaluate([y], leaves)[0])).not.toEqual(Array.from(G.evaluate([ySub], leaves)[0]));
});

test('nodes that do not depend on a replaced node are shared, and gradients flow through the copy', () => {
  const g = new G.Graph();
  const x = G.param(g, [2, 2]), w = G.param(g, [2, 2]), v = G.param(g, [2, 2]);
  const shared = G.exp(x);
  const y = G.sum(G.mul(shared, w));
  const before = g.nodes.length;
  const [z] = G.substitute([y], new Map([[w, v]]));
  expect(z.inputs[0].inputs[0]).toBe(shared); // exp(x) reused
  expect(g.nodes.length - before).toBe(2); // only mul and sum rebuilt
  const [dv] = grad(z, [v]);
  const leaves = new Map<Node, number[]>([[x, [0, 1, 2, 3]], [w, [1, 1, 1, 1]], [v, [2, 2, 2, 2]]]);
  expect(Array.from(G.evaluate([dv], leaves)[0])).toEqual([0, 1, 2, 3].map(Math.exp));
});

test('a substituted gradient is a gradient at the other point (extragradient’s second evaluation)', () => {
  const g = new G.Graph();
  const p = G.param(g, [1, 1]), q = G.state(g, [1, 1]);
  const loss = G.sum(G.pow(p, 4));
  const [dp] = grad(loss, [p]);
  const [dq] = G.substitute([dp], new Map([[p, q]]));
  const [value] = G.evaluate([dq], new Map<Node, number[]>([[p, [1]], [q, [2]]]));
  expect(value[0]).toBe(4 * 8); // 4q³ at q = 2
});

test('replacements must keep shape, dtype and graph', () => {
  const g = new G.Graph();
  const a = G.param(g, [2, 2]), b = G.param(g, [2, 3]);
  expect(() => G.substitute([G.exp(a)], new Map([[a, b]]))).toThrow(/a replacement of Parameter#0\[2×2\]'s shape/);
  expect(() => G.substitute([G.exp(a)], new Map([[a, G.param(new G.Graph(), [2, 2])]]))).toThrow(/one graph/);
});
