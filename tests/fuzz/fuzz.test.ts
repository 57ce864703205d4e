// The fuzz properties with a small budget (SADDLE_FUZZ_RUNS cases in all; `npm run fuzz`
// runs 10^4 or more). fast-check prints the seed and the shrunk case of any failure;
// SADDLE_FUZZ_SEED replays a run.
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { loadBuild } from '../helpers/builds.js';
import { PROPERTIES, type Tally } from './properties.js';

const TOTAL = Number(process.env.SADDLE_FUZZ_RUNS ?? 400);
const SEED = process.env.SADDLE_FUZZ_SEED === undefined ? 20261121 : Number(process.env.SADDLE_FUZZ_SEED);
const WEIGHTS = PROPERTIES.reduce((a, p) => a + p.weight, 0);
const tallies: Record<string, Tally> = {};
let failures = 0;

for (const { name, weight, property } of PROPERTIES) {
  test(`fuzz: ${name}`, async () => {
    const sd = await loadBuild('simd');
    const tally: Tally = tallies[name] = { cases: 0, errors: 0, ok: 0 };
    const base = sd.liveBytes(), pages = sd.memory.buffer.byteLength;
    try {
      fc.assert(property(sd, tally), { numRuns: Math.max(10, Math.round((TOTAL * weight) / WEIGHTS)), seed: SEED, verbose: 1 });
    } catch (error) { failures++; throw error; }
    expect(sd.liveBytes()).toBe(base);
    if (TOTAL <= 1000) expect(sd.memory.buffer.byteLength).toBeLessThanOrEqual(pages + (16 << 20)); // no runaway growth
  }, 600_000);
}

afterAll(() => {
  const all = Object.values(tallies).reduce((a, t) => ({ cases: a.cases + t.cases, errors: a.errors + t.errors, ok: a.ok + t.ok }), { cases: 0, errors: 0, ok: 0 });
  console.log(`fuzz: ${all.cases} cases (${all.ok} completed, ${all.errors} typed errors), ${failures} failing properties (crash, raw WASM error, untyped error, leak or silent NaN), seed ${SEED}`);
});
