// sgemm NN, NT, TN at n = 64 … 1024: saddle (each build this runtime runs) vs tfjs-wasm
// (XNNPACK, SIMD, 1 thread) and tfjs-cpu, in one process. Prints GFLOP/s and ratios.
//
// tfjs is measured at its best: the same input tensors every call, so XNNPACK reuses
// its packed copy of B; saddle packs both operands on every call.
import { test } from 'vitest';
import { gemm, hasRelaxedSimd, loadSaddle, type Saddle } from '../bindings/index.js';
import { GEMM_BENCH_SIZES } from '../tests/kernels/rows/gemm.js';
import { randomF32 } from '../tests/helpers/random.js';
import { describe, measure, printTable, writeResults } from './harness.js';
import { tf, tfVersion, useTfBackend, type TfBackend } from './peers/tfjs.js';

const VARIANTS = [
  { name: 'NN', transA: false, transB: false },
  { name: 'NT', transA: false, transB: true },
  { name: 'TN', transA: true, transB: false },
] as const;
const SIZES = (process.env.SADDLE_BENCH_SIZES?.split(',').map(Number)) ?? GEMM_BENCH_SIZES;
const CPU_MAX_N = 512; // tfjs-cpu takes seconds per call above this

function saddleGemm(sd: Saddle, n: number, transA: boolean, transB: boolean): () => void {
  const a = sd.f32(randomF32(n * n, 1)), b = sd.f32(randomF32(n * n, 2)), c = sd.f32(n * n);
  return () => gemm(sd, { a, b, c, m: n, n, k: n, transA, transB });
}

async function tfGemm(backend: TfBackend, n: number, transA: boolean, transB: boolean): Promise<() => void> {
  await useTfBackend(backend);
  const a = tf.tensor2d(randomF32(n * n, 1), [n, n]), b = tf.tensor2d(randomF32(n * n, 2), [n, n]);
  return () => tf.matMul(a, b, transA, transB).dispose();
}

test('sgemm: saddle vs tfjs', async () => {
  const builds: Array<'simd' | 'relaxed'> = hasRelaxedSimd() ? ['simd', 'relaxed'] : ['simd'];
  const saddles = Object.fromEntries(await Promise.all(builds.map(async (b) => [b, await loadSaddle({ build: b })] as const)));
  describe('sgemm GFLOP/s (single thread)', `, tfjs ${tfVersion()}`);
  const rows: string[][] = [];
  const results: Record<string, unknown>[] = [];
  for (const n of SIZES) {
    for (const v of VARIANTS) {
      const flops = 2 * n * n * n;
      const gflops = (ms: number) => flops / (ms * 1e6);
      const opts = { time: n >= 512 ? 1500 : 500, iterations: n >= 512 ? 5 : 20 };
      const r: Record<string, number> = {}, spreads: Record<string, { median: number; min: number; max: number; samples: number }> = {};
      const note = (name: string, t: { p50: number; min: number; max: number; samples: number }) => {
        r[name] = gflops(t.p50);
        spreads[name] = { median: gflops(t.p50), min: gflops(t.max), max: gflops(t.min), samples: t.samples };
      };
      for (const b of builds) note(`saddle-${b}`, await measure(saddleGemm(saddles[b], n, v.transA, v.transB), opts));
      note('tfjs-wasm', await measure(await tfGemm('wasm', n, v.transA, v.transB), opts));
      if (n <= CPU_MAX_N) note('tfjs-cpu', await measure(await tfGemm('cpu', n, v.transA, v.transB), { time: 300, iterations: 2 }));
      const ratio = r['saddle-simd'] / r['tfjs-wasm'];
      results.push({ n, variant: v.name, gflops: spreads, ratioSimdOverTfjsWasm: ratio, ...(builds.includes('relaxed') ? { ratioRelaxedOverTfjsWasm: r['saddle-relaxed'] / r['tfjs-wasm'] } : {}) });
      rows.push([
        `${v.name} n=${n}`,
        ...builds.map((b) => r[`saddle-${b}`].toFixed(1)),
        r['tfjs-wasm'].toFixed(1),
        r['tfjs-cpu'] === undefined ? '—' : r['tfjs-cpu'].toFixed(2),
        `${ratio.toFixed(2)}x`,
        ...(builds.includes('relaxed') ? [`${(r['saddle-relaxed'] / r['tfjs-wasm']).toFixed(2)}x`] : []),
      ]);
      tf.disposeVariables();
    }
  }
  printTable(
    ['case', ...builds.map((b) => `saddle ${b}`), 'tfjs-wasm', 'tfjs-cpu', 'simd/tfjs-wasm', ...(builds.includes('relaxed') ? ['relaxed/tfjs-wasm'] : [])],
    rows,
  );
  console.log('results written to', writeResults('gemm', results, { tfjs: tfVersion(), builds, timing: 'tinybench median per contender (GFLOP/s = 2n³ / time), min–max over its samples' }));
});
