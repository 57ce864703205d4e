// The distributed engine: BullMQ on Redis. The coordinator (`saddle sweep --redis URL`)
// enqueues one job per pending run, with the job id `<sweep key>-<run id>` so a re-attached
// coordinator adds nothing twice; `saddle worker --redis URL` processes on any machine take
// the jobs and run them on a local pool of worker processes (so the BullMQ worker's own
// event loop stays free to renew its job locks). A job's result and its run folder's files
// come back through Redis, and the coordinator writes them once (results.jsonl drops a
// second result for a run already done). A worker killed mid-job leaves its job's lock to
// expire; BullMQ's stalled-job check hands it to another worker, up to `retries` times.
// bullmq and ioredis are optional peer dependencies, loaded only here.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaddleError } from '../errors.js';
import type { Engine } from './index.js';
import type { RunResult } from './results.js';
import type { SweepRun } from './spec.js';

/** What a job returns: the result and the run folder's files (base64), under a size cap. */
interface JobOutput { result: RunResult; files: Record<string, string> }
interface JobData { run: SweepRun; sweepKey: string }

/** Run folders above this size come back without their checkpoint. */
const FILES_CAP_BYTES = 16 * 2 ** 20;

async function modules() {
  try {
    const [bullmq, ioredis] = await Promise.all([import('bullmq'), import('ioredis')]);
    return { ...bullmq, Redis: ioredis.Redis };
  } catch {
    throw new Error('saddle sweep --redis and saddle worker need the packages bullmq and ioredis: npm install bullmq ioredis');
  }
}

/**
 * A connection BullMQ accepts for workers and queues. One try is made first, so a wrong URL or
 * a server that is down is an error at once; after that ioredis reconnects forever.
 */
async function connect(url: string) {
  const { Redis } = await modules();
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 5000 });
  let cause: Error | undefined;
  probe.on('error', (e: Error) => { cause ??= e; }); // the socket's error says more than "Connection is closed"
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    cause ??= e as Error;
    throw new SaddleError('E_REDIS', `cannot reach Redis at ${url}: ${cause.message}`, { cause });
  } finally {
    probe.disconnect();
  }
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

export const jobId = (sweepKey: string, runId: string) => `${sweepKey}-${runId}`;

export function redisEngine(url: string, queueName: string): Engine {
  return async (runs, context) => {
    if (runs.length === 0) return;
    const { Queue, QueueEvents, Job } = await modules();
    const connection = await connect(url), eventsConnection = connection.duplicate(); // one reachability try serves both
    const queue = new Queue(queueName, { connection });
    const events = new QueueEvents(queueName, { connection: eventsConnection });
    const outstanding = new Map(runs.map((r) => [jobId(context.sweepKey, r.id), r]));
    const started = new Set<string>();
    let wake: (() => void) | undefined;
    const settle = (id: string, result: RunResult, files?: Record<string, string>) => {
      const run = outstanding.get(id);
      if (!run) return;
      outstanding.delete(id);
      if (files) {
        const dir = join(context.out, 'runs', result.id);
        mkdirSync(dir, { recursive: true });
        for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), Buffer.from(data, 'base64'));
      }
      if (!started.has(id)) { started.add(id); context.started(run); }
      context.finished(result);
      wake?.();
    };
    /** Looks a job up and settles it if it has ended. */
    const inspect = async (id: string) => {
      const run = outstanding.get(id);
      if (!run) return;
      const job = await Job.fromId<JobData, JobOutput>(queue, id);
      if (!job) {
        // removed by `saddle sweep cancel` (or by hand): recorded as failed, so a re-run runs it
        settle(id, { id: run.id, index: run.index, params: run.params, status: 'failed', attempts: 0, error: 'cancelled: the job was removed from the queue' });
        return;
      }
      if (job.finishedOn && job.returnvalue) settle(id, job.returnvalue.result, job.returnvalue.files);
      else if (job.finishedOn && job.failedReason) {
        settle(id, { id: run.id, index: run.index, params: run.params, status: 'failed', attempts: (job.stalledCounter ?? 0) + 1, error: job.failedReason });
      } else if (job.processedOn && !started.has(id)) { started.add(id); context.started(run); }
    };
    try {
      events.on('completed', ({ jobId: id }) => { void inspect(id); });
      events.on('failed', ({ jobId: id }) => { void inspect(id); });
      events.on('active', ({ jobId: id }) => { const run = outstanding.get(id); if (run && !started.has(id)) { started.add(id); context.started(run); } });
      await events.waitUntilReady();
      // a failed job of an earlier attempt is run again; finished ones are picked up as they are
      for (const id of outstanding.keys()) {
        const job = await Job.fromId(queue, id);
        if (job && job.finishedOn && !job.returnvalue) await job.remove();
      }
      await queue.addBulk(runs.map((run) => ({
        name: 'run', data: { run, sweepKey: context.sweepKey } satisfies JobData,
        opts: { jobId: jobId(context.sweepKey, run.id), attempts: 1, removeOnComplete: false, removeOnFail: false },
      })));
      while (outstanding.size) {
        if (context.signal?.aborted) { await cancelJobs(queue, [...outstanding.keys()]); return; }
        // events settle jobs as they end; a slow re-scan covers events missed across a reconnect
        for (const id of [...outstanding.keys()]) await inspect(id);
        if (!outstanding.size) break;
        await new Promise<void>((r) => { wake = r; setTimeout(r, 2000); });
        wake = undefined;
      }
    } finally {
      await events.close();
      await queue.close();
      connection.disconnect();
      eventsConnection.disconnect();
    }
  };
}

/** Removes the jobs that no worker has taken; running ones finish. Returns how many were removed. */
async function cancelJobs(queue: { getJob(id: string): Promise<{ remove(): Promise<void>; getState(): Promise<string> } | undefined> }, ids: string[]): Promise<number> {
  let removed = 0;
  for (const id of ids) {
    const job = await queue.getJob(id);
    if (job && ['waiting', 'delayed', 'prioritized', 'paused', 'waiting-children'].includes(await job.getState())) { await job.remove(); removed++; }
  }
  return removed;
}

export interface QueueStatus {
  queue: string;
  counts: Record<'waiting' | 'active' | 'completed' | 'failed' | 'delayed', number>;
  /** the jobs running now: job id and the run's swept values */
  active: { id: string; params: Record<string, unknown>; since?: number }[];
}

/** What the queue holds: counts by state and the jobs running now. */
export async function queueStatus(url: string, queueName: string): Promise<QueueStatus> {
  const { Queue } = await modules();
  const connection = await connect(url);
  const queue = new Queue(queueName, { connection });
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed') as QueueStatus['counts'];
    const active = (await queue.getJobs(['active'])).map((j) => ({ id: j.id ?? '', params: (j.data as JobData).run.params, since: j.processedOn }));
    return { queue: queueName, counts, active };
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Cancels a sweep: removes its jobs no worker has taken (running ones finish). */
export async function cancelSweep(url: string, queueName: string, sweepKey: string, runIds: string[]): Promise<number> {
  const { Queue } = await modules();
  const connection = await connect(url);
  const queue = new Queue(queueName, { connection });
  try { return await cancelJobs(queue as never, runIds.map((id) => jobId(sweepKey, id))); } finally { await queue.close(); connection.disconnect(); }
}

export interface WorkerOptions {
  queue?: string;
  /** runs at once on this machine, each in its own process (default 1) */
  concurrency?: number;
  /** times a job may stall (its worker died) before it fails (default 2) */
  retries?: number;
  /** how long a job's lock lasts without renewal; a dead worker's job is retried after it (default 30) */
  lockSeconds?: number;
  signal?: AbortSignal;
  onJob?: (event: { id: string; state: 'started' | 'done' | 'failed' }) => void;
}

/** The files of a run folder, base64, without the checkpoint when they pass the cap. */
function folderFiles(dir: string): Record<string, string> {
  const names = readdirSync(dir).filter((n) => statSync(join(dir, n)).isFile() && !n.endsWith('.tmp'));
  const total = names.reduce((s, n) => s + statSync(join(dir, n)).size, 0);
  const keep = total > FILES_CAP_BYTES ? names.filter((n) => n !== 'checkpoint.saddle') : names;
  return Object.fromEntries(keep.map((n) => [n, readFileSync(join(dir, n)).toString('base64')]));
}

/**
 * Takes runs from the queue until `signal` aborts: each on a local pool process, its run
 * folder in a temporary directory that is sent back with the result and removed.
 */
export async function runWorker(url: string, options: WorkerOptions = {}): Promise<void> {
  const { Worker } = await modules();
  const { Tinypool } = await import('tinypool');
  const { workerFile, workerExecArgv } = await import('../worker-files.js');
  const concurrency = options.concurrency ?? 1;
  const scratch = mkdtempSync(join(tmpdir(), 'saddle-worker-'));
  const pool = new Tinypool({ filename: workerFile('sweep-worker'), runtime: 'child_process', execArgv: workerExecArgv(), minThreads: concurrency, maxThreads: concurrency, isolateWorkers: false });
  const connection = await connect(url);
  const lockDuration = 1000 * (options.lockSeconds ?? 30);
  const worker = new Worker<JobData, JobOutput>(options.queue ?? 'saddle', async (job) => {
    options.onJob?.({ id: job.id ?? '', state: 'started' });
    const { run } = job.data;
    const result = (await pool.run({ run, out: scratch, attempt: (job.stalledCounter ?? 0) + 1 })) as RunResult;
    const dir = join(scratch, 'runs', run.id);
    const files = folderFiles(dir);
    rmSync(dir, { recursive: true, force: true });
    options.onJob?.({ id: job.id ?? '', state: result.status === 'done' ? 'done' : 'failed' });
    return { result, files };
  }, { connection, concurrency, lockDuration, stalledInterval: lockDuration, maxStalledCount: options.retries ?? 2, autorun: true });
  try {
    await worker.waitUntilReady();
    await new Promise<void>((resolve) => {
      if (options.signal?.aborted) resolve();
      options.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    await worker.close();
    await pool.destroy();
    connection.disconnect();
    rmSync(scratch, { recursive: true, force: true });
  }
}
