// Fréchet distance / FID (bindings/metrics/frechet.ts): numpy fixtures (eigh-based trace and
// scipy.linalg.sqrtm as an independent check), Gaussian closed forms, invariants, the n <= d
// flag, statistics files, and typed errors.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Saddle } from '../../bindings/index.js';
import { decodeStats, encodeStats, fid, frechetDistance, gaussianW2Squared } from '../../bindings/metrics/frechet.js';
import { gaussianStats } from '../../bindings/metrics/streaming.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';
import { mulberry32 } from '../helpers/random.js';

interface FidFixture {
  name: string; n: number; m: number; d: number; x: number[]; y: number[];
  mean1: number[]; cov1: number[]; fid: number; fidSqrtm?: number;
}
const FIXTURES = JSON.parse(readFileSync(new URL('../fixtures/stats/fid.json', import.meta.url), 'utf8')) as FidFixture[];

/** A random SPD matrix B Bᵀ + εI (d×d) from a seed. */
function spd(d: number, seed: number, eps = 0.1): Float64Array {
  const next = mulberry32(seed);
  const b = Float64Array.from({ length: d * d }, () => next() * 2 - 1);
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = i === j ? eps : 0;
    for (let k = 0; k < d; k++) s += b[i * d + k] * b[j * d + k];
    a[i * d + j] = s;
  }
  return a;
}

for (const build of BUILDS) {
  describe(`frechet (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    for (const f of FIXTURES) {
      test(`numpy fixture ${f.name}: stats, FID (eigh reference rtol 1e-9, scipy sqrtm rtol 1e-6)`, () => {
        const r = fid(sd, { data: f.x, rows: f.n, cols: f.d }, { data: f.y, rows: f.m, cols: f.d });
        const [s1] = r.stats;
        s1.mean.forEach((v, i) => expect(Math.abs(v - f.mean1[i])).toBeLessThan(1e-13));
        s1.cov.forEach((v, i) => expect(Math.abs(v - f.cov1[i])).toBeLessThan(1e-12));
        // rank-deficient: zero eigenvalues of √Σ1 Σ2 √Σ1 come out as ±1e−16, whose square roots
        // (1e−8) make the trace term ill-conditioned in any implementation
        expect(Math.abs(r.distance - f.fid) / f.fid).toBeLessThan(f.n <= f.d ? 1e-7 : 1e-9);
        if (f.fidSqrtm !== undefined) expect(Math.abs(r.distance - f.fidSqrtm) / f.fidSqrtm).toBeLessThan(1e-6);
        expect(r.rankDeficient).toBe(f.n <= f.d || f.m <= f.d);
        expect(r.warnings.length > 0).toBe(r.rankDeficient);
        // the pivoted-Cholesky route to the same trace term
        const c = frechetDistance(sd, r.stats[0], r.stats[1], { method: 'cholesky' });
        expect(Math.abs(c.distance - f.fid) / f.fid).toBeLessThan(f.n <= f.d ? 1e-7 : 1e-9);
        expect(c.rank).toBe(Math.min(f.n - 1, f.d));
      });
    }

    test('closed forms: identical statistics give 0; 1-D W2² = (μ1 − μ2)² + (σ1 − σ2)²; diagonal covariances', () => {
      const c = spd(12, 3);
      const mean = Array.from({ length: 12 }, (_, i) => i / 3);
      const same = frechetDistance(sd, { mean, cov: c }, { mean, cov: c });
      expect(Math.abs(same.distance)).toBeLessThan(1e-10);
      expect(frechetDistance(sd, { mean: [0], cov: [1] }, { mean: [3], cov: [4] }).distance).toBe(10);
      expect(Math.abs(gaussianW2Squared(sd, { mean: [1.5], cov: [0.09] }, { mean: [-0.5], cov: [2.25] }) - (4 + (0.3 - 1.5) ** 2))).toBeLessThan(1e-14);
      const a = [0.5, 2, 0, 7, 1e-3], b = [3, 2, 1, 0.25, 4];
      const da = new Float64Array(25), db = new Float64Array(25);
      a.forEach((v, i) => { da[i * 6] = v; });
      b.forEach((v, i) => { db[i * 6] = v; });
      let want = 0;
      a.forEach((v, i) => { want += (Math.sqrt(v) - Math.sqrt(b[i])) ** 2; });
      expect(Math.abs(gaussianW2Squared(sd, { mean: [0, 0, 0, 0, 0], cov: da }, { mean: [0, 0, 0, 0, 0], cov: db }) - want)).toBeLessThan(1e-13);
    });

    test('commuting covariances: Tr √(Σ1 Σ2) = Σ √(λ_i μ_i); symmetric in its arguments', () => {
      // Σ1 = Q diag(a) Qᵀ, Σ2 = Q diag(b) Qᵀ with Q a Householder reflection
      const d = 7;
      const v = Array.from({ length: d }, (_, i) => Math.sin(i + 1));
      const vv = v.reduce((s, t) => s + t * t, 0);
      const q = (i: number, j: number) => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv;
      const a = [1, 2, 3, 0.5, 4, 0.1, 2], b = [2, 0.3, 1, 5, 1, 0.7, 2];
      const mk = (l: number[]) => {
        const m = new Float64Array(d * d);
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) m[i * d + j] += q(i, k) * l[k] * q(j, k);
        return m;
      };
      const g1 = { mean: new Array(d).fill(0), cov: mk(a) }, g2 = { mean: new Array(d).fill(1), cov: mk(b) };
      let tr = 0;
      a.forEach((t, i) => { tr += Math.sqrt(t * b[i]); });
      const r = frechetDistance(sd, g1, g2);
      expect(Math.abs(r.sqrtTrace - tr)).toBeLessThan(1e-12);
      expect(Math.abs(frechetDistance(sd, g1, g2, { method: 'cholesky' }).sqrtTrace - tr)).toBeLessThan(1e-12);
      expect(Math.abs(r.distance - frechetDistance(sd, g2, g1).distance)).toBeLessThan(1e-12);
    });

    test('methods agree beyond one Cholesky panel (d = 150, 200): full rank and rank 99', () => {
      for (const d of [150, 200]) {
        const a = { mean: new Array(d).fill(0), cov: spd(d, 10 + d, 0.5) }, b = { mean: new Array(d).fill(0.1), cov: spd(d, 20 + d, 0.01) };
        const e = frechetDistance(sd, a, b), c = frechetDistance(sd, a, b, { method: 'cholesky' });
        expect(Math.abs(e.distance - c.distance) / e.distance, `d ${d}`).toBeLessThan(1e-11);
        expect(c.rank).toBe(d);
      }
      const d = 150, n = 100;
      const next = mulberry32(77);
      const x = Array.from({ length: n * d }, () => Math.fround(next() * 2 - 1));
      const y = Array.from({ length: 3 * n * d }, () => Math.fround(next() * 3 - 1));
      const e = fid(sd, { data: x, rows: n, cols: d }, { data: y, rows: 3 * n, cols: d });
      const c = frechetDistance(sd, e.stats[0], e.stats[1], { method: 'cholesky' });
      expect(c.rank).toBe(n - 1);
      expect(Math.abs(e.distance - c.distance) / e.distance).toBeLessThan(1e-7);
    });

    test('invariants: translation and rotation (coordinate permutation, sign flips) of both feature sets', () => {
      const f = FIXTURES[0];
      const base = fid(sd, { data: f.x, rows: f.n, cols: f.d }, { data: f.y, rows: f.m, cols: f.d }).distance;
      const perm = [2, 0, 1, 5, 3, 4], signs = [-1, 1, 1, -1, 1, -1];
      const rot = (v: number[]) => v.map((_, i) => signs[i % 6] * v[i - (i % 6) + perm[i % 6]]);
      expect(Math.abs(fid(sd, { data: rot(f.x), rows: f.n, cols: 6 }, { data: rot(f.y), rows: f.m, cols: 6 }).distance - base) / base).toBeLessThan(1e-12);
      // a shift by 4 changes the f32 values' rounding only below 2⁻²¹·4, far under the tolerance
      const shift = (v: number[]) => v.map((t) => Math.fround(t + 4));
      expect(Math.abs(fid(sd, { data: shift(f.x), rows: f.n, cols: 6 }, { data: shift(f.y), rows: f.m, cols: 6 }).distance - base) / base).toBeLessThan(1e-5);
    });

    test('never NaN: singular covariances (n <= d), zero covariance, a dimension of zero variance', () => {
      const f = FIXTURES[2];
      const r = fid(sd, { data: f.x, rows: f.n, cols: f.d }, { data: f.y, rows: f.m, cols: f.d });
      expect(Number.isFinite(r.distance)).toBe(true);
      expect(r.rankDeficient).toBe(true);
      expect(frechetDistance(sd, { mean: [0, 0], cov: [0, 0, 0, 0] }, { mean: [1, 0], cov: [0, 0, 0, 0] }).distance).toBe(1);
      const z = frechetDistance(sd, { mean: [0, 0], cov: [1, 0, 0, 0] }, { mean: [0, 0], cov: [4, 0, 0, 0] });
      expect(z.distance).toBeCloseTo(1, 14);
      for (const method of ['eigh', 'cholesky'] as const) {
        expect(frechetDistance(sd, { mean: [0, 0], cov: [0, 0, 0, 0] }, { mean: [1, 0], cov: [0, 0, 0, 0] }, { method }).distance).toBe(1);
        expect(frechetDistance(sd, { mean: [0, 0], cov: [0, 0, 0, 1] }, { mean: [0, 0], cov: [0, 0, 0, 4] }, { method }).distance).toBeCloseTo(1, 14);
      }
    });

    test('statistics files: encode/decode round-trips bit for bit; decode names what is wrong', () => {
      const f = FIXTURES[0];
      const s = gaussianStats(sd, { data: f.x, rows: f.n, cols: f.d });
      const back = decodeStats(encodeStats(s));
      expect(back.dim).toBe(s.dim);
      expect(back.count).toBe(s.count);
      expect(back.mean).toEqual(s.mean);
      expect(back.cov).toEqual(s.cov);
      const text = new TextDecoder().decode(encodeStats(s));
      expect(JSON.parse(text).format).toBe('saddle.gaussian-stats');
      expect(decodeStats(text).cov).toEqual(s.cov);
      const obj = JSON.parse(text);
      const cases: Array<[string, string]> = [
        ['data', 'not json'],
        ['data', JSON.stringify({ ...obj, format: 'npz' })],
        ['version', JSON.stringify({ ...obj, version: 2 })],
        ['dtype', JSON.stringify({ ...obj, dtype: 'float32' })],
        ['dim', JSON.stringify({ ...obj, dim: 0 })],
        ['cov', JSON.stringify({ ...obj, dim: obj.dim + 1, mean: encodeMeanOf(obj.dim + 1) })],
      ];
      for (const [argument, t] of cases) expect(argumentError(() => decodeStats(t)).argument).toBe(argument);
    });

    test('typed errors name the argument', () => {
      const g = { mean: [0, 0], cov: [1, 0, 0, 1] };
      const cases: Array<[string, () => unknown]> = [
        ['a', () => frechetDistance(sd, null as never, g)],
        ['a.mean', () => frechetDistance(sd, { mean: [], cov: [] }, g)],
        ['a.cov', () => frechetDistance(sd, { mean: [0, 0], cov: [1, 0, 0] }, g)],
        ['b.mean', () => frechetDistance(sd, g, { mean: [0, 0, 0], cov: new Array(9).fill(0) })],
        ['b.mean', () => frechetDistance(sd, g, { mean: [0, NaN], cov: [1, 0, 0, 1] })],
        ['b.cov', () => frechetDistance(sd, g, { mean: [0, 0], cov: [1, 0, 0, Infinity] })],
        ['b.cov', () => frechetDistance(sd, g, { mean: [0, 0], cov: [-1, 0, 0, 1] })],
        ['a.count', () => frechetDistance(sd, { ...g, count: 1.5 }, g)],
        ['options.method', () => frechetDistance(sd, g, g, { method: 'sqrtm' as 'eigh' })],
        ['x.rows', () => fid(sd, { data: [1, 2], rows: 1, cols: 2 }, { data: [1, 2, 3, 4], rows: 2, cols: 2 })],
        ['x.data', () => fid(sd, { data: [1, 2, NaN, 4], rows: 2, cols: 2 }, { data: [1, 2, 3, 4], rows: 2, cols: 2 })],
        ['y.cols', () => fid(sd, { data: [1, 2, 3, 4], rows: 2, cols: 2 }, { data: [1, 2, 3, 4, 5, 6], rows: 2, cols: 3 })],
      ];
      for (const [argument, call] of cases) {
        const error = argumentError(call);
        expect(error.argument, error.message).toBe(argument);
      }
    });
  });
}

/** base64 of n zero f64 (a mean of the wrong length for the cov it is paired with). */
function encodeMeanOf(n: number): string {
  return btoa(String.fromCharCode(...new Uint8Array(n * 8)));
}
