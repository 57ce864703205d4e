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
import { UsageError } from './errors.js';

interface Flags { [flag: string]: string | true }

/** Flags of the form --name value (or --name alone for the listed booleans), the rest positional. */
function parseFlags(command: string, args: string[], valued: readonly string[], booleans: readonly string[] = []): { flags: Flags; positional: string[] } {
  const flags: Flags = {}, positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (booleans.includes(a)) flags[a] = true;
    else if (valued.includes(a)) { const v = args[++i]; if (v === undefined || v.startsWith('--')) throw new UsageError(`${command}: ${a} needs a value`); flags[a] = v; }
    else if (a.startsWith('--')) throw new UsageError(`${command}: unknown option ${a} (options: ${[...valued, ...booleans].join(', ')})`);
    else positional.push(a);
  }
  return { flags, positional };
}

const integer = (flag: string, v: string | true | undefined, min: number): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} needs an integer >= ${min}, got ${v}`);
  return n;
};

const clock = (s: number) => (!Number.isFinite(s) ? '?' : s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`);

function progressLine(p: SweepProgress): string {
  const bar = '#'.repeat(Math.round((20 * (p.done + p.failed)) / Math.max(1, p.total))).padEnd(20, '.');
  return `[${bar}] ${p.done + p.failed}/${p.total} runs  ${p.running} running  ${p.failed} failed${p.skipped ? `  ${p.skipped} already done` : ''}  ETA ${clock(p.etaSeconds)}`;
}

function readSweepFile(path: string): unknown {
  return readJsonFile(path, 'sweep');
}

export async function sweepCommand(args: string[]): Promise<number> {
  if (args[0] === 'status') return status(args.slice(1));
  if (args[0] === 'cancel') return cancel(args.slice(1));
  const { flags, positional } = parseFlags('sweep', args, ['--workers', '--redis', '--queue', '--out']);
  if (positional.length !== 1) throw new UsageError(`sweep: one sweep file, got ${positional.length ? positional.join(' ') : 'none'}`);
  const path = positional[0];
  const workers = integer('--workers', flags['--workers'], 1);
  const out = resolve((flags['--out'] as string | undefined) ?? join('sweeps', basename(path).replace(/\.json$/, '')));
  const tty = process.stdout.isTTY;
  let last = 0;
  const controller = new AbortController();
  const onSignal = () => { console.error('\nsaddle sweep: stopping: no new runs start; running ones finish and are recorded (re-run the same command to resume)'); controller.abort(); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const handle = sweep(readSweepFile(path), {
      out, where: `sweep ${path}`, workers, redis: flags['--redis'] as string | undefined, queue: flags['--queue'] as string | undefined, signal: controller.signal,
      onProgress: (p) => {
        const line = progressLine(p);
        if (tty) process.stdout.write(`\r${line}`);
        else if (performance.now() - last > 5000 || p.done + p.failed === p.total) { console.log(line); last = performance.now(); }
      },
    });
    console.log(`saddle sweep: ${handle.sweep.name}, ${handle.sweep.runs.length} runs (${handle.sweep.paths.join(' × ') || 'the base run'}) into ${out}` +
      (flags['--redis'] ? ` on BullMQ at ${flags['--redis']} (start workers with: saddle worker --redis ${flags['--redis']})` : `, ${workers ?? 'all'} local workers`));
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

async function status(args: string[]): Promise<number> {
  const { flags, positional } = parseFlags('sweep status', args, ['--redis', '--queue']);
  if (!flags['--redis']) throw new UsageError('sweep status: --redis URL is required');
  if (positional.length) throw new UsageError(`sweep status: no positional arguments, got ${positional.join(' ')}`);
  const { queueStatus } = await import('../sweep/redis.js');
  const s = await queueStatus(flags['--redis'] as string, (flags['--queue'] as string | undefined) ?? 'saddle');
  console.log(`queue ${s.queue}: ${s.counts.waiting} waiting, ${s.counts.active} running, ${s.counts.completed} done, ${s.counts.failed} failed, ${s.counts.delayed} delayed`);
  for (const a of s.active) console.log(`  running ${a.id}: ${JSON.stringify(a.params)}${a.since ? ` for ${clock((Date.now() - a.since) / 1000)}` : ''}`);
  return 0;
}

async function cancel(args: string[]): Promise<number> {
  const { flags, positional } = parseFlags('sweep cancel', args, ['--redis', '--queue']);
  if (!flags['--redis']) throw new UsageError('sweep cancel: --redis URL is required');
  if (positional.length !== 1) throw new UsageError('sweep cancel: one sweep file');
  const file = readSweepFile(positional[0]);
  const resolved = resolveSweep(file, `sweep ${positional[0]}`);
  const { cancelSweep } = await import('../sweep/redis.js');
  const removed = await cancelSweep(flags['--redis'] as string, (flags['--queue'] as string | undefined) ?? 'saddle', configHash(file).slice(0, 12), resolved.runs.map((r) => r.id));
  console.log(`cancelled: ${removed} queued runs removed; runs already running finish`);
  return 0;
}

export async function workerCommand(args: string[]): Promise<number> {
  const { flags, positional } = parseFlags('worker', args, ['--redis', '--queue', '--concurrency', '--retries', '--lock-seconds']);
  if (!flags['--redis']) throw new UsageError('worker: --redis URL is required');
  if (positional.length) throw new UsageError(`worker: no positional arguments, got ${positional.join(' ')}`);
  const { runWorker } = await import('../sweep/redis.js');
  const controller = new AbortController();
  const stop = () => { console.error('saddle worker: stopping after the running jobs'); controller.abort(); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const concurrency = integer('--concurrency', flags['--concurrency'], 1) ?? 1;
  console.log(`saddle worker: ${concurrency} at once on queue ${(flags['--queue'] as string | undefined) ?? 'saddle'} at ${flags['--redis']} (pid ${process.pid})`);
  await runWorker(flags['--redis'] as string, {
    queue: flags['--queue'] as string | undefined, concurrency,
    retries: integer('--retries', flags['--retries'], 0), lockSeconds: integer('--lock-seconds', flags['--lock-seconds'], 1),
    signal: controller.signal, onJob: (e) => console.log(`${e.state} ${e.id}`),
  });
  return 0;
}
