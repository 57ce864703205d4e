// MMD (RBF, unbiased), KID (full set) and FID: saddle (WASM, f64 accumulation) beside
// tfjs-core on tfjs-wasm (XNNPACK, SIMD, one thread; f32 kernel matrices in row blocks)
// and, for FID, a plain-JS f64 implementation (covariance loops + cyclic Jacobi), in one
// process. Prints time, the ratio and the values' agreement.
//
// Sizes: SADDLE_BENCH_MMD="n,d" (default 2000,2048), SADDLE_BENCH_FID="n,d" (default 2000,256;
// the plain-JS Jacobi peer is O(d³) per sweep, so keep d small or set SADDLE_BENCH_FID_PEER=0).
import { test } from 'vitest';
import { loadSaddle, metrics } from '../bindings/index.js';
import { randomF32 } from '../tests/helpers/random.js';
import { machine, printTable, saveResults } from './harness.js';
import { tf, tfVersion, useTfBackend } from './peers/tfjs.js';
import { jacobiEigenvalues } from '../tests/helpers/jacobi.js';

const [MMD_N, MMD_D] = (process.env.SADDLE_BENCH_MMD ?? '2000,2048').split(',').map(Number);
const [FID_N, FID_D] = (process.env.SADDLE_BENCH_FID ?? '2000,256').split(',').map(Number);
const FID_PEER = process.env.SADDLE_BENCH_FID_PEER !== '0';

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
}

/** Σ_ij k(a_i, b_j) in tfjs with k = exp(−D/(2σ²)) or (g/d + 1)³, row blocks of 500. */
function tfKernelSum(a: tf.Tensor2D, b: tf.Tensor2D, kind: 'rbf' | 'poly', sigma: number): number {
  const n = a.shape[0], d = a.shape[1];
  let total = 0;
  const nb = tf.tidy(() => tf.reshape(tf.sum(tf.square(b), 1), [1, -1]));
  for (let i = 0; i < n; i += 500) {
    const s = tf.tidy(() => {
      const ai = tf.slice(a, [i, 0], [Math.min(500, n - i), d]);
      const g = tf.matMul(ai, b, false, true);
      if (kind === 'poly') return tf.sum(tf.pow(tf.add(tf.div(g, d), 1), 3));
      const na = tf.reshape(tf.sum(tf.square(ai), 1), [-1, 1]);
      const dist = tf.relu(tf.sub(tf.add(na, nb), tf.mul(g, 2)));
      return tf.sum(tf.exp(tf.div(dist, -2 * sigma * sigma)));
    });
    total += s.dataSync()[0];
    s.dispose();
  }
  nb.dispose();
  return total;
}

/** Unbiased MMD² in tfjs (diagonals: exp(0) = 1 for RBF, (‖x‖²/d + 1)³ for the polynomial). */
function tfMmd(x: tf.Tensor2D, y: tf.Tensor2D, kind: 'rbf' | 'poly', sigma: number): number {
  const n = x.shape[0], m = y.shape[0], d = x.shape[1];
  const diag = (a: tf.Tensor2D) => kind === 'rbf' ? a.shape[0] : tf.tidy(() => tf.sum(tf.pow(tf.add(tf.div(tf.sum(tf.square(a), 1), d), 1), 3)).dataSync()[0]);
  const xx = tfKernelSum(x, x, kind, sigma) - diag(x), yy = tfKernelSum(y, y, kind, sigma) - diag(y);
  return xx / (n * (n - 1)) + yy / (m * (m - 1)) - 2 * tfKernelSum(x, y, kind, sigma) / (n * m);
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

test('metrics: saddle vs tfjs-wasm / plain JS', async () => {
  const sd = await loadSaddle({ build: 'simd' });
  await useTfBackend('wasm');
  const env = { ...machine(), tfjs: tfVersion() };
  console.log(`\nmetrics on ${env.cpu}, ${env.cores} cores, Node ${env.node}, tfjs ${env.tfjs}, ${env.date} (single thread)`);
  const rows: string[][] = [];
  const results: Record<string, unknown>[] = [];

  const xs = randomF32(MMD_N * MMD_D, 1), ys = randomF32(MMD_N * MMD_D, 2, -0.9, 1.1);
  const x = { data: sd.f32(xs), rows: MMD_N, cols: MMD_D }, y = { data: sd.f32(ys), rows: MMD_N, cols: MMD_D };
  const sigma = Math.sqrt(MMD_D / 3); // about the median distance of these uniforms
  const tx = tf.tensor2d(xs, [MMD_N, MMD_D]), ty = tf.tensor2d(ys, [MMD_N, MMD_D]);
  for (const [name, kernel, kind] of [['MMD² rbf', { kind: 'rbf', bandwidth: sigma }, 'rbf'], ['KID full', undefined, 'poly']] as const) {
    const [ours, tSaddle] = time(() => kernel ? metrics.mmd(sd, x, y, { kernel }).mmd2 : metrics.kid(sd, x, y, { protocol: 'full' }).mean);
    const [peer, tPeer] = time(() => tfMmd(tx, ty, kind, sigma));
    results.push({ name, n: MMD_N, d: MMD_D, saddleMs: tSaddle, tfjsWasmMs: tPeer, saddle: ours, tfjs: peer });
    rows.push([`${name} ${MMD_N}×${MMD_D}`, tSaddle.toFixed(0), tPeer.toFixed(0), (tPeer / tSaddle).toFixed(2), ours.toExponential(6), peer.toExponential(6)]);
  }
  tx.dispose(); ty.dispose();
  (x.data as { dispose(): void }).dispose(); (y.data as { dispose(): void }).dispose();

  const fx = randomF32(FID_N * FID_D, 3), fy = randomF32(FID_N * FID_D, 4, -0.8, 1.3);
  const [fid, tFid] = time(() => metrics.fid(sd, { data: fx, rows: FID_N, cols: FID_D }, { data: fy, rows: FID_N, cols: FID_D }).distance);
  let peer = NaN, tPeer = NaN;
  if (FID_PEER) [peer, tPeer] = time(() => jsFid(fx, fy, FID_N, FID_D));
  results.push({ name: 'FID', n: FID_N, d: FID_D, saddleMs: tFid, plainJsMs: tPeer, saddle: fid, plainJs: peer });
  rows.push([`FID ${FID_N}×${FID_D} (peer: plain JS)`, tFid.toFixed(0), tPeer.toFixed(0), (tPeer / tFid).toFixed(2), fid.toExponential(8), peer.toExponential(8)]);

  printTable(['metric', 'saddle ms', 'peer ms', 'peer/saddle', 'saddle value', 'peer value'], rows);
  console.log(`saved ${saveResults('metrics', { env, results })}`);
});
