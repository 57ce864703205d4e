// The raw Anderson kernels (assembly/kernels/anderson.ts): the regularized Cholesky solve and
// the step's argument checks. The step's numerics are tested through optim.anderson
// (tests/optim/anderson.test.ts), against the op's f64 reference.
import { describe, expect, test } from 'vitest';
import type { Saddle } from '../../bindings/index.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';

type Solve = (g: number, b: number, m: number, lambda: number) => number;
type Step = (x: number, tx: number, state: number, out: number, n: number, p: number, lambda: number, beta: number, restart: number, growth: number) => number;

for (const build of BUILDS) {
  describe(`anderson kernels (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    test('anderson_solve_f64 solves (G + λI)γ = b and reports a non-positive pivot', () => {
      const solve = sd.exports.anderson_solve_f64 as Solve;
      // G = MᵀM for a 4×3 M, so G + λI is symmetric positive definite
      const M = [[1, 2, 0], [0, 1, 3], [2, -1, 1], [1, 1, 1]];
      const m = 3, G = new Array<number>(9).fill(0);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) for (const row of M) G[i * m + j] += row[i] * row[j];
      const b = [1, -2, 0.5], lambda = 0.3;
      const g = sd.f64(G), rhs = sd.f64(b);
      try {
        expect(solve(g.ptr, rhs.ptr, m, lambda)).toBe(0);
        const gamma = rhs.toArray();
        for (let i = 0; i < m; i++) {
          let r = lambda * gamma[i];
          for (let j = 0; j < m; j++) r += G[i * m + j] * gamma[j];
          expect(r).toBeCloseTo(b[i], 12);
        }
        // a singular G with λ = 0: the second pivot is 0
        g.set([1, 1, 1, 1, 1, 1, 1, 1, 1]);
        rhs.set([1, 1, 1]);
        expect(solve(g.ptr, rhs.ptr, 3, 0)).toBe(2);
      } finally { g.dispose(); rhs.dispose(); }
    });

    test('anderson_step_f32 rejects a window outside [1, 32] and sizes its state', () => {
      const step = sd.exports.anderson_step_f32 as Step;
      const size = sd.exports.anderson_state_size as (n: number, p: number) => number;
      expect(size(10, 3)).toBe(8 + 20 + 60);
      const x = sd.f32(4), out = sd.f32(4 + size(4, 32));
      try {
        expect(step(x.ptr, x.ptr, out.ptr, out.ptr, 4, 0, 0, 1, 0, 2)).toBe(-1);
        expect(step(x.ptr, x.ptr, out.ptr, out.ptr, 4, 33, 0, 1, 0, 2)).toBe(-1);
      } finally { x.dispose(); out.dispose(); }
    });
  });
}
