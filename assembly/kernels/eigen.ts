// Symmetric eigendecomposition in f64: A = Zᵀ diag(w) Z, rows of Z orthonormal eigenvectors.
//
// 1. Householder tridiagonalization (Golub & Van Loan, Matrix Computations, 4th ed., §8.3.1):
//    for k = 0..n−3, H_k = I − β v vᵀ zeroes A[k, k+2:] (row k right of the subdiagonal,
//    which by symmetry is column k below it); A ← H_k A H_k as the rank-2 update
//    A₂₂ −= v wᵀ + w vᵀ with p = β A₂₂ v, w = p − (β pᵀv / 2) v. v is kept in row k of A.
//    Then T = Z A Zᵀ with Z = H_{n−3}···H_0, accumulated backwards (Z ← Z H_k, rows k+1..).
// 2. Implicit symmetric QR steps with the Wilkinson shift (GVL Alg. 8.3.2) on the unreduced
//    block [lo, hi], chasing the bulge with Givens rotations R = [[c, s], [−s, c]]:
//    T ← R T Rᵀ on rows/columns (k, k+1), Z ← R Z (rows k, k+1: contiguous, SIMD).
//    e[k] is deflated to 0 when |e[k]| <= ε (|d[k]| + |d[k+1]|), ε = 2⁻⁵².
// 3. Eigenvalues sorted ascending, rows of Z permuted with them.
// Cost ≈ (4/3)n³ for step 1 without vectors, ≈ (8/3)n³ with, plus ≈ 6n² per QR sweep on Z.

const EPS: f64 = 2.220446049250313e-16;

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function put(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

/** Σ a_i b_i over len f64. */
function dot(a: usize, b: usize, len: i32): f64 {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 3;
    s0 = f64x2.add(s0, f64x2.mul(v128.load(a + o), v128.load(b + o)));
    s1 = f64x2.add(s1, f64x2.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  const s = f64x2.add(s0, s1);
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < len; i++) r += at(a, i) * at(b, i);
  return r;
}

/** y −= alpha·x over len f64. */
function axmy(y: usize, alpha: f64, x: usize, len: i32): void {
  const va = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= len; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.sub(v128.load(y + o), f64x2.mul(va, v128.load(x + o))));
  }
  for (; i < len; i++) put(y, i, at(y, i) - alpha * at(x, i));
}

/** y −= a·u + b·v over len f64 (the rank-2 update of one row). */
function axmy2(y: usize, a: f64, u: usize, b: f64, v: usize, len: i32): void {
  const va = f64x2.splat(a), vb = f64x2.splat(b);
  let i = 0;
  for (; i + 2 <= len; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.sub(v128.load(y + o), f64x2.add(f64x2.mul(va, v128.load(u + o)), f64x2.mul(vb, v128.load(v + o)))));
  }
  for (; i < len; i++) put(y, i, at(y, i) - (a * at(u, i) + b * at(v, i)));
}

/** Rows p, q ← (c·p + s·q, −s·p + c·q) over len f64. */
function rotateRows(p: usize, q: usize, c: f64, s: f64, len: i32): void {
  const vc = f64x2.splat(c), vs = f64x2.splat(s);
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 3;
    const a0 = v128.load(p + o), b0 = v128.load(q + o), a1 = v128.load(p + o, 16), b1 = v128.load(q + o, 16);
    v128.store(p + o, f64x2.add(f64x2.mul(vc, a0), f64x2.mul(vs, b0)));
    v128.store(q + o, f64x2.sub(f64x2.mul(vc, b0), f64x2.mul(vs, a0)));
    v128.store(p + o, f64x2.add(f64x2.mul(vc, a1), f64x2.mul(vs, b1)), 16);
    v128.store(q + o, f64x2.sub(f64x2.mul(vc, b1), f64x2.mul(vs, a1)), 16);
  }
  for (; i + 2 <= len; i += 2) {
    const o = <usize>i << 3;
    const a = v128.load(p + o), b = v128.load(q + o);
    v128.store(p + o, f64x2.add(f64x2.mul(vc, a), f64x2.mul(vs, b)));
    v128.store(q + o, f64x2.sub(f64x2.mul(vc, b), f64x2.mul(vs, a)));
  }
  for (; i < len; i++) {
    const a = at(p, i), b = at(q, i);
    put(p, i, c * a + s * b);
    put(q, i, c * b - s * a);
  }
}

/**
 * Eigenvalues (ascending, in w) and, when wantVectors != 0, eigenvectors (row i of the
 * n×n matrix z is the unit eigenvector of w[i]) of the symmetric n×n row-major f64 matrix a,
 * which must be exactly symmetric and is overwritten. scratch: 3n f64. Returns the number of QR steps, or −1 when an eigenvalue
 * did not converge in 30n steps (never observed on finite input).
 */
export function eighF64(a: usize, n: i32, w: usize, z: usize, scratch: usize, wantVectors: i32): i32 {
  if (n == 0) return 0;
  const e = scratch;
  // two w buffers: the pending update's and the current step's
  let wPend = scratch + (<usize>n << 3), wCur = scratch + (<usize>(2 * n) << 3);
  const row = <usize>n << 3;
  // ---- 1. tridiagonalize; β_k is kept in a[k·n + k] once d[k] has been read ----
  // Fused (one pass over A₂₂ per step): step k's rank-2 update is applied to row k+1 at once
  // and to rows > k+1 lazily, in step k+1's pass that also forms the products A₂₂ v.
  let pending = false; // a rank-2 update (v in row k−1, w in wPend) still owed to rows > k
  for (let k = 0; k + 2 < n; k++) {
    const ak = a + <usize>k * row;
    put(w, k, at(ak, k));
    const L = n - k - 1;
    const x = ak + (<usize>(k + 1) << 3);
    let scale: f64 = 0;
    for (let i = 0; i < L; i++) scale = max<f64>(scale, Math.abs(at(x, i)));
    let tail: f64 = 0;
    if (scale > 0) {
      for (let i = 0; i < L; i++) put(x, i, at(x, i) / scale);
      for (let i = 1; i < L; i++) tail += at(x, i) * at(x, i);
    }
    let beta: f64 = 0;
    if (tail == 0) {
      // already tridiagonal in this row: H_k = I
      put(e, k, scale > 0 ? at(x, 0) * scale : 0);
      put(ak, k, 0);
    } else {
      const x0 = at(x, 0);
      const norm = Math.sqrt(x0 * x0 + tail);
      const alpha = x0 >= 0 ? -norm : norm;
      put(x, 0, x0 - alpha);
      beta = 2 / ((x0 - alpha) * (x0 - alpha) + tail);
      put(e, k, alpha * scale);
      put(ak, k, beta);
    }
    // one pass over rows k+1..n−1, columns k+1..: the owed update (v_{k−1} in row k−1 at
    // columns k.., w in wPend), then p_i = β A₂₂[i]·v
    const a22 = a + <usize>(k + 1) * row + (<usize>(k + 1) << 3);
    const pv0 = a + <usize>(k - 1) * row + (<usize>k << 3); // v_{k−1}, index t ↔ column k + t
    let pv: f64 = 0;
    for (let i = 0; i < L; i++) {
      const ri = a22 + <usize>i * row;
      if (pending) axmy2(ri, at(pv0, i + 1), wPend + 8, at(wPend, i + 1), pv0 + 8, L);
      if (beta != 0) {
        const pi = beta * dot(ri, x, L);
        put(wCur, i, pi);
        pv += pi * at(x, i);
      }
    }
    pending = false;
    if (beta == 0) continue;
    // w = p − (β pᵀv / 2) v
    const K = beta * pv / 2;
    for (let i = 0; i < L; i++) put(wCur, i, at(wCur, i) - K * at(x, i));
    // A₂₂ −= v wᵀ + w vᵀ: row k+1 now, the rest owed to the next step
    axmy2(a22, at(x, 0), wCur, at(wCur, 0), x, L);
    pending = true;
    const t = wPend; wPend = wCur; wCur = t;
  }
  if (pending) {
    // the last owed update reaches only a[n−1, n−1]: v, w indices 1 (columns n−1)
    const v = a + <usize>(n - 3) * row + (<usize>(n - 2) << 3);
    const last = a + <usize>(n - 1) * row + (<usize>(n - 1) << 3);
    store<f64>(last, load<f64>(last) - 2 * at(v, 1) * at(wPend, 1));
  }
  if (n >= 2) {
    put(w, n - 2, at(a + <usize>(n - 2) * row, n - 2));
    put(e, n - 2, at(a + <usize>(n - 2) * row, n - 1));
  }
  put(w, n - 1, at(a + <usize>(n - 1) * row, n - 1));
  put(e, n - 1, 0);
  if (wantVectors != 0) {
    memory.fill(z, 0, <usize>n * row);
    for (let i = 0; i < n; i++) put(z + <usize>i * row, i, 1);
    for (let k = n - 3; k >= 0; k--) {
      const ak = a + <usize>k * row;
      const beta = at(ak, k);
      if (beta == 0) continue;
      const v = ak + (<usize>(k + 1) << 3);
      const L = n - k - 1;
      for (let i = k + 1; i < n; i++) {
        const zi = z + <usize>i * row + (<usize>(k + 1) << 3);
        axmy(zi, beta * dot(zi, v, L), v, L);
      }
    }
  }
  // ---- 2. implicit QR with Wilkinson shifts ----
  let steps = 0;
  const maxSteps = 30 * n;
  let hi = n - 1;
  while (hi > 0) {
    if (Math.abs(at(e, hi - 1)) <= EPS * (Math.abs(at(w, hi - 1)) + Math.abs(at(w, hi)))) {
      put(e, hi - 1, 0);
      hi--;
      continue;
    }
    let lo = hi - 1;
    while (lo > 0 && Math.abs(at(e, lo - 1)) > EPS * (Math.abs(at(w, lo - 1)) + Math.abs(at(w, lo)))) lo--;
    if (lo > 0) put(e, lo - 1, 0);
    if (steps++ >= maxSteps) return -1;
    const eh = at(e, hi - 1);
    const delta = (at(w, hi - 1) - at(w, hi)) / 2;
    const r0 = Math.hypot(delta, eh);
    const mu = at(w, hi) - eh * (eh / (delta + (delta >= 0 ? r0 : -r0)));
    let xv = at(w, lo) - mu, zv = at(e, lo);
    for (let k = lo; k < hi; k++) {
      const r = Math.hypot(xv, zv);
      let c: f64 = 1, s: f64 = 0;
      if (r > 0) { c = xv / r; s = zv / r; }
      if (k > lo) put(e, k - 1, r);
      const da = at(w, k), b = at(e, k), dc = at(w, k + 1);
      const cs = c * s, cc = c * c, ss = s * s;
      put(w, k, cc * da + 2 * cs * b + ss * dc);
      put(w, k + 1, ss * da - 2 * cs * b + cc * dc);
      put(e, k, cs * (dc - da) + (cc - ss) * b);
      if (k + 1 < hi) {
        const en = at(e, k + 1);
        zv = s * en;
        put(e, k + 1, c * en);
        xv = at(e, k);
      }
      if (wantVectors != 0) rotateRows(z + <usize>k * row, z + <usize>(k + 1) * row, c, s, n);
    }
  }
  // ---- 3. sort ascending ----
  for (let i = 0; i + 1 < n; i++) {
    let best = i;
    for (let j = i + 1; j < n; j++) if (at(w, j) < at(w, best)) best = j;
    if (best != i) {
      const t = at(w, i);
      put(w, i, at(w, best));
      put(w, best, t);
      if (wantVectors != 0) rotateRows(z + <usize>i * row, z + <usize>best * row, 0, 1, n);
    }
  }
  return steps;
}
