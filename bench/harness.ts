// Shared benchmark plumbing: tinybench timing, machine description, result tables.
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Bench } from 'tinybench';

export interface Timing { p50: number; mean: number; samples: number }

/** Median and mean latency (ms) of `fn` over at least `time` ms and `iterations` runs. */
export async function measure(fn: () => void, options: { time?: number; iterations?: number } = {}): Promise<Timing> {
  const bench = new Bench({ time: options.time ?? 400, iterations: options.iterations ?? 10, warmupTime: 100, warmupIterations: 3 });
  bench.add('task', fn);
  await bench.run();
  const result = bench.tasks[0].result as { state: string; error?: Error; latency?: { p50: number; mean: number; samplesCount?: number; samples?: number[] } };
  if (!result.latency) throw result.error ?? new Error(`benchmark task ended in state ${result.state}`);
  return { p50: result.latency.p50, mean: result.latency.mean, samples: result.latency.samplesCount ?? result.latency.samples?.length ?? 0 };
}

export function machine(): { cpu: string; cores: number; memoryGiB: number; node: string; date: string } {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
  };
}

/** Prints a fixed-width table. */
export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

export function saveResults(name: string, data: unknown): string {
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${name}.json`, dir);
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file.pathname;
}
