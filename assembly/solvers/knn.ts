// k-nearest-neighbour radii and ball membership counts for precision/recall
// (Kynkäänniemi et al. 2019) and density/coverage (Naeem et al. 2020).
// Distances are squared Euclidean from f64 Gram tiles (kernels/pairwise.ts); comparing
// squared distances with squared radii gives the same decisions as the distances.

import { TILE, gramTileF32, sqdistTile } from "../kernels/pairwise";

/**
 * out[i] = squared distance from x_i to its k-th nearest neighbour among the other rows
 * (j ≠ i; duplicates of x_i count, at distance 0). Needs 1 <= k < n. nx: row squared norms;
 * tile: TILE² f64; best: TILE·k f64 scratch (each row's k smallest, sorted).
 */
export function knnSqRadiiF32(x: usize, n: i32, d: i32, k: i32, nx: usize, tile: usize, best: usize, out: usize): void {
  const row = <usize>d << 2;
  for (let i0 = 0; i0 < n; i0 += TILE) {
    const bi = min(TILE, n - i0);
    for (let t = 0; t < bi * k; t++) store<f64>(best + (<usize>t << 3), Infinity);
    for (let j0 = 0; j0 < n; j0 += TILE) {
      const bj = min(TILE, n - j0);
      gramTileF32(x + <usize>i0 * row, d, bi, x + <usize>j0 * row, d, bj, d, tile, TILE);
      sqdistTile(tile, bi, bj, nx, nx, i0, j0);
      for (let i = 0; i < bi; i++) {
        const b = best + (<usize>(i * k) << 3);
        const r = tile + (<usize>(i * TILE) << 3);
        for (let j = 0; j < bj; j++) {
          if (i0 + i == j0 + j) continue;
          const v = load<f64>(r + (<usize>j << 3));
          if (!(v < load<f64>(b + (<usize>(k - 1) << 3)))) continue;
          // insert v into the sorted list, dropping the largest
          let p = k - 1;
          while (p > 0 && load<f64>(b + (<usize>(p - 1) << 3)) > v) {
            store<f64>(b + (<usize>p << 3), load<f64>(b + (<usize>(p - 1) << 3)));
            p--;
          }
          store<f64>(b + (<usize>p << 3), v);
        }
      }
    }
    for (let i = 0; i < bi; i++) store<f64>(out + (<usize>(i0 + i) << 3), load<f64>(best + (<usize>(i * k + k - 1) << 3)));
  }
}

/**
 * For reference rows r_i (nr×d) with squared radii rad2[i] and query rows q_j (nq×d):
 *   counts[j] = #{i : ‖r_i − q_j‖² < rad2[i]}     (i32, nq)
 *   minOut[i] = min_j ‖r_i − q_j‖²                (f64, nr; +Inf when nq = 0)
 * nr_, nq_: row squared norms; tile: TILE² f64.
 */
export function ballCountsF32(r: usize, nr: i32, q: usize, nq: i32, d: i32, rad2: usize, nrn: usize, nqn: usize,
  tile: usize, counts: usize, minOut: usize): void {
  const row = <usize>d << 2;
  for (let j = 0; j < nq; j++) store<i32>(counts + (<usize>j << 2), 0);
  for (let i = 0; i < nr; i++) store<f64>(minOut + (<usize>i << 3), Infinity);
  for (let i0 = 0; i0 < nr; i0 += TILE) {
    const bi = min(TILE, nr - i0);
    for (let j0 = 0; j0 < nq; j0 += TILE) {
      const bj = min(TILE, nq - j0);
      gramTileF32(r + <usize>i0 * row, d, bi, q + <usize>j0 * row, d, bj, d, tile, TILE);
      sqdistTile(tile, bi, bj, nrn, nqn, i0, j0);
      for (let i = 0; i < bi; i++) {
        const t = tile + (<usize>(i * TILE) << 3);
        const rad = load<f64>(rad2 + (<usize>(i0 + i) << 3));
        let m = load<f64>(minOut + (<usize>(i0 + i) << 3));
        for (let j = 0; j < bj; j++) {
          const v = load<f64>(t + (<usize>j << 3));
          if (v < rad) {
            const c = counts + (<usize>(j0 + j) << 2);
            store<i32>(c, load<i32>(c) + 1);
          }
          m = min<f64>(m, v);
        }
        store<f64>(minOut + (<usize>(i0 + i) << 3), m);
      }
    }
  }
}
