// Datasets for GAN experiments: the 2-D toy distributions of the papers that made them
// standard (WGAN-GP, PacGAN, VEEGAN, GAN Lab), two moons, a spiral, d-dimensional Gaussian
// mixtures, and user data from arrays or CSV text. docs/datasets.md lists every preset's
// exact parameters and the source file each comes from.
//
// A dataset is made once, from an explicit seed, as a Float32Array (rows × dim, row-major)
// that is written into a graph input node (graph.input(g, [rows, dim]), Program.write);
// training then samples minibatches inside WASM with graph.sampleRows. Every random draw
// comes from saddle's seeded RNG (Philox4x32-10 in WASM, bindings/rng.ts); JS only maps the
// draws to points, once, before training.
//
// Draws and reproducibility. Row r of a dataset uses the standard normals
// r·perRow .. r·perRow + perRow − 1 of stream DATASET_STREAMS.normal and the uniforms of
// row r in stream DATASET_STREAMS.uniform (one per row; for '25gaussians' one block of 25
// per 25 rows), all under the caller's seed. So row r depends only on (preset, seed, r): the
// first k rows of a bigger draw are exactly a draw of k rows. Mixture presets use only +, ×,
// ÷ and √ on the draws (IEEE-exact everywhere); presets that evaluate cos/sin/log on draws
// (moons, spiral, swissroll, ganlab-ring) are bit-identical wherever Math.cos/Math.sin agree
// (V8: Node and Chromium) and otherwise differ by at most an f32 rounding of a 1-ulp f64
// difference.

import { Described, SaddleArgumentError } from '../errors.js';
import { randomNormal, randomUniform } from '../rng.js';
import type { WasmArray } from '../wasm/array.js';
import { Saddle } from '../wasm/instance.js';

// ---- public types ----

/** Every preset name `dataset` accepts, in the order docs/datasets.md lists them. */
export const PRESET_NAMES = [
  '8gaussians', '25gaussians', 'swissroll',
  'ring-8', 'grid-25',
  'veegan-ring', 'veegan-grid', 'veegan-1200d',
  'ganlab-line', 'ganlab-gaussians', 'ganlab-ring', 'ganlab-disjoint',
  'moons', 'spiral',
] as const;

export type PresetName = typeof PRESET_NAMES[number];

/**
 * A preset by name, with the parameters that may be overridden (none for the source-defined
 * mixtures, whose values are the source's):
 * - noise: the std of the Gaussian noise on each coordinate; 'swissroll' 0.25 (before the
 *   division by 7.5), 'moons' 0.1, 'spiral' 0.05;
 * - turns: 'spiral' only, the turns of each arm (default 1.5).
 */
export type PresetSpec =
  | { name: PresetName }
  | { name: 'swissroll' | 'moons' | 'spiral'; noise?: number; turns?: number };

export interface DatasetOptions {
  /** Number of rows (samples) to generate: an integer in [1, 2^26] with rows·dim <= 2^28. */
  rows: number;
  /** The RNG key: an integer in [0, 2^53) or a bigint in [0, 2^64). Required: datasets are never seeded implicitly. */
  seed: number | bigint;
}

/** A dataset: rows × dim values, row-major, ready for Program.write into graph.input(g, [rows, dim]). */
export interface Dataset {
  readonly data: Float32Array;
  readonly rows: number;
  readonly dim: number;
  /** The preset or mixture name ('csv' / 'array' for user data). */
  readonly name: string;
  /** Where the distribution comes from (repository and file, or the function that made it). */
  readonly source: string;
  /** Mixtures only: the component centres, modes × dim, row-major (for mode-coverage metrics). */
  readonly modes?: Float32Array;
  /** Mixtures only: the component weights (sum 1). */
  readonly weights?: Float64Array;
  /** Mixtures only: each component's marginal standard deviation per axis, modes × dim. */
  readonly stds?: Float64Array;
  /** Mixtures only: the component each row was drawn from. */
  readonly labels?: Int32Array;
  /** parseCsv with a header only: the column names. */
  readonly columns?: readonly string[];
}

/** Streams of the caller's seed that dataset generation reads (far from the small stream numbers graphs use). */
export const DATASET_STREAMS = { normal: 0xda7a0000, uniform: 0xda7a0001 } as const;

// ---- mixtures ----

type Noise =
  | { kind: 'iso'; std: number }
  | { kind: 'diag'; std: Float64Array }
  /** x = μ + L z with L lower triangular (dim × dim, row-major): the Cholesky factor of the covariance. */
  | { kind: 'chol'; lower: Float64Array };

interface Mixture {
  name: string;
  source: string;
  dim: number;
  means: Float64Array;
  weights: Float64Array;
  /** Running sums of the weights; the last is exactly 1. Component c is chosen when u < cumulative[c]. */
  cumulative: Float64Array;
  noise: Noise[];
  /** Rows are assigned in blocks of `modes` rows, each block a random permutation of the components. */
  stratified: boolean;
}

/** A validated Gaussian mixture (from gaussianMixture), accepted by `dataset` like a preset. */
export class MixtureSpec {
  readonly name: string;
  readonly dim: number;
  readonly modes: number;
  /** @internal */
  readonly mixture: Mixture;
  /** @internal use gaussianMixture() */
  constructor(mixture: Mixture) {
    this.mixture = mixture;
    this.name = mixture.name;
    this.dim = mixture.dim;
    this.modes = mixture.weights.length;
  }
}

function makeMixture(parts: {
  name: string; source: string; means: ArrayLike<number>[]; weights?: ArrayLike<number>; noise: Noise[]; stratified?: boolean;
}): Mixture {
  const k = parts.means.length, dim = parts.means[0].length;
  const means = new Float64Array(k * dim);
  parts.means.forEach((m, c) => means.set(Array.from(m), c * dim));
  const raw = parts.weights ? Float64Array.from(parts.weights) : new Float64Array(k).fill(1);
  let total = 0;
  for (const w of raw) total += w;
  const weights = raw.map((w) => w / total);
  const cumulative = new Float64Array(k);
  let run = 0;
  for (let c = 0; c < k; c++) {
    run += raw[c];
    cumulative[c] = run / total;
  }
  cumulative[k - 1] = 1;
  return { name: parts.name, source: parts.source, dim, means, weights, cumulative, noise: parts.noise, stratified: parts.stratified ?? false };
}

const iso = (std: number, k: number): Noise[] => Array.from({ length: k }, () => ({ kind: 'iso' as const, std }));

// ---- the presets ----

const WGAN_GP = 'igul222/improved_wgan_training gan_toy.py';
const PACGAN = 'fjxmlzn/PacGAN synthetic_data_experiments';
const GANLAB = 'poloclub/ganlab src/ganlab.ts (sampleFromTrueDistribution)';

/**
 * '8gaussians' (WGAN-GP, gan_toy.py, DATASET = '8gaussians'): scale = 2; centres scale·c for
 * c in (1,0), (−1,0), (0,1), (0,−1), (1/√2, 1/√2), (1/√2, −1/√2), (−1/√2, 1/√2), (−1/√2, −1/√2)
 * (that order); point = 0.02·N(0, I) + centre, chosen uniformly (random.choice); then the
 * whole dataset is divided by 1.414 (the file's literal, not √2). So centres (2c)/1.414 and
 * std 0.02/1.414 per axis.
 */
function wgan8(): Mixture {
  const s = 1 / Math.sqrt(2);
  const unit = [[1, 0], [-1, 0], [0, 1], [0, -1], [s, s], [s, -s], [-s, s], [-s, -s]];
  const scale = 2;
  return makeMixture({
    name: '8gaussians', source: `${WGAN_GP} (DATASET = '8gaussians')`,
    means: unit.map(([x, y]) => [(scale * x) / 1.414, (scale * y) / 1.414]),
    noise: iso(0.02 / 1.414, 8),
  });
}

/**
 * '25gaussians' (WGAN-GP, gan_toy.py, DATASET = '25gaussians'): for x in −2..2, y in −2..2
 * (x outer), point = 0.05·N(0, I) + (2x, 2y); 100000/25 points per centre, shuffled; then
 * the dataset is divided by 2.828. So centres (2x, 2y)/2.828, std 0.05/2.828, and exactly
 * equal counts: here every block of 25 rows holds each centre once, in a random order.
 */
function wgan25(): Mixture {
  const means: number[][] = [];
  for (let x = -2; x <= 2; x++) for (let y = -2; y <= 2; y++) means.push([(2 * x) / 2.828, (2 * y) / 2.828]);
  return makeMixture({
    name: '25gaussians', source: `${WGAN_GP} (DATASET = '25gaussians')`,
    means, noise: iso(0.05 / 2.828, 25), stratified: true,
  });
}

/** PacGAN's 2-D ring (2DRing_GAN&PacGAN/config.py): means (cos(2πk/8), sin(2πk/8)), k = 0..7, covariance 0.01²·I, uniform priors. */
function ring8(name: string, source: string): Mixture {
  const means = Array.from({ length: 8 }, (_, k) => [Math.cos(k * Math.PI * 2 / 8), Math.sin(k * Math.PI * 2 / 8)]);
  return makeMixture({ name, source, means, noise: iso(0.01, 8) });
}

/** PacGAN's 2-D grid (2DGrid_GAN&PacGAN/config.py): means (i, j) for i, j in −4, −2, 0, 2, 4 (i outer), covariance 0.05²·I, uniform priors. */
function grid25(name: string, source: string): Mixture {
  const means: number[][] = [];
  for (let i = -4; i <= 4; i += 2) for (let j = -4; j <= 4; j += 2) means.push([i, j]);
  return makeMixture({ name, source, means, noise: iso(0.05, 25) });
}

/**
 * 'veegan-1200d': VEEGAN's 1200-D synthetic set as PacGAN re-implements it
 * (PacGAN/pacgan/datasets.py, VEEGAN1200DPackingMixture): label uniform over 10 modes with
 * MEANS = [−1, −0.5, 0, 0.5, −2, −2.5, 10, 0.25, −13, −5.5]; coordinates 0..699 are
 * N(0, 1) and coordinates 700..1199 are 0, then MEANS[label] is added to all 1200. So mode k
 * is centred at MEANS[k]·(1, …, 1), std 1 on the first 700 axes and 0 on the last 500.
 */
const VEEGAN_1200D_MEANS = [-1, -0.5, 0, 0.5, -2, -2.5, 10, 0.25, -13, -5.5];
function veegan1200d(): Mixture {
  const dim = 1200, manifold = 700;
  const std = new Float64Array(dim);
  std.fill(1, 0, manifold);
  return makeMixture({
    name: 'veegan-1200d', source: `${PACGAN}/PacGAN/pacgan/datasets.py (VEEGAN1200DPackingMixture)`,
    means: VEEGAN_1200D_MEANS.map((m) => new Float64Array(dim).fill(m)),
    noise: VEEGAN_1200D_MEANS.map(() => ({ kind: 'diag' as const, std })),
  });
}

/** GAN Lab 'gaussians': rand < 0.5 → (0.3, 0.7) + (0.1, 0.1)·N; else (0.7, 0.4) + (0.05, 0.2)·N (per-axis stds). */
function ganlabGaussians(): Mixture {
  return makeMixture({
    name: 'ganlab-gaussians', source: `${GANLAB} case 'gaussians'`,
    means: [[0.3, 0.7], [0.7, 0.4]], weights: [0.5, 0.5],
    noise: [{ kind: 'diag', std: Float64Array.of(0.1, 0.1) }, { kind: 'diag', std: Float64Array.of(0.05, 0.2) }],
  });
}

/** GAN Lab 'disjoint': rand < 0.333 → (0.35, 0.75); < 0.666 → (0.75, 0.6); else (0.45, 0.35); std 0.025. Weights 0.333, 0.333, 0.334. */
function ganlabDisjoint(): Mixture {
  return makeMixture({
    name: 'ganlab-disjoint', source: `${GANLAB} case 'disjoint'`,
    means: [[0.35, 0.75], [0.75, 0.6], [0.45, 0.35]], weights: [0.333, 0.333, 0.334],
    noise: iso(0.025, 3),
  });
}

function presetMixture(name: PresetName): Mixture | undefined {
  switch (name) {
    case '8gaussians': return wgan8();
    case '25gaussians': return wgan25();
    case 'ring-8': return ring8('ring-8', `${PACGAN}/2DRing_GAN&PacGAN/config.py`);
    case 'grid-25': return grid25('grid-25', `${PACGAN}/2DGrid_GAN&PacGAN/config.py`);
    case 'veegan-ring':
      return ring8('veegan-ring', 'akashgit/VEEGAN index.md (eight 2-D Gaussians in a ring; parameters as in PacGAN 2DRing_GAN&PacGAN/config.py '
        + 'and poolio/unrolled_gan sample_mog: radius 1, std 0.01)');
    case 'veegan-grid':
      return grid25('veegan-grid', 'akashgit/VEEGAN VEEGAN_2D_RING.ipynb as ported in radarsat1/latentspace veegan_normal_mixture_keras.py '
        + '(create_distribution: product(range(-4, 5, 2))², scale 0.05); same as PacGAN 2DGrid_GAN&PacGAN/config.py');
    case 'veegan-1200d': return veegan1200d();
    case 'ganlab-gaussians': return ganlabGaussians();
    case 'ganlab-disjoint': return ganlabDisjoint();
    default: return undefined;
  }
}

// ---- curve presets: one uniform u and two normals (z0, z1) per row ----

interface Curve {
  name: string;
  source: string;
  /** The point of row `row` from its uniform u in [0, 1) and normals z0, z1. */
  point(row: number, u: number, z0: number, z1: number, out: Float32Array, at: number): void;
}

function swissroll(noise: number): Curve {
  // sklearn.datasets.make_swiss_roll(n, noise): t = 1.5π(1 + 2u), (x, z) = (t cos t, t sin t),
  // noise·N(0, 1) on every coordinate; gan_toy.py keeps columns [0, 2] and divides by 7.5.
  return {
    name: 'swissroll', source: `${WGAN_GP} (DATASET = 'swissroll': sklearn make_swiss_roll(noise=0.25)[:, [0, 2]] / 7.5)`,
    point(_row, u, z0, z1, out, at) {
      const t = 1.5 * Math.PI * (1 + 2 * u);
      out[at] = (t * Math.cos(t) + noise * z0) / 7.5;
      out[at + 1] = (t * Math.sin(t) + noise * z1) / 7.5;
    },
  };
}

function moons(noise: number): Curve {
  // scikit-learn make_moons: outer (cos θ, sin θ), inner (1 − cos θ, 1 − sin θ − 0.5), θ in
  // [0, π], noise·N(0, 1) on both coordinates, ⌊n/2⌋ outer and ⌈n/2⌉ inner points. Here θ = πu
  // is uniform (sklearn spaces θ evenly) and odd rows are on the outer moon.
  return {
    name: 'moons', source: 'scikit-learn/scikit-learn sklearn/datasets/_samples_generator.py (make_moons), random angles',
    point(row, u, z0, z1, out, at) {
      const theta = Math.PI * u;
      const outer = (row & 1) === 1;
      out[at] = (outer ? Math.cos(theta) : 1 - Math.cos(theta)) + noise * z0;
      out[at + 1] = (outer ? Math.sin(theta) : 1 - Math.sin(theta) - 0.5) + noise * z1;
    },
  };
}

function spiral(noise: number, turns: number): Curve {
  // Two interleaved Archimedean arms: θ = √u·2π·turns (√ makes the density along the arm
  // nearly uniform), ρ = θ/(2π·turns) in [0, 1); arm 0 is ρ(cos θ, sin θ), arm 1 its
  // reflection through the origin (even rows arm 0, odd rows arm 1); plus noise·N(0, I).
  const span = 2 * Math.PI * turns;
  return {
    name: 'spiral', source: 'saddle (two Archimedean arms, see docs/datasets.md)',
    point(row, u, z0, z1, out, at) {
      const theta = Math.sqrt(u) * span;
      const rho = (row & 1) === 1 ? -theta / span : theta / span;
      out[at] = rho * Math.cos(theta) + noise * z0;
      out[at + 1] = rho * Math.sin(theta) + noise * z1;
    },
  };
}

/** GAN Lab 'line': (0.8 − 0.75u, 0.6 + 0.3u) + 0.01·N(0, I). */
const ganlabLine: Curve = {
  name: 'ganlab-line', source: `${GANLAB} case 'line'`,
  point(_row, u, z0, z1, out, at) {
    out[at] = 0.8 - 0.75 * u + 0.01 * z0;
    out[at + 1] = 0.6 + 0.3 * u + 0.01 * z1;
  },
};

/** GAN Lab 'ring': (0.5 + 0.3 cos 2πu, 0.45 + 0.25 sin 2πu) + 0.025·N(0, I) (an ellipse, not a mixture). */
const ganlabRing: Curve = {
  name: 'ganlab-ring', source: `${GANLAB} case 'ring'`,
  point(_row, u, z0, z1, out, at) {
    out[at] = 0.5 + 0.3 * Math.cos(u * Math.PI * 2) + 0.025 * z0;
    out[at + 1] = 0.45 + 0.25 * Math.sin(u * Math.PI * 2) + 0.025 * z1;
  },
};

// ---- draws ----

const CHUNK = 1 << 16; // values per RNG call (a multiple of 4, so consecutive calls continue one sequence)

/** Sequential reader over one RNG stream, filled in chunks through a WASM buffer. */
class DrawStream {
  private cache: Float32Array = new Float32Array(0);
  private pos = 0;
  private counter = 0;
  constructor(
    private readonly sd: Saddle, private readonly buffer: WasmArray<'f32'>, private readonly seed: number | bigint,
    private readonly stream: number, private readonly fill: typeof randomNormal,
  ) {}

  next(): number {
    if (this.pos === this.cache.length) this.refill();
    return this.cache[this.pos++];
  }

  /** The next n values into out[0..n). */
  read(out: Float64Array, n: number): void {
    let filled = 0;
    while (filled < n) {
      if (this.pos === this.cache.length) this.refill();
      const take = Math.min(n - filled, this.cache.length - this.pos);
      for (let i = 0; i < take; i++) out[filled + i] = this.cache[this.pos + i];
      this.pos += take;
      filled += take;
    }
  }

  private refill(): void {
    this.counter = this.fill(this.sd, this.buffer, { seed: this.seed, stream: this.stream, counter: this.counter });
    this.cache = this.buffer.toArray();
    this.pos = 0;
  }
}

/** Runs body with a normal and a uniform stream of `seed`; the WASM buffers are freed afterwards. */
function withDraws<T>(sd: Saddle, seed: number | bigint, normals: number, uniforms: number,
  body: (normal: DrawStream, uniform: DrawStream) => T): T {
  const size = (n: number) => Math.max(4, Math.min(CHUNK, Math.ceil(n / 4) * 4));
  const nb = sd.f32(size(normals));
  try {
    const ub = sd.f32(size(uniforms));
    try {
      return body(new DrawStream(sd, nb, seed, DATASET_STREAMS.normal, randomNormal),
        new DrawStream(sd, ub, seed, DATASET_STREAMS.uniform, randomUniform));
    } finally {
      ub.dispose();
    }
  } finally {
    nb.dispose();
  }
}

function sampleMixture(m: Mixture, rows: number, normal: DrawStream, uniform: DrawStream, out: Float32Array, labels: Int32Array): void {
  const { dim, means, cumulative, noise } = m;
  const k = cumulative.length;
  const z = new Float64Array(dim);
  const perm = new Int32Array(k);
  const block = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    let c: number;
    if (m.stratified) {
      const slot = r % k;
      if (slot === 0) {
        // Fisher–Yates over one block of k rows, from k uniforms (u[0] unused)
        uniform.read(block, k);
        for (let i = 0; i < k; i++) perm[i] = i;
        for (let j = k - 1; j > 0; j--) {
          const i = Math.floor(block[j] * (j + 1));
          const t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
      }
      c = perm[slot];
    } else {
      const u = uniform.next();
      c = 0;
      while (c < k - 1 && u >= cumulative[c]) c++;
    }
    labels[r] = c;
    normal.read(z, dim);
    const at = r * dim, mu = c * dim, nz = noise[c];
    if (nz.kind === 'iso') {
      for (let j = 0; j < dim; j++) out[at + j] = means[mu + j] + nz.std * z[j];
    } else if (nz.kind === 'diag') {
      for (let j = 0; j < dim; j++) out[at + j] = means[mu + j] + nz.std[j] * z[j];
    } else {
      for (let j = 0; j < dim; j++) {
        let s = means[mu + j];
        for (let l = 0; l <= j; l++) s += nz.lower[j * dim + l] * z[l];
        out[at + j] = s;
      }
    }
  }
}

function mixtureDataset(sd: Saddle, m: Mixture, rows: number, seed: number | bigint): Dataset {
  const k = m.weights.length, dim = m.dim;
  const data = new Float32Array(rows * dim);
  const labels = new Int32Array(rows);
  const uniforms = m.stratified ? Math.ceil(rows / k) * k : rows;
  withDraws(sd, seed, rows * dim, uniforms, (normal, uniform) => sampleMixture(m, rows, normal, uniform, data, labels));
  const stds = new Float64Array(k * dim);
  m.noise.forEach((nz, c) => {
    for (let j = 0; j < dim; j++) {
      if (nz.kind === 'iso') stds[c * dim + j] = nz.std;
      else if (nz.kind === 'diag') stds[c * dim + j] = nz.std[j];
      else {
        let v = 0;
        for (let l = 0; l <= j; l++) v += nz.lower[j * dim + l] ** 2;
        stds[c * dim + j] = Math.sqrt(v);
      }
    }
  });
  return {
    data, rows, dim, name: m.name, source: m.source,
    modes: Float32Array.from(m.means), weights: Float64Array.from(m.weights), stds, labels,
  };
}

function curveDataset(sd: Saddle, curve: Curve, rows: number, seed: number | bigint): Dataset {
  const data = new Float32Array(rows * 2);
  withDraws(sd, seed, rows * 2, rows, (normal, uniform) => {
    for (let r = 0; r < rows; r++) {
      const u = uniform.next();
      const z0 = normal.next(), z1 = normal.next();
      curve.point(r, u, z0, z1, data, 2 * r);
    }
  });
  return { data, rows, dim: 2, name: curve.name, source: curve.source };
}

// ---- checks ----

const MAX_ROWS = 2 ** 26;
const MAX_VALUES = 2 ** 28;
const F32_MAX = 3.4028234663852886e38;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkSeed(fn: string, seed: unknown): number | bigint {
  if (typeof seed === 'bigint' && seed >= 0n && seed < 1n << 64n) return seed;
  if (typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0) return seed;
  throw new SaddleArgumentError(fn, 'seed', 'an integer in [0, 2^53) or a bigint in [0, 2^64)', seed);
}

function checkRows(fn: string, rows: unknown, dim: number): number {
  if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 1 || rows > MAX_ROWS) {
    throw new SaddleArgumentError(fn, 'rows', 'an integer in [1, 2^26]', rows);
  }
  if (rows * dim > MAX_VALUES) {
    throw new SaddleArgumentError(fn, 'rows', `at most ${Math.floor(MAX_VALUES / dim)} for dim ${dim} (rows·dim <= 2^28 values)`, rows);
  }
  return rows;
}

function checkNoise(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new SaddleArgumentError(fn, name, 'a finite number >= 0', value);
  }
  return value;
}

const PRESET_LIST = PRESET_NAMES.map((n) => `'${n}'`).join(', ');

type Resolved = { mixture: Mixture } | { curve: Curve };

function resolve(fn: string, preset: unknown): Resolved {
  if (preset instanceof MixtureSpec) return { mixture: preset.mixture };
  const spec = typeof preset === 'string' ? { name: preset } : preset;
  if (!isObject(spec) || typeof spec.name !== 'string') {
    throw new SaddleArgumentError(fn, 'preset', `a preset name (${PRESET_LIST}), a { name, ... } spec, or a gaussianMixture(...)`, preset);
  }
  const name = spec.name;
  if (!(PRESET_NAMES as readonly string[]).includes(name)) {
    throw new SaddleArgumentError(fn, 'preset', `one of ${PRESET_LIST}`, name);
  }
  const allowed: Record<string, readonly string[]> = { swissroll: ['noise'], moons: ['noise'], spiral: ['noise', 'turns'] };
  for (const key of Object.keys(spec)) {
    if (key === 'name' || spec[key] === undefined) continue;
    if (!(allowed[name] ?? []).includes(key)) {
      const which = allowed[name] ? `only ${allowed[name].map((a) => `'${a}'`).join(', ')}` : 'no parameters (its values are the source\'s)';
      throw new SaddleArgumentError(fn, `preset.${key}`, `unset: '${name}' takes ${which}`, spec[key]);
    }
  }
  const mixture = presetMixture(name as PresetName);
  if (mixture) return { mixture };
  switch (name) {
    case 'swissroll': return { curve: swissroll(checkNoise(fn, 'preset.noise', spec.noise, 0.25)) };
    case 'moons': return { curve: moons(checkNoise(fn, 'preset.noise', spec.noise, 0.1)) };
    case 'spiral': {
      const turns = spec.turns === undefined ? 1.5 : spec.turns;
      if (typeof turns !== 'number' || !Number.isFinite(turns) || turns <= 0 || turns > 1000) {
        throw new SaddleArgumentError(fn, 'preset.turns', 'a number in (0, 1000]', turns);
      }
      return { curve: spiral(checkNoise(fn, 'preset.noise', spec.noise, 0.05), turns) };
    }
    case 'ganlab-line': return { curve: ganlabLine };
    default: return { curve: ganlabRing };
  }
}

// ---- public API ----

/**
 * Generates `rows` samples of a preset distribution (or of a gaussianMixture) from `seed`.
 * The same (preset, seed) gives the same bits on every run, and the first k rows of any
 * draw equal a draw of k rows. Mixtures also return their centres (`modes`), `weights`,
 * per-axis `stds` and each row's component (`labels`). docs/datasets.md gives each
 * preset's formula and source.
 *
 * @example
 * const sd = await loadSaddle();
 * const ds = gan.dataset(sd, '8gaussians', { rows: 10000, seed: 1 });
 * const g = new graph.Graph();
 * const real = graph.input(g, [ds.rows, ds.dim]);          // the whole dataset, in WASM memory
 * const batch = graph.sampleRows(real, 256, 0);            // a fresh minibatch every iteration
 * // ... build losses on `batch`, compile(sd, { seed: 2, phases }) ...
 * program.write(real, ds.data);
 * ds.modes;  // Float32Array(16): the 8 centres, e.g. [2/1.414, 0, -2/1.414, 0, ...]
 */
export function dataset(sd: Saddle, preset: PresetName | PresetSpec | MixtureSpec, options: DatasetOptions): Dataset {
  const fn = 'dataset';
  if (!(sd instanceof Saddle)) throw new SaddleArgumentError(fn, 'sd', 'a loaded Saddle instance (from loadSaddle())', sd);
  const resolved = resolve(fn, preset);
  if (!isObject(options)) throw new SaddleArgumentError(fn, 'options', 'an object { rows, seed }', options);
  const seed = checkSeed(fn, options.seed);
  if ('mixture' in resolved) {
    return mixtureDataset(sd, resolved.mixture, checkRows(fn, options.rows, resolved.mixture.dim), seed);
  }
  return curveDataset(sd, resolved.curve, checkRows(fn, options.rows, 2), seed);
}

export interface GaussianMixtureOptions {
  /** The component means: K arrays of dim numbers (K >= 1, dim >= 1). */
  means: ArrayLike<ArrayLike<number>>;
  /**
   * Isotropic or diagonal noise: one std for every component and axis, K stds (one per
   * component), or K arrays of dim stds (per component and axis). Stds are >= 0.
   */
  std?: number | ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  /** Full covariances instead of `std`: K symmetric positive definite dim × dim matrices (arrays of rows). */
  covariances?: ArrayLike<ArrayLike<ArrayLike<number>>>;
  /** Mixing weights (>= 0, not all 0; normalized to sum 1). Default uniform. */
  weights?: ArrayLike<number>;
  /** The dataset's name. Default 'gaussian-mixture'. */
  name?: string;
}

function checkVector(fn: string, name: string, value: unknown, length: number | undefined, min = -Infinity): number[] {
  const ok = value !== null && typeof value === 'object' && typeof (value as ArrayLike<number>).length === 'number';
  if (!ok) throw new SaddleArgumentError(fn, name, length === undefined ? 'an array of numbers' : `an array of ${length} numbers`, value);
  const v = Array.from(value as ArrayLike<unknown>);
  if (length !== undefined && v.length !== length) {
    throw new SaddleArgumentError(fn, name, `an array of ${length} numbers`, new Described(`${v.length} numbers`));
  }
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < min) {
      throw new SaddleArgumentError(fn, `${name}[${i}]`, min === -Infinity ? 'a finite number' : `a finite number >= ${min}`, x);
    }
  });
  return v as number[];
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as ArrayLike<unknown>).length === 'number';
}

/** Lower-triangular L with L Lᵀ = a (dim × dim, row-major), or undefined when a is not positive definite. */
function cholesky(a: Float64Array, dim: number): Float64Array | undefined {
  const l = new Float64Array(dim * dim);
  for (let j = 0; j < dim; j++) {
    let d = a[j * dim + j];
    for (let k = 0; k < j; k++) d -= l[j * dim + k] ** 2;
    if (!(d > 0)) return undefined;
    const ljj = Math.sqrt(d);
    l[j * dim + j] = ljj;
    for (let i = j + 1; i < dim; i++) {
      let s = a[i * dim + j];
      for (let k = 0; k < j; k++) s -= l[i * dim + k] * l[j * dim + k];
      l[i * dim + j] = s / ljj;
    }
  }
  return l;
}

/**
 * A d-dimensional Gaussian mixture Σ_k w_k N(μ_k, Σ_k), for `dataset(sd, mixture, { rows, seed })`.
 * A row draws its component from the weights (one uniform u: the first k with
 * u < w_1 + … + w_k) and then x = μ_k + σ_k ⊙ z (std) or x = μ_k + L_k z with L_k L_kᵀ = Σ_k
 * (Cholesky, for covariances), z ~ N(0, I_d) from saddle's RNG.
 *
 * @example
 * const mix = gan.gaussianMixture({ means: [[0, 0], [3, 0]], covariances: [[[1, 0.5], [0.5, 1]], [[0.2, 0], [0, 0.2]]], weights: [1, 3] });
 * const ds = gan.dataset(sd, mix, { rows: 1000, seed: 7 });   // ds.modes = [0, 0, 3, 0], ds.weights = [0.25, 0.75]
 */
export function gaussianMixture(options: GaussianMixtureOptions): MixtureSpec {
  const fn = 'gaussianMixture';
  if (!isObject(options)) throw new SaddleArgumentError(fn, 'options', 'an object { means, std | covariances, weights?, name? }', options);
  const o = options as unknown as Record<string, unknown>;
  if (!isArrayLike(o.means) || o.means.length < 1) {
    throw new SaddleArgumentError(fn, 'means', 'a non-empty array of mean vectors (arrays of numbers)', o.means);
  }
  const k = o.means.length;
  const first = o.means[0];
  if (!isArrayLike(first) || first.length < 1) throw new SaddleArgumentError(fn, 'means[0]', 'a non-empty array of numbers', first);
  const dim = first.length;
  if (k * dim > MAX_VALUES) throw new SaddleArgumentError(fn, 'means', 'at most 2^28 numbers in all', new Described(`${k} × ${dim}`));
  const means = Array.from(o.means as ArrayLike<unknown>, (m, c) => checkVector(fn, `means[${c}]`, m, dim));

  if ((o.std === undefined) === (o.covariances === undefined)) {
    throw new SaddleArgumentError(fn, o.std === undefined ? 'std' : 'covariances',
      'exactly one of std and covariances', new Described(o.std === undefined ? 'neither' : 'both'));
  }
  let noise: Noise[];
  if (o.std !== undefined) {
    const std = o.std;
    if (typeof std === 'number') {
      if (!Number.isFinite(std) || std < 0) throw new SaddleArgumentError(fn, 'std', 'a finite number >= 0', std);
      noise = iso(std, k);
    } else if (isArrayLike(std) && std.length === k && typeof std[0] === 'number') {
      noise = checkVector(fn, 'std', std, k, 0).map((s) => ({ kind: 'iso' as const, std: s }));
    } else if (isArrayLike(std) && std.length === k && isArrayLike(std[0])) {
      noise = Array.from(std as ArrayLike<unknown>, (s, c) => ({ kind: 'diag' as const, std: Float64Array.from(checkVector(fn, `std[${c}]`, s, dim, 0)) }));
    } else {
      throw new SaddleArgumentError(fn, 'std', `a number, ${k} numbers (one per component) or ${k} arrays of ${dim} numbers`, std);
    }
  } else {
    const cov = o.covariances;
    if (!isArrayLike(cov) || cov.length !== k) {
      throw new SaddleArgumentError(fn, 'covariances', `${k} matrices of ${dim} × ${dim} (one per component)`, cov);
    }
    noise = Array.from(cov as ArrayLike<unknown>, (matrix, c) => {
      const name = `covariances[${c}]`;
      if (!isArrayLike(matrix) || matrix.length !== dim) throw new SaddleArgumentError(fn, name, `a ${dim} × ${dim} matrix (an array of ${dim} rows)`, matrix);
      const a = new Float64Array(dim * dim);
      Array.from(matrix as ArrayLike<unknown>).forEach((row, i) => a.set(checkVector(fn, `${name}[${i}]`, row, dim), i * dim));
      let scale = 0;
      for (const x of a) scale = Math.max(scale, Math.abs(x));
      for (let i = 0; i < dim; i++) {
        for (let j = 0; j < i; j++) {
          if (Math.abs(a[i * dim + j] - a[j * dim + i]) > 1e-12 * scale) {
            throw new SaddleArgumentError(fn, name, 'a symmetric matrix',
              new Described(`entries [${i}][${j}] = ${a[i * dim + j]} and [${j}][${i}] = ${a[j * dim + i]}`));
          }
        }
      }
      const lower = cholesky(a, dim);
      if (!lower) {
        throw new SaddleArgumentError(fn, name, 'positive definite (for a degenerate component use std with zeros)',
          new Described('a matrix whose Cholesky factorization fails'));
      }
      return { kind: 'chol' as const, lower };
    });
  }
  let weights: number[] | undefined;
  if (o.weights !== undefined) {
    weights = checkVector(fn, 'weights', o.weights, k, 0);
    if (!(weights.reduce((a, b) => a + b, 0) > 0)) throw new SaddleArgumentError(fn, 'weights', 'weights with a positive sum', new Described('all zero'));
  }
  const name = o.name === undefined ? 'gaussian-mixture' : o.name;
  if (typeof name !== 'string') throw new SaddleArgumentError(fn, 'name', 'a string', name);
  return new MixtureSpec(makeMixture({ name, source: 'gaussianMixture', means, weights, noise }));
}

function checkValue(fn: string, name: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || Math.abs(x) > F32_MAX) {
    throw new SaddleArgumentError(fn, name, 'a finite number in the f32 range', x);
  }
  return x;
}

/**
 * User data as a dataset: `values` is either flat (row-major, length rows·dim) or an array of
 * rows of `dim` numbers. Every value must be finite and in the f32 range; at least one row.
 *
 * @example
 * gan.fromArray([0, 1, 2, 3, 4, 5], 2);        // 3 rows × 2
 * gan.fromArray([[0, 1], [2, 3], [4, 5]], 2);  // the same
 */
export function fromArray(values: ArrayLike<number> | ArrayLike<ArrayLike<number>>, dim: number): Dataset {
  const fn = 'fromArray';
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1 || dim > MAX_VALUES) {
    throw new SaddleArgumentError(fn, 'dim', 'an integer in [1, 2^28] (numbers per row)', dim);
  }
  if (!isArrayLike(values) || typeof values === 'string') throw new SaddleArgumentError(fn, 'values', 'an array of numbers or an array of rows', values);
  let data: Float32Array;
  if (values.length > 0 && isArrayLike(values[0])) {
    const rows = values.length;
    checkRows(fn, rows, dim);
    data = new Float32Array(rows * dim);
    for (let r = 0; r < rows; r++) {
      const row = values[r] as unknown;
      if (!isArrayLike(row) || row.length !== dim) {
        throw new SaddleArgumentError(fn, `values[${r}]`, `a row of ${dim} numbers (dim)`, isArrayLike(row) ? new Described(`${row.length} numbers`) : row);
      }
      for (let j = 0; j < dim; j++) data[r * dim + j] = checkValue(fn, `values[${r}][${j}]`, row[j]);
    }
  } else {
    if (values.length === 0 || values.length % dim !== 0) {
      throw new SaddleArgumentError(fn, 'values', `a positive multiple of dim = ${dim} numbers (rows × dim, row-major)`, new Described(`${values.length} numbers`));
    }
    checkRows(fn, values.length / dim, dim);
    data = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) data[i] = checkValue(fn, `values[${i}]`, values[i]);
  }
  return { data, rows: data.length / dim, dim, name: 'array', source: 'fromArray' };
}

/** A CSV cell that is not a number, or a row of the wrong length: names the 1-based line and column. */
export class SaddleCsvError extends SaddleArgumentError {
  readonly line: number;
  readonly column: number;
  constructor(expected: string, got: unknown, line: number, column: number) {
    super('parseCsv', 'text', expected, got);
    this.line = line;
    this.column = column;
  }
}

export interface CsvOptions {
  /** The first non-blank line names the columns (default false). */
  header?: boolean;
  /** A single character (default ','; not a digit, sign, '.', 'e', quote or line break), or 'whitespace' for runs of spaces and tabs. */
  delimiter?: string;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses numeric CSV text (one sample per line) into a dataset. Lines end in \n, \r\n or \r;
 * blank lines are skipped (a trailing newline is fine); cells are trimmed of spaces and
 * tabs. Cells must be decimal numbers (e.g. -1.5, .5, 2e-3) in the f32 range: anything else,
 * or a row whose field count differs from the first row's, throws a SaddleCsvError naming the
 * line and column.
 *
 * @example
 * gan.parseCsv('x,y\n0.5,1\n-2,3e-1\n', { header: true });  // rows 2, dim 2, columns ['x', 'y']
 * gan.parseCsv('1 2\n3 4', { delimiter: 'whitespace' });   // rows 2, dim 2
 */
export function parseCsv(text: string, options?: CsvOptions): Dataset {
  const fn = 'parseCsv';
  if (typeof text !== 'string') throw new SaddleArgumentError(fn, 'text', 'a string of CSV text', text);
  if (options !== undefined && !isObject(options)) throw new SaddleArgumentError(fn, 'options', 'an object { header?, delimiter? }', options);
  const header = options?.header ?? false;
  if (typeof header !== 'boolean') throw new SaddleArgumentError(fn, 'header', 'true or false', header);
  const delimiter = options?.delimiter ?? ',';
  if (typeof delimiter !== 'string' || (delimiter !== 'whitespace' && (delimiter.length !== 1 || /[0-9.+\-eE"\r\n]/.test(delimiter)))) {
    throw new SaddleArgumentError(fn, 'delimiter', "a single character that cannot appear in a number (e.g. ',', ';', '\\t') or 'whitespace'", delimiter);
  }
  const split = delimiter === 'whitespace'
    ? (line: string) => line.trim().split(/[ \t]+/)
    : (line: string) => line.split(delimiter).map((cell) => cell.replace(/^[ \t]+|[ \t]+$/g, ''));
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const values: number[] = [];
  let dim = 0, firstLine = 0;
  let columns: string[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const line = i + 1;
    const cells = split(lines[i]);
    if (header && columns === undefined) {
      columns = cells.map((c) => c.replace(/^"(.*)"$/, '$1'));
      dim = cells.length;
      firstLine = line;
      continue;
    }
    if (dim === 0) {
      dim = cells.length;
      firstLine = line;
    } else if (cells.length !== dim) {
      throw new SaddleCsvError(`rows of ${dim} fields (as on line ${firstLine})`,
        new Described(`${cells.length} fields on line ${line}`), line, Math.min(cells.length, dim) + 1);
    }
    cells.forEach((cell, j) => {
      const at = `line ${line}, column ${j + 1}`;
      const hint = !header && line === firstLine ? ' (pass { header: true } if this line names the columns)' : '';
      if (cell === '') throw new SaddleCsvError(`a number at ${at}`, new Described('an empty cell'), line, j + 1);
      if (!NUMBER.test(cell)) throw new SaddleCsvError(`a number at ${at}${hint}`, cell, line, j + 1);
      const x = Number(cell);
      if (!(Math.abs(x) <= F32_MAX)) throw new SaddleCsvError(`a number in the f32 range at ${at}`, cell, line, j + 1);
      values.push(x);
    });
  }
  if (values.length === 0) throw new SaddleArgumentError(fn, 'text', 'at least one row of numbers', new Described('no data rows'));
  const rows = values.length / dim;
  checkRows(fn, rows, dim);
  return { data: Float32Array.from(values), rows, dim, name: 'csv', source: 'parseCsv', ...(columns ? { columns } : {}) };
}
