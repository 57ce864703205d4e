// `saddle train` under SIGINT and SIGTERM, from the built CLI: the first signal stops after
// the current chunk with a checkpoint and the report, and --resume then ends bit for bit
// where an uninterrupted run ends; a second signal ends the process at once.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { decodeCheckpoint } from '../../bindings/gan/checkpoint.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** The CLI as a child process: `seen(pattern)` resolves once stdout or stderr has matched it; `exit` at its end. */
function spawnCli(args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  const waiting: Array<{ pattern: RegExp; resolve: () => void }> = [];
  const check = () => { for (const w of [...waiting]) if (w.pattern.test(stdout + stderr)) { waiting.splice(waiting.indexOf(w), 1); w.resolve(); } };
  child.stdout.on('data', (d) => { stdout += d; check(); });
  child.stderr.on('data', (d) => { stderr += d; check(); });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => {
      for (const w of waiting) w.resolve(); // the pattern never came: the assertions below say what did
      resolve({ code, signal, stdout, stderr });
    });
  });
  const seen = (pattern: RegExp) => new Promise<void>((resolve) => { waiting.push({ pattern, resolve }); check(); });
  return { child, seen, exit };
}

const RUN = ['ring-8', '--iterations', '1000', '--every', '500', '--seed', '3'];

test('SIGINT writes a checkpoint and the report and exits 130; --resume then ends bit for bit like an uninterrupted run', async () => {
  const root = mkdtempSync(join(tmpdir(), 'saddle-'));
  const straight = join(root, 'straight'), stopped = join(root, 'stopped');
  expect(runCli(['train', ...RUN, '--out', straight]).status).toBe(0);
  const run = spawnCli(['train', ...RUN, '--out', stopped]);
  await run.seen(/^checkpoint: /m);
  run.child.kill('SIGINT');
  const { code, stdout, stderr } = await run.exit;
  expect(code, stderr).toBe(130);
  expect(stderr).toMatch(/SIGINT: finishing the current chunk, then writing a checkpoint and the report/);
  const at = Number(/stopped by SIGINT at iteration (\d+) of 1000; the checkpoint is written/.exec(stdout)?.[1]);
  expect(at).toBeLessThan(1000);
  expect(stdout).toContain(`saddle train --resume ${stopped}`);
  expect(decodeCheckpoint('test', readFileSync(join(stopped, 'checkpoint.saddle'))).header.iterations).toBe(at);
  expect(readFileSync(join(stopped, 'report.html'), 'utf8')).toContain(`stopped by SIGINT at iteration ${at} of 1000`);
  const metrics = JSON.parse(readFileSync(join(stopped, 'metrics.json'), 'utf8'));
  expect(metrics.interrupted).toEqual({ signal: 'SIGINT', iteration: at, of: 1000 });
  expect(metrics.final.iteration).toBe(at);
  const resumed = runCli(['train', '--resume', stopped, '--every', '500']);
  expect(resumed.status, resumed.stderr).toBe(0);
  expect(resumed.stdout).toContain(`resumed at iteration ${at}`);
  expect(readFileSync(join(stopped, 'checkpoint.saddle'))).toEqual(readFileSync(join(straight, 'checkpoint.saddle')));
  // the evaluations too: the one taken at the interruption is the report's only, not the run's
  const [a, b] = [straight, stopped].map((dir) => JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')));
  expect(b.evaluations).toEqual(a.evaluations);
  expect(b.interrupted).toBeUndefined();
});

test('SIGTERM exits 143 the same way; a second signal ends the process at once', async () => {
  const root = mkdtempSync(join(tmpdir(), 'saddle-'));
  const term = spawnCli(['train', ...RUN, '--out', join(root, 'term')]);
  await term.seen(/^checkpoint: /m);
  term.child.kill('SIGTERM');
  const ended = await term.exit;
  expect(ended.code, ended.stderr).toBe(143);
  expect(ended.stdout).toMatch(/stopped by SIGTERM at iteration \d+ of 1000/);
  expect(existsSync(join(root, 'term', 'report.html'))).toBe(true);
  // the second signal finds the default action: the process dies of it, before writing the report
  const twice = spawnCli(['train', ...RUN, '--out', join(root, 'twice')]);
  await twice.seen(/^checkpoint: /m);
  twice.child.kill('SIGINT');
  await twice.seen(/send it again to quit at once/);
  twice.child.kill('SIGINT');
  const killed = await twice.exit;
  expect([killed.code, killed.signal]).toEqual([null, 'SIGINT']);
  expect(existsSync(join(root, 'twice', 'report.html'))).toBe(false);
  // what is on disk is whole: the checkpoint of iteration 0, or of the stop if its write came first
  expect(decodeCheckpoint('test', readFileSync(join(root, 'twice', 'checkpoint.saddle'))).header.iterations).toBeLessThan(1000);
});
