// `saddle bench --json`: the report's shape (names, units, finite positive rates, ratios
// that are saddle / tfjs), with and without tfjs. Timings are not asserted.
import { expect, test } from 'vitest';
import { benchReport, type BenchReport } from '../../bindings/cli/bench.js';
import { runCli } from '../helpers/cli.js';

const NAMES = ['gemm NN 256³', 'gemm NT 256³', 'GAN iteration 2-16-16-2 / 2-16-16-1, batch 256', 'Sinkhorn log-domain iteration, 500×500, 2-D', 'MMD² rbf, 500×256 per side'];

function checkShape(r: BenchReport, withTfjs: boolean) {
  expect(['simd', 'relaxed']).toContain(r.saddle.build);
  expect(r.node).toBe(process.version);
  expect(r.machine.cores).toBeGreaterThan(0);
  expect(r.rows.map((row) => row.name)).toEqual(NAMES);
  for (const row of r.rows) {
    expect(['GFLOP/s', 'it/s', 'calls/s']).toContain(row.unit);
    expect(Number.isFinite(row.saddle) && row.saddle > 0, row.name).toBe(true);
    if (withTfjs && row.tfjsMissing) {
      // plain Node cannot load tfjs-core's ESM gradients: only the GAN row needs them, and it says so
      expect(row.name).toMatch(/^GAN iteration/);
      expect(row.tfjsMissing).toMatch(/gradients/);
      expect(row.tfjs).toBeNull();
    } else if (withTfjs) {
      expect(Number.isFinite(row.tfjs!) && row.tfjs! > 0, row.name).toBe(true);
      expect(row.ratio).toBeCloseTo(row.saddle / row.tfjs!, 12);
    } else {
      expect(row.tfjs).toBeNull();
      expect(row.ratio).toBeNull();
    }
  }
}

test('saddle bench --json prints one JSON report with tfjs-wasm beside saddle (tfjs is a dev dependency here)', async () => {
  const run = runCli(['bench', '--json', '--seconds', '0.02', '--build', 'simd']);
  expect(run.status, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout) as BenchReport;
  expect(report.tfjs).toMatch(/^4\./);
  expect(report.tfjsMissing).toBeUndefined();
  expect(report.secondsPerContender).toBe(0.02);
  checkShape(report, true);
}, 120_000);

test('without tfjs (--no-tfjs) the rows carry saddle alone and the reason', async () => {
  const run = runCli(['bench', '--json', '--no-tfjs', '--seconds', '0.02', '--build', 'simd']);
  expect(run.status, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout) as BenchReport;
  expect(report.tfjs).toBeNull();
  expect(report.tfjsMissing).toMatch(/disabled/);
  checkShape(report, false);
  checkShape(await benchReport({ seconds: 0.02, tfjs: false, build: 'simd' }), false);
}, 120_000);

test('bad options are usage errors (exit 2) naming the flag', () => {
  const zero = runCli(['bench', '--seconds', '0']);
  expect(zero.status).toBe(2);
  expect(zero.stderr).toMatch(/--seconds needs a number in \(0, 60\], got 0/);
  const typo = runCli(['bench', '--jsn']);
  expect(typo.status).toBe(2);
  expect(typo.stderr).toMatch(/--jsn.*--json/);
});
