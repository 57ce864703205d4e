// The sweep report: the best run, the table, the charts per swept path and the heat map.
import { expect, test } from 'vitest';
import { bestRun, sweepReportHtml } from '../../bindings/sweep/report.js';
import { resolveSweep } from '../../bindings/sweep/spec.js';
import type { RunResult } from '../../bindings/sweep/results.js';

const tiny = { preset: 'ring-8', batch: 32, generator: { hidden: [8] }, discriminator: { hidden: [8] } };
const sweep = resolveSweep({ name: 'a <b>', base: tiny, grid: { loss: ['hinge', 'nonSaturating'], 'optimizer.d.lr': [1e-4, 1e-3, 1e-2] }, seeds: 2 }, 't');
const final = (modes: number, highQuality: number, sinkhorn: number) => ({ iteration: 10, modes, highQuality, klToUniform: 0, dLoss: 1, gLoss: 1, sinkhorn, mmd2: sinkhorn / 10 });
const results: RunResult[] = sweep.runs.map((r, i) => ({
  id: r.id, index: r.index, params: r.params, status: i === 3 ? 'failed' : 'done', attempts: 1, dir: `runs/${r.id}`, seconds: 1 + i, build: 'simd',
  ...(i === 3 ? { error: 'diverged <NaN>' } : { final: final(i % 8, i / 20, 1 / (i + 1)) }),
}));
const summary = { name: sweep.name, out: '/x', total: 12, done: 11, failed: 1, skipped: 0, seconds: 3, results };

test('the best run: most modes, then most high-quality samples; else the smallest Sinkhorn divergence', () => {
  expect(bestRun(results)!.index).toBe(7); // modes 7, the highest
  const noModes = results.map((r) => (r.final ? { ...r, final: { ...r.final, modes: 0 } } : r));
  expect(bestRun(noModes)!.index).toBe(11); // 1/(i+1) smallest at the last run
  expect(bestRun([])).toBeUndefined();
});

test('the report: escaped names, a row per run, a chart per path and metric, a heat map for two paths', () => {
  const html = sweepReportHtml(sweep, results, summary);
  expect(html).toContain('<h1>a &lt;b&gt;</h1>');
  expect((html.match(/<tr class="done">/g) ?? []).length).toBe(11);
  expect(html).toContain('<tr class="failed">');
  expect(html).toContain('diverged &lt;NaN&gt;');
  for (const path of ['loss', 'optimizer.d.lr']) expect(html).toContain(`<title>Sinkhorn divergence against ${path}</title>`);
  expect(html).toContain('<title>mean modes covered over loss × optimizer.d.lr</title>');
  // log axes where the values span decades
  expect(html).toContain('optimizer.d.lr (log)');
  expect(html).toContain('Sinkhorn divergence (log)');
  expect(html).toMatch(/Best run: loss = &quot;nonSaturating&quot;, optimizer\.d\.lr = 0\.0001, seed = 2: modes covered 7/);
  expect(html).toContain('build simd');
  expect(html).not.toContain('different WASM builds');
  const mixed = sweepReportHtml(sweep, results.map((r, i) => ({ ...r, build: i % 2 ? 'relaxed' : 'simd' })), summary);
  expect(mixed).toContain('different WASM builds');
});
