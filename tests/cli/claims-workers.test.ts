// `saddle claims --workers N` (bindings/cli/claims-workers.ts): the same report and output as
// the serial path, bad counts refused before any work, a crashed worker reported for its claim.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test, vi } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { claims } from '../../bindings/cli/claims.js';
import { ClaimsWorkerError, runClaimsOnWorkers } from '../../bindings/cli/claims-workers.js';
import { loadSaddle } from '../../bindings/index.js';
import { CLAIMS, type ClaimResult } from '../../bindings/minimax/claims.js';

// the cheapest groups, together under a second
const GROUPS = 'dirac,bilinear,timescale,entropic';
const testWorker = fileURLToPath(new URL('../fixtures/cli/claims-test-worker.mjs', import.meta.url));
const DIRAC = CLAIMS.filter((c) => c.group === 'dirac').map((c) => c.id);

afterEach(() => { vi.restoreAllMocks(); });

test('--workers 2 writes the same claims.md and claims.svg and prints the same lines as --workers 1', () => {
  const root = mkdtempSync(join(tmpdir(), 'saddle-'));
  const run = (workers: string) => {
    const out = join(root, `w${workers}`);
    const r = runCli(['claims', '--group', GROUPS, '--counterfactuals', '--workers', workers, '--out', out]);
    // the last line has the elapsed time and the folder, which differ
    const stdout = r.stdout.replace(/; \d+\.\d s; .*claims\.md and claims\.svg written\n$/, '; <time>; <out>\n');
    return { status: r.status, stdout, md: readFileSync(join(out, 'claims.md'), 'utf8'), svg: readFileSync(join(out, 'claims.svg'), 'utf8') };
  };
  const serial = run('1'), pooled = run('2');
  expect(serial.status).toBe(0);
  expect(serial.stdout).toMatch(/17 claims: 17 reproduced, .*; 0 counterfactuals did not flip; <time>; <out>\n$/);
  expect(pooled.status).toBe(serial.status);
  expect(pooled.stdout).toBe(serial.stdout);
  expect(pooled.md).toBe(serial.md);
  expect(pooled.svg).toBe(serial.svg);
});

test('a --workers that is not an integer from 1 to 64 is refused with exit code 2 before any work', () => {
  for (const bad of ['0', '65', '2.5', 'two', '-1', '']) {
    const out = join(mkdtempSync(join(tmpdir(), 'saddle-')), 'claims');
    const r = runCli(['claims', '--group', 'dirac', '--workers', bad, '--out', out]);
    expect(r.status, bad).toBe(2);
    expect(r.stderr).toContain(`--workers needs an integer from 1 to 64, got '${bad}'`);
    expect(existsSync(out), bad).toBe(false);
  }
});

test('a worker that dies mid-claim or throws fails that claim by id; the others still run and arrive in order, non-finite numbers intact', async () => {
  const sd = await loadSaddle();
  const seen: string[] = [];
  const got: ClaimResult[] = [];
  const run = runClaimsOnWorkers(DIRAC, { workers: 2, counterfactuals: false, build: sd.build, filename: testWorker, onResults: (rs, id) => { seen.push(id); got.push(...rs); expect(rs.map((r) => r.id)).toEqual([id]); } });
  const error = await run.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ClaimsWorkerError);
  expect((error as ClaimsWorkerError).failures).toEqual([
    { id: 'dirac-r1', reason: expect.stringMatching(/exited unexpectedly/) },
    { id: 'dirac-r2', reason: '[E_TEST] the experiment failed' },
  ]);
  expect((error as Error).message).toMatch(/^2 claims failed on a worker process: dirac-r1 \(.*\); dirac-r2 \(\[E_TEST\] the experiment failed\)$/);
  // dirac-alternating finished after the claims behind it (the worker delays it) and still came second
  expect(seen).toEqual(DIRAC.filter((id) => id !== 'dirac-r1' && id !== 'dirac-r2'));
  // structured clone, not JSON (which would send null)
  const simultaneous = got.find((r) => r.id === 'dirac-simultaneous')!;
  expect(simultaneous.values).toMatchObject({ unreached: Infinity, below: -Infinity, undefinedRatio: NaN });
  expect(simultaneous.series[0].distances.slice(-2)).toEqual([Infinity, NaN]);
});

test('saddle claims with a crashed worker throws (exit code 1) and writes no report', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'saddle-')), 'claims');
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await expect(claims({ args: [], flags: { group: 'dirac', workers: '3', out }, path: 'claims' }, { workerFile: testWorker })).rejects.toThrow(/dirac-r1 \(Worker exited unexpectedly\)/);
  expect(log.mock.calls.map((c) => String(c[0]).split(':')[0])).toEqual(['[REPRODUCED] dirac-simultaneous', '\n[REPRODUCED] dirac-alternating', '\n[REPRODUCED] dirac-wgan', '\n[REPRODUCED] dirac-wganGp', '\n[REPRODUCED] dirac-instance-noise', '\n[REPRODUCED] dirac-consensus']);
  expect(existsSync(join(out, 'claims.md'))).toBe(false);
});
