// Kernel-domain (matrix-scaling) Sinkhorn updates with log-domain stabilization, as drop-in
// replacements for the log-domain softmin updates of solvers/sinkhorn.ts.
//
// Schmitzer 2019, "Stabilized sparse scaling algorithms for entropy regularized transport
// problems", Algorithm 2: keep absorbed potentials (f̂, ĝ) and the kernel
//   K_ij = exp((f̂_i + ĝ_j − C_ij)/ε);
// with f = f̂ + ε log u, g = ĝ + ε log v the balanced f-update f_i = −ε log Σ_j b_j e^{(g_j − C_ij)/ε}
// becomes u = 1/(K (b∘v)), i.e.
//   f̃_i = λ (f̂_i − ε log Σ_j K_ij w_j),  w_j = b_j exp((g_j − ĝ_j)/ε)
// (λ = ρ/(ρ+ε) unbalanced, 1 balanced), and the g-update the same with Kᵀ. One update costs a
// matrix-vector product (kernels/scaling.ts) instead of n·m exponentials.
//
// Absorption: when some |g_j − ĝ_j|/ε (or |f_i − f̂_i|/ε) exceeds TAU, the scalings are absorbed
// (f̂ ← f, ĝ ← g) and K is formed again; it is also formed whenever ε changes.
// Safety, for any ε: a row sum s outside [S_MIN, S_MAX] (underflow or overflow of the
// scalings) triggers an absorption, and if it persists that entry is computed in the log
// domain exactly. K's entries below e^{−600} are flushed to 0 (kernels/scaling.ts); with
// scalings w_j <= b_j e^{TAU} they add at most e^{−550}·Σb to a sum, against S_MIN ≈ e^{−460}
// for any sum accepted: a relative loss below e^{−90}.
// A kernel with an argument above ARG_MAX (clamped by exp), or where more than 1/8 of the
// entries fell back right after forming it, is switched off until ε changes: the caller
// then runs the log-domain update.
//
// State lives in one module-level record (as Layout in sinkhorn.ts); buffers are passed in.

import { gibbs_kernel_f64, gemv_f64, gemv_t_f64 } from "../kernels/scaling";

const TAU: f64 = 50.0;
const S_MIN: f64 = 1e-200;
const S_MAX: f64 = 1e200;
const ARG_MAX: f64 = 600.0;

class KernelState {
  k: usize = 0; fh: usize = 0; gh: usize = 0; w: usize = 0; c: usize = 0;
  n: i32 = 0; m: i32 = 0;
  eps: f64 = 0;
  formed: bool = false;
  clobbered: bool = false;  // K was written over the caller's Cᵀ block
  off: bool = false;        // kernel refused at this ε
  offEps: f64 = 0;
  kernelUpdates: i32 = 0;   // updates done in the kernel domain
  forms: i32 = 0;           // kernels formed (absorptions included)
  fallbacks: i32 = 0;       // entries computed in the log domain by the kernel path
}
export const KS = new KernelState();

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function put(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

/**
 * Starts a solve on C (n×m) with kernel storage k (n·m f64) and vectors fh (n), gh (m),
 * w (max(n, m)).
 */
export function kernel_begin(c: usize, n: i32, m: i32, k: usize, fh: usize, gh: usize, w: usize): void {
  KS.c = c; KS.n = n; KS.m = m; KS.k = k; KS.fh = fh; KS.gh = gh; KS.w = w;
  KS.formed = false; KS.clobbered = false; KS.off = false; KS.offEps = 0; KS.eps = 0;
  KS.kernelUpdates = 0; KS.forms = 0; KS.fallbacks = 0;
}

/** Whether the kernel path may be tried at ε (it is re-armed when ε changes). */
export function kernel_usable(eps: f64): bool {
  if (KS.off && KS.offEps != eps) KS.off = false;
  return !KS.off;
}

/** Absorbs f, g into (f̂, ĝ) and forms K at ε; false (and off) when K would be clamped. */
function form(f: usize, g: usize, eps: f64): bool {
  memory.copy(KS.fh, f, <usize>KS.n << 3);
  memory.copy(KS.gh, g, <usize>KS.m << 3);
  const top = gibbs_kernel_f64(KS.c, KS.n, KS.m, KS.fh, KS.gh, eps, KS.k);
  KS.forms++;
  KS.eps = eps;
  KS.formed = true;
  KS.clobbered = true;
  if (!(top <= ARG_MAX)) { refuse(eps); return false; }
  return true;
}

function refuse(eps: f64): void { KS.off = true; KS.offEps = eps; KS.formed = false; }

/** w_k = wt_k exp((pot_k − hat_k)/ε) over k entries; false if some positive-weight |·|/ε > TAU. */
function scalings(wt: usize, pot: usize, hat: usize, k: i32, eps: f64): bool {
  const inv = 1.0 / eps;
  for (let i = 0; i < k; i++) {
    const wi = at(wt, i);
    if (wi > 0) {
      const d = (at(pot, i) - at(hat, i)) * inv;
      if (!(Math.abs(d) <= TAU)) return false;
      put(KS.w, i, wi * Math.exp(d));
    } else {
      put(KS.w, i, 0);
    }
  }
  return true;
}

/** −λε log Σ_j b_j exp((g_j − C_ij)/ε) for one row i, exactly (max-shifted, scalar). */
function logRow(i: i32, lb: usize, g: usize, eps: f64, lam: f64): f64 {
  const m = KS.m, inv = 1.0 / eps;
  const crow = KS.c + (<usize>i * <usize>m << 3);
  let top = -Infinity;
  for (let j = 0; j < m; j++) { const l = at(lb, j) + (at(g, j) - at(crow, j)) * inv; if (l > top) top = l; }
  if (top == -Infinity) return Infinity;
  let s: f64 = 0;
  for (let j = 0; j < m; j++) s += Math.exp(at(lb, j) + (at(g, j) - at(crow, j)) * inv - top);
  return -eps * (top + Math.log(s)) * lam;
}

/** −λε log Σ_i a_i exp((f_i − C_ij)/ε) for one column j, exactly (strided over C). */
function logCol(j: i32, la: usize, f: usize, eps: f64, lam: f64): f64 {
  const n = KS.n, m = KS.m, inv = 1.0 / eps;
  let top = -Infinity;
  for (let i = 0; i < n; i++) {
    const l = at(la, i) + (at(f, i) - load<f64>(KS.c + ((<usize>i * <usize>m + <usize>j) << 3))) * inv;
    if (l > top) top = l;
  }
  if (top == -Infinity) return Infinity;
  let s: f64 = 0;
  for (let i = 0; i < n; i++) s += Math.exp(at(la, i) + (at(f, i) - load<f64>(KS.c + ((<usize>i * <usize>m + <usize>j) << 3))) * inv - top);
  return -eps * (top + Math.log(s)) * lam;
}

/**
 * out (n) = the λ-damped f-update from g at ε (weights a for the rows, b and log b for the
 * columns), in the kernel domain; f is the current f (absorbed with g when K is re-formed).
 * Returns false, writing nothing, when the kernel is refused: run the log-domain update.
 */
export function kernel_update_rows(a: usize, b: usize, lb: usize, f: usize, g: usize, eps: f64, lam: f64, out: usize): bool {
  const n = KS.n, m = KS.m;
  let fresh = false;
  if (!KS.formed || KS.eps != eps) { if (!form(f, g, eps)) return false; fresh = true; }
  if (!scalings(b, g, KS.gh, m, eps)) {
    if (!form(f, g, eps)) return false;
    fresh = true;
    scalings(b, g, KS.gh, m, eps);
  }
  while (true) {
    gemv_f64(KS.k, n, m, KS.w, out);
    let bad = 0;
    for (let i = 0; i < n; i++) { const s = at(out, i); if (at(a, i) > 0 && !(s >= S_MIN && s <= S_MAX)) bad++; }
    if (bad > 0 && !fresh) {
      if (!form(f, g, eps)) return false;
      fresh = true;
      scalings(b, g, KS.gh, m, eps);
      continue;
    }
    if (bad > (n >> 3)) { refuse(eps); return false; }
    for (let i = 0; i < n; i++) {
      const s = at(out, i);
      if (s >= S_MIN && s <= S_MAX) put(out, i, lam * (at(KS.fh, i) - eps * Math.log(s)));
      else { put(out, i, logRow(i, lb, g, eps, lam)); KS.fallbacks++; }
    }
    break;
  }
  KS.kernelUpdates++;
  return true;
}

/** out (m) = the λ-damped g-update from f at ε, in the kernel domain (see kernel_update_rows). */
export function kernel_update_cols(a: usize, b: usize, la: usize, f: usize, g: usize, eps: f64, lam: f64, out: usize): bool {
  const n = KS.n, m = KS.m;
  let fresh = false;
  if (!KS.formed || KS.eps != eps) { if (!form(f, g, eps)) return false; fresh = true; }
  if (!scalings(a, f, KS.fh, n, eps)) {
    if (!form(f, g, eps)) return false;
    fresh = true;
    scalings(a, f, KS.fh, n, eps);
  }
  while (true) {
    gemv_t_f64(KS.k, n, m, KS.w, out);
    let bad = 0;
    for (let j = 0; j < m; j++) { const s = at(out, j); if (at(b, j) > 0 && !(s >= S_MIN && s <= S_MAX)) bad++; }
    if (bad > 0 && !fresh) {
      if (!form(f, g, eps)) return false;
      fresh = true;
      scalings(a, f, KS.fh, n, eps);
      continue;
    }
    if (bad > (m >> 3)) { refuse(eps); return false; }
    for (let j = 0; j < m; j++) {
      const s = at(out, j);
      if (s >= S_MIN && s <= S_MAX) put(out, j, lam * (at(KS.gh, j) - eps * Math.log(s)));
      else { put(out, j, logCol(j, la, f, eps, lam)); KS.fallbacks++; }
    }
    break;
  }
  KS.kernelUpdates++;
  return true;
}
