// Parameter initializers, evaluated once at compile time from the program's seeded RNG
// (one stream per parameter), so the same seed gives the same weights everywhere.

import { Described, SaddleArgumentError } from '../errors.js';
import type { Shape } from '../graph/node.js';
import type { Initializer } from '../graph/ops/leaves.js';

/** Draws from the program RNG: `normal(n)` standard normals, `uniform(n)` uniforms in [0, 1). */
export interface Draws {
  normal(n: number): Float32Array;
  uniform(n: number): Float32Array;
}

/**
 * The initial values of a [rows, cols] parameter (row-major). For a weight W used as x·W,
 * fanIn = rows and fanOut = cols.
 */
export function initialValues(init: Initializer, shape: Shape, draws: Draws, where = 'init'): Float32Array {
  const values = drawValues(init, shape, draws, where);
  // finite options can still overflow f32 (a constant of 1e39, a std of 1e38 times a draw > 3.4)
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new SaddleArgumentError('compile', where, 'an initializer whose values fit in f32 (|x| <= 3.4028e+38)',
      new Described(`${JSON.stringify(init)} giving ${values[bad]} at index ${bad}`));
  }
  return values;
}

function drawValues(init: Initializer, shape: Shape, draws: Draws, where: string): Float32Array {
  const [fanIn, fanOut] = shape;
  const n = fanIn * fanOut;
  switch (init.kind) {
    case 'zeros': return new Float32Array(n);
    case 'constant': return new Float32Array(n).fill(init.value);
    case 'values':
      if (init.values.length !== n) throw new SaddleArgumentError('compile', `${where}.values`, `${n} numbers for shape [${shape.join(', ')}]`, `${init.values.length}`);
      return Float32Array.from(init.values);
    case 'normal': return draws.normal(n).map((v) => v * init.std);
    case 'uniform': return draws.uniform(n).map((v) => init.low + (init.high - init.low) * v);
    // Glorot & Bengio 2010: U(±√(6/(fanIn + fanOut)))
    case 'xavier': {
      const limit = Math.sqrt(6 / Math.max(1, fanIn + fanOut));
      return draws.uniform(n).map((v) => (2 * v - 1) * limit);
    }
    // He et al. 2015: N(0, 2/fanIn)
    case 'he': {
      const s = Math.sqrt(2 / Math.max(1, fanIn));
      return draws.normal(n).map((v) => v * s);
    }
    case 'orthogonal': return orthogonal(shape, draws.normal(n), init.gain ?? 1);
    default: throw new SaddleArgumentError('compile', where, "a known initializer kind ('zeros', 'constant', 'values', 'normal', 'uniform', 'xavier', 'he', 'orthogonal')", (init as { kind: string }).kind);
  }
}

/**
 * Saxe et al. 2014: the Q factor of a Gaussian matrix, signs fixed by R's diagonal so Q is
 * uniformly (Haar) distributed, times `gain`. Tall or square: orthonormal columns (WᵀW =
 * gain²·I); wide: orthonormal rows (WWᵀ = gain²·I). Householder QR in f64.
 */
export function orthogonal([rows, cols]: Shape, gaussian: Float32Array, gain: number): Float32Array {
  const tall = rows >= cols;
  const m = tall ? rows : cols, k = tall ? cols : rows; // factor an m×k matrix (m >= k)
  const a = new Float64Array(m * k);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) a[i * k + j] = tall ? gaussian[i * cols + j] : gaussian[j * cols + i];
  // Householder: A = Q R; accumulate Q (m×k) by applying the reflections to the first k columns of I
  const vs: Float64Array[] = [];
  const diag = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let norm = 0;
    for (let i = j; i < m; i++) norm += a[i * k + j] ** 2;
    norm = Math.sqrt(norm);
    const alpha = a[j * k + j] > 0 ? -norm : norm;
    const v = new Float64Array(m);
    for (let i = j; i < m; i++) v[i] = a[i * k + j];
    v[j] -= alpha;
    let vv = 0;
    for (let i = j; i < m; i++) vv += v[i] * v[i];
    if (vv > 0) {
      for (let c = j; c < k; c++) {
        let dot = 0;
        for (let i = j; i < m; i++) dot += v[i] * a[i * k + c];
        const f = (2 * dot) / vv;
        for (let i = j; i < m; i++) a[i * k + c] -= f * v[i];
      }
    }
    diag[j] = a[j * k + j];
    vs.push(vv > 0 ? v.map((x) => x / Math.sqrt(vv)) : v);
  }
  const q = new Float64Array(m * k);
  for (let j = 0; j < k; j++) q[j * k + j] = 1;
  for (let j = k - 1; j >= 0; j--) {
    const v = vs[j];
    for (let c = 0; c < k; c++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += v[i] * q[i * k + c];
      for (let i = j; i < m; i++) q[i * k + c] -= 2 * dot * v[i];
    }
  }
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < k; j++) {
      const value = gain * q[i * k + j] * (diag[j] < 0 ? -1 : 1);
      if (tall) out[i * cols + j] = value; else out[j * cols + i] = value;
    }
  }
  return out;
}
