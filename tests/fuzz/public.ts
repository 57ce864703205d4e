// The public functions that take an options object, each with the schema that describes
// it and a valid call: the fuzz properties plant one wrong field at a time (a refused value,
// a misspelt key) and require a SaddleArgumentError naming `options.<field>`.
import type { TSchema } from '@sinclair/typebox';
import { metrics, minimax, optim, type Saddle } from '../../bindings/index.js';
import * as schemas from '../../bindings/metrics/schemas.js';
import { RUN_OPTIONS, RUNNER_OPTIONS } from '../../bindings/minimax/analysis.js';

export interface OptionsCall { name: string; schema: TSchema; base: Record<string, unknown>; call(sd: Saddle, options: unknown): void }

const wave = (n: number, phase: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + phase));
const X = { data: wave(24, 0), rows: 12, cols: 2 }, Y = { data: wave(20, 1), rows: 10, cols: 2 };
const cloud = (m: typeof X) => Array.from({ length: m.rows }, (_, i) => [m.data[2 * i], m.data[2 * i + 1]]);
const bilinear = () => minimax.bilinear({ A: [[1]] });

/** The optimizer and schedule functions under their registry names. */
const OPTIMIZER_FUNCTIONS: Record<string, (lr: number, options: unknown) => unknown> = {
  sgd: optim.sgd, adam: optim.adam, adamw: optim.adamw, rmsprop: optim.rmsprop, nsgd: optim.nsgd,
  optimisticAdam: optim.optimisticAdam, adamMagnitudeSgdDirection: optim.adamMagnitudeSgdDirection, sgdMagnitudeAdamDirection: optim.sgdMagnitudeAdamDirection,
} as never;
const SCHEDULE_FUNCTIONS: Record<string, [(lr: number, options: unknown) => unknown, Record<string, unknown>]> = {
  exponential: [optim.exponentialDecay as never, { rate: 0.5, every: 10 }],
  step: [optim.stepDecay as never, { every: 10, factor: 0.5 }],
  cosine: [optim.cosineDecay as never, { steps: 10 }],
};

export const OPTIONS_CALLS: OptionsCall[] = [
  { name: 'metrics.sinkhorn', schema: schemas.sinkhornOptionsSchema, base: { eps: 1 }, call: (sd, o) => { metrics.sinkhorn(sd, cloud(X), cloud(Y), o as never); } },
  { name: 'metrics.sinkhornDivergence', schema: schemas.sinkhornOptionsSchema, base: { eps: 1 }, call: (sd, o) => { metrics.sinkhornDivergence(sd, cloud(X), cloud(Y), o as never); } },
  { name: 'metrics.mmd', schema: schemas.mmdOptionsSchema, base: { kernel: { kind: 'rbf', bandwidth: 1 }, estimator: 'unbiased' }, call: (sd, o) => { metrics.mmd(sd, X, Y, o as never); } },
  { name: 'metrics.mmd (polynomial)', schema: schemas.mmdOptionsSchema, base: { kernel: { kind: 'polynomial', degree: 3 } }, call: (sd, o) => { metrics.mmd(sd, X, Y, o as never); } },
  { name: 'metrics.kid', schema: schemas.kidOptionsSchema, base: { protocol: 'full' }, call: (sd, o) => { metrics.kid(sd, X, Y, o as never); } },
  { name: 'metrics.energyDistance', schema: schemas.energyOptionsSchema, base: { statistic: 'U' }, call: (sd, o) => { metrics.energyDistance(sd, X, Y, o as never); } },
  { name: 'metrics.fid', schema: schemas.frechetOptionsSchema, base: { method: 'eigh' }, call: (sd, o) => { metrics.fid(sd, X, Y, o as never); } },
  { name: 'metrics.precisionRecall', schema: schemas.neighboursOptionsSchema(3), base: { k: 3 }, call: (sd, o) => { metrics.precisionRecall(sd, X, Y, o as never); } },
  ...Object.entries(OPTIMIZER_FUNCTIONS).map(([name, f]): OptionsCall => ({
    name: `optim.${name}`, schema: (optim.OPTIMIZERS.entries as Record<string, { options: TSchema }>)[name].options, base: {}, call: (_sd, o) => { f(0.1, o); },
  })),
  ...Object.entries(SCHEDULE_FUNCTIONS).map(([name, [f, base]]): OptionsCall => ({
    name: `optim schedule ${name}`, schema: (optim.SCHEDULES.entries as Record<string, { options: TSchema }>)[name].options, base, call: (_sd, o) => { f(0.1, o); },
  })),
  { name: 'minimax.run', schema: RUN_OPTIONS, base: { iterations: 3 }, call: (sd, o) => { minimax.run(sd, bilinear(), minimax.extragradient({ lr: 0.1 }), o as never); } },
  { name: 'minimax.createRunner', schema: RUNNER_OPTIONS, base: {}, call: (sd, o) => { minimax.createRunner(sd, bilinear(), minimax.extragradient({ lr: 0.1 }), o as never).dispose(); } },
];
