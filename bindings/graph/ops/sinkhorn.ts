// The Sinkhorn loss as graph ops (Sinkhorn GAN: Genevay, Peyré & Cuturi 2018; Feydy et al.
// 2019). Two ops:
//   SinkhornSolve [x, y] -> [1, K]: one executor instruction (EXEC_SINKHORN) that runs the
//     whole solve and writes [value, ∂value/∂x, ∂value/∂y, f64 workspace]; not differentiable.
//   SinkhornValue [solve, x, y] -> [1, 1]: reads the value; its VJP is dy times the envelope
//     gradients read from the solve node, so first derivatives need no second solve.
// A second derivative would differentiate through SinkhornSolve, whose VJP throws: the
// Sinkhorn loss is first-order only (the envelope gradient is not itself differentiated).

import { SaddleArgumentError, SaddleError } from '../../errors.js';
import type { Node } from '../node.js';
import { apply, defineOp, requireF32, shapeError } from '../op.js';
import { mul } from './elementwise.js';
import { reshape, slice } from './structural.js';
import * as OP from '../../wasm/opcodes.js';
import { checkEps } from '../../metrics/sinkhorn.js';

export type SinkhornLossCost = 'sqeuclidean' | 'half_sqeuclidean' | 'euclidean';

export interface SinkhornLossOptions {
  /** Entropic regularization ε > 0 in cost units. */
  eps: number;
  /** Default 'sqeuclidean' (‖x−y‖²). */
  cost?: SinkhornLossCost;
  /** S_ε (true, the default) or the biased OT_ε (false). */
  debiased?: boolean;
  /** Default 0.5 (see sinkhorn()). */
  scaling?: number;
  /** Default 1e-6. */
  tol?: number;
  /** Default 1000. */
  maxIterations?: number;
  /** Reach of the unbalanced KL penalty; Infinity (default) for balanced OT. */
  rho?: number;
}

interface SolveAttrs extends Record<string, unknown> {
  kind: number; debiased: boolean; eps: number; tol: number; scaling: number; maxIterations: number; rho: number;
  /** f32 entries of the output (from sinkhorn_loss_floats, computed in TS below). */
  floats: number;
}

const KINDS: Record<SinkhornLossCost, number> = { sqeuclidean: 0, half_sqeuclidean: 1, euclidean: 2 };

/** Mirror of sinkhorn_loss_floats in assembly/solvers/sinkhorn.ts (checked by a test). */
export function sinkhornLossFloats(n: number, m: number, d: number): number {
  const even = (k: number) => k + (k & 1);
  const header = Math.ceil((4 * (1 + n * d + m * d)) / 16) * 16;
  const f64s = 2 * n * d + 2 * m * d + 4 * n + 4 * m + 58 + 10;
  let mat = 2 * n * m;
  mat = Math.max(mat, n * n, m * m);
  const big = Math.max(n, m);
  const scratch = 8 * (even(mat) + even(n) + even(m) + 6 * even(big));
  return (header + 8 * even(f64s) + scratch) / 4;
}

export const SINKHORN_SOLVE = defineOp<SolveAttrs>({
  name: 'SinkhornSolve',
  shape: (inputs, a) => {
    requireF32('SinkhornSolve', inputs);
    const [x, y] = inputs;
    if (x.cols !== y.cols) throw shapeError('SinkhornSolve', [x, y], 'x and y must have the same number of columns (dimension)');
    if (x.rows === 0 || y.rows === 0 || x.cols === 0) throw shapeError('SinkhornSolve', [x, y], 'point clouds must be non-empty');
    return [1, a.floats];
  },
  ref: ([x, y], node) => {
    const [xs, ys] = node.inputs;
    const r = referenceLoss(x, y, xs.rows, ys.rows, xs.cols, node.attrs);
    const out = new Float64Array(node.attrs.floats);
    out[0] = r.value;
    out.set(r.gx, 1);
    out.set(r.gy, 1 + r.gx.length);
    return out;
  },
  vjp: () => {
    throw new SaddleError('E_NOT_DIFFERENTIABLE',
      'sinkhornLoss: second derivatives are not supported (its gradient comes from the Sinkhorn potentials by the envelope theorem and is first-order only)');
  },
  // the whole solve is one instruction; f64 operands as (low, high) words
  lower: (node, { emitter, addr }) => {
    const [x, y] = node.inputs;
    const a = node.attrs;
    const words = new Int32Array(Float64Array.of(a.eps, a.tol, a.scaling, a.rho).buffer);
    emitter.emit(OP.EXEC_SINKHORN, a.kind, a.debiased ? 1 : 0, addr(x), addr(y), x.rows, y.rows, x.cols, a.maxIterations,
      ...words, addr(node));
  },
});

export const SINKHORN_VALUE = defineOp({
  name: 'SinkhornValue',
  shape: (inputs) => {
    if (inputs[0].op !== SINKHORN_SOLVE) throw shapeError('SinkhornValue', inputs, 'input 0 must be a SinkhornSolve node');
    return [1, 1];
  },
  ref: ([s]) => Float64Array.of(s[0]),
  vjp: (dy, node) => {
    const [solve, x, y] = node.inputs;
    const nd = x.size, md = y.size;
    const gx = reshape(slice(solve, 1, 1, 1 + nd), x.shape);
    const gy = reshape(slice(solve, 1, 1 + nd, 1 + nd + md), y.shape);
    return [null, mul(gx, dy), mul(gy, dy)];
  },
  lower: (node, { emitter, addr }) => emitter.emit(OP.EXEC_COPY, addr(node.inputs[0]), addr(node), 1),
});

/**
 * The Sinkhorn loss between the uniform point clouds x (n×d) and y (m×d) as a graph node
 * [1, 1]: the debiased divergence S_ε = OT_ε(x, y) − ½OT_ε(x, x) − ½OT_ε(y, y) (default)
 * or OT_ε(x, y) = ⟨a, f⟩ + ⟨b, g⟩ (debiased: false), with OT_ε as in metrics.sinkhorn().
 * The forward pass runs the whole log-domain solve (ε-scaling, f64 potentials) inside the
 * compiled program; the gradient with respect to x and y is Σ_j P_ij ∇c(x_i, y_j) (minus
 * the self terms when debiased), from the potentials (envelope theorem).
 *
 * First-order only: grad() of the loss works; differentiating that gradient again (R1-style
 * penalties through this loss, hvp, jvp) throws a SaddleError 'E_NOT_DIFFERENTIABLE'.
 * The solve stops at maxIterations without raising (check convergence offline with
 * metrics.sinkhorn()).
 *
 * @example
 * const g = new graph.Graph();
 * const x = graph.param(g, [64, 2], { kind: 'normal', std: 1 });
 * const y = graph.input(g, [64, 2], 'data');
 * const loss = metrics.sinkhornLoss(x, y, { eps: 0.01 });
 * const [dx] = grad(loss, [x]);
 */
export function sinkhornLoss(x: Node, y: Node, options: SinkhornLossOptions): Node {
  const fn = 'sinkhornLoss';
  if (options === null || typeof options !== 'object') throw new SaddleArgumentError(fn, 'options', 'an object { eps, ... }', options);
  const eps = checkEps(fn, options.eps);
  const cost = options.cost ?? 'sqeuclidean';
  if (typeof cost !== 'string' || !Object.hasOwn(KINDS, cost)) {
    throw new SaddleArgumentError(fn, 'cost', "'sqeuclidean', 'half_sqeuclidean' or 'euclidean'", cost);
  }
  const debiased = options.debiased ?? true;
  if (typeof debiased !== 'boolean') throw new SaddleArgumentError(fn, 'debiased', 'true or false', debiased);
  const scaling = options.scaling ?? 0.5;
  if (typeof scaling !== 'number' || !(scaling > 0 && scaling <= 1)) throw new SaddleArgumentError(fn, 'scaling', 'a number in (0, 1]', scaling);
  const tol = options.tol ?? 1e-6;
  if (typeof tol !== 'number' || !(tol >= 0) || !Number.isFinite(tol)) throw new SaddleArgumentError(fn, 'tol', 'a finite number >= 0', tol);
  const maxIterations = options.maxIterations ?? 1000;
  if (typeof maxIterations !== 'number' || !Number.isInteger(maxIterations) || maxIterations < 0 || maxIterations > 0x7fffffff) {
    throw new SaddleArgumentError(fn, 'maxIterations', 'an integer >= 0', maxIterations);
  }
  const rho = options.rho ?? Infinity;
  if (typeof rho !== 'number' || !(rho > 0)) throw new SaddleArgumentError(fn, 'rho', 'a number > 0 (Infinity for balanced OT)', rho);
  if (!x || typeof x !== 'object' || !('op' in x)) throw new SaddleArgumentError(fn, 'x', 'a graph node', x);
  if (!y || typeof y !== 'object' || !('op' in y)) throw new SaddleArgumentError(fn, 'y', 'a graph node', y);
  const floats = sinkhornLossFloats(x.rows, y.rows, x.cols);
  if (4 * floats > 0x7fff0000) {
    throw new SaddleArgumentError(fn, 'x', 'clouds whose f64 cost matrices fit in 2 GiB', `${x.rows} and ${y.rows} points`);
  }
  const solve = apply(SINKHORN_SOLVE, [x, y], {
    kind: KINDS[cost], debiased, eps, tol, scaling, maxIterations, rho, floats,
  });
  return apply(SINKHORN_VALUE, [solve, x, y], {});
}

// ---- f64 reference (graph evaluation and tests): the same algorithm as the WASM solver ----

function costMatrix(kind: number, x: Float64Array, y: Float64Array, n: number, m: number, d: number): Float64Array {
  const c = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) { const t = x[i * d + k] - y[j * d + k]; s += t * t; }
      c[i * m + j] = kind === 0 ? s : kind === 1 ? 0.5 * s : Math.sqrt(s);
    }
  }
  return c;
}

/** out_i = −λε log Σ_j w_j exp((pot_j − C_ij)/ε) over the rows of C (n×m). */
function softmin(c: Float64Array, n: number, m: number, w: number, pot: Float64Array, eps: number, lam: number, out: Float64Array): void {
  const lw = Math.log(w);
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let j = 0; j < m; j++) mx = Math.max(mx, lw + (pot[j] - c[i * m + j]) / eps);
    let s = 0;
    for (let j = 0; j < m; j++) s += Math.exp(lw + (pot[j] - c[i * m + j]) / eps - mx);
    out[i] = -eps * (mx + Math.log(s)) * lam;
  }
}

function transpose(c: Float64Array, n: number, m: number): Float64Array {
  const t = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) t[j * n + i] = c[i * m + j];
  return t;
}

interface Solved { f: Float64Array; g: Float64Array; c: Float64Array; value: number }

function solveRef(c: Float64Array, n: number, m: number, self: boolean, a: SolveAttrs): Solved {
  const ct = self ? c : transpose(c, n, m);
  let cmax = 0;
  for (const v of c) cmax = Math.max(cmax, v);
  const damp = (e: number) => (a.rho === Infinity ? 1 : a.rho / (a.rho + e));
  const f = new Float64Array(n), g = self ? f : new Float64Array(m), tmp = new Float64Array(Math.max(n, m));
  const err = (ft: Float64Array, e: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(Math.exp(Math.min((f[i] - ft[i]) / e, 709)) - 1) / n;
    return s;
  };
  /** Applies the update whose row half `tmp` holds. */
  const apply = (e: number, lam: number) => {
    if (self) { for (let i = 0; i < n; i++) f[i] = 0.5 * (f[i] + tmp[i]); return; }
    f.set(tmp.subarray(0, n));
    softmin(ct, m, n, 1 / n, f, e, lam, g);
  };
  let iters = 0;
  let e = cmax > a.eps && a.scaling < 1 ? cmax : a.eps;
  while (e > a.eps && iters < a.maxIterations) {
    softmin(c, n, m, 1 / m, g, e, damp(e), tmp);
    apply(e, damp(e));
    iters++;
    e = Math.max(a.eps, e * a.scaling);
  }
  for (;;) {
    softmin(c, n, m, 1 / m, g, a.eps, damp(a.eps), tmp);
    if (err(tmp, a.eps) <= a.tol || iters >= a.maxIterations) break;
    apply(a.eps, damp(a.eps));
    iters++;
  }
  let value: number;
  if (a.rho === Infinity) {
    value = (f.reduce((s, v) => s + v, 0)) / n + (g.reduce((s, v) => s + v, 0)) / m;
  } else {
    let mass = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) mass += Math.exp((f[i] + g[j] - c[i * m + j]) / a.eps) / (n * m);
    let u = 0;
    for (let i = 0; i < n; i++) u += -a.rho * Math.expm1(-f[i] / a.rho) / n;
    for (let j = 0; j < m; j++) u += -a.rho * Math.expm1(-g[j] / a.rho) / m;
    value = u - a.eps * (mass - 1);
  }
  return { f, g, c, value };
}

/** Adds scale · Σ_j P_ij ∇_x c(x_i, y_j) to out (n×d). */
function gradRef(kind: number, x: Float64Array, y: Float64Array, n: number, m: number, d: number, s: Solved, eps: number, scale: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const cij = s.c[i * m + j];
      const p = Math.exp((s.f[i] + s.g[j] - cij) / eps) / (n * m);
      const w = kind === 0 ? 2 * p : kind === 1 ? p : cij > 0 ? p / cij : 0;
      for (let k = 0; k < d; k++) out[i * d + k] += scale * w * (x[i * d + k] - y[j * d + k]);
    }
  }
}

function referenceLoss(x: Float64Array, y: Float64Array, n: number, m: number, d: number, a: SolveAttrs) {
  const cross = solveRef(costMatrix(a.kind, x, y, n, m, d), n, m, false, a);
  const gx = new Float64Array(n * d), gy = new Float64Array(m * d);
  gradRef(a.kind, x, y, n, m, d, cross, a.eps, 1, gx);
  const crossT: Solved = { f: cross.g, g: cross.f, c: transpose(cross.c, n, m), value: cross.value };
  gradRef(a.kind, y, x, m, n, d, crossT, a.eps, 1, gy);
  let value = cross.value;
  if (a.debiased) {
    const sx = solveRef(costMatrix(a.kind, x, x, n, n, d), n, n, true, a);
    const sy = solveRef(costMatrix(a.kind, y, y, m, m, d), m, m, true, a);
    gradRef(a.kind, x, x, n, n, d, sx, a.eps, -1, gx);
    gradRef(a.kind, y, y, m, m, d, sy, a.eps, -1, gy);
    value -= 0.5 * sx.value + 0.5 * sy.value;
  }
  return { value, gx, gy };
}
