// The `saddle` command: train, claims, metrics, bench, info and help. Each command's usage
// is listed once, in COMMANDS; `saddle train --help` adds the registries' names.
//
// Exit codes (docs/cli.md): 0 success; 1 a failure at run time (a file or folder that cannot be
// read or written, a damaged or mismatched checkpoint, a training error); 2 bad usage (an
// unknown command, option or preset, a bad value, a config file that is not valid JSON or
// fails its schema, a non-empty --out folder without --force); 3 claims: some claim not
// reproduced; 130 and 143: `saddle train` stopped by SIGINT or SIGTERM after writing a
// checkpoint and the report.

import { readFileSync } from 'node:fs';
import { SaddleError, detectBuild, gemm, hasRelaxedSimd, hasSimd128, loadSaddle } from '../index.js';
import { buildOption, train, trainHelp } from './train.js';
import { UsageError } from './errors.js';
import { wrap } from './text.js';
import { claims } from './claims.js';
import { bench } from './bench.js';
import { metricOptionsText, metricsCommand } from './metrics.js';
import { METRICS } from '../metrics/registry.js';

/** Every command: its usage lines and what it does; `saddle help` and `saddle CMD --help` print these. */
const COMMANDS: Record<string, { usage: string[]; summary: string; details?: () => string }> = {
  train: {
    usage: ['train [preset | config.json] [--iterations N] [--seed S] [--out DIR] [--every N] [--force]', 'train --resume DIR [--iterations N] [--every N]'],
    summary: 'train a GAN inside WASM (default: ring-8, 10000 iterations) and write report.html, metrics.json, config.json and a checkpoint (checkpoint.saddle, updated at every evaluation) to a run folder; --out refuses a non-empty folder unless --force; --resume continues a run bit for bit and refuses a checkpoint its config.json did not write; Ctrl-C (SIGINT) or SIGTERM stops after the current chunk with a checkpoint and the report (exit 130 or 143), a second one at once',
    details: trainHelp,
  },
  claims: {
    usage: ['claims [--group G,...] [--out DIR]'],
    summary: 'run one experiment per claim of the literature (Dirac-GAN, bilinear games, step ratios, TTUR, isolated points, entropic OT, adaptive methods), print each verdict, write claims.md and claims.svg (default ./claims)',
  },
  metrics: {
    usage: [`metrics ${METRICS.names.join('|')} A B [--json] [options]`],
    summary: 'a distance between two sample sets (.npy, .csv, .tsv, .txt, .json; one sample per row)',
    details: () => METRICS.names.map((n) => `  ${n}: ${METRICS.entries[n].summary}\n    ${metricOptionsText(n) || '(no options)'}`).join('\n'),
  },
  bench: { usage: ['bench [--build B] [--seconds S] [--json] [--no-tfjs]'], summary: 'gemm, GAN, Sinkhorn and MMD rates on this machine, against tfjs-wasm when installed; --json for scripts' },
  info: { usage: ['info [--build simd|relaxed]'], summary: 'runtime features, the build saddle picks, and a gemm self-check' },
  help: { usage: ['help [command]'], summary: 'this text, or one command\'s' },
};

function commandHelp(name: string): string {
  const c = COMMANDS[name];
  return [`usage: ${c.usage.map((u, i) => (i ? `       saddle ${u}` : `saddle ${u}`)).join('\n')}`, '', wrap(c.summary, 2), ...(c.details ? ['', c.details()] : [])].join('\n');
}

const HELP = ['usage: saddle <command> [options]   (saddle <command> --help for one command)', '', 'commands:',
  ...Object.entries(COMMANDS).flatMap(([, c]) => [...c.usage.map((u) => `  ${u}`), wrap(c.summary, 6)]),
  '', 'options:', '  --version    print the version', '  --verbose    print stack traces on errors', '',
  'exit codes: 0 success, 1 error (a file that cannot be read or written, a bad checkpoint, a training', '            failure: one line; --verbose adds the stack), 2 bad usage (options, presets, config files),',
  '            3 claims: some claim not reproduced, 130/143 train: stopped by SIGINT/SIGTERM (checkpoint written)'].join('\n');

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function info(args: string[]): Promise<void> {
  let build: 'simd' | 'relaxed' | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--build') {
      build = buildOption(args[++i]);
    } else {
      throw new UsageError(`info: unknown option ${args[i]}`);
    }
  }
  console.log(`saddle ${version()} on Node ${process.version}`);
  console.log(`WebAssembly SIMD128: ${hasSimd128() ? 'yes' : 'no'}; relaxed SIMD: ${hasRelaxedSimd() ? 'yes' : 'no (Node 20: --experimental-wasm-relaxed-simd)'}`);
  const sd = await loadSaddle({ build: build ?? 'auto' });
  console.log(`build: ${sd.build}${build ? ' (requested)' : ` (auto picks ${detectBuild()})`}`);
  // self-check: C = A·B for a 256×256 problem against a direct sum of a few entries, and its speed
  const n = 256;
  const aData = new Float32Array(n * n), bData = new Float32Array(n * n);
  for (let i = 0; i < n * n; i++) { aData[i] = Math.sin(i) ; bData[i] = Math.cos(i * 0.5); }
  const a = sd.f32(aData), b = sd.f32(bData), c = sd.f32(n * n);
  gemm(sd, { a, b, c, m: n, n, k: n });
  const out = c.toArray();
  let worst = 0;
  for (const [i, j] of [[0, 0], [17, 200], [255, 255], [128, 3]]) {
    let s = 0;
    for (let p = 0; p < n; p++) s += aData[i * n + p] * bData[p * n + j];
    worst = Math.max(worst, Math.abs(s - out[i * n + j]));
  }
  const reps = 20;
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) gemm(sd, { a, b, c, m: n, n, k: n });
  const ms = (performance.now() - t0) / reps;
  a.dispose(); b.dispose(); c.dispose();
  console.log(`gemm 256×256×256: max error ${worst.toExponential(1)}, ${(2 * n ** 3 / ms / 1e6).toFixed(1)} GFLOP/s`);
  console.log(`live bytes after: ${sd.liveBytes()}, WASM memory: ${(sd.memoryBytes() / 2 ** 20).toFixed(1)} MiB`);
}

export async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  const args = argv.filter((a) => a !== '--verbose');
  try {
    if (args.includes('--version')) { console.log(version()); return 0; }
    if (args.length === 0) { console.error(HELP); return 2; }
    const [command, ...rest] = args;
    if (Object.prototype.hasOwnProperty.call(COMMANDS, command) && (rest.includes('--help') || rest.includes('-h'))) { console.log(commandHelp(command)); return 0; }
    switch (command) {
      case 'info': await info(rest); return 0;
      case 'train': return (await train(rest)).status;
      case 'claims': return await claims(rest);
      case 'bench': await bench(rest); return 0;
      case 'metrics': await metricsCommand(rest); return 0;
      case 'help': case '--help': case '-h': {
        const topic = rest[0];
        if (topic === undefined) { console.log(HELP); return 0; }
        if (!Object.prototype.hasOwnProperty.call(COMMANDS, topic)) throw new UsageError(`help: unknown command '${topic}' (commands: ${Object.keys(COMMANDS).join(', ')})`);
        console.log(commandHelp(topic));
        return 0;
      }
      default: throw new UsageError(`unknown command '${command}' (try: saddle help)`);
    }
  } catch (error) {
    if (error instanceof UsageError) { console.error(`saddle: ${error.message}`); return 2; }
    const e = error as Error;
    console.error(`saddle: ${e instanceof SaddleError ? `[${e.code}] ` : ''}${e.message}`);
    if (verbose) console.error(e.stack);
    return 1;
  }
}
