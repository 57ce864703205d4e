// The optimizer and learning-rate schedule registries: each entry's name, summary,
// reference, option schema (with defaults and ranges) and builder. The trainer's config
// schema, the CLI, the playground and docs/optimizers.md read them.

import type { Static, TObject as TObjectSchema, TSchema } from '@sinclair/typebox';
import { defineRegistry } from '../registry.js';
import { adam, adamw, rmsprop, sgd } from './optimizers.js';
import { adamMagnitudeSgdDirection, nsgd, ogda, optimisticAdam, sgdMagnitudeAdamDirection } from './steppers.js';
import { constantSchedule, cosineDecay, exponentialDecay, stepDecay, type Schedule } from './schedules.js';
import type { GradientTransformation } from './transform.js';
import { withDefaults } from '../schema/values.js';
import {
  ADAM_OPTIONS, ADAMW_OPTIONS, COSINE_OPTIONS, EXPONENTIAL_OPTIONS, GRAFTED_ADAM_OPTIONS, NO_OPTIONS, NSGD_OPTIONS, RMSPROP_OPTIONS, SGD_OPTIONS, STEP_OPTIONS,
} from './options.js';

/** `schema` with b1's default 0.5, the GAN convention (Radford et al. 2016) of trainer configs; the functions keep 0.9. */
function ganB1<S extends TObjectSchema>(schema: S): S {
  const b1 = schema.properties.b1 as TSchema;
  return { ...schema, properties: { ...schema.properties, b1: { ...b1, default: 0.5, description: "Adam's β₁ (the GAN convention: 0.5)" } } };
}

/** A learning-rate schedule's builder: from the base rate and its options to a Schedule. */
export interface ScheduleEntry<O extends TObjectSchema = TObjectSchema> {
  summary: string; reference: string; options: O;
  build(lr: number, options: Static<O>): Schedule;
}

function schedule<O extends TObjectSchema>(entry: ScheduleEntry<O>): ScheduleEntry<O> { return entry; }

export const SCHEDULES = defineRegistry('schedule', {
  constant: schedule({ summary: 'lr at every step', reference: '—', options: NO_OPTIONS, build: (lr, o) => constantSchedule(lr, o as Record<string, never>) }),
  exponential: schedule({ summary: 'lr·rate^(t/every)', reference: 'optax.exponential_decay', options: EXPONENTIAL_OPTIONS, build: (lr, o) => exponentialDecay(lr, o) }),
  step: schedule({ summary: 'lr·factor^⌊t/every⌋', reference: 'optax.piecewise_constant_schedule', options: STEP_OPTIONS, build: (lr, o) => stepDecay(lr, o) }),
  cosine: schedule({
    summary: 'cosine from lr to alpha·lr over `steps` updates, then alpha·lr', reference: 'Loshchilov & Hutter 2017 (SGDR), eq. 5 without restarts',
    options: COSINE_OPTIONS, build: (lr, o) => cosineDecay(lr, o),
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
    options: ganB1(ADAM_OPTIONS), build: (lr, o) => adam(lr, o),
  }),
  sgd: optimizer({
    summary: 'gradient descent, optionally with heavy-ball or Nesterov momentum', reference: 'Polyak 1964; Sutskever et al. 2013',
    options: SGD_OPTIONS, build: (lr, o) => sgd(lr, o),
  }),
  rmsprop: optimizer({
    summary: 'RMSprop, optionally centered and with momentum', reference: 'Tieleman & Hinton 2012, lecture 6.5; Graves 2013',
    options: RMSPROP_OPTIONS, build: (lr, o) => rmsprop(lr, o),
  }),
  nsgd: optimizer({
    summary: "nSGDA's normalized step g/‖g‖", reference: 'Jelassi et al. 2022, "Dissecting adaptive methods in GANs", Algorithm 2',
    options: NSGD_OPTIONS, build: (lr, o) => nsgd(lr, o),
  }),
  ogda: optimizer({
    summary: 'optimistic gradient descent: 2g_t − g_{t−1}', reference: 'Daskalakis et al. 2018, eq. 4',
    options: NO_OPTIONS, build: (lr, o) => ogda(lr, o as Record<string, never>),
  }),
  optimisticAdam: optimizer({
    summary: 'optimistic Adam', reference: 'Daskalakis et al. 2018, Algorithm 1',
    options: ganB1(ADAM_OPTIONS), build: (lr, o) => optimisticAdam(lr, o),
  }),
  adamMagnitudeSgdDirection: optimizer({
    summary: "graft: Adam's step length, SGD's direction", reference: 'Agarwal et al. 2020, "Disentangling adaptive gradient methods", Algorithm 1',
    options: ganB1(GRAFTED_ADAM_OPTIONS), build: (lr, o) => adamMagnitudeSgdDirection(lr, o),
  }),
  sgdMagnitudeAdamDirection: optimizer({
    summary: "graft: SGD's step length, Adam's direction", reference: 'Agarwal et al. 2020, Algorithm 1',
    options: ganB1(GRAFTED_ADAM_OPTIONS), build: (lr, o) => sgdMagnitudeAdamDirection(lr, o),
  }),
  adamw: optimizer({
    summary: 'AdamW: Adam with decoupled weight decay', reference: 'Loshchilov & Hutter 2019, Algorithm 2',
    options: ganB1(ADAMW_OPTIONS), build: (lr, o) => adamw(lr, o),
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

/**
 * The options of optimizer function `kind` (sgd, adam, …): checked against its OPTIMIZERS
 * entry (strict: an unknown key gets the nearest known one, another optimizer's key is
 * named with the optimizers it belongs to; numbers in range), then with the function's own
 * defaults from `schema` (adam's b1 is 0.9 as a function, 0.5 in a trainer config).
 */
export function optimizerOptions<S extends TObjectSchema>(kind: OptimizerKind, fn: string, schema: S, options: unknown): Required<Static<S>> {
  OPTIMIZERS.checkOptions(kind, options, fn, 'options');
  return withDefaults(schema, (options ?? {}) as Static<S>) as Required<Static<S>>;
}

/** The options of schedule function `fn` (registry entry `kind`), checked against the entry, with its defaults. */
export function scheduleOptions<S extends TObjectSchema>(kind: ScheduleKind, fn: string, options: unknown): Required<Static<S>> {
  SCHEDULES.checkOptions(kind, options ?? {}, fn, 'options');
  return withDefaults(SCHEDULES.entries[kind].options, (options ?? {}) as object) as Required<Static<S>>;
}
