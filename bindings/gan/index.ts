export * from './losses.js';
export * from './regularizers.js';
