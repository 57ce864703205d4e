// MMD² (RBF, unbiased), KID (full set, cubic polynomial kernel) and FID: saddle beside
// tfjs-core on tfjs-wasm (XNNPACK, SIMD, one thread) and, for FID, a plain-JS f64
// implementation, interleaved in one process, median and range of SADDLE_BENCH_ROUNDS
// (default 5) rounds after a warm-up.
//
// tfjs runs its fastest formulation: k(x, y) from ‖x‖² + ‖y‖² − 2XYᵀ, XYᵀ by one fused NN
// matMul (XNNPACK, the norm or constant term as its fused bias) against Yᵀ, transposed once
// per call inside the timed region; the whole kernel matrix at once, then exp/pow and one sum. It computes in f32 (its only precision);
// saddle accumulates in f64. Both values are compared with an exact f64 value computed
// here in plain JS from the pairwise differences (no cancellation).
//
// Sizes: SADDLE_BENCH_MMD="n,d;n,d" (default "2000,2048;4096,2"), SADDLE_BENCH_FID="n,d"
// (default 2000,256: the plain-JS Jacobi peer is O(d³) per sweep).
import { test } from 'vitest';
import { loadSaddle, metrics, type Saddle } from '../bindings/index.js';
import { randomF32 } from '../tests/helpers/random.js';
import { jacobiEigenvalues } from '../tests/helpers/jacobi.js';
import { describe, interleave, printTable, writeResults } from './harness.js';
import { tf, tfVersion, useTfBackend } from './peers/tfjs.js';

const MMD_SIZES = (process.env.SADDLE_BENCH_MMD ?? '2000,2048;4096,2').split(';').map((s) => s.split(',').map(Number) as [number, number]);
const [FID_N, FID_D] = (process.env.SADDLE_BENCH_FID ?? '2000,256').split(',').map(Number);
const ROUNDS = Number(process.env.SADDLE_BENCH_ROUNDS ?? 5);

type Kind = 'rbf' | 'poly';

/**
 * Σ_ij k(a_i, b_j) in tfjs: one fused NN matMul against bᵀ (XNNPACK's path) with the bias
 * folded in, then the kernel, then one sum. RBF: a·b − ‖b‖²/2 by the fused bias, so
 * ‖a − b‖² = ‖a‖² − 2(a·b − ‖b‖²/2); polynomial: (a/d)·b + 1 by the fused bias.
 */
function tfKernelSum(a: tf.Tensor2D, b: tf.Tensor2D, kind: Kind, sigma: number): number {
  const d = a.shape[1];
  const s = tf.tidy(() => {
    const bt = tf.transpose(b);
    if (kind === 'poly') return tf.sum(tf.pow(tf.fused.matMul({ a: tf.mul(a, 1 / d), b: bt, bias: tf.ones([b.shape[0]]) }), 3));
    const g = tf.fused.matMul({ a, b: bt, bias: tf.mul(tf.sum(tf.square(b), 1), -0.5) });
    const na = tf.reshape(tf.sum(tf.square(a), 1), [-1, 1]);
    const dist = tf.relu(tf.sub(na, tf.mul(g, 2)));
    return tf.sum(tf.exp(tf.mul(dist, -1 / (2 * sigma * sigma))));
  });
  const v = s.dataSync()[0];
  s.dispose();
  return v;
}

/** Unbiased MMD² in tfjs (diagonals: exp(0) = 1 for RBF, (‖x‖²/d + 1)³ for the polynomial). */
function tfMmd(x: tf.Tensor2D, y: tf.Tensor2D, kind: Kind, sigma: number): number {
  const n = x.shape[0], m = y.shape[0], d = x.shape[1];
  const diag = (a: tf.Tensor2D) => kind === 'rbf' ? a.shape[0] : tf.tidy(() => tf.sum(tf.pow(tf.add(tf.mul(tf.sum(tf.square(a), 1), 1 / d), 1), 3)).dataSync()[0]);
  const xx = tfKernelSum(x, x, kind, sigma) - diag(x), yy = tfKernelSum(y, y, kind, sigma) - diag(y);
  return xx / (n * (n - 1)) + yy / (m * (m - 1)) - 2 * tfKernelSum(x, y, kind, sigma) / (n * m);
}

/** The exact unbiased MMD² in f64: ‖a_i − b_j‖² from the differences, x·y/d summed pairwise. */
function exactMmd(x: Float32Array, y: Float32Array, n: number, d: number, sigma: number): Record<Kind, number> {
  const sum = (a: Float32Array, b: Float32Array, same: boolean) => {
    let rbf = 0, poly = 0;
    for (let i = 0; i < n; i++) {
      for (let j = same ? i + 1 : 0; j < n; j++) {
        let dist = 0, dot = 0;
        for (let k = 0; k < d; k++) { const u = a[i * d + k], v = b[j * d + k], t = u - v; dist += t * t; dot += u * v; }
        rbf += Math.exp(-dist / (2 * sigma * sigma));
        poly += (dot / d + 1) ** 3;
      }
    }
    return same ? { rbf: 2 * rbf, poly: 2 * poly } : { rbf, poly };
  };
  const xx = sum(x, x, true), yy = sum(y, y, true), xy = sum(x, y, false);
  const u = (k: Kind) => xx[k] / (n * (n - 1)) + yy[k] / (n * (n - 1)) - 2 * xy[k] / (n * n);
  return { rbf: u('rbf'), poly: u('poly') };
}

/** FID in plain JS, f64: two-pass covariance, √Σ1 by Jacobi, eigenvalues of √Σ1 Σ2 √Σ1. */
function jsFid(x: Float32Array, y: Float32Array, n: number, d: number): number {
  const stat = (v: Float32Array) => {
    const mean = new Float64Array(d), cov = new Float64Array(d * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += v[i * d + j] / n;
    const c = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) c[j] = v[i * d + j] - mean[j];
      for (let a = 0; a < d; a++) { const ca = c[a] / (n - 1); for (let b = a; b < d; b++) cov[a * d + b] += ca * c[b]; }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a];
    return { mean, cov };
  };
  const s1 = stat(x), s2 = stat(y);
  const v = new Float64Array(d * d);
  const lam = jacobiEigenvalues(Float64Array.from(s1.cov), d, v);
  const r = new Float64Array(d * d); // √Σ1 = V diag(√λ) Vᵀ
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += v[i * d + k] * Math.sqrt(Math.max(lam[k], 0)) * v[j * d + k];
    r[i * d + j] = s;
  }
  const t = new Float64Array(d * d), m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) { const rik = r[i * d + k]; for (let j = 0; j < d; j++) t[i * d + j] += rik * s2.cov[k * d + j]; }
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) { const tik = t[i * d + k]; for (let j = 0; j < d; j++) m[i * d + j] += tik * r[k * d + j]; }
  const mu = jacobiEigenvalues(m, d);
  let value = 0;
  for (let i = 0; i < d; i++) value += (s1.mean[i] - s2.mean[i]) ** 2 + s1.cov[i * d + i] + s2.cov[i * d + i];
  for (const u of mu) value -= 2 * Math.sqrt(Math.max(u, 0));
  return value;
}

const relErr = (v: number, exact: number) => Math.abs(v - exact) / Math.abs(exact);
const range = (t: { median: number; min: number; max: number }) => `${t.median.toFixed(0)} (${t.min.toFixed(0)}–${t.max.toFixed(0)})`;

async function mmdRows(sd: Saddle, n: number, d: number): Promise<Record<string, unknown>[]> {
  const xs = randomF32(n * d, 1), ys = randomF32(n * d, 2, -0.9, 1.1);
  const x = { data: sd.f32(xs), rows: n, cols: d }, y = { data: sd.f32(ys), rows: n, cols: d };
  const sigma = Math.sqrt(d / 3); // about the median distance of these uniforms
  const tx = tf.tensor2d(xs, [n, d]), ty = tf.tensor2d(ys, [n, d]);
  const exact = exactMmd(xs, ys, n, d, sigma);
  const rows: Record<string, unknown>[] = [];
  try {
    for (const [metric, kind] of [['MMD² rbf', 'rbf'], ['KID full', 'poly']] as const) {
      const run = (method: 'exact' | 'gemm') => kind === 'rbf'
        ? metrics.mmd(sd, x, y, { kernel: { kind: 'rbf', bandwidth: sigma }, method })
        : metrics.kid(sd, x, y, { protocol: 'full', method });
      const bound = run('gemm').errorBound;
      const r = await interleave(ROUNDS, {
        'saddle gemm': () => { const v = run('gemm'); return 'mmd2' in v ? v.mmd2 : v.mean; },
        'saddle exact': () => { const v = run('exact'); return 'mmd2' in v ? v.mmd2 : v.mean; },
        'tfjs-wasm': () => tfMmd(tx, ty, kind, sigma),
      });
      const precisions = { 'saddle gemm': d > metrics.DIRECT_MAX_DIM ? 'f32 gemm on centred data, f64 sums' : 'f64 differences, SIMD exp', 'saddle exact': 'f32 inputs, f64 sums', 'tfjs-wasm': 'f32' };
      for (const who of ['saddle gemm', 'saddle exact', 'tfjs-wasm'] as const) {
        rows.push({ metric, n, d, contender: who, precision: precisions[who], ms: r[who].time, value: r[who].value, exact: exact[kind], relativeError: relErr(r[who].value, exact[kind]),
          ...(who === 'saddle gemm' ? { errorBound: bound } : {}) });
      }
    }
  } finally {
    tx.dispose(); ty.dispose(); x.data.dispose(); y.data.dispose();
  }
  return rows;
}

test('metrics: saddle vs tfjs-wasm / plain JS', async () => {
  const sd = await loadSaddle({ build: 'simd' });
  await useTfBackend('wasm');
  describe('metrics (one thread, saddle simd build)', `, tfjs ${tfVersion()}`);
  const rows: Record<string, unknown>[] = [];
  for (const [n, d] of MMD_SIZES) rows.push(...await mmdRows(sd, n, d));

  const fx = randomF32(FID_N * FID_D, 3), fy = randomF32(FID_N * FID_D, 4, -0.8, 1.3);
  const px = { data: fx, rows: FID_N, cols: FID_D }, py = { data: fy, rows: FID_N, cols: FID_D };
  const r = await interleave(Math.min(ROUNDS, 5), { saddle: () => metrics.fid(sd, px, py).distance, 'plain JS f64': () => jsFid(fx, fy, FID_N, FID_D) });
  for (const who of ['saddle', 'plain JS f64'] as const) {
    rows.push({ metric: 'FID', n: FID_N, d: FID_D, contender: who, precision: 'f64', ms: r[who].time, value: r[who].value, exact: r['plain JS f64'].value, relativeError: relErr(r[who].value, r['plain JS f64'].value) });
  }
  printTable(['metric', 'contender', 'precision', 'ms: median (min–max)', 'value', 'relative error vs exact f64'],
    rows.map((w) => [`${w.metric} ${w.n}×${w.d}`, String(w.contender), String(w.precision), range(w.ms as never), (w.value as number).toExponential(6), (w.relativeError as number).toExponential(2)]));
  console.log('results written to', writeResults('metrics', rows, { tfjs: tfVersion(), rounds: ROUNDS, saddleBuild: 'simd', fidReference: 'plain JS f64 (Jacobi)' }));
}, 1_800_000);
