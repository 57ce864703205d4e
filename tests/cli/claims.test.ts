// `saddle claims` from the built CLI: verdicts printed, claims.md and claims.svg written.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

function run(args: string[]): { status: number; stdout: string; stderr: string } {
  try {
    return { status: 0, stdout: execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', stdio: 'pipe' }), stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { status: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

test('saddle claims runs the experiments of a group, prints verdicts and writes the report', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'saddle-')), 'claims');
  const { status, stdout } = run(['claims', '--group', 'dirac,bilinear', '--out', out]);
  expect(status).toBe(0);
  expect(stdout).toMatch(/\[REPRODUCED\] dirac-/);
  expect(stdout).toMatch(/(\d+) of \1 claims reproduced/);
  expect(readFileSync(join(out, 'claims.md'), 'utf8')).toMatch(/Mescheder/);
  expect(readFileSync(join(out, 'claims.svg'), 'utf8')).toMatch(/^<svg /);
  const bad = run(['claims', '--group', 'gans']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/--group needs a comma-separated list/);
});
