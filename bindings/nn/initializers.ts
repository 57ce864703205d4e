// The initializer registry: names, summaries, references and option schemas. nn/init.ts
// draws the values; graph.param and graph.state check an `init` against it when the
// parameter is made. (Apart from nn/registry.ts so the graph layer can read it without
// importing the layers.)

import { Number as TNumber, Object as TObject, Optional, type TObject as TObjectSchema, type TProperties } from '@sinclair/typebox';
import { defineRegistry } from '../registry.js';
import { kindSchema } from '../schema/kinds.js';
import { numbers } from '../schema/values.js';

const strict = <P extends TProperties>(properties: P) => TObject(properties, { additionalProperties: false });

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

/** The schema of an `init` value: `{ kind, ...that initializer's options }`. */
export const INITIALIZER_SCHEMA = kindSchema(INITIALIZERS);
