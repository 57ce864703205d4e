// Schedules, compiled and run in WASM on every build: the learning rate logged at steps
// 0..N−1 agrees with the closed form in f64, and is the rate the update applied.
import { describe, expect, test } from 'vitest';
import { compile, graph as G, optim, type Saddle } from '../../bindings/index.js';
import { sinQuadrant } from '../../bindings/optim/schedules.js';
import { BUILDS, loadBuild } from '../helpers/builds.js';

const ULP = 2 ** -23; // relative spacing of f32 in [1, 2)

interface ScheduleRow {
  name: string;
  schedule: optim.Schedule;
  /** The closed form in f64. */
  want(t: number): number;
  steps: number;
  /** Allowed |got − want| at step t. */
  tolerance(t: number, want: number): number;
}

const cosine = (v: number, steps: number, alpha: number) => (t: number) =>
  v * (alpha + (1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * Math.min(t, steps) / steps)));

const SCHEDULES: ScheduleRow[] = [
  {
    name: 'constantSchedule(0.05)',
    schedule: optim.constantSchedule(0.05),
    want: () => 0.05, steps: 5,
    tolerance: (_t, w) => w * ULP / 2,
  },
  {
    name: 'exponentialDecay(0.1, { rate: 0.5, every: 10 })',
    schedule: optim.exponentialDecay(0.1, { rate: 0.5, every: 10 }),
    want: (t) => 0.1 * 0.5 ** (t / 10), steps: 300,
    // about (|t·ln(rate)/every| + 2) ulps
    tolerance: (t, w) => w * ULP * (Math.abs(t * Math.log(0.5) / 10) + 2),
  },
  {
    name: 'stepDecay(0.1, { every: 3, factor: 0.5 }), past the underflow of the rate',
    schedule: optim.stepDecay(0.1, { every: 3, factor: 0.5 }),
    want: (t) => 0.1 * 0.5 ** Math.floor(t / 3), steps: 520,
    tolerance: (_t, w) => w * 1.5 * ULP + 2 ** -149,
  },
  {
    name: 'stepDecay(1, { every: 7, factor: 0.9 })',
    schedule: optim.stepDecay(1, { every: 7, factor: 0.9 }),
    want: (t) => 0.9 ** Math.floor(t / 7), steps: 400,
    tolerance: (_t, w) => w * 1.5 * ULP,
  },
  {
    name: 'cosineDecay(0.2, { steps: 100 })',
    schedule: optim.cosineDecay(0.2, { steps: 100 }),
    want: cosine(0.2, 100, 0), steps: 120,
    tolerance: () => 3e-7 * 0.2,
  },
  {
    name: 'cosineDecay(1, { steps: 1000, alpha: 0.1 })',
    schedule: optim.cosineDecay(1, { steps: 1000, alpha: 0.1 }),
    want: cosine(1, 1000, 0.1), steps: 1100,
    tolerance: () => 3e-7,
  },
  {
    name: 'warmup(cosineDecay(0.5, { steps: 50 }), { steps: 10 })',
    schedule: optim.warmup(optim.cosineDecay(0.5, { steps: 50 }), { steps: 10 }),
    want: (t) => (t < 10 ? 0.5 * t / 10 : cosine(0.5, 50, 0)(t - 10)), steps: 80,
    tolerance: () => 3e-7 * 0.5,
  },
  {
    name: 'warmup(constantSchedule(0.01), { steps: 4 })',
    schedule: optim.warmup(optim.constantSchedule(0.01), { steps: 4 }),
    want: (t) => 0.01 * Math.min(t / 4, 1), steps: 8,
    tolerance: (_t, w) => w * ULP,
  },
];

/** sgd(schedule) on loss = w (gradient 1): the update is exactly −lr, and lr is logged. */
function runSchedule(sd: Saddle, schedule: optim.Schedule, steps: number) {
  const g = new G.Graph();
  const w = G.param(g, [1, 1]);
  const phase = optim.minimize(G.sum(w), [w], optim.sgd(schedule));
  const program = compile(sd, { seed: 0, phases: [{ ...phase, logs: { lr: phase.state.scalars.lr } }] });
  const ws: number[] = [];
  for (let t = 0; t < steps; t++) {
    program.run(1);
    ws.push(program.read(w)[0]);
  }
  const lrs = Array.from(program.log('lr'));
  return { program, w, lrs, ws, count: (phase.state as optim.ChainState).inner[0].nodes[0] };
}

for (const build of BUILDS) {
  describe(`schedules (${build})`, () => {
    for (const row of SCHEDULES) {
      test(`${row.name} matches its closed form at steps 0..${row.steps - 1}, and is the rate applied`, async () => {
        const sd = await loadBuild(build);
        const base = sd.liveBytes();
        const { program, lrs, ws } = runSchedule(sd, row.schedule, row.steps);
        expect(lrs.length).toBe(row.steps);
        lrs.forEach((lr, t) => {
          const want = row.want(t);
          expect(Math.abs(lr - want), `step ${t}: compiled ${lr}, closed form ${want}`).toBeLessThanOrEqual(row.tolerance(t, want));
        });
        // w ← w − lr·1 in f32, step by step
        let w = 0;
        ws.forEach((got, t) => { w = Math.fround(w - lrs[t]); expect(got).toBe(w); });
        program.dispose();
        expect(sd.liveBytes()).toBe(base);
      });
    }

    test('stepDecay counts exactly up to the saturated step count 2^24 (every 1, factor 1 − 1e-6)', async () => {
      const sd = await loadBuild(build);
      const { program, count } = runSchedule(sd, optim.stepDecay(0.5, { every: 1, factor: 1 - 1e-6 }), 1);
      expect(count.name).toBe('lr.count');
      const start = 2 ** 24 - 3;
      program.write(count, [start]);
      program.run(5);
      const lrs = Array.from(program.log('lr')).slice(1);
      // steps 2^24 − 3 .. 2^24, then 2^24 again: 2^24 + 1 rounds back to 2^24 in f32
      const ts = [start, start + 1, start + 2, start + 3, start + 3];
      lrs.forEach((lr, i) => {
        const want = 0.5 * (1 - 1e-6) ** ts[i];
        expect(Math.abs(lr - want) / want, `step ${ts[i]}: ${lr} vs ${want}`).toBeLessThanOrEqual(1.5 * ULP);
      });
      expect(program.read(count)[0]).toBe(2 ** 24);
      program.dispose();
    });
  });
}

test('sinQuadrant: the degree-13 polynomial is within 1e-7 of Math.sin on [0, π/2] (f64 evaluation)', () => {
  const g = new G.Graph();
  const n = 2001;
  const ys = Array.from({ length: n }, (_, i) => (Math.PI / 2) * i / (n - 1));
  const y = G.input(g, [1, n]);
  const [s] = G.evaluate([sinQuadrant(y)], new Map([[y, ys]]));
  let worst = 0;
  ys.forEach((v, i) => { worst = Math.max(worst, Math.abs(s[i] - Math.sin(v))); });
  expect(worst).toBeLessThan(1e-7);
  // the identity cosineDecay uses: cos(πx) = 2·sin²(π(1 − x)/2) − 1, i.e. cos(π − 2y) = 2·sin²y − 1
  ys.forEach((v, i) => expect(Math.abs(2 * s[i] ** 2 - 1 - Math.cos(Math.PI - 2 * v))).toBeLessThan(2e-7));
});

test('schedules build on the step node they are given and check it', () => {
  const g = new G.Graph();
  const t = G.state(g, [1, 1]);
  for (const row of SCHEDULES) {
    const lr = row.schedule(t);
    expect(lr.shape).toEqual([1, 1]);
    expect(lr.graph).toBe(g);
  }
  expect(() => optim.cosineDecay(1, { steps: 10 })(G.state(g, [2, 1]))).toThrow(/argument 'step' must be an f32 scalar node/);
});
