// `saddle claims [--group dirac,bilinear,timescale,isolated,entropic,metrics,adaptive] [--counterfactuals] [--out DIR]`:
// runs one experiment per claim of the literature (bindings/minimax/claims.ts), prints claim,
// paper, pre-registered verdict, setting, measurement and the computed verdict (reproduced /
// not reproduced / inconclusive), with --counterfactuals also each claim's counterfactual
// setting, and writes claims.md and claims.svg (trajectories) to a folder. Exit code 3 when
// some verdict differs from its pre-registered one (or a counterfactual does not flip).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSaddle } from '../index.js';
import { claimsMarkdown, claimsSummary, claimsSvg, formatClaims, runClaims, type RunClaimsOptions } from '../minimax/claims.js';
import { UsageError } from './train.js';

const GROUPS = ['dirac', 'bilinear', 'timescale', 'isolated', 'entropic', 'metrics', 'adaptive'] as const;

export async function claims(args: string[]): Promise<number> {
  let groups: RunClaimsOptions['groups'], out = 'claims', counterfactuals = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--group') {
      const names = (args[++i] ?? '').split(',').filter(Boolean);
      const bad = names.find((n) => !(GROUPS as readonly string[]).includes(n));
      if (names.length === 0 || bad !== undefined) throw new UsageError(`--group needs a comma-separated list of ${GROUPS.join(', ')}${bad ? `, got '${bad}'` : ''}`);
      groups = names as RunClaimsOptions['groups'];
    } else if (args[i] === '--out') {
      out = args[++i];
      if (!out) throw new UsageError('--out needs a folder');
    } else if (args[i] === '--counterfactuals') {
      counterfactuals = true;
    } else throw new UsageError(`claims: unknown argument ${args[i]}`);
  }
  const sd = await loadSaddle();
  const started = performance.now();
  const results = runClaims(sd, { groups, counterfactuals });
  console.log(formatClaims(results));
  const dir = resolve(out);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'claims.md'), `# Claims of the literature, run by saddle (${sd.build} build)\n\n${claimsMarkdown(results)}\n`);
  writeFileSync(join(dir, 'claims.svg'), claimsSvg(results));
  const notFlipped = results.filter((r) => r.counterfactual && !r.counterfactual.flipped).length;
  console.log(`\n${claimsSummary(results)}${counterfactuals ? `; ${notFlipped} counterfactuals did not flip` : ''}; ${((performance.now() - started) / 1000).toFixed(1)} s; ${join(dir, 'claims.md')} and claims.svg written`);
  return results.every((r) => r.asExpected) && notFlipped === 0 ? 0 : 3;
}
