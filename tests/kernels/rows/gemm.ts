import { gemm } from '../../../bindings/index.js';
import { randomF32 } from '../../helpers/random.js';
import { TAIL_SIZES, type KernelRow } from '../row.js';

// Rows for assembly/kernels/gemm.ts. Shapes are [m, n, k].
const U = 2 ** -24; // f32 unit roundoff

/** Cubes at the tail sizes (1023 only where the f64 reference stays cheap), odd non-square
 *  shapes, shapes crossing the KC = 256, MC = 128 and NC = 1024 block edges, and the
 *  column path for n < 4. */
export const GEMM_SHAPES: number[][] = [
  ...TAIL_SIZES.filter((s) => s <= 64).map((s) => [s, s, s]),
  [1023, 17, 5], [5, 1023, 17], [17, 5, 1023], [1023, 1, 1], [1, 1023, 3],
  [0, 5, 3], [5, 0, 3], [5, 3, 0], [3, 5, 7], [7, 3, 5], [17, 15, 16], [33, 9, 65],
  [130, 67, 300], [121, 257, 129], [257, 1025, 33], [64, 64, 513],
  // the column path (n < 4) and its fallbacks (m or k above 4096)
  [256, 1, 16], [1023, 3, 129], [64, 2, 513], [7, 1, 1023], [5, 3, 4097], [4097, 2, 3],
];

/** Benchmark sizes (square), read by bench/gemm.bench.ts. */
export const GEMM_BENCH_SIZES = [64, 128, 256, 512, 1024];

interface Variant { transA: boolean; transB: boolean; alpha: number; beta: number; pad: number }

function gemmRow(name: string, v: Variant): KernelRow {
  return {
    name,
    shapes: GEMM_SHAPES,
    tolerance: '|err| <= 2(k+2)·2⁻²⁴·(|α|·Σ|a||b| + |β||c|) per entry',
    run(sd, [m, n, k], seed) {
      const [aRows, aCols] = v.transA ? [k, m] : [m, k];
      const [bRows, bCols] = v.transB ? [n, k] : [k, n];
      const lda = Math.max(1, aCols) + v.pad, ldb = Math.max(1, bCols) + v.pad, ldc = Math.max(1, n) + v.pad;
      const aData = randomF32(Math.max(0, aRows * lda), seed);
      const bData = randomF32(Math.max(0, bRows * ldb), seed + 1);
      // beta = 0 must not read C: seed it with NaN so a read would show
      const cData = v.beta === 0 ? new Float32Array(m * ldc).fill(NaN) : randomF32(m * ldc, seed + 2);
      const a = sd.f32(aData), b = sd.f32(bData), c = sd.f32(cData);
      gemm(sd, { a, b, c, m, n, k, transA: v.transA, transB: v.transB, alpha: v.alpha, beta: v.beta, lda, ldb, ldc });
      const out = c.toArray();
      a.dispose(); b.dispose(); c.dispose();
      const got: number[] = [], want: number[] = [], tol: number[] = [];
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0, sAbs = 0;
          for (let p = 0; p < k; p++) {
            const x = v.transA ? aData[p * lda + i] : aData[i * lda + p];
            const y = v.transB ? bData[j * ldb + p] : bData[p * ldb + j];
            s += x * y;
            sAbs += Math.abs(x * y);
          }
          const c0 = v.beta === 0 ? 0 : cData[i * ldc + j];
          got.push(out[i * ldc + j]);
          want.push(v.alpha * s + v.beta * c0);
          tol.push(2 * (k + 2) * U * (Math.abs(v.alpha) * sAbs + Math.abs(v.beta * c0)) + 1e-37);
        }
        // padding columns of C are never touched
        for (let j = n; j < ldc; j++) {
          got.push(out[i * ldc + j]);
          want.push(v.beta === 0 ? NaN : cData[i * ldc + j]);
          tol.push(0);
        }
      }
      return { got, want, tol };
    },
  };
}

export const gemmRows: KernelRow[] = [
  gemmRow('gemm_nn_f32', { transA: false, transB: false, alpha: 1, beta: 0, pad: 0 }),
  gemmRow('gemm_nt_f32', { transA: false, transB: true, alpha: 1, beta: 0, pad: 0 }),
  gemmRow('gemm_tn_f32', { transA: true, transB: false, alpha: 1, beta: 0, pad: 0 }),
  gemmRow('gemm_tt_f32', { transA: true, transB: true, alpha: 1, beta: 0, pad: 0 }),
  gemmRow('gemm_nn_f32 α=-0.5 β=0.75 strided', { transA: false, transB: false, alpha: -0.5, beta: 0.75, pad: 3 }),
  gemmRow('gemm_nt_f32 α=2 β=1 strided', { transA: false, transB: true, alpha: 2, beta: 1, pad: 1 }),
  gemmRow('gemm_tn_f32 α=1 β=-1 strided', { transA: true, transB: false, alpha: 1, beta: -1, pad: 5 }),
];
