// Every op of the table: gradient by autodiff vs central finite differences, and the
// second-order check (the gradient of the squared gradient norm vs finite differences
// of that norm), all through the f64 reference evaluation. Seeds print on failure.
import { describe, expect, test } from 'vitest';
import { grad } from '../../bindings/autodiff/grad.js';
import * as G from '../../bindings/graph/index.js';
import type { Node } from '../../bindings/graph/index.js';
import { mulberry32, seedOf } from '../helpers/random.js';
import { OP_TABLE, type OpRow } from './op-table.js';

interface Built { y: Node; xs: Node[]; leaves: Map<Node, ArrayLike<number>>; values: Float64Array[]; loss: Node }

/** Builds the row on parameter leaves with seeded values; loss = Σ w ⊙ y with fixed random w. */
function build(row: OpRow, seed: number): Built {
  const g = new G.Graph();
  const next = mulberry32(seed);
  const xs = row.inputs.map((shape) => G.param(g, shape));
  const leaves = new Map<Node, ArrayLike<number>>();
  const values = xs.map((x, k) => {
    const [lo, hi] = row.ranges?.[k] ?? [-1.5, 1.5];
    const v = new Float64Array(x.size);
    for (let i = 0; i < v.length; i++) {
      let r = lo + (hi - lo) * next();
      // away from kinks at 0 and from each other (ties): a grid with random jitter
      if (row.avoidKinks) r = Math.sign(r - (lo + hi) / 2 || 1) * (0.1 + Math.abs(r)) + 0.013 * i;
      v[i] = Math.fround(r);
    }
    leaves.set(x, v);
    return v;
  });
  let idx: Node | undefined;
  if (row.indices) {
    idx = G.randomIndices(g, row.indices.n, row.indices.values.length, 0);
    leaves.set(idx, row.indices.values);
  }
  const y = row.build(xs, idx);
  const w = G.constant(g, Array.from({ length: y.size }, () => next() * 2 - 1), y.shape);
  const loss = G.sum(G.mul(w, y), 'all');
  return { y, xs, leaves, values, loss };
}

function evalScalar(node: Node, leaves: Map<Node, ArrayLike<number>>): number {
  return G.evaluate([node], leaves)[0][0];
}

/** Central differences of f at each entry of each x. */
function finiteDifferences(f: () => number, values: Float64Array[]): Float64Array[] {
  return values.map((v) => {
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x0 = v[i], h = 1e-5 * Math.max(1, Math.abs(x0));
      v[i] = x0 + h; const fp = f();
      v[i] = x0 - h; const fm = f();
      v[i] = x0;
      out[i] = (fp - fm) / (2 * h);
    }
    return out;
  });
}

function expectClose(got: Float64Array[], want: Float64Array[], label: string, seed: number): void {
  got.forEach((g, k) => {
    for (let i = 0; i < g.length; i++) {
      const tol = 1e-6 * Math.max(1, Math.abs(want[k][i]));
      if (!(Math.abs(g[i] - want[k][i]) <= tol)) {
        expect.fail(`${label}: input ${k} entry ${i}: autodiff ${g[i]}, finite differences ${want[k][i]} (seed ${seed})`);
      }
    }
  });
}

describe('graph ops: autodiff vs finite differences (f64 reference)', () => {
  for (const row of OP_TABLE) {
    test(row.name, () => {
      const seed = seedOf('op', row.name);
      const { xs, leaves, values, loss } = build(row, seed);
      // leaves map holds the very arrays finiteDifferences perturbs
      values.forEach((v, k) => leaves.set(xs[k], v));
      const grads = grad(loss, xs);
      expectClose(G.evaluate(grads, leaves), finiteDifferences(() => evalScalar(loss, leaves), values), `${row.name} first order`, seed);
      // second order: ∇ (Σ‖∇loss‖²)
      const norm = grads.map((d) => G.sum(G.square(d), 'all')).reduce((a, b) => G.add(a, b));
      const grads2 = grad(norm, xs);
      expectClose(G.evaluate(grads2, leaves), finiteDifferences(() => evalScalar(norm, leaves), values), `${row.name} second order`, seed);
    });
  }
});
