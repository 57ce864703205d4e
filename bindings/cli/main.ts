// The `saddle` command: train, claims, metrics, sweep, worker, bench, info and help. Each command is one
// declaration (a CommandSpec in its own file, listed in COMMANDS); commander parses the
// command line from them, and `--help` and the tables of docs/cli.md read them too.
// A new command is one more entry in COMMANDS.
//
// Exit codes (docs/cli.md): 0 success; 1 a failure at run time (a file or folder that cannot be
// read or written, a damaged or mismatched checkpoint, a training error); 2 bad usage (an
// unknown command, option or preset, a bad value, a config file that is not valid JSON or
// fails its schema, a non-empty --out folder without --force; plain `saddle`); 3 claims: some
// verdict differs from its pre-registered one; 130 and 143: `saddle train` stopped by SIGINT or SIGTERM after writing
// a checkpoint and the report.

import { readFileSync } from 'node:fs';
import { SaddleError, detectBuild, gemm, hasRelaxedSimd, hasSimd128, loadSaddle } from '../index.js';
import { BUILD_FLAG, buildOption, TRAIN } from './train.js';
import { UsageError } from './errors.js';
import { CLAIMS } from './claims.js';
import { BENCH } from './bench.js';
import { SWEEP, WORKER } from './sweep.js';
import { METRICS_COMMAND } from './metrics.js';
import { CommanderError, commandAt, commandsMarkdown, program, usageErrorOf, type CommandInput, type CommandSpec, type ExitCode, type FlagSpec } from './command.js';
import { nearest } from '../schema/nearest.js';

const INFO: CommandSpec = {
  name: 'info',
  summary: 'runtime features, the build saddle picks, and a gemm self-check',
  flags: [BUILD_FLAG],
  run: async (input) => { await info(input); return 0; },
};

/** The program's own flags, taken before or after the command. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { flag: 'verbose', description: 'print stack traces on errors', default: 'off' },
  { flag: 'version', description: 'print the version', default: 'off' },
];

const HELP: CommandSpec = {
  name: 'help',
  summary: "this text, or one command's (saddle help metrics kid)",
  args: [{ name: 'command...', optional: true, description: 'the command, with its subcommand' }],
  flags: [{ flag: 'markdown', description: 'every command with its flags as Markdown (the reference in docs/cli.md)', default: 'off' }],
  run: async (input) => help(input),
};

/** Every command of `saddle`, in the order of its help. */
export const COMMANDS: CommandSpec[] = [TRAIN, CLAIMS, METRICS_COMMAND, SWEEP, WORKER, BENCH, INFO, HELP];

/** The reference of docs/cli.md (generated section cli-commands). */
export const cliReference = (): string => commandsMarkdown(COMMANDS, GLOBAL_FLAGS, EXIT_CODES);

/** The exit codes, for `saddle --help` and docs/cli.md. */
export const EXIT_CODES: ExitCode[] = [
  { code: '0', summary: 'success', meaning: 'success' },
  {
    code: '1', summary: 'error: a file that cannot be read or written, a bad checkpoint, a training failure (one line; --verbose adds the stack)',
    meaning: 'a failure at run time: a file or folder that cannot be read or written (a missing config file, sample file or run folder, `--out` naming a file), a damaged or inconsistent checkpoint, a checkpoint that does not belong to its config.json, a training error, a claim whose worker process died (`saddle claims --workers`); one line on stderr, `--verbose` adds the stack',
  },
  {
    code: '2', summary: 'bad usage: commands, flags, presets, config files (plain saddle too)',
    meaning: "bad usage: plain `saddle` (the help is printed on stderr), an unknown command, flag or preset, a missing or extra argument, a bad flag value (also a metric option whose default does not fit the data, as `kid`'s `--subset-size 1000` on fewer rows), a config file that is not valid JSON or fails its schema, a sample file that is read but is not a matrix (a bad `.npy` header, a non-numeric CSV cell, JSON rows of different lengths), sample files with different column counts, a non-empty `--out` folder without `--force`, `--iterations` below a resumed checkpoint's",
  },
  { code: '3', summary: 'claims: some verdict differs from its pre-registered one', meaning: "`saddle claims`: some verdict differs from its pre-registered one (a ✗ that was expected is not an error), or with `--counterfactuals` some counterfactual did not flip" },
  {
    code: '130, 143', summary: 'train: stopped by SIGINT/SIGTERM (checkpoint and report written)',
    meaning: "`saddle train` stopped by SIGINT or SIGTERM after writing its checkpoint and report (128 + the signal's number, as a shell reports it); a second signal kills the process by that signal (a shell shows 130 or 143 too; a parent process sees the signal, not an exit code)",
  },
];

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function info({ flags }: CommandInput): Promise<void> {
  const build = flags.build === undefined ? undefined : buildOption(String(flags.build));
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

let root: ReturnType<typeof program> | undefined;

/** `saddle help [command...]`: the program's help, a command's, or with --markdown the whole reference. */
async function help({ args, flags }: CommandInput): Promise<number> {
  if (flags.markdown) { console.log(cliReference()); return 0; }
  let cmd = root!;
  for (const word of args) {
    const sub = cmd.commands.find((c) => c.name() === word);
    if (!sub) {
      const names = cmd.commands.map((c) => c.name());
      const near = nearest(word, names);
      throw new UsageError(`help: unknown command '${[...args.slice(0, args.indexOf(word)), word].join(' ')}'${near ? ` (did you mean '${near}'?)` : ''} (commands: ${names.join(', ')})`);
    }
    cmd = sub;
  }
  cmd.outputHelp();
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  const status = { code: 0 };
  const saddle = root = program(COMMANDS, GLOBAL_FLAGS, version(), status, EXIT_CODES);
  try {
    if (argv.length === 0) { saddle.outputHelp({ error: true }); return 2; }
    await saddle.parseAsync(argv, { from: 'user' });
    return status.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end parsing with code 0; a command that needs a subcommand prints its help, as bad usage
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') return 2;
      console.error(`saddle: ${usageErrorOf(error, commandAt(saddle, argv)).message}`);
      return 2;
    }
    if (error instanceof UsageError) { console.error(`saddle: ${error.message}`); return 2; }
    const e = error as Error;
    console.error(`saddle: ${e instanceof SaddleError ? `[${e.code}] ` : ''}${e.message}`);
    if (verbose) console.error(e.stack);
    return 1;
  }
}
