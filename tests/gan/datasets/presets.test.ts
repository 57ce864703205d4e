// The preset table (bindings/gan/datasets/presets.ts): each mixture preset against its
// source's parameters (centres exact, per-mode mean and std within a few standard errors,
// weights by χ²); the curve presets' moments against scripts/reference/datasets.py and their
// defining equations.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { type Saddle } from '../../../bindings/index.js';
import { DATASET_PRESETS, PRESET_NAMES, dataset, type Dataset, type PresetName } from '../../../bindings/gan/datasets/index.js';
import { trackLiveBytes } from '../../helpers/builds.js';
import { fixture, bitsOf, chiSquareLimit, chiSquare, nearest, perMode, expectWithin, expectF32 } from './statistics.js';

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
  const docs = readFileSync(new URL('../../../docs/datasets.md', import.meta.url), 'utf8');
  for (const name of PRESET_NAMES) expect(docs, `docs/datasets.md describes '${name}'`).toContain(`\`'${name}'\``);
});

test('one record per preset: summary, reference, option schema with defaults; PRESET_NAMES is the table\'s order', () => {
  expect(PRESET_NAMES).toBe(DATASET_PRESETS.names);
  expect(Object.keys(DATASET_PRESETS.entries)).toEqual([...PRESET_NAMES]);
  for (const name of PRESET_NAMES) {
    const entry = DATASET_PRESETS.entries[name];
    expect(entry.summary.length, name).toBeGreaterThan(10);
    expect(entry.summary, `${name}: one line`).not.toContain('\n');
    expect(entry.reference, `${name}: reference names where the parameters are`).toMatch(/docs\/datasets\.md/);
    expect(entry.options.type).toBe('object');
    expect(entry.options.additionalProperties).toBe(false);
    for (const [key, option] of Object.entries(entry.options.properties as Record<string, { default?: unknown }>)) {
      expect(typeof option.default, `${name}.${key} has a default`).toBe('number');
    }
  }
  const options = (name: PresetName) => Object.keys(DATASET_PRESETS.entries[name].options.properties as object);
  expect(options('spiral')).toEqual(['noise', 'turns']);
  expect(options('moons')).toEqual(['noise']);
  expect(options('8gaussians')).toEqual([]);
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
