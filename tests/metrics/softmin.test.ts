// The f64 kernels under Sinkhorn (assembly/kernels/softmin.ts): the SIMD log-sum-exp of a
// row at every tail length against a plain f64 reference, the accuracy of its exp over the
// whole clamped range, zero weights (−Inf), and the pairwise cost matrix.
import { describe, expect, test } from 'vitest';
import type { Saddle } from '../../bindings/index.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { mulberry32 } from '../helpers/random.js';

/** log Σ exp(z) by max-shift in plain f64, summed in ascending order. */
function lseReference(z: number[]): number {
  const mx = Math.max(...z);
  const terms = z.map((v) => Math.exp(v - mx)).sort((p, q) => p - q);
  return mx + Math.log(terms.reduce((s, v) => s + v, 0));
}

for (const build of BUILDS) {
  describe(`softmin kernels (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });
    const ex = () => sd.exports;

    function withF64<T>(data: ArrayLike<number>[], body: (ptrs: number[]) => T): T {
      const ptrs = data.map((v) => { const p = sd.alloc(Math.max(8, v.length * 8), 64); sd.viewF64(p, v.length).set(v); return p; });
      try { return body(ptrs); } finally { ptrs.forEach((p) => sd.free(p)); }
    }

    test('lse_row_f64 matches the f64 reference at every tail length', () => {
      for (const m of [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 1023]) {
        const next = mulberry32(1000 + m);
        const h = Array.from({ length: m }, () => 5 * (next() - 0.5));
        const c = Array.from({ length: m }, () => 3 * next());
        const invEps = 7.5;
        const want = lseReference(h.map((v, j) => v - c[j] * invEps));
        const got = withF64([c, h], ([cp, hp]) => ex().lse_row_f64(cp, hp, m, invEps));
        expect(Math.abs(got - want), `m = ${m}`).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(want)) * Math.log2(m + 2) + 1e-15);
      }
    });

    test('its exp is accurate over the clamped range (log(1 + e^t) for t in [-700, 0])', () => {
      for (let k = 0; k <= 2000; k++) {
        const t = -700 + 0.35 * k + 0.001 * (k % 7);
        // row [0, t] with c = 0: lse = log(1 + e^t); the relative error of e^t shows up as e^t·δ/(1 + e^t)
        const got = withF64([[0, 0], [0, t]], ([cp, hp]) => ex().lse_row_f64(cp, hp, 2, 1));
        const want = Math.log1p(Math.exp(t));
        // a relative error δ of e^t moves the result by about δ·e^t; the log adds one rounding
        expect(Math.abs(got - want), `t = ${t}`).toBeLessThanOrEqual(1.5e-15 * Math.exp(t) + 1.2e-16);
      }
      // reduction edges: |r| near ½ln2, k = 0, tiny arguments, the bottom of the range
      for (const t of [-1e-300, -1e-9, -0.3465, -0.3466, -1, -10, -100, -707]) {
        const got = withF64([[0, 0, 0, 0, 0], [0, t, t, t, t]], ([cp, hp]) => ex().lse_row_f64(cp, hp, 5, 1));
        const want = Math.log1p(4 * Math.exp(t));
        expect(Math.abs(got - want), `t = ${t}`).toBeLessThanOrEqual(4 * 1.5e-15 * Math.exp(t) + 2.3e-16);
      }
    });

    test('zero weights (−Inf in h) contribute nothing, large shifts stay finite', () => {
      const h = [-Infinity, 0.5, -Infinity, -Infinity, 2, -Infinity, 1e6 * 0 - 3];
      const c = [0, 1, 2, 3, 4, 5, 6];
      const got = withF64([c, h], ([cp, hp]) => ex().lse_row_f64(cp, hp, 7, 1e4));
      const want = lseReference([0.5 - 1e4, 2 - 4e4, -3 - 6e4]);
      expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-15);
    });

    test('cost_matrix_f64: ‖x−y‖², ½‖x−y‖², ‖x−y‖, its transpose and its max', () => {
      const n = 5, m = 3;
      for (const d of [1, 2, 3, 4, 5]) {
        const next = mulberry32(d);
        const x = Array.from({ length: n * d }, () => next() * 4 - 2), y = Array.from({ length: m * d }, () => next() * 4 - 2);
        for (const kind of [0, 1, 2]) {
          const [c, ct, cmax] = withF64([x, y, new Float64Array(n * m), new Float64Array(n * m)], ([xp, yp, cp, ctp]) => {
            const mx = ex().cost_matrix_f64(kind, xp, n, yp, m, d, cp, ctp);
            return [sd.viewF64(cp, n * m).slice(), sd.viewF64(ctp, n * m).slice(), mx] as const;
          });
          let want = 0;
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < m; j++) {
              let s = 0;
              for (let k = 0; k < d; k++) s += (x[i * d + k] - y[j * d + k]) ** 2;
              const v = kind === 0 ? s : kind === 1 ? s / 2 : Math.sqrt(s);
              want = Math.max(want, v);
              expect(Math.abs(c[i * m + j] - v)).toBeLessThanOrEqual(1e-15 * Math.max(1, v));
              expect(ct[j * n + i]).toBe(c[i * m + j]);
            }
          }
          expect(cmax).toBe(Math.max(...c));
          expect(Math.abs(cmax - want)).toBeLessThanOrEqual(1e-15 * want);
        }
      }
    });
  });
}
