// The fuzz properties with a small budget (SADDLE_FUZZ_RUNS cases in all; `npm run fuzz`
// runs 10^4 or more). fast-check prints the seed and the shrunk case of any failure;
// SADDLE_FUZZ_SEED replays a run.
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { loadBuild } from '../helpers/builds.js';
import { newTally, PROPERTIES, type Tally } from './properties.js';

const TOTAL = Number(process.env.SADDLE_FUZZ_RUNS ?? 400);
const SEED = process.env.SADDLE_FUZZ_SEED === undefined ? 20261121 : Number(process.env.SADDLE_FUZZ_SEED);
const WEIGHTS = PROPERTIES.reduce((a, p) => a + p.weight, 0);
const tallies: Record<string, Tally> = {};
let failures = 0;

for (const { name, weight, property } of PROPERTIES) {
  test(`fuzz: ${name}`, async () => {
    const sd = await loadBuild('simd');
    const tally: Tally = tallies[name] = newTally();
    const base = sd.liveBytes(), pages = sd.memory.buffer.byteLength;
    try {
      fc.assert(property(sd, tally), { numRuns: Math.max(10, Math.round((TOTAL * weight) / WEIGHTS)), seed: SEED, verbose: 1 });
    } catch (error) { failures++; throw error; }
    expect(sd.liveBytes()).toBe(base);
    if (TOTAL <= 1000) expect(sd.memory.buffer.byteLength).toBeLessThanOrEqual(pages + (16 << 20)); // no runaway growth
  }, 600_000);
}

afterAll(() => {
  // counts by class: completed, and refused by error code, per property and in all
  const codes: Record<string, number> = {};
  let cases = 0, ok = 0;
  const rows = Object.entries(tallies).map(([name, t]) => {
    cases += t.cases; ok += t.ok;
    for (const [code, n] of Object.entries(t.codes)) codes[code] = (codes[code] ?? 0) + n;
    const refusals = Object.entries(t.codes).map(([code, n]) => `${code} ${n}`).join(', ');
    return `  ${name.padEnd(52)} ${String(t.cases).padStart(6)} cases, ${String(t.ok).padStart(6)} completed${refusals ? `, ${refusals}` : ''}`;
  });
  const byCode = Object.entries(codes).map(([code, n]) => `${code} ${n}`).join(', ');
  console.log([`fuzz: ${cases} cases: ${ok} completed, typed errors ${byCode || 'none'}; ${failures} failing properties (crash, raw WASM error, untyped error, wrong argument named, leak or silent NaN), seed ${SEED}`, ...rows].join('\n'));
});
