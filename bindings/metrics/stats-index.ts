// The statistics metrics (MMD, KID, FID, precision/recall, density/coverage, streaming).
export type { Matrix } from './common.js';
export * from './mmd.js';
export * from './kid.js';
export * from './frechet.js';
export * from './precision-recall.js';
export * from './streaming.js';
export * from './mmd-loss.js';
