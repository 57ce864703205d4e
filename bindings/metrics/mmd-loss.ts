// MMD² as a graph expression (an MMD-GAN loss, Li et al. 2017; Bińkowski et al. 2018), built
// only from existing graph ops (matmul, sum, exp, pow, ...), so autodiff differentiates it to
// any order and compile() runs it inside a training step. Same kernels and estimators as
// mmd() (bindings/metrics/mmd.ts), evaluated in f32 when compiled.

import * as G from '../graph/index.js';
import type { Node } from '../graph/index.js';
import { SaddleArgumentError, SaddleShapeError } from '../errors.js';
import type { MmdEstimator } from './mmd.js';
import { metricOptions, mmdLossOptionsSchema } from './schemas.js';

/**
 * Kernels available as graph ops (D = ‖x − y‖² = ‖x‖² + ‖y‖² − 2x·y, g = x·y):
 * rbf Σ_s exp(−D/(2σ_s²)); polynomial (γ g + c)^p (defaults p = 3, γ = 1/d, c = 1);
 * linear g; imq (c² + D)^(−β) (defaults c = 1, β = 1/2). Laplacian and distance kernels are
 * left out: √D is not differentiable at D = 0 (the diagonal).
 */
export type GraphKernel =
  | { kind: 'rbf'; bandwidth: number | readonly number[] }
  | { kind: 'polynomial'; degree?: number; gamma?: number; coef0?: number }
  | { kind: 'linear' }
  | { kind: 'imq'; c?: number; beta?: number };

export interface MmdLossOptions {
  kernel: GraphKernel;
  /** Default 'unbiased'. */
  estimator?: MmdEstimator;
}

/** The kernel matrix k(a_i, b_j) as a node [rows(a), rows(b)], for a kernel checked against graphKernelSchema. */
function kernelNode(k: GraphKernel, a: Node, b: Node): Node {
  const g = G.matmul(a, b, { transB: true });
  const dist = () => G.add(G.add(G.sum(G.square(a), 1), G.transpose(G.sum(G.square(b), 1))), G.mul(g, -2));
  switch (k.kind) {
    case 'linear': return g;
    case 'rbf': {
      const list = typeof k.bandwidth === 'number' ? [k.bandwidth] : k.bandwidth;
      const d = dist();
      return list.map((s) => G.exp(G.mul(d, -1 / (2 * s ** 2)))).reduce((p, q) => G.add(p, q));
    }
    case 'polynomial': {
      const degree = k.degree ?? 3, gamma = k.gamma ?? 1 / a.cols, coef0 = k.coef0 ?? 1;
      const base = G.add(G.mul(g, gamma), coef0);
      return degree === 1 ? base : G.pow(base, degree);
    }
    case 'imq': {
      const c = k.c ?? 1, beta = k.beta ?? 0.5;
      return G.pow(G.add(dist(), c * c), -beta);
    }
  }
}

/** Σ_i K[i, i] of a square kernel node. */
function trace(k: Node): Node {
  const n = k.rows;
  const eye = new Float32Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  return G.sum(G.mul(k, G.constant(k.graph, eye, [n, n])), 'all');
}

/**
 * MMD²(x, y) as a [1, 1] graph node for point sets x [n, d] and y [m, d] (rows are points),
 * with the estimators of mmd(): biased ΣKxx/n² + ΣKyy/m² − 2ΣKxy/(nm); unbiased with the
 * diagonals of Kxx and Kyy removed (divided by n(n−1), m(m−1)); u-statistic (n = m) also
 * removing the diagonal of Kxy. Differentiable to any order (grad of grad works).
 * @example
 * const g = new graph.Graph();
 * const fake = generator(noise);                    // [64, 2]
 * const real = graph.sampleRows(data, 64, 1);       // [64, 2]
 * const loss = metrics.mmd2Loss(fake, real, { kernel: { kind: 'rbf', bandwidth: [0.5, 1, 2] } });
 */
export function mmd2Loss(x: Node, y: Node, options: MmdLossOptions): Node {
  const fn = 'mmd2Loss';
  if (!(x instanceof G.Node)) throw new SaddleArgumentError(fn, 'x', 'a graph Node [n, d]', x);
  if (!(y instanceof G.Node)) throw new SaddleArgumentError(fn, 'y', 'a graph Node [m, d]', y);
  if (x.graph !== y.graph) throw new SaddleArgumentError(fn, 'y', 'a node of the same graph as x', y);
  if (x.cols !== y.cols) throw new SaddleShapeError(fn, [x.shape, y.shape], 'x and y need the same number of columns (dimension)');
  const o = metricOptions<MmdLossOptions>(fn, mmdLossOptionsSchema, options);
  const estimator = o.estimator ?? 'unbiased';
  const n = x.rows, m = y.rows;
  if (estimator !== 'biased' && (n < 2 || m < 2)) throw new SaddleShapeError(fn, [x.shape, y.shape], `the ${estimator} estimator needs at least 2 rows in x and y`);
  if (estimator === 'u-statistic' && n !== m) throw new SaddleShapeError(fn, [x.shape, y.shape], 'the u-statistic estimator needs as many rows in x as in y');
  const kxx = kernelNode(o.kernel, x, x), kyy = kernelNode(o.kernel, y, y), kxy = kernelNode(o.kernel, x, y);
  const sxx = G.sum(kxx, 'all'), syy = G.sum(kyy, 'all'), sxy = G.sum(kxy, 'all');
  if (estimator === 'biased') {
    return G.sub(G.add(G.mul(sxx, 1 / (n * n)), G.mul(syy, 1 / (m * m))), G.mul(sxy, 2 / (n * m)));
  }
  const within = G.add(G.mul(G.sub(sxx, trace(kxx)), 1 / (n * (n - 1))), G.mul(G.sub(syy, trace(kyy)), 1 / (m * (m - 1))));
  if (estimator === 'unbiased') return G.sub(within, G.mul(sxy, 2 / (n * m)));
  return G.sub(within, G.mul(G.sub(sxy, trace(kxy)), 2 / (n * (n - 1))));
}
