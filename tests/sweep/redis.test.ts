// Sweeps on BullMQ with real parts: a redis-server of this file's own, `saddle worker`
// processes from the built CLI (dist/cli.js), killed and restarted as a cluster's would be.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sweep, type RunResult } from '../../bindings/sweep/index.js';
import { queueStatus } from '../../bindings/sweep/redis.js';
import { trainRunFolder } from '../../bindings/cli/train.js';
import { loadSaddle } from '../../bindings/index.js';
import { hasRedis, startRedis, type RedisServer } from '../helpers/redis.js';
import { runCli } from '../helpers/cli.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const tiny = { preset: 'ring-8', batch: 32, generator: { hidden: [8] }, discriminator: { hidden: [8] } };
const sweepFile = (iterations: number, name: string) => ({ name, base: tiny, iterations, evaluate: { every: iterations / 2, distances: false }, grid: { loss: ['nonSaturating', 'hinge'], 'optimizer.d.lr': [1e-3, 3e-3] }, seeds: 2 });

const lines = (out: string) => readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RunResult);
const folder = () => join(mkdtempSync(join(tmpdir(), 'saddle-bullmq-')), 's');

interface Proc { child: ChildProcess; output: () => string; waitFor: (text: string | RegExp, timeoutMs?: number) => Promise<void>; exited: Promise<number | null> }
function start(args: string[]): Proc {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const waiters: (() => void)[] = [];
  const onData = (d: Buffer) => { text += d; for (const w of waiters.splice(0)) w(); };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child, exited, output: () => text,
    waitFor: (pattern, timeoutMs = 60_000) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern} in:\n${text}`)), timeoutMs);
      const check = () => { if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) { clearTimeout(timer); resolve(); } else waiters.push(check); };
      check();
    }),
  };
}
const stop = async (p: Proc, signal: NodeJS.Signals = 'SIGTERM') => { if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal); await p.exited; };

const queue = (name: string) => `q-${name}`;
const worker = (redis: RedisServer, name: string) => {
  const p = start(['worker', '--redis', redis.url, '--queue', queue(name), '--lock-seconds', '2']);
  return p;
};
const collect = async (handle: AsyncIterable<RunResult>) => { const got: RunResult[] = []; for await (const r of handle) got.push(r); return got; };

function expectEachOnce(out: string, total: number): RunResult[] {
  const written = lines(out);
  expect(written).toHaveLength(total);
  expect(new Set(written.map((r) => r.id)).size).toBe(total);
  expect(written.every((r) => r.status === 'done')).toBe(true);
  return written;
}

describe.skipIf(!hasRedis && !process.env.CI)('sweeps on BullMQ', () => {
  let redis: RedisServer;
  beforeAll(async () => { redis = await startRedis(); });
  afterAll(async () => { await redis?.stop(); });

  test('8 runs on 2 workers, each once, with the bits of training here and the run folders sent back', async () => {
    const workers = [worker(redis, 'a'), worker(redis, 'a')];
    try {
      await Promise.all(workers.map((w) => w.waitFor('saddle worker:')));
      const out = folder();
      const file = sweepFile(100, 'a');
      const handle = sweep(file, { out, redis: redis.url, queue: queue('a') });
      await collect(handle);
      expect(await handle.summary).toMatchObject({ total: 8, done: 8, failed: 0 });
      const written = expectEachOnce(out, 8);
      expect(new Set(written.map((r) => r.worker)).size).toBeGreaterThanOrEqual(2);
      for (const r of written) expect(readFileSync(join(out, r.dir!, 'report.html'), 'utf8')).toContain('<html');
      const run = handle.sweep.runs[3];
      const there = written.find((r) => r.id === run.id)!;
      // the same build as the worker's (a CLI process has no relaxed SIMD on Node 20 without its flag)
      const sd = await loadSaddle({ build: there.build as 'simd' | 'relaxed' });
      const here = await trainRunFolder(run.run, mkdtempSync(join(tmpdir(), 'saddle-run-')), { every: run.every, distances: run.distances, print: false, saddle: sd });
      expect(JSON.stringify(there.final)).toBe(JSON.stringify(here.metrics.final));
      // the coordinator re-attaching to a finished sweep adds nothing and writes nothing twice
      const again = sweep(file, { out, redis: redis.url, queue: queue('a') });
      await collect(again);
      expect(await again.summary).toMatchObject({ done: 8, skipped: 8 });
      expectEachOnce(out, 8);
    } finally {
      await Promise.all(workers.map((w) => stop(w)));
    }
  }, 120_000);

  test('a worker SIGKILLed mid-job: its job stalls, another worker runs it, every run completes once', async () => {
    const first = worker(redis, 'b');
    await first.waitFor('saddle worker:');
    const out = folder();
    const handle = sweep(sweepFile(1500, 'b'), { out, redis: redis.url, queue: queue('b') });
    await first.waitFor(/started \S+/);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = worker(redis, 'b');
    try {
      await collect(handle);
      expect(await handle.summary).toMatchObject({ total: 8, done: 8, failed: 0 });
      const written = expectEachOnce(out, 8);
      expect(written.some((r) => r.attempts === 2)).toBe(true);
    } finally {
      await stop(second);
    }
  }, 180_000);

  test('the coordinator killed mid-sweep and started again resumes; no result is lost or written twice', async () => {
    const workers = [worker(redis, 'c'), worker(redis, 'c')];
    const dir = mkdtempSync(join(tmpdir(), 'saddle-bullmq-'));
    const path = join(dir, 'sweep.json'), out = join(dir, 'out');
    writeFileSync(path, JSON.stringify(sweepFile(600, 'c')));
    try {
      const coordinator = start(['sweep', path, '--redis', redis.url, '--queue', queue('c'), '--out', out]);
      await workers[0].waitFor(/done \S+/);
      coordinator.child.kill('SIGKILL');
      await coordinator.exited;
      // the workers keep going while no coordinator listens; the new one collects their results
      const second = start(['sweep', path, '--redis', redis.url, '--queue', queue('c'), '--out', out]);
      expect(await second.exited).toBe(0);
      expect(second.output()).toMatch(/8 of 8 runs done, 0 failed/);
      expectEachOnce(out, 8);
    } finally {
      await Promise.all(workers.map((w) => stop(w)));
    }
  }, 180_000);

  test('Redis restarted while workers wait: they reconnect and take the next sweep', async () => {
    const workers = [worker(redis, 'd'), worker(redis, 'd')];
    try {
      await Promise.all(workers.map((w) => w.waitFor('saddle worker:')));
      await new Promise((r) => setTimeout(r, 500));
      await redis.restart();
      const out = folder();
      const handle = sweep(sweepFile(100, 'd'), { out, redis: redis.url, queue: queue('d') });
      await collect(handle);
      expect(await handle.summary).toMatchObject({ done: 8, failed: 0 });
      expectEachOnce(out, 8);
    } finally {
      await Promise.all(workers.map((w) => stop(w)));
    }
  }, 180_000);

  test('status lists what is queued, cancel removes it, and the coordinator records the runs as cancelled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saddle-bullmq-'));
    const path = join(dir, 'sweep.json'), out = join(dir, 'out');
    writeFileSync(path, JSON.stringify(sweepFile(100, 'e')));
    const coordinator = start(['sweep', path, '--redis', redis.url, '--queue', queue('e'), '--out', out]);
    await coordinator.waitFor('saddle sweep:');
    let status = await queueStatus(redis.url, queue('e'));
    for (let i = 0; i < 50 && status.counts.waiting < 8; i++) { await new Promise((r) => setTimeout(r, 100)); status = await queueStatus(redis.url, queue('e')); }
    expect(status.counts).toMatchObject({ waiting: 8, active: 0, completed: 0 });
    const shown = runCli(['sweep', 'status', '--redis', redis.url, '--queue', queue('e')]);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain(`queue ${queue('e')}: 8 waiting, 0 running, 0 done`);
    const cancelled = runCli(['sweep', 'cancel', path, '--redis', redis.url, '--queue', queue('e')]);
    expect(cancelled.stdout).toContain('8 queued runs removed');
    expect(await coordinator.exited).toBe(1);
    expect(coordinator.output()).toMatch(/0 of 8 runs done, 8 failed/);
    expect(lines(out).every((r) => r.status === 'failed' && /cancelled/.test(r.error ?? ''))).toBe(true);
  }, 60_000);

  test('a Redis that cannot be reached is one clear error, at once', () => {
    for (const argv of [['sweep', 'status'], ['worker']]) {
      const result = runCli([...argv, '--redis', 'redis://127.0.0.1:1', '--queue', queue('g')]);
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toMatch(/^saddle: \[E_REDIS\] cannot reach Redis at redis:\/\/127\.0\.0\.1:1: connect ECONNREFUSED/);
    }
  });

  test('a bad sweep file is refused before anything is queued, naming the path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saddle-bullmq-'));
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ ...sweepFile(100, 'f'), grid: { 'optimizer.d.lr': [1e-3, 'fast'] } }));
    const result = runCli(['sweep', path, '--redis', redis.url, '--queue', queue('f')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/run 2 \(optimizer\.d\.lr = "fast", seed = 1\): .*optimizer\.d\.lr/);
    const status = await queueStatus(redis.url, queue('f'));
    expect(status.counts.waiting + status.counts.active + status.counts.completed).toBe(0);
  });
});
