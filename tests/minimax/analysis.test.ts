// Minimax runs and divergent iterates (bindings/minimax/analysis.ts): simultaneous GDA on
// the bilinear game L = xy grows by √(1 + η²) per iteration, ‖z_k‖ = √2·(1 + η²)^{k/2}
// from z₀ = (1, 1), so with a large η z passes the norm bound 2⁶⁴ and then the f32 range
// after predictable numbers of iterations. run() and createRunner() stop there with
// SaddleNumericError naming the first such iteration (found here by replaying one iteration
// at a time), unless nonFinite: 'return'; options and start points are checked strictly.
import { describe, expect, test } from 'vitest';
import { SaddleNumericError, minimax, type Saddle } from '../../bindings/index.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';

function numericError(fn: () => unknown): minimax.MinimaxNumericError {
  try { fn(); } catch (error) {
    expect(error).toBeInstanceOf(SaddleNumericError);
    expect(error).toBeInstanceOf(minimax.MinimaxNumericError);
    return error as minimax.MinimaxNumericError;
  }
  throw new Error('expected a SaddleNumericError, nothing was thrown');
}

const norm = (z: ArrayLike<number>) => Math.sqrt(Array.from(z).reduce((s, v) => s + v * v, 0));

for (const build of BUILDS) {
  describe(`minimax runs (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });
    const game = () => minimax.bilinear({ A: [[1]] });
    const diverging = (lr = 10) => minimax.simultaneousGda({ lr });

    /** z₀ … z_count, one WASM iteration at a time, never stopping. */
    function replay(lr: number, count: number): Float64Array[] {
      const runner = minimax.createRunner(sd, game(), diverging(lr), { nonFinite: 'return' });
      try {
        runner.setPoint(game().start);
        const points = [runner.point()];
        for (let k = 0; k < count; k++) { runner.step(1); points.push(runner.point()); }
        return points;
      } finally { runner.dispose(); }
    }

    test('the replay follows the closed form ‖z_k‖ = √2·(1 + η²)^{k/2} until f32 overflows', () => {
      const points = replay(10, 60);
      const first = points.findIndex((z) => !z.every(Number.isFinite));
      // √2·101^{k/2} passes the f32 maximum 3.4028e38 at k = 2·(ln 3.4028e38 − ln √2)/ln 101 ≈ 38.3
      expect(first).toBe(39);
      for (let k = 0; k < first; k++) expect(norm(points[k]) / (Math.SQRT2 * 101 ** (k / 2))).toBeCloseTo(1, 4);
    });

    test("nonFinite: 'return' records the divergent and non-finite points as they are", () => {
      const t = minimax.run(sd, game(), diverging(), { iterations: 60, every: 1, nonFinite: 'return' });
      expect(t.points).toEqual(replay(10, 60));
      expect(t.points.at(-1)!.every(Number.isFinite)).toBe(false);
    });

    test('run() stops at the first iteration whose ‖z‖ passes maxNorm (default 2⁶⁴), whatever the recording interval', () => {
      const points = replay(10, 60);
      const first = points.findIndex((z) => norm(z) > 2 ** 64);
      // √2·101^{k/2} > 2⁶⁴ from k = 2·(64 ln 2 − ½ ln 2)/ln 101 ≈ 19.07
      expect(first).toBe(20);
      expect(minimax.DEFAULT_MAX_NORM).toBe(2 ** 64);
      for (const every of [1, 7, 60]) {
        const error = numericError(() => minimax.run(sd, game(), diverging(), { iterations: 60, every }));
        expect(error.code).toBe('E_NUMERIC');
        expect(error.step).toBe(first);
        expect(error.restoredTo).toBe(first - 1);
        expect(error.quantity).toBe('‖z‖');
        expect(error.value).toBe(norm(points[first]));
        expect(error.point).toEqual(points[first - 1]);
        expect(error.message).toMatch(new RegExp(`^run: ‖z‖ became ${error.value} at iteration ${first}; the runner is back at its last good state, after iteration ${first - 1}; ‖z‖ passed maxNorm = 1\\.845e\\+19 \\(nonFinite: 'return'`));
      }
      // a smaller bound stops earlier, at the iteration the replay says
      const bound = 1e6, early = points.findIndex((z) => norm(z) > bound);
      expect(early).toBe(6); // √2·101³ ≈ 1.44e6
      expect(numericError(() => minimax.run(sd, game(), diverging(), { iterations: 60, every: 60, maxNorm: bound })).step).toBe(early);
      // a run that ends before the bound is unaffected
      const short = minimax.run(sd, game(), diverging(), { iterations: first - 1, every: 1 });
      expect(short.points).toEqual(points.slice(0, first));
    });

    test('maxNorm: Infinity stops only at the first non-finite z, with the coordinate that overflowed', () => {
      const points = replay(10, 60);
      const first = points.findIndex((z) => !z.every(Number.isFinite));
      const bad = points[first], index = bad.findIndex((v) => !Number.isFinite(v));
      for (const every of [1, 7, 60]) {
        const error = numericError(() => minimax.run(sd, game(), diverging(), { iterations: 60, every, maxNorm: Infinity }));
        expect(error.step).toBe(first);
        expect(error.restoredTo).toBe(first - 1);
        expect(error.quantity).toBe(`z[${index}]`);
        expect(Object.is(error.value, bad[index])).toBe(true);
        expect(error.point).toEqual(points[first - 1]);
        expect(error.point.every(Number.isFinite)).toBe(true);
        expect(error.message).toMatch(new RegExp(`^run: z\\[${index}\\] became -?(Infinity|NaN) at iteration ${first}; the runner is back`));
      }
    });

    test('an lr that overflows f32 within three iterations: the bound at iteration 2, f32 overflow at 3', () => {
      // η = 1e19: ‖z₁‖ = √2·√(1 + 1e38) ≈ 1.41e19 < 2⁶⁴, ‖z₂‖ ≈ 1.41e38, z₃ ≈ 1e57 is beyond f32
      const points = replay(1e19, 4);
      expect(points.findIndex((z) => norm(z) > 2 ** 64)).toBe(2);
      expect(points.findIndex((z) => !z.every(Number.isFinite))).toBe(3);
      expect(numericError(() => minimax.run(sd, game(), diverging(1e19), { iterations: 10 })).step).toBe(2);
      const error = numericError(() => minimax.run(sd, game(), diverging(1e19), { iterations: 10, maxNorm: Infinity }));
      expect(error.step).toBe(3);
      expect(error.point).toEqual(points[2]);
    });

    test('createRunner: step() stops on a divergent z and leaves z at the last good iterate', () => {
      const reference = replay(10, 60);
      for (const [options, first] of [[{}, 20], [{ maxNorm: Infinity }, 39]] as const) {
        const runner = minimax.createRunner(sd, game(), diverging(), options);
        try {
          runner.setPoint(game().start);
          runner.step(10);
          const error = numericError(() => runner.step(50));
          expect(error.message).toMatch(/^Runner\.step: /);
          expect(error.step).toBe(first);
          expect(runner.program.iterations).toBe(first - 1);
          expect(runner.point()).toEqual(reference[first - 1]);
          expect(error.point).toEqual(reference[first - 1]);
          // it can go on, e.g. from a new point
          runner.setPoint([0.5, 0.5]);
          runner.step(1);
          expect(runner.point()).toEqual(Float64Array.from(reference[1], (v) => v / 2));
        } finally { runner.dispose(); }
      }
      const free = minimax.createRunner(sd, game(), diverging(), { nonFinite: 'return' });
      try {
        free.setPoint(game().start);
        free.step(60);
        expect(free.point()).toEqual(reference[60]);
      } finally { free.dispose(); }
    });

    test('start points, step counts and every option are checked by name', () => {
      const run = (options: object) => minimax.run(sd, game(), minimax.extragradient({ lr: 0.1 }), { iterations: 1, ...options });
      for (const start of [[NaN, 1], [1, Infinity], ['1', 2], [1], [1, 2, 3], [], 'ab', null, 3, [1e39, 0]]) {
        expect(argumentError(() => run({ start })).argument, JSON.stringify(start)).toBe('options.start');
      }
      expect(argumentError(() => run({ start: [1] })).message).toMatch(/'options.start' must be 2 finite numbers \(x then y, flattened\), got 1 numbers/);
      expect(argumentError(() => run({ start: [1, NaN] })).message).toMatch(/NaN at index 1/);
      expect(argumentError(() => run({ nonFinite: 'ignore' })).argument).toBe('options.nonFinite');
      expect(argumentError(() => run({ nonFinite: 'retrun' })).message).toMatch(/did you mean 'return'\?/);
      for (const maxNorm of [0, -1, NaN, -Infinity, '1e30']) expect(argumentError(() => run({ maxNorm })).argument, String(maxNorm)).toBe('options.maxNorm');
      for (const iterations of [-1, 1.5, NaN, '10', undefined]) {
        expect(argumentError(() => minimax.run(sd, game(), minimax.extragradient({ lr: 0.1 }), { iterations } as never)).argument).toBe('options.iterations');
      }
      for (const every of [0, 2.5, Infinity]) expect(argumentError(() => run({ every })).argument).toBe('options.every');
      for (const seed of [-1, 0.5, 2 ** 53]) expect(argumentError(() => run({ seed })).argument).toBe('options.seed');
      expect(argumentError(() => minimax.run(sd, game(), minimax.extragradient({ lr: 0.1 }), undefined as never)).argument).toBe('options.iterations');
      expect(argumentError(() => minimax.run(sd, game(), minimax.extragradient({ lr: 0.1 }), 10 as never)).argument).toBe('options');
      // unknown keys: the nearest known one
      const typo = argumentError(() => minimax.run(sd, game(), minimax.extragradient({ lr: 0.1 }), { iteration: 10 } as never));
      expect(typo.argument).toBe('options.iteration');
      expect(typo.message).toMatch(/did you mean 'iterations'\?/);
      const lower = argumentError(() => run({ nonfinite: 'return' }));
      expect(lower.argument).toBe('options.nonfinite');
      expect(lower.message).toMatch(/did you mean 'nonFinite'\?/);
      expect(argumentError(() => run({ maxnorm: 1 })).message).toMatch(/did you mean 'maxNorm'\?/);
      const runner = (options: object) => minimax.createRunner(sd, game(), minimax.extragradient({ lr: 0.1 }), options);
      expect(argumentError(() => runner({ nonFinite: 'x' })).argument).toBe('options.nonFinite');
      expect(argumentError(() => runner({ iterations: 3 })).argument).toBe('options.iterations'); // a run option, not a runner's
      expect(argumentError(() => runner({ sed: 3 })).message).toMatch(/did you mean 'seed'\?/);
      const r = runner({});
      try {
        expect(argumentError(() => r.setPoint([0, NaN])).argument).toBe('z');
        expect(argumentError(() => r.setPoint([0])).argument).toBe('z');
        for (const k of [-1, 0.5, NaN]) expect(argumentError(() => r.step(k)).argument).toBe('k');
      } finally { r.dispose(); }
      expect(run({ start: Float64Array.of(1, 0) }).points[0]).toEqual(Float64Array.of(1, 0));
    });
  });
}
