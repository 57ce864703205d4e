// Sweeps on the local pool (tinypool worker processes running dist/sweep-worker.js, made by
// `npm run build`): every run exactly once, resumable, a killed worker's run retried, the
// results bit-identical to training the same config in this process.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { sweep, type RunResult } from '../../bindings/sweep/index.js';
import { trainRunFolder } from '../../bindings/cli/train.js';
import { loadSaddle } from '../../bindings/index.js';
import { UsageError } from '../../bindings/cli/errors.js';

const tiny = { preset: 'ring-8', batch: 32, generator: { hidden: [8] }, discriminator: { hidden: [8] } };
const file = { name: 'tiny', base: tiny, iterations: 120, evaluate: { every: 60, distances: false }, grid: { loss: ['nonSaturating', 'hinge'], 'optimizer.d.lr': [1e-3, 3e-3] }, seeds: 2 };

const lines = (out: string) => readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RunResult);
const collect = async (handle: AsyncIterable<RunResult>) => { const got: RunResult[] = []; for await (const r of handle) got.push(r); return got; };

describe('sweep on the local pool', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'saddle-sweep-')), 's');

  test('runs every point once on 2 workers, writes results.jsonl, run folders and the report', async () => {
    const handle = sweep(file, { out, workers: 2 });
    expect(handle.sweep.runs).toHaveLength(8);
    const got = await collect(handle);
    const summary = await handle.summary;
    expect(summary).toMatchObject({ total: 8, done: 8, failed: 0, skipped: 0 });
    expect(got.map((r) => r.id).sort()).toEqual(handle.sweep.runs.map((r) => r.id).sort());
    const written = lines(out);
    expect(written).toHaveLength(8);
    expect(new Set(written.map((r) => r.id)).size).toBe(8);
    // both workers took runs, each in its own process, and each run left WASM memory as it found it
    expect(new Set(written.map((r) => r.worker)).size).toBe(2);
    for (const r of written) {
      expect(r.status).toBe('done');
      expect(r.liveBytes).toBe(0);
      expect(r.final?.iteration).toBe(120);
      expect(existsSync(join(out, r.dir!, 'report.html'))).toBe(true);
    }
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h1>tiny</h1>');
    expect((html.match(/<tr class="done">/g) ?? []).length).toBe(8);
    expect(html).toContain('high-quality fraction vs optimizer.d.lr');
    expect(html).toContain('mean high-quality fraction: loss × optimizer.d.lr');
    expect(html).toMatch(/Best run: loss = /);
  }, 120_000);

  test('a worker process gives the same bits as training the run here', async () => {
    const run = sweep(file, { out: join(out, '..', 'unused') }).sweep.runs[5];
    const dir = mkdtempSync(join(tmpdir(), 'saddle-run-'));
    const there = lines(out).find((r) => r.id === run.id)!;
    const sd = await loadSaddle({ build: there.build as 'simd' | 'relaxed' });
    const here = await trainRunFolder(run.run, dir, { every: run.every, distances: run.distances, print: false, saddle: sd });
    expect(JSON.stringify(there.final)).toBe(JSON.stringify(here.metrics.final));
  }, 60_000);

  test('running the same sweep again skips every finished run', async () => {
    const handle = sweep(file, { out, workers: 2 });
    expect(await collect(handle)).toEqual([]);
    expect(await handle.summary).toMatchObject({ total: 8, done: 8, skipped: 8 });
    expect(lines(out)).toHaveLength(8);
  }, 60_000);

  test('another sweep into the same folder is refused', async () => {
    const handle = sweep({ ...file, seeds: 3 }, { out });
    await expect(handle.summary).rejects.toThrow(/holds another sweep/);
  });
});

test('an aborted sweep records the runs that finished, and a re-run does the rest, each once', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'saddle-sweep-')), 's');
  const controller = new AbortController();
  const first = sweep(file, { out, workers: 1, signal: controller.signal });
  for await (const _ of first) { controller.abort(); }
  const partial = await first.summary;
  expect(partial.done).toBeGreaterThanOrEqual(1);
  expect(partial.done).toBeLessThan(8);
  const second = sweep(file, { out, workers: 2 });
  await collect(second);
  expect(await second.summary).toMatchObject({ done: 8, skipped: partial.done });
  const written = lines(out);
  expect(written).toHaveLength(8);
  expect(new Set(written.map((r) => r.id)).size).toBe(8);
}, 120_000);

test('a worker killed mid-run is replaced and its run retried; every run completes once', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'saddle-sweep-')), 's');
  const longer = { ...file, iterations: 600, evaluate: { every: 300, distances: false } };
  let killed = 0;
  const handle = sweep(longer, {
    out, workers: 2,
    onProgress: (p) => {
      if (killed || p.running === 0 || p.done > 0) return;
      killed = -1;
      setTimeout(() => {
        // the pool's processes are this process's children
        const children = execFileSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' }).trim().split('\n').map(Number);
        process.kill(children[0], 'SIGKILL');
        killed = children[0];
      }, 400);
    },
  });
  await collect(handle);
  expect(killed).toBeGreaterThan(0);
  expect(await handle.summary).toMatchObject({ total: 8, done: 8, failed: 0 });
  const written = lines(out);
  expect(written).toHaveLength(8);
  expect(new Set(written.map((r) => r.id)).size).toBe(8);
  expect(written.some((r) => r.attempts === 2)).toBe(true);
  expect(written.every((r) => r.worker !== `${written[0].worker?.split(':')[0]}:${killed}` || r.attempts === 1)).toBe(true);
}, 180_000);

test('a config the trainer refuses fails the sweep before any run, naming the run and field', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'saddle-sweep-')), 's');
  // a gradient penalty with minibatch-std: a rule between fields, which checkConfig holds
  const handle = sweep({ ...file, grid: { 'regularizers.r1': [0.01, 0.1] }, base: { ...tiny, discriminator: { hidden: [8], minibatchStd: true } } }, { out });
  const error = await handle.summary.catch((e) => e);
  expect(error).toBeInstanceOf(UsageError);
  expect(error.message).toMatch(/^sweep: run 0 \(regularizers\.r1 = 0\.01, seed = 1\): .*regularizers\.r1.*minibatchStd/);
  expect(existsSync(out)).toBe(false);
});

test('a run that fails in training is recorded as failed with its reason, not retried', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'saddle-sweep-')), 's');
  // lr 1e30 blows the discriminator up: SaddleNumericError in the worker
  const handle = sweep({ ...file, grid: { 'optimizer.d.lr': [1e-3, 1e30] }, seeds: 1 }, { out, workers: 2 });
  const got = await collect(handle);
  expect(await handle.summary).toMatchObject({ total: 2, done: 1, failed: 1 });
  const failed = got.find((r) => r.status === 'failed')!;
  expect(failed.attempts).toBe(1);
  expect(failed.error).toMatch(/NaN|non-finite|Inf/i);
}, 60_000);

