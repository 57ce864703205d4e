// `saddle claims` from the built CLI: verdicts printed, claims.md and claims.svg written.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';


test('saddle claims runs the experiments of a group, prints verdicts and writes the report', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'saddle-')), 'claims');
  const { status, stdout } = runCli(['claims', '--group', 'dirac,bilinear', '--out', out]);
  expect(status).toBe(0);
  expect(stdout).toMatch(/\[REPRODUCED\] dirac-/);
  expect(stdout).toMatch(/(\d+) of \1 claims reproduced/);
  expect(readFileSync(join(out, 'claims.md'), 'utf8')).toMatch(/Mescheder/);
  expect(readFileSync(join(out, 'claims.svg'), 'utf8')).toMatch(/^<svg /);
  const bad = runCli(['claims', '--group', 'gans']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/--group needs a comma-separated list/);
});
