// The option schemas of the metrics: one TypeBox schema per concept (a kernel, an
// estimator, a Sinkhorn solve, a KID protocol, …), shared by the functions and by the
// METRICS registry (registry.ts), and checked by the schema walker (bindings/schema):
// unknown keys are refused with the nearest known key, options of another kernel kind are
// named as such, numbers are finite and within the bounds below.

import {
  Boolean as TBoolean, Integer as TInteger, Literal as TLiteral, Number as TNumber, Object as TObject,
  Optional, Union as TUnion, Unsafe, type TProperties, type TSchema,
} from '@sinclair/typebox';
import { validate } from '../schema/validate.js';
import { withDefaults } from '../schema/values.js';
import { SaddleArgumentError } from '../errors.js';

const strict = <P extends TProperties>(properties: P) => TObject(properties, { additionalProperties: false });
const names = <N extends string>(list: readonly N[], description: string, fallback?: N) =>
  TUnion(list.map((n) => TLiteral(n)), { description, ...(fallback !== undefined ? { default: fallback } : {}) });
/** Checked elsewhere (functions, bigints, index lists): the walker passes it through. */
const opaque = (expected: string, description: string) => Unsafe<unknown>({ 'x-expected': expected, description });

/**
 * Bandwidths σ of the rbf and laplacian kernels: 1/(2σ²) must be a finite, normal f64, so
 * σ in [1e-150, 1e150]; below, exp(−D/(2σ²)) is 0·∞ = NaN on the diagonal.
 */
export const MIN_BANDWIDTH = 1e-150, MAX_BANDWIDTH = 1e150;
/**
 * Polynomial degrees p in (0, 16]: (γ x·y + c)^p of f32 features stays finite in f64 for
 * |γ x·y + c| < 1e19 at p = 16, and MMD² is a difference of such sums, so higher degrees
 * lose all digits to the largest term long before they overflow.
 */
export const MAX_DEGREE = 16;

const bandwidth = TNumber({ minimum: MIN_BANDWIDTH, maximum: MAX_BANDWIDTH, description: 'bandwidth σ' });
const finite = (description: string) => TNumber({ description });

/** Kernel options by kind (the pieces of kernelSchema and of the registry's flat mmd options). */
export const KERNEL_OPTIONS = {
  linear: {},
  rbf: {
    bandwidth: Optional(TUnion([TLiteral('median'), bandwidth, Unsafe<readonly number[]>({ type: 'array', items: bandwidth, minItems: 1 })],
      { default: 'median', description: "σ, a list of σ (k sums over them), or 'median' (the median heuristic)" })),
  },
  polynomial: {
    degree: Optional(TNumber({ exclusiveMinimum: 0, maximum: MAX_DEGREE, default: 3, description: 'degree p' })),
    gamma: Optional(finite('scale γ (default 1/d)')),
    coef0: Optional(TNumber({ default: 1, description: 'offset c' })),
  },
  laplacian: { bandwidth },
  imq: {
    c: Optional(TNumber({ exclusiveMinimum: 0, maximum: 1e150, default: 1, description: 'offset c (c² must be finite)' })),
    beta: Optional(TNumber({ exclusiveMinimum: 0, default: 0.5, description: 'exponent β' })),
  },
  distance: {},
} as const;

export type KernelKind = keyof typeof KERNEL_OPTIONS;
export const KERNEL_KINDS = Object.keys(KERNEL_OPTIONS) as KernelKind[];

/** `{ kind, ...that kind's options }` over the kinds given (default: all six). */
export function kernelUnion(kinds: readonly KernelKind[] = KERNEL_KINDS, overrides: Partial<Record<KernelKind, TProperties>> = {}): TSchema {
  return TUnion(kinds.map((kind) => strict({ kind: TLiteral(kind), ...(overrides[kind] ?? KERNEL_OPTIONS[kind]) })), { description: 'kernel' });
}

/** A kernel of mmd(), kernelSums() and kernelMatrix(). */
export const kernelSchema = kernelUnion();

/** A kernel of mmd2Loss(): no laplacian or distance (√D has no derivative at 0), rbf needs σ, integer degrees. */
export const graphKernelSchema = kernelUnion(['rbf', 'polynomial', 'linear', 'imq'], {
  rbf: { bandwidth: TUnion([bandwidth, Unsafe<readonly number[]>({ type: 'array', items: bandwidth, minItems: 1 })], { description: 'σ or a list of σ' }) },
  polynomial: { ...KERNEL_OPTIONS.polynomial, degree: Optional(TInteger({ minimum: 1, maximum: MAX_DEGREE, default: 3, description: 'degree p' })) },
});

export const ESTIMATORS = ['biased', 'unbiased', 'u-statistic'] as const;
export const estimatorSchema = names(ESTIMATORS, 'estimator', 'unbiased');

/**
 * How the kernel sums of mmd(), kid() and energyDistance() are computed: 'exact' (the
 * reference: f64 products of every pair), 'gemm' (the fast path: f32 gemm tiles on centred
 * data for d > DIRECT_MAX_DIM, exact f64 differences with a SIMD exp below; the result
 * carries an error bound), 'auto' ('gemm' unless its bound exceeds AUTO_REL_TOL·|MMD²|,
 * then 'exact'). See docs/metrics.md, "The fast path".
 */
export const MMD_METHODS = ['exact', 'gemm', 'auto'] as const;
export const mmdMethodSchema = names(MMD_METHODS, "kernel sums: 'exact' (f64 pairs), 'gemm' (fast, with an error bound) or 'auto'", 'exact');
export const mmdOptionsSchema = strict({ kernel: Optional(kernelSchema), estimator: Optional(estimatorSchema), method: Optional(mmdMethodSchema) });
export const mmdLossOptionsSchema = strict({ kernel: graphKernelSchema, estimator: Optional(estimatorSchema) });
export const kernelSumsOptionsSchema = strict({ kernel: kernelSchema });
export const energyOptionsSchema = strict({ statistic: Optional(names(['V', 'U'], "'V' (all pairs) or 'U' (i ≠ j)", 'V')), method: Optional(mmdMethodSchema) });
export const medianOptionsSchema = strict({
  maxPoints: Optional(TUnion([TInteger({ minimum: 2 }), TLiteral(Infinity)], { description: 'largest pooled sample used directly (Infinity: all pairs)' })),
});

export const KID_PROTOCOLS = ['torch-fidelity', 'clean-fid', 'full'] as const;
export const kidProperties = {
  protocol: Optional(names(KID_PROTOCOLS, 'whose subset protocol', 'torch-fidelity')),
  subsets: Optional(TInteger({ minimum: 1, maximum: 1e6, default: 100, description: 'number of subsets' })),
  subsetSize: Optional(TInteger({ minimum: 2, maximum: 2 ** 31 - 1, default: 1000, description: 'rows per subset' })),
  seed: Optional(TInteger({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0, description: 'seed of the subset draws' })),
  method: Optional(mmdMethodSchema),
};
export const kidOptionsSchema = strict({
  ...kidProperties,
  seed: Optional(opaque('an integer seed >= 0 (number or bigint)', 'seed of the subset draws')),
  indices: Optional(opaque('{ x, y }: equally many index lists', 'explicit subsets')),
});

export const FRECHET_METHODS = ['cholesky', 'eigh'] as const;
export const frechetOptionsSchema = strict({ method: Optional(names(FRECHET_METHODS, 'how Tr √(√Σ1 Σ2 √Σ1) is computed', 'cholesky')) });
/**
 * Symmetry and definiteness allowed of a given covariance, relative to its largest
 * |entry| (max|Σ|): |Σ_ij − Σ_ji| <= SYMMETRY_TOL·max|Σ| and λ_min >= −PSD_TOL·max|Σ|.
 * Rounding of a ddof-1 covariance accumulated in f64 stays far below both.
 */
export const SYMMETRY_TOL = 1e-9, PSD_TOL = 1e-9;

export const neighboursOptionsSchema = (k: number) => strict({ k: Optional(TInteger({ minimum: 1, default: k, description: 'neighbours for the radii' })) });

/** ε for a Sinkhorn solve: a number in [MIN_EPS, MAX_EPS]. */
export const MIN_EPS = 1e-200, MAX_EPS = 1e200;
export const SINKHORN_COSTS = ['sqeuclidean', 'half_sqeuclidean', 'euclidean'] as const;
export const sinkhornProperties = {
  eps: TNumber({ minimum: MIN_EPS, maximum: MAX_EPS, description: 'entropic regularization, in units of the cost', 'x-expected': `a number in [${MIN_EPS}, ${MAX_EPS}] (beyond, C/ε or ε·log P overflows)` }),
  cost: Optional(names(SINKHORN_COSTS, 'ground cost', 'sqeuclidean')),
};
const weights = (description: string) => Optional(opaque('an array of weights', description));
const sinkhornSolve = {
  ...sinkhornProperties,
  normalize: Optional(TBoolean({ default: false, description: 'divide a and b by their sums' })),
  scaling: Optional(TNumber({ exclusiveMinimum: 0, maximum: 1, default: 0.5, description: 'ε-scaling factor' })),
  tol: Optional(TNumber({ minimum: 0, default: 1e-6, description: 'stopping tolerance (see docs/metrics.md, the stopping rule)' })),
  maxIterations: Optional(TInteger({ minimum: 0, maximum: 0x7fffffff, default: 1000, description: 'cap on iterations' })),
  rho: Optional(TUnion([TNumber({ exclusiveMinimum: 0 }), TLiteral(Infinity)], { default: Infinity, description: 'reach of the unbalanced penalty (Infinity: balanced)' })),
  overRelaxation: Optional(TUnion([TLiteral('auto'), TNumber({ minimum: 1, exclusiveMaximum: 2 })], { default: 'auto', description: 'over-relaxation ω' })),
  domain: Optional(TUnion([TLiteral('auto'), TLiteral('log')], { default: 'auto', description: "where the updates run: 'auto' (kernel domain where safe) or 'log'" })),
  onWarning: Optional(opaque('a function or false', 'called with a message when the solver stops at the cap')),
};
export const sinkhornOptionsSchema = strict({
  ...sinkhornSolve,
  dim: Optional(TInteger({ minimum: 1, description: 'point dimension of flat arrays' })),
  a: weights('weights of x'), b: weights('weights of y'),
  plan: Optional(TBoolean({ default: false, description: 'return the plan' })),
  gradient: Optional(TBoolean({ default: false, description: 'return gradients' })),
});
export const sinkhornBatchOptionsSchema = strict({
  ...sinkhornSolve,
  batch: TInteger({ minimum: 1, description: 'problems' }),
  n: TInteger({ minimum: 1, description: 'points per problem in x' }),
  m: TInteger({ minimum: 1, description: 'points per problem in y' }),
  dim: TInteger({ minimum: 1, description: 'point dimension' }),
  a: weights('weights B×n'), b: weights('weights B×m'),
  debiased: Optional(TBoolean({ default: false, description: 'S_ε per problem' })),
});

/**
 * `options` (undefined: {}) checked against an options schema, errors naming
 * `options.<key>` (SaddleArgumentError), with schema defaults filled in.
 */
export function metricOptions<T>(fn: string, schema: TSchema, options: unknown): T {
  const given = options === undefined ? {} : options;
  if (given === null || typeof given !== 'object' || Array.isArray(given)) throw new SaddleArgumentError(fn, 'options', 'an options object', options);
  validate(fn, 'options', schema, given);
  return withDefaults(schema, given as Record<string, unknown>) as T;
}
