// A command is one declaration: a CommandSpec added to a program parses its arguments and
// flags, gets its --help (every flag with its default) and its table in the reference, and
// commander's parse errors come back in saddle's words.
import { expect, test } from 'vitest';
import { UsageError } from '../../bindings/cli/errors.js';
import { CommanderError, commandAt, commandsMarkdown, program, usageErrorOf, type CommandInput, type CommandSpec } from '../../bindings/cli/command.js';

/** A command that is not saddle's: what its run received, and the exit code it returns. */
function sweepProgram() {
  const received: CommandInput[] = [];
  const worker: CommandSpec = {
    name: 'worker', summary: 'take trials from a queue',
    flags: [{ flag: 'queue', value: 'URL', description: 'where the trials wait', default: 'required' }],
    run: async (input) => { received.push(input); return 0; },
  };
  const sweep: CommandSpec = {
    name: 'sweep', summary: 'train a grid of configs',
    args: [{ name: 'grid', description: 'the grid file' }],
    flags: [
      { flag: 'trials', value: 'N', description: 'configs to try', default: '10' },
      { flag: 'dry-run', description: 'list the configs only', default: 'off' },
    ],
    run: async (input) => { received.push(input); return 7; },
  };
  const status = { code: 0 };
  const root = program([sweep, { name: 'queue', summary: 'the work queue', subcommands: [worker] }], [{ flag: 'verbose', description: 'stacks', default: 'off' }], '1.2.3', status);
  const parse = async (argv: string[]) => { status.code = 0; await root.parseAsync(argv, { from: 'user' }); return status.code; };
  return { root, parse, received, sweep, worker };
}

test('a declared command parses its argument and flags (as typed, switches true) and returns its exit code', async () => {
  const { parse, received } = sweepProgram();
  expect(await parse(['sweep', 'grid.json', '--trials', '3', '--dry-run'])).toBe(7);
  expect(received.pop()).toEqual({ args: ['grid.json'], flags: { trials: '3', 'dry-run': true }, path: 'sweep' });
  expect(await parse(['sweep', '--verbose', 'g.json'])).toBe(7);
  expect(received.pop()).toEqual({ args: ['g.json'], flags: { trials: undefined, 'dry-run': undefined }, path: 'sweep' });
  expect(await parse(['queue', 'worker', '--queue', 'redis://x'])).toBe(0);
  expect(received.pop()).toEqual({ args: [], flags: { queue: 'redis://x' }, path: 'queue worker' });
});

test('its help lists every flag with its default, and the reference has its table', () => {
  const { root } = sweepProgram();
  const sweep = commandAt(root, ['sweep']);
  const help = sweep.helpInformation();
  expect(help).toMatch(/^usage: saddle sweep \[options\] <grid>/);
  expect(help).toMatch(/^ {2}--trials <N> +configs to try \(default: 10\)$/m);
  expect(help).toMatch(/^ {2}--dry-run +list the configs only \(default: off\)$/m);
  expect(commandAt(root, ['queue', 'worker']).helpInformation()).toMatch(/^ {2}--queue <URL> +where the trials wait \(required\)$/m);
  const md = commandsMarkdown([sweepProgram().sweep], [{ flag: 'verbose', description: 'stacks', default: 'off' }]);
  expect(md).toContain('### `saddle sweep`\n\n```sh\nsaddle sweep grid [options]\n```');
  expect(md).toContain('| `--trials N` | 10 | configs to try |\n| `--dry-run` | off | list the configs only |');
  expect(md).toContain('| `--verbose` | off | stacks |');
});

test("commander's parse errors become UsageErrors naming the command path and the flag as typed", async () => {
  const { root, parse } = sweepProgram();
  const error = async (argv: string[]) => {
    try { await parse(argv); } catch (e) { expect(e).toBeInstanceOf(CommanderError); return usageErrorOf(e as CommanderError, commandAt(root, argv)).message; }
    throw new Error(`${argv.join(' ')} parsed`);
  };
  expect(await error(['sweep', 'g', '--trails', '3'])).toBe('sweep: unknown option --trails (did you mean --trials?) (options: --trials, --dry-run, --verbose)');
  expect(await error(['sweep', 'g', '--trials'])).toBe('sweep: --trials needs a value (N)');
  expect(await error(['sweep'])).toBe('sweep: missing grid (usage: saddle sweep [options] <grid>)');
  expect(await error(['sweep', 'a', 'b'])).toBe('sweep: too many arguments (usage: saddle sweep [options] <grid>)');
  await expect(parse(['queue', 'worker'])).rejects.toThrow(new UsageError('queue worker needs --queue (where the trials wait)'));
  expect(await error(['swep'])).toBe("unknown command 'swep' (did you mean 'sweep'?) (commands: sweep, queue)");
  expect(await error(['queue', 'worke'])).toBe("queue: 'worke' is not one of worker (did you mean 'worker'?)");
});

test('a flag that a command and its subcommand both declare reaches the subcommand; one only the parent takes is refused', async () => {
  const received: CommandInput[] = [];
  const redis = { flag: 'redis', value: 'URL', description: 'the server', default: 'required' };
  const status = { code: 0 };
  const root = program([{
    name: 'sweep', summary: 'a sweep', args: [{ name: 'file', optional: true, description: 'the file' }],
    flags: [redis, { flag: 'out', value: 'DIR', description: 'results', default: '.' }],
    run: async (input) => { received.push(input); return 0; },
    subcommands: [{ name: 'status', summary: 'the queue', flags: [redis], run: async (input) => { received.push(input); return 0; } }],
  }], [], '1.0.0', status);
  await root.parseAsync(['sweep', 'status', '--redis', 'redis://h:1'], { from: 'user' });
  expect(received.pop()).toEqual({ args: [], flags: { redis: 'redis://h:1' }, path: 'sweep status' });
  await expect(root.parseAsync(['sweep', 'status', '--redis', 'redis://h:1', '--out', 'd'], { from: 'user' })).rejects.toThrow(new UsageError('sweep status does not take --out (it is a flag of saddle sweep)'));
  await root.parseAsync(['sweep', 'f.json', '--redis', 'redis://h:2'], { from: 'user' });
  expect(received.pop()).toEqual({ args: ['f.json'], flags: { redis: 'redis://h:2', out: undefined }, path: 'sweep' });
});
