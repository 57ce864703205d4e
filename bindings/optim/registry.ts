// The optimizer and learning-rate schedule registries: each entry's name, summary,
// reference, option schema (with defaults and ranges) and builder. The trainer's config
// schema, the CLI, the playground and docs/optimizers.md read them.

import { Integer as TInteger, Number as TNumber, Object as TObject, Optional, Union as TUnion, Literal as TLiteral, type Static, type TObject as TObjectSchema, type TProperties } from '@sinclair/typebox';
import { defineRegistry } from '../registry.js';
import { adam, rmsprop, sgd } from './optimizers.js';
import { adamMagnitudeSgdDirection, nsgd, ogda, optimisticAdam, sgdMagnitudeAdamDirection } from './steppers.js';
import { constantSchedule, cosineDecay, exponentialDecay, stepDecay, type Schedule } from './schedules.js';
import type { GradientTransformation } from './transform.js';
import { withDefaults } from '../schema/values.js';

const strict = <P extends TProperties>(properties: P) => TObject(properties, { additionalProperties: false });

const beta = (description: string, fallback: number) => Optional(TNumber({ minimum: 0, exclusiveMaximum: 1, default: fallback, description }));
const b1 = beta("Adam's β1 (the GAN convention: 0.5)", 0.5);
const b2 = beta("Adam's β2", 0.999);
const momentum = beta('heavy-ball momentum', 0);
const scope = (fallback: 'global' | 'layer') => Optional(TUnion([TLiteral('global'), TLiteral('layer')], { default: fallback, description: "normalize over all of a player's parameters together ('global') or per tensor ('layer')" }));

/** A learning-rate schedule's builder: from the base rate and its options to a Schedule. */
export interface ScheduleEntry<O extends TObjectSchema = TObjectSchema> {
  summary: string; reference: string; options: O;
  build(lr: number, options: Static<O>): Schedule;
}

function schedule<O extends TObjectSchema>(entry: ScheduleEntry<O>): ScheduleEntry<O> { return entry; }

export const SCHEDULES = defineRegistry('schedule', {
  constant: schedule({ summary: 'lr at every step', reference: '—', options: strict({}), build: (lr) => constantSchedule(lr) }),
  exponential: schedule({
    summary: 'lr·rate^(t/every)', reference: 'optax.exponential_decay',
    options: strict({ rate: TNumber({ exclusiveMinimum: 0, description: 'decay factor per `every` updates' }), every: TNumber({ exclusiveMinimum: 0, description: 'updates per factor' }) }),
    build: (lr, o) => exponentialDecay(lr, { rate: o.rate, every: o.every }),
  }),
  step: schedule({
    summary: 'lr·factor^⌊t/every⌋', reference: 'optax.piecewise_constant_schedule',
    options: strict({ every: TInteger({ minimum: 1, maximum: 2 ** 31 - 1, description: 'updates between drops' }), factor: TNumber({ exclusiveMinimum: 0, maximum: 1, description: 'multiplier at each drop' }) }),
    build: (lr, o) => stepDecay(lr, { every: o.every, factor: o.factor }),
  }),
  cosine: schedule({
    summary: 'cosine from lr to alpha·lr over `steps` updates, then alpha·lr', reference: 'Loshchilov & Hutter 2017 (SGDR), eq. 5 without restarts',
    options: strict({ steps: TInteger({ minimum: 1, maximum: 2 ** 31 - 1, description: 'length of the decay' }), alpha: Optional(TNumber({ minimum: 0, maximum: 1, default: 0, description: 'final fraction of lr' })) }),
    build: (lr, o) => cosineDecay(lr, { steps: o.steps, alpha: o.alpha }),
  }),
});

/** An optimizer's builder: from its learning-rate schedule and options to a transformation. */
export interface OptimizerEntry<O extends TObjectSchema = TObjectSchema> {
  summary: string; reference: string; options: O;
  build(lr: Schedule, options: Static<O>): GradientTransformation;
}

function optimizer<O extends TObjectSchema>(entry: OptimizerEntry<O>): OptimizerEntry<O> { return entry; }

export const OPTIMIZERS = defineRegistry('optimizer', {
  adam: optimizer({
    summary: 'Adam with bias correction', reference: 'Kingma & Ba 2015, Algorithm 1',
    options: strict({ b1, b2 }), build: (lr, o) => adam(lr, { b1: o.b1!, b2: o.b2! }),
  }),
  sgd: optimizer({
    summary: 'gradient descent, optionally with heavy-ball momentum', reference: 'Polyak 1964',
    options: strict({ momentum }), build: (lr, o) => sgd(lr, { momentum: o.momentum! }),
  }),
  rmsprop: optimizer({
    summary: 'RMSprop, optionally with momentum', reference: 'Tieleman & Hinton 2012, lecture 6.5',
    options: strict({ momentum }), build: (lr, o) => rmsprop(lr, { momentum: o.momentum! }),
  }),
  nsgd: optimizer({
    summary: "nSGDA's normalized step g/‖g‖", reference: 'Jelassi et al. 2022, "Dissecting adaptive methods in GANs", Algorithm 2',
    options: strict({ scope: scope('global') }), build: (lr, o) => nsgd(lr, { scope: o.scope! }),
  }),
  ogda: optimizer({
    summary: 'optimistic gradient descent: 2g_t − g_{t−1}', reference: 'Daskalakis et al. 2018, eq. 4',
    options: strict({}), build: (lr) => ogda(lr),
  }),
  optimisticAdam: optimizer({
    summary: 'optimistic Adam', reference: 'Daskalakis et al. 2018, Algorithm 1',
    options: strict({ b1, b2 }), build: (lr, o) => optimisticAdam(lr, { b1: o.b1!, b2: o.b2! }),
  }),
  adamMagnitudeSgdDirection: optimizer({
    summary: "graft: Adam's step length, SGD's direction", reference: 'Agarwal et al. 2020, "Disentangling adaptive gradient methods", Algorithm 1',
    options: strict({ b1, b2, scope: scope('layer') }),
    build: (lr, o) => adamMagnitudeSgdDirection(lr, { b1: o.b1!, b2: o.b2!, scope: o.scope! }),
  }),
  sgdMagnitudeAdamDirection: optimizer({
    summary: "graft: SGD's step length, Adam's direction", reference: 'Agarwal et al. 2020, Algorithm 1',
    options: strict({ b1, b2, scope: scope('layer') }),
    build: (lr, o) => sgdMagnitudeAdamDirection(lr, { b1: o.b1!, b2: o.b2!, scope: o.scope! }),
  }),
});

/** The optimizer `kind` with its options (schema defaults filled in) on learning-rate schedule `lr`. */
export function buildOptimizer(kind: OptimizerKind, lr: Schedule, options: object): GradientTransformation {
  const entry = OPTIMIZERS.entries[kind] as OptimizerEntry;
  return entry.build(lr, withDefaults(entry.options, options) as never);
}

/** The schedule `kind` from base rate `lr`, with its options (schema defaults filled in). */
export function buildSchedule(kind: ScheduleKind, lr: number, options: object): Schedule {
  const entry = SCHEDULES.entries[kind] as ScheduleEntry;
  return entry.build(lr, withDefaults(entry.options, options) as never);
}

export type OptimizerKind = (typeof OPTIMIZERS.names)[number];
export type ScheduleKind = (typeof SCHEDULES.names)[number];
