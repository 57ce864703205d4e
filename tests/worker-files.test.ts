// The worker module a pool starts, and the Node flags it starts with.
import { existsSync } from 'node:fs';
import { expect, test } from 'vitest';
import { workerExecArgv, workerFile } from '../bindings/worker-files.js';

test('each worker module is found in dist/ from the source tree (npm run build makes them)', () => {
  for (const name of ['sweep-worker', 'claims-worker'] as const) expect(existsSync(workerFile(name)), name).toBe(true);
});

test("worker processes keep the parent's Node flags but not those naming its entry (node -e, --input-type)", () => {
  expect(workerExecArgv(['--input-type=module', '-e', 'code', '--experimental-wasm-relaxed-simd'])).toEqual(['--experimental-wasm-relaxed-simd']);
  expect(workerExecArgv(['--input-type', 'module', '--print', 'x', '--max-old-space-size=512'])).toEqual(['--max-old-space-size=512']);
  expect(workerExecArgv(['--eval=x', '--enable-source-maps'])).toEqual(['--enable-source-maps']);
});
