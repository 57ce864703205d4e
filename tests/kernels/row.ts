// The shape of a kernel table row (see table.ts).
import type { Saddle } from '../../bindings/index.js';

export interface KernelCheck {
  /** what the kernel produced (a copy, not a live view) */
  got: ArrayLike<number>;
  /** the f64 reference computed from the same f32 inputs */
  want: ArrayLike<number>;
  /** allowed |got - want|, one per element or one for all */
  tol: ArrayLike<number> | number;
}

export interface KernelRow {
  /** contract name, e.g. gemm_nt_f32, exp_f32, sum_rows_f64 */
  name: string;
  /** shapes to run: [n] for 1-D kernels, [rows, cols] for 2-D, [m, n, k] for gemm */
  shapes: number[][];
  /** also run with the output aliasing the (first) input */
  inPlace?: boolean;
  /** the documented tolerance, in words */
  tolerance: string;
  /** runs the kernel on seeded inputs; must dispose what it allocates */
  run(sd: Saddle, shape: number[], seed: number, inPlace: boolean): KernelCheck;
}

/** The sizes every kernel family is tested at, plus odd non-square shapes per family. */
export const TAIL_SIZES = [0, 1, 3, 4, 5, 15, 16, 17, 64, 1023];

