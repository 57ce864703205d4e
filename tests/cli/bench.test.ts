// `saddle bench --json`: the report's shape (names, units, finite positive rates, ratios
// that are saddle / tfjs), with and without tfjs. Timings are not asserted.
import { afterEach, expect, test, vi } from 'vitest';
import { bench, benchReport, type BenchReport } from '../../bindings/cli/bench.js';
import { UsageError } from '../../bindings/cli/train.js';

afterEach(() => { vi.restoreAllMocks(); });

const NAMES = ['gemm NN 256³', 'gemm NT 256³', 'GAN iteration 2-16-16-2 / 2-16-16-1, batch 256', 'Sinkhorn log-domain iteration, 500×500, 2-D', 'MMD² rbf, 500×256 per side'];

function checkShape(r: BenchReport, withTfjs: boolean) {
  expect(['simd', 'relaxed']).toContain(r.saddle.build);
  expect(r.node).toBe(process.version);
  expect(r.machine.cores).toBeGreaterThan(0);
  expect(r.rows.map((row) => row.name)).toEqual(NAMES);
  for (const row of r.rows) {
    expect(['GFLOP/s', 'it/s', 'calls/s']).toContain(row.unit);
    expect(Number.isFinite(row.saddle) && row.saddle > 0, row.name).toBe(true);
    if (withTfjs) {
      expect(Number.isFinite(row.tfjs!) && row.tfjs! > 0, row.name).toBe(true);
      expect(row.ratio).toBeCloseTo(row.saddle / row.tfjs!, 12);
    } else {
      expect(row.tfjs).toBeNull();
      expect(row.ratio).toBeNull();
    }
  }
}

test('saddle bench --json prints one JSON report with tfjs-wasm beside saddle (tfjs is a dev dependency here)', async () => {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((s: string) => { out.push(s); });
  await bench(['--json', '--seconds', '0.02', '--build', 'simd']);
  expect(out).toHaveLength(1);
  const report = JSON.parse(out[0]) as BenchReport;
  expect(report.tfjs).toMatch(/^4\./);
  expect(report.tfjsMissing).toBeUndefined();
  expect(report.secondsPerContender).toBe(0.02);
  checkShape(report, true);
}, 120_000);

test('without tfjs the rows carry saddle alone and the reason', async () => {
  const report = await benchReport({ seconds: 0.02, tfjs: false, build: 'simd' });
  expect(report.tfjs).toBeNull();
  expect(report.tfjsMissing).toMatch(/disabled/);
  checkShape(report, false);
}, 120_000);

test('bad options are usage errors', async () => {
  await expect(bench(['--seconds', '0'])).rejects.toThrow(UsageError);
  await expect(bench(['--jsn'])).rejects.toThrow(/unknown option --jsn/);
});
