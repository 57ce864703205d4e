import { reduce, type ReduceAxis, type ReduceOp, type ReducePrecision } from '../../../bindings/index.js';
import { mulberry32, randomF32 } from '../../helpers/random.js';
import { TAIL_SIZES, type KernelRow } from '../row.js';

// Rows for assembly/kernels/reduce.ts (sum, mean, max, sum of squares; rows, cols, whole; f32 and f64).
// Shapes are [rows, cols]: every tail size appears as a row count and as a column count,
// in odd non-square pairs; 300 and 1023 columns cross the pairwise leaf of 256.
export const REDUCE_SHAPES: number[][] = [
  [1, 1], [3, 17], [17, 3], [5, 1023], [1023, 5], [16, 16], [15, 64], [64, 15], [4, 5], [5, 4],
  [0, 5], [5, 0], [0, 0], [1, 1023], [1023, 1], [17, 15], [7, 300], [1023, 1023],
];
if (!TAIL_SIZES.every((s) => REDUCE_SHAPES.some(([r, c]) => r === s) && REDUCE_SHAPES.some(([, c]) => c === s))) {
  throw new Error('REDUCE_SHAPES must cover every tail size as rows and as cols');
}

const U32 = 2 ** -24; // f32 unit roundoff
const U64 = 2 ** -53; // f64 unit roundoff

/** Extra pairwise levels above the 256-term SIMD leaves (0 when n fits in one leaf). */
function levels(n: number): number {
  return n <= 256 ? 0 : Math.ceil(Math.log2(n / 256)) + 1;
}

/** Most additions any term goes through (see the error notes in assembly/kernels/reduce.ts). */
function depth(axis: ReduceAxis, precision: ReducePrecision, n: number): number {
  if (axis === 'cols') return Math.floor(n / 4) + 5;
  const leaf = Math.min(n, 256);
  return precision === 'f32' ? Math.floor(leaf / 16) + 10 + levels(n) : Math.floor(leaf / 8) + 7 + levels(n);
}

/** Magnitudes 2⁻²⁰ .. 2²⁰ with random signs: sums cancel and f32 accumulation loses digits. */
function wideF32(n: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (next() < 0.5 ? -1 : 1) * (1 + next()) * 2 ** Math.floor(41 * next() - 20);
  return out;
}

/** Neumaier's compensated sum in f64 of the terms and of their absolute values. */
function referenceSum(terms: number[]): { sum: number; abs: number } {
  let s = 0, c = 0, abs = 0;
  for (const t of terms) {
    const u = s + t;
    c += Math.abs(s) >= Math.abs(t) ? (s - u) + t : (t - u) + s;
    s = u;
    abs += Math.abs(t);
  }
  return { sum: s + c, abs };
}

function reduceRow(op: ReduceOp, axis: ReduceAxis, precision: ReducePrecision): KernelRow {
  const name = `${op}_${axis}_${op === 'max' && precision === 'f64' ? 'f64out' : precision === 'f64' ? 'f64acc' : 'f32'}`;
  const u = precision === 'f32' ? U32 : U64;
  const tolerance = op === 'max'
    ? 'exact (max of f32 values is one of them); NaN propagates; empty = -Inf'
    : `|err| <= 1.01·(d${op === 'sumsq' && precision === 'f32' ? ' + 1' : ''}${op === 'mean' ? ' + 1' : ''})·2⁻${precision === 'f32' ? '²⁴' : '⁵³'}·Σ${op === 'sumsq' ? 'x²' : '|x|'}${op === 'mean' ? '/count' : ''} + 4·2⁻⁵³·Σ (reference), ` +
      (axis === 'cols' ? 'd = ⌊rows/4⌋ + 5' : precision === 'f32'
        ? 'd = ⌊min(n,256)/16⌋ + 10 + L(n)' : 'd = ⌊min(n,256)/8⌋ + 7 + L(n)') +
      (axis === 'cols' ? '' : ', L(n) = 0 (n <= 256) or ⌈log₂(n/256)⌉ + 1') +
      (precision === 'f64' ? '; inputs span 2⁻²⁰..2²¹ with cancellation' : '');
  return {
    name,
    shapes: REDUCE_SHAPES,
    tolerance,
    run(sd, [rows, cols], seed) {
      const data = precision === 'f64' ? wideF32(rows * cols, seed) : randomF32(rows * cols, seed);
      const x = sd.f32(data);
      let got: number[];
      if (axis === 'all') {
        got = [reduce(sd, op, x, { rows, cols, axis, precision })];
      } else {
        // out starts as NaN: the kernel must overwrite it, not accumulate into it
        const length = axis === 'rows' ? rows : cols;
        const out = precision === 'f64' ? sd.f64(new Float64Array(length).fill(NaN)) : sd.f32(new Float32Array(length).fill(NaN));
        reduce(sd, op, x, { rows, cols, axis, precision, out } as Parameters<typeof reduce>[3]);
        got = Array.from(out.toArray());
        out.dispose();
      }
      x.dispose();

      // groups of flat indices reduced together
      const groups: number[][] = [];
      if (axis === 'rows') for (let i = 0; i < rows; i++) groups.push(Array.from({ length: cols }, (_, j) => i * cols + j));
      else if (axis === 'cols') for (let j = 0; j < cols; j++) groups.push(Array.from({ length: rows }, (_, i) => i * cols + j));
      else groups.push(Array.from({ length: rows * cols }, (_, k) => k));
      const n = axis === 'rows' ? cols : axis === 'cols' ? rows : rows * cols;

      const want: number[] = [], tol: number[] = [];
      for (const group of groups) {
        const values = group.map((k) => data[k]);
        if (op === 'max') {
          want.push(values.reduce((m, v) => Math.max(m, v), -Infinity));
          tol.push(0);
          continue;
        }
        const { sum, abs } = referenceSum(op === 'sumsq' ? values.map((v) => v * v) : values);
        const d = depth(axis, precision, n) + (op === 'sumsq' && precision === 'f32' ? 1 : 0) + (op === 'mean' ? 1 : 0);
        const bound = 1.01 * d * u * abs + 4 * U64 * abs;
        want.push(op === 'mean' ? sum / n : sum);
        tol.push(op === 'mean' ? bound / n : bound);
      }
      return { got, want, tol };
    },
  };
}

const OPS: ReduceOp[] = ['sum', 'mean', 'max', 'sumsq'];
const AXES: ReduceAxis[] = ['rows', 'cols', 'all'];

/** One row per (op, axis, precision): 24 rows (max in f64 is the exact f32 max, widened). */
export const reduceRows: KernelRow[] = OPS.flatMap((op) =>
  AXES.flatMap((axis) => (['f32', 'f64'] as ReducePrecision[]).map((precision) => reduceRow(op, axis, precision))));
