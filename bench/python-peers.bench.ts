// saddle against the Python reference paths on the same inputs and machine (the Python
// side runs in a child process with one BLAS thread; saddle on one core):
//  - Sinkhorn, 2-D, n = m = 1000, ε = 0.01, squared Euclidean cost: saddle's log-domain
//    solver (ε-scaling, stops at L1 marginal error 1e-6) vs a numpy log-domain Sinkhorn
//    written the way POT's ot.sinkhorn_log is (bench/peers/python_peers.py);
//  - FID from two 10000×2048 feature sets vs pytorch-fid's path (np.cov + scipy sqrtm).
// Needs python3 with numpy and scipy; skipped otherwise. SADDLE_BENCH_FID_ROWS changes n.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'vitest';
import { loadSaddle, metrics } from '../bindings/index.js';
import { parseNpy } from '../bindings/cli/files.js';
import { machine, printTable, saveResults } from './harness.js';

const script = fileURLToPath(new URL('./peers/python_peers.py', import.meta.url));
const havePython = spawnSync('python3', ['-c', 'import numpy, scipy'], { stdio: 'ignore' }).status === 0;
const ONE_THREAD = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
const python = (...args: string[]) => JSON.parse(execFileSync('python3', [script, ...args], { env: ONE_THREAD, encoding: 'utf8', maxBuffer: 1 << 20 }));

test.runIf(havePython)('Sinkhorn and FID: saddle vs the Python reference paths', async () => {
  const sd = await loadSaddle({ build: 'simd' });
  const dir = mkdtempSync(join(tmpdir(), 'saddle-bench-'));
  const rows: string[][] = [];
  const results: Record<string, unknown>[] = [];
  try {
    // ---- Sinkhorn ----
    execFileSync('python3', [script, 'points', '1000', dir], { env: ONE_THREAD });
    const x = parseNpy(readFileSync(join(dir, 'x.npy'))), y = parseNpy(readFileSync(join(dir, 'y.npy')));
    const peer = python('sinkhorn', dir, '0.01');
    let best = Infinity, ours = metrics.sinkhorn(sd, x.values, y.values, { eps: 0.01, dim: 2 });
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      ours = metrics.sinkhorn(sd, x.values, y.values, { eps: 0.01, dim: 2 });
      best = Math.min(best, (performance.now() - t0) / 1000);
    }
    rows.push(['Sinkhorn 2-D 1000×1000 ε=0.01', `${best.toFixed(3)} s (${ours.iterations} it.)`, `${peer.seconds.toFixed(3)} s (${peer.iterations} it.)`,
      `${(peer.seconds / best).toFixed(1)}x`, `${((peer.seconds / peer.iterations) / (best / ours.iterations)).toFixed(1)}x`,
      `${ours.cost.toPrecision(8)} vs ${peer.cost.toPrecision(8)}`]);
    results.push({ metric: 'sinkhorn', saddle: { seconds: best, iterations: ours.iterations, cost: ours.cost }, python: peer });
    // ---- FID ----
    const n = Number(process.env.SADDLE_BENCH_FID_ROWS ?? 10000), d = 2048;
    execFileSync('python3', [script, 'features', String(n), String(d), join(dir, 'fx.npy'), join(dir, 'fy.npy')], { env: ONE_THREAD });
    const peerFid = python('fid', join(dir, 'fx.npy'), join(dir, 'fy.npy'));
    const fx = parseNpy(readFileSync(join(dir, 'fx.npy'))), fy = parseNpy(readFileSync(join(dir, 'fy.npy')));
    const t0 = performance.now();
    const fid = metrics.fid(sd, { data: fx.values, rows: fx.rows, cols: fx.cols }, { data: fy.values, rows: fy.rows, cols: fy.cols });
    const seconds = (performance.now() - t0) / 1000;
    rows.push([`FID ${n}×${d}`, `${seconds.toFixed(1)} s`, `${peerFid.seconds.toFixed(1)} s`, `${(peerFid.seconds / seconds).toFixed(2)}x`, '—',
      `${fid.distance.toPrecision(10)} vs ${peerFid.fid.toPrecision(10)}`]);
    results.push({ metric: 'fid', n, d, saddle: { seconds, fid: fid.distance }, python: peerFid });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const env = machine();
  console.log(`\nsaddle (simd build, one core) vs the Python reference paths (one BLAS thread) on ${env.cpu}, Node ${env.node}, ${env.date}`);
  printTable(['case', 'saddle', 'python', 'python/saddle end to end', 'per iteration', 'values'], rows);
  console.log('results written to', saveResults('python-peers', { env, results }));
}, 1_800_000);
