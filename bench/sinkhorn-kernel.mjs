// saddle's Sinkhorn (kernel-domain fast path, and the log-domain reference) against real POT's
// ot.sinkhorn (kernel domain, Sinkhorn–Knopp), interleaved, on the same clouds, at matched accuracy.
//
//   npm run build && node bench/sinkhorn-kernel.mjs [n=1000] [runs=5] [eps list, default 0.1,0.01,0.001]
//
// Needs Debian's /usr/bin/python3 with POT (apt-get install -y python3-pot python3-numpy); skips
// POT with a printed reason when it is absent. Both sides run on one thread (OMP/OpenBLAS = 1).
// Accuracy: the L1 marginal error ‖P1 − a‖₁ + ‖Pᵀ1 − b‖₁ of each returned plan, computed the same
// way (in f64, from the plan) on both sides. saddle stops at its default rule (tol 1e-6 on the
// row error); POT's stopThr (L2 column error, checked every 10 iterations) is then lowered by
// halves, untimed, until POT's plan error is at most saddle's; the timed runs use that stopThr.
// Times include the cost matrix on both sides (ot.dist for POT). Prints median and [min, max].
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSaddle, metrics } from '../dist/index.js';

const n = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 5);
const epsList = (process.argv[4] ?? '0.1,0.01,0.001').split(',').map(Number);

// the clouds: uniform in the unit square, from a fixed seed (mulberry32)
function mulberry32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = mulberry32(20261206);
const x = Float64Array.from({ length: 2 * n }, next), y = Float64Array.from({ length: 2 * n }, next);
const dir = mkdtempSync(join(tmpdir(), 'saddle-sinkhorn-'));
const cloudFile = join(dir, 'clouds.json');
writeFileSync(cloudFile, JSON.stringify({ n, x: Array.from(x), y: Array.from(y) }));

const PY = String.raw`
import json, sys, time, warnings
import numpy as np
import ot
warnings.simplefilter('ignore')
d = json.load(open(sys.argv[1]))
n = d['n']
x = np.array(d['x']).reshape(n, 2); y = np.array(d['y']).reshape(n, 2)
a = np.full(n, 1.0 / n); b = np.full(n, 1.0 / n)
def l1(P): return float(np.abs(P.sum(1) - a).sum() + np.abs(P.sum(0) - b).sum())
print(json.dumps({'ready': True, 'pot': ot.__version__}), flush=True)
for line in sys.stdin:
    q = json.loads(line)
    if q['cmd'] == 'sinkhorn':
        t0 = time.perf_counter()
        M = ot.dist(x, y)
        P, log = ot.sinkhorn(a, b, M, q['eps'], numItermax=q['maxIter'], stopThr=q['stopThr'], log=True)
        t = time.perf_counter() - t0
        print(json.dumps({'time': t, 'iterations': int(log['niter']) + 1, 'l1': l1(P), 'cost': float((P * M).sum()),
                          'finite': bool(np.isfinite(P).all())}), flush=True)
    elif q['cmd'] == 'emd2':
        M = ot.dist(x, y)
        t0 = time.perf_counter(); v = ot.emd2(a, b, M, numItermax=10**7); t = time.perf_counter() - t0
        print(json.dumps({'time': t, 'value': float(v)}), flush=True)
`;

const python = '/usr/bin/python3';
let pot = null;
if (!existsSync(python)) console.log(`POT skipped: ${python} not found`);
else {
  const child = spawn(python, ['-c', PY, cloudFile], { env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = [];
  let waiting = null, buf = '';
  child.stdout.on('data', (chunk) => {
    buf += chunk;
    let k;
    while ((k = buf.indexOf('\n')) >= 0) { lines.push(buf.slice(0, k)); buf = buf.slice(k + 1); }
    if (waiting && lines.length) { const w = waiting; waiting = null; w(JSON.parse(lines.shift())); }
  });
  const read = () => new Promise((resolve) => { if (lines.length) resolve(JSON.parse(lines.shift())); else waiting = resolve; });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve({ exit: code })));
  const first = await Promise.race([read(), exited]);
  if (!first.ready) console.log('POT skipped: python3 could not import ot (apt-get install -y python3-pot)');
  else {
    console.log(`POT ${first.pot} via ${python}, one thread`);
    pot = { ask: (q) => { child.stdin.write(JSON.stringify(q) + '\n'); return read(); }, close: () => child.stdin.end() };
  }
}

const sd = await loadSaddle({ build: 'simd' });
const solve = (eps, domain) => {
  const t0 = performance.now();
  const r = metrics.sinkhorn(sd, x, y, { eps, dim: 2, domain, maxIterations: 100000, onWarning: false });
  return { time: (performance.now() - t0) / 1000, iterations: r.iterations, l1: r.marginalError, cost: r.cost, kernelUpdates: r.kernelUpdates };
};
const median = (v) => { const s = [...v].sort((p, q) => p - q); const k = s.length >> 1; return s.length % 2 ? s[k] : 0.5 * (s[k - 1] + s[k]); };
const fmt = (v) => `${median(v).toFixed(3)} s [${Math.min(...v).toFixed(3)}, ${Math.max(...v).toFixed(3)}]`;

// per-iteration: (time at k2 − time at k1)/(k2 − k1), plain iterations at the target ε, no stopping
async function perIteration(eps) {
  const k1 = 20, k2 = 120;
  const s = (k) => { const t0 = performance.now(); metrics.sinkhorn(sd, x, y, { eps, dim: 2, scaling: 1, overRelaxation: 1, tol: 0, maxIterations: k, onWarning: false }); return (performance.now() - t0) / 1000; };
  const ps = [], pp = [];
  for (let r = 0; r < runs; r++) {
    ps.push((s(k2) - s(k1)) / (k2 - k1));
    if (pot) {
      const t2 = (await pot.ask({ cmd: 'sinkhorn', eps, maxIter: k2, stopThr: 0 })).time;
      const t1 = (await pot.ask({ cmd: 'sinkhorn', eps, maxIter: k1, stopThr: 0 })).time;
      pp.push((t2 - t1) / (k2 - k1));
    }
  }
  return { ps, pp };
}

console.log(`n = m = ${n}, 2-D uniform clouds, ${runs} interleaved runs; times include the cost matrix`);
for (const eps of epsList) {
  const ref = solve(eps, 'auto');
  let stopThr = null, potCal = null;
  if (pot) {
    stopThr = ref.l1;
    for (let k = 0; k < 40; k++) {
      potCal = await pot.ask({ cmd: 'sinkhorn', eps, maxIter: 1000000, stopThr });
      if (potCal.l1 <= ref.l1) break;
      stopThr /= 2;
    }
  }
  const ts = [], tl = [], tp = [];
  let last = ref, lastLog = null, lastPot = potCal;
  for (let r = 0; r < runs; r++) {
    last = solve(eps, 'auto'); ts.push(last.time);
    if (pot) { lastPot = await pot.ask({ cmd: 'sinkhorn', eps, maxIter: 1000000, stopThr }); tp.push(lastPot.time); }
    if (r < 3) { lastLog = solve(eps, 'log'); tl.push(lastLog.time); }
  }
  const { ps, pp } = await perIteration(eps);
  console.log(`\nε = ${eps}`);
  console.log(`  saddle auto : ${fmt(ts)}  ${last.iterations} iterations (${last.kernelUpdates} kernel updates), L1 marginal error ${last.l1.toExponential(2)}, cost ${last.cost.toPrecision(10)}`);
  console.log(`  saddle log  : ${fmt(tl)}  ${lastLog.iterations} iterations, L1 ${lastLog.l1.toExponential(2)}`);
  if (pot) {
    console.log(`  POT sinkhorn: ${fmt(tp)}  ${lastPot.iterations} iterations, L1 ${lastPot.l1.toExponential(2)} (stopThr ${stopThr.toExponential(2)}, L2 column error every 10 iterations), cost ${lastPot.cost.toPrecision(10)}${lastPot.finite ? '' : ', NON-FINITE plan'}`);
    console.log(`  end to end POT/saddle: ${(median(tp) / median(ts)).toFixed(2)}x`);
    console.log(`  per iteration: saddle ${(1e3 * median(ps)).toFixed(3)} ms [${(1e3 * Math.min(...ps)).toFixed(3)}, ${(1e3 * Math.max(...ps)).toFixed(3)}], POT ${(1e3 * median(pp)).toFixed(3)} ms [${(1e3 * Math.min(...pp)).toFixed(3)}, ${(1e3 * Math.max(...pp)).toFixed(3)}], POT/saddle ${(median(pp) / median(ps)).toFixed(2)}x`);
  } else {
    console.log(`  per iteration: saddle ${(1e3 * median(ps)).toFixed(3)} ms`);
  }
}
if (pot) {
  const e = await pot.ask({ cmd: 'emd2' });
  console.log(`\nPOT ot.emd2 (exact OT): ${e.time.toFixed(3)} s, value ${e.value.toPrecision(10)}`);
  pot.close();
}
