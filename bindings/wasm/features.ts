// Feature detection by validating tiny modules (the approach of wasm-feature-detect).
// Each module holds one function `() -> v128` whose body uses the feature.

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const TYPE_SECTION = [0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b]; // one type: () -> v128
const FUNC_SECTION = [0x03, 0x02, 0x01, 0x00];
const V128_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)]; // v128.const 0

function moduleWithBody(body: number[]): Uint8Array<ArrayBuffer> {
  const fn = [0x00, ...body, 0x0b]; // no locals, body, end
  const code = [0x01, fn.length, ...fn];
  return new Uint8Array([...HEADER, ...TYPE_SECTION, ...FUNC_SECTION, 0x0a, code.length, ...code]);
}

// Typed plain Uint8Array so the emitted .d.ts needs no TS 5.7 typed-array generics;
// validate() wants an ArrayBuffer-backed view, which these are.
/** SIMD128: `v128.const 0`. */
export const SIMD128_PROBE: Uint8Array = moduleWithBody(V128_ZERO);
/** Relaxed SIMD: `f32x4.relaxed_madd(0, 0, 0)` (opcode 0xfd 0x105). */
export const RELAXED_SIMD_PROBE: Uint8Array = moduleWithBody([...V128_ZERO, ...V128_ZERO, ...V128_ZERO, 0xfd, 0x85, 0x02]);

export function hasSimd128(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD128_PROBE as Uint8Array<ArrayBuffer>);
}

export function hasRelaxedSimd(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(RELAXED_SIMD_PROBE as Uint8Array<ArrayBuffer>);
}
