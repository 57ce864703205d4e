// What a tinypool pool of saddle worker processes needs (sweeps, claims): the worker module
// rollup builds beside the bundle, and the Node flags to start it with.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** dist/<name>.js, beside the bundle (or, from the source tree, in dist/). */
export function workerFile(name: 'sweep-worker' | 'claims-worker'): string {
  for (const candidate of [`./${name}.js`, `../dist/${name}.js`]) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(`${name}.js not found beside saddle's dist/ (run npm run build)`);
}

/**
 * The parent's Node flags for a worker process, without those that name the parent's own
 * entry (`node -e CODE`, `--input-type=module`, `-p CODE`): a worker given them refuses to start.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i];
    if (['-e', '--eval', '-p', '--print'].includes(a)) { i++; continue; }
    if (/^--(eval|print)=/.test(a) || /^--input-type(=|$)/.test(a)) { if (a === '--input-type') i++; continue; }
    out.push(a);
  }
  return out;
}
