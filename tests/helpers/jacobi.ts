// A plain-JS f64 reference for symmetric eigenproblems, independent of saddle's WASM eigensolver.

/** Eigenvalues of a symmetric d×d f64 matrix by cyclic Jacobi (plain JS; a is overwritten). */
export function jacobiEigenvalues(a: Float64Array, d: number, vectors?: Float64Array): Float64Array {
  if (vectors) { vectors.fill(0); for (let i = 0; i < d; i++) vectors[i * d + i] = 1; }
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p], akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq; a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k], aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk; a[q * d + k] = s * apk + c * aqk;
        }
        if (vectors) for (let k = 0; k < d; k++) {
          const vkp = vectors[k * d + p], vkq = vectors[k * d + q];
          vectors[k * d + p] = c * vkp - s * vkq; vectors[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return Float64Array.from({ length: d }, (_, i) => a[i * d + i]);
}
