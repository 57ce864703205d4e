// Matrix-scaling kernels for kernel-domain Sinkhorn (solvers/sinkhorn-kernel.ts): forming the
// stabilized Gibbs kernel and the two matrix-vector products of one iteration. f64 throughout;
// fixed summation order, so the same inputs give the same bits. Nothing here allocates.

import { expF64x2, expF64 } from "./softmin";

/** Kernel entries e^arg with arg below this are flushed to 0 (see gibbs_kernel_f64). */
export const KERNEL_FLUSH: f64 = -600.0;

/**
 * K[i, j] = exp((fh[i] + gh[j] − C[i, j])/ε) for C n×m row-major (Schmitzer 2019, eq. 3.6:
 * the kernel with the absorbed potentials). Entries with an argument below KERNEL_FLUSH are
 * set to 0 (e^-600 ≈ 3e-261: their products with the scalings would otherwise be subnormal,
 * which costs ~100 cycles each on x86, and they are negligible next to any sum the solver
 * accepts); arguments above 709 are clamped by expF64x2, so K is finite. Returns the largest
 * argument, so the caller can refuse a kernel whose entries were clamped from above.
 */
export function gibbs_kernel_f64(c: usize, n: i32, m: i32, fh: usize, gh: usize, eps: f64, k: usize): f64 {
  const inv = 1.0 / eps;
  const ie = f64x2.splat(inv);
  const flush = f64x2.splat(KERNEL_FLUSH);
  let top = f64x2.splat(-Infinity);
  let topS: f64 = -Infinity;
  const rowB = <usize>m << 3;
  for (let i = 0; i < n; i++) {
    const crow = c + <usize>i * rowB, krow = k + <usize>i * rowB;
    const fi = load<f64>(fh + (<usize>i << 3)) * inv;
    const fv = f64x2.splat(fi);
    let j = 0;
    for (; j + 2 <= m; j += 2) {
      const o = <usize>j << 3;
      const arg = f64x2.sub(f64x2.add(fv, f64x2.mul(v128.load(gh + o), ie)), f64x2.mul(v128.load(crow + o), ie));
      top = f64x2.pmax(top, arg);
      v128.store(krow + o, v128.and(expF64x2(arg), f64x2.ge(arg, flush)));
    }
    for (; j < m; j++) {
      const o = <usize>j << 3;
      const arg = fi + load<f64>(gh + o) * inv - load<f64>(crow + o) * inv;
      topS = max<f64>(topS, arg);
      store<f64>(krow + o, arg >= KERNEL_FLUSH ? expF64(arg) : 0.0);
    }
  }
  return max<f64>(topS, max<f64>(f64x2.extract_lane(top, 0), f64x2.extract_lane(top, 1)));
}

/** out[i] = Σ_j K[i, j] w[j] (K n×m row-major); out must not overlap w. */
export function gemv_f64(k: usize, n: i32, m: i32, w: usize, out: usize): void {
  const rowB = <usize>m << 3;
  for (let i = 0; i < n; i++) {
    const krow = k + <usize>i * rowB;
    let s0 = f64x2.splat(0), s1 = s0, s2 = s0, s3 = s0;
    let j = 0;
    for (; j + 8 <= m; j += 8) {
      const o = <usize>j << 3;
      s0 = f64x2.add(s0, f64x2.mul(v128.load(krow + o), v128.load(w + o)));
      s1 = f64x2.add(s1, f64x2.mul(v128.load(krow + o, 16), v128.load(w + o, 16)));
      s2 = f64x2.add(s2, f64x2.mul(v128.load(krow + o, 32), v128.load(w + o, 32)));
      s3 = f64x2.add(s3, f64x2.mul(v128.load(krow + o, 48), v128.load(w + o, 48)));
    }
    for (; j + 2 <= m; j += 2) {
      const o = <usize>j << 3;
      s0 = f64x2.add(s0, f64x2.mul(v128.load(krow + o), v128.load(w + o)));
    }
    s0 = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
    let s = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
    for (; j < m; j++) s += load<f64>(krow + (<usize>j << 3)) * load<f64>(w + (<usize>j << 3));
    store<f64>(out + (<usize>i << 3), s);
  }
}

/**
 * out[j] = Σ_i w[i] K[i, j] (Kᵀw without forming Kᵀ): rows are streamed four at a time
 * into the m-vector out, in the order i = 0, 1, ..., so the bits do not depend on m's tail.
 */
export function gemv_t_f64(k: usize, n: i32, m: i32, w: usize, out: usize): void {
  const rowB = <usize>m << 3;
  memory.fill(out, 0, rowB);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const r0 = k + <usize>i * rowB, r1 = r0 + rowB, r2 = r1 + rowB, r3 = r2 + rowB;
    const w0 = load<f64>(w + (<usize>i << 3)), w1 = load<f64>(w + (<usize>i << 3), 8);
    const w2 = load<f64>(w + (<usize>i << 3), 16), w3 = load<f64>(w + (<usize>i << 3), 24);
    const v0 = f64x2.splat(w0), v1 = f64x2.splat(w1), v2 = f64x2.splat(w2), v3 = f64x2.splat(w3);
    let j = 0;
    for (; j + 2 <= m; j += 2) {
      const o = <usize>j << 3;
      let acc = v128.load(out + o);
      acc = f64x2.add(acc, f64x2.mul(v128.load(r0 + o), v0));
      acc = f64x2.add(acc, f64x2.mul(v128.load(r1 + o), v1));
      acc = f64x2.add(acc, f64x2.mul(v128.load(r2 + o), v2));
      acc = f64x2.add(acc, f64x2.mul(v128.load(r3 + o), v3));
      v128.store(out + o, acc);
    }
    for (; j < m; j++) {
      const o = <usize>j << 3;
      let acc = load<f64>(out + o);
      acc += load<f64>(r0 + o) * w0;
      acc += load<f64>(r1 + o) * w1;
      acc += load<f64>(r2 + o) * w2;
      acc += load<f64>(r3 + o) * w3;
      store<f64>(out + o, acc);
    }
  }
  for (; i < n; i++) {
    const r0 = k + <usize>i * rowB;
    const w0 = load<f64>(w + (<usize>i << 3));
    const v0 = f64x2.splat(w0);
    let j = 0;
    for (; j + 2 <= m; j += 2) {
      const o = <usize>j << 3;
      v128.store(out + o, f64x2.add(v128.load(out + o), f64x2.mul(v128.load(r0 + o), v0)));
    }
    for (; j < m; j++) {
      const o = <usize>j << 3;
      store<f64>(out + o, load<f64>(out + o) + load<f64>(r0 + o) * w0);
    }
  }
}
