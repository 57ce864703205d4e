// The `saddle` program from the built CLI: --help on every command and subcommand lists
// every declared flag with its default, plain `saddle` is help and exit 2, and the exit
// codes of bad usage (2) and missing files (1).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { COMMANDS, EXIT_CODES, GLOBAL_FLAGS, cliReference } from '../../bindings/cli/main.js';
import { flagTerm, type CommandSpec } from '../../bindings/cli/command.js';
import { METRICS } from '../../bindings/metrics/registry.js';

/** Every command as [path, spec], subcommands included. */
function allCommands(specs: CommandSpec[], path: string[] = []): Array<[string, CommandSpec]> {
  return specs.flatMap((s) => [[[...path, s.name].join(' '), s] as [string, CommandSpec], ...allCommands(s.subcommands ?? [], [...path, s.name])]);
}

/** The entries of a help text's `options:` section, each with its wrapped lines joined: '--seed <S> seed of ... (default: 1)'. */
function optionEntries(help: string): string[] {
  const lines = help.split('\n');
  const start = lines.indexOf('options:');
  expect(start, help).toBeGreaterThan(0);
  const entries: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith(' ')) break;
    if (/^ {2}-/.test(line)) entries.push(line.trim()); else entries[entries.length - 1] += ` ${line.trim()}`;
  }
  return entries.map((e) => e.replace(/\s+/g, ' '));
}

const commands = allCommands(COMMANDS);

describe.each(commands)('saddle %s --help', (path, spec) => {
  test('exits 0 and lists every flag with its default', () => {
    const r = runCli([...path.split(' '), '--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: saddle ${path} `));
    const entries = optionEntries(r.stdout);
    for (const f of spec.flags ?? []) {
      const entry = entries.find((e) => e.startsWith(`${flagTerm(f)} `));
      expect(entry, `${path}: ${flagTerm(f)} in\n${r.stdout}`).toBeDefined();
      expect(entry).toContain(f.default === 'required' ? '(required)' : `(default: ${f.default.replace(/\s+/g, ' ')})`);
    }
    expect(entries.filter((e) => e.startsWith('--')).length).toBe(spec.flags?.length ?? 0);
    for (const sub of spec.subcommands ?? []) expect(r.stdout).toMatch(new RegExp(`^ {2}${sub.name} `, 'm'));
    // `saddle help PATH` is the same text
    expect(runCli(['help', ...path.split(' ')]).stdout).toBe(r.stdout);
  });
});

test('the commands cover the metric registry: one subcommand per metric, its flags from the metric\'s options', () => {
  const metrics = COMMANDS.find((c) => c.name === 'metrics')!;
  expect(metrics.subcommands!.map((s) => s.name)).toEqual([...METRICS.names]);
  for (const sub of metrics.subcommands!) {
    const keys = Object.keys((METRICS.entries[sub.name as (typeof METRICS.names)[number]].options as { properties: object }).properties);
    expect(sub.flags!.map((f) => f.flag)).toEqual(['json', ...keys.map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))]);
  }
  expect(metrics.subcommands!.find((s) => s.name === 'kid')!.flags).toContainEqual(expect.objectContaining({ flag: 'subset-size', default: '1000' }));
});

test('plain saddle prints the help on stderr and exits 2; saddle --help and saddle help exit 0', () => {
  const bare = runCli([]);
  expect(bare.status).toBe(2);
  expect(bare.stdout).toBe('');
  expect(bare.stderr).toMatch(/^usage: saddle <command> \[options\]/);
  for (const spec of COMMANDS) expect(bare.stderr).toMatch(new RegExp(`^ {2}${spec.name} `, 'm'));
  for (const f of GLOBAL_FLAGS) expect(bare.stderr).toMatch(new RegExp(`^ {2}--${f.flag} .*\\(default: off\\)`, 'm'));
  const exitCodes = bare.stderr.slice(bare.stderr.indexOf('\nexit codes:\n')).replace(/\s+/g, ' ');
  for (const e of EXIT_CODES) expect(exitCodes).toContain(` ${e.code} ${e.summary} `);
  for (const args of [['--help'], ['-h'], ['help']]) {
    const r = runCli(args);
    expect(r.status, args.join(' ')).toBe(0);
    expect(r.stdout).toBe(bare.stderr);
  }
  expect(runCli(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
});

test('bad usage exits 2 with the flag or command as typed, and a did-you-mean', () => {
  const cases: Array<[string[], RegExp]> = [
    [['train', '--iteratoins', '5'], /^saddle: train: unknown option --iteratoins \(did you mean --iterations\?\) \(options: --iterations, --seed, --out, --every, --resume, --force, --verbose, --version\)\n$/],
    [['train', '--verbos'], /^saddle: train: unknown option --verbos \(did you mean --verbose\?\)/],
    [['metrics', 'kid', 'a', 'b', '--subsetsize', '5'], /^saddle: metrics kid: unknown option --subsetsize \(did you mean --subset-size\?\)/],
    [['trian'], new RegExp(`^saddle: unknown command 'trian' \\(did you mean 'train'\\?\\) \\(commands: ${COMMANDS.map((c) => c.name).join(', ')}\\)\n$`)],
    [['metrics', 'kdi', 'a', 'b'], /^saddle: metrics: 'kdi' is not one of fid, kid, mmd, sinkhorn \(did you mean 'kid'\?\)/],
    [['help', 'metrics', 'fdi'], /^saddle: help: unknown command 'metrics fdi' \(did you mean 'fid'\?\)/],
    [['metrics', 'fid', 'a.csv'], /^saddle: metrics fid: missing B \(usage: saddle metrics fid \[options\] <A> <B>\)/],
    [['train', 'ring-8', 'grid-25'], /^saddle: train: too many arguments/],
    [['bench', '--seconds'], /^saddle: bench: --seconds needs a value \(S\)/],
    [['bench', '--seconds', '0'], /^saddle: --seconds needs a number in \(0, 60\], got 0/],
    [['info', '--build', 'fast'], /^saddle: --build must be 'simd' or 'relaxed', got fast/],
    [['train', '--seed', '-1'], /^saddle: --seed needs an integer >= 0, got -1/],
    [['metrics', 'kid', 'a', 'b', '--subset-size', 'many'], /^saddle: --subset-size needs a number, got many/],
  ];
  for (const [args, pattern] of cases) {
    const r = runCli(args);
    expect(r.status, args.join(' ')).toBe(2);
    expect(r.stderr, args.join(' ')).toMatch(pattern);
  }
  // a command that needs a subcommand prints its help, as bad usage
  const metrics = runCli(['metrics']);
  expect(metrics.status).toBe(2);
  expect(metrics.stderr).toMatch(/^usage: saddle metrics <command>/);
});

test('a missing sample file exits 1 naming it; kid on fewer rows than its default --subset-size names the flag', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saddle-'));
  const rows = (n: number, shift: number) => Array.from({ length: n }, (_, i) => `${Math.sin(i) + shift},${Math.cos(1.7 * i)}`).join('\n');
  writeFileSync(join(dir, 'a.csv'), rows(999, 0));
  writeFileSync(join(dir, 'b.csv'), rows(999, 0.5));
  const missing = runCli(['metrics', 'fid', join(dir, 'a.csv'), join(dir, 'nothing.csv')]);
  expect(missing.status).toBe(1);
  expect(missing.stderr).toBe(`saddle: cannot read file ${join(dir, 'nothing.csv')}: no such file or folder (ENOENT)\n`);
  const kid = runCli(['metrics', 'kid', join(dir, 'a.csv'), join(dir, 'b.csv')]);
  expect(kid.status).toBe(2);
  expect(kid.stderr).toMatch(/^saddle: metrics kid: --subset-size must be at most the size of each set .*\(it was not given: the default applies; set --subset-size\)\n$/);
  expect(kid.stderr).not.toMatch(/subsetSize/);
  const smaller = runCli(['metrics', 'kid', join(dir, 'a.csv'), join(dir, 'b.csv'), '--subset-size', '500', '--subsets', '5', '--json']);
  expect(smaller.status, smaller.stderr).toBe(0);
  expect(JSON.parse(smaller.stdout)).toMatchObject({ metric: 'kid', rowsA: 999, rowsB: 999, dim: 2 });
});

test('saddle help --markdown is the reference that docs/cli.md holds', () => {
  const r = runCli(['help', '--markdown']);
  expect(r.status).toBe(0);
  expect(r.stdout.trimEnd()).toBe(cliReference());
  for (const [path, spec] of commands) {
    expect(r.stdout).toContain(`### \`saddle ${path}\``);
    for (const f of spec.flags ?? []) expect(r.stdout).toContain(`| \`--${f.flag}${f.value ? ` ${f.value.replace(/\|/g, '\\|')}` : ''}\` |`);
  }
});
