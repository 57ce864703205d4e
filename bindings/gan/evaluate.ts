// Evaluation of generators on mixtures of Gaussians, following VEEGAN (Srivastava et al.
// 2017) and PacGAN (Lin et al. 2018): draw 2500 samples; a sample is high quality when it
// lies within 3σ of its nearest mode (σ the mode's standard deviation per axis); a mode is
// captured when some high-quality sample is assigned to it; and the distribution of
// high-quality samples over modes is compared with uniform by KL(p ‖ uniform).

import { SaddleArgumentError } from '../errors.js';

export interface MixtureReference {
  dim: number;
  /** mode centres, modes × dim */
  modes: ArrayLike<number>;
  /** per-mode, per-axis standard deviations, modes × dim */
  stds: ArrayLike<number>;
}

export interface MixtureMetrics {
  /** modes that received at least `minCount` high-quality samples */
  modes: number;
  /** fraction of samples within `threshold`·σ of their nearest mode */
  highQuality: number;
  /** KL(p ‖ uniform) of the high-quality samples' mode histogram, in nats (0 = perfectly balanced; NaN without any) */
  klToUniform: number;
  /** high-quality samples per mode */
  counts: number[];
}

/** The protocol's sample count (VEEGAN, PacGAN). */
export const MIXTURE_PROTOCOL_SAMPLES = 2500;

/**
 * Mode coverage of `samples` (n × dim, row-major) against a Gaussian mixture. A sample's
 * distance to a mode is √Σⱼ((xⱼ − μⱼ)/σⱼ)² and it is high quality when that is ≤ `threshold`
 * (default 3) for its nearest mode; modes count as captured with ≥ `minCount` (default 1).
 */
export function mixtureMetrics(samples: ArrayLike<number>, reference: MixtureReference, options: { threshold?: number; minCount?: number } = {}): MixtureMetrics {
  const { dim, modes, stds } = reference;
  const threshold = options.threshold ?? 3, minCount = options.minCount ?? 1;
  if (!Number.isInteger(dim) || dim < 1 || modes.length % dim !== 0 || modes.length === 0) {
    throw new SaddleArgumentError('mixtureMetrics', 'reference.modes', `a non-empty modes × ${dim} array`, `${modes.length} numbers`);
  }
  if (stds.length !== modes.length) throw new SaddleArgumentError('mixtureMetrics', 'reference.stds', `${modes.length} numbers (one per mode and axis)`, `${stds.length}`);
  if (samples.length % dim !== 0) throw new SaddleArgumentError('mixtureMetrics', 'samples', `a multiple of dim = ${dim} numbers`, `${samples.length}`);
  if (!(threshold > 0)) throw new SaddleArgumentError('mixtureMetrics', 'threshold', 'a positive number', threshold);
  const k = modes.length / dim, n = samples.length / dim;
  const counts = new Array<number>(k).fill(0);
  let good = 0;
  for (let i = 0; i < n; i++) {
    let best = -1, bestD = Infinity;
    for (let m = 0; m < k; m++) {
      let d = 0;
      for (let j = 0; j < dim; j++) d += ((samples[i * dim + j] - modes[m * dim + j]) / stds[m * dim + j]) ** 2;
      if (d < bestD) { bestD = d; best = m; }
    }
    if (Math.sqrt(bestD) <= threshold) { counts[best]++; good++; }
  }
  let kl = good === 0 ? NaN : 0;
  if (good > 0) for (const c of counts) if (c > 0) { const p = c / good; kl += p * Math.log(p * k); }
  return { modes: counts.filter((c) => c >= minCount && c > 0).length, highQuality: n === 0 ? 0 : good / n, klToUniform: kl, counts };
}
