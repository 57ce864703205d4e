// `saddle claims [--group dirac,bilinear,timescale,isolated,entropic,adaptive] [--out DIR]`: runs one
// experiment per claim of the literature (bindings/minimax/claims.ts), prints claim, paper,
// setting, measurement and the computed verdict, and writes claims.md and claims.svg
// (trajectories) to a folder. Exit code 3 when some claim is not reproduced.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSaddle } from '../index.js';
import { claimsMarkdown, claimsSvg, formatClaims, runClaims, type RunClaimsOptions } from '../minimax/claims.js';
import { UsageError } from './train.js';

const GROUPS = ['dirac', 'bilinear', 'timescale', 'isolated', 'entropic', 'adaptive'] as const;

export async function claims(args: string[]): Promise<number> {
  let groups: RunClaimsOptions['groups'], out = 'claims';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--group') {
      const names = (args[++i] ?? '').split(',').filter(Boolean);
      const bad = names.find((n) => !(GROUPS as readonly string[]).includes(n));
      if (names.length === 0 || bad !== undefined) throw new UsageError(`--group needs a comma-separated list of ${GROUPS.join(', ')}${bad ? `, got '${bad}'` : ''}`);
      groups = names as RunClaimsOptions['groups'];
    } else if (args[i] === '--out') {
      out = args[++i];
      if (!out) throw new UsageError('--out needs a folder');
    } else throw new UsageError(`claims: unknown argument ${args[i]}`);
  }
  const sd = await loadSaddle();
  const started = performance.now();
  const results = runClaims(sd, { groups });
  console.log(formatClaims(results));
  const dir = resolve(out);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'claims.md'), `# Claims of the literature, reproduced by saddle (${sd.build} build)\n\n${claimsMarkdown(results)}\n`);
  writeFileSync(join(dir, 'claims.svg'), claimsSvg(results));
  const reproduced = results.filter((r) => r.reproduced).length;
  console.log(`\n${reproduced} of ${results.length} claims reproduced in ${((performance.now() - started) / 1000).toFixed(1)} s; ${join(dir, 'claims.md')} and claims.svg written`);
  return reproduced === results.length ? 0 : 3;
}
