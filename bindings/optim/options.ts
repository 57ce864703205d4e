// The option schemas of the ready-made optimizers and schedules, with the defaults of their
// functions (sgd, adam, …). The OPTIMIZERS and SCHEDULES registries take their entries'
// options from here, so the functions, the trainer's config, the CLI and the docs check and
// describe the same options; each function checks its options through its registry entry
// (unknown keys with did-you-mean, other optimizers' keys named with their owners).

import { Boolean as TBoolean, Integer as TInteger, Literal as TLiteral, Number as TNumber, Object as TObject, Optional, Union as TUnion, type TProperties } from '@sinclair/typebox';

const strict = <P extends TProperties>(properties: P) => TObject(properties, { additionalProperties: false });

/** A decay or momentum coefficient in [0, 1). */
const coefficient = (fallback: number, description: string) => Optional(TNumber({ minimum: 0, exclusiveMaximum: 1, default: fallback, description }));
const nonNegative = (fallback: number, description: string) => Optional(TNumber({ minimum: 0, default: fallback, description }));
const flag = (description: string) => Optional(TBoolean({ default: false, description }));
/** The largest exact f32 step count (counts saturate there; see schedules.ts). */
const MAX_STEPS = 2 ** 24;

export const scopeOption = (fallback: 'global' | 'layer') => Optional(TUnion([TLiteral('global'), TLiteral('layer')], {
  default: fallback, description: "normalize over all of a player's parameters together ('global') or per tensor ('layer')",
}));

const momentum = coefficient(0, 'heavy-ball momentum μ');
const adamProperties = {
  b1: coefficient(0.9, "Adam's β₁"),
  b2: coefficient(0.999, "Adam's β₂"),
  eps: nonNegative(1e-8, 'ε added to √v̂'),
  epsRoot: nonNegative(0, 'ε added inside the square root'),
  amsgrad: flag('AMSGrad (Reddi, Kale & Kumar 2018)'),
};

export const SGD_OPTIONS = strict({ momentum, nesterov: flag('Nesterov momentum (needs momentum > 0)') });
export const ADAM_OPTIONS = strict(adamProperties);
export const ADAMW_OPTIONS = strict({ ...adamProperties, weightDecay: nonNegative(1e-2, 'λ, decoupled weight decay (scaled by lr)') });
export const RMSPROP_OPTIONS = strict({
  decay: coefficient(0.9, 'ρ, decay of the mean square'),
  eps: nonNegative(1e-8, 'ε added to √v'),
  momentum,
  centered: flag('centered (Graves 2013)'),
});
export const NSGD_OPTIONS = strict({ scope: scopeOption('global'), eps: nonNegative(1e-12, 'floor on the norm') });
export const GRAFTED_ADAM_OPTIONS = strict({ ...adamProperties, scope: scopeOption('layer') });
export const NO_OPTIONS = strict({});

export const EXPONENTIAL_OPTIONS = strict({
  rate: TNumber({ exclusiveMinimum: 0, description: 'decay factor per `every` updates' }),
  every: TNumber({ exclusiveMinimum: 0, description: 'updates per factor' }),
});
export const STEP_OPTIONS = strict({
  every: TInteger({ minimum: 1, maximum: MAX_STEPS, description: 'updates between drops' }),
  factor: TNumber({ exclusiveMinimum: 0, maximum: 1, description: 'multiplier at each drop' }),
});
export const COSINE_OPTIONS = strict({
  steps: TInteger({ minimum: 1, maximum: MAX_STEPS, description: 'length of the decay' }),
  alpha: Optional(TNumber({ minimum: 0, maximum: 1, default: 0, description: 'final fraction of lr' })),
});
export const WARMUP_OPTIONS = strict({ steps: TInteger({ minimum: 1, maximum: MAX_STEPS, description: 'updates of the linear warm-up from 0' }) });

// The building blocks' options (the transforms the optimizers chain): required where the
// transform has no default of its own.
const coefficientOf = (description: string) => TNumber({ minimum: 0, exclusiveMaximum: 1, description });
const nonNegativeOf = (description: string) => TNumber({ minimum: 0, description });
export const SCALE_BY_ADAM_OPTIONS = strict({
  b1: coefficientOf('β₁, decay of the first moment'), b2: coefficientOf('β₂, decay of the second moment'), eps: nonNegativeOf('ε added to √v̂'),
  epsRoot: adamProperties.epsRoot, amsgrad: adamProperties.amsgrad,
});
export const SCALE_BY_RMS_OPTIONS = strict({ decay: coefficientOf('ρ, decay of the mean square'), eps: nonNegativeOf('ε added to √v'), centered: RMSPROP_OPTIONS.properties.centered });
export const TRACE_MOMENTUM_OPTIONS = strict({ decay: coefficientOf('μ, the momentum'), nesterov: SGD_OPTIONS.properties.nesterov });
export const NORMALIZE_OPTIONS = strict({ eps: nonNegative(1e-12, 'floor on the norm') });
export const GRAFT_OPTIONS = strict({ scope: scopeOption('layer'), eps: nonNegative(1e-16, 'floor on the norms') });
export const SCALE_BY_OPTIMISM_OPTIONS = strict({ alpha: nonNegative(1, 'α, the weight of the look-ahead') });
