// A loaded saddle module: its exports, its memory, and typed views made on demand.
//
// WASM memory can grow during any call that allocates; growth replaces
// memory.buffer and silently detaches every typed array made on the old one.
// So no view is ever cached here: every accessor builds a fresh view from the
// current memory.buffer, and handles store only (pointer, length).

import { SaddleArgumentError, SaddleLoadError, SaddleMemoryError, WasmAbortError } from '../errors.js';
import { EXPORT_FUNCTIONS, type SaddleExports } from './exports.js';
import type { BuildName } from './location.js';
import { WasmArray, type DType } from './array.js';
import { finiteF32Numbers } from '../schema/values.js';

/** The largest block mem_alloc serves: 2^31 − 64 KiB. */
const MAX_BLOCK = 0x7fff0000;

export class Saddle {
  /** Which module is running: 'simd' (SIMD128) or 'relaxed' (relaxed SIMD, fused multiply-add). */
  readonly build: BuildName;
  /** The raw exports (pointers and numbers only). Prefer the typed kernel functions. */
  readonly exports: SaddleExports;
  /** The most memory this instance may grow to, in bytes (loadSaddle's maxMemoryBytes). */
  readonly maxMemoryBytes: number;
  private readonly cleanup: FinalizationRegistry<number>;

  /** @internal use loadSaddle() */
  constructor(instance: WebAssembly.Instance, maxMemoryBytes = 2 ** 32) {
    this.exports = saddleExports(instance.exports);
    this.maxMemoryBytes = maxMemoryBytes;
    this.build = this.exports.build_relaxed_simd() === 1 ? 'relaxed' : 'simd';
    // Backstop only: a handle dropped without dispose() is freed when collected.
    this.cleanup = new FinalizationRegistry((ptr) => {
      try { this.exports.mem_free(ptr); } catch { /* instance already unusable */ }
    });
  }

  get memory(): WebAssembly.Memory { return this.exports.memory; }

  /** Current size of WASM linear memory in bytes. */
  memoryBytes(): number { return this.exports.memory.buffer.byteLength; }
  /** Bytes in live blocks allocated through saddle (handles, arenas, programs). */
  liveBytes(): number { return this.exports.mem_live_bytes() >>> 0; }
  /** Number of live blocks allocated through saddle. */
  liveBlocks(): number { return this.exports.mem_live_blocks(); }
  /** Largest liveBytes() seen since load. */
  peakBytes(): number { return this.exports.mem_peak_bytes() >>> 0; }

  /**
   * Allocates raw bytes (aligned to `align`, a power of two >= 16); returns a pointer. A
   * size the allocator cannot serve (a block is at most 2^31 − 64 KiB, and at most the
   * memory limit) throws SaddleMemoryError, as does a refused memory.grow.
   */
  alloc(bytes: number, align = 64): number {
    if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes < 0) {
      throw new SaddleArgumentError('alloc', 'bytes', 'a non-negative integer', bytes);
    }
    if (!Number.isInteger(align) || align < 16 || align > 65536 || (align & (align - 1)) !== 0) {
      throw new SaddleArgumentError('alloc', 'align', 'a power of two in [16, 65536]', align);
    }
    if (bytes > MAX_BLOCK || bytes > this.maxMemoryBytes) {
      // mem_alloc takes a u32 and blocks stop at 2^31 − 64 KiB: refuse before it could wrap
      throw new SaddleMemoryError(
        `alloc: could not allocate ${bytes} bytes (one block holds at most ${Math.min(MAX_BLOCK, this.maxMemoryBytes)} bytes: 2^31 − 64 KiB, and this instance's maxMemoryBytes = ${this.maxMemoryBytes}); split the data into smaller buffers`);
    }
    try {
      return this.exports.mem_alloc(bytes, align) >>> 0;
    } catch (error) {
      // memory.grow refused (RuntimeError: unreachable) or a block over the heap's 1 GiB limit (abort in ~lib/rt)
      if (error instanceof WebAssembly.RuntimeError || (error instanceof WasmAbortError && error.fileName.startsWith('~lib/rt'))) {
        throw new SaddleMemoryError(
          `alloc: could not allocate ${bytes} bytes (WASM memory is ${this.memoryBytes()} of at most ${this.maxMemoryBytes} bytes, live ${this.liveBytes()}); dispose() unused buffers and retry`,
          { cause: error });
      }
      throw error;
    }
  }

  /** Frees a pointer from alloc(). Freeing a pointer twice throws a WasmAbortError. */
  free(ptr: number): void { this.exports.mem_free(ptr); }

  /** A fresh Float32Array over [ptr, ptr + 4·length). Valid until the next call that may grow memory. */
  viewF32(ptr: number, length: number): Float32Array { return new Float32Array(this.exports.memory.buffer, ptr, length); }
  viewF64(ptr: number, length: number): Float64Array { return new Float64Array(this.exports.memory.buffer, ptr, length); }
  viewU32(ptr: number, length: number): Uint32Array { return new Uint32Array(this.exports.memory.buffer, ptr, length); }
  viewI32(ptr: number, length: number): Int32Array { return new Int32Array(this.exports.memory.buffer, ptr, length); }
  viewU8(ptr: number, length: number): Uint8Array { return new Uint8Array(this.exports.memory.buffer, ptr, length); }

  /** A new f32 buffer in WASM memory: zero-filled of a length, or a copy of `data`. */
  f32(lengthOrData: number | ArrayLike<number>): WasmArray<'f32'> { return this.array('f32', lengthOrData); }
  /** A new f64 buffer in WASM memory. */
  f64(lengthOrData: number | ArrayLike<number>): WasmArray<'f64'> { return this.array('f64', lengthOrData); }
  /** A new u32 buffer in WASM memory. */
  u32(lengthOrData: number | ArrayLike<number>): WasmArray<'u32'> { return this.array('u32', lengthOrData); }
  /** A new i32 buffer in WASM memory. */
  i32(lengthOrData: number | ArrayLike<number>): WasmArray<'i32'> { return this.array('i32', lengthOrData); }

  private array<D extends DType>(dtype: D, lengthOrData: number | ArrayLike<number>): WasmArray<D> {
    const fn = dtype;
    let length: number;
    if (typeof lengthOrData === 'number') {
      if (!Number.isInteger(lengthOrData) || lengthOrData < 0) {
        throw new SaddleArgumentError(fn, 'length', 'a non-negative integer', lengthOrData);
      }
      length = lengthOrData;
    } else if (lengthOrData != null && typeof lengthOrData === 'object' && typeof lengthOrData.length === 'number') {
      // NaN and ±Infinity are values a buffer may hold; null or a string is not a number
      finiteF32Numbers(fn, 'lengthOrData', lengthOrData, { finite: false });
      length = lengthOrData.length;
    } else {
      throw new SaddleArgumentError(fn, 'lengthOrData', 'a length or an array of numbers', lengthOrData);
    }
    const bytesPer = dtype === 'f64' ? 8 : 4;
    const ptr = this.alloc(length * bytesPer, 64);
    const array = new WasmArray(this, dtype, ptr, length, this.cleanup);
    if (typeof lengthOrData === 'number') array.view().fill(0);
    else array.set(lengthOrData);
    return array;
  }

  /** @internal */
  release(ptr: number, token: object): void {
    this.cleanup.unregister(token);
    this.exports.mem_free(ptr);
  }
}

function isSaddleExports(exports: WebAssembly.Exports, missing: string[]): exports is WebAssembly.Exports & SaddleExports {
  if (!(exports.memory instanceof WebAssembly.Memory)) missing.push('memory');
  for (const name of EXPORT_FUNCTIONS) if (typeof exports[name] !== 'function') missing.push(name);
  return missing.length === 0;
}

/** The module's exports, typed after checking that every export assembly/index.ts declares is there. */
export function saddleExports(exports: WebAssembly.Exports): SaddleExports {
  const missing: string[] = [];
  if (!isSaddleExports(exports, missing)) {
    throw new SaddleLoadError(`loadSaddle: the module is not this version's saddle.wasm: missing exports ${missing.join(', ')}`);
  }
  return exports;
}

/** Reads an AssemblyScript string (UTF-16, byte length in the u32 before it). */
export function readWasmString(memory: WebAssembly.Memory, ptr: number): string {
  if (!ptr) return '';
  const bytes = new Uint32Array(memory.buffer, ptr - 4, 1)[0];
  const units = new Uint16Array(memory.buffer, ptr, bytes >>> 1);
  let out = '';
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.subarray(i, i + 4096));
  return out;
}

/** The import object: `env.abort` becomes a WasmAbortError with the decoded message and location. */
export function makeImports(getMemory: () => WebAssembly.Memory | undefined, memory?: WebAssembly.Memory): WebAssembly.Imports {
  return {
    env: {
      ...(memory ? { memory } : {}),
      abort(messagePtr: number, filePtr: number, line: number, column: number): never {
        const memory = getMemory();
        const message = memory ? readWasmString(memory, messagePtr >>> 0) : 'abort';
        const file = memory ? readWasmString(memory, filePtr >>> 0) : '?';
        throw new WasmAbortError(message, file, line, column);
      },
    },
  };
}
