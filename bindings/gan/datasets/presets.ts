// The dataset presets: one table, one record per preset (its summary, the paper and where
// its exact parameters are written, its options and its generator). PRESET_NAMES, the
// errors' lists of valid names and the CLI read the table; docs/datasets.md gives each
// preset's formula and source.

import { Number as TNumber, Object as TObject, Optional, type TSchema } from '@sinclair/typebox';
import { SaddleArgumentError } from '../../errors.js';
import { defineRegistry, type RegistryEntry } from '../../registry.js';
import { isObject } from './dataset.js';
import { iso, makeMixture, type Curve, type Mixture } from './mixture.js';

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

// ---- curve presets: one uniform u and two normals (z0, z1) per row ----

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

// ---- the table ----

/** A preset's record: the registry's fields, and the distribution it draws from. */
export interface PresetEntry<S extends TSchema = TSchema> extends RegistryEntry {
  readonly options: S;
  /** The distribution, from the preset's options with every default filled in. */
  readonly generate: (options: Readonly<Record<string, number>>) => Mixture | Curve;
}

const preset = <S extends TSchema>(entry: PresetEntry<S>): PresetEntry<S> => entry;

/** For the source-defined presets: their values are the source's. */
const NO_OPTIONS = TObject({}, { additionalProperties: false });
const noise = (value: number, description: string) => Optional(TNumber({ minimum: 0, default: value, description }));

const WGAN_GP_PAPER = 'Gulrajani, Ahmed, Arjovsky, Dumoulin & Courville 2017, "Improved Training of Wasserstein GANs" (NeurIPS), §3.1 and Figure 1';
const PACGAN_PAPER = 'Lin, Khetan, Fanti & Oh 2018, "PacGAN: The power of two samples in generative adversarial networks" (NeurIPS), synthetic experiments';
const VEEGAN_PAPER = 'Srivastava, Valkov, Russell, Gutmann & Sutton 2017, "VEEGAN: Reducing Mode Collapse in GANs using Implicit Variational Learning" (NeurIPS), synthetic experiments';
const GANLAB_PAPER = 'Kahng, Thorat, Chau, Viégas & Wattenberg 2019, "GAN Lab: Understanding Complex Deep Generative Models using Interactive Visual Experimentation" (IEEE TVCG)';
const RING_8 = `${PACGAN}/2DRing_GAN&PacGAN/config.py`;
const GRID_25 = `${PACGAN}/2DGrid_GAN&PacGAN/config.py`;

/** Every preset `dataset` accepts, in the order docs/datasets.md lists them. */
export const DATASET_PRESETS = defineRegistry('dataset preset', {
  '8gaussians': preset({
    summary: '8 Gaussians on a circle of radius 2/1.414, std 0.02/1.414',
    reference: `${WGAN_GP_PAPER}; parameters: gan_toy.py inf_train_gen, DATASET = '8gaussians' (docs/datasets.md, WGAN-GP)`,
    options: NO_OPTIONS, generate: () => wgan8(),
  }),
  '25gaussians': preset({
    summary: 'a 5 × 5 grid of Gaussians, centres (2x, 2y)/2.828, std 0.05/2.828, exactly equal counts',
    reference: `${WGAN_GP_PAPER}; parameters: gan_toy.py inf_train_gen, DATASET = '25gaussians' (docs/datasets.md, WGAN-GP)`,
    options: NO_OPTIONS, generate: () => wgan25(),
  }),
  swissroll: preset({
    summary: 'a 2-D swiss roll: t = 1.5π(1 + 2u), (t cos t, t sin t) + noise·N, all / 7.5',
    reference: `${WGAN_GP_PAPER}; parameters: gan_toy.py inf_train_gen, DATASET = 'swissroll' (sklearn make_swiss_roll(noise=0.25)[:, [0, 2]] / 7.5; docs/datasets.md, WGAN-GP)`,
    options: TObject({ noise: noise(0.25, 'std of the noise on each coordinate, before the division by 7.5') }, { additionalProperties: false }),
    generate: (o) => swissroll(o.noise),
  }),
  'ring-8': preset({
    summary: '8 Gaussians on the unit circle, std 0.01, uniform weights',
    reference: `${PACGAN_PAPER}; parameters: 2DRing_GAN&PacGAN/config.py (docs/datasets.md, PacGAN)`,
    options: NO_OPTIONS, generate: () => ring8('ring-8', RING_8),
  }),
  'grid-25': preset({
    summary: 'a 5 × 5 grid of Gaussians at (i, j), i, j ∈ {−4, −2, 0, 2, 4}, std 0.05, uniform weights',
    reference: `${PACGAN_PAPER}; parameters: 2DGrid_GAN&PacGAN/config.py (docs/datasets.md, PacGAN)`,
    options: NO_OPTIONS, generate: () => grid25('grid-25', GRID_25),
  }),
  'veegan-ring': preset({
    summary: "VEEGAN's ring of 8 Gaussians (as 'ring-8': radius 1, std 0.01)",
    reference: `${VEEGAN_PAPER}; parameters not in the stored VEEGAN sources: those of PacGAN 2DRing_GAN&PacGAN/config.py and unrolled_gan sample_mog (docs/datasets.md, VEEGAN)`,
    options: NO_OPTIONS,
    generate: () => ring8('veegan-ring', 'akashgit/VEEGAN index.md (eight 2-D Gaussians in a ring; parameters as in PacGAN 2DRing_GAN&PacGAN/config.py '
      + 'and poolio/unrolled_gan sample_mog: radius 1, std 0.01)'),
  }),
  'veegan-grid': preset({
    summary: "VEEGAN's 5 × 5 grid of Gaussians (as 'grid-25': spacing 2, std 0.05)",
    reference: `${VEEGAN_PAPER}; parameters: VEEGAN_2D_RING.ipynb as ported in radarsat1/latentspace veegan_normal_mixture_keras.py, create_distribution (docs/datasets.md, VEEGAN)`,
    options: NO_OPTIONS,
    generate: () => grid25('veegan-grid', 'akashgit/VEEGAN VEEGAN_2D_RING.ipynb as ported in radarsat1/latentspace veegan_normal_mixture_keras.py '
      + '(create_distribution: product(range(-4, 5, 2))², scale 0.05); same as PacGAN 2DGrid_GAN&PacGAN/config.py'),
  }),
  'veegan-1200d': preset({
    summary: '10 Gaussians of dimension 700 embedded in 1200-D, centred at MEANS[k]·(1, …, 1)',
    reference: `${VEEGAN_PAPER}; parameters: PacGAN pacgan/datasets.py, VEEGAN1200DPackingMixture (docs/datasets.md, VEEGAN)`,
    options: NO_OPTIONS, generate: () => veegan1200d(),
  }),
  'ganlab-line': preset({
    summary: 'a noisy segment: (0.8 − 0.75u, 0.6 + 0.3u) + 0.01·N',
    reference: `${GANLAB_PAPER}; parameters: src/ganlab.ts sampleFromTrueDistribution, case 'line' (docs/datasets.md, GAN Lab)`,
    options: NO_OPTIONS, generate: () => ganlabLine,
  }),
  'ganlab-gaussians': preset({
    summary: 'two Gaussian hills with per-axis stds, weights ½, ½',
    reference: `${GANLAB_PAPER}; parameters: src/ganlab.ts sampleFromTrueDistribution, case 'gaussians' (docs/datasets.md, GAN Lab)`,
    options: NO_OPTIONS, generate: () => ganlabGaussians(),
  }),
  'ganlab-ring': preset({
    summary: 'a noisy ellipse: (0.5 + 0.3 cos 2πu, 0.45 + 0.25 sin 2πu) + 0.025·N',
    reference: `${GANLAB_PAPER}; parameters: src/ganlab.ts sampleFromTrueDistribution, case 'ring' (docs/datasets.md, GAN Lab)`,
    options: NO_OPTIONS, generate: () => ganlabRing,
  }),
  'ganlab-disjoint': preset({
    summary: 'three blobs, std 0.025, weights 0.333, 0.333, 0.334',
    reference: `${GANLAB_PAPER}; parameters: src/ganlab.ts sampleFromTrueDistribution, case 'disjoint' (docs/datasets.md, GAN Lab)`,
    options: NO_OPTIONS, generate: () => ganlabDisjoint(),
  }),
  moons: preset({
    summary: 'two interleaved half circles, θ = πu, plus noise·N',
    reference: 'Pedregosa et al. 2011, "Scikit-learn: Machine Learning in Python" (JMLR); parameters: sklearn/datasets/_samples_generator.py make_moons, with random angles (docs/datasets.md, moons)',
    options: TObject({ noise: noise(0.1, 'std of the noise on each coordinate') }, { additionalProperties: false }),
    generate: (o) => moons(o.noise),
  }),
  spiral: preset({
    summary: 'two interleaved Archimedean arms, θ = √u·2π·turns, plus noise·N',
    reference: "saddle's own construction (docs/datasets.md, spiral)",
    options: TObject({
      noise: noise(0.05, 'std of the noise on each coordinate'),
      turns: Optional(TNumber({ exclusiveMinimum: 0, maximum: 1000, default: 1.5, description: 'turns of each arm' })),
    }, { additionalProperties: false }),
    generate: (o) => spiral(o.noise, o.turns),
  }),
});

/** Every preset name `dataset` accepts, in the order docs/datasets.md lists them. */
export const PRESET_NAMES = DATASET_PRESETS.names;

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

const PRESET_LIST = PRESET_NAMES.map((n) => `'${n}'`).join(', ');

/** A number option checked against its schema (minimum, or exclusiveMinimum and maximum); its default when unset. */
function checkOption(fn: string, name: string, value: unknown, schema: { default: number; minimum?: number; exclusiveMinimum?: number; maximum?: number }): number {
  if (value === undefined) return schema.default;
  if (schema.exclusiveMinimum !== undefined) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= schema.exclusiveMinimum || value > schema.maximum!) {
      throw new SaddleArgumentError(fn, name, `a number in (${schema.exclusiveMinimum}, ${schema.maximum}]`, value);
    }
  } else if (typeof value !== 'number' || !Number.isFinite(value) || value < schema.minimum!) {
    throw new SaddleArgumentError(fn, name, `a finite number >= ${schema.minimum}`, value);
  }
  return value;
}

/** The distribution a preset name or { name, ...options } spec stands for; errors name `preset` or `preset.<option>`. */
export function resolvePreset(fn: string, preset: unknown): { mixture: Mixture } | { curve: Curve } {
  const spec = typeof preset === 'string' ? { name: preset } : preset;
  if (!isObject(spec) || typeof spec.name !== 'string') {
    throw new SaddleArgumentError(fn, 'preset', `a preset name (${PRESET_LIST}), a { name, ... } spec, or a gaussianMixture(...)`, preset);
  }
  const name = spec.name;
  if (!DATASET_PRESETS.has(name)) throw new SaddleArgumentError(fn, 'preset', `one of ${PRESET_LIST}`, name);
  const entry: PresetEntry = DATASET_PRESETS.entries[name];
  const properties = (entry.options.properties ?? {}) as Record<string, { default: number; minimum?: number; exclusiveMinimum?: number; maximum?: number }>;
  const allowed = Object.keys(properties);
  for (const key of Object.keys(spec)) {
    if (key === 'name' || spec[key] === undefined) continue;
    if (!allowed.includes(key)) {
      const which = allowed.length ? `only ${allowed.map((a) => `'${a}'`).join(', ')}` : 'no parameters (its values are the source\'s)';
      throw new SaddleArgumentError(fn, `preset.${key}`, `unset: '${name}' takes ${which}`, spec[key]);
    }
  }
  const options: Record<string, number> = {};
  for (const key of allowed) options[key] = checkOption(fn, `preset.${key}`, spec[key], properties[key]);
  const made = entry.generate(options);
  return 'point' in made ? { curve: made } : { mixture: made };
}
