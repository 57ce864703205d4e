// Datasets for GAN experiments: the 2-D toy distributions of the papers that made them
// standard (WGAN-GP, PacGAN, VEEGAN, GAN Lab), two moons, a spiral, d-dimensional Gaussian
// mixtures, and user data from arrays or CSV text. docs/datasets.md lists every preset's
// exact parameters and the source file each comes from.
//
//   presets.ts   the preset table (summary, reference, options, generator per preset)
//   mixture.ts   the Gaussian-mixture model and gaussianMixture()
//   sample.ts    dataset(): draws from saddle's seeded RNG mapped to points
//   formats.ts   user data: fromArray() and parseCsv() (pure, browser-safe)
//   dataset.ts   the Dataset type and the argument checks they share

export type { Dataset } from './dataset.js';
export { DATASET_PRESETS, PRESET_NAMES, type PresetEntry, type PresetName, type PresetSpec } from './presets.js';
export { MixtureSpec, gaussianMixture, type GaussianMixtureOptions } from './mixture.js';
export { DATASET_STREAMS, dataset, type DatasetOptions } from './sample.js';
export { SaddleCsvError, fromArray, parseCsv, type CsvOptions } from './formats.js';
