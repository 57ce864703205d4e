// Pairwise kernels (assembly/kernels/pairwise.ts) at tail sizes: f64 Gram tiles of f32 rows,
// gemm_nt_f64 (full, accumulate, upper triangle), kernel sums (symmetric and not), quickselect.
import { describe, expect, test } from 'vitest';
import type { Saddle } from '../../bindings/index.js';
import { statsExports } from '../../bindings/metrics/common.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { mulberry32, randomF32 } from '../helpers/random.js';

const SIZES = [0, 1, 3, 4, 5, 15, 16, 17, 65];

for (const build of BUILDS) {
  describe(`pairwise kernels (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    test('gram_tile_f32 against f64 dot products; ‖x‖² from sqnorms equals the Gram diagonal bit for bit', () => {
      for (const d of [1, 3, 4, 5, 17, 33]) {
        for (const [bi, bj] of [[1, 1], [3, 2], [5, 7], [2, 4]]) {
          const seed = d * 100 + bi * 10 + bj;
          const x = randomF32(bi * d, seed), y = randomF32(bj * d, seed + 1);
          const X = sd.f32(x), Y = sd.f32(y), out = sd.f64(bi * 8), nx = sd.f64(bi);
          statsExports(sd).gram_tile_f32(X.ptr, d, bi, Y.ptr, d, bj, d, out.ptr, 8);
          const g = out.toArray();
          for (let i = 0; i < bi; i++) for (let j = 0; j < bj; j++) {
            let s = 0;
            for (let k = 0; k < d; k++) s += x[i * d + k] * y[j * d + k];
            expect(Math.abs(g[i * 8 + j] - s), `seed ${seed}`).toBeLessThan(1e-14 * d);
          }
          statsExports(sd).gram_tile_f32(X.ptr, d, bi, X.ptr, d, bi, d, out.ptr, 8);
          statsExports(sd).sqnorms_f32(X.ptr, bi, d, nx.ptr);
          const self = out.toArray(), norms = nx.toArray();
          for (let i = 0; i < bi; i++) expect(self[i * 8 + i]).toBe(norms[i]);
          X.dispose(); Y.dispose(); out.dispose(); nx.dispose();
        }
      }
    });

    test('gemm_nt_f64: C = A Bᵀ, C += A Bᵀ and the upper triangle only, at tail sizes', () => {
      for (const m of SIZES) {
        for (const k of [1, 2, 3, 300]) {
          const n = m === 0 ? 3 : m + 1, seed = m * 1000 + k;
          const next = mulberry32(seed);
          const a = Float64Array.from({ length: m * k }, () => next() - 0.5), b = Float64Array.from({ length: n * k }, () => next() - 0.5);
          const c0 = Float64Array.from({ length: m * n }, () => next());
          const A = sd.f64(a), B = sd.f64(b), C = sd.f64(c0);
          const ref = (i: number, j: number) => { let s = 0; for (let t = 0; t < k; t++) s += a[i * k + t] * b[j * k + t]; return s; };
          statsExports(sd).gemm_nt_f64(m, n, k, A.ptr, k, B.ptr, k, C.ptr, n, 1, 0);
          let c = C.toArray();
          for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) expect(Math.abs(c[i * n + j] - c0[i * n + j] - ref(i, j)), `seed ${seed}`).toBeLessThan(1e-13 * k);
          C.set(c0);
          statsExports(sd).gemm_nt_f64(m, n, k, A.ptr, k, B.ptr, k, C.ptr, n, 0, 1);
          c = C.toArray();
          for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
            if (j >= i) expect(Math.abs(c[i * n + j] - ref(i, j)), `upper seed ${seed}`).toBeLessThan(1e-13 * k);
            else expect(c[i * n + j], `below the diagonal untouched, seed ${seed}`).toBe(c0[i * n + j]);
          }
          A.dispose(); B.dispose(); C.dispose();
        }
      }
    });

    test('kernel_sums_f32 with same = 1 equals the full computation; diagonal sums', () => {
      for (const n of [1, 5, 64, 65, 130]) {
        const d = 7, x = randomF32(n * d, n);
        const X = sd.f32(x), nx = sd.f64(n), tile = sd.f64(64 * 64), out = sd.f64(2), params = sd.f64([-0.3]);
        const ex = statsExports(sd);
        ex.sqnorms_f32(X.ptr, n, d, nx.ptr);
        ex.kernel_sums_f32(1, params.ptr, 1, X.ptr, n, X.ptr, n, d, 1, nx.ptr, nx.ptr, tile.ptr, out.ptr);
        const [symTotal, symDiag] = out.toArray();
        ex.kernel_sums_f32(1, params.ptr, 1, X.ptr, n, X.ptr, n, d, 0, nx.ptr, nx.ptr, tile.ptr, out.ptr);
        const [total, diag] = out.toArray();
        expect(symDiag).toBe(n); // exp(0) on the exact-zero self distances
        expect(diag).toBe(n);
        expect(Math.abs(symTotal - total)).toBeLessThan(1e-12 * total);
        X.dispose(); nx.dispose(); tile.dispose(); out.dispose(); params.dispose();
      }
    });

    test('select_f64 returns the k-th smallest for every k', () => {
      const next = mulberry32(5);
      for (const n of [1, 2, 3, 10, 101]) {
        const v = Float64Array.from({ length: n }, () => Math.floor(next() * 7)); // many ties
        const sorted = Array.from(v).sort((p, q) => p - q);
        for (let k = 0; k < n; k++) {
          const A = sd.f64(v);
          expect(statsExports(sd).select_f64(A.ptr, n, k), `n ${n} k ${k}`).toBe(sorted[k]);
          A.dispose();
        }
      }
    });
  });
}
