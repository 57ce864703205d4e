// Ready-made optimizers: chains of the building blocks in transforms.ts. Each is a
// GradientTransformation whose updates are added to the parameters (θ ← θ + u); `minimize`
// does that for a loss. The update equations, papers and defaults are in docs/optimizers.md.

import { SaddleArgumentError } from '../errors.js';
import { ADAM_OPTIONS, ADAMW_OPTIONS, RMSPROP_OPTIONS, SGD_OPTIONS } from './options.js';
import { optimizerOptions } from './registry.js';
import type { Schedule } from './schedules.js';
import { chain, type ChainState, type GradientTransformation } from './transform.js';
import {
  addDecayedWeights, checkLearningRate, scaleByAdam, scaleByLearningRate, scaleByRms, traceMomentum,
} from './transforms.js';

export interface SgdOptions {
  /** Momentum coefficient μ in [0, 1) (default 0: plain gradient descent). */
  momentum?: number;
  /** Nesterov momentum (default false; needs momentum > 0). */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent, with optional heavy-ball (Polyak 1964) or Nesterov
 * (Sutskever et al. 2013) momentum:
 *
 *   b ← μ·b + g;   θ ← θ − lr·b   (heavy ball)   or   θ ← θ − lr·(g + μ·b)   (Nesterov)
 *
 * = chain(traceMomentum({ decay: μ, nesterov }), scaleByLearningRate(lr)); with μ = 0,
 * θ ← θ − lr·g.
 */
export function sgd(lr: number | Schedule, options?: SgdOptions): GradientTransformation<ChainState> {
  const fn = 'sgd';
  checkLearningRate(fn, lr);
  const { momentum, nesterov } = optimizerOptions('sgd', fn, SGD_OPTIONS, options);
  if (nesterov && momentum === 0) throw new SaddleArgumentError(fn, 'options.nesterov', 'false when momentum is 0 (Nesterov needs momentum > 0)', nesterov);
  return momentum > 0
    ? chain(traceMomentum({ decay: momentum, nesterov }), scaleByLearningRate(lr))
    : chain(scaleByLearningRate(lr));
}

export interface AdamOptions {
  /** Default 0.9. */
  b1?: number;
  /** Default 0.999. */
  b2?: number;
  /** Default 1e-8. */
  eps?: number;
  /** Inside the square root (default 0). */
  epsRoot?: number;
  /** AMSGrad (Reddi et al. 2018; default false). */
  amsgrad?: boolean;
}

/**
 * Adam (Kingma & Ba 2015, Algorithm 1):
 *
 *   m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²
 *   θ ← θ − lr·(m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε)
 *
 * = chain(scaleByAdam({ b1, b2, eps, epsRoot, amsgrad }), scaleByLearningRate(lr)).
 *
 * @example
 * const g = new graph.Graph();
 * const w = graph.param(g, [1, 2], { kind: 'values', values: [3, -1] });
 * const loss = graph.sum(graph.square(graph.sub(w, 1)));      // ‖w − 1‖²
 * const program = compile(sd, { seed: 0, phases: [optim.minimize(loss, [w], optim.adam(0.05))] });
 * program.run(2000);
 * program.read(w);                                              // ≈ Float32Array [1, 1]
 * program.dispose();
 */
export function adam(lr: number | Schedule, options?: AdamOptions): GradientTransformation<ChainState> {
  checkLearningRate('adam', lr);
  return chain(scaleByAdam(optimizerOptions('adam', 'adam', ADAM_OPTIONS, options)), scaleByLearningRate(lr));
}

export interface AdamWOptions extends AdamOptions {
  /** λ, decoupled weight decay (default 1e-2). */
  weightDecay?: number;
}

/**
 * AdamW (Loshchilov & Hutter 2019, Algorithm 2): Adam plus decoupled weight decay,
 *
 *   θ ← θ − lr·(m̂/(√v̂ + ε) + λ·θ)
 *
 * = chain(scaleByAdam(...), addDecayedWeights(λ), scaleByLearningRate(lr)), as in optax and
 * PyTorch (the paper's schedule multiplier ηₜ is the lr schedule here, and λ is scaled by lr).
 */
export function adamw(lr: number | Schedule, options?: AdamWOptions): GradientTransformation<ChainState> {
  const fn = 'adamw';
  checkLearningRate(fn, lr);
  const { weightDecay, ...adam } = optimizerOptions('adamw', fn, ADAMW_OPTIONS, options);
  return chain(scaleByAdam(adam), addDecayedWeights(weightDecay), scaleByLearningRate(lr));
}

export interface RmspropOptions {
  /** ρ, decay of the mean square (default 0.9). */
  decay?: number;
  /** Default 1e-8. */
  eps?: number;
  /** Momentum μ in [0, 1) on the scaled update (default 0). */
  momentum?: number;
  /** Centered (Graves 2013; default false). */
  centered?: boolean;
}

/**
 * RMSprop (Tieleman & Hinton 2012), optionally centered (Graves 2013) and with momentum:
 *
 *   v ← ρ·v + (1 − ρ)·g²    [centered: m ← ρ·m + (1 − ρ)·g, and v − m² replaces v below]
 *   b ← μ·b + g/(√v + ε);   θ ← θ − lr·b
 *
 * = chain(scaleByRms({ decay, eps, centered }), traceMomentum({ decay: μ }), scaleByLearningRate(lr))
 * (without the trace when μ = 0). The rate is applied after the momentum, as in PyTorch, so
 * a schedule changes the step at once rather than through the momentum buffer.
 */
export function rmsprop(lr: number | Schedule, options?: RmspropOptions): GradientTransformation<ChainState> {
  const fn = 'rmsprop';
  checkLearningRate(fn, lr);
  const { momentum, ...rmsOptions } = optimizerOptions('rmsprop', fn, RMSPROP_OPTIONS, options);
  const rms = scaleByRms(rmsOptions);
  return momentum > 0
    ? chain(rms, traceMomentum({ decay: momentum }), scaleByLearningRate(lr))
    : chain(rms, scaleByLearningRate(lr));
}
