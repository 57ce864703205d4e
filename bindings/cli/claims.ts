// `saddle claims [--group dirac,bilinear,timescale,isolated,entropic,metrics,adaptive] [--counterfactuals] [--out DIR] [--workers N]`:
// runs one experiment per claim of the literature (bindings/minimax/claims.ts), prints claim,
// paper, pre-registered verdict, setting, measurement and the computed verdict (reproduced /
// not reproduced / inconclusive), with --counterfactuals also each claim's counterfactual
// setting, and writes claims.md and claims.svg (trajectories) to a folder. Exit code 3 when
// some verdict differs from its pre-registered one (or a counterfactual does not flip).
// With --workers N > 1 the claims run on N worker processes (claims-workers.ts) and the
// output is the same, byte for byte, but for the elapsed time.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSaddle } from '../index.js';
import { CLAIMS as CLAIM_RECORDS, claimsMarkdown, claimsSummary, formatClaims, runClaims, type ClaimResult, type RunClaimsOptions } from '../minimax/claims.js';
import { claimsFigureSvg } from './claims-figure.js';
import { runClaimsOnWorkers } from './claims-workers.js';
import { UsageError } from './errors.js';
import type { CommandInput, CommandSpec } from './command.js';

const GROUPS = ['dirac', 'bilinear', 'timescale', 'isolated', 'entropic', 'metrics', 'adaptive'] as const;
const MAX_WORKERS = 64;

export const CLAIMS: CommandSpec = {
  name: 'claims',
  summary: 'run one experiment per claim of the literature (Dirac-GAN, bilinear games, step ratios, TTUR, isolated points, entropic OT, KID/FID, adaptive methods), print each verdict beside its pre-registered one, write claims.md and claims.svg; exit 3 when some verdict differs from its pre-registered one (or, with --counterfactuals, a counterfactual does not flip)',
  flags: [
    { flag: 'group', value: 'G,...', description: `the groups to run, comma-separated: ${GROUPS.join(', ')}`, default: 'all' },
    { flag: 'counterfactuals', description: "also run each claim's counterfactual setting, where its verdict must flip", default: 'off' },
    { flag: 'out', value: 'DIR', description: 'the folder for claims.md and claims.svg', default: 'claims' },
    { flag: 'workers', value: 'N', description: `run the claims on N worker processes (1 to ${MAX_WORKERS}; 1 runs them in this process); the report is the same`, default: '1' },
  ],
  run: (input) => claims(input),
};

/** `saddle claims`; `workerFile` replaces dist/claims-worker.js (the tests' crashing worker). */
export async function claims({ flags }: CommandInput, { workerFile }: { workerFile?: string } = {}): Promise<number> {
  let groups: RunClaimsOptions['groups'], out = 'claims';
  const counterfactuals = flags.counterfactuals === true;
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
  let workers = 1;
  if (flags.workers !== undefined) {
    const text = String(flags.workers);
    workers = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(workers >= 1 && workers <= MAX_WORKERS)) throw new UsageError(`--workers needs an integer from 1 to ${MAX_WORKERS}, got '${text}'`);
  }
  const sd = await loadSaddle();
  const started = performance.now();
  let results: ClaimResult[];
  if (workers === 1) {
    results = runClaims(sd, { groups, counterfactuals });
    console.log(formatClaims(results));
  } else {
    // the ids runClaims would run, in its order; each claim's lines printed once those before it are
    const chosen = new Set(groups ?? GROUPS);
    const ids = CLAIM_RECORDS.filter((c) => chosen.has(c.group)).map((c) => c.id);
    let printed = 0;
    results = await runClaimsOnWorkers(ids, {
      workers, counterfactuals, build: sd.build, filename: workerFile,
      onResults: (rs) => { for (const r of rs) console.log(`${printed++ ? '\n' : ''}${formatClaims([r])}`); },
    });
    if (printed === 0) console.log('');
  }
  const dir = resolve(out);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'claims.md'), `# Claims of the literature, run by saddle (${sd.build} build)\n\n${claimsMarkdown(results)}\n`);
  writeFileSync(join(dir, 'claims.svg'), await claimsFigureSvg(results));
  const notFlipped = results.filter((r) => r.counterfactual && !r.counterfactual.flipped).length;
  console.log(`\n${claimsSummary(results)}${counterfactuals ? `; ${notFlipped} counterfactuals did not flip` : ''}; ${((performance.now() - started) / 1000).toFixed(1)} s; ${join(dir, 'claims.md')} and claims.svg written`);
  return results.every((r) => r.asExpected) && notFlipped === 0 ? 0 : 3;
}
