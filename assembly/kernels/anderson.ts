// Anderson mixing (type II; Anderson 1965, Walker & Ni 2011) for a fixed-point map T on
// f32 vectors, with its history in one f32 state buffer, as GDA-AM uses it (He, Li,
// Sra & Wang 2022, "GDA-AM: On the effectiveness of solving minimax optimization via
// Anderson mixing"). With residuals f_k = T(x_k) − x_k and the last m ≤ p differences
//   ΔX = [x_{i+1} − x_i], ΔF = [f_{i+1} − f_i]   (columns, n × m),
// one step solves the Tikhonov-regularized least squares
//   γ = argmin ‖f_k − ΔF γ‖² + λ̃‖γ‖²,   λ̃ = λ·tr(ΔFᵀΔF)/m   (scale-free λ)
// by the normal equations (ΔFᵀΔF + λ̃I)γ = ΔFᵀf_k with a Cholesky factorization in f64, and
//   x_{k+1} = x_k + β f_k − (ΔX + β ΔF) γ      (β = 1: x_{k+1} = T(x_k) − ΔG γ).
//
// State layout (f32, anderson_state_size(n, p) words):
//   [0..8)    meta: count m, ring head, has-previous flag, ‖f_{k−1}‖², restarts, 0, 0, 0
//   [8..8+n)  x_{k−1};   then f_{k−1} (n);   then ΔX (p columns of n);   then ΔF (p × n).
// Restart policies: RESTART_NONE keeps a sliding window of the last p differences;
// RESTART_WINDOW clears the history when a difference arrives with the window full (the
// "restarted" Anderson of Walker & Ni §5); RESTART_RESIDUAL clears it when the residual
// grows, ‖f_k‖ > growth·‖f_{k−1}‖, and otherwise slides. A failed Cholesky factorization
// (ΔF rank-deficient with λ = 0) also clears it; that step is the plain step x + βf.

import { reserveStatic } from "../mem";
import { ANDERSON_RESTART_NONE, ANDERSON_RESTART_WINDOW, ANDERSON_RESTART_RESIDUAL } from "../opcodes";

export const ANDERSON_MAX_WINDOW: i32 = 32;
const META: i32 = 8;
const GRAM: usize = reserveStatic(ANDERSON_MAX_WINDOW * ANDERSON_MAX_WINDOW * 8, 16);
const RHS: usize = reserveStatic(ANDERSON_MAX_WINDOW * 8, 16);

/** Words of f32 state for vectors of n and a window of p. */
export function anderson_state_size(n: i32, p: i32): i32 { return META + 2 * n + 2 * p * n; }

/**
 * Solves (G + λI)γ = b for a symmetric positive (semi)definite m×m row-major f64 G by
 * Cholesky (G is overwritten by its factor L in the lower triangle, b by γ). Returns 0,
 * or k + 1 when the k-th pivot is not positive (γ then undefined).
 */
export function anderson_solve_f64(g: usize, b: usize, m: i32, lambda: f64): i32 {
  for (let j = 0; j < m; j++) {
    let d = load<f64>(g + ((<usize>(j * m + j)) << 3)) + lambda;
    for (let k = 0; k < j; k++) { const l = load<f64>(g + ((<usize>(j * m + k)) << 3)); d -= l * l; }
    if (!(d > 0)) return j + 1;
    const ljj = Math.sqrt(d);
    store<f64>(g + ((<usize>(j * m + j)) << 3), ljj);
    for (let i = j + 1; i < m; i++) {
      let s = load<f64>(g + ((<usize>(i * m + j)) << 3));
      for (let k = 0; k < j; k++) s -= load<f64>(g + ((<usize>(i * m + k)) << 3)) * load<f64>(g + ((<usize>(j * m + k)) << 3));
      store<f64>(g + ((<usize>(i * m + j)) << 3), s / ljj);
    }
  }
  // L y = b, then Lᵀ γ = y
  for (let i = 0; i < m; i++) {
    let s = load<f64>(b + (<usize>i << 3));
    for (let k = 0; k < i; k++) s -= load<f64>(g + ((<usize>(i * m + k)) << 3)) * load<f64>(b + (<usize>k << 3));
    store<f64>(b + (<usize>i << 3), s / load<f64>(g + ((<usize>(i * m + i)) << 3)));
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = load<f64>(b + (<usize>i << 3));
    for (let k = i + 1; k < m; k++) s -= load<f64>(g + ((<usize>(k * m + i)) << 3)) * load<f64>(b + (<usize>k << 3));
    store<f64>(b + (<usize>i << 3), s / load<f64>(g + ((<usize>(i * m + i)) << 3)));
  }
  return 0;
}

/** Σ a_i b_i over n f32 values, accumulated in f64. */
function dot(a: usize, b: usize, n: i32): f64 {
  let acc0 = f64x2.splat(0), acc1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const va = v128.load(a + (<usize>i << 2)), vb = v128.load(b + (<usize>i << 2));
    acc0 = f64x2.add(acc0, f64x2.mul(f64x2.promote_low_f32x4(va), f64x2.promote_low_f32x4(vb)));
    const ha = v128.shuffle<u32>(va, va, 2, 3, 2, 3), hb = v128.shuffle<u32>(vb, vb, 2, 3, 2, 3);
    acc1 = f64x2.add(acc1, f64x2.mul(f64x2.promote_low_f32x4(ha), f64x2.promote_low_f32x4(hb)));
  }
  let s = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1) + f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1);
  for (; i < n; i++) s += <f64>load<f32>(a + (<usize>i << 2)) * <f64>load<f32>(b + (<usize>i << 2));
  return s;
}

/** out = a − b over n f32 values. */
function diff(a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    v128.store(out + (<usize>i << 2), f32x4.sub(v128.load(a + (<usize>i << 2)), v128.load(b + (<usize>i << 2))));
  }
  for (; i < n; i++) store<f32>(out + (<usize>i << 2), load<f32>(a + (<usize>i << 2)) - load<f32>(b + (<usize>i << 2)));
}

/** y −= c·x over n f32 values. */
function subScaled(y: usize, c: f32, x: usize, n: i32): void {
  const vc = f32x4.splat(c);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = y + (<usize>i << 2);
    v128.store(p, f32x4.sub(v128.load(p), f32x4.mul(vc, v128.load(x + (<usize>i << 2)))));
  }
  for (; i < n; i++) { const p = y + (<usize>i << 2); store<f32>(p, load<f32>(p) - c * load<f32>(x + (<usize>i << 2))); }
}

/**
 * One Anderson step for x = x_k (n f32) and tx = T(x_k): writes x_{k+1} to out[0..n) and the
 * advanced state to out[n..n + anderson_state_size(n, p)) (the state at `state` is only
 * read). restart = ANDERSON_RESTART_*. Returns the window size m used this step (0: plain
 * step), or -1 for p outside [1, 32].
 */
export function anderson_step_f32(
  x: usize, tx: usize, state: usize, out: usize, n: i32, p: i32,
  lambda: f32, beta: f32, restart: i32, growth: f32,
): i32 {
  if (p < 1 || p > ANDERSON_MAX_WINDOW) return -1;
  const ns = out + (<usize>n << 2);
  memory.copy(ns, state, <usize>anderson_state_size(n, p) << 2);
  let count = <i32>load<f32>(ns), head = <i32>load<f32>(ns, 4);
  const hasPrev = load<f32>(ns, 8) != 0;
  const prevRes2 = <f64>load<f32>(ns, 12);
  let restarts = load<f32>(ns, 16);
  const xPrev = ns + (<usize>META << 2), fPrev = xPrev + (<usize>n << 2);
  const dX = fPrev + (<usize>n << 2), dF = dX + (<usize>p * <usize>n << 2);
  const colBytes = <usize>n << 2;
  // f = T(x) − x, kept in out[0..n) until the new point overwrites it
  const f = out;
  diff(tx, x, f, n);
  const res2 = dot(f, f, n);
  if (hasPrev) {
    if (restart == ANDERSON_RESTART_RESIDUAL && res2 > <f64>growth * <f64>growth * prevRes2) {
      count = 0; head = 0; restarts += 1;
    } else {
      if (restart == ANDERSON_RESTART_WINDOW && count == p) { count = 0; head = 0; restarts += 1; }
      diff(x, xPrev, dX + <usize>head * colBytes, n);
      diff(f, fPrev, dF + <usize>head * colBytes, n);
      head = (head + 1) % p;
      if (count < p) count++;
    }
  }
  // normal equations over the m stored columns (ring order does not matter)
  let m = count;
  if (m > 0) {
    let trace: f64 = 0;
    for (let i = 0; i < m; i++) {
      const ci = dF + <usize>i * colBytes;
      for (let j = 0; j <= i; j++) {
        const gij = dot(ci, dF + <usize>j * colBytes, n);
        store<f64>(GRAM + ((<usize>(i * m + j)) << 3), gij);
        store<f64>(GRAM + ((<usize>(j * m + i)) << 3), gij);
      }
      trace += load<f64>(GRAM + ((<usize>(i * m + i)) << 3));
      store<f64>(RHS + (<usize>i << 3), dot(ci, f, n));
    }
    if (!(trace > 0) || anderson_solve_f64(GRAM, RHS, m, <f64>lambda * trace / <f64>m) != 0) {
      count = 0; head = 0; restarts += 1; m = 0;
    }
  }
  // save x_k and f_k before out[0..n) becomes x_{k+1}
  memory.copy(xPrev, x, colBytes);
  memory.copy(fPrev, f, colBytes);
  // out = x + βf − Σ γ_j (ΔX_j + βΔF_j)
  const vb = f32x4.splat(beta);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = out + (<usize>i << 2);
    v128.store(o, f32x4.add(v128.load(x + (<usize>i << 2)), f32x4.mul(vb, v128.load(o))));
  }
  for (; i < n; i++) { const o = out + (<usize>i << 2); store<f32>(o, load<f32>(x + (<usize>i << 2)) + beta * load<f32>(o)); }
  for (let j = 0; j < m; j++) {
    const gj = <f32>load<f64>(RHS + (<usize>j << 3));
    subScaled(out, gj, dX + <usize>j * colBytes, n);
    subScaled(out, gj * beta, dF + <usize>j * colBytes, n);
  }
  store<f32>(ns, <f32>count);
  store<f32>(ns, <f32>head, 4);
  store<f32>(ns, 1, 8);
  store<f32>(ns, <f32>res2, 12);
  store<f32>(ns, restarts, 16);
  return m;
}
