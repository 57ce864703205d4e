import { copy2d, gatherRows, scatterAddRows, transpose } from '../../../bindings/index.js';
import { bitsOf, f32FromBits, randomBits } from '../../helpers/bits.js';
import { mulberry32, randomF32 } from '../../helpers/random.js';
import { TAIL_SIZES, type KernelRow } from '../row.js';

// Rows for assembly/kernels/layout.ts (transpose, strided 2-D copy, row gather, row scatter-add).
// Moves are compared as u32 bit patterns (inputs carry NaN payloads, -0, ±Inf and
// subnormals), so "exact" means bit for bit. Scatter-add's reference repeats the kernel's
// f32 additions in the same order (Math.fround after each), so it is exact too.

/** [rows, cols]: every tail size as rows and as cols in odd non-square pairs, plus shapes crossing the 32×32 transpose tiles. */
export const LAYOUT_SHAPES: number[][] = [
  [0, 5], [5, 0], [1, 1], [1, 17], [17, 1], [3, 5], [5, 3], [4, 15], [15, 4], [16, 17], [17, 16],
  [3, 64], [64, 3], [5, 1023], [1023, 5], [33, 65], [64, 1023], [1023, 64],
];
if (!TAIL_SIZES.every((s) => LAYOUT_SHAPES.some(([r]) => r === s) && LAYOUT_SHAPES.some(([, c]) => c === s))) {
  throw new Error('LAYOUT_SHAPES must cover every tail size as rows and as cols');
}

/** [table rows, cols, count]: gather reads `count` rows of a rows×cols x, scatter-add writes count rows into a rows×cols out. */
export const INDEX_SHAPES: number[][] = [
  [1, 1, 1], [5, 3, 17], [17, 3, 5], [3, 17, 1023], [1023, 5, 16], [4, 15, 64], [64, 16, 15],
  [15, 64, 4], [16, 1023, 3], [0, 5, 0], [5, 0, 17], [7, 5, 0], [1, 4, 1023], [1023, 1, 1023],
];

const transposeRow: KernelRow = {
  name: 'transpose_f32',
  shapes: LAYOUT_SHAPES,
  tolerance: 'exact (bit patterns)',
  run(sd, [rows, cols], seed) {
    const bits = randomBits(rows * cols, seed);
    const x = f32FromBits(sd, bits);
    const out = f32FromBits(sd, new Uint32Array(rows * cols).fill(0x7fc0dead));
    transpose(sd, x, out, { rows, cols });
    const got = [...bitsOf(sd, out), ...bitsOf(sd, x)];
    const want: number[] = [];
    for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) want.push(bits[i * cols + j]);
    x.dispose(); out.dispose();
    return { got, want: [...want, ...bits], tol: 0 };
  },
};

/** A strided copy: offsets and leading dimensions larger than cols, or the contiguous case (one memory.copy). */
function copy2dRow(strided: boolean): KernelRow {
  return {
    name: `copy2d_f32 ${strided ? 'strided, offsets' : 'contiguous'}`,
    shapes: LAYOUT_SHAPES,
    tolerance: 'exact (bit patterns); dst outside the block untouched',
    run(sd, [rows, cols], seed) {
      const [srcLd, dstLd, srcOffset, dstOffset] = strided ? [cols + 3, cols + 5, 2, 1] : [cols, cols, 0, 0];
      const srcLength = srcOffset + rows * srcLd + 1, dstLength = dstOffset + rows * dstLd + 1;
      const srcBits = randomBits(srcLength, seed);
      const dstBits = new Uint32Array(dstLength).fill(0x7fc0dead);
      const src = f32FromBits(sd, srcBits), dst = f32FromBits(sd, dstBits);
      copy2d(sd, { src, dst, rows, cols, srcLd, dstLd, srcOffset, dstOffset });
      const got = bitsOf(sd, dst);
      const want = dstBits.slice();
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) want[dstOffset + i * dstLd + j] = srcBits[srcOffset + i * srcLd + j];
      }
      src.dispose(); dst.dispose();
      return { got, want, tol: 0 };
    },
  };
}

/** count seeded indices into [0, rows), with repeats (a third of them repeat an earlier one). */
function randomIndices(count: number, rows: number, seed: number): Int32Array {
  const next = mulberry32(seed);
  const idx = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    idx[k] = k > 0 && next() < 1 / 3 ? idx[Math.floor(next() * k)] : Math.floor(next() * rows);
  }
  return idx;
}

const gatherRow: KernelRow = {
  name: 'gather_rows_f32',
  shapes: INDEX_SHAPES,
  tolerance: 'exact (bit patterns)',
  run(sd, [rows, cols, count], seed) {
    const bits = randomBits(rows * cols, seed);
    const idxData = randomIndices(count, rows, seed + 1);
    const x = f32FromBits(sd, bits), idx = sd.i32(idxData);
    const out = f32FromBits(sd, new Uint32Array(count * cols).fill(0x7fc0dead));
    gatherRows(sd, x, idx, out, { rows, cols });
    const got = [...bitsOf(sd, out), ...bitsOf(sd, x)];
    const want: number[] = [];
    for (let k = 0; k < count; k++) for (let j = 0; j < cols; j++) want.push(bits[idxData[k] * cols + j]);
    x.dispose(); idx.dispose(); out.dispose();
    return { got, want: [...want, ...bits], tol: 0 };
  },
};

const scatterAddRow: KernelRow = {
  name: 'scatter_add_rows_f32',
  shapes: INDEX_SHAPES,
  tolerance: 'exact (the same f32 additions in the order k = 0, 1, ...)',
  run(sd, [rows, cols, count], seed) {
    const yData = randomF32(count * cols, seed, -4, 4);
    const idxData = randomIndices(count, rows, seed + 1);
    const y = sd.f32(yData), idx = sd.i32(idxData);
    // out starts as NaN: the kernel must zero it, not accumulate into it
    const out = sd.f32(new Float32Array(rows * cols).fill(NaN));
    scatterAddRows(sd, y, idx, out, { rows, cols });
    const got = out.toArray();
    const want = new Array<number>(rows * cols).fill(0);
    for (let k = 0; k < count; k++) {
      for (let j = 0; j < cols; j++) want[idxData[k] * cols + j] = Math.fround(want[idxData[k] * cols + j] + yData[k * cols + j]);
    }
    y.dispose(); idx.dispose(); out.dispose();
    return { got, want, tol: 0 };
  },
};

export const layoutRows: KernelRow[] = [transposeRow, copy2dRow(true), copy2dRow(false), gatherRow, scatterAddRow];
