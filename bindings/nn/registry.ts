// The activation and initializer registries: names, summaries, references, options and
// builders. Layers, the trainer's config schema, the playground and the docs read them.

import { Number as TNumber, Object as TObject, Optional, type Static, type TObject as TObjectSchema, type TProperties } from '@sinclair/typebox';
import * as G from '../graph/index.js';
import type { Node } from '../graph/node.js';
import { defineRegistry } from '../registry.js';
import type { KindConfig } from '../schema/kinds.js';
import { numbers } from '../schema/values.js';

const strict = <P extends TProperties>(properties: P) => TObject(properties, { additionalProperties: false });

export interface ActivationEntry<O extends TObjectSchema = TObjectSchema> {
  summary: string; reference: string; options: O;
  build(x: Node, options: Static<O>): Node;
}
const activation = <O extends TObjectSchema>(entry: ActivationEntry<O>): ActivationEntry<O> => entry;

export const ACTIVATIONS = defineRegistry('activation', {
  linear: activation({ summary: 'identity', reference: '—', options: strict({}), build: (x) => x }),
  relu: activation({ summary: 'max(x, 0)', reference: 'Nair & Hinton 2010', options: strict({}), build: (x) => G.relu(x) }),
  leakyRelu: activation({
    summary: 'x for x > 0, slope·x otherwise', reference: 'Maas et al. 2013',
    options: strict({ slope: Optional(TNumber({ minimum: 0, maximum: 1, default: 0.2, description: 'negative slope' })) }),
    build: (x, o) => G.leakyRelu(x, o.slope ?? 0.2),
  }),
  tanh: activation({ summary: 'tanh(x)', reference: '—', options: strict({}), build: (x) => G.tanh(x) }),
  sigmoid: activation({ summary: '1/(1 + e^−x)', reference: '—', options: strict({}), build: (x) => G.sigmoid(x) }),
  softplus: activation({ summary: 'log(1 + e^x)', reference: 'Dugas et al. 2001', options: strict({}), build: (x) => G.softplus(x) }),
  silu: activation({ summary: 'x·σ(x) (swish)', reference: 'Elfwing, Uchibe & Doya 2018, eq. 3; Ramachandran et al. 2017', options: strict({}), build: (x) => G.silu(x) }),
});

export interface InitializerEntry<O extends TObjectSchema = TObjectSchema> {
  summary: string; reference: string; options: O;
}
const initializer = <O extends TObjectSchema>(entry: InitializerEntry<O>): InitializerEntry<O> => entry;

/** Initializers (nn/init.ts draws them); `init: { kind, ...options }`. */
export const INITIALIZERS = defineRegistry('initializer', {
  zeros: initializer({ summary: 'all zeros', reference: '—', options: strict({}) }),
  constant: initializer({ summary: 'every entry `value`', reference: '—', options: strict({ value: TNumber() }) }),
  normal: initializer({ summary: 'N(0, std²)', reference: '—', options: strict({ std: TNumber({ minimum: 0 }) }) }),
  uniform: initializer({ summary: 'U[low, high)', reference: '—', options: strict({ low: TNumber(), high: TNumber() }) }),
  xavier: initializer({ summary: 'U(±√(6/(fanIn + fanOut)))', reference: 'Glorot & Bengio 2010, eq. 16', options: strict({}) }),
  he: initializer({ summary: 'N(0, 2/fanIn)', reference: 'He et al. 2015, eq. 10', options: strict({}) }),
  orthogonal: initializer({
    summary: 'a Haar-random orthogonal matrix times gain', reference: 'Saxe et al. 2014',
    options: strict({ gain: Optional(TNumber({ exclusiveMinimum: 0, default: 1 })) }),
  }),
  values: initializer({ summary: 'the given values, row-major', reference: '—', options: strict({ values: numbers('the values, row-major') }) }),
});

export type ActivationName = (typeof ACTIVATIONS.names)[number];
/** An activation by name, or `{ kind, ...options }` (leaky ReLU's slope, default 0.2). */
export type Activation = ActivationName | KindConfig<typeof ACTIVATIONS.entries>;
