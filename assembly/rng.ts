// Counter-based random numbers: Philox4x32-10.
// see: J. K. Salmon, M. A. Moraes, R. O. Dror, D. E. Shaw, "Parallel random numbers:
//      as easy as 1, 2, 3", SC 2011, §3.2 (the Philox S-P network, constants in Table 2).
//
// A block is a pure function of (key, counter): Philox4x32-10 maps a 128-bit counter and
// a 64-bit key to 4 u32 words, so any block can be made without generating the ones
// before it, in any order, on any thread, with identical bits.
//
//   key     = (seedLo, seedHi)                                  the 64-bit seed
//   counter = (block lo, block hi, streamLo, streamHi)          words 0..3
//
// The 64-bit block index lives in counter words 0 and 1 and advances by one per block
// (with carry from word 0 into word 1, modulo 2⁶⁴); the 64-bit stream in words 2 and 3
// selects an independent stream for the same seed.
//
// Every kernel takes (out, n, seedLo, seedHi, streamLo, streamHi, counterLo, counterHi)
// and writes out[i] = f(word i % 4 of block counter + ⌊i/4⌋) for i < n, so one call
// consumes the ⌈n/4⌉ blocks counter .. counter + ⌈n/4⌉ - 1; the words of a partially
// used last block are discarded. The next call should start at counter + ⌈n/4⌉.
//
// Reproducibility: only exactly specified operations are used (integer ops, IEEE
// add/sub/mul/div/sqrt, exact conversions) and never relaxed SIMD or the build-dependent
// `madd` of kernels/simd.ts, so the SIMD128 and relaxed builds, and every runtime,
// give the same bits.
//
// Four blocks are made at once: lane b of four i32x4 vectors holds word w of block
// counter + b (structure of arrays), and a 4×4 transpose writes them out in order.

import { reserveStatic } from "./mem";

// Philox4x32 multipliers and Weyl key increments (Salmon et al., Table 2 and §3.2).
const PHILOX_M0: u32 = 0xd2511f53;
const PHILOX_M1: u32 = 0xcd9e8d57;
const PHILOX_W0: u32 = 0x9e3779b9; // golden ratio
const PHILOX_W1: u32 = 0xbb67ae85; // sqrt(3) - 1
const ROUNDS: i32 = 10;

/** Four blocks' words, structure of arrays: word w of block b at STATE + 16w + 4b. */
const STATE: usize = reserveStatic(64, 16);
/** Four blocks in output order, for a final partial group. */
const TAIL: usize = reserveStatic(64, 16);

/**
 * Philox4x32-10 on blocks index .. index + 3 of (stream, key); leaves the words in STATE.
 * One round: (c0, c1, c2, c3) -> (hi(M1·c2) ^ c1 ^ k0, lo(M1·c2), hi(M0·c0) ^ c3 ^ k1, lo(M0·c0)),
 * then the key is bumped by (W0, W1) before the next round.
 */
// @ts-ignore: decorator
@inline function philoxBlocks4(index: u64, streamLo: u32, streamHi: u32, seedLo: u32, seedHi: u32): void {
  const lo = <u32>index;
  const hi = <u32>(index >>> 32);
  const vlo = i32x4.splat(lo);
  let c0 = i32x4.add(vlo, i32x4(0, 1, 2, 3));
  // lanes that wrapped past 2³² - 1 carry into word 1 (lt_u gives -1 there)
  let c1 = i32x4.sub(i32x4.splat(hi), i32x4.lt_u(c0, vlo));
  let c2 = i32x4.splat(streamLo);
  let c3 = i32x4.splat(streamHi);
  const m0 = i32x4.splat(PHILOX_M0);
  const m1 = i32x4.splat(PHILOX_M1);
  let k0 = seedLo, k1 = seedHi;
  for (let r = 0; r < ROUNDS; r++) {
    // 32×32 -> 64-bit products, split into high and low words
    const p0a = i64x2.extmul_low_i32x4_u(c0, m0), p0b = i64x2.extmul_high_i32x4_u(c0, m0);
    const p1a = i64x2.extmul_low_i32x4_u(c2, m1), p1b = i64x2.extmul_high_i32x4_u(c2, m1);
    const hi0 = v128.shuffle<u32>(p0a, p0b, 1, 3, 5, 7), lo0 = v128.shuffle<u32>(p0a, p0b, 0, 2, 4, 6);
    const hi1 = v128.shuffle<u32>(p1a, p1b, 1, 3, 5, 7), lo1 = v128.shuffle<u32>(p1a, p1b, 0, 2, 4, 6);
    c0 = v128.xor(v128.xor(hi1, c1), i32x4.splat(k0));
    c1 = lo1;
    c2 = v128.xor(v128.xor(hi0, c3), i32x4.splat(k1));
    c3 = lo0;
    k0 += PHILOX_W0;
    k1 += PHILOX_W1;
  }
  v128.store(STATE, c0);
  v128.store(STATE, c1, 16);
  v128.store(STATE, c2, 32);
  v128.store(STATE, c3, 48);
}

/** Writes STATE (word-major) to dst in block-major order: dst[4b + w] = STATE[w][b]. */
// @ts-ignore: decorator
@inline function storeBlocks(dst: usize): void {
  const a = v128.load(STATE), b = v128.load(STATE, 16), c = v128.load(STATE, 32), d = v128.load(STATE, 48);
  const t0 = v128.shuffle<u32>(a, b, 0, 4, 1, 5);
  const t1 = v128.shuffle<u32>(a, b, 2, 6, 3, 7);
  const t2 = v128.shuffle<u32>(c, d, 0, 4, 1, 5);
  const t3 = v128.shuffle<u32>(c, d, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<u32>(t0, t2, 0, 1, 4, 5));
  v128.store(dst, v128.shuffle<u32>(t0, t2, 2, 3, 6, 7), 16);
  v128.store(dst, v128.shuffle<u32>(t1, t3, 0, 1, 4, 5), 32);
  v128.store(dst, v128.shuffle<u32>(t1, t3, 2, 3, 6, 7), 48);
}

/** Copies the first `count` (< 16) 32-bit values of TAIL to dst. */
// @ts-ignore: decorator
@inline function copyTail(dst: usize, count: i32): void {
  for (let j = 0; j < count; j++) store<u32>(dst + (<usize>j << 2), load<u32>(TAIL + (<usize>j << 2)));
}

// ---- transforms applied to STATE in place ----

const TWO_M24: f32 = 5.9604644775390625e-8; // 2⁻²⁴

/** u -> (u >>> 8)·2⁻²⁴: the top 24 bits as a multiple of 2⁻²⁴ in [0, 1 - 2⁻²⁴], exact in f32. */
// @ts-ignore: decorator
@inline function uniform01(w: v128): v128 {
  return f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(w, 8)), f32x4.splat(TWO_M24));
}

// ln(x) for x = K·2⁻²⁴, K an integer in [1, 2²⁴] given as f32 (exact). With
// K = m·2ᵉ, m in [√½, √2): ln x = (e - 24)·ln 2 + 2·atanh(s), s = (m - 1)/(m + 1),
// |s| <= 0.1716, 2·atanh(s) = 2s + s³·(2/3 + s²·(2/5 + s²·(2/7 + s²·(2/9 + s²·2/11))))
// (truncation < 2·0.1716¹³/13 ≈ 1.7e-11 relative). ln 2 is split Cody–Waite style so
// (e - 24)·LN2_HI is exact for |e - 24| <= 24.
// see: W. J. Cody, W. Waite, "Software Manual for the Elementary Functions" (1980), ch. 5.
const LN2_HI: f32 = 0.693145751953125; // 0x3f317200: 16 significant bits
const LN2_LO: f32 = 1.428606765330187e-6; // ln 2 - LN2_HI
const ATANH_3: f32 = 2.0 / 3.0;
const ATANH_5: f32 = 2.0 / 5.0;
const ATANH_7: f32 = 2.0 / 7.0;
const ATANH_9: f32 = 2.0 / 9.0;
const ATANH_11: f32 = 2.0 / 11.0;

// @ts-ignore: decorator
@inline function logScaled24(k: v128): v128 {
  const bits = k; // f32x4 bits of K
  // m in [1, 2) from the mantissa; move m >= √2 down an octave so m is in [√½, √2)
  let e = i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(127 + 24));
  let m = v128.or(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(0x3f800000));
  const big = f32x4.ge(m, f32x4.splat(<f32>1.4142135623730951));
  m = v128.bitselect(f32x4.mul(m, f32x4.splat(0.5)), m, big);
  e = i32x4.sub(e, big); // big is -1 where m was halved
  const one = f32x4.splat(1);
  const s = f32x4.div(f32x4.sub(m, one), f32x4.add(m, one));
  const z = f32x4.mul(s, s);
  let p = f32x4.add(f32x4.mul(z, f32x4.splat(ATANH_11)), f32x4.splat(ATANH_9));
  p = f32x4.add(f32x4.mul(z, p), f32x4.splat(ATANH_7));
  p = f32x4.add(f32x4.mul(z, p), f32x4.splat(ATANH_5));
  p = f32x4.add(f32x4.mul(z, p), f32x4.splat(ATANH_3));
  const lnm = f32x4.add(f32x4.add(s, s), f32x4.mul(f32x4.mul(s, z), p));
  const ef = f32x4.convert_i32x4_s(e);
  return f32x4.add(f32x4.mul(ef, f32x4.splat(LN2_HI)), f32x4.add(f32x4.mul(ef, f32x4.splat(LN2_LO)), lnm));
}

// sin and cos of θ = 2π·k·2⁻²⁴, k an integer in [0, 2²⁴). The range reduction is exact in
// integers: q = round(k / 2²²) mod 4 quarter turns, j = k - round(k / 2²²)·2²² in
// [-2²¹, 2²¹), t = j·(2π·2⁻²⁴) in [-π/4, π/4), θ = t + q·π/2. On |t| <= π/4 the Taylor
// series below are truncated after t⁹ (sin, next term < 1.8e-9) and t¹⁰ (cos, < 1.2e-10).
const ANGLE_STEP: f32 = <f32>(6.283185307179586 / 16777216.0); // 2π·2⁻²⁴
const SIN_3: f32 = -1.0 / 6.0;
const SIN_5: f32 = 1.0 / 120.0;
const SIN_7: f32 = -1.0 / 5040.0;
const SIN_9: f32 = 1.0 / 362880.0;
const COS_2: f32 = -1.0 / 2.0;
const COS_4: f32 = 1.0 / 24.0;
const COS_6: f32 = -1.0 / 720.0;
const COS_8: f32 = 1.0 / 40320.0;
const COS_10: f32 = -1.0 / 3628800.0;

/**
 * Box–Muller on the word pair (wa, wb) of four blocks: u1 = ((wa >>> 8) + 1)·2⁻²⁴ in
 * (0, 1] (so ln u1 is finite), u2 = (wb >>> 8)·2⁻²⁴ in [0, 1); r = √(-2 ln u1),
 * za = r·cos(2π u2), zb = r·sin(2π u2) are independent standard normals.
 * see: G. E. P. Box, M. E. Muller, "A note on the generation of random normal
 *      deviates", Ann. Math. Statist. 29(2), 1958.
 */
// @ts-ignore: decorator
@inline function boxMuller(wa: v128, wb: v128, dst: usize): void {
  const k1 = f32x4.convert_i32x4_s(i32x4.add(i32x4.shr_u(wa, 8), i32x4.splat(1)));
  const r = f32x4.sqrt(f32x4.mul(logScaled24(k1), f32x4.splat(-2)));

  const k2 = i32x4.shr_u(wb, 8);
  const q0 = i32x4.shr_u(i32x4.add(k2, i32x4.splat(1 << 21)), 22); // round(k / 2²²), 0..4
  const j = i32x4.sub(k2, i32x4.shl(q0, 22));
  const t = f32x4.mul(f32x4.convert_i32x4_s(j), f32x4.splat(ANGLE_STEP));
  const t2 = f32x4.mul(t, t);
  let ps = f32x4.add(f32x4.mul(t2, f32x4.splat(SIN_9)), f32x4.splat(SIN_7));
  ps = f32x4.add(f32x4.mul(t2, ps), f32x4.splat(SIN_5));
  ps = f32x4.add(f32x4.mul(t2, ps), f32x4.splat(SIN_3));
  const sinT = f32x4.add(t, f32x4.mul(f32x4.mul(t, t2), ps));
  let pc = f32x4.add(f32x4.mul(t2, f32x4.splat(COS_10)), f32x4.splat(COS_8));
  pc = f32x4.add(f32x4.mul(t2, pc), f32x4.splat(COS_6));
  pc = f32x4.add(f32x4.mul(t2, pc), f32x4.splat(COS_4));
  pc = f32x4.add(f32x4.mul(t2, pc), f32x4.splat(COS_2));
  const cosT = f32x4.add(f32x4.splat(1), f32x4.mul(t2, pc));

  // θ = t + q·π/2: q odd swaps sin and cos; cos θ is negated for q = 1, 2, sin θ for q = 2, 3
  const q = v128.and(q0, i32x4.splat(3));
  const odd = i32x4.eq(v128.and(q, i32x4.splat(1)), i32x4.splat(1));
  const cosSign = i32x4.shl(v128.and(i32x4.add(q, i32x4.splat(1)), i32x4.splat(2)), 30);
  const sinSign = i32x4.shl(v128.and(q, i32x4.splat(2)), 30);
  const cosTheta = v128.xor(v128.bitselect(sinT, cosT, odd), cosSign);
  const sinTheta = v128.xor(v128.bitselect(cosT, sinT, odd), sinSign);
  v128.store(dst, f32x4.mul(r, cosTheta));
  v128.store(dst, f32x4.mul(r, sinTheta), 16);
}

/**
 * ⌊w·range / 2³²⌋ lane-wise for u32 words w: the high words of the four 64-bit products.
 * see: D. Lemire, "Fast random integer generation in an interval", ACM TOMACS 29(1), 2019
 *      (the multiply-shift step, without its rejection loop).
 */
// @ts-ignore: decorator
@inline function scaleToRange(w: v128, range: v128): v128 {
  return v128.shuffle<u32>(i64x2.extmul_low_i32x4_u(w, range), i64x2.extmul_high_i32x4_u(w, range), 1, 3, 5, 7);
}

// ---- kernels ----

/**
 * out[i] = word (i % 4) of Philox4x32-10 block (counter + ⌊i/4⌋) for i < n, with
 * key (seedLo, seedHi) and counter words (block lo, block hi, streamLo, streamHi).
 * Consumes blocks counter .. counter + ⌈n/4⌉ - 1.
 */
export function rng_u32(
  out: usize, n: i32, seedLo: u32, seedHi: u32, streamLo: u32, streamHi: u32, counterLo: u32, counterHi: u32,
): void {
  let index = (<u64>counterHi << 32) | <u64>counterLo;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    philoxBlocks4(index, streamLo, streamHi, seedLo, seedHi);
    storeBlocks(out + (<usize>i << 2));
    index += 4;
  }
  if (i < n) {
    philoxBlocks4(index, streamLo, streamHi, seedLo, seedHi);
    storeBlocks(TAIL);
    copyTail(out + (<usize>i << 2), n - i);
  }
}

/**
 * out[i] = (w >>> 8)·2⁻²⁴ in [0, 1 - 2⁻²⁴] (f32, exact) where w = rng_u32's out[i].
 * Same counter contract as rng_u32.
 */
export function rng_uniform_f32(
  out: usize, n: i32, seedLo: u32, seedHi: u32, streamLo: u32, streamHi: u32, counterLo: u32, counterHi: u32,
): void {
  let index = (<u64>counterHi << 32) | <u64>counterLo;
  let i = 0;
  for (; i < n; i += 16) {
    philoxBlocks4(index, streamLo, streamHi, seedLo, seedHi);
    v128.store(STATE, uniform01(v128.load(STATE)));
    v128.store(STATE, uniform01(v128.load(STATE, 16)), 16);
    v128.store(STATE, uniform01(v128.load(STATE, 32)), 32);
    v128.store(STATE, uniform01(v128.load(STATE, 48)), 48);
    if (i + 16 <= n) {
      storeBlocks(out + (<usize>i << 2));
    } else {
      storeBlocks(TAIL);
      copyTail(out + (<usize>i << 2), n - i);
    }
    index += 4;
  }
}

/**
 * Standard normal f32: block (w0, w1, w2, w3) gives out = (za, zb, zc, zd) with
 * (za, zb) = Box–Muller(w0, w1) and (zc, zd) = Box–Muller(w2, w3) (see boxMuller).
 * Same counter contract as rng_u32. Within ~1e-6 of the same formulas in f64.
 */
export function rng_normal_f32(
  out: usize, n: i32, seedLo: u32, seedHi: u32, streamLo: u32, streamHi: u32, counterLo: u32, counterHi: u32,
): void {
  let index = (<u64>counterHi << 32) | <u64>counterLo;
  let i = 0;
  for (; i < n; i += 16) {
    philoxBlocks4(index, streamLo, streamHi, seedLo, seedHi);
    boxMuller(v128.load(STATE), v128.load(STATE, 16), STATE);
    boxMuller(v128.load(STATE, 32), v128.load(STATE, 48), STATE + 32);
    if (i + 16 <= n) {
      storeBlocks(out + (<usize>i << 2));
    } else {
      storeBlocks(TAIL);
      copyTail(out + (<usize>i << 2), n - i);
    }
    index += 4;
  }
}

/**
 * out[i] = ⌊w·range / 2³²⌋ in [0, range) (i32) where w = rng_u32's out[i] (Lemire's
 * multiply-shift). Same counter contract as rng_u32. Each k in [0, range) is hit by
 * ⌊2³²/range⌋ or ⌈2³²/range⌉ of the 2³² words, so its probability is within 2⁻³² of
 * 1/range: a relative bias of at most range/2³² (2⁻¹² for range <= 2²⁰). range = 0 gives
 * zeros; the binding keeps range in [1, 2³¹] so every value fits an i32.
 */
export function rng_indices_i32(
  out: usize, n: i32, seedLo: u32, seedHi: u32, streamLo: u32, streamHi: u32, counterLo: u32, counterHi: u32,
  range: u32,
): void {
  const vrange = i32x4.splat(range);
  let index = (<u64>counterHi << 32) | <u64>counterLo;
  let i = 0;
  for (; i < n; i += 16) {
    philoxBlocks4(index, streamLo, streamHi, seedLo, seedHi);
    v128.store(STATE, scaleToRange(v128.load(STATE), vrange));
    v128.store(STATE, scaleToRange(v128.load(STATE, 16), vrange), 16);
    v128.store(STATE, scaleToRange(v128.load(STATE, 32), vrange), 32);
    v128.store(STATE, scaleToRange(v128.load(STATE, 48), vrange), 48);
    if (i + 16 <= n) {
      storeBlocks(out + (<usize>i << 2));
    } else {
      storeBlocks(TAIL);
      copyTail(out + (<usize>i << 2), n - i);
    }
    index += 4;
  }
}
