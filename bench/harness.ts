// Shared benchmark plumbing: timing (tinybench, or interleaved rounds), the machine
// description, printed tables, and the results files the docs are generated from
// (bench/results/<suite>.json, rendered by bench/render/<suite>.mjs through
// scripts/bench-docs.mjs).
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Bench } from 'tinybench';

export interface Timing { p50: number; mean: number; min: number; max: number; samples: number }

/** Median, mean, min and max latency (ms) of `fn` over at least `time` ms and `iterations` runs. */
export async function measure(fn: () => void, options: { time?: number; iterations?: number } = {}): Promise<Timing> {
  const bench = new Bench({ time: options.time ?? 400, iterations: options.iterations ?? 10, warmupTime: 100, warmupIterations: 3 });
  bench.add('task', fn);
  await bench.run();
  const result = bench.tasks[0].result as { state: string; error?: Error; latency?: { p50: number; mean: number; min: number; max: number; samplesCount?: number; samples?: number[] } };
  if (!result.latency) throw result.error ?? new Error(`benchmark task ended in state ${result.state}`);
  const l = result.latency;
  return { p50: l.p50, mean: l.mean, min: l.min, max: l.max, samples: l.samplesCount ?? l.samples?.length ?? 0 };
}

/** Median and range of a sample. */
export interface Spread { median: number; min: number; max: number; runs: number }

export function spread(samples: number[]): Spread {
  if (samples.length === 0) throw new Error('spread of no samples');
  const s = [...samples].sort((a, b) => a - b), h = s.length >> 1;
  return { median: s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2, min: s[0], max: s[s.length - 1], runs: s.length };
}

/**
 * Runs every contender once per round, in turn, for `rounds` rounds after one untimed
 * warm-up round (so slow drift of a shared machine hits all of them alike). Returns each
 * contender's times (ms) and its last value.
 */
export async function interleave<T>(rounds: number, contenders: Record<string, () => T | Promise<T>>): Promise<Record<string, { ms: number[]; time: Spread; value: T }>> {
  const names = Object.keys(contenders);
  const out: Record<string, { ms: number[]; value: T }> = {};
  for (const name of names) out[name] = { ms: [], value: await contenders[name]() };
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const t0 = performance.now();
      const value = await contenders[name]();
      out[name].ms.push(performance.now() - t0);
      out[name].value = value;
    }
  }
  return Object.fromEntries(names.map((n) => [n, { ...out[n], time: spread(out[n].ms) }]));
}

export interface Machine { cpu: string; cores: number; memGiB: number }

export function machineInfo(): Machine {
  return { cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30) };
}

/** The commit the bench ran on (short hash, "+dirty" with uncommitted changes), or 'unknown'. */
export function commitId(): string {
  try {
    const root = new URL('..', import.meta.url).pathname;
    const hash = execFileSync('git', ['rev-parse', '--short=10', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', 'assembly', 'bindings', 'bench', ':!bench/results'], { cwd: root, encoding: 'utf8' }).trim();
    return dirty ? `${hash}+dirty` : hash;
  } catch {
    return 'unknown';
  }
}

/** The header printed above a suite's table. */
export function describe(title: string, extra = ''): void {
  const m = machineInfo();
  console.log(`\n${title} on ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, Node ${process.version}${extra}, ${new Date().toISOString().slice(0, 10)}, commit ${commitId()}`);
}

/** Prints a fixed-width table. */
export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

export interface ResultsFile<Row = Record<string, unknown>> {
  suite: string; machine: Machine; node: string; date: string; commit: string;
  /** Wall time of the suite's process so far (vitest runs each suite file in its own fork). */
  suiteSeconds: number;
  /** Suite-wide facts the rows share (library versions, sizes, stopping rules...). */
  setup: Record<string, unknown>;
  rows: Row[];
}

/** Writes bench/results/<suite>.json = { suite, machine, node, date, commit, setup, rows }. */
export function writeResults(suite: string, rows: Record<string, unknown>[], setup: Record<string, unknown> = {}): string {
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${suite}.json`, dir);
  const data: ResultsFile = { suite, machine: machineInfo(), node: process.version, date: new Date().toISOString(), commit: commitId(), suiteSeconds: Math.round(process.uptime()), setup, rows };
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file.pathname;
}
