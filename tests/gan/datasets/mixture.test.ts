// gaussianMixture (bindings/gan/datasets/mixture.ts): weights, per-axis stds, Cholesky
// covariances, typed errors.
import { describe, expect, test } from 'vitest';
import { type Saddle } from '../../../bindings/index.js';
import { dataset, gaussianMixture, type Dataset } from '../../../bindings/gan/datasets/index.js';
import { trackLiveBytes } from '../../helpers/builds.js';
import { argumentError } from '../../helpers/errors.js';
import { chiSquareLimit, chiSquare, perMode, expectWithin } from './statistics.js';

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
      // values that f32 data would hold as Infinity, and null read as 0
      [{ means: [[0, 1e39]], std: 1 }, 'means[0][1]'],
      [{ means: [[0, null]], std: 1 }, 'means[0][1]'],
      [{ means: [[0, 0]], std: 1e39 }, 'std'],
      [{ means: [[0, 0]], std: [[1, 4e38]] }, 'std[0][1]'],
      [{ means: [[0, 0], [1, 1]], std: 1, weights: [1e308, 1e308] }, 'weights'],
    ];
    for (const [options, argument] of cases) {
      const e = argumentError(() => gaussianMixture(options as never));
      expect(e.argument, JSON.stringify(options)).toBe(argument);
      expect(e.message).toMatch(/^gaussianMixture: argument '/);
    }
    expect(argumentError(() => gaussianMixture({ means: [[0, 0]], covariances: [[[1, 2], [2, 1]]] })).message).toContain('positive definite');
    expect(argumentError(() => gaussianMixture({ means: [[0, 1e39]], std: 1 })).message).toMatch(/a finite number within the f32 range, got 1e\+39/);
    expect(argumentError(() => gaussianMixture({ means: [[0, 0], [1, 1]], std: 1, weights: [1e308, 1e308] })).message).toMatch(/positive finite sum, got a sum of Infinity/);
    // huge weights with a finite sum are fine: they are normalized
    expect(Array.from(gaussianMixture({ means: [[0, 0], [1, 1]], std: 1, weights: [1e300, 3e300] }).mixture.weights)).toEqual([0.25, 0.75]);
  });
});
