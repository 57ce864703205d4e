// Every row of the optimizer table, compiled and run in WASM on every build: two steps agree
// with the rule worked by hand in f64, the parabola converges to its minimum, Rosenbrock to
// (1, 1); each program's memory returns to baseline when disposed.
import { describe, expect, test } from 'vitest';
import { compile, graph as G, optim } from '../../bindings/index.js';
import { BUILDS, loadBuild } from '../helpers/builds.js';
import { OPTIMIZER_TABLE, type HandState } from './table.js';

const W0 = [0.5, -1.5, 2.5];
const C = [1.25, 0.5, -0.75];

/** f(w) = Σ (w − c)² on a [1, 3] parameter. */
function parabola() {
  const g = new G.Graph();
  const w = G.param(g, [1, 3], { kind: 'values', values: W0 });
  const loss = G.sum(G.square(G.sub(w, G.constant(g, C, [1, 3]))));
  return { w, loss };
}

/** (1 − x)² + 100·(y − x²)² from (−1.5, 2). */
function rosenbrock() {
  const g = new G.Graph();
  const x = G.param(g, [1, 1], { kind: 'constant', value: -1.5 });
  const y = G.param(g, [1, 1], { kind: 'constant', value: 2 });
  const loss = G.add(G.square(G.sub(1, x)), G.mul(G.square(G.sub(y, G.square(x))), 100));
  return { x, y, loss };
}

for (const build of BUILDS) {
  describe(`optimizer table (${build})`, () => {
    for (const row of OPTIMIZER_TABLE) {
      test(`${row.name}: two steps match the rule worked by hand in f64`, async () => {
        const sd = await loadBuild(build);
        const base = sd.liveBytes();
        // by hand, coordinate by coordinate: g = ∂f/∂w = 2(w − c)
        const want: number[][] = [];
        const losses: number[] = [];
        const states: HandState[] = W0.map(() => ({}));
        let w = W0.slice();
        for (let t = 1; t <= 2; t++) {
          losses.push(w.reduce((s, wk, k) => s + (wk - C[k]) ** 2, 0));
          w = w.map((wk, k) => row.step(states[k], wk, 2 * (wk - C[k]), t, row.handLr));
          want.push(w);
        }
        const { w: param, loss } = parabola();
        const program = compile(sd, { seed: 0, phases: [optim.minimize(loss, [param], row.make(row.handLr))] });
        for (let t = 0; t < 2; t++) {
          program.run(1);
          const got = program.read(param);
          want[t].forEach((v, k) => {
            const err = Math.abs(got[k] - v) / Math.max(1, Math.abs(v));
            expect(err, `step ${t + 1}, w[${k}]: compiled ${got[k]}, by hand ${v}`).toBeLessThanOrEqual(1e-6);
          });
          // the step moved w: the check is not vacuous
          expect(Math.abs(want[t][0] - (t === 0 ? W0[0] : want[0][0]))).toBeGreaterThan(1e-3);
        }
        Array.from(program.log('loss')).forEach((v, t) => expect(Math.abs(v - losses[t]) / losses[t]).toBeLessThanOrEqual(1e-6));
        program.dispose();
        expect(sd.liveBytes()).toBe(base);
      });

      test(`${row.name}: reaches the parabola's minimum within 1e-3 (lr ${row.parabola.lr}, ${row.parabola.steps} steps)`, async () => {
        const sd = await loadBuild(build);
        const base = sd.liveBytes();
        const { w, loss } = parabola();
        const program = compile(sd, { seed: 0, logCapacity: 16, phases: [optim.minimize(loss, [w], row.make(row.parabola.lr))] });
        program.run(row.parabola.steps);
        const got = program.read(w);
        C.forEach((c, k) => expect(Math.abs(got[k] - c), `w[${k}] = ${got[k]}, minimum ${c}`).toBeLessThanOrEqual(1e-3));
        program.dispose();
        expect(sd.liveBytes()).toBe(base);
      });

      const { lr, steps, note } = row.rosenbrock;
      test(`${row.name}: reaches Rosenbrock's minimum (1, 1) within 1e-2 from (−1.5, 2) (lr ${lr}, ${steps} steps: ${note})`, async () => {
        const sd = await loadBuild(build);
        const base = sd.liveBytes();
        const { x, y, loss } = rosenbrock();
        const program = compile(sd, { seed: 0, logCapacity: 16, phases: [optim.minimize(loss, [x, y], row.make(lr))] });
        program.run(steps);
        const [xv, yv] = [program.read(x)[0], program.read(y)[0]];
        expect(Math.hypot(xv - 1, yv - 1), `ended at (${xv}, ${yv})`).toBeLessThanOrEqual(1e-2);
        program.dispose();
        expect(sd.liveBytes()).toBe(base);
      });
    }
  });
}
