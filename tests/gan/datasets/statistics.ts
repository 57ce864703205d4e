// Statistics the dataset tests share: the reference fixture, χ² and per-mode moments.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Dataset } from '../../../bindings/gan/datasets/index.js';

interface MixtureFixture { centres: number[][]; std: number[][]; weights: number[] }
interface MomentFixture { mean: number[]; second: number[][] }
export const fixture = JSON.parse(readFileSync(new URL('../../fixtures/datasets.json', import.meta.url), 'utf8')) as {
  mixtures: Record<string, MixtureFixture>;
  'veegan-1200d': { means: number[]; dim: number; manifold: number; weights: number[] };
  moments: Record<string, MomentFixture>;
};

export const bitsOf = (a: Float32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);

/** The χ² quantile at upper tail p = 1e-4 (Wilson–Hilferty; z = 3.719). */
export function chiSquareLimit(df: number): number {
  const z = 3.719, c = 2 / (9 * df);
  return df * (1 - c + z * Math.sqrt(c)) ** 3;
}

export function chiSquare(counts: ArrayLike<number>, weights: ArrayLike<number>, n: number): number {
  let x2 = 0;
  for (let k = 0; k < counts.length; k++) x2 += (counts[k] - n * weights[k]) ** 2 / (n * weights[k]);
  return x2;
}

/** Index of the centre nearest to row r. */
export function nearest(ds: Dataset, r: number): number {
  const { dim, modes } = ds as Required<Dataset>;
  let best = 0, bestD = Infinity;
  for (let k = 0; k < modes.length / dim; k++) {
    let d = 0;
    for (let j = 0; j < dim; j++) d += (ds.data[r * dim + j] - modes[k * dim + j]) ** 2;
    if (d < bestD) { bestD = d; best = k; }
  }
  return best;
}

/** Per-mode count, mean and std of each axis, for rows grouped by `assign`. */
export function perMode(ds: Dataset, modes: number, assign: (r: number) => number) {
  const { dim } = ds;
  const n = new Float64Array(modes), s1 = new Float64Array(modes * dim), s2 = new Float64Array(modes * dim);
  for (let r = 0; r < ds.rows; r++) {
    const k = assign(r);
    n[k]++;
    for (let j = 0; j < dim; j++) {
      const x = ds.data[r * dim + j];
      s1[k * dim + j] += x;
      s2[k * dim + j] += x * x;
    }
  }
  const mean = s1.map((s, i) => s / n[Math.floor(i / dim)]);
  const std = s2.map((s, i) => Math.sqrt(Math.max(0, s / n[Math.floor(i / dim)] - mean[i] ** 2)));
  return { n, mean, std };
}

/** |got − want| within `k` standard errors. */
export function expectWithin(got: number, want: number, se: number, what: string, k = 5): void {
  expect(Math.abs(got - want), `${what}: ${got} vs ${want} (±${k}·${se.toExponential(2)})`).toBeLessThanOrEqual(k * se);
}

/** Equal as f32 up to one rounding of a value within 1 ulp in f64 (cos/sin may differ by an ulp between libms). */
export function expectF32(got: number, want: number, what: string): void {
  expect(Math.abs(got - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(2 ** -23 * Math.max(Math.abs(want), 2 ** -100) + 1e-30);
}
