// f32 buffers handled as bit patterns, for kernels that move values without arithmetic
// (select, transpose, copies, gathers): comparing u32 patterns checks -0 and NaN payloads,
// which a float comparison would not. JS numbers may lose a NaN's payload, so patterns are
// written and read through u32 views, never through a Float32Array.
import type { Saddle, WasmArray } from '../../bindings/index.js';
import { mulberry32 } from './random.js';

/** Patterns every bit-exact test should carry: ±0, NaNs with payloads and signs, ±Inf, subnormals. */
export const SPECIAL_BITS = [
  0x00000000, 0x80000000, 0x7fc00000, 0xffc00000, 0x7fc01234, 0xffbfffff, 0x7f800001,
  0x7f800000, 0xff800000, 0x00000001, 0x807fffff, 0x3f800000, 0xbf800000,
];

/** n seeded f32 patterns: 85% ordinary values in [-4, 4), 15% from SPECIAL_BITS. */
export function randomBits(n: number, seed: number): Uint32Array {
  const next = mulberry32(seed);
  const scratch = new Float32Array(1);
  const scratchBits = new Uint32Array(scratch.buffer);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (next() < 0.85) {
      scratch[0] = -4 + 8 * next();
      out[i] = scratchBits[0];
    } else {
      out[i] = SPECIAL_BITS[Math.floor(next() * SPECIAL_BITS.length)];
    }
  }
  return out;
}

/** A new f32 buffer holding exactly these bit patterns. */
export function f32FromBits(sd: Saddle, bits: ArrayLike<number>): WasmArray<'f32'> {
  const array = sd.f32(bits.length);
  if (bits.length > 0) sd.viewU32(array.ptr, bits.length).set(bits);
  return array;
}

/** A copy of an f32 buffer's bit patterns. */
export function bitsOf(sd: Saddle, array: WasmArray<'f32'>): Uint32Array {
  return array.length === 0 ? new Uint32Array(0) : sd.viewU32(array.ptr, array.length).slice();
}

/** The bit pattern of a number rounded to f32 (for references computed as numbers). */
export function f32Bits(value: number): number {
  const scratch = new Float32Array([value]);
  return new Uint32Array(scratch.buffer)[0];
}

/** Every parameter and state value of a program (a trainer's, for instance), as raw bits. */
export function programBits(program: { snapshot(): { values: Float32Array[] } }): number[][] {
  return program.snapshot().values.map((v) => Array.from(new Uint32Array(v.buffer)));
}
