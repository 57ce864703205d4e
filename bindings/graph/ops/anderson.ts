// AndersonMix: one type-II Anderson step as a graph op (lowered to EXEC_ANDERSON, kernel
// assembly/kernels/anderson.ts). Inputs: x [1, n] (the current point x_k), tx [1, n]
// (T(x_k)), history [1, S] (the state, S = andersonStateSize(n, p)). Output [1, n + S]:
// x_{k+1} followed by the advanced history. Pure: the history input is only read; the
// caller assigns the output's tail back to the history state. No gradient flows through it.

import { SaddleArgumentError } from '../../errors.js';
import type { Node } from '../node.js';
import { apply, defineOp, requireF32, shapeError } from '../op.js';
import * as OP from '../../wasm/opcodes.js';

export const ANDERSON_META = 8;
export const ANDERSON_MAX_WINDOW = 32;

/** f32 words of history for vectors of n and a window of p (kernels/anderson.ts layout). */
export function andersonStateSize(n: number, p: number): number { return ANDERSON_META + 2 * n + 2 * p * n; }

export interface AndersonMixAttrs extends Record<string, unknown> {
  n: number;
  p: number;
  lambda: number;
  beta: number;
  /** ANDERSON_RESTART_* */
  restart: number;
  growth: number;
}

const f32 = Math.fround;

/** Cholesky solve of (G + λI)γ = b (m×m); null when a pivot is not positive. */
function solve(g: Float64Array, b: Float64Array, m: number, lambda: number): Float64Array | null {
  const l = new Float64Array(m * m), y = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let d = g[j * m + j] + lambda;
    for (let k = 0; k < j; k++) d -= l[j * m + k] ** 2;
    if (!(d > 0)) return null;
    l[j * m + j] = Math.sqrt(d);
    for (let i = j + 1; i < m; i++) {
      let s = g[i * m + j];
      for (let k = 0; k < j; k++) s -= l[i * m + k] * l[j * m + k];
      l[i * m + j] = s / l[j * m + j];
    }
  }
  for (let i = 0; i < m; i++) { let s = b[i]; for (let k = 0; k < i; k++) s -= l[i * m + k] * y[k]; y[i] = s / l[i * m + i]; }
  for (let i = m - 1; i >= 0; i--) { let s = y[i]; for (let k = i + 1; k < m; k++) s -= l[k * m + i] * y[k]; y[i] = s / l[i * m + i]; }
  return y;
}

/** The f64 reference of one step (same algorithm as the kernel; the state is stored as f32 there). */
function andersonRef([x, tx, state]: readonly Float64Array[], node: Node & { attrs: AndersonMixAttrs }): Float64Array {
  const { n, p, lambda, beta, restart, growth } = node.attrs;
  const out = new Float64Array(n + andersonStateSize(n, p));
  const s = out.subarray(n);
  s.set(state);
  let count = s[0], head = s[1], restarts = s[4];
  const xPrev = s.subarray(8, 8 + n), fPrev = s.subarray(8 + n, 8 + 2 * n);
  const col = (which: 0 | 1, j: number) => s.subarray(8 + 2 * n + (which * p + j) * n, 8 + 2 * n + (which * p + j + 1) * n);
  const f = new Float64Array(n);
  let res2 = 0;
  for (let i = 0; i < n; i++) { f[i] = tx[i] - x[i]; res2 += f[i] * f[i]; }
  if (s[2] !== 0) {
    if (restart === 2 && res2 > growth * growth * s[3]) { count = 0; head = 0; restarts++; } else {
      if (restart === 1 && count === p) { count = 0; head = 0; restarts++; }
      const dx = col(0, head), df = col(1, head);
      for (let i = 0; i < n; i++) { dx[i] = x[i] - xPrev[i]; df[i] = f[i] - fPrev[i]; }
      head = (head + 1) % p;
      count = Math.min(count + 1, p);
    }
  }
  let m = count;
  let gamma: Float64Array | null = null;
  if (m > 0) {
    const g = new Float64Array(m * m), b = new Float64Array(m);
    let trace = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) { let d = 0; const ci = col(1, i), cj = col(1, j); for (let k = 0; k < n; k++) d += ci[k] * cj[k]; g[i * m + j] = d; }
      trace += g[i * m + i];
      let d = 0; const ci = col(1, i); for (let k = 0; k < n; k++) d += ci[k] * f[k]; b[i] = d;
    }
    gamma = trace > 0 ? solve(g, b, m, lambda * trace / m) : null;
    if (!gamma) { count = 0; head = 0; restarts++; m = 0; }
  }
  for (let i = 0; i < n; i++) {
    let v = x[i] + beta * f[i];
    for (let j = 0; j < m; j++) v -= gamma![j] * (col(0, j)[i] + beta * col(1, j)[i]);
    out[i] = v;
  }
  xPrev.set(x);
  fPrev.set(f);
  s[0] = count; s[1] = head; s[2] = 1; s[3] = f32(res2); s[4] = restarts;
  return out;
}

export const ANDERSON_MIX = defineOp<AndersonMixAttrs>({
  name: 'AndersonMix',
  shape: (inputs, a) => {
    const [x, tx, history] = inputs;
    if (inputs.length !== 3) throw new SaddleArgumentError('andersonMix', 'inputs', '3 nodes (x, tx, history)', inputs.length);
    const size = andersonStateSize(a.n, a.p);
    if (x.rows !== 1 || x.cols !== a.n || tx.rows !== 1 || tx.cols !== a.n || history.rows !== 1 || history.cols !== size) {
      throw shapeError('AndersonMix', inputs, `x and tx must be [1, ${a.n}] and the history [1, ${size}]`);
    }
    return [1, a.n + size];
  },
  ref: andersonRef,
  lower: (node, { emitter, addr }) => {
    const [x, tx, history] = node.inputs;
    const a = node.attrs;
    emitter.emit(OP.EXEC_ANDERSON, addr(x), addr(tx), addr(history), addr(node), a.n, a.p, { f32: a.lambda }, { f32: a.beta }, a.restart,
      { f32: a.growth });
  },
});

/** x_{k+1} and the advanced history from x_k, T(x_k) and the history (see the file comment). */
export function andersonMix(x: Node, tx: Node, history: Node, attrs: AndersonMixAttrs): Node {
  requireF32('andersonMix', [x, tx, history]);
  if (!Number.isInteger(attrs.p) || attrs.p < 1 || attrs.p > ANDERSON_MAX_WINDOW) {
    throw new SaddleArgumentError('andersonMix', 'p', `an integer in [1, ${ANDERSON_MAX_WINDOW}]`, attrs.p);
  }
  return apply(ANDERSON_MIX, [x, tx, history], { ...attrs });
}
