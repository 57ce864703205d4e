// The metric registry: the distances `saddle metrics` computes between two sample sets,
// each with its summary, reference, options (the CLI's --flags, in camelCase) and the call
// that computes it. The CLI, its help and docs/metrics.md read this table.

import { Boolean as TBoolean, Literal as TLiteral, Object as TObject, Optional, Union as TUnion, type Static, type TObject as TObjectSchema, type TProperties, type TSchema } from '@sinclair/typebox';
import { defineRegistry } from '../registry.js';
import type { Saddle } from '../wasm/instance.js';
import { validate } from '../schema/validate.js';
import { withDefaults } from '../schema/values.js';
import { KERNEL_KINDS, KERNEL_OPTIONS, estimatorSchema, mmdMethodSchema, frechetOptionsSchema, kernelSchema, kidProperties, sinkhornProperties } from './schemas.js';
import { fid, kid, mmd } from './stats-index.js';
import type { MmdMethod } from './mmd.js';
import { sinkhorn, sinkhornDivergence } from './sinkhorn.js';

const strict = <P extends TProperties>(properties: P) => TObject(properties, { additionalProperties: false });
const oneOf = (names: readonly string[], fallback: string, description: string) => Optional(TUnion(names.map((n) => TLiteral(n)), { default: fallback, description }));
/** A schema without its default: a flag given only when the user gives it. */
const noDefault = <S extends TSchema>(schema: S, description?: string): S => {
  const { default: _unused, ...rest } = schema as S & { default?: unknown };
  return { ...rest, ...(description ? { description } : {}) } as S;
};
/**
 * A kernel's options as flat flags (`--kernel polynomial --degree 2`): each kind's own
 * schemas from schemas.ts without defaults (the kernel's defaults apply after the kind is known).
 */
const KERNEL_FLAGS = {
  bandwidth: noDefault(KERNEL_OPTIONS.rbf.bandwidth, "rbf/laplacian bandwidth σ, or 'median' (rbf: the median heuristic, the default)"),
  ...Object.fromEntries(Object.entries({ ...KERNEL_OPTIONS.polynomial, ...KERNEL_OPTIONS.imq }).map(([k, v]) => [k, noDefault(v)])) as
    typeof KERNEL_OPTIONS.polynomial & typeof KERNEL_OPTIONS.imq,
};

/** Two sample sets, one sample per row. */
export interface Samples { data: ArrayLike<number>; rows: number; cols: number }

/** A metric's value: the one line the CLI prints and the fields of its --json output. */
export interface MetricValue { line: string; result: Record<string, unknown> }

export interface MetricEntry<O extends TObjectSchema = TObjectSchema> {
  summary: string; reference: string; options: O;
  compute(sd: Saddle, a: Samples, b: Samples, options: Static<O>): MetricValue;
}

const metric = <O extends TObjectSchema>(entry: MetricEntry<O>): MetricEntry<O> => entry;

export const METRICS = defineRegistry('metric', {
  fid: metric({
    summary: 'Fréchet distance of the Gaussian fits (f64 mean, covariance ddof 1)', reference: 'Heusel et al. 2017, eq. 6; pytorch-fid',
    options: frechetOptionsSchema,
    compute: (sd, a, b, o) => {
      const r = fid(sd, a, b, o);
      return { result: { fid: r.distance, rankDeficient: r.rankDeficient, warnings: r.warnings }, line: `FID ${r.distance}${r.warnings?.length ? ` (${r.warnings.join('; ')})` : ''}` };
    },
  }),
  kid: metric({
    summary: 'kernel inception distance: unbiased MMD² with the cubic polynomial kernel, averaged over subsets', reference: 'Bińkowski et al. 2018, §2.3 and Appendix D; torch-fidelity, clean-fid',
    options: strict(kidProperties),
    compute: (sd, a, b, o) => {
      const r = kid(sd, a, b, { protocol: o.protocol as 'torch-fidelity' | 'clean-fid' | 'full', subsets: o.subsets, subsetSize: o.subsetSize, seed: o.seed, method: o.method as MmdMethod | undefined });
      return { result: { kidMean: r.mean, kidStd: r.std }, line: `KID ${r.mean} ± ${r.std}` };
    },
  }),
  mmd: metric({
    summary: 'squared maximum mean discrepancy', reference: 'Gretton et al. 2012, eq. 3 (biased) and Lemma 6 (unbiased)',
    options: strict({
      kernel: oneOf(KERNEL_KINDS, 'rbf', 'kernel'),
      ...KERNEL_FLAGS,
      estimator: Optional(estimatorSchema),
      method: Optional(mmdMethodSchema),
    }),
    compute: (sd, a, b, o) => {
      const { kernel: kind, estimator, method, ...flags } = o;
      const kernel = { kind, ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) };
      // a flag of another kind is refused by name ("unset for kind 'polynomial' (bandwidth is an option of 'rbf', 'laplacian')")
      validate('metrics.mmd', '', kernelSchema, kernel);
      const r = mmd(sd, a, b, { kernel: kernel as never, estimator: estimator as never, method: method as never });
      return { result: { mmd2: r.mmd2 }, line: `MMD² ${r.mmd2}` };
    },
  }),
  sinkhorn: metric({
    summary: 'debiased Sinkhorn divergence S_ε, or with raw the entropic OT_ε itself', reference: 'Feydy et al. 2019, eq. 5; Cuturi 2013',
    options: strict({
      ...sinkhornProperties,
      raw: Optional(TBoolean({ default: false, description: 'OT_ε (transport cost and dual) instead of S_ε' })),
    }),
    compute: (sd, a, b, o) => {
      const options = { eps: o.eps, cost: o.cost as 'sqeuclidean' | 'half_sqeuclidean' | 'euclidean', dim: a.cols };
      if (o.raw) {
        const r = sinkhorn(sd, a.data, b.data, options);
        return {
          result: { cost: r.cost, objective: r.objective, dual: r.dual, converged: r.converged, iterations: r.iterations },
          line: `OT_ε: transport cost ${r.cost}, dual ${r.dual} (${r.converged ? 'converged' : 'NOT converged'} in ${r.iterations} iterations)`,
        };
      }
      const r = sinkhornDivergence(sd, a.data, b.data, options);
      return { result: { sinkhornDivergence: r.divergence, converged: r.converged }, line: `Sinkhorn divergence S_ε ${r.divergence}${r.converged ? '' : ' (NOT converged)'}` };
    },
  }),
});

export type MetricName = (typeof METRICS.names)[number];

/** Computes metric `name` between two sample sets with checked options (schema defaults filled in). */
export function computeMetric(sd: Saddle, name: MetricName, a: Samples, b: Samples, options: object = {}): MetricValue {
  METRICS.checkOptions(name, options, `metrics.${name}`);
  const entry = METRICS.entries[name] as MetricEntry;
  return entry.compute(sd, a, b, withDefaults(entry.options, options) as never);
}
