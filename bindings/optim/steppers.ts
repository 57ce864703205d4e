// Steppers beyond SGD/momentum/Adam/RMSprop: normalized gradients (nSGDA),
// grafting (magnitude of one optimizer, direction of another) and optimism (OGDA,
// optimistic Adam). Same conventions as transforms.ts: g the incoming update, u the
// outgoing one; every equation reads the old state on its right-hand side. See
// docs/optimizers.md.

import type { Node } from '../graph/node.js';
import { add, div, maximum, mul, sqrt, sub } from '../graph/ops/elementwise.js';
import { state } from '../graph/ops/leaves.js';
import { sumSquares } from '../graph/ops/reduce.js';
import { checkTransform, type NormScope } from './check.js';
import { resolveOptions } from '../schema/options.js';
import type { AdamOptions } from './optimizers.js';
import { ADAM_OPTIONS, GRAFT_OPTIONS, GRAFTED_ADAM_OPTIONS, NO_OPTIONS, NORMALIZE_OPTIONS, NSGD_OPTIONS, SCALE_BY_OPTIMISM_OPTIONS } from './options.js';
import { optimizerOptions } from './registry.js';
import type { Schedule } from './schedules.js';
import { chain, defineTransform, type ChainState, type GradientTransformation, type TransformState } from './transform.js';
import { checkLearningRate, scaleByAdam, scaleByLearningRate, type ScaleByAdamOptions } from './transforms.js';

export type { NormScope };

/** ‖x‖₂ of one tensor, a [1, 1] node. */
function norm(x: Node): Node {
  return sqrt(sumSquares(x));
}

/** ‖(x₁, …, xₙ)‖₂ over all tensors together, a [1, 1] node. */
function globalNorm(xs: readonly Node[]): Node {
  return sqrt(xs.map((x) => sumSquares(x)).reduce((a, b) => add(a, b)));
}

/** The norms the scope asks for: one [1, 1] node per tensor (the same node for all, when global). */
function scopedNorms(xs: readonly Node[], scope: NormScope): Node[] {
  if (scope === 'layer') return xs.map(norm);
  const n = globalNorm(xs);
  return xs.map(() => n);
}

const STATELESS = (): TransformState => ({ nodes: [], scalars: {} });

export interface NormalizeOptions {
  /** Floor on the norm, >= 0 (default 1e-12): u = g / max(‖g‖, ε), so a zero gradient gives u = 0. */
  eps?: number;
}

function normalizeBy(fn: string, scope: NormScope, options: NormalizeOptions | undefined): GradientTransformation {
  const { eps } = resolveOptions<Required<NormalizeOptions>>(fn, NORMALIZE_OPTIONS, options);
  return defineTransform<TransformState>(fn, STATELESS, (updates) => {
    const norms = scopedNorms(updates, scope);
    return { updates: updates.map((g, i) => div(g, eps > 0 ? maximum(norms[i], eps) : norms[i])), assignments: [] };
  });
}

/**
 * Normalized gradient, norm over all parameters together (nSGDA; Jelassi, Mensch, Gidel &
 * Li 2022, *Dissecting adaptive methods in GANs*):
 *
 *   u = g / max(‖g‖, ε),   ‖g‖² = Σ over every parameter tensor i of Σ g_i²
 *
 * Every update has norm exactly 1 (as long as ‖g‖ >= ε). Stateless.
 */
export function normalizeByGlobalNorm(options?: NormalizeOptions): GradientTransformation {
  return normalizeBy('normalizeByGlobalNorm', 'global', options);
}

/**
 * Normalized gradient, one norm per parameter tensor (layer-wise nSGDA; Jelassi et al. 2022):
 *
 *   u_i = g_i / max(‖g_i‖, ε)
 *
 * Each tensor's update has norm exactly 1 (as long as ‖g_i‖ >= ε). Stateless.
 */
export function normalizeByLayerNorm(options?: NormalizeOptions): GradientTransformation {
  return normalizeBy('normalizeByLayerNorm', 'layer', options);
}

export interface NsgdOptions extends NormalizeOptions {
  /** 'global' (default): one norm over all parameters; 'layer': one per parameter tensor. */
  scope?: NormScope;
}

/**
 * Normalized SGD (nSGDA; Jelassi et al. 2022):  θ ← θ − lr·g/‖g‖, with the norm over all
 * parameters ('global', default) or per tensor ('layer'). Every step has length exactly lr
 * (globally, or per tensor). = chain(normalizeByGlobalNorm | normalizeByLayerNorm, scaleByLearningRate(lr)).
 */
export function nsgd(lr: number | Schedule, options?: NsgdOptions): GradientTransformation<ChainState> {
  const fn = 'nsgd';
  checkLearningRate(fn, lr);
  const { scope, eps } = optimizerOptions('nsgd', fn, NSGD_OPTIONS, options);
  const normalize = scope === 'global' ? normalizeByGlobalNorm({ eps }) : normalizeByLayerNorm({ eps });
  return chain(normalize, scaleByLearningRate(lr));
}

export interface GraftOptions {
  /** 'layer' (default, as Agarwal et al.): one norm per parameter tensor; 'global': over all parameters. */
  scope?: NormScope;
  /** Floor on ‖d‖, >= 0 (default 1e-16): a zero direction gives u = 0. */
  eps?: number;
}

export interface GraftState extends TransformState {
  readonly magnitude: TransformState;
  readonly direction: TransformState;
}

/**
 * Grafting (Agarwal, Anil, Hazan, Koren & Zhang 2020, *Disentangling adaptive gradient
 * methods from learning rates*; used for GANs by Jelassi et al. 2022): both transformations
 * see the same incoming updates g, giving m = magnitude(g) and d = direction(g); the output
 * has the norm of m and the direction of d, per scope:
 *
 *   u_i = d_i · ‖m‖ / max(‖d‖, ε)
 *
 * with ‖·‖ over each tensor i ('layer', default) or over all tensors together ('global').
 * Both inner states advance: their assignments are all kept. Scalars of both are merged
 * (the direction's win on a clash).
 */
export function graft(magnitude: GradientTransformation, direction: GradientTransformation, options?: GraftOptions): GradientTransformation<GraftState> {
  const fn = 'graft';
  const mag = checkTransform(fn, 'magnitude', magnitude);
  const dir = checkTransform(fn, 'direction', direction);
  const { scope, eps } = resolveOptions<Required<GraftOptions>>(fn, GRAFT_OPTIONS, options);
  return defineTransform<GraftState>(
    fn,
    (params) => {
      const m = mag.init(params), d = dir.init(params);
      return { magnitude: m, direction: d, nodes: [...m.nodes, ...d.nodes], scalars: { ...m.scalars, ...d.scalars } };
    },
    (updates, s, params) => {
      const m = mag.update(updates, s.magnitude, params);
      const d = dir.update(updates, s.direction, params);
      const mNorms = scopedNorms(m.updates, scope), dNorms = scopedNorms(d.updates, scope);
      const factors = new Map<Node, Node>(); // one factor per distinct norm (one, when global)
      const out = d.updates.map((di, i) => {
        let f = factors.get(dNorms[i]);
        if (!f) {
          f = div(mNorms[i], eps > 0 ? maximum(dNorms[i], eps) : dNorms[i]);
          factors.set(dNorms[i], f);
        }
        return mul(di, f);
      });
      return { updates: out, assignments: [...m.assignments, ...d.assignments] };
    },
  );
}

export interface GraftedAdamOptions extends AdamOptions {
  /** The grafting scope (default 'layer'). */
  scope?: NormScope;
}

function adamParts(kind: 'adamMagnitudeSgdDirection' | 'sgdMagnitudeAdamDirection', options: GraftedAdamOptions | undefined): { adam: ScaleByAdamOptions; scope: NormScope } {
  const { scope, ...adam } = optimizerOptions(kind, kind, GRAFTED_ADAM_OPTIONS, options);
  return { adam, scope };
}

/**
 * Adam's step length with SGD's direction (grafting, Agarwal et al. 2020; "Adam#SGD"):
 *
 *   a = m̂/(√v̂ + ε) (scaleByAdam);   θ_i ← θ_i − lr · g_i · ‖a_i‖/‖g_i‖
 *
 * = chain(graft(scaleByAdam(…), chain(), { scope }), scaleByLearningRate(lr)); Adam defaults
 * as adam (b1 0.9, b2 0.999, eps 1e-8), scope 'layer'.
 */
export function adamMagnitudeSgdDirection(lr: number | Schedule, options?: GraftedAdamOptions): GradientTransformation<ChainState> {
  const fn = 'adamMagnitudeSgdDirection';
  checkLearningRate(fn, lr);
  const { adam, scope } = adamParts(fn, options);
  return chain(graft(scaleByAdam(adam), chain(), { scope }), scaleByLearningRate(lr));
}

/**
 * SGD's step length with Adam's direction (grafting, the reverse; "SGD#Adam"):
 *
 *   a = m̂/(√v̂ + ε);   θ_i ← θ_i − lr · a_i · ‖g_i‖/‖a_i‖
 *
 * = chain(graft(chain(), scaleByAdam(…), { scope }), scaleByLearningRate(lr)).
 */
export function sgdMagnitudeAdamDirection(lr: number | Schedule, options?: GraftedAdamOptions): GradientTransformation<ChainState> {
  const fn = 'sgdMagnitudeAdamDirection';
  checkLearningRate(fn, lr);
  const { adam, scope } = adamParts(fn, options);
  return chain(graft(chain(), scaleByAdam(adam), { scope }), scaleByLearningRate(lr));
}

export interface ScaleByOptimismOptions {
  /** α >= 0 (default 1): u = (1 + α)·g − α·g_prev. */
  alpha?: number;
}

export interface ScaleByOptimismState extends TransformState {
  /** The previous incoming update g_{t−1} (zeros before the first update). */
  readonly prev: readonly Node[];
}

/**
 * Optimism (Daskalakis, Ilyas, Syrgkanis & Zeng 2018, *Training GANs with optimism*, eq. 5
 * for α = 1):
 *
 *   u = (1 + α)·g_t − α·g_{t−1};   g_prev ← g_t
 *
 * with g_{−1} = 0 (as optax's optimistic gradient descent), so the first update is
 * (1 + α)·g_0. The state holds the previous incoming update; chained after scaleByAdam, that
 * is the previous Adam step (optimistic Adam).
 */
export function scaleByOptimism(options?: ScaleByOptimismOptions): GradientTransformation<ScaleByOptimismState> {
  const fn = 'scaleByOptimism';
  const { alpha } = resolveOptions<Required<ScaleByOptimismOptions>>(fn, SCALE_BY_OPTIMISM_OPTIONS, options);
  return defineTransform<ScaleByOptimismState>(
    fn,
    (params) => {
      const prev = params.map((p, i) => state(p.graph, p.shape, { kind: 'zeros' }, `optimism.prev[${i}]`));
      return { prev, nodes: prev, scalars: {} };
    },
    (updates, s) => ({
      updates: alpha === 0 ? updates : updates.map((g, i) => sub(mul(g, 1 + alpha), mul(s.prev[i], alpha))),
      assignments: updates.map((g, i) => [s.prev[i], g] as const),
    }),
  );
}

/**
 * Optimistic gradient descent (OGDA; Daskalakis et al. 2018):
 *
 *   θ_{t+1} = θ_t − 2·lr·g_t + lr·g_{t−1}   (g_{−1} = 0)
 *
 * = chain(scaleByOptimism({ alpha: 1 }), scaleByLearningRate(lr)). For a min-max game, give
 * the max player the negated loss in the same phase (simultaneous updates).
 */
export function ogda(lr: number | Schedule, options?: Record<string, never>): GradientTransformation<ChainState> {
  checkLearningRate('ogda', lr);
  optimizerOptions('ogda', 'ogda', NO_OPTIONS, options); // it has none: any key is refused
  return chain(scaleByOptimism({ alpha: 1 }), scaleByLearningRate(lr));
}

/**
 * Optimistic Adam (Daskalakis et al. 2018, Algorithm 1):
 *
 *   a_t = m̂_t/(√v̂_t + ε)   (Adam's step, scaleByAdam)
 *   θ_{t+1} = θ_t − 2·lr·a_t + lr·a_{t−1}   (a_0 = 0: the first step is −2·lr·a_1)
 *
 * = chain(scaleByAdam(…), scaleByOptimism({ alpha: 1 }), scaleByLearningRate(lr)): the
 * optimism state holds the previous Adam step. Adam defaults as adam.
 */
export function optimisticAdam(lr: number | Schedule, options?: AdamOptions): GradientTransformation<ChainState> {
  const fn = 'optimisticAdam';
  checkLearningRate(fn, lr);
  const adam = optimizerOptions('optimisticAdam', fn, ADAM_OPTIONS, options);
  return chain(scaleByAdam(adam), scaleByOptimism({ alpha: 1 }), scaleByLearningRate(lr));
}
