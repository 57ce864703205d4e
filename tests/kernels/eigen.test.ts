// eigh_f64 (assembly/kernels/eigen.ts): eigenvalues against numpy's eigh (LAPACK) fixtures,
// reconstruction A = Zᵀ diag(w) Z, orthonormal rows of Z, degenerate and tiny cases.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Saddle } from '../../bindings/index.js';
import { EIGH_SCRATCH, statsExports } from '../../bindings/metrics/common.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { mulberry32 } from '../helpers/random.js';

interface EigenCase { name: string; n: number; a: number[]; w: number[] }
const CASES = JSON.parse(readFileSync(new URL('../fixtures/stats/eigen.json', import.meta.url), 'utf8')) as EigenCase[];

/** Runs eigh_f64 on a copy of a; returns eigenvalues, eigenvector rows and the step count. */
function eigh(sd: Saddle, a: ArrayLike<number>, n: number, vectors = true): { w: Float64Array; z: Float64Array; steps: number } {
  const A = sd.f64(a), w = sd.f64(n), z = sd.f64(n * n), scratch = sd.f64(EIGH_SCRATCH * n);
  try {
    const steps = statsExports(sd).eigh_f64(A.ptr, n, w.ptr, vectors ? z.ptr : 0, scratch.ptr, vectors ? 1 : 0);
    return { w: w.toArray(), z: z.toArray(), steps };
  } finally {
    A.dispose(); w.dispose(); z.dispose(); scratch.dispose();
  }
}

/** max |A − Zᵀ diag(w) Z| and max |Z Zᵀ − I|. */
function residuals(a: ArrayLike<number>, n: number, w: Float64Array, z: Float64Array): [number, number] {
  let rec = 0, orth = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let v = 0, o = 0;
      for (let k = 0; k < n; k++) {
        v += z[k * n + i] * w[k] * z[k * n + j];
        o += z[i * n + k] * z[j * n + k];
      }
      rec = Math.max(rec, Math.abs(v - a[i * n + j]));
      orth = Math.max(orth, Math.abs(o - (i === j ? 1 : 0)));
    }
  }
  return [rec, orth];
}

function randomSymmetric(n: number, seed: number): Float64Array {
  const next = mulberry32(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = next() * 2 - 1;
  return a;
}

for (const build of BUILDS) {
  describe(`eigh_f64 (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    for (const c of CASES) {
      test(`numpy eigh fixture: ${c.name}`, () => {
        const { w, z } = eigh(sd, c.a, c.n);
        const scale = Math.max(1, ...c.w.map(Math.abs));
        for (let i = 0; i < c.n; i++) expect(Math.abs(w[i] - c.w[i]), `w[${i}]`).toBeLessThan(1e-13 * c.n * scale);
        const [rec, orth] = residuals(c.a, c.n, w, z);
        expect(rec).toBeLessThan(1e-13 * c.n * scale);
        expect(orth).toBeLessThan(1e-13 * c.n);
        // eigenvalues alone (no vectors) are the same numbers to rounding
        const only = eigh(sd, c.a, c.n, false).w;
        for (let i = 0; i < c.n; i++) expect(Math.abs(only[i] - w[i])).toBeLessThan(1e-13 * c.n * scale);
      });
    }

    test('d = 1, 2 closed forms; diagonal and identity (fully degenerate) inputs', () => {
      expect(Array.from(eigh(sd, [-3.5], 1).w)).toEqual([-3.5]);
      // [[a, b], [b, c]]: (a + c)/2 ± √(((a − c)/2)² + b²)
      const [a, b, c] = [2, 0.75, -1];
      const r = Math.hypot((a - c) / 2, b);
      const w2 = eigh(sd, [a, b, b, c], 2).w;
      expect(w2[0]).toBeCloseTo((a + c) / 2 - r, 14);
      expect(w2[1]).toBeCloseTo((a + c) / 2 + r, 14);
      const diag = [5, -1, 3, 0, 2];
      const D = new Float64Array(25);
      diag.forEach((v, i) => { D[i * 5 + i] = v; });
      const dd = eigh(sd, D, 5);
      expect(Array.from(dd.w)).toEqual([-1, 0, 2, 3, 5]);
      expect(dd.steps).toBe(0);
      const I = new Float64Array(64 * 64);
      for (let i = 0; i < 64; i++) I[i * 64 + i] = 1;
      const id = eigh(sd, I, 64);
      expect(Array.from(id.w)).toEqual(new Array(64).fill(1));
      const [rec, orth] = residuals(I, 64, id.w, id.z);
      expect(rec).toBe(0);
      expect(orth).toBe(0);
    });

    test('random symmetric matrices of sizes 3, 17, 64, 129: reconstruction and orthogonality', () => {
      for (const n of [3, 17, 64, 129]) {
        const seed = 1000 + n;
        const a = randomSymmetric(n, seed);
        const { w, z } = eigh(sd, a, n);
        for (let i = 1; i < n; i++) expect(w[i], `ascending (seed ${seed})`).toBeGreaterThanOrEqual(w[i - 1]);
        const [rec, orth] = residuals(a, n, w, z);
        expect(rec, `seed ${seed}`).toBeLessThan(1e-13 * n);
        expect(orth, `seed ${seed}`).toBeLessThan(1e-13 * n);
        // trace and Frobenius norm are invariants
        let tr = 0, fro = 0, sw = 0, sw2 = 0;
        for (let i = 0; i < n; i++) { tr += a[i * n + i]; sw += w[i]; sw2 += w[i] * w[i]; }
        for (const v of a) fro += v * v;
        expect(Math.abs(tr - sw)).toBeLessThan(1e-12 * n);
        expect(Math.abs(fro - sw2)).toBeLessThan(1e-12 * n * n);
      }
    });

    test('deterministic: the same input gives the same bits', () => {
      const a = randomSymmetric(40, 7);
      const r1 = eigh(sd, a, 40), r2 = eigh(sd, a, 40);
      expect(r1.w).toEqual(r2.w);
      expect(r1.z).toEqual(r2.z);
    });
  });
}
