// `saddle bench [--build simd|relaxed] [--seconds S] [--json]`: saddle's throughput on this
// machine through the public API (what users get), beside TensorFlow.js on its WASM
// backend (one thread, SIMD) when @tensorflow/tfjs-core and @tensorflow/tfjs-backend-wasm
// are installed next to saddle: gemm, a GAN training iteration, log-domain Sinkhorn
// iterations and MMD². --json prints one JSON object (shape: BenchReport) for scripts.
// The full, interleaved comparisons (POT, scipy, spreads) live in the repository's
// `npm run bench` (BENCHMARKS.md).

import { cpus, totalmem } from 'node:os';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { gan, gemm, loadSaddle, metrics, type Saddle } from '../index.js';
import { UsageError } from './errors.js';
import { BUILD_FLAG, buildOption } from './train.js';
import type { CommandInput, CommandSpec } from './command.js';

export interface BenchRow {
  /** What was run, e.g. 'gemm NN 256³'. */
  name: string;
  /** The unit of `saddle` and `tfjs`; higher is better for every unit used. */
  unit: 'GFLOP/s' | 'it/s' | 'calls/s';
  saddle: number;
  /** tfjs-wasm's rate on the same work, null when tfjs is not installed. */
  tfjs: number | null;
  /** saddle / tfjs (> 1: saddle is faster), null without tfjs. */
  ratio: number | null;
  /** Why `tfjs` is null on this row though tfjs is installed. */
  tfjsMissing?: string;
}

export interface BenchReport {
  saddle: { build: string };
  node: string;
  machine: { cpu: string; cores: number; memGiB: number };
  /** tfjs-core's version, or null with the reason in tfjsMissing. */
  tfjs: string | null;
  tfjsMissing?: string;
  secondsPerContender: number;
  rows: BenchRow[];
}

/** Runs `step` repeatedly for about `seconds` (after a warm-up) and returns calls per second. */
function rate(step: () => void, seconds: number): number {
  step();
  let calls = 0;
  const t0 = performance.now();
  do { step(); calls++; } while (performance.now() - t0 < seconds * 1000);
  return calls / ((performance.now() - t0) / 1000);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Tf = any;

/**
 * tfjs-core on its WASM backend (one thread, SIMD), or the reason it cannot be loaded. Plain
 * Node takes tfjs-core's CommonJS build; its gradients ship only as ESM files with
 * extensionless imports, which Node cannot load, so `gradients` says why the GAN row has no
 * tfjs figure when they are missing (a bundler, as in the repository's npm run bench, loads them).
 */
async function loadTf(): Promise<{ tf: Tf; gradients: string | null } | { missing: string }> {
  const core = '@tensorflow/tfjs-core', wasm = '@tensorflow/tfjs-backend-wasm'; // not literals: optional, never bundled
  try {
    const require = createRequire(import.meta.url);
    const tf = require(core);
    const backend = require(wasm);
    backend.setWasmPaths(dirname(require.resolve(`${wasm}/package.json`)) + '/dist/');
    backend.setThreadsCount(1);
    let gradients: string | null = null;
    try { await import(`${core}/dist/register_all_gradients.js`); } catch (e) { gradients = `tfjs-core's gradients do not load in plain Node (${(e as Error).message.split('\n')[0]})`; }
    if (!(await tf.setBackend('wasm'))) return { missing: 'the tfjs WASM backend did not start' };
    await tf.ready();
    return { tf, gradients: gradients ?? (tf.getGradient('Softplus') ? null : "tfjs-core's gradients are not registered") };
  } catch (e) {
    return { missing: `${core} and ${wasm} are not both installed (${(e as Error).message.split('\n')[0]})` };
  }
}

const wave = (n: number, f: (i: number) => number) => Float32Array.from({ length: n }, (_, i) => f(i));

function gemmRows(sd: Saddle, tf: Tf | null, seconds: number): BenchRow[] {
  const rows: BenchRow[] = [];
  const n = 256, flop = 2 * n ** 3;
  for (const [variant, transB] of [['NN', false], ['NT', true]] as const) {
    const av = wave(n * n, Math.sin), bv = wave(n * n, Math.cos);
    const a = sd.f32(av), b = sd.f32(bv), c = sd.f32(n * n);
    const ours = rate(() => gemm(sd, { a, b, c, m: n, n, k: n, transB }), seconds) * flop / 1e9;
    [a, b, c].forEach((x) => x.dispose());
    let peer: number | null = null;
    if (tf) {
      const ta = tf.tensor2d(av, [n, n]), tb = tf.tensor2d(bv, [n, n]);
      peer = rate(() => tf.matMul(ta, tb, false, transB).dispose(), seconds) * flop / 1e9;
      ta.dispose(); tb.dispose();
    }
    rows.push({ name: `gemm ${variant} ${n}³`, unit: 'GFLOP/s', saddle: ours, tfjs: peer, ratio: peer ? ours / peer : null });
  }
  return rows;
}

/** One D and one G Adam update of 2-16-16-2 / 2-16-16-1 MLPs (ReLU), batch 256, non-saturating loss. */
function ganRow(sd: Saddle, tf: Tf | null, seconds: number, gradients: string | null): BenchRow {
  const set = gan.dataset(sd, 'ring-8', { rows: 4096, seed: 1 });
  const trainer = new gan.GanTrainer({
    data: { values: set.data, dim: 2 }, noise: { dim: 2 }, batch: 256, seed: 1, historyEvery: 100, loss: 'nonSaturating',
    generator: { hidden: [16, 16], activation: 'relu' }, discriminator: { hidden: [16, 16], activation: 'relu' },
    optimizer: { d: { kind: 'adam', lr: 2e-4, b1: 0.5, b2: 0.999 }, g: { kind: 'adam', lr: 2e-4, b1: 0.5, b2: 0.999 } },
  }, { saddle: sd });
  const k = 50;
  const ours = rate(() => trainer.trainSync(k), seconds) * k;
  trainer.dispose();
  let peer: number | null = null;
  if (tf && !gradients) {
    const mlp = (widths: number[]) => {
      const vars: Tf[] = [];
      for (let l = 0; l + 1 < widths.length; l++) vars.push(tf.variable(tf.randomNormal([widths[l], widths[l + 1]], 0, Math.sqrt(2 / widths[l]))), tf.variable(tf.zeros([1, widths[l + 1]])));
      const apply = (x: Tf) => { let h = x; for (let l = 0; l < vars.length; l += 2) { h = tf.add(tf.matMul(h, vars[l]), vars[l + 1]); if (l + 2 < vars.length) h = tf.relu(h); } return h; };
      return { vars, apply };
    };
    const data = tf.tensor2d(set.data, [set.data.length / 2, 2]);
    const G = mlp([2, 16, 16, 2]), D = mlp([2, 16, 16, 1]);
    const dOpt = tf.train.adam(2e-4, 0.5, 0.999), gOpt = tf.train.adam(2e-4, 0.5, 0.999);
    const step = () => tf.tidy(() => {
      const real = tf.gather(data, tf.randomUniform([256], 0, set.data.length / 2, 'int32'));
      const z1 = tf.randomNormal([256, 2]), z2 = tf.randomNormal([256, 2]);
      dOpt.minimize(() => tf.add(tf.mean(tf.softplus(tf.neg(D.apply(real)))), tf.mean(tf.softplus(D.apply(G.apply(z1))))), false, D.vars);
      gOpt.minimize(() => tf.mean(tf.softplus(tf.neg(D.apply(G.apply(z2))))), false, G.vars);
    });
    peer = rate(step, seconds);
    data.dispose(); [...G.vars, ...D.vars].forEach((v) => v.dispose()); dOpt.dispose(); gOpt.dispose();
  }
  return { name: 'GAN iteration 2-16-16-2 / 2-16-16-1, batch 256', unit: 'it/s', saddle: ours, tfjs: peer, ratio: peer ? ours / peer : null, ...(tf && gradients ? { tfjsMissing: gradients } : {}) };
}

/**
 * The tfjs peer of log-domain Sinkhorn (also bench/sinkhorn.bench.ts's): `iterations` f and g
 * updates f = −ε·LSE_j(log bⱼ + (gⱼ − Cᵢⱼ)/ε), g likewise, uniform weights, squared-Euclidean C
 * formed once; returns ⟨a, f⟩ + ⟨b, g⟩.
 */
export function tfSinkhornLog(tf: Tf, x: Float32Array, y: Float32Array, n: number, d: number, eps: number, iterations: number): number {
  return tf.tidy(() => {
    const X = tf.tensor2d(x, [n, d]), Y = tf.tensor2d(y, [n, d]);
    const C = tf.sum(tf.square(tf.sub(tf.expandDims(X, 1), tf.expandDims(Y, 0))), 2);
    const logW = Math.log(1 / n);
    let f = tf.zeros([n]), g = tf.zeros([n]);
    for (let k = 0; k < iterations; k++) {
      f = tf.mul(-eps, tf.logSumExp(tf.add(logW, tf.div(tf.sub(tf.expandDims(g, 0), C), eps)), 1));
      g = tf.mul(-eps, tf.logSumExp(tf.add(logW, tf.div(tf.sub(tf.expandDims(f, 1), C), eps)), 0));
    }
    return tf.add(tf.mean(f), tf.mean(g)).dataSync()[0];
  });
}

/** Log-domain Sinkhorn, n = m = 500 in 2-D, 10 iterations per call (no ε-scaling, no early stop). */
function sinkhornRow(sd: Saddle, tf: Tf | null, seconds: number): BenchRow {
  const n = 500, iterations = 10, eps = 0.01;
  const x = wave(2 * n, (i) => (Math.sin(i * 1.7) + 1) / 2), y = wave(2 * n, (i) => (Math.cos(i * 0.9) + 1) / 2);
  const ours = rate(() => { metrics.sinkhorn(sd, x, y, { eps, dim: 2, scaling: 1, tol: 0, maxIterations: iterations, domain: 'log', onWarning: false }); }, seconds) * iterations;
  let peer: number | null = null;
  if (tf) {
    peer = rate(() => { tfSinkhornLog(tf, x, y, n, 2, eps, iterations); }, seconds) * iterations;
  }
  return { name: `Sinkhorn log-domain iteration, ${n}×${n}, 2-D`, unit: 'it/s', saddle: ours, tfjs: peer, ratio: peer ? ours / peer : null };
}

/** Unbiased RBF MMD², n = 500 per side, d = 256; tfjs: ‖x‖² + ‖y‖² − 2XYᵀ by NN matMul (its fastest formulation, f32). */
function mmdRow(sd: Saddle, tf: Tf | null, seconds: number): BenchRow {
  const n = 500, d = 256, sigma = Math.sqrt(d / 3);
  const xs = wave(n * d, (i) => Math.sin(i * 0.37)), ys = wave(n * d, (i) => Math.cos(i * 0.53) * 1.1);
  const x = { data: xs, rows: n, cols: d }, y = { data: ys, rows: n, cols: d };
  const ours = rate(() => { metrics.mmd(sd, x, y, { kernel: { kind: 'rbf', bandwidth: sigma } }); }, seconds);
  let peer: number | null = null;
  if (tf) {
    const tx = tf.tensor2d(xs, [n, d]), ty = tf.tensor2d(ys, [n, d]);
    const sum = (a: Tf, b: Tf) => tf.tidy(() => {
      const g = tf.matMul(a, tf.transpose(b));
      const dist = tf.relu(tf.sub(tf.add(tf.reshape(tf.sum(tf.square(a), 1), [-1, 1]), tf.reshape(tf.sum(tf.square(b), 1), [1, -1])), tf.mul(g, 2)));
      return tf.sum(tf.exp(tf.mul(dist, -1 / (2 * sigma * sigma)))).dataSync()[0] as number;
    });
    peer = rate(() => { void ((sum(tx, tx) - n) / (n * (n - 1)) + (sum(ty, ty) - n) / (n * (n - 1)) - 2 * sum(tx, ty) / (n * n)); }, seconds);
    tx.dispose(); ty.dispose();
  }
  return { name: `MMD² rbf, ${n}×${d} per side`, unit: 'calls/s', saddle: ours, tfjs: peer, ratio: peer ? ours / peer : null };
}

export async function benchReport(options: { build?: 'auto' | 'simd' | 'relaxed'; seconds?: number; tfjs?: boolean } = {}): Promise<BenchReport> {
  const seconds = options.seconds ?? 1;
  const sd = await loadSaddle({ build: options.build ?? 'auto' });
  const loaded = options.tfjs === false ? { missing: 'disabled (--no-tfjs)' } : await loadTf();
  const tf = 'tf' in loaded ? loaded.tf : null;
  const rows = [...gemmRows(sd, tf, seconds / 2), ganRow(sd, tf, seconds, 'tf' in loaded ? loaded.gradients : null), sinkhornRow(sd, tf, seconds), mmdRow(sd, tf, seconds)];
  return {
    saddle: { build: sd.build }, node: process.version,
    machine: { cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30) },
    tfjs: tf ? String(tf.version_core) : null, ...('missing' in loaded ? { tfjsMissing: loaded.missing } : {}),
    secondsPerContender: seconds, rows,
  };
}

export const BENCH: CommandSpec = {
  name: 'bench',
  summary: 'gemm, GAN, Sinkhorn and MMD rates on this machine, beside tfjs-wasm when installed',
  flags: [
    BUILD_FLAG,
    { flag: 'seconds', value: 'S', description: 'seconds per contender and row, in (0, 60]', default: '1' },
    { flag: 'json', description: 'print one JSON object (BenchReport) for scripts', default: 'off' },
    { flag: 'no-tfjs', description: 'measure saddle only, even when tfjs is installed', default: 'off' },
  ],
  run: async (input) => { await bench(input); return 0; },
};

export async function bench({ flags }: CommandInput): Promise<void> {
  const build = flags.build === undefined ? 'auto' : buildOption(String(flags.build));
  let seconds = 1;
  if (flags.seconds !== undefined) {
    seconds = Number(flags.seconds);
    if (!(seconds > 0 && seconds <= 60)) throw new UsageError(`--seconds needs a number in (0, 60], got ${flags.seconds}`);
  }
  const json = flags.json === true, tfjs = flags['no-tfjs'] !== true;
  const report = await benchReport({ build, seconds, tfjs });
  if (json) { console.log(JSON.stringify(report, null, 2)); return; }
  console.log(`saddle bench: ${report.saddle.build} build, Node ${report.node}, ${report.machine.cpu}, ${seconds} s per contender`);
  console.log(report.tfjs ? `tfjs-wasm ${report.tfjs}, one thread` : `tfjs: ${report.tfjsMissing}`);
  const fmt = (v: number | null) => (v === null ? '—' : v >= 100 ? v.toFixed(0) : v.toPrecision(3));
  console.log(`\n${'what'.padEnd(52)} ${'unit'.padEnd(8)} ${'saddle'.padStart(9)} ${'tfjs'.padStart(9)} ${'saddle/tfjs'.padStart(12)}`);
  for (const r of report.rows) console.log(`${r.name.padEnd(52)} ${r.unit.padEnd(8)} ${fmt(r.saddle).padStart(9)} ${fmt(r.tfjs).padStart(9)} ${(r.ratio === null ? '—' : `${r.ratio.toFixed(2)}x`).padStart(12)}`);
  for (const r of report.rows.filter((row) => row.tfjsMissing)) console.log(`\n${r.name}: no tfjs figure: ${r.tfjsMissing}`);
  console.log('\nthe interleaved comparisons with spreads, POT and scipy: `npm run bench` in the saddle repository (BENCHMARKS.md)');
}
