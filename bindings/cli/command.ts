// A CLI command as one declaration (CommandSpec): its arguments, its flags with their
// defaults, its help text and what it runs. main.ts turns the list of declarations into a
// commander program; `--help` and the flag tables of docs/cli.md (`saddle help --markdown`,
// written by scripts/gen-docs.mjs) read the same declarations, so a flag is declared once.
// commander 14 (no dependencies; 53 KB packed, 209 KB installed; 15 needs Node 22.12) is an
// import of dist/cli.js only: the library entries and browser bundles do not load it.

import { Command, CommanderError, Option } from 'commander';
import { nearest } from '../schema/nearest.js';
import { UsageError } from './errors.js';
import { wrap } from './text.js';

/** One `--flag`: its value placeholder (none for a switch), what it does and its default as shown. */
export interface FlagSpec {
  /** the flag without its dashes, kebab-case: 'subset-size' */
  flag: string;
  /** the value's placeholder ('N', 'DIR'); absent for a switch that takes no value */
  value?: string;
  description: string;
  /** the default as help and docs show it ('10000', 'off', 'unset'), or 'required' */
  default: string;
}

/** One positional argument. */
export interface ArgSpec { name: string; description: string; optional?: boolean }

/** What a command's run receives: its positional arguments and the flags given (as typed; switches true). */
export interface CommandInput {
  args: string[];
  flags: Record<string, string | true | undefined>;
  /** the command's path, for messages: 'metrics kid' */
  path: string;
}

export interface CommandSpec {
  name: string;
  /** one line or paragraph: what the command does */
  summary: string;
  /** extra usage lines after the generated one (another form of the command) */
  usage?: string[];
  args?: ArgSpec[];
  flags?: FlagSpec[];
  /** text after the flags in --help (the registries' names, say) */
  details?: () => string;
  /** commands under this one (`saddle metrics kid`); a command has subcommands or a run */
  subcommands?: CommandSpec[];
  /** the exit code */
  run?: (input: CommandInput) => Promise<number>;
}

/** A flag as commander spells it: '--iterations <N>'. */
export const flagTerm = (f: FlagSpec): string => `--${f.flag}${f.value ? ` <${f.value}>` : ''}`;

/** A flag's help line: its description and its default. */
const flagDescription = (f: FlagSpec): string => `${f.description} (${f.default === 'required' ? 'required' : `default: ${f.default}`})`;

/** The --help of every command shares the program's layout; titles in lower case ('usage:', 'options:'). */
const HELP_CONFIG = { styleTitle: (title: string) => title.toLowerCase(), helpWidth: 100, sortSubcommands: false };

/** One exit code: its line in `saddle --help` and its row in docs/cli.md. */
export interface ExitCode { code: string; summary: string; meaning: string }

/** The commander command of `spec` under `parent`, recursively; `status` receives the run's exit code. */
export function addCommand(parent: Command, spec: CommandSpec, status: { code: number }): Command {
  const cmd = parent.command(spec.name).description(spec.summary).helpCommand(false).helpOption('-h, --help', 'print this help');
  for (const a of spec.args ?? []) cmd.argument(a.optional ? `[${a.name}]` : `<${a.name}>`, a.description);
  const options = (spec.flags ?? []).map((f) => {
    const option = new Option(flagTerm(f), flagDescription(f));
    cmd.addOption(option);
    return [f.flag, option] as const;
  });
  if (spec.usage || spec.subcommands?.length) cmd.usage([usageLine(spec), ...(spec.usage ?? []).map((u) => `       ${parentPath(cmd)} ${u}`)].join('\n'));
  if (spec.details) cmd.addHelpText('after', () => `\n${spec.details!()}`);
  for (const sub of spec.subcommands ?? []) addCommand(cmd, sub, status);
  if (spec.run) {
    const run = spec.run;
    cmd.action(async (...received: unknown[]) => {
      const args = (received.slice(0, spec.args?.length ?? 0) as Array<string | string[] | undefined>).flat().filter((a): a is string => a !== undefined);
      const path = commandPath(cmd);
      const flags = Object.fromEntries(options.map(([flag, option]) => [flag, option.negate ? negatedValue(cmd, option.attributeName()) : flagValue(cmd, option.attributeName())]));
      // commander gives a flag after `sweep status` to `sweep` when both declare it; one only the parent takes is refused here
      for (let up = cmd.parent; up?.parent; up = up.parent) {
        const stray = up.options.find((o) => up!.getOptionValueSource(o.attributeName()) === 'cli' && !options.some(([, own]) => own.attributeName() === o.attributeName()));
        if (stray) throw new UsageError(`${path} does not take ${stray.long} (it is a flag of saddle ${commandPath(up)})`);
      }
      const missing = (spec.flags ?? []).find((f) => f.default === 'required' && flags[f.flag] === undefined);
      if (missing) throw new UsageError(`${path} needs --${missing.flag} (${missing.description})`);
      status.code = await run({ args, flags, path });
    });
  }
  return cmd;
}

/** The value of a command's flag, or of the same flag where commander parsed it: on a parent command, below the program. */
function flagValue(cmd: Command, attribute: string): string | true | undefined {
  for (let c: Command | null = cmd; c?.parent; c = c.parent) {
    const value = c.getOptionValue(attribute) as string | true | undefined;
    if (value !== undefined) return value;
  }
  return undefined;
}

/** A `--no-x` switch: commander stores x = false when it is given and x = true (its default) when not. */
function negatedValue(cmd: Command, attribute: string): true | undefined {
  return cmd.getOptionValue(attribute) === false ? true : undefined;
}

/** An integer flag's value (undefined when not given); anything but an integer >= min is a UsageError naming the flag. */
export function integerFlag(flag: string, v: string | true | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isInteger(n) || n < min) throw new UsageError(`--${flag} needs an integer >= ${min}, got ${v}`);
  return n;
}

/** 'metrics kid' for `saddle metrics kid`. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

const parentPath = (cmd: Command) => ['saddle', commandPath(cmd)].join(' ');

/** The generated usage of a command without the program's name: '[options] [target]'. */
function usageLine(spec: CommandSpec): string {
  const args = (spec.args ?? []).map((a) => (a.optional ? `[${a.name}]` : `<${a.name}>`));
  // a command that runs and has subcommands (saddle sweep FILE, saddle sweep status) shows its own form; the subcommands are listed below it
  return [...(spec.subcommands?.length && !spec.run ? ['<command>'] : []), '[options]', ...args].join(' ');
}

/** The program: `saddle` with `commands` under it, `--verbose` and `--version`, errors thrown (not printed). */
export function program(commands: CommandSpec[], globalFlags: FlagSpec[], version: string, status: { code: number }, exitCodes: ExitCode[] = []): Command {
  const root = new Command('saddle')
    .usage('<command> [options]')
    .description('Train GANs, solve minimax problems and compute distances inside WebAssembly.')
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .configureHelp(HELP_CONFIG)
    .helpOption('-h, --help', 'print this help')
    .showSuggestionAfterError(true);
  // in the order declared; --version is commander's own, which prints and exits
  for (const f of globalFlags) {
    if (f.flag === 'version') root.version(version, '--version', flagDescription(f));
    else root.addOption(new Option(flagTerm(f), flagDescription(f)));
  }
  root.helpCommand(false); // `saddle help` is a command of the list, with its own flags
  for (const spec of commands) addCommand(root, spec, status);
  if (exitCodes.length) {
    const width = Math.max(...exitCodes.map((e) => e.code.length)) + 2;
    root.addHelpText('after', ['', 'exit codes:', ...exitCodes.map((e) => `  ${e.code.padEnd(width)}${wrap(e.summary, 2 + width, HELP_CONFIG.helpWidth).trimStart()}`)].join('\n'));
  }
  return root;
}

/** The command that `argv` names, as far as it resolves ('saddle metrics kid --x' is metrics kid). */
export function commandAt(root: Command, argv: string[]): Command {
  let cmd = root;
  for (const word of argv) {
    if (word.startsWith('-')) continue;
    const sub = cmd.commands.find((c) => c.name() === word);
    if (!sub) break;
    cmd = sub;
  }
  return cmd;
}

/**
 * commander's parse errors in saddle's words, as a UsageError (exit code 2): the command's
 * path, the flag as typed, a did-you-mean and the flags or commands there are.
 */
export function usageErrorOf(error: CommanderError, at: Command): UsageError {
  const path = commandPath(at) || 'saddle';
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'commander.unknownOption': {
      // the command's flags, then those of the commands above it (--verbose, --version), as commander takes them
      const allowed: string[] = [];
      for (let c: Command | null = at; c; c = c.parent) allowed.push(...c.options.map((o) => o.long).filter((l): l is string => !!l).map((l) => l.slice(2)));
      const near = nearest(quoted.replace(/^--?/, '').replace(/=.*/, ''), allowed);
      return new UsageError(`${path}: unknown option ${quoted}${near ? ` (did you mean --${near}?)` : ''} (options: ${allowed.map((l) => `--${l}`).join(', ')})`);
    }
    case 'commander.unknownCommand': {
      const names = at.commands.map((c) => c.name());
      const near = nearest(quoted, names);
      return new UsageError(path === 'saddle'
        ? `unknown command '${quoted}'${near ? ` (did you mean '${near}'?)` : ''} (commands: ${names.join(', ')})`
        : `${path}: '${quoted}' is not one of ${names.join(', ')}${near ? ` (did you mean '${near}'?)` : ''}`);
    }
    case 'commander.optionMissingArgument':
      return new UsageError(`${path}: ${quoted.replace(/ <(.*)>$/, ' needs a value ($1)')}`);
    case 'commander.missingArgument':
      return new UsageError(`${path}: missing ${quoted} (usage: saddle ${path} ${at.usage().split('\n')[0]})`);
    case 'commander.excessArguments':
      return new UsageError(`${path}: too many arguments (usage: saddle ${path} ${at.usage().split('\n')[0]})`);
    default:
      return new UsageError(`${path}: ${error.message.replace(/^error: /, '')}`);
  }
}

/** Markdown for docs/cli.md: each command's usage, summary and flag table, subcommands included, then the exit codes. */
export function commandsMarkdown(commands: CommandSpec[], globalFlags: FlagSpec[], exitCodes: ExitCode[] = []): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const table = (flags: FlagSpec[]) => ['| flag | default | what it does |', '|---|---|---|',
    ...flags.map((f) => `| \`${cell(`--${f.flag}${f.value ? ` ${f.value}` : ''}`)}\` | ${cell(f.default)} | ${cell(f.description)} |`)];
  const out: string[] = [];
  const visit = (spec: CommandSpec, path: string[]) => {
    const name = [...path, spec.name].join(' ');
    const args = (spec.args ?? []).map((a) => (a.optional ? `[${a.name}]` : a.name));
    out.push(`### \`saddle ${name}\``, '', '```sh',
      `saddle ${[name, ...(spec.subcommands?.length && !spec.run ? [spec.subcommands.map((s) => s.name).join('|')] : []), ...args, ...(spec.flags?.length ? ['[options]'] : [])].join(' ')}`,
      ...(spec.usage ?? []).map((u) => `saddle ${name} ${u}`), '```', '', spec.summary, '');
    for (const a of spec.args ?? []) out.push(`- \`${a.name}\`${a.optional ? ' (optional)' : ''}: ${a.description}`);
    if (spec.args?.length) out.push('');
    if (spec.flags?.length) out.push(...table(spec.flags), '');
    for (const sub of spec.subcommands ?? []) visit(sub, [...path, spec.name]);
  };
  out.push('Every command takes `--help` (`-h`): its usage and flags with their defaults. The program\'s own flags go before or after the command:', '', ...table(globalFlags), '');
  for (const spec of commands) visit(spec, []);
  if (exitCodes.length) out.push('### Exit codes', '', '| code | meaning |', '|---|---|', ...exitCodes.map((e) => `| ${cell(e.code)} | ${cell(e.meaning)} |`));
  return out.join('\n').trimEnd();
}

export { CommanderError };
