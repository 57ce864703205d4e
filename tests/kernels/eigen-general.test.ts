// eigen_general_f64 (assembly/kernels/eigen-general.ts) through minimax.eigenvalues, against
// numpy.linalg.eigvals (tests/fixtures/minimax/generate.py writes eigen.json).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { minimax, type Saddle } from '../../bindings/index.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';

interface Case { name: string; n: number; a: number[]; re: number[]; im: number[] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/minimax/eigen.json', import.meta.url), 'utf8')) as { cases: Case[] };

/** Largest distance from a reference eigenvalue to its nearest unmatched computed one. */
function matchError(re: ArrayLike<number>, im: ArrayLike<number>, wantRe: number[], wantIm: number[]): number {
  const used = new Set<number>();
  let worst = 0;
  wantRe.forEach((r, k) => {
    let best = -1, bestD = Infinity;
    for (let i = 0; i < re.length; i++) {
      if (used.has(i)) continue;
      const d = Math.hypot(re[i] - r, im[i] - wantIm[k]);
      if (d < bestD) { bestD = d; best = i; }
    }
    used.add(best);
    worst = Math.max(worst, bestD);
  });
  return worst;
}

for (const build of BUILDS) {
  describe(`eigen_general_f64 (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    test.each(fixture.cases.map((c) => [c.name, c] as const))('%s matches numpy.linalg.eigvals', (_name, c) => {
      const { re, im } = minimax.eigenvalues(sd, c.a, c.n);
      expect(re.length).toBe(c.n);
      const scale = Math.max(1, ...c.a.map(Math.abs));
      // eigenvalue error ~ ε·‖A‖·(condition); the companion of x⁵ − 1 and the scaled case are well-conditioned after balancing
      expect(matchError(re, im, c.re, c.im)).toBeLessThan(1e-9 * scale * c.n);
      // complex eigenvalues of a real matrix come in conjugate pairs
      const sumIm = Array.from(im).reduce((s, v) => s + v, 0);
      expect(Math.abs(sumIm)).toBeLessThan(1e-9 * scale * c.n);
    });

    test('invariants: trace is the sum, a scaled matrix has scaled eigenvalues', () => {
      const c = fixture.cases.find((k) => k.name === 'gaussian 16')!;
      const { re } = minimax.eigenvalues(sd, c.a, c.n);
      const trace = Array.from({ length: c.n }, (_, i) => c.a[i * c.n + i]).reduce((s, v) => s + v, 0);
      expect(Array.from(re).reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 9);
      const scaled = minimax.eigenvalues(sd, c.a.map((v) => -3 * v), c.n);
      expect(minimax.eigenvalues(sd, [], 0).re.length).toBe(0);
      expect(matchError(scaled.re, scaled.im, Array.from(re, (v) => -3 * v), Array.from(minimax.eigenvalues(sd, c.a, c.n).im, (v) => -3 * v))).toBeLessThan(1e-8);
    });

    test('spectral radius of a rotation by θ scaled by r is r', () => {
      const r = 1.7, t = 0.3;
      expect(minimax.spectralRadius(sd, [r * Math.cos(t), -r * Math.sin(t), r * Math.sin(t), r * Math.cos(t)], 2)).toBeCloseTo(r, 12);
    });

    test('typed errors', () => {
      expect(argumentError(() => minimax.eigenvalues(sd, [1, 2, 3], 2)).argument).toBe('matrix');
      expect(argumentError(() => minimax.eigenvalues(sd, [1, 2, 3, NaN], 2)).argument).toBe('matrix');
      expect(argumentError(() => minimax.eigenvalues(sd, [1], 1.5)).argument).toBe('n');
      expect(argumentError(() => minimax.eigenvalues(sd, [], 513)).argument).toBe('n');
    });
  });
}
