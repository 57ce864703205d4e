// Shared SIMD helpers. ASC_FEATURE_RELAXED_SIMD is a compile-time constant, so each
// build keeps exactly one branch: the relaxed build emits f32x4.relaxed_madd (a fused
// multiply-add where the CPU has one), the SIMD128 build a separate mul and add.

/** a * b + c, fused in the relaxed-SIMD build. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(f32x4.mul(a, b), c);
  }
}

/** Always-unfused a * b + c: the same bits in every build (used where results must be reproducible). */
// @ts-ignore: decorator
@inline export function maddExact(a: v128, b: v128, c: v128): v128 {
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Sum of the four lanes of an f32x4. */
// @ts-ignore: decorator
@inline export function hsum(v: v128): f32 {
  const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1);
}
