// saddle against the real Python peers, interleaved round by round with one Python child
// process (bench/peers/python_peers.py serve; Debian's /usr/bin/python3, or SADDLE_PYTHON,
// with one BLAS thread; saddle's SIMD128 build on one core):
//  - Sinkhorn, 2-D clouds, n = m = SADDLE_BENCH_POT_N (default 1000), squared Euclidean
//    cost, uniform weights (SADDLE_BENCH_POT_N a list, default 1000,4000), ε ∈ {0.1, 0.01, 0.001}: saddle's default solver vs POT 0.8's
//    ot.sinkhorn (kernel domain, sinkhorn_knopp) and ot.sinkhorn_log, at matched accuracy:
//    each side's threshold is calibrated (untimed) until the plan it returns has
//    max(‖P1 − a‖₁, ‖Pᵀ1 − b‖₁) ≤ TARGET, measured the same way on both plans; then
//    SADDLE_BENCH_ROUNDS (default 5) interleaved timed rounds.
//  - exact OT, ot.emd2 (network simplex), on the same clouds;
//  - FID, SADDLE_BENCH_PY_FID="n,d" (default 5000,1024) vs pytorch-fid's numpy/scipy path
//    (sqrtm) and the Cholesky + eigvalsh formulation.
// Needs Python with numpy, scipy and POT (apt-get install python3-pot python3-scipy
// python3-numpy); skipped with the reason printed otherwise. Tests never need Python.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test } from 'vitest';
import { loadSaddle, metrics, type Saddle } from '../bindings/index.js';
import { parseNpy } from '../bindings/cli/files.js';
import { describe, interleave, printTable, spread, writeResults } from './harness.js';

const PYTHON = process.env.SADDLE_PYTHON ?? '/usr/bin/python3';
const script = fileURLToPath(new URL('./peers/python_peers.py', import.meta.url));
const ONE_THREAD = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
const probe = spawnSync(PYTHON, ['-c', 'import numpy, scipy, ot'], { encoding: 'utf8', env: ONE_THREAD });
const skipReason = probe.error ? `${PYTHON} not found (${probe.error.message})` : probe.status !== 0 ? `${PYTHON} lacks numpy/scipy/POT: ${probe.stderr.trim().split('\n').at(-1)}` : '';
if (skipReason) console.log(`python-peers: skipped, ${skipReason} (apt-get install -y python3-pot python3-scipy python3-numpy, or set SADDLE_PYTHON)`);

const NS = (process.env.SADDLE_BENCH_POT_N ?? '1000,4000').split(',').map(Number);
const EPS = (process.env.SADDLE_BENCH_POT_EPS ?? '0.1,0.01,0.001').split(',').map(Number);
/** sinkhorn_log takes tens of seconds per run below this ε at n = 1000; those rows are left out. */
const LOG_MIN_EPS = Number(process.env.SADDLE_BENCH_POT_LOG_MIN_EPS ?? 0.01);
const [FID_N, FID_D] = (process.env.SADDLE_BENCH_PY_FID ?? '5000,1024').split(',').map(Number);
const ROUNDS = Number(process.env.SADDLE_BENCH_ROUNDS ?? 5);
const TARGET = 1e-6; // max L1 marginal error of the returned plan, both sides
const MAX_ITERATIONS = 100_000;

const STOPPING = {
  saddle: 'checked every iteration: Σ_i a_i |exp((f_i − f̃_i)/ε) − 1| ≤ tol (≈ ‖P1 − a‖₁); ε-scaling 0.5 (skipped when max C/ε <= 100) and automatic over-relaxation (defaults)',
  pot: 'checked every 10 iterations: ‖Gᵀ1 − b‖₂ < stopThr (POT 0.8 sinkhorn_knopp / sinkhorn_log)',
  matched: `each side's threshold lowered (untimed calibration) until its returned plan has max(‖P1 − a‖₁, ‖Pᵀ1 − b‖₁) ≤ ${TARGET.toExponential(0)}, computed from the plan in f64 after the clock stops`,
};

/** One Python child answering JSON commands line by line. */
class PythonPeer {
  private child: ChildProcessWithoutNullStreams;
  private lines: AsyncIterableIterator<string>;
  constructor() {
    this.child = spawn(PYTHON, [script, 'serve'], { env: ONE_THREAD });
    this.child.stderr.on('data', (b) => process.stderr.write(b));
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }
  async call<T = Record<string, number>>(command: Record<string, unknown>): Promise<T> {
    this.child.stdin.write(JSON.stringify(command) + '\n');
    const { value, done } = await this.lines.next();
    if (done) throw new Error('the Python peer exited');
    const out = JSON.parse(value);
    if (out.error) throw new Error(`Python peer, ${command.cmd}: ${out.error}`);
    return out as T;
  }
  close(): void { this.child.stdin.end(); }
}

/** Row and column L1 marginal errors of a row-major n×m plan with uniform weights. */
function marginalErrors(plan: Float64Array, n: number, m: number): { rowL1: number; colL1: number } {
  const col = new Float64Array(m);
  let rowL1 = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) { const p = plan[i * m + j]; s += p; col[j] += p; }
    rowL1 += Math.abs(s - 1 / n);
  }
  let colL1 = 0;
  for (let j = 0; j < m; j++) colL1 += Math.abs(col[j] - 1 / m);
  return { rowL1, colL1 };
}

interface Run { seconds: number; iterations: number; rowL1: number; colL1: number; cost: number | null }

/** Lowers `threshold` until `run(threshold)` returns a plan within TARGET (at most 12 tries). */
async function calibrate(run: (threshold: number) => Promise<Run>): Promise<{ threshold: number; run: Run }> {
  let threshold = TARGET;
  for (let k = 0; k < 12; k++) {
    const r = await run(threshold);
    const err = Math.max(r.rowL1, r.colL1);
    if (err <= TARGET) return { threshold, run: r };
    if (!Number.isFinite(err) || err > 0.5) return { threshold, run: r }; // the solver broke down: no threshold helps
    threshold *= Math.max(1e-3, Math.min(0.5, (0.8 * TARGET) / err));
  }
  return { threshold, run: await run(threshold) };
}

function saddleSinkhorn(sd: Saddle, x: Float64Array, y: Float64Array, eps: number, tol: number): Run {
  const t0 = performance.now();
  const r = metrics.sinkhorn(sd, x, y, { eps, dim: 2, tol, maxIterations: MAX_ITERATIONS, plan: true, onWarning: false });
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, iterations: r.iterations, ...marginalErrors(r.plan!, x.length / 2, y.length / 2), cost: r.cost };
}

test.runIf(!skipReason)('Sinkhorn, exact OT and FID: saddle vs POT and scipy', async () => {
  const sd = await loadSaddle({ build: 'simd' });
  const dir = mkdtempSync(join(tmpdir(), 'saddle-bench-'));
  const py = new PythonPeer();
  const rows: Record<string, unknown>[] = [];
  try {
    const versions = await py.call<Record<string, string>>({ cmd: 'versions' });
    describe('saddle (simd build, one core) vs POT and scipy (one BLAS thread)', `, Python ${versions.python}, POT ${versions.pot}, scipy ${versions.scipy}`);
    for (const N of NS) {
    spawnSync(PYTHON, [script, 'points', String(N), dir], { env: ONE_THREAD });
    const x = parseNpy(readFileSync(join(dir, 'x.npy'))).values as Float64Array, y = parseNpy(readFileSync(join(dir, 'y.npy'))).values as Float64Array;
    await py.call({ cmd: 'load', x: join(dir, 'x.npy'), y: join(dir, 'y.npy') });

    // exact OT: the unregularized cost, for reference and for timing
    const emd = await interleave(ROUNDS, { 'POT ot.emd2': () => py.call({ cmd: 'emd2' }) });
    const emdSeconds = emd['POT ot.emd2'].ms.map((ms) => ms / 1000);
    rows.push({ kind: 'emd2', n: N, contender: 'POT ot.emd2', wallSeconds: spread(emdSeconds), cost: emd['POT ot.emd2'].value.cost });

    for (const eps of EPS) {
      const methods = ['sinkhorn', ...(eps >= LOG_MIN_EPS && N <= 1000 ? ['sinkhorn_log'] : [])]; // sinkhorn_log: ~10 ms/iteration at n = 1000, 16x that at 4000
      const ours = await calibrate(async (tol) => saddleSinkhorn(sd, x, y, eps, tol));
      const theirs: Record<string, { threshold: number; run: Run }> = {};
      for (const method of methods) theirs[method] = await calibrate((stopThr) => py.call<Run>({ cmd: 'sinkhorn', method, reg: eps, stopThr, numItermax: MAX_ITERATIONS }));
      const contenders: Record<string, () => Promise<Run> | Run> = { saddle: () => saddleSinkhorn(sd, x, y, eps, ours.threshold) };
      for (const method of methods) contenders[`POT ot.${method}`] = () => py.call<Run>({ cmd: 'sinkhorn', method, reg: eps, stopThr: theirs[method].threshold, numItermax: MAX_ITERATIONS });
      const r = await interleave(ROUNDS, contenders);
      for (const [name, res] of Object.entries(r)) {
        rows.push({
          kind: 'sinkhorn', n: N, eps, contender: name,
          threshold: name === 'saddle' ? { tol: ours.threshold } : { stopThr: theirs[name.slice(7)].threshold },
          seconds: spread(res.ms.map((ms) => ms / 1000)), lastOwnClockSeconds: res.value.seconds,
          iterations: res.value.iterations, msPerIteration: (spread(res.ms).median) / res.value.iterations,
          rowL1: res.value.rowL1, colL1: res.value.colL1, cost: res.value.cost,
          converged: Math.max(res.value.rowL1, res.value.colL1) <= TARGET,
        });
      }
    }

    }

    // FID against pytorch-fid's path and the fastest scipy formulation
    spawnSync(PYTHON, [script, 'features', String(FID_N), String(FID_D), join(dir, 'fx.npy'), join(dir, 'fy.npy')], { env: ONE_THREAD });
    const fx = parseNpy(readFileSync(join(dir, 'fx.npy'))), fy = parseNpy(readFileSync(join(dir, 'fy.npy')));
    const f = await interleave(ROUNDS, {
      saddle: () => metrics.fid(sd, { data: fx.values, rows: fx.rows, cols: fx.cols }, { data: fy.values, rows: fy.rows, cols: fy.cols }).distance,
      'scipy sqrtm (pytorch-fid path)': async () => (await py.call({ cmd: 'fid', x: join(dir, 'fx.npy'), y: join(dir, 'fy.npy') })).fid,
      'scipy cholesky + eigvalsh': async () => (await py.call({ cmd: 'fid_eigvalsh', x: join(dir, 'fx.npy'), y: join(dir, 'fy.npy') })).fid,
    });
    for (const [name, res] of Object.entries(f)) rows.push({ kind: 'fid', n: FID_N, d: FID_D, contender: name, seconds: spread(res.ms.map((ms) => ms / 1000)), value: res.value });

    printTable(['case', 'contender', 's: median (min–max)', 'iterations', 'ms/iteration', '‖P1−a‖₁, ‖Pᵀ1−b‖₁', 'threshold', 'value'], rows.map((w) => {
      const s = (w.seconds ?? w.wallSeconds) as { median: number; min: number; max: number };
      return [
        w.kind === 'fid' ? `FID ${w.n}×${w.d}` : w.kind === 'emd2' ? `exact OT n=${w.n}` : `Sinkhorn n=${w.n} ε=${w.eps}`, String(w.contender),
        `${s.median.toFixed(3)} (${s.min.toFixed(3)}–${s.max.toFixed(3)})`, w.iterations === undefined ? '—' : String(w.iterations),
        w.msPerIteration === undefined ? '—' : (w.msPerIteration as number).toFixed(3),
        w.rowL1 === undefined ? '—' : `${(w.rowL1 as number).toExponential(1)}, ${(w.colL1 as number).toExponential(1)}`,
        w.threshold === undefined ? '—' : JSON.stringify(w.threshold), String(w.cost ?? w.value),
      ];
    }));
    console.log('stopping rules:', JSON.stringify(STOPPING, null, 2));
    console.log('results written to', writeResults('python-peers', rows, { ...versions, rounds: ROUNDS, target: TARGET, stopping: STOPPING, timing: 'wall time seen by the bench per call (Python: includes one JSON round trip over a pipe, well under a millisecond)' }));
  } finally {
    py.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 3_600_000);
