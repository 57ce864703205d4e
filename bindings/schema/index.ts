// Schemas, validation and reference text (see validate.ts, kinds.ts, reference.ts).
export { validate, describeSchema } from './validate.js';
export { kindSchema, nameSchema, nameOrKindSchema, type KindConfig } from './kinds.js';
export { numbers, withDefaults } from './values.js';
export { optionSummary, registryTable, configReference } from './reference.js';
export { nearest, editDistance } from './nearest.js';
