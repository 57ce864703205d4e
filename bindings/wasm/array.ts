// WasmArray: a handle on a buffer in WASM memory. It holds (pointer, length) and makes
// typed views on demand; it never caches a view across calls that may grow memory.

import { SaddleArgumentError, SaddleError } from '../errors.js';
import type { Saddle } from './instance.js';
import { finiteF32Numbers } from '../schema/values.js';

export type DType = 'f32' | 'f64' | 'u32' | 'i32';
export type ViewOf<D extends DType> =
  D extends 'f32' ? Float32Array : D extends 'f64' ? Float64Array : D extends 'u32' ? Uint32Array : Int32Array;

export const BYTES_PER_ELEMENT: Record<DType, number> = { f32: 4, f64: 8, u32: 4, i32: 4 };

export class WasmArray<D extends DType = DType> {
  readonly dtype: D;
  readonly length: number;
  private pointer: number;
  private readonly owner: Saddle;
  private readonly token = {};

  /** @internal use saddle.f32() / f64() / u32() / i32() */
  constructor(owner: Saddle, dtype: D, ptr: number, length: number, registry: FinalizationRegistry<number>) {
    this.owner = owner;
    this.dtype = dtype;
    this.pointer = ptr;
    this.length = length;
    registry.register(this, ptr, this.token);
  }

  /** Byte address in WASM memory. Throws after dispose(). */
  get ptr(): number {
    if (this.pointer === 0) throw new SaddleError('E_DISPOSED', `a ${this.dtype} buffer of length ${this.length} was used after dispose()`);
    return this.pointer;
  }
  get byteLength(): number { return this.length * BYTES_PER_ELEMENT[this.dtype]; }
  get disposed(): boolean { return this.pointer === 0; }
  get saddle(): Saddle { return this.owner; }

  /** A fresh typed view on the current memory.buffer. Do not keep it across saddle calls. */
  view(): ViewOf<D> {
    const ptr = this.ptr;
    switch (this.dtype) {
      case 'f32': return this.owner.viewF32(ptr, this.length) as ViewOf<D>;
      case 'f64': return this.owner.viewF64(ptr, this.length) as ViewOf<D>;
      case 'u32': return this.owner.viewU32(ptr, this.length) as ViewOf<D>;
      default: return this.owner.viewI32(ptr, this.length) as ViewOf<D>;
    }
  }

  /** A copy of the contents as a plain typed array (safe to keep). */
  toArray(): ViewOf<D> { return this.view().slice() as ViewOf<D>; }

  /** Copies `data` into the buffer starting at element `offset`. */
  set(data: ArrayLike<number>, offset = 0): this {
    finiteF32Numbers('WasmArray.set', 'data', data, { finite: false });
    if (!Number.isInteger(offset) || offset < 0 || offset + data.length > this.length) {
      throw new SaddleArgumentError('WasmArray.set', 'offset', `an integer with offset + data.length <= ${this.length}`, offset);
    }
    this.view().set(data, offset);
    return this;
  }

  /** Frees the buffer. Safe to call twice. */
  dispose(): void {
    if (this.pointer === 0) return;
    const ptr = this.pointer;
    this.pointer = 0;
    this.owner.release(ptr, this.token);
  }
}
