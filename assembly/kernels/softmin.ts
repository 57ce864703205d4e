// f64 kernels for entropic optimal transport: the pairwise ground cost and the stable
// log-sum-exp (softmin) over the rows of a cost matrix. Nothing here allocates.
//
// Only exact IEEE operations are used (never a fused multiply-add), so the SIMD128 and
// relaxed-SIMD builds give the same bits.

/** Ground costs: c(x, y) = ‖x−y‖², ½‖x−y‖², ‖x−y‖. */
export const COST_SQEUCLIDEAN: i32 = 0;
export const COST_HALF_SQEUCLIDEAN: i32 = 1;
export const COST_EUCLIDEAN: i32 = 2;

// ln 2 split so that k·LN2_HI is exact for |k| < 2^11 (see: fdlibm e_exp.c, Cody–Waite reduction)
const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LOG2E: f64 = 1.44269504088896338700e+00;
const SHIFTER: f64 = 6755399441055744.0; // 1.5·2^52
/** exp arguments are clamped to [EXP_MIN, EXP_MAX]: e^-708 ≈ 3e-308 is negligible next to the max term 1. */
export const EXP_MIN: f64 = -708.0;
export const EXP_MAX: f64 = 709.0;

/**
 * e^x per f64 lane for x in [-708, 709] (clamped outside), relative error below 4e-16.
 * x = k·ln2 + r with k = round(x·log2 e), |r| <= ½ln2; e^r by its Taylor polynomial of
 * degree 12 (remainder |r|^13/13! < 1.7e-16) in Estrin's scheme (short dependency chains);
 * 2^k built in the exponent bits. Rounding by the shifter 1.5·2^52 leaves k + 2^51 in the
 * low mantissa bits of t, so (bits(t) + 1023) << 52 is 2^k (see: the "magic number"
 * reduction of Muller, Elementary Functions, 3rd ed., §11.2).
 */
// @ts-ignore: decorator
@inline export function expF64x2(x: v128): v128 {
  // pmin/pmax (single instructions): x is never NaN here
  x = f64x2.pmin(f64x2.pmax(x, f64x2.splat(EXP_MIN)), f64x2.splat(EXP_MAX));
  const t = f64x2.add(f64x2.mul(x, f64x2.splat(LOG2E)), f64x2.splat(SHIFTER));
  const k = f64x2.sub(t, f64x2.splat(SHIFTER));
  let r = f64x2.sub(x, f64x2.mul(k, f64x2.splat(LN2_HI)));
  r = f64x2.sub(r, f64x2.mul(k, f64x2.splat(LN2_LO)));
  const r2 = f64x2.mul(r, r), r4 = f64x2.mul(r2, r2), r8 = f64x2.mul(r4, r4);
  const p01 = f64x2.add(f64x2.splat(1.0), r);
  const p23 = f64x2.add(f64x2.splat(1.0 / 2.0), f64x2.mul(r, f64x2.splat(1.0 / 6.0)));
  const p45 = f64x2.add(f64x2.splat(1.0 / 24.0), f64x2.mul(r, f64x2.splat(1.0 / 120.0)));
  const p67 = f64x2.add(f64x2.splat(1.0 / 720.0), f64x2.mul(r, f64x2.splat(1.0 / 5040.0)));
  const p89 = f64x2.add(f64x2.splat(1.0 / 40320.0), f64x2.mul(r, f64x2.splat(1.0 / 362880.0)));
  const pab = f64x2.add(f64x2.splat(1.0 / 3628800.0), f64x2.mul(r, f64x2.splat(1.0 / 39916800.0)));
  const q0 = f64x2.add(p01, f64x2.mul(p23, r2));
  const q1 = f64x2.add(p45, f64x2.mul(p67, r2));
  const q2 = f64x2.add(p89, f64x2.mul(pab, r2));
  const s0 = f64x2.add(q0, f64x2.mul(q1, r4));
  const s1 = f64x2.add(q2, f64x2.mul(f64x2.splat(1.0 / 479001600.0), r4)); // 1/12!
  const p = f64x2.add(s0, f64x2.mul(s1, r8));
  const scale = i64x2.shl(i64x2.add(t, i64x2.splat(1023)), 52);
  return f64x2.mul(p, scale);
}

/** Scalar e^x with the same polynomial as expF64x2 (lane 0), so tails give the same bits. */
// @ts-ignore: decorator
@inline export function expF64(x: f64): f64 {
  return f64x2.extract_lane(expF64x2(f64x2.splat(x)), 0);
}

/**
 * out[i·m + j] = c(x_i, y_j) for x (n×d) and y (m×d) row-major f64; when outT != 0 also
 * outT[j·n + i] = the same value (the transposed matrix, so column softmins stream rows).
 * Differences are formed directly (no ‖x‖² + ‖y‖² − 2x·y cancellation). Returns max c.
 */
export function cost_matrix_f64(kind: i32, x: usize, n: i32, y: usize, m: i32, d: i32, out: usize, outT: usize): f64 {
  let cmax: f64 = 0;
  for (let i = 0; i < n; i++) {
    const xi = x + (<usize>i * <usize>d << 3);
    for (let j = 0; j < m; j++) {
      const yj = y + (<usize>j * <usize>d << 3);
      let acc = f64x2.splat(0);
      let k = 0;
      for (; k + 2 <= d; k += 2) {
        const o = <usize>k << 3;
        const t = f64x2.sub(v128.load(xi + o), v128.load(yj + o));
        acc = f64x2.add(acc, f64x2.mul(t, t));
      }
      let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
      if (k < d) {
        const t = load<f64>(xi + (<usize>k << 3)) - load<f64>(yj + (<usize>k << 3));
        s += t * t;
      }
      const c = kind == COST_SQEUCLIDEAN ? s : kind == COST_HALF_SQEUCLIDEAN ? 0.5 * s : Math.sqrt(s);
      store<f64>(out + ((<usize>i * <usize>m + <usize>j) << 3), c);
      if (outT != 0) store<f64>(outT + ((<usize>j * <usize>n + <usize>i) << 3), c);
      if (c > cmax) cmax = c;
    }
  }
  return cmax;
}

/** max_j (h[j] − c[j]·invEps) over one row of m entries (−Inf when every h[j] is −Inf). */
export function row_max_shifted_f64(c: usize, h: usize, m: i32, invEps: f64): f64 {
  const ie = f64x2.splat(invEps);
  let m0 = f64x2.splat(-Infinity), m1 = m0;
  let j = 0;
  for (; j + 4 <= m; j += 4) {
    const o = <usize>j << 3;
    m0 = f64x2.pmax(m0, f64x2.sub(v128.load(h + o), f64x2.mul(v128.load(c + o), ie)));
    m1 = f64x2.pmax(m1, f64x2.sub(v128.load(h + o, 16), f64x2.mul(v128.load(c + o, 16), ie)));
  }
  m0 = f64x2.pmax(m0, m1);
  let mx = max<f64>(f64x2.extract_lane(m0, 0), f64x2.extract_lane(m0, 1));
  for (let t = j; t < m; t++) {
    const o = <usize>t << 3;
    mx = max<f64>(mx, load<f64>(h + o) - load<f64>(c + o) * invEps);
  }
  return mx;
}

/**
 * Log-sum-exp of one row: log Σ_j exp(h[j] − c[j]·invEps) over m entries, computed as
 * M + log Σ_j exp(z_j − M) with M = max_j z_j (two passes over a row that stays in cache).
 * h may hold −Inf (zero weight); at least one z_j must be finite.
 */
export function lse_row_f64(c: usize, h: usize, m: i32, invEps: f64): f64 {
  const ie = f64x2.splat(invEps);
  const mx = row_max_shifted_f64(c, h, m, invEps);
  const mv = f64x2.splat(mx);
  let s0 = f64x2.splat(0), s1 = s0;
  let j = 0;
  for (; j + 4 <= m; j += 4) {
    const o = <usize>j << 3;
    s0 = f64x2.add(s0, expF64x2(f64x2.sub(f64x2.sub(v128.load(h + o), f64x2.mul(v128.load(c + o), ie)), mv)));
    s1 = f64x2.add(s1, expF64x2(f64x2.sub(f64x2.sub(v128.load(h + o, 16), f64x2.mul(v128.load(c + o, 16), ie)), mv)));
  }
  s0 = f64x2.add(s0, s1);
  let s = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
  for (; j < m; j++) {
    const o = <usize>j << 3;
    s += expF64(load<f64>(h + o) - load<f64>(c + o) * invEps - mx);
  }
  return mx + Math.log(s);
}

/**
 * Softmin over the rows of an n×m cost matrix C:
 *   out[i] = −ε · log Σ_j exp(h[j] − C[i, j]/ε) · damping
 * (h = log b + g/ε gives the Sinkhorn update of f; damping = 1 for balanced OT,
 * ρ/(ρ+ε) for the unbalanced KL penalty). out must not overlap h.
 */
export function softmin_rows_f64(cm: usize, n: i32, m: i32, h: usize, eps: f64, damping: f64, out: usize): void {
  const invEps = 1.0 / eps;
  const rowB = <usize>m << 3;
  for (let i = 0; i < n; i++) {
    store<f64>(out + (<usize>i << 3), -eps * lse_row_f64(cm + <usize>i * rowB, h, m, invEps) * damping);
  }
}

/**
 * log Σ_j w_j exp((pot[j] − c[j])/ε) for a row of costs c with weights w (sum wsum > 0),
 * centred for ε >= the cost scale: with r_j = (pot_j − c_j)/ε small,
 *   log Σ_j w_j e^{r_j} = log W + log1p(Σ_j (w_j/W) expm1(r_j)),
 * which keeps the relative precision of the small r_j (the max-shifted form adds them to
 * log w_j ≈ −log m and loses about log(m)·ε·2^-52 in the potential; at ε/C = 1e12 that is
 * 1e-4 relative). Zero weights drop out.
 */
export function lse_centered_row_f64(c: usize, w: usize, pot: usize, m: i32, invEps: f64, logW: f64, invW: f64): f64 {
  let s: f64 = 0;
  for (let j = 0; j < m; j++) {
    const o = <usize>j << 3;
    const wj = load<f64>(w + o);
    if (wj > 0) s += wj * Math.expm1(Math.min((load<f64>(pot + o) - load<f64>(c + o)) * invEps, EXP_MAX));
  }
  return logW + Math.log1p(s * invW);
}

/**
 * The softmin of softmin_rows_f64 in the centred form of lse_centered_row_f64:
 *   out[i] = −ε · log Σ_j w_j exp((pot[j] − C[i, j])/ε) · damping.
 * Used when ε >= max C (then |pot − C|/ε stays of order 1). out must not overlap pot.
 */
export function softmin_centered_rows_f64(cm: usize, n: i32, m: i32, w: usize, pot: usize, eps: f64, damping: f64, out: usize): void {
  const invEps = 1.0 / eps;
  let wsum: f64 = 0;
  for (let j = 0; j < m; j++) wsum += load<f64>(w + (<usize>j << 3));
  const logW = Math.log(wsum), invW = 1.0 / wsum;
  const rowB = <usize>m << 3;
  for (let i = 0; i < n; i++) {
    store<f64>(out + (<usize>i << 3), -eps * lse_centered_row_f64(cm + <usize>i * rowB, w, pot, m, invEps, logW, invW) * damping);
  }
}
