// Log-domain Sinkhorn: saddle (one WASM call, f64, SIMD softmin) beside a straightforward
// tfjs-core log-domain Sinkhorn on the tfjs-wasm backend (f32, tf.logSumExp) and a plain-JS
// f64 loop, in one process. Per-iteration times come from runs with a fixed iteration count
// (no annealing, no early stop) so every implementation does the same work; the end-to-end
// rows run saddle as users would (ε-scaling, tol 1e-6) and print the iterations it took.
import { test } from 'vitest';
import { hasRelaxedSimd, loadSaddle, metrics, type Saddle } from '../bindings/index.js';
import { randomF32 } from '../tests/helpers/random.js';
import { describe, measure, printTable, writeResults } from './harness.js';
import { tf, tfVersion, useTfBackend } from './peers/tfjs.js';
import { tfSinkhornLog } from '../bindings/cli/bench.js';

const SIZES = (process.env.SADDLE_BENCH_SINKHORN?.split(',').map(Number)) ?? [1000];
// (d, ε relative): d = 64 at ε = 0.01·d/6 takes saddle thousands of iterations end to end; left out to keep the run short
const CASES: Array<[number, number]> = [[2, 0.1], [2, 0.01], [64, 0.1]];
const FIXED = 10; // iterations per timed fixed-count run

/** ε is relative to the mean cost of points uniform in the unit cube: E‖x−y‖² = d/6. */
const epsFor = (d: number, rel: number) => rel * (d / 6);

function saddleFixed(sd: Saddle, x: Float32Array, y: Float32Array, d: number, eps: number): () => void {
  return () => { metrics.sinkhorn(sd, x, y, { eps, dim: d, scaling: 1, tol: 0, maxIterations: FIXED, domain: 'log', onWarning: false }); };
}

/** f_i = −ε LSE_j(log b_j + (g_j − C_ij)/ε), g_j likewise, FIXED times, on tfjs tensors. */
function tfFixed(x: Float32Array, y: Float32Array, n: number, d: number, eps: number): () => void {
  return () => { tfSinkhornLog(tf, x, y, n, d, eps, FIXED); };
}

/** The same iterations in plain JS, f64. */
function jsFixed(x: Float32Array, y: Float32Array, n: number, d: number, eps: number): () => void {
  return () => {
    const C = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) { const t = x[i * d + k] - y[j * d + k]; s += t * t; }
        C[i * n + j] = s;
      }
    }
    const f = new Float64Array(n), g = new Float64Array(n), logW = Math.log(1 / n);
    const z = new Float64Array(n);
    for (let k = 0; k < FIXED; k++) {
      for (const [out, pot, rowMajor] of [[f, g, true], [g, f, false]] as const) {
        for (let i = 0; i < n; i++) {
          let mx = -Infinity;
          for (let j = 0; j < n; j++) { z[j] = logW + (pot[j] - (rowMajor ? C[i * n + j] : C[j * n + i])) / eps; if (z[j] > mx) mx = z[j]; }
          let s = 0;
          for (let j = 0; j < n; j++) s += Math.exp(z[j] - mx);
          out[i] = -eps * (mx + Math.log(s));
        }
      }
    }
  };
}

test('sinkhorn: saddle vs tfjs-wasm and plain JS', async () => {
  const builds: Array<'simd' | 'relaxed'> = hasRelaxedSimd() ? ['simd', 'relaxed'] : ['simd'];
  const saddles = Object.fromEntries(await Promise.all(builds.map(async (b) => [b, await loadSaddle({ build: b })] as const)));
  describe('log-domain Sinkhorn, ms per iteration (an f and a g update)', `, tfjs ${tfVersion()}`);
  await useTfBackend('wasm');
  const rows: string[][] = [];
  const results: Record<string, unknown>[] = [];
  for (const n of SIZES) {
    for (const [d, rel] of CASES) {
      const x = randomF32(n * d, 1, 0, 1), y = randomF32(n * d, 2, 0, 1);
      {
        const eps = epsFor(d, rel);
        const per = (ms: number) => ms / FIXED; // includes the one-off cost matrix, as users pay it
        const r: Record<string, number> = {}, range: Record<string, [number, number]> = {};
        const note = (name: string, t: { p50: number; min: number; max: number }) => { r[name] = per(t.p50); range[name] = [per(t.min), per(t.max)]; };
        for (const b of builds) note(`saddle-${b}`, await measure(saddleFixed(saddles[b], x, y, d, eps), { time: 1000, iterations: 5 }));
        note('tfjs-wasm', await measure(tfFixed(x, y, n, d, eps), { time: 1000, iterations: 5 }));
        if (n <= 1000) note('plain-js', await measure(jsFixed(x, y, n, d, eps), { time: 500, iterations: 2 }));
        // end to end, as users run it: ε-scaling from max C, tol 1e-6
        const t0 = performance.now();
        const full = metrics.sinkhorn(saddles.simd, x, y, { eps, dim: d, maxIterations: 20000, onWarning: false });
        const endToEnd = performance.now() - t0;
        const ratio = r['tfjs-wasm'] / r['saddle-simd'];
        results.push({ n, d, epsRelative: rel, eps, msPerIteration: r, range, ratioTfjsOverSaddle: ratio, endToEndMs: endToEnd, iterations: full.iterations, converged: full.converged });
        rows.push([
          `n=${n} d=${d} ε=${rel}·d/6`,
          ...builds.map((b) => r[`saddle-${b}`].toFixed(2)),
          r['tfjs-wasm'].toFixed(2),
          r['plain-js'] === undefined ? '—' : r['plain-js'].toFixed(2),
          `${ratio.toFixed(2)}x`,
          `${endToEnd.toFixed(0)} ms / ${full.iterations}${full.converged ? '' : ' (cap)'}`,
        ]);
      }
    }
  }
  printTable(['case', ...builds.map((b) => `saddle ${b}`), 'tfjs-wasm', 'plain JS', 'tfjs/saddle', 'saddle end to end / iterations'], rows);
  console.log('results written to', writeResults('sinkhorn', results, { tfjs: tfVersion(), builds, fixedIterations: FIXED, timing: 'tinybench median of fixed-count runs (no ε-scaling, no early stop) / iterations, cost matrix included; range = min–max' }));
});
