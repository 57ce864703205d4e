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
 * Scratch a, z, t: d² f64 each; w: d f64; scratch: 2d f64. info[0] = min λ, info[1] = min μ
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
