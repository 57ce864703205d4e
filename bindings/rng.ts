// Seeded, counter-based random numbers (Philox4x32-10, assembly/rng.ts) into WASM buffers.
//
// A draw is a pure function of (seed, stream, counter): the same arguments give the same
// bits in every build and runtime. Each call consumes ⌈n/4⌉ blocks from `counter` and
// returns the next unused counter, so a sequence of calls continues one stream:
//
//   let counter = 0;
//   counter = randomNormal(sd, a, { seed, counter });
//   counter = randomNormal(sd, b, { seed, counter });

import type { Saddle } from './wasm/instance.js';
import type { WasmArray } from './wasm/array.js';
import { Described, SaddleArgumentError } from './errors.js';
import { checkArray, checkInt } from './kernels/check.js';

export interface RandomOptions {
  /** The key: an integer in [0, 2^53) or a bigint in [0, 2^64). */
  seed: number | bigint;
  /** Selects an independent stream for the same seed: an integer in [0, 2^32). Default 0. */
  stream?: number;
  /** Index of the first 4-value block to use: an integer in [0, 2^53). Default 0. */
  counter?: number;
}

const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;

type RngKernel = (out: number, n: number, seedLo: number, seedHi: number,
  streamLo: number, streamHi: number, counterLo: number, counterHi: number) => void;

/** A seed (integer in [0, 2^53) or bigint in [0, 2^64)) as its low and high 32-bit words. */
export function splitSeed(fn: string, seed: unknown): [number, number] {
  if (typeof seed === 'bigint') {
    if (seed < 0n || seed >= 1n << 64n) throw new SaddleArgumentError(fn, 'seed', 'an integer in [0, 2^53) or a bigint in [0, 2^64)', seed);
    return [Number(seed & 0xffffffffn), Number(seed >> 32n)];
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new SaddleArgumentError(fn, 'seed', 'an integer in [0, 2^53) or a bigint in [0, 2^64)', seed);
  }
  return [seed % TWO_32, Math.floor(seed / TWO_32)];
}

function draw(fn: string, sd: Saddle, out: WasmArray, options: RandomOptions, kernel: RngKernel): number {
  if (options === null || typeof options !== 'object') {
    throw new SaddleArgumentError(fn, 'options', 'an object { seed, stream?, counter? }', options);
  }
  const [seedLo, seedHi] = splitSeed(fn, options.seed);
  const stream = checkInt(fn, 'stream', options.stream ?? 0, 0, TWO_32 - 1);
  const counter = checkInt(fn, 'counter', options.counter ?? 0, 0, TWO_53 - 1);
  const blocks = Math.ceil(out.length / 4);
  // counter + blocks <= 2^53, written so that no sum above 2^53 is rounded
  if (counter > TWO_53 - blocks) {
    throw new SaddleArgumentError(fn, 'counter', `at most 2^53 - ${blocks} so that ${out.length} values stay below block 2^53`,
      new Described(String(counter)));
  }
  kernel(out.ptr, out.length, seedLo, seedHi, stream, 0, counter % TWO_32, Math.floor(counter / TWO_32));
  return counter + blocks;
}

/**
 * Fills `out` with raw Philox4x32-10 words: out[i] = word (i mod 4) of block
 * (counter + ⌊i/4⌋), key = seed (low word first), block counter = (counter lo,
 * counter hi, stream, 0).
 * see: Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011.
 *
 * @returns the next counter, counter + ⌈out.length / 4⌉.
 * @example
 * const sd = await loadSaddle();
 * const out = sd.u32(4);
 * randomU32(sd, out, { seed: 0 }); // 1
 * out.toArray(); // Uint32Array [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
 */
export function randomU32(sd: Saddle, out: WasmArray<'u32'>, options: RandomOptions): number {
  const fn = 'randomU32';
  const o = checkArray(fn, 'out', out, sd, 'u32', 0);
  return draw(fn, sd, o, options, sd.exports.rng_u32);
}

/**
 * Fills `out` with f32 uniforms in [0, 1): out[i] = (w >>> 8)·2⁻²⁴ with w the word
 * randomU32 would write at i, so every value is a multiple of 2⁻²⁴ in [0, 1 - 2⁻²⁴]
 * (exact in f32, equally likely).
 *
 * @returns the next counter, counter + ⌈out.length / 4⌉.
 * @example
 * const sd = await loadSaddle();
 * const u = sd.f32(1000);
 * const next = randomUniform(sd, u, { seed: 42, stream: 3 }); // 250
 */
export function randomUniform(sd: Saddle, out: WasmArray<'f32'>, options: RandomOptions): number {
  const fn = 'randomUniform';
  const o = checkArray(fn, 'out', out, sd, 'f32', 0);
  return draw(fn, sd, o, options, sd.exports.rng_uniform_f32);
}

/**
 * Fills `out` with f32 standard normals by Box–Muller (Box & Muller, Ann. Math. Statist.
 * 1958): each block (w0, w1, w2, w3) gives four values, (r cos θ, r sin θ) for the
 * pairs (w0, w1) and (w2, w3), with u1 = ((wa >>> 8) + 1)·2⁻²⁴ in (0, 1],
 * u2 = (wb >>> 8)·2⁻²⁴, r = √(-2 ln u1), θ = 2π u2. |z| <= √(48 ln 2) ≈ 5.77.
 * Every value is within 8·2⁻²⁴·max(1, |z|) of the same formulas evaluated in f64, and
 * identical in both builds.
 *
 * @returns the next counter, counter + ⌈out.length / 4⌉.
 * @example
 * const sd = await loadSaddle();
 * const z = sd.f32(4096);
 * let counter = randomNormal(sd, z, { seed: 7n }); // 1024
 * counter = randomNormal(sd, z, { seed: 7n, counter }); // 2048: the next 4096 values
 */
export function randomNormal(sd: Saddle, out: WasmArray<'f32'>, options: RandomOptions): number {
  const fn = 'randomNormal';
  const o = checkArray(fn, 'out', out, sd, 'f32', 0);
  return draw(fn, sd, o, options, sd.exports.rng_normal_f32);
}

export interface RandomIndicesOptions extends RandomOptions {
  /** Values are drawn from [0, range): an integer in [1, 2^31]. */
  range: number;
}

/**
 * Fills `out` with integers in [0, range): out[i] = ⌊w·range / 2³²⌋ with w the word
 * randomU32 would write at i (Lemire's multiply-shift, without rejection; see: D. Lemire,
 * "Fast random integer generation in an interval", ACM TOMACS 29(1), 2019). Each value's
 * probability is within 2⁻³² of 1/range, a relative bias of at most range/2³²
 * (under 2.4·10⁻⁴ for range <= 10⁶). Same counter contract as randomU32.
 *
 * @returns the next counter, counter + ⌈out.length / 4⌉.
 * @example
 * const sd = await loadSaddle();
 * const idx = sd.i32(64);
 * randomIndices(sd, idx, { seed: 1, range: 1000 }); // 16: a minibatch of 64 row numbers
 * idx.toArray(); // Int32Array of 64 values in [0, 1000)
 */
export function randomIndices(sd: Saddle, out: WasmArray<'i32'>, options: RandomIndicesOptions): number {
  const fn = 'randomIndices';
  const o = checkArray(fn, 'out', out, sd, 'i32', 0);
  if (options === null || typeof options !== 'object') {
    throw new SaddleArgumentError(fn, 'options', 'an object { seed, range, stream?, counter? }', options);
  }
  const range = checkInt(fn, 'range', options.range, 1, 2 ** 31);
  const indices = sd.exports.rng_indices_i32;
  return draw(fn, sd, o, options, (ptr, n, seedLo, seedHi, streamLo, streamHi, counterLo, counterHi) =>
    indices(ptr, n, seedLo, seedHi, streamLo, streamHi, counterLo, counterHi, range));
}
