// Drawing datasets: `dataset(sd, preset | gaussianMixture(...), { rows, seed })`.
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

import { Described, SaddleArgumentError } from '../../errors.js';
import { randomNormal, randomUniform } from '../../rng.js';
import type { WasmArray } from '../../wasm/array.js';
import { Saddle } from '../../wasm/instance.js';
import { checkRows, checkSeed, isObject, type Dataset } from './dataset.js';
import { MixtureSpec, type Curve, type Mixture } from './mixture.js';
import { resolvePreset, type PresetName, type PresetSpec } from './presets.js';

export interface DatasetOptions {
  /** Number of rows (samples) to generate: an integer in [1, 2^26] with rows·dim <= 2^28. */
  rows: number;
  /** The RNG key: an integer in [0, 2^53) or a bigint in [0, 2^64). Required: datasets are never seeded implicitly. */
  seed: number | bigint;
}

/** Streams of the caller's seed that dataset generation reads (far from the small stream numbers graphs use). */
export const DATASET_STREAMS = { normal: 0xda7a0000, uniform: 0xda7a0001 } as const;

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
  const resolved = preset instanceof MixtureSpec ? { mixture: preset.mixture } : resolvePreset(fn, preset);
  if (!isObject(options)) throw new SaddleArgumentError(fn, 'options', 'an object { rows, seed }', options);
  const seed = checkSeed(fn, options.seed);
  const ds = 'mixture' in resolved
    ? mixtureDataset(sd, resolved.mixture, checkRows(fn, options.rows, resolved.mixture.dim), seed)
    : curveDataset(sd, resolved.curve, checkRows(fn, options.rows, 2), seed);
  // means and spreads each within the f32 range can still sum past it
  const bad = ds.data.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) {
    throw new SaddleArgumentError(fn, 'preset', 'a distribution whose samples fit in f32 (|x| <= 3.4028e+38)',
      new Described(`a sample of ${ds.data[bad]} at row ${Math.floor(bad / ds.dim)}, column ${bad % ds.dim}`));
  }
  return ds;
}
