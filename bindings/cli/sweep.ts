// `saddle sweep sweep.json [--workers N] [--redis URL] [--queue Q] [--out DIR]`: every run
// of a sweep file, with one progress line over the whole sweep; re-running it resumes.
// `saddle sweep status --redis URL` and `saddle sweep cancel sweep.json --redis URL` look
// at and cancel a distributed sweep; `saddle worker --redis URL [--concurrency N]` takes
// its runs on any machine.

import { basename, join, resolve } from 'node:path';
import { sweep, type SweepProgress } from '../sweep/index.js';
import { resolveSweep } from '../sweep/spec.js';
import { configHash } from '../gan/checkpoint.js';
import { readJsonFile } from './files.js';
import { integerFlag, type CommandInput, type CommandSpec, type FlagSpec } from './command.js';
import { availableParallelism } from 'node:os';

const text = (v: string | true | undefined) => (typeof v === 'string' ? v : undefined);

const clock = (s: number) => (!Number.isFinite(s) ? '?' : s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`);

function progressLine(p: SweepProgress): string {
  const bar = '#'.repeat(Math.round((20 * (p.done + p.failed)) / Math.max(1, p.total))).padEnd(20, '.');
  return `[${bar}] ${p.done + p.failed}/${p.total} runs  ${p.running} running  ${p.failed} failed${p.skipped ? `  ${p.skipped} already done` : ''}  ETA ${clock(p.etaSeconds)}`;
}

function readSweepFile(path: string): unknown {
  return readJsonFile(path, 'sweep');
}

async function runSweep(input: CommandInput): Promise<number> {
  const { flags } = input;
  const path = input.args[0];
  const workers = integerFlag('workers', flags.workers, 1);
  const redis = text(flags.redis), queue = text(flags.queue);
  const out = resolve(text(flags.out) ?? join('sweeps', basename(path).replace(/\.json$/, '')));
  const tty = process.stdout.isTTY;
  let last = 0;
  const controller = new AbortController();
  const onSignal = () => { console.error('\nsaddle sweep: stopping: no new runs start; running ones finish and are recorded (re-run the same command to resume)'); controller.abort(); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const handle = sweep(readSweepFile(path), {
      out, where: `sweep ${path}`, workers, redis, queue, signal: controller.signal,
      onProgress: (p) => {
        const line = progressLine(p);
        if (tty) process.stdout.write(`\r${line}`);
        else if (performance.now() - last > 5000 || p.done + p.failed === p.total) { console.log(line); last = performance.now(); }
      },
    });
    console.log(`saddle sweep: ${handle.sweep.name}, ${handle.sweep.runs.length} runs (${handle.sweep.paths.join(' × ') || 'the base run'}) into ${out}` +
      (redis ? ` on BullMQ at ${redis} (start workers with: saddle worker --redis ${redis}${queue ? ` --queue ${queue}` : ''})` : `, ${workers ?? availableParallelism()} local workers`));
    for await (const r of handle) {
      if (r.status === 'failed') { if (tty) process.stdout.write('\n'); console.log(`run ${r.index} failed: ${r.error}`); }
    }
    const s = await handle.summary;
    if (tty) process.stdout.write('\n');
    console.log(`${s.done} of ${s.total} runs done, ${s.failed} failed, in ${clock(s.seconds)}; results: ${join(out, 'results.jsonl')}\nreport: ${join(out, 'report.html')}`);
    return s.failed || s.done < s.total ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

async function status(input: CommandInput): Promise<number> {
  const { queueStatus } = await import('../sweep/redis.js');
  const s = await queueStatus(text(input.flags.redis)!, text(input.flags.queue) ?? 'saddle');
  console.log(`queue ${s.queue}: ${s.counts.waiting} waiting, ${s.counts.active} running, ${s.counts.completed} done, ${s.counts.failed} failed, ${s.counts.delayed} delayed`);
  for (const a of s.active) console.log(`  running ${a.id}: ${JSON.stringify(a.params)}${a.since ? ` for ${clock((Date.now() - a.since) / 1000)}` : ''}`);
  return 0;
}

async function cancel(input: CommandInput): Promise<number> {
  const path = input.args[0];
  const file = readSweepFile(path);
  const resolved = resolveSweep(file, `sweep ${path}`);
  const { cancelSweep } = await import('../sweep/redis.js');
  const removed = await cancelSweep(text(input.flags.redis)!, text(input.flags.queue) ?? 'saddle', configHash(file).slice(0, 12), resolved.runs.map((r) => r.id));
  console.log(`cancelled: ${removed} queued runs removed; runs already running finish`);
  return 0;
}

async function worker(input: CommandInput): Promise<number> {
  const { flags } = input;
  const { runWorker } = await import('../sweep/redis.js');
  const controller = new AbortController();
  const stop = () => { console.error('saddle worker: stopping after the running jobs'); controller.abort(); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const concurrency = integerFlag('concurrency', flags.concurrency, 1) ?? 1;
  const queue = text(flags.queue);
  console.log(`saddle worker: ${concurrency} at once on queue ${queue ?? 'saddle'} at ${flags.redis} (pid ${process.pid})`);
  await runWorker(text(flags.redis)!, {
    queue, concurrency, retries: integerFlag('retries', flags.retries, 0), lockSeconds: integerFlag('lock-seconds', flags['lock-seconds'], 1),
    signal: controller.signal, onJob: (e) => console.log(`${e.state} ${e.id}`),
  });
  return 0;
}

const REDIS_FLAG: FlagSpec = { flag: 'redis', value: 'URL', description: 'the Redis server of the BullMQ queue (redis://host:port)', default: 'required' };
const QUEUE_FLAG: FlagSpec = { flag: 'queue', value: 'Q', description: 'the BullMQ queue (one queue serves many sweeps)', default: 'saddle' };
const SWEEP_FILE_ARG = { name: 'sweep.json', description: 'a sweep file (docs/sweeps.md): base, grid, random, seeds, iterations, evaluate, retries' };

export const SWEEP: CommandSpec = {
  name: 'sweep',
  summary: 'every run of a sweep file (a base run, a grid and/or a seeded random search over config paths, seeds) on a local pool of worker processes, or with --redis on BullMQ for `saddle worker` processes on any machine; writes results.jsonl (a line per run, as it ends), runs/<id>/ and report.html to --out; running it again skips the runs already done; exit 1 if a run failed (docs/sweeps.md)',
  args: [SWEEP_FILE_ARG],
  flags: [
    { flag: 'workers', value: 'N', description: 'local worker processes (ignored with --redis)', default: 'the available cores' },
    { flag: 'out', value: 'DIR', description: 'the sweep folder; the same folder resumes the sweep', default: 'sweeps/<file name>' },
    { ...REDIS_FLAG, description: 'enqueue the runs on BullMQ at this Redis instead of the local pool', default: 'unset: the local pool' },
    QUEUE_FLAG,
  ],
  subcommands: [
    { name: 'status', summary: 'what a BullMQ queue holds: queued, running, done and failed runs, and what runs now', flags: [REDIS_FLAG, QUEUE_FLAG], run: status },
    { name: 'cancel', summary: 'remove a sweep\'s queued runs from BullMQ (running ones finish); its coordinator records them as cancelled', args: [SWEEP_FILE_ARG], flags: [REDIS_FLAG, QUEUE_FLAG], run: cancel },
  ],
  run: runSweep,
};

export const WORKER: CommandSpec = {
  name: 'worker',
  summary: 'take runs of distributed sweeps from BullMQ on Redis, each in its own process, until SIGINT/SIGTERM; a worker that dies leaves its job to another after --lock-seconds, up to --retries times',
  flags: [
    REDIS_FLAG, QUEUE_FLAG,
    { flag: 'concurrency', value: 'N', description: 'runs at once on this machine', default: '1' },
    { flag: 'retries', value: 'N', description: 'times a job may stall (its worker died) before it fails', default: '2' },
    { flag: 'lock-seconds', value: 'S', description: 'how long a job stays locked without renewal; a dead worker\'s job is taken again after it', default: '30' },
  ],
  run: worker,
};
