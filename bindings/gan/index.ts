export * from './losses.js';
export * from './regularizers.js';
export * from './trainer.js';
export * from './datasets/index.js';
export * from './evaluate.js';
export { TRAINER_CONFIG_SCHEMA, RUN_FILE_SCHEMA, CONSTRAINTS, checkConfig, jsonSchemaDocument, type LossOptionsConfig } from './config.js';
export * from './schemes.js';
export { configFragments, combinationBase, fragmentPairs, mergeConfig, refusal, sameField, FIXED_CONFIG_FIELDS, type ConfigFragment } from './combinations.js';
