// Eigenvalues of a small real nonsymmetric matrix, in f64 (minimax analysis: Jacobians of
// game vector fields and linearized update operators, n up to a few hundred).
//
//   1. balancing (Parlett & Reinsch 1969): a diagonal similarity by powers of 2 that evens
//      row and column norms, so the QR iteration's absolute tolerances are relative ones;
//   2. Householder reduction to upper Hessenberg form, A ← QᵀAQ (Golub & Van Loan §7.4.3);
//   3. Francis' implicit double-shift QR on the Hessenberg matrix (Golub & Van Loan
//      Alg. 7.5.1/7.5.2), deflating 1×1 and 2×2 blocks at negligible subdiagonals, with
//      the classic exceptional shifts after 10 and 20 stalled iterations (Wilkinson &
//      Reinsch, Handbook for Automatic Computation II, hqr).
// O(n³). Only eigenvalues are computed (no Schur vectors). Nothing is allocated: the
// matrix is overwritten; the Householder vector lives in a static scratch of MAX_N.

import { reserveStatic } from "../mem";

const MAX_N: i32 = 512;
const SCRATCH: usize = reserveStatic(MAX_N * 8, 16);
const RADIX: f64 = 2.0;

// @ts-ignore: decorator
@inline function at(a: usize, n: i32, i: i32, j: i32): usize { return a + ((<usize>i * <usize>n + <usize>j) << 3); }
// @ts-ignore: decorator
@inline function get(a: usize, n: i32, i: i32, j: i32): f64 { return load<f64>(at(a, n, i, j)); }
// @ts-ignore: decorator
@inline function set(a: usize, n: i32, i: i32, j: i32, v: f64): void { store<f64>(at(a, n, i, j), v); }
// @ts-ignore: decorator
@inline function withSign(x: f64, s: f64): f64 { return s >= 0 ? Math.abs(x) : -Math.abs(x); }

function balance(a: usize, n: i32): void {
  let done = false;
  while (!done) {
    done = true;
    for (let i = 0; i < n; i++) {
      let r: f64 = 0, c: f64 = 0;
      for (let j = 0; j < n; j++) {
        if (j == i) continue;
        c += Math.abs(get(a, n, j, i));
        r += Math.abs(get(a, n, i, j));
      }
      if (c == 0 || r == 0) continue;
      const s = c + r;
      let f: f64 = 1;
      let g = r / RADIX;
      while (c < g) { f *= RADIX; c *= RADIX * RADIX; }
      g = r * RADIX;
      while (c > g) { f /= RADIX; c /= RADIX * RADIX; }
      if ((c + r) / f < 0.95 * s) {
        done = false;
        const inv = 1 / f;
        for (let j = 0; j < n; j++) set(a, n, i, j, get(a, n, i, j) * inv);
        for (let j = 0; j < n; j++) set(a, n, j, i, get(a, n, j, i) * f);
      }
    }
  }
}

function hessenberg(a: usize, n: i32): void {
  const v = SCRATCH;
  for (let k = 0; k < n - 2; k++) {
    let norm2: f64 = 0;
    for (let i = k + 1; i < n; i++) { const x = get(a, n, i, k); norm2 += x * x; }
    if (norm2 == 0) continue;
    const x0 = get(a, n, k + 1, k);
    const alpha = x0 >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    // v = x − αe₁; H = I − βvvᵀ with β = 2/‖v‖² maps x to αe₁
    let v2: f64 = 0;
    for (let i = k + 1; i < n; i++) {
      const vi = i == k + 1 ? x0 - alpha : get(a, n, i, k);
      store<f64>(v + (<usize>i << 3), vi);
      v2 += vi * vi;
    }
    if (v2 == 0) continue;
    const beta = 2 / v2;
    // A ← HA on rows k+1.., columns k..
    for (let j = k; j < n; j++) {
      let s: f64 = 0;
      for (let i = k + 1; i < n; i++) s += load<f64>(v + (<usize>i << 3)) * get(a, n, i, j);
      s *= beta;
      for (let i = k + 1; i < n; i++) set(a, n, i, j, get(a, n, i, j) - s * load<f64>(v + (<usize>i << 3)));
    }
    // A ← AH on columns k+1.., every row
    for (let i = 0; i < n; i++) {
      let s: f64 = 0;
      for (let j = k + 1; j < n; j++) s += get(a, n, i, j) * load<f64>(v + (<usize>j << 3));
      s *= beta;
      for (let j = k + 1; j < n; j++) set(a, n, i, j, get(a, n, i, j) - s * load<f64>(v + (<usize>j << 3)));
    }
    set(a, n, k + 1, k, alpha);
    for (let i = k + 2; i < n; i++) set(a, n, i, k, 0);
  }
}

/**
 * Eigenvalues of the n×n row-major f64 matrix at `a` (overwritten): real parts to `wr`,
 * imaginary parts to `wi` (f64 × n each). Complex pairs come out adjacent, the one with
 * positive imaginary part second. Returns 0, or -1 if the QR iteration did not converge
 * (more than 60 iterations on one eigenvalue), or -2 if n > 512.
 */
export function eigen_general_f64(a: usize, n: i32, wr: usize, wi: usize): i32 {
  if (n > MAX_N) return -2;
  if (n <= 0) return 0;
  balance(a, n);
  hessenberg(a, n);
  let anorm: f64 = 0;
  for (let i = 0; i < n; i++) for (let j = max(i - 1, 0); j < n; j++) anorm += Math.abs(get(a, n, i, j));
  let nn = n - 1;
  let t: f64 = 0; // accumulated exceptional shifts
  let its = 0;
  let p: f64 = 0, q: f64 = 0, r: f64 = 0, s: f64 = 0, w: f64 = 0, x: f64 = 0, y: f64 = 0, z: f64 = 0;
  while (nn >= 0) {
    // the largest l with a negligible subdiagonal a[l][l−1] (l = 0 if none)
    let l = nn;
    for (; l >= 1; l--) {
      s = Math.abs(get(a, n, l - 1, l - 1)) + Math.abs(get(a, n, l, l));
      if (s == 0) s = anorm;
      if (Math.abs(get(a, n, l, l - 1)) + s == s) { set(a, n, l, l - 1, 0); break; }
    }
    x = get(a, n, nn, nn);
    if (l == nn) { // a 1×1 block deflates
      store<f64>(wr + (<usize>nn << 3), x + t);
      store<f64>(wi + (<usize>nn << 3), 0);
      nn--; its = 0;
      continue;
    }
    y = get(a, n, nn - 1, nn - 1);
    w = get(a, n, nn, nn - 1) * get(a, n, nn - 1, nn);
    if (l == nn - 1) { // a 2×2 block: its eigenvalues in closed form
      p = 0.5 * (y - x);
      q = p * p + w;
      z = Math.sqrt(Math.abs(q));
      x += t;
      if (q >= 0) {
        z = p + withSign(z, p);
        store<f64>(wr + (<usize>(nn - 1) << 3), x + z);
        store<f64>(wr + (<usize>nn << 3), z != 0 ? x - w / z : x + z);
        store<f64>(wi + (<usize>(nn - 1) << 3), 0);
        store<f64>(wi + (<usize>nn << 3), 0);
      } else {
        store<f64>(wr + (<usize>(nn - 1) << 3), x + p);
        store<f64>(wr + (<usize>nn << 3), x + p);
        store<f64>(wi + (<usize>(nn - 1) << 3), -z);
        store<f64>(wi + (<usize>nn << 3), z);
      }
      nn -= 2; its = 0;
      continue;
    }
    if (its == 60) return -1;
    if (its == 10 || its == 20) { // exceptional shift
      t += x;
      for (let i = 0; i <= nn; i++) set(a, n, i, i, get(a, n, i, i) - x);
      s = Math.abs(get(a, n, nn, nn - 1)) + Math.abs(get(a, n, nn - 1, nn - 2));
      x = 0.75 * s; y = x;
      w = -0.4375 * s * s;
    }
    its++;
    // the first column of (H − σ₁I)(H − σ₂I), started at the lowest m where two consecutive
    // small subdiagonals let the bulge start without disturbing the rest
    let m = nn - 2;
    for (; m >= l; m--) {
      z = get(a, n, m, m);
      r = x - z;
      s = y - z;
      p = (r * s - w) / get(a, n, m + 1, m) + get(a, n, m, m + 1);
      q = get(a, n, m + 1, m + 1) - z - r - s;
      r = get(a, n, m + 2, m + 1);
      s = Math.abs(p) + Math.abs(q) + Math.abs(r);
      p /= s; q /= s; r /= s;
      if (m == l) break;
      const u = Math.abs(get(a, n, m, m - 1)) * (Math.abs(q) + Math.abs(r));
      const vv = Math.abs(p) * (Math.abs(get(a, n, m - 1, m - 1)) + Math.abs(z) + Math.abs(get(a, n, m + 1, m + 1)));
      if (u + vv == vv) break;
    }
    for (let i = m + 2; i <= nn; i++) {
      set(a, n, i, i - 2, 0);
      if (i != m + 2) set(a, n, i, i - 3, 0);
    }
    // chase the bulge with 3×3 Householder reflections
    for (let k = m; k <= nn - 1; k++) {
      if (k != m) {
        p = get(a, n, k, k - 1);
        q = get(a, n, k + 1, k - 1);
        r = k != nn - 1 ? get(a, n, k + 2, k - 1) : 0;
        x = Math.abs(p) + Math.abs(q) + Math.abs(r);
        if (x != 0) { p /= x; q /= x; r /= x; }
      }
      s = withSign(Math.sqrt(p * p + q * q + r * r), p);
      if (s == 0) continue;
      if (k == m) {
        if (l != m) set(a, n, k, k - 1, -get(a, n, k, k - 1));
      } else {
        set(a, n, k, k - 1, -s * x);
      }
      p += s;
      x = p / s; y = q / s; z = r / s;
      q /= p; r /= p;
      for (let j = k; j <= nn; j++) { // rows k, k+1, k+2
        p = get(a, n, k, j) + q * get(a, n, k + 1, j);
        if (k != nn - 1) {
          p += r * get(a, n, k + 2, j);
          set(a, n, k + 2, j, get(a, n, k + 2, j) - p * z);
        }
        set(a, n, k + 1, j, get(a, n, k + 1, j) - p * y);
        set(a, n, k, j, get(a, n, k, j) - p * x);
      }
      const last = nn < k + 3 ? nn : k + 3;
      for (let i = l; i <= last; i++) { // columns k, k+1, k+2
        p = x * get(a, n, i, k) + y * get(a, n, i, k + 1);
        if (k != nn - 1) {
          p += z * get(a, n, i, k + 2);
          set(a, n, i, k + 2, get(a, n, i, k + 2) - p * r);
        }
        set(a, n, i, k + 1, get(a, n, i, k + 1) - p * q);
        set(a, n, i, k, get(a, n, i, k) - p);
      }
    }
  }
  return 0;
}
