// `saddle metrics` from the built CLI agrees with the library on the same files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { metrics } from '../../bindings/index.js';
import { loadBuild } from '../helpers/builds.js';


test('saddle metrics fid|kid|mmd|sinkhorn on CSV and JSON files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'saddle-'));
  const rowsA = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(1.3 * i), Math.sin(0.7 * i)]);
  const rowsB = Array.from({ length: 30 }, (_, i) => [Math.sin(i) + 0.5, Math.cos(0.9 * i), 0.2 * i / 30]);
  writeFileSync(join(dir, 'a.csv'), 'u,v,w\n' + rowsA.map((r) => r.join(',')).join('\n'));
  writeFileSync(join(dir, 'b.json'), JSON.stringify(rowsB));
  const json = (args: string[]) => {
    const r = runCli(['metrics', ...args, join(dir, 'a.csv'), join(dir, 'b.json'), '--json'].filter(Boolean));
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };
  // the CLI reads CSV in f32: compare with the library on the same f32 values
  const sd = await loadBuild('simd');
  const a = { data: Float64Array.from(rowsA.flat().map(Math.fround)), rows: 40, cols: 3 }, b = { data: Float64Array.from(rowsB.flat()), rows: 30, cols: 3 };
  const fid = runCli(['metrics', 'fid', join(dir, 'a.csv'), join(dir, 'b.json'), '--json']);
  expect(JSON.parse(fid.stdout).fid).toBeCloseTo(metrics.fid(sd, a, b).distance, 10);
  expect(JSON.parse(runCli(['metrics', 'mmd', join(dir, 'a.csv'), join(dir, 'b.json'), '--json']).stdout).mmd2)
    .toBeCloseTo(metrics.mmd(sd, a, b, { kernel: { kind: 'rbf', bandwidth: 'median' } }).mmd2, 10);
  expect(JSON.parse(runCli(['metrics', 'kid', join(dir, 'a.csv'), join(dir, 'b.json'), '--protocol', 'full', '--json']).stdout).kidMean)
    .toBeCloseTo(metrics.kid(sd, a, b, { protocol: 'full' }).mean, 10);
  const s = JSON.parse(runCli(['metrics', 'sinkhorn', join(dir, 'a.csv'), join(dir, 'b.json'), '--eps', '0.1', '--json']).stdout);
  expect(s.sinkhornDivergence).toBeGreaterThan(0);
  expect(s.converged).toBe(true);
  expect(json.length).toBe(1);
  const plain = runCli(['metrics', 'fid', join(dir, 'a.csv'), join(dir, 'b.json')]);
  expect(plain.stdout).toMatch(/^FID \d/);
  expect(runCli(['metrics', 'sinkhorn', join(dir, 'a.csv'), join(dir, 'b.json')]).stderr).toMatch(/needs --eps/);
  expect(runCli(['metrics', 'fid', join(dir, 'a.csv')]).status).toBe(2);
  expect(runCli(['metrics', 'emd', join(dir, 'a.csv'), join(dir, 'b.json')]).stderr).toMatch(/one of fid, kid, mmd, sinkhorn/);
  expect(runCli(['metrics', 'fid', join(dir, 'a.csv'), join(dir, 'b.json'), '--eps', '1']).stderr).toMatch(/unknown option --eps/);
});

test('saddle metrics: ε far above the cost scale gives the product-coupling value, not "dual 0 (converged in 0 iterations)"; flags of another kernel are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'saddle-'));
  const rowsA = [[0, 0], [1, 0], [0, 2]], rowsB = [[1, 1], [2, 0], [3, 1]];
  writeFileSync(join(dir, 'a.json'), JSON.stringify(rowsA));
  writeFileSync(join(dir, 'b.json'), JSON.stringify(rowsB));
  const files = [join(dir, 'a.json'), join(dir, 'b.json')];
  // Σ a_i b_j ‖x_i − y_j‖² with uniform weights
  let product = 0;
  for (const p of rowsA) for (const q of rowsB) product += ((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2) / 9;
  const raw = runCli(['metrics', 'sinkhorn', ...files, '--eps', '1e9', '--raw']);
  expect(raw.status, raw.stderr).toBe(0);
  expect(raw.stdout).not.toMatch(/dual 0 |in 0 iterations/);
  const json = JSON.parse(runCli(['metrics', 'sinkhorn', ...files, '--eps', '1e9', '--raw', '--json']).stdout);
  expect(json.converged).toBe(true);
  expect(json.iterations).toBeGreaterThanOrEqual(1);
  expect(Math.abs(json.dual - product) / product).toBeLessThan(1e-6);
  const bad = runCli(['metrics', 'mmd', ...files, '--kernel', 'polynomial', '--bandwidth', '1']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/bandwidth.*unset for kind 'polynomial'/);
  expect(runCli(['metrics', 'mmd', ...files, '--kernel', 'rbf', '--bandwidth', '1e-300']).stderr).toMatch(/--bandwidth must be .*1e-150/);
  // an option's error names its flag, also when the default is what does not fit
  const kid = runCli(['metrics', 'kid', ...files]);
  expect(kid.status).toBe(2);
  expect(kid.stderr).toMatch(/metrics kid: --subset-size must be at most the size of each set .*the default applies/);
});
