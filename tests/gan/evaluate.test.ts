// The VEEGAN/PacGAN mixture protocol: high quality within 3σ, modes captured, KL to uniform.
import { expect, test } from 'vitest';
import { gan } from '../../bindings/index.js';

const reference = { dim: 2, modes: [0, 0, 10, 0, 0, 10, 10, 10], stds: [1, 1, 1, 1, 0.1, 0.1, 2, 0.5] };

test('samples at the centres are all high quality and balanced modes have KL 0', () => {
  const samples = Array.from({ length: 400 }, (_, i) => reference.modes[(i % 8)]);
  const m = gan.mixtureMetrics(samples, reference);
  expect(m).toEqual({ modes: 4, highQuality: 1, klToUniform: 0, counts: [50, 50, 50, 50] });
});

test('the 3σ rule uses each mode’s own σ per axis, and KL measures imbalance', () => {
  const samples = [
    2.9, 0, 0, 2.99, // mode 0 at 2.9σ and 2.99σ: high quality
    3.1, 0, // 3.1σ from mode 0 and 6.9σ from mode 1: not
    0, 10.25, // mode 2 at 2.5σ (σ = 0.1)
    0, 10.35, // 3.5σ from mode 2: not
    15.9, 11.4, // mode 3: (5.9/2, 1.4/0.5) → √(2.95² + 2.8²) ≈ 4.07σ: not
    14, 10, // mode 3 at 2σ
  ];
  const m = gan.mixtureMetrics(samples, reference);
  expect(m.counts).toEqual([2, 0, 1, 1]);
  expect(m.modes).toBe(3);
  expect(m.highQuality).toBeCloseTo(4 / 7, 12);
  const p = [0.5, 0.25, 0.25];
  expect(m.klToUniform).toBeCloseTo(p.reduce((s, q) => s + q * Math.log(q * 4), 0), 12);
  expect(gan.mixtureMetrics(samples, reference, { threshold: 5 }).counts).toEqual([3, 0, 2, 2]);
  expect(gan.mixtureMetrics(samples, reference, { minCount: 2 }).modes).toBe(1);
});

test('the protocol size and typed errors', () => {
  expect(gan.MIXTURE_PROTOCOL_SAMPLES).toBe(2500);
  expect(() => gan.mixtureMetrics([1, 2, 3], reference)).toThrow(/argument 'samples'/);
  expect(() => gan.mixtureMetrics([1, 2], { ...reference, stds: [1] })).toThrow(/reference\.stds/);
  expect(() => gan.mixtureMetrics([1, 2], reference, { threshold: 0 })).toThrow(/threshold/);
  expect(Number.isNaN(gan.mixtureMetrics([100, 100], reference).klToUniform)).toBe(true);
});
