// The random search's generator.
import { expect, test } from 'vitest';
import { splitmix32 } from '../../bindings/sweep/random.js';

test('splitmix32: uniform in [0, 1), reproducible, and its mean and variance are those of U(0, 1)', () => {
  const next = splitmix32(42), again = splitmix32(42);
  const draws = Array.from({ length: 100000 }, () => next());
  expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => again()));
  expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...draws)).toBeLessThan(1);
  const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
  const variance = draws.reduce((s, v) => s + (v - mean) ** 2, 0) / draws.length;
  // standard errors: 1/√(12n) ≈ 9e-4 for the mean, ≈ 2.7e-4 for the variance
  expect(Math.abs(mean - 0.5)).toBeLessThan(5e-3);
  expect(Math.abs(variance - 1 / 12)).toBeLessThan(2e-3);
});
