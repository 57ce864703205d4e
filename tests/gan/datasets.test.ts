// Datasets for GAN experiments (bindings/gan/datasets.ts): determinism and the prefix
// property; each mixture preset against its source's parameters (centres exact, per-mode
// mean and std within a few standard errors, weights by χ²); the curve presets' moments
// against scripts/reference/datasets.py and their defining equations; gaussianMixture
// (weights, Cholesky covariances); fromArray and parseCsv; typed errors; and the documented
// workflow (write into graph.input, sample with graph.sampleRows inside WASM).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { compile, graph as G, SaddleArgumentError, type Saddle } from '../../bindings/index.js';
import {
  PRESET_NAMES, SaddleCsvError, dataset, fromArray, gaussianMixture, parseCsv, type Dataset, type PresetName,
} from '../../bindings/gan/datasets.js';
import { BUILDS, loadBuild, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';

interface MixtureFixture { centres: number[][]; std: number[][]; weights: number[] }
interface MomentFixture { mean: number[]; second: number[][] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/datasets.json', import.meta.url), 'utf8')) as {
  mixtures: Record<string, MixtureFixture>;
  'veegan-1200d': { means: number[]; dim: number; manifold: number; weights: number[] };
  moments: Record<string, MomentFixture>;
};

const bitsOf = (a: Float32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);

/** The χ² quantile at upper tail p = 1e-4 (Wilson–Hilferty; z = 3.719). */
function chiSquareLimit(df: number): number {
  const z = 3.719, c = 2 / (9 * df);
  return df * (1 - c + z * Math.sqrt(c)) ** 3;
}

function chiSquare(counts: ArrayLike<number>, weights: ArrayLike<number>, n: number): number {
  let x2 = 0;
  for (let k = 0; k < counts.length; k++) x2 += (counts[k] - n * weights[k]) ** 2 / (n * weights[k]);
  return x2;
}

/** Index of the centre nearest to row r. */
function nearest(ds: Dataset, r: number): number {
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
function perMode(ds: Dataset, modes: number, assign: (r: number) => number) {
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
function expectWithin(got: number, want: number, se: number, what: string, k = 5): void {
  expect(Math.abs(got - want), `${what}: ${got} vs ${want} (±${k}·${se.toExponential(2)})`).toBeLessThanOrEqual(k * se);
}

/** Equal as f32 up to one rounding of a value within 1 ulp in f64 (cos/sin may differ by an ulp between libms). */
function expectF32(got: number, want: number, what: string): void {
  expect(Math.abs(got - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(2 ** -23 * Math.max(Math.abs(want), 2 ** -100) + 1e-30);
}

// ---- hand-derived centres and stds, from the source parameters ----

const S = 1 / Math.sqrt(2), H = Math.SQRT1_2;
const hand: Record<string, { centres: number[][]; std: number[][] | number; weights: number[]; exact: boolean }> = {
  // gan_toy.py: scale 2, dataset /= 1.414
  '8gaussians': {
    centres: [[2 / 1.414, 0], [-2 / 1.414, 0], [0, 2 / 1.414], [0, -2 / 1.414],
      [2 * S / 1.414, 2 * S / 1.414], [2 * S / 1.414, -2 * S / 1.414], [-2 * S / 1.414, 2 * S / 1.414], [-2 * S / 1.414, -2 * S / 1.414]],
    std: 0.02 / 1.414, weights: Array(8).fill(1 / 8), exact: true,
  },
  // gan_toy.py: (2x, 2y) for x, y in -2..2 (x outer), dataset /= 2.828
  '25gaussians': {
    centres: [-2, -1, 0, 1, 2].flatMap((x) => [-2, -1, 0, 1, 2].map((y) => [2 * x / 2.828, 2 * y / 2.828])),
    std: 0.05 / 2.828, weights: Array(25).fill(1 / 25), exact: true,
  },
  // PacGAN 2DRing config: (cos 2πk/8, sin 2πk/8), variance 0.01²
  'ring-8': {
    centres: [[1, 0], [H, H], [0, 1], [-H, H], [-1, 0], [-H, -H], [0, -1], [H, -H]],
    std: 0.01, weights: Array(8).fill(1 / 8), exact: false,
  },
  // PacGAN 2DGrid config: (i, j) for i, j in -4, -2, 0, 2, 4 (i outer), variance 0.05²
  'grid-25': {
    centres: [-4, -2, 0, 2, 4].flatMap((i) => [-4, -2, 0, 2, 4].map((j) => [i, j])),
    std: 0.05, weights: Array(25).fill(1 / 25), exact: true,
  },
  // GAN Lab 'gaussians' and 'disjoint'
  'ganlab-gaussians': { centres: [[0.3, 0.7], [0.7, 0.4]], std: [[0.1, 0.1], [0.05, 0.2]], weights: [0.5, 0.5], exact: true },
  'ganlab-disjoint': { centres: [[0.35, 0.75], [0.75, 0.6], [0.45, 0.35]], std: 0.025, weights: [0.333, 0.333, 0.334], exact: true },
};
hand['veegan-ring'] = hand['ring-8'];
hand['veegan-grid'] = hand['grid-25'];

const MIXTURES = Object.keys(hand) as PresetName[];
const CURVES: PresetName[] = ['swissroll', 'moons', 'spiral', 'ganlab-line', 'ganlab-ring'];

test('the preset table is the documented one, and every preset is covered here', () => {
  expect([...PRESET_NAMES].sort()).toEqual([...MIXTURES, ...CURVES, 'veegan-1200d'].sort());
  const docs = readFileSync(new URL('../../docs/datasets.md', import.meta.url), 'utf8');
  for (const name of PRESET_NAMES) expect(docs, `docs/datasets.md describes '${name}'`).toContain(`\`'${name}'\``);
});

describe('determinism', () => {
  let sd: Saddle;
  trackLiveBytes('simd', (s) => { sd = s; });

  test.each([...PRESET_NAMES])('%s: same seed, same bits; another seed, other data; the first k rows of a bigger draw are a draw of k rows', (name) => {
    const [big, small] = name === 'veegan-1200d' ? [40, 13] : [1000, 137];
    const a = dataset(sd, name, { rows: big, seed: 11 });
    const b = dataset(sd, name, { rows: big, seed: 11 });
    expect(bitsOf(b.data)).toEqual(bitsOf(a.data));
    expect(b.labels).toEqual(a.labels);
    const c = dataset(sd, name, { rows: big, seed: 12 });
    let same = 0;
    for (let i = 0; i < a.data.length; i++) if (a.data[i] === c.data[i]) same++;
    // only 'veegan-1200d' has noise-free coordinates (500 of 1200 equal the mode's mean)
    expect(same / a.data.length, 'fraction of equal values for seeds 11 and 12').toBeLessThan(name === 'veegan-1200d' ? 0.5 : 0.01);
    const prefix = dataset(sd, name, { rows: small, seed: 11 });
    expect(bitsOf(prefix.data)).toEqual(bitsOf(a.data.subarray(0, small * a.dim)));
    if (a.labels) expect(prefix.labels).toEqual(a.labels.subarray(0, small));
    expect(a.data.length).toBe(a.rows * a.dim);
    expect(a.data.every(Number.isFinite)).toBe(true);
  });

  test('a bigint seed is the same key as the equal number; seeds above 2^32 use the high word', () => {
    const a = dataset(sd, 'moons', { rows: 64, seed: 5 });
    expect(bitsOf(dataset(sd, 'moons', { rows: 64, seed: 5n }).data)).toEqual(bitsOf(a.data));
    const high = dataset(sd, 'moons', { rows: 64, seed: 5 + 2 ** 32 });
    expect(bitsOf(dataset(sd, 'moons', { rows: 64, seed: (1n << 32n) + 5n }).data)).toEqual(bitsOf(high.data));
    expect(bitsOf(high.data)).not.toEqual(bitsOf(a.data));
  });

  test('every build gives the same bits', async () => {
    for (const build of BUILDS) {
      const other = await loadBuild(build);
      for (const name of ['8gaussians', 'ganlab-ring', 'spiral'] as const) {
        expect(bitsOf(dataset(other, name, { rows: 300, seed: 3 }).data), `${name} on ${build}`)
          .toEqual(bitsOf(dataset(sd, name, { rows: 300, seed: 3 }).data));
      }
    }
  });
});

describe('mixture presets reproduce their sources', () => {
  let sd: Saddle;
  trackLiveBytes('simd', (s) => { sd = s; });

  test.each(MIXTURES)('%s: centres, stds and weights are the source\'s; per-mode mean and std within 5 standard errors; weights by χ²', (name) => {
    const seed = 2024;
    const h = hand[name], fx = fixture.mixtures[name];
    const K = h.centres.length, rows = K * 2000;
    const ds = dataset(sd, name, { rows, seed });
    const { modes, weights, stds, labels } = ds as Required<Dataset>;
    expect(ds.dim).toBe(2);
    expect(modes.length).toBe(K * 2);
    // centres: hand-derived values, and the reference script's evaluation of the source's expressions
    h.centres.forEach((c, k) => c.forEach((v, j) => {
      if (h.exact) expect(modes[2 * k + j], `${name} centre ${k}[${j}]`).toBe(Math.fround(v));
      else expect(Math.abs(modes[2 * k + j] - v), `${name} centre ${k}[${j}]`).toBeLessThanOrEqual(1e-7);
      expectF32(modes[2 * k + j], fx.centres[k][j], `${name} centre ${k}[${j}] vs fixture`);
    }));
    const sigma = (k: number, j: number) => (typeof h.std === 'number' ? h.std : h.std[k][j]);
    for (let k = 0; k < K; k++) {
      expect(weights[k]).toBeCloseTo(h.weights[k], 14);
      expect(weights[k]).toBeCloseTo(fx.weights[k], 14);
      for (let j = 0; j < 2; j++) {
        expect(stds[2 * k + j]).toBeCloseTo(sigma(k, j), 15);
        expect(stds[2 * k + j]).toBeCloseTo(fx.std[k][j], 15);
      }
    }
    // separated mixtures: nearest-centre assignment recovers every label. GAN Lab's two
    // 'gaussians' overlap (centres 0.5 apart, stds up to 0.2), so they are grouped by label.
    const separated = name !== 'ganlab-gaussians';
    if (separated) {
      let wrong = 0;
      for (let r = 0; r < rows; r++) if (nearest(ds, r) !== labels[r]) wrong++;
      expect(wrong, `${name}: rows whose nearest centre is not their component (seed ${seed})`).toBe(0);
    }
    const stats = perMode(ds, K, separated ? (r) => nearest(ds, r) : (r) => labels[r]);
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < 2; j++) {
        const s = sigma(k, j), n = stats.n[k];
        expectWithin(stats.mean[2 * k + j], modes[2 * k + j], s / Math.sqrt(n), `${name} mode ${k} mean[${j}] (seed ${seed})`);
        expectWithin(stats.std[2 * k + j], s, s / Math.sqrt(2 * n), `${name} mode ${k} std[${j}] (seed ${seed})`);
      }
    }
    if (name === '25gaussians') {
      // gan_toy.py makes exactly 100000/25 points per centre: here every block of 25 rows holds each centre once
      expect([...stats.n]).toEqual(Array(25).fill(rows / 25));
      for (let b = 0; b < rows / 25; b += 97) expect([...labels.subarray(25 * b, 25 * b + 25)].sort((x, y) => x - y)).toEqual([...Array(25).keys()]);
      expect([...labels.subarray(0, 25)], 'a block is shuffled, not in centre order').not.toEqual([...Array(25).keys()]);
    } else {
      const x2 = chiSquare(stats.n, h.weights, rows);
      expect(x2, `${name}: χ² of mode counts [${[...stats.n]}] (seed ${seed})`).toBeLessThan(chiSquareLimit(K - 1));
    }
  });

  test('veegan-1200d: ten modes MEANS[k]·1 in 1200-D, N(0, 1) on the first 700 axes and exactly the mean on the last 500', () => {
    const seed = 77, rows = 3000;
    const fx = fixture['veegan-1200d'];
    const ds = dataset(sd, 'veegan-1200d', { rows, seed });
    const { modes, weights, stds, labels } = ds as Required<Dataset>;
    const dim = 1200, manifold = 700;
    expect([ds.dim, fx.dim, fx.manifold]).toEqual([dim, dim, manifold]);
    const MEANS = [-1, -0.5, 0, 0.5, -2, -2.5, 10, 0.25, -13, -5.5];
    expect(fx.means).toEqual(MEANS);
    for (let k = 0; k < 10; k++) {
      expect(modes.subarray(k * dim, (k + 1) * dim).every((v) => v === MEANS[k])).toBe(true);
      expect(stds.subarray(k * dim, k * dim + manifold).every((v) => v === 1)).toBe(true);
      expect(stds.subarray(k * dim + manifold, (k + 1) * dim).every((v) => v === 0)).toBe(true);
      expect(weights[k]).toBeCloseTo(fx.weights[k], 15);
    }
    // VEEGAN's criterion assigns a sample to its nearest mode; here that is always its own
    const n = new Float64Array(10), s1 = new Float64Array(10), s2 = new Float64Array(10);
    for (let r = 0; r < rows; r++) {
      const k = labels[r];
      expect(nearest(ds, r)).toBe(k);
      n[k]++;
      for (let j = 0; j < manifold; j++) {
        const x = ds.data[r * dim + j] - MEANS[k];
        s1[k] += x; s2[k] += x * x;
      }
      for (let j = manifold; j < dim; j++) if (ds.data[r * dim + j] !== MEANS[k]) throw new Error(`row ${r} axis ${j} is not MEANS[${k}]`);
    }
    for (let k = 0; k < 10; k++) {
      const m = n[k] * manifold;
      expectWithin(s1[k] / m, 0, 1 / Math.sqrt(m), `mode ${k} mean offset on the 700 noisy axes (seed ${seed})`);
      expectWithin(Math.sqrt(s2[k] / m - (s1[k] / m) ** 2), 1, 1 / Math.sqrt(2 * m), `mode ${k} std on the 700 noisy axes (seed ${seed})`);
    }
    expect(chiSquare(n, fx.weights, rows), `χ² of mode counts [${[...n]}]`).toBeLessThan(chiSquareLimit(9));
  });
});

describe('curve presets', () => {
  let sd: Saddle;
  trackLiveBytes('simd', (s) => { sd = s; });

  test.each(CURVES)('%s: mean and second moments within 5 standard errors of the reference (scripts/reference/datasets.py)', (name) => {
    const seed = 99, rows = 100_000;
    const ds = dataset(sd, name, { rows, seed });
    expect(ds.modes).toBeUndefined();
    const want = fixture.moments[name];
    const terms: Array<[string, (x: number, y: number) => number, number]> = [
      ['E[x]', (x) => x, want.mean[0]], ['E[y]', (_x, y) => y, want.mean[1]],
      ['E[x²]', (x) => x * x, want.second[0][0]], ['E[xy]', (x, y) => x * y, want.second[0][1]], ['E[y²]', (_x, y) => y * y, want.second[1][1]],
    ];
    for (const [what, f, w] of terms) {
      let s1 = 0, s2 = 0;
      for (let r = 0; r < rows; r++) {
        const v = f(ds.data[2 * r], ds.data[2 * r + 1]);
        s1 += v; s2 += v * v;
      }
      const mean = s1 / rows, se = Math.sqrt((s2 / rows - mean * mean) / rows);
      expectWithin(mean, w, se, `${name} ${what} (seed ${seed})`);
    }
  });

  test.each([
    ['swissroll', 0.25, 1 / 7.5], ['moons', 0.1, 1], ['spiral', 0.05, 1],
  ] as const)('%s: the default noise is %s, added as noise·N(0, 1) to each coordinate (scaled by %s)', (name, noise, scale) => {
    const seed = 31, rows = 50_000;
    const byDefault = dataset(sd, name, { rows, seed });
    expect(bitsOf(dataset(sd, { name, noise }, { rows, seed }).data)).toEqual(bitsOf(byDefault.data));
    // the same seed draws the same u and z at every noise level, so the difference is noise·z (times the scale)
    const clean = dataset(sd, { name, noise: 0 }, { rows, seed });
    for (let j = 0; j < 2; j++) {
      let s1 = 0, s2 = 0;
      for (let r = 0; r < rows; r++) {
        const e = (byDefault.data[2 * r + j] - clean.data[2 * r + j]) / scale;
        s1 += e; s2 += e * e;
      }
      const mean = s1 / rows, std = Math.sqrt(s2 / rows - mean * mean);
      expectWithin(mean, 0, noise / Math.sqrt(rows), `${name} noise mean[${j}] (seed ${seed})`);
      expectWithin(std, noise, noise / Math.sqrt(2 * rows), `${name} noise std[${j}] (seed ${seed})`);
    }
  });

  test('swissroll without noise lies on (t cos t, t sin t)/7.5 with t in [1.5π, 4.5π] (sklearn make_swiss_roll, gan_toy.py scaling)', () => {
    const ds = dataset(sd, { name: 'swissroll', noise: 0 }, { rows: 5000, seed: 1 });
    for (let r = 0; r < ds.rows; r++) {
      const x = ds.data[2 * r] * 7.5, y = ds.data[2 * r + 1] * 7.5;
      const t = Math.hypot(x, y);
      expect(t).toBeGreaterThanOrEqual(1.5 * Math.PI * (1 - 1e-6));
      expect(t).toBeLessThanOrEqual(4.5 * Math.PI * (1 + 1e-6));
      expect(Math.hypot(x - t * Math.cos(t), y - t * Math.sin(t)), `row ${r}`).toBeLessThanOrEqual(2e-5 * t * t);
    }
  });

  test('moons without noise: odd rows on the unit upper half circle, even rows on the lower one centred at (1, 0.5); ⌊n/2⌋ outer', () => {
    const rows = 4001;
    const ds = dataset(sd, { name: 'moons', noise: 0 }, { rows, seed: 2 });
    let outer = 0;
    for (let r = 0; r < rows; r++) {
      const x = ds.data[2 * r], y = ds.data[2 * r + 1];
      if (r % 2 === 1) {
        outer++;
        expect(Math.abs(Math.hypot(x, y) - 1)).toBeLessThan(1e-6);
        expect(y).toBeGreaterThanOrEqual(0);
      } else {
        expect(Math.abs(Math.hypot(x - 1, y - 0.5) - 1)).toBeLessThan(1e-6);
        expect(y).toBeLessThanOrEqual(0.5);
      }
    }
    expect(outer).toBe(Math.floor(rows / 2));
  });

  test('spiral without noise: ρ(cos θ, sin θ) with θ = 2π·turns·ρ, and its reflection on odd rows', () => {
    const turns = 2.5, span = 2 * Math.PI * turns;
    const ds = dataset(sd, { name: 'spiral', noise: 0, turns }, { rows: 4000, seed: 3 });
    for (let r = 0; r < ds.rows; r++) {
      const sign = r % 2 === 1 ? -1 : 1;
      const x = sign * ds.data[2 * r], y = sign * ds.data[2 * r + 1];
      const rho = Math.hypot(x, y);
      expect(rho).toBeLessThanOrEqual(1);
      expect(Math.hypot(x - rho * Math.cos(rho * span), y - rho * Math.sin(rho * span)), `row ${r}`).toBeLessThan(1e-5);
    }
  });

  test('ganlab-line: uniform along the segment (0.8, 0.6)→(0.05, 0.9), 0.01 noise across it; ganlab-ring: the ellipse (0.3, 0.25) about (0.5, 0.45)', () => {
    const rows = 50_000;
    const line = dataset(sd, 'ganlab-line', { rows, seed: 4 });
    // position u along (−0.75, 0.3) and offset across it; the noise adds 0.01²/|d|² to u's variance
    const dx = -0.75, dy = 0.3, len2 = dx * dx + dy * dy, len = Math.sqrt(len2);
    let u1 = 0, u2 = 0, e1 = 0, e2 = 0;
    for (let r = 0; r < rows; r++) {
      const px = line.data[2 * r] - 0.8, py = line.data[2 * r + 1] - 0.6;
      const u = (px * dx + py * dy) / len2, e = (px * dy - py * dx) / len;
      u1 += u; u2 += u * u; e1 += e; e2 += e * e;
    }
    const uVar = u2 / rows - (u1 / rows) ** 2, eStd = Math.sqrt(e2 / rows - (e1 / rows) ** 2);
    expectWithin(u1 / rows, 0.5, Math.sqrt(1 / 12 / rows), 'mean position along the line');
    expectWithin(uVar, 1 / 12 + 0.01 ** 2 / len2, Math.sqrt(1 / 180 / rows), 'variance of the position (uniform: 1/12)');
    expectWithin(eStd, 0.01, 0.01 / Math.sqrt(2 * rows), 'std across the line');

    const ring = dataset(sd, 'ganlab-ring', { rows, seed: 5 });
    let q = 0;
    for (let r = 0; r < rows; r++) q += ((ring.data[2 * r] - 0.5) / 0.3) ** 2 + ((ring.data[2 * r + 1] - 0.45) / 0.25) ** 2;
    // E = 1 + 0.025²(1/0.3² + 1/0.25²); each term's spread is at most ~0.25, so 5·0.5/√n bounds the error
    expectWithin(q / rows, 1 + 0.025 ** 2 * (1 / 0.09 + 1 / 0.0625), 0.5 / Math.sqrt(rows), 'mean elliptic radius²');
  });
});

describe('gaussianMixture', () => {
  let sd: Saddle;
  trackLiveBytes('simd', (s) => { sd = s; });

  test('weights are normalized and sampled (χ²); per-component and per-axis stds', () => {
    const seed = 8, rows = 40_000;
    const mix = gaussianMixture({ means: [[0, 0, 0], [10, 0, 0], [0, 10, 0]], std: [[0.5, 1, 2], [0.1, 0.1, 0.1], [3, 0, 1]], weights: [1, 2, 5], name: 'three' });
    expect([mix.name, mix.dim, mix.modes]).toEqual(['three', 3, 3]);
    const ds = dataset(sd, mix, { rows, seed });
    const { weights, labels, modes, stds } = ds as Required<Dataset>;
    expect([...weights]).toEqual([0.125, 0.25, 0.625]);
    expect([...modes]).toEqual([0, 0, 0, 10, 0, 0, 0, 10, 0]);
    expect([...stds]).toEqual([0.5, 1, 2, 0.1, 0.1, 0.1, 3, 0, 1]);
    expect(ds.name).toBe('three');
    const stats = perMode(ds, 3, (r) => labels[r]);
    expect(chiSquare(stats.n, weights, rows), `χ² of [${[...stats.n]}] (seed ${seed})`).toBeLessThan(chiSquareLimit(2));
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < 3; j++) {
        const s = stds[3 * k + j], n = stats.n[k];
        if (s === 0) {
          expect(stats.std[3 * k + j]).toBe(0);
          continue;
        }
        expectWithin(stats.mean[3 * k + j], modes[3 * k + j], s / Math.sqrt(n), `component ${k} mean[${j}]`);
        expectWithin(stats.std[3 * k + j], s, s / Math.sqrt(2 * n), `component ${k} std[${j}]`);
      }
    }
    // one std per component
    const perComponent = dataset(sd, gaussianMixture({ means: [[0], [100]], std: [1, 4] }), { rows: 20, seed });
    expect([...perComponent.stds!]).toEqual([1, 4]);
  });

  test('covariances: x = μ + L z with L the Cholesky factor; the sample covariance matches within 5 standard errors', () => {
    const seed = 9, rows = 60_000;
    const cov = [[2, 0.6, -0.3], [0.6, 1, 0.2], [-0.3, 0.2, 0.5]];
    const mu = [1, -2, 0.5];
    const ds = dataset(sd, gaussianMixture({ means: [mu], covariances: [cov] }), { rows, seed });
    expect([...ds.stds!].map((s) => s * s)).toEqual(cov.map((row, i) => expect.closeTo(row[i], 14)));
    const mean = [0, 1, 2].map((j) => {
      let s = 0;
      for (let r = 0; r < rows; r++) s += ds.data[3 * r + j];
      return s / rows;
    });
    mean.forEach((m, j) => expectWithin(m, mu[j], Math.sqrt(cov[j][j] / rows), `mean[${j}] (seed ${seed})`));
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let r = 0; r < rows; r++) s += (ds.data[3 * r + i] - mean[i]) * (ds.data[3 * r + j] - mean[j]);
        // Var of a Gaussian sample covariance entry: (Σii Σjj + Σij²)/n
        expectWithin(s / (rows - 1), cov[i][j], Math.sqrt((cov[i][i] * cov[j][j] + cov[i][j] ** 2) / rows), `cov[${i}][${j}] (seed ${seed})`);
      }
    }
  });

  test('typed errors name the argument', () => {
    const cases: Array<[unknown, string]> = [
      [undefined, 'options'],
      [{ means: [], std: 1 }, 'means'],
      [{ means: [[]], std: 1 }, 'means[0]'],
      [{ means: [[0, 0], [1]], std: 1 }, 'means[1]'],
      [{ means: [[0, NaN]], std: 1 }, 'means[0][1]'],
      [{ means: [[0, 0]] }, 'std'],
      [{ means: [[0, 0]], std: 1, covariances: [[[1, 0], [0, 1]]] }, 'covariances'],
      [{ means: [[0, 0]], std: -1 }, 'std'],
      [{ means: [[0, 0], [1, 1]], std: [1, 2, 3] }, 'std'],
      [{ means: [[0, 0], [1, 1]], std: [[1, 1], [1]] }, 'std[1]'],
      [{ means: [[0, 0]], std: [[1, -1]] }, 'std[0][1]'],
      [{ means: [[0, 0]], covariances: [[[1, 0.5], [0.4, 1]]] }, 'covariances[0]'],
      [{ means: [[0, 0]], covariances: [[[1, 2], [2, 1]]] }, 'covariances[0]'],
      [{ means: [[0, 0]], covariances: [[[1, 0], [0, 0]]] }, 'covariances[0]'],
      [{ means: [[0, 0]], covariances: [[[1, 0]]] }, 'covariances[0]'],
      [{ means: [[0, 0]], covariances: [[[1, 0], [0, 1]], [[1, 0], [0, 1]]] }, 'covariances'],
      [{ means: [[0, 0], [1, 1]], std: 1, weights: [1] }, 'weights'],
      [{ means: [[0, 0], [1, 1]], std: 1, weights: [1, -1] }, 'weights[1]'],
      [{ means: [[0, 0], [1, 1]], std: 1, weights: [0, 0] }, 'weights'],
      [{ means: [[0, 0]], std: 1, name: 3 }, 'name'],
    ];
    for (const [options, argument] of cases) {
      const e = argumentError(() => gaussianMixture(options as never));
      expect(e.argument, JSON.stringify(options)).toBe(argument);
      expect(e.message).toMatch(/^gaussianMixture: argument '/);
    }
    expect(argumentError(() => gaussianMixture({ means: [[0, 0]], covariances: [[[1, 2], [2, 1]]] })).message).toContain('positive definite');
  });
});

describe('user data', () => {
  test('fromArray: flat (row-major) and nested rows give the same dataset; dim and values are validated', () => {
    const flat = fromArray([0, 1, 2, 3, 4, 5], 2);
    expect([flat.rows, flat.dim, [...flat.data], flat.name, flat.source]).toEqual([3, 2, [0, 1, 2, 3, 4, 5], 'array', 'fromArray']);
    expect(fromArray([[0, 1], [2, 3], [4, 5]], 2)).toEqual(flat);
    expect(fromArray(new Float64Array([0.1, 0.2, 0.3]), 1).data).toEqual(Float32Array.of(0.1, 0.2, 0.3));
    const cases: Array<[() => unknown, string]> = [
      [() => fromArray([1, 2, 3], 0), 'dim'],
      [() => fromArray([1, 2, 3], 1.5), 'dim'],
      [() => fromArray([1, 2, 3], '1' as never), 'dim'],
      [() => fromArray([1, 2, 3], 2), 'values'],
      [() => fromArray([], 2), 'values'],
      [() => fromArray('12' as never, 1), 'values'],
      [() => fromArray([1, NaN], 1), 'values[1]'],
      [() => fromArray([1, 1e39], 2), 'values[1]'],
      [() => fromArray([[1, 2], [3]], 2), 'values[1]'],
      [() => fromArray([[1, 2], [3, Infinity]], 2), 'values[1][1]'],
    ];
    for (const [f, argument] of cases) expect(argumentError(f).argument).toBe(argument);
  });

  test('parseCsv: headers, delimiters, whitespace, CRLF, blank lines and a trailing newline', () => {
    const a = parseCsv('x,y\n0.5,1\n-2,3e-1\n', { header: true });
    expect([a.rows, a.dim, [...a.data], a.columns, a.name]).toEqual([2, 2, [0.5, 1, -2, Math.fround(0.3)], ['x', 'y'], 'csv']);
    const b = parseCsv('\uFEFF"x" ; "y"\r\n\r\n  +1.5 ;\t.25 \r\n-0.0;2E3\r\n\r\n', { header: true, delimiter: ';' });
    expect([b.rows, b.dim, [...b.data], b.columns]).toEqual([2, 2, [1.5, 0.25, -0, 2000], ['x', 'y']]);
    const c = parseCsv('1\t2\t3\n4\t5\t6', { delimiter: '\t' });
    expect([c.rows, c.dim, [...c.data], c.columns]).toEqual([2, 3, [1, 2, 3, 4, 5, 6], undefined]);
    const d = parseCsv('  1   2\n\t3 4  \n', { delimiter: 'whitespace' });
    expect([d.rows, d.dim, [...d.data]]).toEqual([2, 2, [1, 2, 3, 4]]);
    const e = parseCsv('7\r8\r9');
    expect([e.rows, e.dim, [...e.data]]).toEqual([3, 1, [7, 8, 9]]);
  });

  test('parseCsv: typed errors name the line and column of a bad cell or a ragged row', () => {
    const csvError = (f: () => unknown): SaddleCsvError => {
      const e = argumentError(f);
      expect(e).toBeInstanceOf(SaddleCsvError);
      expect(e.argument).toBe('text');
      expect(e.code).toBe('E_ARGUMENT');
      return e as SaddleCsvError;
    };
    const bad = csvError(() => parseCsv('1,2\n3,abc\n5,6'));
    expect([bad.line, bad.column]).toEqual([2, 2]);
    expect(bad.message).toBe('parseCsv: argument \'text\' must be a number at line 2, column 2, got "abc"');
    const ragged = csvError(() => parseCsv('1,2\n\n3,4,5\n'));
    expect([ragged.line, ragged.column]).toEqual([3, 3]);
    expect(ragged.message).toBe('parseCsv: argument \'text\' must be rows of 2 fields (as on line 1), got 3 fields on line 3');
    const short = csvError(() => parseCsv('a,b,c\n1,2,3\n4,5', { header: true }));
    expect([short.line, short.column]).toEqual([3, 3]);
    const empty = csvError(() => parseCsv('1,2\n3,\n'));
    expect([empty.line, empty.column, empty.message]).toEqual([2, 2, 'parseCsv: argument \'text\' must be a number at line 2, column 2, got an empty cell']);
    const header = csvError(() => parseCsv('x,y\n1,2'));
    expect([header.line, header.column]).toEqual([1, 1]);
    expect(header.message).toContain('pass { header: true }');
    for (const cell of ['NaN', 'Infinity', '0x10', '1,5e', '1e999', '--1']) {
      const err = csvError(() => parseCsv(`0;0\n1;${cell}`, { delimiter: ';' }));
      expect([err.line, err.column], cell).toEqual([2, 2]);
    }
    // not CSV errors: the arguments themselves
    expect(argumentError(() => parseCsv('\n\n')).argument).toBe('text');
    expect(argumentError(() => parseCsv('x,y\n', { header: true })).argument).toBe('text');
    expect(argumentError(() => parseCsv(3 as never)).argument).toBe('text');
    expect(argumentError(() => parseCsv('1', { delimiter: '.' })).argument).toBe('delimiter');
    expect(argumentError(() => parseCsv('1', { delimiter: ',,' })).argument).toBe('delimiter');
    expect(argumentError(() => parseCsv('1', { header: 1 as never })).argument).toBe('header');
  });
});

describe('dataset arguments and the training workflow', () => {
  let sd: Saddle;
  trackLiveBytes('simd', (s) => { sd = s; });

  test('typed errors: unknown presets list the valid names; rows, seed, overrides and sd are checked', () => {
    const unknown = argumentError(() => dataset(sd, '9gaussians' as never, { rows: 10, seed: 1 }));
    expect(unknown.argument).toBe('preset');
    for (const name of PRESET_NAMES) expect(unknown.message).toContain(`'${name}'`);
    const cases: Array<[unknown, unknown, string]> = [
      [{ name: 'nope' }, { rows: 10, seed: 1 }, 'preset'],
      [42, { rows: 10, seed: 1 }, 'preset'],
      [{ name: '8gaussians', std: 1 }, { rows: 10, seed: 1 }, 'preset.std'],
      [{ name: 'moons', turns: 2 }, { rows: 10, seed: 1 }, 'preset.turns'],
      [{ name: 'moons', noise: -0.1 }, { rows: 10, seed: 1 }, 'preset.noise'],
      [{ name: 'spiral', turns: 0 }, { rows: 10, seed: 1 }, 'preset.turns'],
      ['moons', undefined, 'options'],
      ['moons', { rows: 0, seed: 1 }, 'rows'],
      ['moons', { rows: 2.5, seed: 1 }, 'rows'],
      ['moons', { rows: 2 ** 26 + 1, seed: 1 }, 'rows'],
      ['moons', { seed: 1 }, 'rows'],
      ['veegan-1200d', { rows: 300_000, seed: 1 }, 'rows'],
      ['moons', { rows: 10 }, 'seed'],
      ['moons', { rows: 10, seed: -1 }, 'seed'],
      ['moons', { rows: 10, seed: 1.5 }, 'seed'],
      ['moons', { rows: 10, seed: 2 ** 53 }, 'seed'],
      ['moons', { rows: 10, seed: '1' }, 'seed'],
      ['moons', { rows: 10, seed: 1n << 64n }, 'seed'],
    ];
    for (const [preset, options, argument] of cases) {
      const e = argumentError(() => dataset(sd, preset as never, options as never));
      expect(e.argument, `${JSON.stringify(preset)} ${String(options && JSON.stringify(options, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)))}`).toBe(argument);
      expect(e.message).toMatch(/^dataset: argument '/);
    }
    expect(argumentError(() => dataset({} as never, 'moons', { rows: 10, seed: 1 })).argument).toBe('sd');
    expect(argumentError(() => dataset(sd, { name: '8gaussians', std: 1 } as never, { rows: 1, seed: 1 })).message)
      .toContain('source');
  });

  test('the dataset goes into a graph input; graph.sampleRows draws minibatches of its rows inside WASM', () => {
    const ds = dataset(sd, '8gaussians', { rows: 512, seed: 21 });
    const g = new G.Graph();
    const real = G.input(g, [ds.rows, ds.dim], 'real');
    const batch = G.sampleRows(real, 64, 0);
    const sink = G.state(g, [64, ds.dim]);
    const program = compile(sd, { seed: 22, phases: [{ updates: [[sink, batch]] }] });
    program.write(real, ds.data);
    const rowsOf = new Set<string>();
    for (let r = 0; r < ds.rows; r++) rowsOf.add(`${ds.data[2 * r]},${ds.data[2 * r + 1]}`);
    for (let it = 0; it < 3; it++) {
      program.run(1);
      const got = program.read(sink);
      for (let r = 0; r < 64; r++) expect(rowsOf.has(`${got[2 * r]},${got[2 * r + 1]}`), `sampled row ${r}`).toBe(true);
    }
    expect(program.read(real)).toEqual(ds.data);
    program.dispose();
  });

  test('the error classes are the exported ones', () => {
    expect(new SaddleCsvError('a number', 'x', 1, 1)).toBeInstanceOf(SaddleArgumentError);
  });
});
