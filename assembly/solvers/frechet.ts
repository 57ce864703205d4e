// Fréchet distance pieces: streaming mean/covariance accumulation in f64 and the trace term
// Tr √(√Σ1 Σ2 √Σ1) from symmetric eigendecompositions (never a general matrix square root).

import { gemmNtF64 } from "../kernels/pairwise";
import { eighF64 } from "../kernels/eigen";

/** Rows centred and transposed per accumulation block (scratch: d·CHUNK f64). */
export const COV_CHUNK: i32 = 128;

/**
 * Shifted sums over the n rows x_r of x (n×d, f32): s1 += Σ_r (x_r − c),
 * s2 += Σ_r (x_r − c)(x_r − c)ᵀ (upper triangle j >= i only), c = shift (f64, d).
 * Summing about a fixed shift close to the mean keeps the final
 * Σ = (s2 − s1 s1ᵀ/n)/(n − 1) free of cancellation, and sums are order-free, so batches
 * of any size give the same statistics up to rounding. scratch: d·COV_CHUNK f64.
 */
export function covAccumulateF32(x: usize, n: i32, d: i32, shift: usize, s1: usize, s2: usize, scratch: usize): void {
  for (let r0 = 0; r0 < n; r0 += COV_CHUNK) {
    const b = min(COV_CHUNK, n - r0);
    for (let r = 0; r < b; r++) {
      const xr = x + (<usize>((r0 + r) * d) << 2);
      for (let k = 0; k < d; k++) {
        store<f64>(scratch + (<usize>(k * b + r) << 3), <f64>load<f32>(xr + (<usize>k << 2)) - load<f64>(shift + (<usize>k << 3)));
      }
    }
    for (let k = 0; k < d; k++) {
      const xt = scratch + (<usize>(k * b) << 3);
      let s: f64 = 0;
      for (let r = 0; r < b; r++) s += load<f64>(xt + (<usize>r << 3));
      store<f64>(s1 + (<usize>k << 3), load<f64>(s1 + (<usize>k << 3)) + s);
    }
    gemmNtF64(d, d, b, scratch, b, scratch, b, s2, d, 1, 1);
  }
}

/**
 * mean = c + s1/n; cov = (s2 − s1 s1ᵀ/n)/(n − ddofDen) with ddofDen = n − 1 passed as den,
 * from the upper triangle of s2, written in full (symmetric). cov may equal s2.
 */
export function covFinalizeF64(count: f64, den: f64, d: i32, shift: usize, s1: usize, s2: usize, mean: usize, cov: usize): void {
  for (let k = 0; k < d; k++) {
    store<f64>(mean + (<usize>k << 3), load<f64>(shift + (<usize>k << 3)) + load<f64>(s1 + (<usize>k << 3)) / count);
  }
  for (let i = 0; i < d; i++) {
    const si = load<f64>(s1 + (<usize>i << 3));
    for (let j = i; j < d; j++) {
      const v = (load<f64>(s2 + (<usize>(i * d + j) << 3)) - si * load<f64>(s1 + (<usize>j << 3)) / count) / den;
      store<f64>(cov + (<usize>(i * d + j) << 3), v);
      store<f64>(cov + (<usize>(j * d + i) << 3), v);
    }
  }
}

/** a ← (a + aᵀ)/2 for a d×d f64 matrix. */
export function symmetrizeF64(a: usize, d: i32): void {
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const p = a + (<usize>(i * d + j) << 3), q = a + (<usize>(j * d + i) << 3);
      const v = (load<f64>(p) + load<f64>(q)) / 2;
      store<f64>(p, v);
      store<f64>(q, v);
    }
  }
}

/**
 * Tr √(√Σ1 Σ2 √Σ1) for symmetric positive semi-definite d×d f64 matrices s1, s2:
 *   Σ1 = Zᵀ diag(λ) Z (rows of Z eigenvectors), √Σ1 = Zᵀ diag(√max(λ, 0)) Z;
 *   √Σ1 Σ2 √Σ1 is orthogonally similar to M = S (Z Σ2 Zᵀ) S, S = diag(√max(λ, 0)), so
 *   Tr √(√Σ1 Σ2 √Σ1) = Σ_i √max(μ_i, 0) over the eigenvalues μ of the symmetric M.
 * Scratch a, z, t: d² f64 each; w: d f64; scratch: 3d f64. info[0] = min λ, info[1] = min μ
 * (before clamping; negative values are rounding of a singular matrix).
 * Returns NaN only if an eigensolve did not converge.
 */
export function frechetTraceF64(s1: usize, s2: usize, d: i32, a: usize, z: usize, t: usize, w: usize, scratch: usize, info: usize): f64 {
  const bytes = <usize>d * <usize>d << 3;
  memory.copy(a, s1, bytes);
  if (eighF64(a, d, w, z, scratch, 1) < 0) return NaN;
  let minL = Infinity;
  for (let i = 0; i < d; i++) {
    const l = load<f64>(w + (<usize>i << 3));
    minL = min<f64>(minL, l);
    store<f64>(w + (<usize>i << 3), Math.sqrt(max<f64>(l, 0)));
  }
  // t = Z Σ2 (Σ2 symmetric, so row j of Σ2 is its column j); a = upper(t Zᵀ)
  gemmNtF64(d, d, d, z, d, s2, d, t, d, 0, 0);
  gemmNtF64(d, d, d, t, d, z, d, a, d, 0, 1);
  for (let i = 0; i < d; i++) {
    const si = load<f64>(w + (<usize>i << 3));
    for (let j = i; j < d; j++) {
      const v = load<f64>(a + (<usize>(i * d + j) << 3)) * si * load<f64>(w + (<usize>j << 3));
      store<f64>(a + (<usize>(i * d + j) << 3), v);
      store<f64>(a + (<usize>(j * d + i) << 3), v);
    }
  }
  if (eighF64(a, d, t, 0, scratch, 0) < 0) return NaN;
  let trace: f64 = 0, minM = Infinity;
  for (let i = 0; i < d; i++) {
    const m = load<f64>(t + (<usize>i << 3));
    minM = min<f64>(minM, m);
    trace += Math.sqrt(max<f64>(m, 0));
  }
  store<f64>(info, minL);
  store<f64>(info, minM, 8);
  return trace;
}

/**
 * The same trace term from a pivoted Cholesky factorization instead of an eigendecomposition
 * of Σ1 (Higham, "Accuracy and Stability of Numerical Algorithms", §10.3): Pᵀ Σ1 P = Rᵀ R with
 * R upper trapezoidal, r × d, the factorization stopping when every remaining pivot is
 * <= d·ε·max diag(Σ1) (Σ1 positive semi-definite, rank r). Then Σ1 Σ2 is similar to the
 * symmetric M = R (Pᵀ Σ2 P) Rᵀ (r × r), so Tr √(√Σ1 Σ2 √Σ1) = Σ √max(μ_i, 0) over M's
 * eigenvalues. One eigenvalues-only decomposition instead of one with vectors: about 3×
 * faster at d = 2048. Scratch a, p, t: d² f64; w: d f64; scratch: 3d f64; piv: d i32.
 * info[0] = r, info[1] = min μ.
 */
export function frechetTraceCholeskyF64(s1: usize, s2: usize, d: i32, a: usize, p: usize, t: usize, w: usize,
  scratch: usize, piv: usize, info: usize): f64 {
  const row = <usize>d << 3;
  memory.copy(a, s1, <usize>d * row);
  let maxDiag: f64 = 0;
  for (let i = 0; i < d; i++) {
    maxDiag = max<f64>(maxDiag, load<f64>(a + <usize>i * row + (<usize>i << 3)));
    store<i32>(piv + (<usize>i << 2), i);
  }
  const tol = <f64>d * 2.220446049250313e-16 * maxDiag;
  // Blocked, right-looking by panels of NB rows (as LAPACK's dpstrf): inside a panel, row k of R
  // is A[k, k:] (up to date as of the panel start) minus the panel rows above it, and the
  // pivots come from the Schur diagonal kept in w; after the panel, the trailing upper
  // triangle gets one rank-NB update C −= Pᵀ P through gemmNtF64 (P = the panel's R rows
  // right of the panel, transposed into p and its negative into t).
  const NB = 64;
  const sw = (x: usize, y: usize): void => { const tmp = load<f64>(x); store<f64>(x, load<f64>(y)); store<f64>(y, tmp); };
  let r = 0;
  let done = false;
  for (let k0 = 0; k0 < d && !done; k0 += NB) {
    const k1max = min(d, k0 + NB);
    for (let i = k0; i < d; i++) store<f64>(w + (<usize>i << 3), load<f64>(a + <usize>i * row + (<usize>i << 3)));
    let k = k0;
    for (; k < k1max; k++) {
      let q = k, best = load<f64>(w + (<usize>k << 3));
      for (let i = k + 1; i < d; i++) {
        const v = load<f64>(w + (<usize>i << 3));
        if (v > best) { best = v; q = i; }
      }
      if (!(best > tol)) { done = true; break; }
      if (q != k) {
        // symmetric swap of indices k < q on the upper triangle: rows of R found so far swap
        // columns; A[k, k] ↔ A[q, q]; A[k, i] ↔ A[i, q] for k < i < q; A[k, i] ↔ A[q, i] for i > q
        for (let i = 0; i < k; i++) sw(a + <usize>i * row + (<usize>k << 3), a + <usize>i * row + (<usize>q << 3));
        sw(a + <usize>k * row + (<usize>k << 3), a + <usize>q * row + (<usize>q << 3));
        for (let i = k + 1; i < q; i++) sw(a + <usize>k * row + (<usize>i << 3), a + <usize>i * row + (<usize>q << 3));
        for (let i = q + 1; i < d; i++) sw(a + <usize>k * row + (<usize>i << 3), a + <usize>q * row + (<usize>i << 3));
        sw(w + (<usize>k << 3), w + (<usize>q << 3));
        const pk = load<i32>(piv + (<usize>k << 2));
        store<i32>(piv + (<usize>k << 2), load<i32>(piv + (<usize>q << 2)));
        store<i32>(piv + (<usize>q << 2), pk);
      }
      const rk = a + <usize>k * row;
      const len = d - k - 1;
      const dst = rk + (<usize>(k + 1) << 3);
      // row k −= Σ_{j = k0}^{k−1} R[j, k]·R[j, k+1:]
      for (let j = k0; j < k; j++) {
        const rj = a + <usize>j * row;
        const f = f64x2.splat(load<f64>(rj + (<usize>k << 3)));
        const src = rj + (<usize>(k + 1) << 3);
        let t2 = 0;
        for (; t2 + 2 <= len; t2 += 2) {
          const o = <usize>t2 << 3;
          v128.store(dst + o, f64x2.sub(v128.load(dst + o), f64x2.mul(f, v128.load(src + o))));
        }
        if (t2 < len) store<f64>(dst + (<usize>t2 << 3), load<f64>(dst + (<usize>t2 << 3)) - f64x2.extract_lane(f, 0) * load<f64>(src + (<usize>t2 << 3)));
      }
      const l = Math.sqrt(best);
      store<f64>(rk + (<usize>k << 3), l);
      for (let j = 0; j < len; j++) {
        const v = load<f64>(dst + (<usize>j << 3)) / l;
        store<f64>(dst + (<usize>j << 3), v);
        const wj = w + (<usize>(k + 1 + j) << 3);
        store<f64>(wj, load<f64>(wj) - v * v);
      }
      r = k + 1;
    }
    // trailing update of rows/columns >= k (the rows this panel finished: k0..k−1)
    const nb = k - k0, m = d - k;
    if (done || nb == 0 || m == 0) continue;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < nb; j++) {
        const v = load<f64>(a + <usize>(k0 + j) * row + (<usize>(k + i) << 3));
        store<f64>(p + (<usize>(i * nb + j) << 3), v);
        store<f64>(t + (<usize>(i * nb + j) << 3), -v);
      }
    }
    gemmNtF64(m, m, nb, t, nb, p, nb, a + <usize>k * row + (<usize>k << 3), d, 1, 1);
  }
  // R = rows 0..r−1 of a with zeros left of the diagonal
  for (let i = 0; i < r; i++) memory.fill(a + <usize>i * row, 0, <usize>i << 3);
  // p = Pᵀ Σ2 P: p[i, j] = Σ2[piv i, piv j]
  for (let i = 0; i < d; i++) {
    const si = s2 + <usize>load<i32>(piv + (<usize>i << 2)) * row, pi = p + <usize>i * row;
    for (let j = 0; j < d; j++) store<f64>(pi + (<usize>j << 3), load<f64>(si + (<usize>load<i32>(piv + (<usize>j << 2)) << 3)));
  }
  let trace: f64 = 0, minM = Infinity;
  if (r > 0) {
    // t = R p (r × d; p symmetric so its row j is its column j); M = upper(t Rᵀ) into p (r × r, ld d)
    gemmNtF64(r, d, d, a, d, p, d, t, d, 0, 0);
    gemmNtF64(r, r, d, t, d, a, d, p, d, 0, 1);
    for (let i = 0; i < r; i++) {
      for (let j = i + 1; j < r; j++) store<f64>(p + <usize>j * row + (<usize>i << 3), load<f64>(p + <usize>i * row + (<usize>j << 3)));
    }
    // compact M to r × r contiguous (in t) for the eigensolver
    for (let i = 0; i < r; i++) memory.copy(t + (<usize>(i * r) << 3), p + <usize>i * row, <usize>r << 3);
    if (eighF64(t, r, w, 0, scratch, 0) < 0) return NaN;
    for (let i = 0; i < r; i++) {
      const m = load<f64>(w + (<usize>i << 3));
      minM = min<f64>(minM, m);
      trace += Math.sqrt(max<f64>(m, 0));
    }
  }
  store<f64>(info, <f64>r);
  store<f64>(info, minM, 8);
  return trace;
}
