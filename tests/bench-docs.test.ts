// The measured figures in README.md, BENCHMARKS.md and docs/ are rendered from the results
// files in bench/results/ (scripts/bench-docs.mjs): this fails when a region was edited by
// hand or its results changed without a re-render, when a results file lacks its
// provenance, and when a measured figure is typed outside a region.
import { readFileSync, readdirSync } from 'node:fs';
import { expect, test } from 'vitest';
// @ts-expect-error: plain ESM shared with the script
import { documents, readResults, regions, renderText, root, strayFigures } from '../scripts/bench-docs.mjs';

const docs = (documents() as string[]).map((file) => [file, readFileSync(root + file, 'utf8')] as const);
const suites = readdirSync(root + 'bench/results').filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));

test.each(docs.filter(([, text]) => regions(text).length > 0))('%s: every bench region equals its rendering from bench/results', async (file, text) => {
  expect(await renderText(text, file), `${file}: run node scripts/bench-docs.mjs (after npm run bench)`).toBe(text);
});

test('the docs have bench regions for every suite that writes results', () => {
  const used = new Set(docs.flatMap(([, text]) => regions(text).map((r: { suite: string }) => r.suite)));
  for (const suite of ['gemm', 'gan', 'trainer', 'sinkhorn', 'metrics', 'python-peers']) expect(used, suite).toContain(suite);
});

test.each(suites)('bench/results/%s.json names its machine, Node, date and commit', (suite) => {
  const r = readResults(suite);
  expect(r.suite).toBe(suite);
  expect(typeof r.machine.cpu).toBe('string');
  expect(r.machine.cores).toBeGreaterThan(0);
  expect(r.machine.memGiB).toBeGreaterThan(0);
  expect(r.node).toMatch(/^v\d+\./);
  expect(Number.isNaN(Date.parse(r.date))).toBe(false);
  expect(r.commit).toMatch(/^[0-9a-f]{7,}(\+dirty)?$/);
  expect(r.suiteSeconds).toBeGreaterThan(0);
  expect(Array.isArray(r.rows) && r.rows.length > 0).toBe(true);
});

test.each(docs)('%s types no measured figure outside a bench region', (_file, text) => {
  expect(strayFigures(text)).toEqual([]);
});

test('a figure edited by hand inside a region is caught', async () => {
  const [file, text] = docs.find(([, t]) => regions(t).some((r: { suite: string; id: string }) => r.suite === 'metrics' && r.id === 'table'))!;
  const edited = text.replace(/(<!-- bench:metrics:table:start -->[\s\S]*?\| )(\d)/, (_m, head, digit) => head + String((Number(digit) + 1) % 10));
  expect(edited).not.toBe(text);
  expect(await renderText(edited, file)).not.toBe(edited);
});

test('the stray-figure check sees speeds, times and ratios, and passes plain prose', () => {
  expect(strayFigures('runs at ≈ 11,000 it/s, about 20–25x tfjs')).toHaveLength(2);
  expect(strayFigures('trains a GAN (~15 s)')).toHaveLength(1);
  expect(strayFigures('47 GFLOP/s and 2.4 ms')).toHaveLength(2);
  expect(strayFigures('it is 2–3× faster at d = 2048, 4× farther out')).toHaveLength(1);
  expect(strayFigures('a 5 × 5 grid, 10,000 iterations, (2x, 2y), yielding every ~50 ms')).toEqual([]);
  expect(strayFigures('<!-- bench:gan:table:start -->\n| 9450 it/s | 27x |\n<!-- bench:gan:table:end -->')).toEqual([]);
});
