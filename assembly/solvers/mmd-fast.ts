// The fast path of the MMD / KID / energy-distance kernel sums (method 'gemm' of
// bindings/metrics/mmd.ts). Two loops, both f64-accumulated, both returning an error bound:
//
// - kernelSumsGemmF32 (d > DIRECT_MAX_DIM): x·y by the f32 SIMD gemm (kernels/gemm.ts, NT) in
//   T×T tiles and k-chunks of KCH, each chunk's f32 result promoted and summed in f64, so
//   |ĝ − x·y| <= cg·‖x‖‖y‖ with cg = γ_KCH + γ⁽⁶⁴⁾_{d/KCH+1} (any summation order of KCH
//   terms; fused or not). Distance kernels run on data centred by the pooled mean (the binding
//   does that: D is shift invariant, centring removes ‖μ‖² from the cancellation), D =
//   max(‖x‖² + ‖y‖² − 2ĝ, 0); with a = ‖x_i‖, b = ‖y_j‖ the binding passes the per-pair
//   |ΔD| <= cD·ab + cC·(a + b)² and the loop sums a per-pair bound |Δk| (pairBound).
//   Only tiles on or above the diagonal for x with itself; its diagonal uses D = 0 and
//   g = ‖x_i‖² (f64) exactly.
// - kernelSumsDirectF64 (small d): D from the differences x_k − y_k in f64 (no cancellation),
//   two pairs per f64x2, SIMD exp (expF64x2); y is passed transposed (d × m, f64).
//
// out = [Σ k, Σ diag k, Σ bound over all pairs, Σ bound over the diagonal, Σ |k|].

import { gemm_f32 } from "../kernels/gemm";
import {
  kernelValue, KERNEL_LINEAR, KERNEL_RBF, KERNEL_POLY, KERNEL_LAPLACIAN, KERNEL_IMQ, KERNEL_DISTANCE,
} from "../kernels/pairwise";
import { expF64x2 } from "../kernels/softmin";

/** Tile edge of the gemm path: scratch T² f32 + T² f64. */
export const FAST_TILE: i32 = 128;
/** k-chunk of one f32 gemm call: f32 sums of at most KCH products. */
export const FAST_KCHUNK: i32 = 256;

const U64: f64 = 1.1102230246251565e-16; // 2⁻⁵³

/** e^x − 1 for x >= 0 (an upper bound: x/(1 − x) >= e^x − 1 for 0 <= x < 1). */
// @ts-ignore: decorator
@inline function expm1Upper(x: f64): f64 {
  return x < 0.5 ? x / (1 - x) : Math.exp(x) - 1;
}

/** √D's error when D has error <= e: min(√e, e/√D). */
// @ts-ignore: decorator
@inline function sqrtErr(dist2: f64, e: f64): f64 {
  const s = Math.sqrt(dist2), r = Math.sqrt(e);
  return s > 0 ? min<f64>(r, e / s) : r;
}

/**
 * An upper bound of |k(true) − k̂| for one pair: k̂ = k(ĝ, D̂) computed, |g − ĝ| <= eg,
 * |D − D̂| <= eD (D̂ >= 0 after the clamp; the clamp only moves D̂ toward D >= 0).
 */
// @ts-ignore: decorator
@inline function pairBound(kind: i32, params: usize, nparams: i32, g: f64, dist2: f64, k: f64, eg: f64, eD: f64): f64 {
  if (kind == KERNEL_LINEAR) return eg + U64 * abs(g);
  if (kind == KERNEL_POLY) {
    const gam = load<f64>(params), c = load<f64>(params, 8), deg = load<f64>(params, 16);
    const base = gam * g + c;
    const db = abs(gam) * eg + 2 * U64 * (abs(gam * g) + abs(c));
    // MVT: |b^p − b'^p| <= p·max(|b|, |b'|)^(p−1)·|b − b'| (p >= 1); |b − b'|^p (p < 1)
    const t = abs(base) + db;
    const e = deg == 3 ? 3 * t * t * db : deg == 2 ? 2 * t * db : deg >= 1 ? deg * Math.pow(t, deg - 1) * db : Math.pow(db, deg);
    return e + 4 * U64 * abs(k);
  }
  if (kind == KERNEL_RBF) {
    // e^{pD} for D within eD of D̂ lies within k̂_s·e^{±|p|eD}
    if (nparams == 1) return k * expm1Upper(-load<f64>(params) * eD) + 2 * U64 * k;
    let s: f64 = 0;
    for (let q = 0; q < nparams; q++) {
      const p = load<f64>(params + (<usize>q << 3));
      s += Math.exp(p * dist2) * expm1Upper(-p * eD);
    }
    return s + 2 * U64 * k;
  }
  if (kind == KERNEL_LAPLACIAN) return k * expm1Upper(-load<f64>(params) * sqrtErr(dist2, eD)) + 2 * U64 * k;
  if (kind == KERNEL_IMQ) {
    const c2 = load<f64>(params), beta = load<f64>(params, 8);
    const t = c2 + max<f64>(dist2 - eD, 0);
    return beta * Math.pow(t, -beta - 1) * eD + 4 * U64 * k;
  }
  return sqrtErr(dist2, eD) + U64 * abs(k);
}

/**
 * Kernel sums of x (n×d) and y (m×d), f32 rows (centred for the distance kernels, raw for
 * linear and polynomial), by f32 gemm tiles with f64 chunk sums (see the file comment).
 * nx, ny: ‖row‖² in f64. Per pair |Δg| <= cg·ab and |ΔD| <= cD·ab + cC·(a + b)².
 * same != 0: y is x. g32: T² f32, g64: T² f64 scratch. out: 5 f64 (file comment).
 */
export function kernelSumsGemmF32(kind: i32, params: usize, nparams: i32, x: usize, n: i32, y: usize, m: i32, d: i32,
  same: i32, nx: usize, ny: usize, cg: f64, cD: f64, cC: f64, g32: usize, g64: usize, out: usize): void {
  const T = FAST_TILE;
  const row = <usize>d << 2;
  let total: f64 = 0, diag: f64 = 0, bound: f64 = 0, boundDiag: f64 = 0, absSum: f64 = 0;
  for (let i0 = 0; i0 < n; i0 += T) {
    const bi = min(T, n - i0);
    for (let j0 = same != 0 ? i0 : 0; j0 < m; j0 += T) {
      const bj = min(T, m - j0);
      for (let k0 = 0; k0 < d; k0 += FAST_KCHUNK) {
        const kc = min(FAST_KCHUNK, d - k0);
        const ko = <usize>k0 << 2;
        gemm_f32(false, true, bi, bj, kc, 1, x + <usize>i0 * row + ko, d, y + <usize>j0 * row + ko, d, 0, g32, T);
        for (let i = 0; i < bi; i++) {
          const r32 = g32 + (<usize>(i * T) << 2), r64 = g64 + (<usize>(i * T) << 3);
          if (k0 == 0) {
            for (let j = 0; j < bj; j++) store<f64>(r64 + (<usize>j << 3), <f64>load<f32>(r32 + (<usize>j << 2)));
          } else {
            for (let j = 0; j < bj; j++) {
              const p = r64 + (<usize>j << 3);
              store<f64>(p, load<f64>(p) + <f64>load<f32>(r32 + (<usize>j << 2)));
            }
          }
        }
      }
      const diagTile = i0 == j0;
      let s: f64 = 0, sb: f64 = 0, sa: f64 = 0;
      for (let i = 0; i < bi; i++) {
        const gi = i0 + i;
        const ni = load<f64>(nx + (<usize>gi << 3)), ai = Math.sqrt(ni);
        const r64 = g64 + (<usize>(i * T) << 3);
        const jStart = same != 0 && diagTile ? i + 1 : 0;
        for (let j = jStart; j < bj; j++) {
          const nj = load<f64>(ny + (<usize>(j0 + j) << 3)), bjn = Math.sqrt(nj);
          const g = load<f64>(r64 + (<usize>j << 3));
          const dist2 = max<f64>(ni + nj - 2 * g, 0);
          const ab = ai * bjn, apb = ai + bjn;
          const k = kernelValue(kind, params, nparams, g, dist2);
          const e = pairBound(kind, params, nparams, g, dist2, k, cg * ab, cD * ab + cC * apb * apb);
          s += k; sb += e; sa += abs(k);
          if (same == 0 && diagTile && j == i) { diag += k; boundDiag += e; }
        }
        if (same != 0 && diagTile) {
          // x_i with itself: D = 0 and g = ‖x_i‖² exactly
          const k = kernelValue(kind, params, nparams, ni, 0);
          diag += k; absSum += abs(k);
        }
      }
      const w: f64 = same != 0 ? 2 : 1;
      total += w * s; bound += w * sb; absSum += w * sa;
    }
  }
  store<f64>(out, total + diag * <f64>(same != 0 ? 1 : 0));
  store<f64>(out, diag, 8);
  store<f64>(out, bound, 16);
  store<f64>(out, boundDiag, 24);
  store<f64>(out, absSum, 32);
}

// ---- the small-d path ----

// @ts-ignore: decorator
@inline function splat(v: f64): v128 { return f64x2.splat(v); }

/** Test hook: out[i] = expF64x2(x[i]) for n values (n even). */
export function expF64x2Array(x: usize, n: i32, out: usize): void {
  for (let i = 0; i + 2 <= n; i += 2) v128.store(out + (<usize>i << 3), expF64x2(v128.load(x + (<usize>i << 3))));
}

/** Relative error bound of kernels/softmin.ts expF64x2 for −708 <= x <= 0 (below, it gives e^−708 ≈ 3e-308 for a true value under that), in units of 2⁻⁵³. */
export const EXP_REL_ERR: f64 = 8 * U64;

/** k for two pairs at once from D (dist2) and g (see kernels/pairwise.ts kinds). */
// @ts-ignore: decorator
@inline function kernelVec(kind: i32, params: usize, nparams: i32, g: v128, dist2: v128): v128 {
  if (kind == KERNEL_RBF) {
    let s = splat(0);
    for (let q = 0; q < nparams; q++) s = f64x2.add(s, expF64x2(f64x2.mul(splat(load<f64>(params + (<usize>q << 3))), dist2)));
    return s;
  }
  if (kind == KERNEL_DISTANCE) return f64x2.neg(f64x2.sqrt(dist2));
  if (kind == KERNEL_LAPLACIAN) return expF64x2(f64x2.mul(splat(load<f64>(params)), f64x2.sqrt(dist2)));
  if (kind == KERNEL_LINEAR) return g;
  if (kind == KERNEL_IMQ && load<f64>(params, 8) == 0.5) return f64x2.div(splat(1), f64x2.sqrt(f64x2.add(splat(load<f64>(params)), dist2)));
  if (kind == KERNEL_POLY) {
    const deg = load<f64>(params, 16);
    const base = f64x2.add(f64x2.mul(splat(load<f64>(params)), g), splat(load<f64>(params, 8)));
    if (deg == 3) return f64x2.mul(f64x2.mul(base, base), base);
    if (deg == 2) return f64x2.mul(base, base);
    if (deg == 1) return base;
  }
  // the rest lane by lane
  const k0 = kernelValue(kind, params, nparams, f64x2.extract_lane(g, 0), f64x2.extract_lane(dist2, 0));
  const k1 = kernelValue(kind, params, nparams, f64x2.extract_lane(g, 1), f64x2.extract_lane(dist2, 1));
  return f64x2.replace_lane(splat(k0), 1, k1);
}

/** Scalar kernel value for the tails, computed with the same formulas as kernelVec (SIMD exp in lane 0). */
// @ts-ignore: decorator
@inline function kernelOne(kind: i32, params: usize, nparams: i32, g: f64, dist2: f64): f64 {
  return f64x2.extract_lane(kernelVec(kind, params, nparams, splat(g), splat(dist2)), 0);
}

/**
 * Kernel sums for small d from exact differences: x rows f32 (n×d), yt = y transposed in
 * f64 (d × m, row stride m). D = Σ_k (x_k − y_k)² and g = Σ_k x_k y_k in f64. same != 0: y is
 * x (pairs j > i, counted twice, plus the diagonal k(‖x_i‖², 0)). out: [Σ k, Σ diag, 0, 0, Σ |k|]
 * (the bound is a priori, computed by the binding).
 */
export function kernelSumsDirectF64(kind: i32, params: usize, nparams: i32, x: usize, n: i32, yt: usize, m: i32, d: i32,
  same: i32, out: usize): void {
  const row = <usize>d << 2, col = <usize>m << 3;
  let total: f64 = 0, diag: f64 = 0, absSum: f64 = 0;
  const needG = kind == KERNEL_LINEAR || kind == KERNEL_POLY;
  for (let i = 0; i < n; i++) {
    const xi = x + <usize>i * row;
    let acc0 = splat(0), acc1 = splat(0), abs0 = splat(0);
    let j = same != 0 ? i + 1 : 0;
    for (; j + 4 <= m; j += 4) {
      let d0 = splat(0), d1 = splat(0), g0 = splat(0), g1 = splat(0);
      let p = yt + (<usize>j << 3);
      for (let k = 0; k < d; k++) {
        const xv = splat(<f64>load<f32>(xi + (<usize>k << 2)));
        const y0 = v128.load(p), y1 = v128.load(p, 16);
        if (needG) {
          g0 = f64x2.add(g0, f64x2.mul(xv, y0)); g1 = f64x2.add(g1, f64x2.mul(xv, y1));
        } else {
          const t0 = f64x2.sub(xv, y0), t1 = f64x2.sub(xv, y1);
          d0 = f64x2.add(d0, f64x2.mul(t0, t0)); d1 = f64x2.add(d1, f64x2.mul(t1, t1));
        }
        p += col;
      }
      const k0 = kernelVec(kind, params, nparams, g0, d0), k1 = kernelVec(kind, params, nparams, g1, d1);
      acc0 = f64x2.add(acc0, k0); acc1 = f64x2.add(acc1, k1);
      abs0 = f64x2.add(abs0, f64x2.add(f64x2.abs(k0), f64x2.abs(k1)));
    }
    const v = f64x2.add(acc0, acc1);
    let s = f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
    let sa = f64x2.extract_lane(abs0, 0) + f64x2.extract_lane(abs0, 1);
    for (; j < m; j++) {
      let dist2: f64 = 0, g: f64 = 0;
      for (let k = 0; k < d; k++) {
        const a = <f64>load<f32>(xi + (<usize>k << 2)), b = load<f64>(yt + <usize>k * col + (<usize>j << 3));
        if (needG) g += a * b;
        else { const t = a - b; dist2 += t * t; }
      }
      const kv = kernelOne(kind, params, nparams, g, dist2);
      s += kv; sa += abs(kv);
    }
    if (same != 0) {
      let nrm: f64 = 0;
      for (let k = 0; k < d; k++) { const a = <f64>load<f32>(xi + (<usize>k << 2)); nrm += a * a; }
      const kd = kernelOne(kind, params, nparams, nrm, 0);
      diag += kd;
      total += 2 * s + kd;
      absSum += 2 * sa + abs(kd);
    } else {
      total += s;
      absSum += sa;
      if (i < m) {
        let dist2: f64 = 0, g: f64 = 0;
        for (let k = 0; k < d; k++) {
          const a = <f64>load<f32>(xi + (<usize>k << 2)), b = load<f64>(yt + <usize>k * col + (<usize>i << 3));
          if (needG) g += a * b;
          else { const t = a - b; dist2 += t * t; }
        }
        diag += kernelOne(kind, params, nparams, g, dist2);
      }
    }
  }
  store<f64>(out, total);
  store<f64>(out, diag, 8);
  store<f64>(out, 0, 16);
  store<f64>(out, 0, 24);
  store<f64>(out, absSum, 32);
}

/**
 * Pooled mean μ (f64, d) of x (n×d) and y (m×d), then the centred copies xc = f32(x − μ),
 * yc = f32(y − μ) (the differences in f64, one rounding to f32), and yt = y transposed in f64
 * when yt != 0. Only scratch the binding reserved is written.
 */
export function centreF32(x: usize, n: i32, y: usize, m: i32, d: i32, mean: usize, xc: usize, yc: usize): void {
  for (let k = 0; k < d; k++) store<f64>(mean + (<usize>k << 3), 0);
  const row = <usize>d << 2;
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) {
    const p = mean + (<usize>k << 3);
    store<f64>(p, load<f64>(p) + <f64>load<f32>(x + <usize>i * row + (<usize>k << 2)));
  }
  for (let i = 0; i < m; i++) for (let k = 0; k < d; k++) {
    const p = mean + (<usize>k << 3);
    store<f64>(p, load<f64>(p) + <f64>load<f32>(y + <usize>i * row + (<usize>k << 2)));
  }
  const inv = 1.0 / <f64>(n + m);
  for (let k = 0; k < d; k++) store<f64>(mean + (<usize>k << 3), load<f64>(mean + (<usize>k << 3)) * inv);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) {
    const o = <usize>i * row + (<usize>k << 2);
    store<f32>(xc + o, <f32>(<f64>load<f32>(x + o) - load<f64>(mean + (<usize>k << 3))));
  }
  for (let i = 0; i < m; i++) for (let k = 0; k < d; k++) {
    const o = <usize>i * row + (<usize>k << 2);
    store<f32>(yc + o, <f32>(<f64>load<f32>(y + o) - load<f64>(mean + (<usize>k << 3))));
  }
}

/** yt[k·m + j] = y[j·d + k] (f64) for the direct path. */
export function transposeToF64(y: usize, m: i32, d: i32, yt: usize): void {
  for (let j = 0; j < m; j++) for (let k = 0; k < d; k++) {
    store<f64>(yt + (<usize>(k * m + j) << 3), <f64>load<f32>(y + (<usize>(j * d + k) << 2)));
  }
}
