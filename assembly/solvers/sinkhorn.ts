// Entropic optimal transport between weighted point clouds, whole solves in one call.
//
// Problem (Cuturi 2013; the KL form of Feydy et al. 2019, "Interpolating between optimal
// transport and MMD using Sinkhorn divergences", AISTATS):
//   OT_ε(a, b) = min_P ⟨P, C⟩ + ε KL(P | a⊗b) [+ ρ KL(P1 | a) + ρ KL(Pᵀ1 | b) when unbalanced]
// solved in the log domain on dual potentials f (n), g (m), with
//   P_ij = a_i b_j exp((f_i + g_j − C_ij)/ε)
//   f_i ← −λ ε log Σ_j b_j exp((g_j − C_ij)/ε),   g_j ← −λ ε log Σ_i a_i exp((f_i − C_ij)/ε)
// where λ = 1 (balanced) or ρ/(ρ+ε) (unbalanced; Séjourné et al. 2019, "Sinkhorn divergences
// for unbalanced optimal transport"). ε-scaling (Schmitzer 2019, "Stabilized sparse scaling
// algorithms", §3.2; GeomLoss): one iteration at each ε_k = max(ε, ε₀·s^k), ε₀ = max C, then
// iterations at ε until the stopping test holds or the iteration cap is hit; those
// iterations may be over-relaxed (see solveCross).
//
// Stopping test (scale-aware). With f̃ the f-update of the current g,
//   err = Σ_i a_i |exp((f_i − f̃_i)/ε) − 1|   (= ‖P1 − a‖₁ for balanced OT),
// the solve stops when err <= tol · min(1, max C/ε), and only after at least one plain
// (un-relaxed) update of both potentials at the target ε. For ε <= max C this is the
// marginal error <= tol; for larger ε, err ≈ ⟨a, |f − f̃|⟩/ε, so it bounds the change of the
// potentials by tol·max C in cost units. Without that factor the untouched potentials
// f = g = 0 pass the test once ε/C ≳ 1/tol (err ≈ ⟨a⊗b, C⟩/ε) and OT_ε reads 0. For ε >= max C
// the updates use the centred softmin (kernels/softmin.ts), which keeps the potentials'
// relative precision as ε/C → ∞.
// Self problems OT_ε(a, a) use the averaged update f ← ½(f + f̃) (Feydy et al. 2019, §3.1).
//
// Memory: the caller passes one scratch block of sinkhorn_scratch_bytes(n, m) bytes
// (64-aligned). Layout in f64 slots, each region padded to an even count:
//   C (n·m) | Cᵀ (n·m) | log a (n) | log b (m) | h (max) | tmp (max) | col (max) | wrow (max)
// Self problems use C (n·n) | log a (n) | h | tmp | col | wrow (n each), which fits in the
// same block. Nothing here allocates.

import {
  COST_SQEUCLIDEAN, COST_HALF_SQEUCLIDEAN, cost_matrix_f64, softmin_rows_f64, softmin_centered_rows_f64,
  lse_centered_row_f64, row_max_shifted_f64, expF64x2, EXP_MIN, EXP_MAX,
} from "../kernels/softmin";
import { KS, kernel_begin, kernel_usable, kernel_update_rows, kernel_update_cols } from "./sinkhorn-kernel";

/** Result slots (f64) written by every solve. */
export const ST_ITERATIONS: i32 = 0;   // iterations done (ε-scaling stages included)
export const ST_CONVERGED: i32 = 1;    // 1 when the loop error fell below tol, else 0
export const ST_LOOP_ERROR: i32 = 2;   // the last Σ a_i |exp((f_i − f̃_i)/ε) − 1|
export const ST_COST: i32 = 3;         // ⟨P, C⟩
export const ST_PLOGP: i32 = 4;        // Σ P log P
export const ST_MASS: i32 = 5;         // Σ P
export const ST_ROW_ERROR: i32 = 6;    // ‖P1 − a‖₁
export const ST_COL_ERROR: i32 = 7;    // ‖Pᵀ1 − b‖₁
export const ST_AF: i32 = 8;           // ⟨a, f⟩
export const ST_BG: i32 = 9;           // ⟨b, g⟩
export const ST_PLOG_PAB: i32 = 10;    // Σ P log(P/(a⊗b))
export const ST_KL_ROW: i32 = 11;      // KL(P1 | a) = Σ r log(r/a) − r + a
export const ST_KL_COL: i32 = 12;      // KL(Pᵀ1 | b)
export const ST_UNB_DUAL: i32 = 13;    // ρ⟨a, 1 − e^{−f/ρ}⟩ + ρ⟨b, 1 − e^{−g/ρ}⟩ (⟨a,f⟩ + ⟨b,g⟩ when ρ = ∞)
export const ST_EPS0: i32 = 14;        // first ε of the schedule
export const ST_CMAX: i32 = 15;        // max C
export const ST_KERNEL_UPDATES: i32 = 16; // potential updates done in the kernel domain (sinkhorn-kernel.ts)
export const ST_KERNEL_FORMS: i32 = 17;   // kernels formed: one per ε, plus one per absorption
export const ST_KERNEL_FALLBACKS: i32 = 18; // entries the kernel path computed in the log domain (under/overflow)
export const ST_SLOTS: i32 = 19;

/** Kernel-domain cross solves anneal only when max C/ε exceeds this (see solveCross). */
export const ANNEAL_RATIO: f64 = 100.0;

/** domain argument: 0 picks the kernel domain where it is safe (see solveCross), 1 keeps the log domain. */
export const DOMAIN_AUTO: i32 = 0;
export const DOMAIN_LOG: i32 = 1;

// @ts-ignore: decorator
@inline function even(k: usize): usize { return (k + 1) & ~(<usize>1); }

/** Scratch bytes for a cross problem (n, m) and its two self problems (n, n), (m, m). */
export function sinkhorn_scratch_bytes(n: i32, m: i32): usize {
  const nn = <usize>n, mm = <usize>m;
  let mat: usize = 2 * nn * mm;
  if (nn * nn > mat) mat = nn * nn;
  if (mm * mm > mat) mat = mm * mm;
  const big = nn > mm ? nn : mm;
  return (even(mat) + even(nn) + even(mm) + 6 * even(big)) << 3;
}

class Layout {
  c: usize; ct: usize; la: usize; lb: usize; h: usize; tmp: usize; col: usize; wrow: usize; fh: usize; gh: usize;
}
const L = new Layout();

/** Regions for a matrix block of `mat` f64 (C, then Cᵀ at na·nb when cross) and vectors. */
function layout(scratch: usize, mat: usize, na: i32, nb: i32): void {
  const nn = <usize>na, mm = <usize>nb;
  const big = nn > mm ? nn : mm;
  L.c = scratch;
  L.ct = scratch + (nn * mm << 3);
  L.la = scratch + (even(mat) << 3);
  L.lb = L.la + (even(nn) << 3);
  L.h = L.lb + (even(mm) << 3);
  L.tmp = L.h + (even(big) << 3);
  L.col = L.tmp + (even(big) << 3);
  L.wrow = L.col + (even(big) << 3);
  L.fh = L.wrow + (even(big) << 3);
  L.gh = L.fh + (even(big) << 3);
}

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function put(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

function logWeights(w: usize, k: i32, out: usize): void {
  for (let i = 0; i < k; i++) put(out, i, Math.log(at(w, i))); // log 0 = −Inf: a zero weight
}

/** h[j] = lw[j] + pot[j]/ε. */
function prepare(lw: usize, pot: usize, k: i32, eps: f64, h: usize): void {
  const inv = 1.0 / eps;
  for (let j = 0; j < k; j++) put(h, j, at(lw, j) + at(pot, j) * inv);
}

/** Σ w_i |exp((old_i − new_i)/ε) − 1|: the L1 marginal error of the current plan (balanced). */
function marginalError(w: usize, old: usize, nw: usize, k: i32, eps: f64): f64 {
  let s: f64 = 0;
  const inv = 1.0 / eps;
  for (let i = 0; i < k; i++) {
    const wi = at(w, i);
    if (wi > 0) s += wi * Math.abs(Math.expm1(Math.min((at(old, i) - at(nw, i)) * inv, EXP_MAX)));
  }
  return s;
}

/** The error the stopping test accepts: tol · min(1, max C/ε) (see the file comment). */
// @ts-ignore: decorator
@inline function threshold(tol: f64, eps: f64, cmax: f64): f64 { return cmax > 0 && eps > cmax ? tol * (cmax / eps) : tol; }

/**
 * out (k) = the λ-damped softmin update from the other side: rows of cm (k×l), weights w
 * and their logs lw (l), potential pot (l); centred (for ε >= max C) or max-shifted.
 */
function update(cm: usize, k: i32, l: i32, w: usize, lw: usize, pot: usize, e: f64, lam: f64, centered: bool, out: usize): void {
  if (centered) { softmin_centered_rows_f64(cm, k, l, w, pot, e, lam, out); return; }
  prepare(lw, pot, l, e, L.h);
  softmin_rows_f64(cm, k, l, L.h, e, lam, out);
}

/** Cᵀ from C (n×m) again, after the kernel path used the Cᵀ block for K. */
function restoreTranspose(n: i32, m: i32): void {
  if (!KS.clobbered) return;
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) put(L.ct, j * n + i, at(L.c, i * m + j));
  KS.clobbered = false;
  KS.formed = false;
}

/**
 * The f-update (rows of C) at ε: in the kernel domain when allowed (useKernel, not centred,
 * kernel not refused at this ε), else the log-domain softmin. The kernel path is Schmitzer's
 * stabilized scaling (sinkhorn-kernel.ts): the same update up to rounding.
 */
function updateRows(useKernel: bool, n: i32, m: i32, a: usize, b: usize, f: usize, g: usize, e: f64, lam: f64, centered: bool, out: usize): void {
  if (useKernel && !centered && kernel_usable(e) && kernel_update_rows(a, b, L.lb, f, g, e, lam, out)) return;
  update(L.c, n, m, b, L.lb, g, e, lam, centered, out);
}

/** The g-update (columns of C) at ε, as updateRows; the log path needs Cᵀ back. */
function updateCols(useKernel: bool, n: i32, m: i32, a: usize, b: usize, f: usize, g: usize, e: f64, lam: f64, centered: bool, out: usize): void {
  if (useKernel && !centered && kernel_usable(e) && kernel_update_cols(a, b, L.la, f, g, e, lam, out)) return;
  restoreTranspose(n, m);
  update(L.ct, m, n, a, L.la, f, e, lam, centered, out);
}

// @ts-ignore: decorator
@inline function damping(eps: f64, rho: f64): f64 { return rho == Infinity ? 1.0 : rho / (rho + eps); }

/**
 * Alternating log-domain Sinkhorn on C (n×m) and Cᵀ with ε-scaling; f, g in/out (start
 * from zeros). Writes ITERATIONS, CONVERGED, LOOP_ERROR, EPS0.
 */
function solveCross(
  n: i32, m: i32, a: usize, b: usize, eps: f64, cmax: f64, scaling: f64, tol: f64, maxIter: i32, rho: f64, omega: f64,
  domain: i32, f: usize, g: usize, stats: usize,
): void {
  // the kernel K takes the Cᵀ block (n·m f64); Cᵀ is rebuilt from C when the log path needs it
  const useK = domain == DOMAIN_AUTO;
  kernel_begin(L.c, n, m, L.ct, L.fh, L.gh, L.wrow);
  KS.clobbered = useK; // Cᵀ not formed yet (sinkhorn_f64)
  let iters = 0;
  // scaling 1: no annealing. Kernel domain with max C <= ANNEAL_RATIO·ε: no annealing either;
  // there each stage costs a kernel form (n·m exponentials) and the stages did not shorten
  // the iterations at the target ε (2-D clouds, n = 1000: max C/ε = 85 ran 2x faster from ε,
  // 8500 ran 6x slower). Kept low (100): at max C/ε ~ 1000 starting at ε was also faster, but
  // its potentials land farther from the fixed point at the same stopping error.
  let e = cmax > eps && scaling < 1 && !(useK && cmax <= ANNEAL_RATIO * eps) ? cmax : eps;
  put(stats, ST_EPS0, e);
  // ε-scaling stages: one (f, g) sweep per ε, then ε ← max(ε_target, s·ε)
  while (e > eps && iters < maxIter) {
    const lam = damping(e, rho);
    updateRows(useK, n, m, a, b, f, g, e, lam, false, L.tmp);
    memory.copy(f, L.tmp, <usize>n << 3);
    updateCols(useK, n, m, a, b, f, g, e, lam, false, L.col);
    memory.copy(g, L.col, <usize>m << 3);
    iters++;
    e = e * scaling;
    if (e < eps) e = eps;
  }
  const lam = damping(eps, rho);
  const centered = eps >= cmax;
  const thr = threshold(tol, eps, cmax);
  let err: f64 = Infinity;
  let converged = false;
  // Over-relaxation (Thibault et al. 2017, "Overrelaxed Sinkhorn–Knopp algorithm"; Lehmann,
  // von Renesse et al. 2021): f ← f + ω(f̃ − f), g likewise. omega > 0 fixes ω; omega <= 0
  // picks it: plain steps until the error ratio q settles, then the SOR optimum
  // ω = 2/(1 + √(1 − q)) for the measured rate q, back to ω = 1 for good if the error grows
  // tenfold past where ω was set. The test is accepted only after a plain step, so that on
  // return g is the exact update of f (Pᵀ1 = b, ΣP = Σb) and ⟨a, f⟩ + ⟨b, g⟩ is the dual
  // objective at (f, g); a relaxed step that passes the test is followed by one plain step.
  const auto = omega <= 0;
  let w: f64 = auto ? 1.0 : omega;
  let prevErr: f64 = Infinity, prevRatio: f64 = 0, switchErr: f64 = Infinity;
  let plain = 0;
  let lastPlain = false; // the last step was a plain update of f and g at the target ε
  while (true) {
    updateRows(useK, n, m, a, b, f, g, eps, lam, centered, L.tmp);
    err = marginalError(a, f, L.tmp, n, eps);
    if (err <= thr && lastPlain) { converged = true; break; }
    if (iters >= maxIter) break;
    if (auto && err > thr) {
      if (w == 1.0 && switchErr == Infinity) {
        const ratio = err / prevErr;
        plain++;
        // a settled linear rate: two successive ratios in (0.5, 1) within 1% of each other
        if (plain >= 8 && ratio > 0.5 && ratio < 1 && Math.abs(ratio - prevRatio) < 0.01 * ratio) {
          w = min<f64>(1.9, 2.0 / (1.0 + Math.sqrt(1.0 - ratio)));
          switchErr = err;
        }
        prevRatio = ratio;
      } else if (w != 1.0 && err > 10 * switchErr) {
        w = 1.0;
      }
      prevErr = err;
    }
    lastPlain = w == 1.0 || err <= thr;
    if (lastPlain) {
      memory.copy(f, L.tmp, <usize>n << 3);
      updateCols(useK, n, m, a, b, f, g, eps, lam, centered, L.col);
      memory.copy(g, L.col, <usize>m << 3);
    } else {
      for (let i = 0; i < n; i++) put(f, i, at(f, i) + w * (at(L.tmp, i) - at(f, i)));
      updateCols(useK, n, m, a, b, f, g, eps, lam, centered, L.col);
      for (let j = 0; j < m; j++) put(g, j, at(g, j) + w * (at(L.col, j) - at(g, j)));
    }
    iters++;
  }
  put(stats, ST_ITERATIONS, <f64>iters);
  put(stats, ST_CONVERGED, converged ? 1.0 : 0.0);
  put(stats, ST_LOOP_ERROR, err);
  put(stats, ST_KERNEL_UPDATES, <f64>KS.kernelUpdates);
  put(stats, ST_KERNEL_FORMS, <f64>KS.forms);
  put(stats, ST_KERNEL_FALLBACKS, <f64>KS.fallbacks);
}

/**
 * Symmetric solve of OT_ε(a, a) on C (n×n): f ← ½(f + f̃) (GeomLoss self term), with the
 * stopping test of solveCross after at least one update at the target ε. There g is f, so
 * ΣP − Σa is of the order of err and the dual 2⟨a, f⟩ is within about ε·err <= tol·max C of
 * the dual objective.
 */
function solveSelf(
  n: i32, a: usize, eps: f64, cmax: f64, scaling: f64, tol: f64, maxIter: i32, rho: f64, f: usize, stats: usize,
): void {
  let iters = 0;
  let e = cmax > eps && scaling < 1 ? cmax : eps; // scaling 1: no annealing
  put(stats, ST_EPS0, e);
  while (e > eps && iters < maxIter) {
    update(L.c, n, n, a, L.la, f, e, damping(e, rho), false, L.tmp);
    for (let i = 0; i < n; i++) put(f, i, 0.5 * (at(f, i) + at(L.tmp, i)));
    iters++;
    e = e * scaling;
    if (e < eps) e = eps;
  }
  const lam = damping(eps, rho);
  const centered = eps >= cmax;
  const thr = threshold(tol, eps, cmax);
  let err: f64 = Infinity;
  let converged = false;
  let updated = false; // at least one update at the target ε
  while (true) {
    update(L.c, n, n, a, L.la, f, eps, lam, centered, L.tmp);
    err = marginalError(a, f, L.tmp, n, eps);
    if (err <= thr && updated) { converged = true; break; }
    if (iters >= maxIter) break;
    for (let i = 0; i < n; i++) put(f, i, 0.5 * (at(f, i) + at(L.tmp, i)));
    updated = true;
    iters++;
  }
  put(stats, ST_ITERATIONS, <f64>iters);
  put(stats, ST_CONVERGED, converged ? 1.0 : 0.0);
  put(stats, ST_LOOP_ERROR, err);
  put(stats, ST_KERNEL_UPDATES, 0);
  put(stats, ST_KERNEL_FORMS, 0);
  put(stats, ST_KERNEL_FALLBACKS, 0);
}

/** KL(r | w) = Σ r log(r/w) − r + w over k entries (0 log 0 = 0). */
function klVec(r: usize, w: usize, k: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < k; i++) {
    const ri = at(r, i), wi = at(w, i);
    s += (ri > 0 && wi > 0 ? ri * Math.log(ri / wi) : 0) - ri + wi;
  }
  return s;
}

/**
 * log Σ_j exp(h_j − C_ij/ε) over one row of C (stable: the largest term is factored out).
 * For balanced OT, u_i = log a_i − this is the row scaling after one more exact f-update:
 * the plan's rows then sum to a_i exactly and no exponent is positive, so tiny ε cannot
 * overflow exp the way f_i + g_j − C_ij (≈ 0 up to rounding) divided by ε can.
 */
function rowLogSumExp(crow: usize, h: usize, m: i32, inv: f64): f64 {
  let top = -Infinity;
  for (let j = 0; j < m; j++) { const l = at(h, j) - at(crow, j) * inv; if (l > top) top = l; }
  if (top == -Infinity) return top;
  let s: f64 = 0;
  for (let j = 0; j < m; j++) s += Math.exp(at(h, j) - at(crow, j) * inv - top);
  return top + Math.log(s);
}

/** Σ_j exp((h_j − C_j/ε − top) + lw_j) over one row: each exponent ≤ lw_j ≤ 0 when top is the row's max. */
function rowScaledSum(crow: usize, h: usize, lw: usize, m: i32, inv: f64, top: f64): f64 {
  const ie = f64x2.splat(inv), tv = f64x2.splat(top);
  let sv = f64x2.splat(0);
  let j = 0;
  for (; j + 2 <= m; j += 2) {
    const o = <usize>j << 3;
    sv = f64x2.add(sv, expF64x2(f64x2.add(f64x2.sub(f64x2.sub(v128.load(h + o), f64x2.mul(v128.load(crow + o), ie)), tv), v128.load(lw + o))));
  }
  let s = f64x2.extract_lane(sv, 0) + f64x2.extract_lane(sv, 1);
  for (; j < m; j++) s += f64x2.extract_lane(expF64x2(f64x2.splat(at(h, j) - at(crow, j) * inv - top + at(lw, j))), 0);
  return s;
}

/**
 * One pass over P_ij = a_i b_j exp((g_j − C_ij)/ε − λ·LSE_i), LSE_i = log Σ_j b_j exp((g_j − C_ij)/ε)
 * (the f-updated row scaling; λ = ρ/(ρ+ε), 1 when balanced; centred LSE when ε >= max C):
 * writes the plan-based slots of stats, and the plan itself when plan != 0 (self problems:
 * g = f, b = a). log(P/(a b)) is formed from the small terms directly, so ε·KL(P | a⊗b)
 * keeps its precision as ε/C → ∞.
 */
function finish(
  n: i32, m: i32, a: usize, b: usize, f: usize, g: usize, lb: usize, eps: f64, cmax: f64, rho: f64, plan: usize, stats: usize,
): void {
  const inv = 1.0 / eps, lambda = damping(eps, rho);
  const centered = eps >= cmax;
  let bsum: f64 = 0;
  for (let j = 0; j < m; j++) bsum += at(b, j);
  const logB = Math.log(bsum), invB = 1.0 / bsum;
  // t_j = g_j/ε (−∞ where b_j = 0): log b_j is kept out of it, and log a_i out of the row
  // shift, so that at tiny ε (g/ε ~ 1e30) the weights are not rounded away (they were: rows
  // summed to 1 instead of a_i)
  for (let j = 0; j < m; j++) put(L.h, j, at(b, j) > 0 ? at(g, j) * inv : -Infinity);
  memory.fill(L.col, 0, <usize>m << 3);
  let cost: f64 = 0, plogp: f64 = 0, mass: f64 = 0, rowErr: f64 = 0, klp: f64 = 0;
  const rowB = <usize>m << 3;
  for (let i = 0; i < n; i++) {
    const crow = L.c + <usize>i * rowB;
    // balanced exponents are ≤ log a_i ≤ 0 by construction, unbalanced ones ≤ log a_i + (1 − λ)·LSE_i
    // non-centred: LSE_i = top + log s, top = max_j (t_j − C_ij/ε), s = Σ_j b_j e^{t_j − C_ij/ε − top}
    let top: f64 = 0, logS: f64 = 0, shift: f64 = 0;
    if (centered) shift = lambda * lse_centered_row_f64(crow, b, g, m, inv, logB, invB);
    else { top = row_max_shifted_f64(crow, L.h, m, inv); logS = Math.log(rowScaledSum(crow, L.h, lb, m, inv, top)); }
    const lamTop = lambda * top, lamLogS = lambda * logS;
    let c1: f64 = 0, l1: f64 = 0, r1: f64 = 0, k1: f64 = 0;
    let j0 = 0;
    if (!centered) {
      // two lanes at a time, the same terms as the scalar loop below (P = 0 below EXP_MIN)
      const ie = f64x2.splat(inv), lt = f64x2.splat(lamTop), ls = f64x2.splat(lamLogS), lai = f64x2.splat(at(L.la, i));
      const lo = f64x2.splat(EXP_MIN), hi = f64x2.splat(EXP_MAX);
      let vc = f64x2.splat(0), vl = vc, vr = vc, vk = vc;
      for (; j0 + 2 <= m; j0 += 2) {
        const o = <usize>j0 << 3;
        const cv = v128.load(crow + o);
        // log(P/(a b)) = (t_j − C_ij/ε − λ top) − λ log s; log P adds log a_i + log b_j
        const t = f64x2.sub(f64x2.sub(f64x2.sub(v128.load(L.h + o), f64x2.mul(cv, ie)), lt), ls);
        let lp = f64x2.add(t, f64x2.add(lai, v128.load(lb + o)));
        lp = f64x2.pmin(lp, hi);
        const keep = f64x2.ge(lp, lo);
        const p = v128.and(expF64x2(lp), keep);
        vc = f64x2.add(vc, f64x2.mul(p, cv));
        vl = f64x2.add(vl, v128.and(f64x2.mul(p, lp), keep));
        vr = f64x2.add(vr, p);
        vk = f64x2.add(vk, v128.and(f64x2.mul(p, t), keep));
        v128.store(L.col + o, f64x2.add(v128.load(L.col + o), p));
        if (plan != 0) v128.store(plan + <usize>i * rowB + o, p);
      }
      c1 = f64x2.extract_lane(vc, 0) + f64x2.extract_lane(vc, 1);
      l1 = f64x2.extract_lane(vl, 0) + f64x2.extract_lane(vl, 1);
      r1 = f64x2.extract_lane(vr, 0) + f64x2.extract_lane(vr, 1);
      k1 = f64x2.extract_lane(vk, 0) + f64x2.extract_lane(vk, 1);
    }
    for (let j = j0; j < m; j++) {
      const cv = at(crow, j);
      // the exponent is formed exactly as in its LSE, so the largest term is not shifted by
      // rounding (at ε = 1e-30 the terms are ~1e33 and would cancel only to ~1e17)
      const t: f64 = centered ? (at(g, j) - cv) * inv - shift : at(L.h, j) - cv * inv - lamTop - lamLogS;
      let lp: f64 = t + (at(L.la, i) + at(lb, j));
      lp = Math.min(lp, EXP_MAX);
      if (lp < EXP_MIN) { // P_ij = 0 (a zero weight, or below the smallest double)
        if (plan != 0) put(plan + <usize>i * rowB, j, 0);
        continue;
      }
      const p = Math.exp(lp);
      c1 += p * cv; l1 += p * lp; r1 += p;
      k1 += p * t;
      put(L.col, j, at(L.col, j) + p);
      if (plan != 0) put(plan + <usize>i * rowB, j, p);
    }
    cost += c1; plogp += l1; mass += r1; klp += k1;
    rowErr += Math.abs(r1 - at(a, i));
    put(L.tmp, i, r1);
  }
  let colErr: f64 = 0, af: f64 = 0, bg: f64 = 0, ua: f64 = 0, ub: f64 = 0;
  for (let j = 0; j < m; j++) colErr += Math.abs(at(L.col, j) - at(b, j));
  for (let i = 0; i < n; i++) af += at(a, i) * at(f, i);
  for (let j = 0; j < m; j++) bg += at(b, j) * at(g, j);
  if (rho == Infinity) {
    ua = af + bg;
  } else {
    // zero weights drop out (their potentials may be far from the support: 0·∞ is not a term)
    for (let i = 0; i < n; i++) if (at(a, i) > 0) ua += at(a, i) * rho * -Math.expm1(-at(f, i) / rho);
    for (let j = 0; j < m; j++) if (at(b, j) > 0) ub += at(b, j) * rho * -Math.expm1(-at(g, j) / rho);
    ua += ub;
  }
  put(stats, ST_COST, cost);
  put(stats, ST_PLOGP, plogp);
  put(stats, ST_MASS, mass);
  put(stats, ST_ROW_ERROR, rowErr);
  put(stats, ST_COL_ERROR, colErr);
  put(stats, ST_AF, af);
  put(stats, ST_BG, bg);
  put(stats, ST_PLOG_PAB, klp);
  put(stats, ST_KL_ROW, klVec(L.tmp, a, n));
  put(stats, ST_KL_COL, klVec(L.col, b, m));
  put(stats, ST_UNB_DUAL, ua);
}

/**
 * out_i += scale · Σ_j P_ij ∇_x c(x_i, y_j) over the plan P_ij = exp(u_i + v_j − C_ij/ε)
 * (u = log a + f/ε, v = log b + g/ε): ∇_x c = 2(x−y), (x−y), (x−y)/‖x−y‖ (0 at x = y).
 * C is n×m row-major; x n×d, y m×d, out n×d.
 */
function gradPositions(
  kind: i32, x: usize, y: usize, n: i32, m: i32, d: i32, cm: usize, la: usize, f: usize, lb: usize, g: usize,
  eps: f64, scale: f64, out: usize, balanced: bool,
): void {
  const inv = 1.0 / eps;
  const ie = f64x2.splat(inv);
  prepare(lb, g, m, eps, L.h);
  const rowB = <usize>m << 3;
  const w = L.wrow;
  const factor: f64 = kind == COST_SQEUCLIDEAN ? 2.0 : 1.0;
  for (let i = 0; i < n; i++) {
    const crow = cm + <usize>i * rowB;
    if (balanced) {
      // the f-updated row (see rowLogSumExp): exponents ≤ log a_i ≤ 0 whatever ε
      const shift = at(la, i) - rowLogSumExp(crow, L.h, m, inv);
      for (let j = 0; j < m; j++) put(w, j, Math.exp(at(L.h, j) - at(crow, j) * inv + shift));
    } else {
      const u = at(la, i) + at(f, i) * inv;
      const ui = f64x2.splat(u);
      let j = 0;
      for (; j + 2 <= m; j += 2) {
        const o = <usize>j << 3;
        v128.store(w + o, expF64x2(f64x2.sub(f64x2.add(ui, v128.load(L.h + o)), f64x2.mul(v128.load(crow + o), ie))));
      }
      for (; j < m; j++) put(w, j, f64x2.extract_lane(expF64x2(f64x2.splat(u + at(L.h, j) - at(crow, j) * inv)), 0));
    }
    if (kind != COST_SQEUCLIDEAN && kind != COST_HALF_SQEUCLIDEAN) {
      for (let j = 0; j < m; j++) { const c = at(crow, j); put(w, j, c > 0 ? at(w, j) / c : 0); }
    }
    // Σ_j w_j (x_i − y_j) = (Σ w) x_i − Σ_j w_j y_j
    const xi = x + (<usize>i * <usize>d << 3), oi = out + (<usize>i * <usize>d << 3);
    let sw: f64 = 0;
    for (let j = 0; j < m; j++) sw += at(w, j);
    for (let k = 0; k < d; k++) {
      let s: f64 = 0;
      for (let j = 0; j < m; j++) s += at(w, j) * load<f64>(y + ((<usize>j * <usize>d + <usize>k) << 3));
      put(oi, k, at(oi, k) + scale * factor * (sw * at(xi, k) - s));
    }
  }
}

/**
 * Entropic OT between x (n×d, weights a) and y (m×d, weights b), all f64. Writes f (n),
 * g (m), the plan (n×m) when plan != 0, and adds ∇_x, ∇_y of the dual value
 * ⟨a,f⟩ + ⟨b,g⟩ times gradScale into gradX (n×d), gradY (m×d) when non-zero.
 * rho = Infinity for balanced OT; omega: over-relaxation ω of the cross iterations (1 = plain
 * Sinkhorn, <= 0 = chosen from the observed rate); domain: DOMAIN_AUTO (kernel-domain updates
 * where safe) or DOMAIN_LOG. stats: ST_SLOTS f64.
 */
export function sinkhorn_f64(
  kind: i32, x: usize, y: usize, n: i32, m: i32, d: i32, a: usize, b: usize,
  eps: f64, scaling: f64, tol: f64, maxIter: i32, rho: f64, omega: f64, domain: i32,
  scratch: usize, f: usize, g: usize, plan: usize, gradX: usize, gradY: usize, gradScale: f64, stats: usize,
): void {
  layout(scratch, 2 * <usize>n * <usize>m, n, m);
  // Cᵀ only for the log-domain path: formed here for DOMAIN_LOG, else on first need (restoreTranspose)
  const cmax = cost_matrix_f64(kind, x, n, y, m, d, L.c, domain == DOMAIN_LOG ? L.ct : 0);
  put(stats, ST_CMAX, cmax);
  logWeights(a, n, L.la);
  logWeights(b, m, L.lb);
  memory.fill(f, 0, <usize>n << 3);
  memory.fill(g, 0, <usize>m << 3);
  solveCross(n, m, a, b, eps, cmax, scaling, tol, maxIter, rho, omega, domain, f, g, stats);
  finish(n, m, a, b, f, g, L.lb, eps, cmax, rho, plan, stats);
  // Balanced: the returned plan's ‖P1 − a‖₁ + ‖Pᵀ1 − b‖₁ is at most the loop error in exact
  // arithmetic (rows exact, columns within err). Where f64 cannot resolve the plan (ε far below
  // the potentials' rounding, |f|·2⁻⁵²/ε ≫ 1, with n ≠ m) the potentials are a fixed point
  // bit for bit (loop error 0) but the plan is off its marginals: not converged.
  if (rho == Infinity && at(stats, ST_CONVERGED) == 1.0) {
    const planErr = at(stats, ST_ROW_ERROR) + at(stats, ST_COL_ERROR);
    if (!(planErr <= 2.0 * threshold(tol, eps, cmax) + 1e-12)) put(stats, ST_CONVERGED, 0.0);
  }
  if (gradX != 0) gradPositions(kind, x, y, n, m, d, L.c, L.la, f, L.lb, g, eps, gradScale, gradX, rho == Infinity);
  if (gradY != 0) restoreTranspose(n, m);
  if (gradY != 0) gradPositions(kind, y, x, m, n, d, L.ct, L.lb, g, L.la, f, eps, gradScale, gradY, rho == Infinity);
}

/**
 * Self problem OT_ε(a, a) on x (n×d) with symmetric updates: writes f (n) and the stats
 * (g = f). Adds gradScale · ∇_x OT_ε(a, a) = gradScale · 2 Σ_k P_ik ∇c(x_i, x_k) to gradX.
 */
export function sinkhorn_self_f64(
  kind: i32, x: usize, n: i32, d: i32, a: usize,
  eps: f64, scaling: f64, tol: f64, maxIter: i32, rho: f64,
  scratch: usize, f: usize, gradX: usize, gradScale: f64, stats: usize,
): void {
  layout(scratch, <usize>n * <usize>n, n, 0); // log a only: L.lb is never read
  const cmax = cost_matrix_f64(kind, x, n, x, n, d, L.c, 0);
  put(stats, ST_CMAX, cmax);
  logWeights(a, n, L.la);
  memory.fill(f, 0, <usize>n << 3);
  solveSelf(n, a, eps, cmax, scaling, tol, maxIter, rho, f, stats);
  finish(n, n, a, a, f, f, L.la, eps, cmax, rho, 0, stats);
  if (gradX != 0) gradPositions(kind, x, x, n, n, d, L.c, L.la, f, L.la, f, eps, 2.0 * gradScale, gradX, rho == Infinity);
}

/**
 * B independent problems of equal shapes: x (B×n×d), y (B×m×d), a (B×n), b (B×m).
 * debiased != 0 also solves the two self problems of each; f (B×n), g (B×m) the cross
 * potentials; fSelf (B×n), gSelf (B×m) the self potentials when debiased (else unused).
 * stats: B × (debiased ? 3 : 1) × ST_SLOTS f64 (cross, then self a, then self b).
 */
export function sinkhorn_batch_f64(
  kind: i32, x: usize, y: usize, batch: i32, n: i32, m: i32, d: i32, a: usize, b: usize,
  eps: f64, scaling: f64, tol: f64, maxIter: i32, rho: f64, omega: f64, domain: i32, debiased: i32,
  scratch: usize, f: usize, g: usize, fSelf: usize, gSelf: usize, stats: usize,
): void {
  const per: usize = debiased != 0 ? 3 : 1;
  const sb = <usize>ST_SLOTS << 3;
  for (let k = 0; k < batch; k++) {
    const kk = <usize>k;
    const xk = x + (kk * <usize>n * <usize>d << 3), yk = y + (kk * <usize>m * <usize>d << 3);
    const ak = a + (kk * <usize>n << 3), bk = b + (kk * <usize>m << 3);
    const fk = f + (kk * <usize>n << 3), gk = g + (kk * <usize>m << 3);
    const st = stats + kk * per * sb;
    sinkhorn_f64(kind, xk, yk, n, m, d, ak, bk, eps, scaling, tol, maxIter, rho, omega, domain, scratch, fk, gk, 0, 0, 0, 0, st);
    if (debiased != 0) {
      sinkhorn_self_f64(kind, xk, n, d, ak, eps, scaling, tol, maxIter, rho, scratch,
        fSelf + (kk * <usize>n << 3), 0, 0, st + sb);
      sinkhorn_self_f64(kind, yk, m, d, bk, eps, scaling, tol, maxIter, rho, scratch,
        gSelf + (kk * <usize>m << 3), 0, 0, st + 2 * sb);
    }
  }
}

// ---- the training-loss form (executor instruction EXEC_SINKHORN) ----
// One f32 buffer `out` holds the result and everything the solve needs, so a compiled
// program plans it like any node value:
//   f32: [value, ∂value/∂x (n·d), ∂value/∂y (m·d)]   then, 16-aligned, f64:
//   x (n·d) | y (m·d) | a (n) | b (m) | f (n) | g (m) | fSelf (n) | gSelf (m) | ∂x | ∂y | stats (3·19, padded to even) | scratch

// @ts-ignore: decorator
@inline function lossHeaderBytes(n: i32, m: i32, d: i32): usize {
  return ((<usize>(1 + n * d + m * d) << 2) + 15) & ~(<usize>15);
}

/** f32 entries `out` needs for sinkhorn_loss_f32(n, m, d). */
export function sinkhorn_loss_floats(n: i32, m: i32, d: i32): usize {
  const nd = <usize>n * <usize>d, md = <usize>m * <usize>d;
  // + 10: each of the ten vector regions is padded to an even count
  const f64s: usize = (nd << 1) + (md << 1) + (<usize>n << 2) + (<usize>m << 2) + even(<usize>(3 * ST_SLOTS)) + 10;
  return (lossHeaderBytes(n, m, d) + (even(f64s) << 3) + sinkhorn_scratch_bytes(n, m)) >>> 2;
}

/**
 * OT_ε (debiased = 0) or S_ε (debiased != 0) between the uniform clouds x (n×d f32) and
 * y (m×d f32), with the gradients of that value with respect to x and y, into `out`
 * (layout above; out must not overlap x or y).
 */
export function sinkhorn_loss_f32(
  kind: i32, debiased: i32, x: usize, y: usize, n: i32, m: i32, d: i32, maxIter: i32,
  eps: f64, tol: f64, scaling: f64, rho: f64, out: usize,
): void {
  const nd = n * d, md = m * d;
  let p = out + lossHeaderBytes(n, m, d);
  const xs = p; p += even(<usize>nd) << 3;
  const ys = p; p += even(<usize>md) << 3;
  const a = p; p += even(<usize>n) << 3;
  const b = p; p += even(<usize>m) << 3;
  const f = p; p += even(<usize>n) << 3;
  const g = p; p += even(<usize>m) << 3;
  const fs = p; p += even(<usize>n) << 3;
  const gs = p; p += even(<usize>m) << 3;
  const gx = p; p += even(<usize>nd) << 3;
  const gy = p; p += even(<usize>md) << 3;
  const stats = p; p += even(<usize>(3 * ST_SLOTS)) << 3;
  const scratch = p;
  for (let k = 0; k < nd; k++) put(xs, k, <f64>load<f32>(x + (<usize>k << 2)));
  for (let k = 0; k < md; k++) put(ys, k, <f64>load<f32>(y + (<usize>k << 2)));
  for (let i = 0; i < n; i++) put(a, i, 1.0 / <f64>n);
  for (let j = 0; j < m; j++) put(b, j, 1.0 / <f64>m);
  memory.fill(gx, 0, <usize>nd << 3);
  memory.fill(gy, 0, <usize>md << 3);
  sinkhorn_f64(kind, xs, ys, n, m, d, a, b, eps, scaling, tol, maxIter, rho, 0, DOMAIN_AUTO, scratch, f, g, 0, gx, gy, 1.0, stats);
  const unbalanced = rho != Infinity;
  // uniform weights: Σa = Σb = 1
  let value = unbalanced ? at(stats, ST_UNB_DUAL) - eps * (at(stats, ST_MASS) - 1.0) : at(stats, ST_AF) + at(stats, ST_BG);
  if (debiased != 0) {
    const sb = <usize>ST_SLOTS << 3;
    sinkhorn_self_f64(kind, xs, n, d, a, eps, scaling, tol, maxIter, rho, scratch, fs, gx, -0.5, stats + sb);
    sinkhorn_self_f64(kind, ys, m, d, b, eps, scaling, tol, maxIter, rho, scratch, gs, gy, -0.5, stats + 2 * sb);
    for (let k = 1; k < 3; k++) {
      const st = stats + <usize>k * sb;
      value -= 0.5 * (unbalanced ? at(st, ST_UNB_DUAL) - eps * (at(st, ST_MASS) - 1.0) : at(st, ST_AF) + at(st, ST_BG));
    }
  }
  store<f32>(out, <f32>value);
  for (let k = 0; k < nd; k++) store<f32>(out + (<usize>(1 + k) << 2), <f32>at(gx, k));
  for (let k = 0; k < md; k++) store<f32>(out + (<usize>(1 + nd + k) << 2), <f32>at(gy, k));
}
