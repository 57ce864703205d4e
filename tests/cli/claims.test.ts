// `saddle claims` from the built CLI: verdicts and counts printed, claims.md and claims.svg written.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';

test('saddle claims runs the experiments of a group, prints verdicts with counts and writes the report', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'saddle-')), 'claims');
  const { status, stdout } = runCli(['claims', '--group', 'dirac,bilinear', '--counterfactuals', '--out', out]);
  expect(status).toBe(0);
  expect(stdout).toMatch(/\[REPRODUCED\] dirac-r1:/);
  expect(stdout).toMatch(/counterfactual \(γ = 0 \(R1 off\)\): not reproduced \(flipped\)/);
  expect(stdout).toMatch(/13 claims: 13 reproduced, 0 not reproduced, 0 inconclusive; 0 differ from the pre-registered verdict; 0 counterfactuals did not flip/);
  const md = readFileSync(join(out, 'claims.md'), 'utf8');
  expect(md).toMatch(/Mescheder/);
  expect(md).toMatch(/\*\*expected\*\*: reproduced\. Theorem 4\.1/);
  expect(readFileSync(join(out, 'claims.svg'), 'utf8')).toMatch(/^<svg /);
  const bad = runCli(['claims', '--group', 'gans']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/--group needs a comma-separated list/);
});
