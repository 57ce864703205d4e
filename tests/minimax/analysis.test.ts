// Minimax runs and non-finite iterates (bindings/minimax/analysis.ts): simultaneous GDA on
// the bilinear game grows by √(1 + η²) per iteration, so with a large η z overflows f32
// after a predictable number of iterations. run() and createRunner() stop there with
// SaddleNumericError naming the first iteration whose z is non-finite, unless
// nonFinite: 'return'; start points must be finite numbers.
import { describe, expect, test } from 'vitest';
import { SaddleNumericError, minimax, type Saddle } from '../../bindings/index.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';

function numericError(fn: () => unknown): SaddleNumericError {
  try { fn(); } catch (error) { expect(error).toBeInstanceOf(SaddleNumericError); return error as SaddleNumericError; }
  throw new Error('expected a SaddleNumericError, nothing was thrown');
}

for (const build of BUILDS) {
  describe(`minimax runs (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });
    const game = () => minimax.bilinear({ A: [[1]] });
    const diverging = () => minimax.simultaneousGda({ lr: 10 });

    test("nonFinite: 'return' records the non-finite points, as every point of a one-iteration trajectory", () => {
      const t = minimax.run(sd, game(), diverging(), { iterations: 60, every: 1, nonFinite: 'return' });
      const first = t.points.findIndex((z) => !z.every(Number.isFinite));
      // ‖z_k‖ = √2·√101^k passes the f32 maximum (3.4e38) at k ≈ 38
      expect(first).toBeGreaterThan(30);
      expect(first).toBeLessThan(45);
      expect(t.points.at(-1)!.every(Number.isFinite)).toBe(false);
    });

    test('run() stops at the first iteration whose z is non-finite, whatever the recording interval', () => {
      const t = minimax.run(sd, game(), diverging(), { iterations: 60, every: 1, nonFinite: 'return' });
      const first = t.points.findIndex((z) => !z.every(Number.isFinite));
      const bad = t.points[first], index = bad.findIndex((v) => !Number.isFinite(v));
      for (const every of [1, 7, 60]) {
        const error = numericError(() => minimax.run(sd, game(), diverging(), { iterations: 60, every }));
        expect(error.code).toBe('E_NUMERIC');
        expect(error.step).toBe(first);
        expect(error.restoredTo).toBe(first - 1);
        expect(error.quantity).toBe(`z[${index}]`);
        expect(Object.is(error.value, bad[index])).toBe(true);
        expect(error.message).toMatch(new RegExp(`^run: z\\[${index}\\] became -?(Infinity|NaN) at iteration ${first}; the runner is back`));
      }
      // a run that ends before the overflow is unaffected
      const short = minimax.run(sd, game(), diverging(), { iterations: first - 1, every: 1 });
      expect(short.points).toEqual(t.points.slice(0, first));
    });

    test('createRunner: step() stops on a non-finite z and leaves z at the last finite iterate', () => {
      const reference = minimax.run(sd, game(), diverging(), { iterations: 60, every: 1, nonFinite: 'return' });
      const first = reference.points.findIndex((z) => !z.every(Number.isFinite));
      const runner = minimax.createRunner(sd, game(), diverging());
      try {
        runner.setPoint(game().start);
        runner.step(10);
        const error = numericError(() => runner.step(50));
        expect(error.message).toMatch(/^Runner\.step: /);
        expect(error.step).toBe(first);
        expect(runner.program.iterations).toBe(first - 1);
        expect(runner.point()).toEqual(reference.points[first - 1]);
      } finally { runner.dispose(); }
      const free = minimax.createRunner(sd, game(), diverging(), { nonFinite: 'return' });
      try {
        free.setPoint(game().start);
        free.step(60);
        expect(free.point()).toEqual(reference.points[60]);
      } finally { free.dispose(); }
    });

    test('start points and nonFinite are checked by name', () => {
      const run = (options: object) => minimax.run(sd, game(), minimax.extragradient({ lr: 0.1 }), { iterations: 1, ...options });
      for (const start of [[NaN, 1], [1, Infinity], ['1', 2], [1], 'ab', null, 3]) {
        expect(argumentError(() => run({ start })).argument, JSON.stringify(start)).toBe('start');
      }
      expect(argumentError(() => run({ nonFinite: 'ignore' })).argument).toBe('nonFinite');
      expect(argumentError(() => minimax.createRunner(sd, game(), minimax.extragradient({ lr: 0.1 }), { nonFinite: 'x' as never })).argument).toBe('nonFinite');
      const runner = minimax.createRunner(sd, game(), minimax.extragradient({ lr: 0.1 }));
      try {
        expect(argumentError(() => runner.setPoint([0, NaN])).argument).toBe('z');
      } finally { runner.dispose(); }
      expect(run({ start: Float64Array.of(1, 0) }).points[0]).toEqual(Float64Array.of(1, 0));
    });
  });
}
