// `saddle claims [--group dirac,bilinear,timescale,isolated,entropic,adaptive] [--out DIR]`: runs one
// experiment per claim of the literature (bindings/minimax/claims.ts), prints claim, paper,
// setting, measurement and the computed verdict, and writes claims.md and claims.svg
// (trajectories) to a folder. Exit code 3 when some claim is not reproduced.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSaddle } from '../index.js';
import { claimsMarkdown, claimsSvg, formatClaims, runClaims, type RunClaimsOptions } from '../minimax/claims.js';
import { UsageError } from './errors.js';
import type { CommandInput, CommandSpec } from './command.js';

const GROUPS = ['dirac', 'bilinear', 'timescale', 'isolated', 'entropic', 'adaptive'] as const;

export const CLAIMS: CommandSpec = {
  name: 'claims',
  summary: 'run one experiment per claim of the literature (Dirac-GAN, bilinear games, step ratios, TTUR, isolated points, entropic OT, adaptive methods), print each verdict, write claims.md and claims.svg; exit 3 when some claim is not reproduced',
  flags: [
    { flag: 'group', value: 'G,...', description: `the groups to run, comma-separated: ${GROUPS.join(', ')}`, default: 'all' },
    { flag: 'out', value: 'DIR', description: 'the folder for claims.md and claims.svg', default: 'claims' },
  ],
  run: (input) => claims(input),
};

export async function claims({ flags }: CommandInput): Promise<number> {
  let groups: RunClaimsOptions['groups'], out = 'claims';
  if (flags.group !== undefined) {
    const names = String(flags.group).split(',').filter(Boolean);
    const bad = names.find((n) => !(GROUPS as readonly string[]).includes(n));
    if (names.length === 0 || bad !== undefined) throw new UsageError(`--group needs a comma-separated list of ${GROUPS.join(', ')}${bad ? `, got '${bad}'` : ''}`);
    groups = names as RunClaimsOptions['groups'];
  }
  if (flags.out !== undefined) {
    out = String(flags.out);
    if (!out) throw new UsageError('--out needs a folder');
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
