#!/usr/bin/env node
// `npm run fuzz [-- runs [seed]]`: the fuzz properties of tests/fuzz with at least 10^4
// cases (default 10,000), through vitest. Exit code 0 only if no property failed; a
// failure prints the seed and the shrunk counterexample, to turn into a regression test.
import { spawnSync } from 'node:child_process';

const runs = Number(process.argv[2] ?? 10000);
const seed = process.argv[3] ?? String(Date.now() % 2 ** 31);
if (!Number.isInteger(runs) || runs < 1) { console.error('usage: npm run fuzz -- [runs] [seed]'); process.exit(2); }
console.log(`fuzz: ${runs} cases, seed ${seed} (replay: npm run fuzz -- ${runs} ${seed})`);
const result = spawnSync('npx', ['vitest', 'run', 'tests/fuzz'], {
  stdio: 'inherit', env: { ...process.env, SADDLE_FUZZ_RUNS: String(runs), SADDLE_FUZZ_SEED: seed },
});
process.exit(result.status ?? 1);
