// The activation and initializer registries: names, summaries, references, options and
// builders. Layers, the trainer's config schema, the playground and the docs read them.

import { Number as TNumber, Object as TObject, Optional, type Static, type TObject as TObjectSchema, type TProperties } from '@sinclair/typebox';
import * as G from '../graph/index.js';
import type { Node } from '../graph/node.js';
import { defineRegistry } from '../registry.js';
import type { KindConfig } from '../schema/kinds.js';

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

export { INITIALIZERS, type InitializerEntry } from './initializers.js';

export type ActivationName = (typeof ACTIVATIONS.names)[number];
/** An activation by name, or `{ kind, ...options }` (leaky ReLU's slope, default 0.2). */
export type Activation = ActivationName | KindConfig<typeof ACTIVATIONS.entries>;
