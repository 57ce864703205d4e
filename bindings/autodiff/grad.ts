// Reverse-mode autodiff as a graph transformation. Each op's VJP is written in graph ops,
// so a gradient is an ordinary graph: it can be compiled, and differentiated again
// (gradient penalties such as R1/R2, WGAN-GP, DRAGAN and consensus optimization need
// the gradient of a gradient norm).

import { SaddleArgumentError } from '../errors.js';
import type { Node } from '../graph/node.js';
import { topoOrder } from '../graph/topo.js';
import { add, mul } from '../graph/ops/elementwise.js';
import { constant, zeros } from '../graph/ops/leaves.js';
import { sum } from '../graph/ops/reduce.js';

function checkNodes(fn: string, name: string, nodes: unknown, graph?: Node['graph']): Node[] {
  if (!Array.isArray(nodes)) throw new SaddleArgumentError(fn, name, 'an array of graph nodes', nodes);
  nodes.forEach((x, i) => {
    if (!x || typeof x !== 'object' || !('op' in x)) throw new SaddleArgumentError(fn, `${name}[${i}]`, 'a graph node', x);
    if (graph && (x as Node).graph !== graph) throw new SaddleArgumentError(fn, `${name}[${i}]`, 'a node of the same graph as y', `${x}`);
  });
  return nodes as Node[];
}

/**
 * Vector-Jacobian product: for each x in xs, (∂y/∂x)ᵀ·dy, as graph nodes of x's shape.
 * dy has y's shape. Inputs y does not depend on get zeros.
 */
export function vjp(y: Node, xs: readonly Node[], dy: Node): Node[] {
  const targets = checkNodes('vjp', 'xs', xs, y.graph);
  if (dy.shape[0] !== y.shape[0] || dy.shape[1] !== y.shape[1]) {
    throw new SaddleArgumentError('vjp', 'dy', `a node of y's shape [${y.shape.join(', ')}]`, `[${dy.shape.join(', ')}]`);
  }
  const order = topoOrder([y]);
  // only nodes on a path from some x to y carry a cotangent
  const wanted = new Set<Node>(targets);
  const onPath = new Set<Node>();
  for (const node of order) if (wanted.has(node) || node.inputs.some((x) => onPath.has(x))) onPath.add(node);
  const cotangent = new Map<Node, Node>();
  if (onPath.has(y)) cotangent.set(y, dy);
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k];
    const ct = cotangent.get(node);
    if (!ct || !node.op.vjp || node.inputs.length === 0) continue;
    const grads = node.op.vjp(ct, node as never);
    node.inputs.forEach((input, i) => {
      const g = grads[i];
      if (!g || !onPath.has(input) || input.dtype !== 'f32') return;
      const prev = cotangent.get(input);
      cotangent.set(input, prev ? add(prev, g) : g);
    });
  }
  return targets.map((x) => cotangent.get(x) ?? zeros(y.graph, x.shape));
}

/** ∂y/∂x for each x, for a scalar y ([1, 1]). */
export function grad(y: Node, xs: readonly Node[]): Node[] {
  if (y.shape[0] !== 1 || y.shape[1] !== 1) {
    throw new SaddleArgumentError('grad', 'y', 'a scalar node [1, 1] (use vjp for other shapes)', `[${y.shape.join(', ')}]`);
  }
  return vjp(y, xs, constant(y.graph, [1], [1, 1]));
}

/** ⟨a, b⟩ summed over all entries of every pair. */
function dot(as: readonly Node[], bs: readonly Node[]): Node {
  return as.map((a, i) => sum(mul(a, bs[i]), 'all')).reduce((s, t) => add(s, t));
}

function checkTangents(fn: string, xs: readonly Node[], vs: readonly Node[]): void {
  if (vs.length !== xs.length) throw new SaddleArgumentError(fn, 'vs', `${xs.length} tangents, one per x`, `${vs.length}`);
  vs.forEach((v, i) => {
    if (v.shape[0] !== xs[i].shape[0] || v.shape[1] !== xs[i].shape[1]) {
      throw new SaddleArgumentError(fn, `vs[${i}]`, `the shape of xs[${i}] [${xs[i].shape.join(', ')}]`, `[${v.shape.join(', ')}]`);
    }
  });
}

/**
 * Jacobian-vector product Σᵢ (∂y/∂xᵢ)·vᵢ, of y's shape. Forward mode by the transpose
 * trick: u ↦ Jᵀu is linear, so J·v = ∂⟨Jᵀu, v⟩/∂u for any u (here u = 0).
 */
export function jvp(y: Node, xs: readonly Node[], vs: readonly Node[]): Node {
  checkNodes('jvp', 'vs', vs, y.graph);
  checkTangents('jvp', xs, vs);
  const u = zeros(y.graph, y.shape);
  const jtu = vjp(y, xs, u);
  return vjp(dot(jtu, vs), [u], constant(y.graph, [1], [1, 1]))[0];
}

/** Hessian-vector product: ∂/∂x ⟨∇y, v⟩ for a scalar y, one node per x. */
export function hvp(y: Node, xs: readonly Node[], vs: readonly Node[]): Node[] {
  checkNodes('hvp', 'vs', vs, y.graph);
  checkTangents('hvp', xs, vs);
  return grad(dot(grad(y, xs), vs), xs);
}
