// Vectorized f32x4 elementary functions for the elementwise kernels.
//
// Only exactly rounded wasm ops are used (never relaxed_madd or madd from simd.ts), so the
// SIMD128 and relaxed builds return the same bits. Max errors against f64 Math.*, measured
// over the whole f32 range by tests/kernels/math.test.ts, are in docs/kernels-elementwise.md.
//
// exp/expm1: x = n·ln2 + r with |r| <= ln2/2 (Cody–Waite: ln2 split in two so n·ln2_hi is
// exact), e^r = 1 + expm1(r), expm1(r) = r + r²·Q(r), then scaled by 2^n in two exact steps.
// log/log1p: x = 2^e·m with m in [sqrt(1/2), sqrt(2)), f = m - 1, s = f/(2+f) and
// log(1+f) = 2·atanh(s) = f - f²/2 + s·(f²/2 + R(s²)).
// see: fdlibm e_exp.c and e_log.c (Sun Microsystems, 1993) for both reductions.
// pow: |x|^p = e^(p·ln|x|) evaluated in f64 (f64x2 lanes, exact IEEE ops only), then rounded
// once to f32. In f32, p·ln|x| would carry an absolute error of ~|p·ln|x||·2⁻²⁴, which e^t
// turns into a relative error of the same size: up to ~100 ulp for results near the ends
// of the f32 range. In f64 the error before the final rounding is below 2⁻³³ relative, so
// the result is within 0.5 ulp + 2⁻⁹ ulp. The same choice as powf in ARM's
// optimized-routines (see: github.com/ARM-software/optimized-routines, math/powf.c),
// without its tables.

import { maddExact } from "./simd";

// ln 2 = LN2_HI + LN2_LO. LN2_HI has 15 significant bits, so n·LN2_HI is exact for |n| < 512.
const LN2_HI: f32 = 0.693145751953125; // 0x3f317200
const LN2_LO: f32 = 0.0000014286068; // 0x35bfbe8e, ln 2 - LN2_HI rounded
const LOG2E: f32 = 1.442695; // 0x3fb8aa3b

// Q(r) ≈ (e^r - 1 - r)/r² on [-ln2/2, ln2/2]: Chebyshev fit of degree 4 (mpmath.chebyfit),
// coefficients rounded to f32. Fit error in e^r: 0.17·2^-24 relative; in expm1(r): 0.41·2^-24.
const Q0: f32 = 0.5;
const Q1: f32 = 0.16666576; // 0x3e2aaa6e
const Q2: f32 = 0.041666552; // 0x3d2aaa8c
const Q3: f32 = 0.008363233; // 0x3c0905f1
const Q4: f32 = 0.001392625; // 0x3ab688be

// The same Q to degree 5 (for expm1): fit error 0.03·2^-24 relative in expm1(r).
const P1: f32 = 0.16666667; // 0x3e2aaaab
const P2: f32 = 0.041666463;
const P3: f32 = 0.0083333105;
const P4: f32 = 0.0013933731;
const P5: f32 = 0.00019891080;

// R(z) = z·(2/3 + z·(2/5 + z·(2/7 + z·2/9))), z = s² <= 0.0295: atanh's Taylor series,
// truncated where the next term (2z⁵/11) is below 2^-28 relative.
const L1: f32 = 0.6666667; // 0x3f2aaaab
const L2: f32 = 0.4; // 0x3ecccccd
const L3: f32 = 0.2857143; // 0x3e924925
const L4: f32 = 0.22222222; // 0x3e638e39

// tanh(x)/x - 1 ≈ z·P(z), z = x² in [0, 0.55²]: Chebyshev fit of degree 4 (mpmath.chebyfit),
// coefficients rounded to f32; error 0.09·2^-24 relative in tanh.
const TANH_SMALL: f32 = 0.55;
const T0: f32 = -0.3333333; // 0xbeaaaaaa
const T1: f32 = 0.13333113;
const T2: f32 = -0.05390943;
const T3: f32 = 0.021309389;
const T4: f32 = -0.0066102277;

// exp's argument is clamped to [EXP_MIN, EXP_MAX]: e^-104 < 2^-150 rounds to 0, e^89 > FLT_MAX.
const EXP_MIN: f32 = -104;
const EXP_MAX: f32 = 89;
// tanh|x| rounds to 1 from |x| = 13·ln2/2 ≈ 9.01 up; clamping at 10 keeps expm1(2|x|) finite.
const TANH_CLAMP: f32 = 10;
const SHIFTER: f32 = 12582912; // 1.5·2^23
const SHIFTER_BITS: i32 = 0x4b400000;
const SQRT_HALF_BITS: i32 = 0x3f3504f3; // bits of sqrt(1/2) rounded down
const MIN_NORMAL: f32 = 1.1754944e-38; // 2^-126
const TWO_POW_23: f32 = 8388608;

/** 2^k for integer lanes k in [-126, 127]: the exponent field k + 127. */
// @ts-ignore: decorator
@inline function pow2i(k: v128): v128 {
  return i32x4.shl(i32x4.add(k, i32x4.splat(127)), 23);
}

/** v·2^k for integer lanes k in [-160, 130], rounding once: v·2^(k>>1) is exact for v in
 *  [1/2, 2], so only the second factor can overflow to +Inf or round into the subnormals. */
// @ts-ignore: decorator
@inline function scaleBy2k(v: v128, k: v128): v128 {
  const k1 = i32x4.shr_s(k, 1);
  return f32x4.mul(f32x4.mul(v, pow2i(k1)), pow2i(i32x4.sub(k, k1)));
}

/** round(x / ln 2) + 1.5·2^23 for |x| < 2^21: adding the shifter rounds to nearest, and the
 *  integer lands in the low mantissa bits (the classic shifter trick, no float-to-int convert). */
// @ts-ignore: decorator
@inline function expShifted(x: v128): v128 {
  return f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(SHIFTER));
}

/** n as f32 lanes, exactly. */
// @ts-ignore: decorator
@inline function expN(shifted: v128): v128 {
  return f32x4.sub(shifted, f32x4.splat(SHIFTER));
}

/** n as i32 lanes. */
// @ts-ignore: decorator
@inline function expK(shifted: v128): v128 {
  return i32x4.sub(shifted, i32x4.splat(SHIFTER_BITS));
}

/** x - n·LN2_HI: exact (Cody–Waite), as n·LN2_HI is exact and close to x. */
// @ts-ignore: decorator
@inline function expHi(x: v128, n: v128): v128 {
  return f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
}

/** The rounding error c = (hi - r) - nlo of r = hi - nlo (Fast2Sum, Dekker 1971: |hi| >= |nlo|). */
// @ts-ignore: decorator
@inline function expC(hi: v128, nlo: v128, r: v128): v128 {
  return f32x4.sub(f32x4.sub(hi, r), nlo);
}

/** expm1(r + c) - r = r²·Q(r) + c·(1 + r) + O(c·r²) for |r| <= ln2/2, |c| <= ulp(r)/2.
 *  `fine` (a constant) picks the degree-5 Q that expm1 needs near its cancellation at n = ±1. */
// @ts-ignore: decorator
@inline function expm1Tail(r: v128, c: v128, fine: bool): v128 {
  let q: v128;
  if (fine) {
    q = maddExact(f32x4.splat(P5), r, f32x4.splat(P4));
    q = maddExact(q, r, f32x4.splat(P3));
    q = maddExact(q, r, f32x4.splat(P2));
    q = maddExact(q, r, f32x4.splat(P1));
  } else {
    q = maddExact(f32x4.splat(Q4), r, f32x4.splat(Q3));
    q = maddExact(q, r, f32x4.splat(Q2));
    q = maddExact(q, r, f32x4.splat(Q1));
  }
  q = maddExact(q, r, f32x4.splat(Q0));
  return maddExact(r, maddExact(r, q, c), c);
}

/** 1 + r + lo rounded once: 1 + r is split exactly (Fast2Sum, |r| < 1) before lo joins. */
// @ts-ignore: decorator
@inline function onePlus(r: v128, lo: v128): v128 {
  const one = f32x4.splat(1);
  const t = f32x4.add(one, r);
  return f32x4.add(t, f32x4.add(f32x4.add(f32x4.sub(one, t), r), lo));
}

/** e^x lane-wise: +Inf above ~88.72, gradual underflow to subnormals, 0 below ~-103.97, NaN → NaN. */
// @ts-ignore: decorator
@inline export function expF32x4(x: v128): v128 {
  // pmax/pmin return their first operand when it is NaN
  const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(EXP_MIN)), f32x4.splat(EXP_MAX));
  const shifted = expShifted(xc);
  const n = expN(shifted);
  const hi = expHi(xc, n);
  const nlo = f32x4.mul(n, f32x4.splat(LN2_LO));
  const r = f32x4.sub(hi, nlo);
  const lo = expm1Tail(r, expC(hi, nlo, r), false);
  return scaleBy2k(onePlus(r, lo), expK(shifted));
}

/** e^x - 1 lane-wise, accurate near 0; -1 below ~-17.3, +Inf above ~88.72, ±0 → ±0. */
// @ts-ignore: decorator
@inline export function expm1F32x4(x: v128): v128 {
  const one = f32x4.splat(1);
  const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(EXP_MIN)), f32x4.splat(EXP_MAX));
  const shifted = expShifted(xc);
  const n = expN(shifted);
  const hi = expHi(xc, n);
  const nlo = f32x4.mul(n, f32x4.splat(LN2_LO));
  const r = f32x4.sub(hi, nlo);
  const lo = expm1Tail(r, expC(hi, nlo, r), true);
  const k = expK(shifted);
  // |n| <= 24: s = 2^n and 1 - s are exact; expm1 x = (s·r - (1 - s)) + s·lo, which is r + lo at n = 0
  const s = pow2i(i32x4.min_s(i32x4.max_s(k, i32x4.splat(-24)), i32x4.splat(24)));
  const near = maddExact(s, lo, f32x4.sub(f32x4.mul(s, r), f32x4.sub(one, s)));
  // |n| > 24: the -1 is either everything (x < -16.6) or below half an ulp (x > 16.6)
  const far = f32x4.sub(scaleBy2k(onePlus(r, lo), k), one);
  const y = v128.bitselect(near, far, f32x4.le(f32x4.abs(n), f32x4.splat(24)));
  return v128.bitselect(x, y, f32x4.eq(x, f32x4.splat(0))); // expm1(-0) = -0
}

/** The exponent e of xs = 2^e·m with m in [sqrt(1/2), sqrt(2)) (i32 lanes), for finite xs > 0. */
// @ts-ignore: decorator
@inline function logExponent(xs: v128): v128 {
  // subtracting sqrt(1/2)'s bits moves the binade edge from 1 to sqrt(1/2)
  return i32x4.shr_s(i32x4.sub(xs, i32x4.splat(SQRT_HALF_BITS)), 23);
}

/** f = m - 1 for xs = 2^e·m, m in [sqrt(1/2), sqrt(2)); exact (Sterbenz). */
// @ts-ignore: decorator
@inline function logFraction(xs: v128): v128 {
  const t = i32x4.sub(xs, i32x4.splat(SQRT_HALF_BITS));
  const m = i32x4.add(v128.and(t, i32x4.splat(0x7fffff)), i32x4.splat(SQRT_HALF_BITS));
  return f32x4.sub(m, f32x4.splat(1));
}

/** e·ln 2 + log(1 + f) + c for f in [sqrt(1/2) - 1, sqrt(2) - 1), e integral (f32 lanes), c tiny. */
// @ts-ignore: decorator
@inline function logCombine(e: v128, f: v128, c: v128): v128 {
  const s = f32x4.div(f, f32x4.add(f32x4.splat(2), f));
  const z = f32x4.mul(s, s);
  let r = maddExact(f32x4.splat(L4), z, f32x4.splat(L3));
  r = maddExact(r, z, f32x4.splat(L2));
  r = maddExact(r, z, f32x4.splat(L1));
  r = f32x4.mul(r, z);
  const hfsq = f32x4.mul(f32x4.mul(f32x4.splat(0.5), f), f);
  // e·ln2_hi - ((hfsq - (s·(hfsq + R) + (e·ln2_lo + c))) - f): the small terms are summed first
  const small = f32x4.add(f32x4.mul(s, f32x4.add(hfsq, r)), maddExact(e, f32x4.splat(LN2_LO), c));
  return f32x4.sub(f32x4.mul(e, f32x4.splat(LN2_HI)), f32x4.sub(f32x4.sub(hfsq, small), f));
}

/** ln x lane-wise: 0 → -Inf, x < 0 → NaN, +Inf → +Inf, NaN → NaN; subnormals are prescaled. */
// @ts-ignore: decorator
@inline export function logF32x4(x: v128): v128 {
  const zero = f32x4.splat(0);
  // subnormals: scale by 2^23 into the normal range and take 23 off the exponent
  const sub = f32x4.lt(x, f32x4.splat(MIN_NORMAL));
  const xs = v128.bitselect(f32x4.mul(x, f32x4.splat(TWO_POW_23)), x, sub);
  const e = f32x4.convert_i32x4_s(i32x4.sub(logExponent(xs), v128.and(sub, i32x4.splat(23))));
  let y = logCombine(e, logFraction(xs), f32x4.splat(0));
  y = v128.bitselect(f32x4.splat(-Infinity), y, f32x4.eq(x, zero));
  y = v128.bitselect(f32x4.splat(NaN), y, f32x4.lt(x, zero));
  return v128.bitselect(x, y, v128.not(f32x4.lt(x, f32x4.splat(Infinity)))); // +Inf, NaN
}

/** ln(1 + x) for x > -1, x < +Inf, or NaN (NaN stays NaN; 0 → +0). */
// @ts-ignore: decorator
@inline function log1pFinite(x: v128): v128 {
  const one = f32x4.splat(1);
  const u = f32x4.add(one, x);
  // 2Sum (Knuth, TAOCP vol. 2 §4.2.2): d = (1 + x) - u exactly
  const bv = f32x4.sub(u, one);
  const av = f32x4.sub(u, bv);
  const d = f32x4.add(f32x4.sub(one, av), f32x4.sub(x, bv));
  // u = 2^e·(1 + f). e == 0: 1 + x = u + d = 1 + f + d, so f + d = x exactly.
  // e != 0: ln(1 + x) = ln(u) + d/u - (d/u)²/2 + ... with |d/u| <= 2^-24, first order suffices.
  const e = f32x4.convert_i32x4_s(logExponent(u));
  const e0 = f32x4.eq(e, f32x4.splat(0));
  const f = v128.bitselect(x, logFraction(u), e0);
  const c = v128.andnot(f32x4.div(d, u), e0);
  return logCombine(e, f, c);
}

/** ln(1 + x) lane-wise, accurate near 0: -1 → -Inf, x < -1 → NaN, ±0 → ±0, +Inf → +Inf. */
// @ts-ignore: decorator
@inline export function log1pF32x4(x: v128): v128 {
  let y = log1pFinite(x);
  const pass = v128.or(v128.not(f32x4.lt(x, f32x4.splat(Infinity))), f32x4.eq(x, f32x4.splat(0)));
  y = v128.bitselect(x, y, pass); // NaN, +Inf, ±0
  y = v128.bitselect(f32x4.splat(-Infinity), y, f32x4.eq(x, f32x4.splat(-1)));
  return v128.bitselect(f32x4.splat(NaN), y, f32x4.lt(x, f32x4.splat(-1)));
}

/** tanh x lane-wise: for |x| < 0.55, |x| + |x|·z·P(z) (z = x²), else t/(t + 2) with t = expm1(2|x|); then x's sign. */
// @ts-ignore: decorator
@inline export function tanhF32x4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = maddExact(f32x4.splat(T4), z, f32x4.splat(T3));
  p = maddExact(p, z, f32x4.splat(T2));
  p = maddExact(p, z, f32x4.splat(T1));
  p = maddExact(p, z, f32x4.splat(T0));
  const small = maddExact(f32x4.mul(ax, z), p, ax);
  const ac = f32x4.pmin(ax, f32x4.splat(TANH_CLAMP)); // NaN stays NaN
  const t = expm1F32x4(f32x4.add(ac, ac));
  const large = f32x4.div(t, f32x4.add(t, f32x4.splat(2)));
  const y = v128.bitselect(small, large, f32x4.lt(ax, f32x4.splat(TANH_SMALL)));
  return v128.or(y, v128.and(x, f32x4.splat(-0.0)));
}

/** 1/(1 + e^-x) lane-wise, as e^x/(1 + e^x) for x < 0 so large negative x keeps full precision. */
// @ts-ignore: decorator
@inline export function sigmoidF32x4(x: v128): v128 {
  const one = f32x4.splat(1);
  const e = expF32x4(f32x4.neg(f32x4.abs(x))); // e^-|x| in [0, 1]
  const num = v128.bitselect(e, one, f32x4.lt(x, f32x4.splat(0)));
  return f32x4.div(num, f32x4.add(one, e));
}

/** silu(x) = x·σ(x) (swish, Ramachandran et al. 2017); -0 at x = -Inf, where x·σ(x) would be NaN. */
// @ts-ignore: decorator
@inline export function siluF32x4(x: v128): v128 {
  const y = f32x4.mul(x, sigmoidF32x4(x));
  return v128.bitselect(f32x4.splat(-0.0), y, f32x4.eq(x, f32x4.splat(-Infinity)));
}

/** log(1 + e^-|x|), the shared tail of softplus and log-sigmoid (e^-|x| in [0, 1] or NaN). */
// @ts-ignore: decorator
@inline function log1pExpNegAbs(x: v128): v128 {
  return log1pFinite(expF32x4(f32x4.neg(f32x4.abs(x))));
}

/** softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^-|x|). */
// @ts-ignore: decorator
@inline export function softplusF32x4(x: v128): v128 {
  return f32x4.add(f32x4.pmax(x, f32x4.splat(0)), log1pExpNegAbs(x)); // pmax keeps NaN
}

/** log σ(x) = -softplus(-x) = min(x, 0) - log1p(e^-|x|). */
// @ts-ignore: decorator
@inline export function logSigmoidF32x4(x: v128): v128 {
  return f32x4.sub(f32x4.pmin(x, f32x4.splat(0)), log1pExpNegAbs(x)); // pmin keeps NaN
}

// ---- pow ----

const POW_LN2: f64 = 0.6931471805599453;
// ln 2 = POW_LN2_HI + POW_LN2_LO; POW_LN2_HI has 32 significant bits, so n·POW_LN2_HI is
// exact for the |n| <= 160 used here (fdlibm's ln2_hi and ln2_lo).
const POW_LN2_HI: f64 = 6.93147180369123816490e-01; // 0x3fe62e42fee00000
const POW_LN2_LO: f64 = 1.90821492927058770002e-10; // 0x3dea39ef35793c76
const POW_INV_LN2: f64 = 1.4426950408889634;
const SQRT_HALF_BITS64: i64 = 0x3fe6a09e667f3bcd; // bits of sqrt(1/2)
const MANTISSA_BITS64: i64 = 0x000fffffffffffff;
// p·ln|x| is clamped to [POW_T_MIN, POW_T_MAX]: e^-110 < 2^-150 rounds to 0 in f32 and
// e^90 > FLT_MAX to +Inf, and 2^n stays a normal f64 for the n = round(t/ln 2) in between.
const POW_T_MIN: f64 = -110;
const POW_T_MAX: f64 = 90;

/**
 * ln a for f64 lanes a > 0, finite and normal (every f32 > 0 promoted is). a = 2^e·m with
 * m in [√½, √2), s = (m - 1)/(m + 1) in [-0.1716, 0.1716], ln m = 2·atanh(s) =
 * s·(2 + z·(2/3 + z·(2/5 + ... + z·2/15))), z = s²: the first omitted term, 2z⁸/17 relative,
 * is below 2⁻⁴⁴. The exponent split is the bit trick of logExponent in 64 bits.
 */
// @ts-ignore: decorator
@inline function lnF64x2(a: v128): v128 {
  const t = i64x2.sub(a, i64x2.splat(SQRT_HALF_BITS64));
  const e = i64x2.shr_s(t, 52); // small integers: each lane's low word is its i32 value
  const m = i64x2.add(v128.and(t, i64x2.splat(MANTISSA_BITS64)), i64x2.splat(SQRT_HALF_BITS64));
  const ef = f64x2.convert_low_i32x4_s(v128.shuffle<u32>(e, e, 0, 2, 0, 2));
  const one = f64x2.splat(1);
  const s = f64x2.div(f64x2.sub(m, one), f64x2.add(m, one)); // m - 1 is exact (Sterbenz)
  const z = f64x2.mul(s, s);
  let q = f64x2.add(f64x2.mul(z, f64x2.splat(2.0 / 15.0)), f64x2.splat(2.0 / 13.0));
  q = f64x2.add(f64x2.mul(z, q), f64x2.splat(2.0 / 11.0));
  q = f64x2.add(f64x2.mul(z, q), f64x2.splat(2.0 / 9.0));
  q = f64x2.add(f64x2.mul(z, q), f64x2.splat(2.0 / 7.0));
  q = f64x2.add(f64x2.mul(z, q), f64x2.splat(2.0 / 5.0));
  q = f64x2.add(f64x2.mul(z, q), f64x2.splat(2.0 / 3.0));
  q = f64x2.add(f64x2.mul(z, q), f64x2.splat(2));
  return f64x2.add(f64x2.mul(ef, f64x2.splat(POW_LN2)), f64x2.mul(s, q));
}

/**
 * e^t for f64 lanes (NaN stays NaN), clamped to [POW_T_MIN, POW_T_MAX]. n = round(t/ln 2),
 * r = t - n·ln 2 (Cody–Waite, |r| <= 0.347), e^r by its Taylor series to r¹¹ (the first
 * omitted term is below 2⁻⁴⁷ relative), then times 2ⁿ built from its exponent bits (exact).
 */
// @ts-ignore: decorator
@inline function expF64x2(t: v128): v128 {
  const tc = f64x2.pmin(f64x2.pmax(t, f64x2.splat(POW_T_MIN)), f64x2.splat(POW_T_MAX)); // NaN is kept
  const n = f64x2.nearest(f64x2.mul(tc, f64x2.splat(POW_INV_LN2)));
  const r = f64x2.sub(f64x2.sub(tc, f64x2.mul(n, f64x2.splat(POW_LN2_HI))), f64x2.mul(n, f64x2.splat(POW_LN2_LO)));
  let q = f64x2.add(f64x2.mul(r, f64x2.splat(1.0 / 39916800.0)), f64x2.splat(1.0 / 3628800.0));
  q = f64x2.add(f64x2.mul(r, q), f64x2.splat(1.0 / 362880.0));
  q = f64x2.add(f64x2.mul(r, q), f64x2.splat(1.0 / 40320.0));
  q = f64x2.add(f64x2.mul(r, q), f64x2.splat(1.0 / 5040.0));
  q = f64x2.add(f64x2.mul(r, q), f64x2.splat(1.0 / 720.0));
  q = f64x2.add(f64x2.mul(r, q), f64x2.splat(1.0 / 120.0));
  q = f64x2.add(f64x2.mul(r, q), f64x2.splat(1.0 / 24.0));
  q = f64x2.add(f64x2.mul(r, q), f64x2.splat(1.0 / 6.0));
  q = f64x2.add(f64x2.mul(r, q), f64x2.splat(0.5));
  q = f64x2.add(f64x2.mul(r, q), f64x2.splat(1));
  q = f64x2.add(f64x2.mul(r, q), f64x2.splat(1));
  const k = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(n)); // NaN → 0
  return f64x2.mul(q, i64x2.shl(i64x2.add(k, i64x2.splat(1023)), 52));
}

/** |x|^p on two f64 lanes: e^(p·ln a). */
// @ts-ignore: decorator
@inline function powAbsF64x2(a: v128, p: v128): v128 {
  return expF64x2(f64x2.mul(p, lnF64x2(a)));
}

/**
 * x^p lane-wise with C99 (and JS Math.pow) special cases, for p splatted (all lanes equal):
 * |x|^p for finite |x| > 0 within 0.5 ulp + 2⁻⁹ ulp (see the header); (±0)^p = 0 for p > 0
 * and +Inf for p < 0; (±Inf)^p = +Inf for p > 0 and 0 for p < 0; x < 0 (and -0, -Inf) with
 * an odd integer p carries x's sign, finite x < 0 with a non-integer p gives NaN; 1^p = 1
 * and (-1)^±Inf = 1; NaN x or NaN p gives NaN (except 1^NaN = 1). p = 0, 1 and 2 are
 * dispatched before this (unary_f32), so only x^0 = 1 is not handled here.
 */
// @ts-ignore: decorator
@inline export function powF32x4(x: v128, p: v128): v128 {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  const inf = f32x4.splat(Infinity);
  const ax = f32x4.abs(x);
  const pd = f64x2.promote_low_f32x4(p);
  const lo = powAbsF64x2(f64x2.promote_low_f32x4(ax), pd);
  const hi = powAbsF64x2(f64x2.promote_low_f32x4(v128.shuffle<u32>(ax, ax, 2, 3, 2, 3)), pd);
  let y = v128.shuffle<u32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
  // |x| = 0 or Inf: +Inf where |x|^p grows without bound ((Inf, p > 0) and (0, p < 0)), else 0
  const isInf = f32x4.eq(ax, inf);
  const edge = v128.or(f32x4.eq(ax, zero), isInf);
  y = v128.bitselect(v128.and(v128.xor(isInf, f32x4.lt(p, zero)), inf), y, edge);
  y = v128.bitselect(p, y, f32x4.ne(p, p)); // NaN p
  // 1^p = 1 for every p, (-1)^p has magnitude 1 for every p but NaN (e^(±Inf·0) would be NaN)
  y = v128.bitselect(one, y, v128.or(f32x4.eq(x, one), v128.and(f32x4.eq(ax, one), f32x4.eq(p, p))));
  // an odd integer p (|p| < 2²⁴: every f32 from 2²⁴ on is even) gives x's sign
  const integral = f32x4.eq(f32x4.floor(p), p);
  const odd = v128.and(v128.and(integral, f32x4.lt(f32x4.abs(p), f32x4.splat(16777216))),
    i32x4.eq(v128.and(i32x4.trunc_sat_f32x4_s(p), i32x4.splat(1)), i32x4.splat(1)));
  y = v128.or(y, v128.and(v128.and(x, f32x4.splat(-0.0)), odd));
  // finite x < 0 with a non-integer p: NaN
  const negativeFinite = v128.and(f32x4.lt(x, zero), f32x4.gt(x, f32x4.splat(-Infinity)));
  y = v128.bitselect(f32x4.splat(NaN), y, v128.andnot(negativeFinite, integral));
  return v128.bitselect(x, y, f32x4.ne(x, x)); // NaN x stays (its bits)
}
