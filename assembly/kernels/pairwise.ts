// Pairwise products, squared distances and kernel values between rows of row-major matrices,
// accumulated in f64. Used by the metric solvers (MMD, KID, k-NN manifolds, Fréchet).
//
// Dot products of f32 rows: every product x_k·y_k of two f32 is exact in f64; the sum runs
// in one f64x2 accumulator (lane 0: k ≡ 0, 2 mod 4; lane 1: k ≡ 1, 3 mod 4, added in that
// order), then lane 0 + lane 1, then the scalar tail k >= 4⌊d/4⌋. Every path (the 2×2
// register block, its edges and the single-row norm) adds in exactly this order, so
// x·x computed as a norm and as a Gram entry has the same bits and the squared distance
// ‖x‖² + ‖y‖² − 2x·y of a row with itself is exactly 0.
// Only separate mul and add are used (never a fused madd): both builds give the same bits.

// Kernel kinds (k(x, y) from the dot product g = x·y and the squared distance D = ‖x − y‖²);
// params is an f64 array whose layout depends on the kind:
export const KERNEL_LINEAR: i32 = 0;    // g
export const KERNEL_RBF: i32 = 1;       // Σ_s exp(p[s]·D), p[s] = −1/(2σ_s²), s < nparams
export const KERNEL_POLY: i32 = 2;      // (p[0]·g + p[1])^p[2]
export const KERNEL_LAPLACIAN: i32 = 3; // exp(p[0]·√D), p[0] = −1/σ
export const KERNEL_IMQ: i32 = 4;       // (p[0] + D)^(−p[1]), p[0] = c², p[1] = β
export const KERNEL_DISTANCE: i32 = 5;  // −√D (energy distance as an MMD)

/** Rows per tile of the solvers' pairwise loops (tile scratch: TILE² f64). */
export const TILE: i32 = 64;

// ---- dot products ----

// @ts-ignore: decorator
@inline function lo(v: v128): v128 { return f64x2.promote_low_f32x4(v); }
// @ts-ignore: decorator
@inline function hi(v: v128): v128 { return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)); }
// @ts-ignore: decorator
@inline function acc(s: v128, a: v128, b: v128): v128 {
  return f64x2.add(f64x2.add(s, f64x2.mul(lo(a), lo(b))), f64x2.mul(hi(a), hi(b)));
}
// @ts-ignore: decorator
@inline function finish(s: v128, a: usize, b: usize, k0: i32, d: i32): f64 {
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  let t: f64 = 0;
  for (let k = k0; k < d; k++) t += <f64>load<f32>(a + (<usize>k << 2)) * <f64>load<f32>(b + (<usize>k << 2));
  return r + t;
}

/** x·y of two f32 rows of length d, f64 accumulation (the order stated above). */
export function dotF32(a: usize, b: usize, d: i32): f64 {
  let s = f64x2.splat(0);
  let k = 0;
  for (; k + 4 <= d; k += 4) {
    const o = <usize>k << 2;
    s = acc(s, v128.load(a + o), v128.load(b + o));
  }
  return finish(s, a, b, k, d);
}

/** out[i] = ‖x_i‖² (f64) for the n rows of x (row stride d). */
export function sqnormsF32(x: usize, n: i32, d: i32, out: usize): void {
  const row = <usize>d << 2;
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), dotF32(x + <usize>i * row, x + <usize>i * row, d));
}

/**
 * out[i·ldo + j] = x_i · y_j (f64) for i < bi, j < bj; x rows at x + i·ldx·4 bytes, y rows at
 * y + j·ldy·4, length d.
 */
export function gramTileF32(x: usize, ldx: i32, bi: i32, y: usize, ldy: i32, bj: i32, d: i32, out: usize, ldo: i32): void {
  const sx = <usize>ldx << 2, sy = <usize>ldy << 2;
  let i = 0;
  for (; i + 2 <= bi; i += 2) {
    const a0 = x + <usize>i * sx, a1 = a0 + sx;
    const o0 = out + (<usize>(i * ldo) << 3), o1 = o0 + (<usize>ldo << 3);
    let j = 0;
    for (; j + 2 <= bj; j += 2) {
      const b0 = y + <usize>j * sy, b1 = b0 + sy;
      let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s10 = f64x2.splat(0), s11 = f64x2.splat(0);
      let k = 0;
      for (; k + 4 <= d; k += 4) {
        const o = <usize>k << 2;
        const va0 = v128.load(a0 + o), va1 = v128.load(a1 + o), vb0 = v128.load(b0 + o), vb1 = v128.load(b1 + o);
        s00 = acc(s00, va0, vb0); s01 = acc(s01, va0, vb1);
        s10 = acc(s10, va1, vb0); s11 = acc(s11, va1, vb1);
      }
      store<f64>(o0 + (<usize>j << 3), finish(s00, a0, b0, k, d));
      store<f64>(o0 + (<usize>j << 3), finish(s01, a0, b1, k, d), 8);
      store<f64>(o1 + (<usize>j << 3), finish(s10, a1, b0, k, d));
      store<f64>(o1 + (<usize>j << 3), finish(s11, a1, b1, k, d), 8);
    }
    for (; j < bj; j++) {
      const b0 = y + <usize>j * sy;
      store<f64>(o0 + (<usize>j << 3), dotF32(a0, b0, d));
      store<f64>(o1 + (<usize>j << 3), dotF32(a1, b0, d));
    }
  }
  for (; i < bi; i++) {
    const a0 = x + <usize>i * sx, o0 = out + (<usize>(i * ldo) << 3);
    for (let j = 0; j < bj; j++) store<f64>(o0 + (<usize>j << 3), dotF32(a0, y + <usize>j * sy, d));
  }
}

/** Σ_k a_k b_k over f64 rows of length d (f64x2 accumulator, then lanes, then the tail). */
// @ts-ignore: decorator
@inline function dotF64(a: usize, b: usize, d: i32): f64 {
  let s = f64x2.splat(0);
  let k = 0;
  for (; k + 2 <= d; k += 2) {
    const o = <usize>k << 3;
    s = f64x2.add(s, f64x2.mul(v128.load(a + o), v128.load(b + o)));
  }
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  if (k < d) r += load<f64>(a + (<usize>k << 3)) * load<f64>(b + (<usize>k << 3));
  return r;
}

/**
 * C[i, j] (+)= Σ_k A[i, k]·B[j, k] for i < m, j < n (f64, row-major, leading dimensions in
 * elements). accumulate != 0 adds to C; upper != 0 computes only j >= i (C's lower
 * triangle is left untouched). k is blocked by KB so a block of B rows stays in cache.
 */
export function gemmNtF64(m: i32, n: i32, kk: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32,
  accumulate: i32, upper: i32): void {
  const KB = 256;
  if (accumulate == 0) {
    for (let i = 0; i < m; i++) {
      const j0 = upper != 0 ? i : 0;
      for (let j = j0; j < n; j++) store<f64>(c + (<usize>(i * ldc + j) << 3), 0);
    }
  }
  const sa = <usize>lda << 3, sb = <usize>ldb << 3, sc = <usize>ldc << 3;
  for (let k0 = 0; k0 < kk; k0 += KB) {
    const kb = min(KB, kk - k0);
    const ko = <usize>k0 << 3;
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const a0 = a + <usize>i * sa + ko, a1 = a0 + sa, a2 = a1 + sa, a3 = a2 + sa;
      const c0 = c + <usize>i * sc;
      let j = upper != 0 ? i : 0;
      for (; j + 2 <= n; j += 2) {
        const b0 = b + <usize>j * sb + ko, b1 = b0 + sb;
        let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s10 = f64x2.splat(0), s11 = f64x2.splat(0);
        let s20 = f64x2.splat(0), s21 = f64x2.splat(0), s30 = f64x2.splat(0), s31 = f64x2.splat(0);
        let k = 0;
        for (; k + 2 <= kb; k += 2) {
          const o = <usize>k << 3;
          const vb0 = v128.load(b0 + o), vb1 = v128.load(b1 + o);
          const va0 = v128.load(a0 + o), va1 = v128.load(a1 + o);
          s00 = f64x2.add(s00, f64x2.mul(va0, vb0)); s01 = f64x2.add(s01, f64x2.mul(va0, vb1));
          s10 = f64x2.add(s10, f64x2.mul(va1, vb0)); s11 = f64x2.add(s11, f64x2.mul(va1, vb1));
          const va2 = v128.load(a2 + o), va3 = v128.load(a3 + o);
          s20 = f64x2.add(s20, f64x2.mul(va2, vb0)); s21 = f64x2.add(s21, f64x2.mul(va2, vb1));
          s30 = f64x2.add(s30, f64x2.mul(va3, vb0)); s31 = f64x2.add(s31, f64x2.mul(va3, vb1));
        }
        let r00 = f64x2.extract_lane(s00, 0) + f64x2.extract_lane(s00, 1);
        let r01 = f64x2.extract_lane(s01, 0) + f64x2.extract_lane(s01, 1);
        let r10 = f64x2.extract_lane(s10, 0) + f64x2.extract_lane(s10, 1);
        let r11 = f64x2.extract_lane(s11, 0) + f64x2.extract_lane(s11, 1);
        let r20 = f64x2.extract_lane(s20, 0) + f64x2.extract_lane(s20, 1);
        let r21 = f64x2.extract_lane(s21, 0) + f64x2.extract_lane(s21, 1);
        let r30 = f64x2.extract_lane(s30, 0) + f64x2.extract_lane(s30, 1);
        let r31 = f64x2.extract_lane(s31, 0) + f64x2.extract_lane(s31, 1);
        if (k < kb) {
          const o = <usize>k << 3;
          const x0 = load<f64>(a0 + o), x1 = load<f64>(a1 + o), x2 = load<f64>(a2 + o), x3 = load<f64>(a3 + o);
          const y0 = load<f64>(b0 + o), y1 = load<f64>(b1 + o);
          r00 += x0 * y0; r01 += x0 * y1; r10 += x1 * y0; r11 += x1 * y1;
          r20 += x2 * y0; r21 += x2 * y1; r30 += x3 * y0; r31 += x3 * y1;
        }
        const cj = c0 + (<usize>j << 3);
        // entries below the diagonal of an upper-only call are skipped
        store<f64>(cj, load<f64>(cj) + r00);
        store<f64>(cj, load<f64>(cj, 8) + r01, 8);
        if (upper == 0 || j + 1 >= i + 1) {
          if (upper == 0 || j >= i + 1) store<f64>(cj + sc, load<f64>(cj + sc) + r10);
          store<f64>(cj + sc, load<f64>(cj + sc, 8) + r11, 8);
        }
        if (upper == 0 || j + 1 >= i + 2) {
          if (upper == 0 || j >= i + 2) store<f64>(cj + 2 * sc, load<f64>(cj + 2 * sc) + r20);
          store<f64>(cj + 2 * sc, load<f64>(cj + 2 * sc, 8) + r21, 8);
        }
        if (upper == 0 || j + 1 >= i + 3) {
          if (upper == 0 || j >= i + 3) store<f64>(cj + 3 * sc, load<f64>(cj + 3 * sc) + r30);
          store<f64>(cj + 3 * sc, load<f64>(cj + 3 * sc, 8) + r31, 8);
        }
      }
      for (; j < n; j++) {
        const b0 = b + <usize>j * sb + ko;
        for (let r = 0; r < 4; r++) {
          if (upper != 0 && j < i + r) continue;
          const cj = c0 + <usize>r * sc + (<usize>j << 3);
          store<f64>(cj, load<f64>(cj) + dotF64(a0 + <usize>r * sa, b0, kb));
        }
      }
    }
    for (; i < m; i++) {
      const a0 = a + <usize>i * sa + ko, c0 = c + <usize>i * sc;
      for (let j = upper != 0 ? i : 0; j < n; j++) {
        const cj = c0 + (<usize>j << 3);
        store<f64>(cj, load<f64>(cj) + dotF64(a0, b + <usize>j * sb + ko, kb));
      }
    }
  }
}

// ---- kernel values ----

/** k(x, y) from g = x·y and D = ‖x − y‖² (see the kinds above). */
// @ts-ignore: decorator
@inline export function kernelValue(kind: i32, params: usize, nparams: i32, g: f64, dist2: f64): f64 {
  if (kind == KERNEL_LINEAR) return g;
  if (kind == KERNEL_RBF) {
    let s: f64 = 0;
    for (let p = 0; p < nparams; p++) s += Math.exp(load<f64>(params + (<usize>p << 3)) * dist2);
    return s;
  }
  if (kind == KERNEL_POLY) {
    const base = load<f64>(params) * g + load<f64>(params, 8);
    const deg = load<f64>(params, 16);
    if (deg == 3) return base * base * base;
    if (deg == 2) return base * base;
    if (deg == 1) return base;
    return Math.pow(base, deg);
  }
  if (kind == KERNEL_LAPLACIAN) return Math.exp(load<f64>(params) * Math.sqrt(dist2));
  if (kind == KERNEL_IMQ) {
    const beta = load<f64>(params, 8), t = load<f64>(params) + dist2;
    return beta == 0.5 ? 1 / Math.sqrt(t) : Math.pow(t, -beta);
  }
  return -Math.sqrt(dist2);
}

/** Whether the kind needs D (and so the row norms). */
// @ts-ignore: decorator
@inline export function needsDistance(kind: i32): bool {
  return kind != KERNEL_LINEAR && kind != KERNEL_POLY;
}

/**
 * Turns a tile of dot products into kernel values in place:
 * t[i·TILE + j] = k(x_{i0+i}, y_{j0+j}) with D = max(nx[i0+i] + ny[j0+j] − 2g, 0).
 */
export function kernelTile(kind: i32, params: usize, nparams: i32, t: usize, bi: i32, bj: i32,
  nx: usize, ny: usize, i0: i32, j0: i32): void {
  const dist = needsDistance(kind);
  for (let i = 0; i < bi; i++) {
    const row = t + (<usize>(i * TILE) << 3);
    const ni = dist ? load<f64>(nx + (<usize>(i0 + i) << 3)) : 0;
    for (let j = 0; j < bj; j++) {
      const g = load<f64>(row + (<usize>j << 3));
      let d2: f64 = 0;
      if (dist) d2 = max<f64>(ni + load<f64>(ny + (<usize>(j0 + j) << 3)) - 2 * g, 0);
      store<f64>(row + (<usize>j << 3), kernelValue(kind, params, nparams, g, d2));
    }
  }
}

/** Squared distances in place on a tile of dot products: t = max(nx + ny − 2g, 0). */
export function sqdistTile(t: usize, bi: i32, bj: i32, nx: usize, ny: usize, i0: i32, j0: i32): void {
  for (let i = 0; i < bi; i++) {
    const row = t + (<usize>(i * TILE) << 3);
    const ni = load<f64>(nx + (<usize>(i0 + i) << 3));
    for (let j = 0; j < bj; j++) {
      const p = row + (<usize>j << 3);
      store<f64>(p, max<f64>(ni + load<f64>(ny + (<usize>(j0 + j) << 3)) - 2 * load<f64>(p), 0));
    }
  }
}

/**
 * Kernel sums between the rows of x (n×d) and y (m×d), f32 inputs, f64 sums:
 *   out[0] = Σ_{i<n, j<m} k(x_i, y_j)       out[1] = Σ_{i < min(n, m)} k(x_i, y_i)
 * same != 0 means y is x (m = n): only tiles with j >= i are computed and the total is
 * diag + 2·Σ_{i<j}. nx, ny: row squared norms (f64; unused, may be 0, for linear and
 * polynomial kernels). tile: TILE² f64 scratch.
 */
export function kernelSumsF32(kind: i32, params: usize, nparams: i32, x: usize, n: i32, y: usize, m: i32, d: i32,
  same: i32, nx: usize, ny: usize, tile: usize, out: usize): void {
  let total: f64 = 0, diag: f64 = 0;
  const row = <usize>d << 2;
  for (let i0 = 0; i0 < n; i0 += TILE) {
    const bi = min(TILE, n - i0);
    for (let j0 = same != 0 ? i0 : 0; j0 < m; j0 += TILE) {
      const bj = min(TILE, m - j0);
      gramTileF32(x + <usize>i0 * row, d, bi, y + <usize>j0 * row, d, bj, d, tile, TILE);
      kernelTile(kind, params, nparams, tile, bi, bj, nx, ny, i0, j0);
      let s: f64 = 0;
      if (same != 0 && i0 == j0) {
        // diagonal tile: strictly upper part counts twice, the diagonal once
        for (let i = 0; i < bi; i++) {
          const r = tile + (<usize>(i * TILE) << 3);
          diag += load<f64>(r + (<usize>i << 3));
          for (let j = i + 1; j < bj; j++) s += load<f64>(r + (<usize>j << 3));
        }
        total += 2 * s;
      } else {
        for (let i = 0; i < bi; i++) {
          const r = tile + (<usize>(i * TILE) << 3);
          for (let j = 0; j < bj; j++) s += load<f64>(r + (<usize>j << 3));
          if (i0 == j0 && i < bj) diag += load<f64>(r + (<usize>i << 3));
        }
        total += same != 0 ? 2 * s : s;
      }
    }
  }
  if (same != 0) total += diag;
  store<f64>(out, total);
  store<f64>(out, diag, 8);
}

/** Full kernel matrix out[i·m + j] = k(x_i, y_j) (f64) for small sets; tile: TILE² f64 scratch. */
export function kernelMatrixF32(kind: i32, params: usize, nparams: i32, x: usize, n: i32, y: usize, m: i32, d: i32,
  nx: usize, ny: usize, tile: usize, out: usize): void {
  const row = <usize>d << 2;
  for (let i0 = 0; i0 < n; i0 += TILE) {
    const bi = min(TILE, n - i0);
    for (let j0 = 0; j0 < m; j0 += TILE) {
      const bj = min(TILE, m - j0);
      gramTileF32(x + <usize>i0 * row, d, bi, y + <usize>j0 * row, d, bj, d, tile, TILE);
      kernelTile(kind, params, nparams, tile, bi, bj, nx, ny, i0, j0);
      for (let i = 0; i < bi; i++) {
        memory.copy(out + (<usize>((i0 + i) * m + j0) << 3), tile + (<usize>(i * TILE) << 3), <usize>bj << 3);
      }
    }
  }
}

/** out[p] = ‖x_i − x_j‖² for all pairs i < j in row-major pair order (n(n−1)/2 f64). */
export function pairSqdistsF32(x: usize, n: i32, d: i32, nx: usize, tile: usize, out: usize): void {
  const row = <usize>d << 2;
  for (let i0 = 0; i0 < n; i0 += TILE) {
    const bi = min(TILE, n - i0);
    // row i's pairs (i, j > i) are written in order: fill a strip of tiles per row block
    for (let j0 = i0; j0 < n; j0 += TILE) {
      const bj = min(TILE, n - j0);
      gramTileF32(x + <usize>i0 * row, d, bi, x + <usize>j0 * row, d, bj, d, tile, TILE);
      sqdistTile(tile, bi, bj, nx, nx, i0, j0);
      for (let i = 0; i < bi; i++) {
        const gi = i0 + i;
        // offset of pair (gi, j) = pairs before row gi + (j − gi − 1)
        const base = <usize>gi * <usize>(2 * n - gi - 1) / 2;
        const r = tile + (<usize>(i * TILE) << 3);
        for (let j = max(0, gi + 1 - j0); j < bj; j++) {
          store<f64>(out + ((base + <usize>(j0 + j - gi - 1)) << 3), load<f64>(r + (<usize>j << 3)));
        }
      }
    }
  }
}

/** The k-th smallest (0-based) of a[0..n) (f64, no NaN); reorders a (Hoare quickselect). */
export function selectF64(a: usize, n: i32, k: i32): f64 {
  let l = 0, r = n - 1;
  while (l < r) {
    // median of three as pivot
    const m = l + ((r - l) >> 1);
    const x = load<f64>(a + (<usize>l << 3)), y = load<f64>(a + (<usize>m << 3)), z = load<f64>(a + (<usize>r << 3));
    const pivot = max<f64>(min<f64>(x, y), min<f64>(max<f64>(x, y), z));
    let i = l, j = r;
    while (i <= j) {
      while (load<f64>(a + (<usize>i << 3)) < pivot) i++;
      while (load<f64>(a + (<usize>j << 3)) > pivot) j--;
      if (i <= j) {
        const t = load<f64>(a + (<usize>i << 3));
        store<f64>(a + (<usize>i << 3), load<f64>(a + (<usize>j << 3)));
        store<f64>(a + (<usize>j << 3), t);
        i++; j--;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else break;
  }
  return load<f64>(a + (<usize>k << 3));
}

/** min of a[from..n) (f64). */
export function minFromF64(a: usize, from: i32, n: i32): f64 {
  let v = Infinity;
  for (let i = from; i < n; i++) v = min<f64>(v, load<f64>(a + (<usize>i << 3)));
  return v;
}

/** Σ of all entries (out[0]) and of the diagonal (out[1]) of a rows×cols f64 matrix. */
export function matrixSumsF64(k: usize, rows: i32, cols: i32, out: usize): void {
  let total: f64 = 0, diag: f64 = 0;
  for (let i = 0; i < rows; i++) {
    const r = k + (<usize>(i * cols) << 3);
    let s: f64 = 0;
    for (let j = 0; j < cols; j++) s += load<f64>(r + (<usize>j << 3));
    total += s;
    if (i < cols) diag += load<f64>(r + (<usize>i << 3));
  }
  store<f64>(out, total);
  store<f64>(out, diag, 8);
}
