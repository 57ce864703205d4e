export * from './losses.js';
export * from './regularizers.js';
export * from './trainer.js';
export * from './datasets/index.js';
export * from './evaluate.js';
