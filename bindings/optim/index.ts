// Optimizers as optax-style (init, update) pairs that emit graph ops over persistent state
// nodes; see docs/optimizers.md.
export {
  defineTransform, chain, applyUpdates,
  type GradientTransformation, type TransformState, type TransformUpdate, type ChainState,
} from './transform.js';
export {
  scaleByAdam, scaleByRms, traceMomentum, addDecayedWeights, scaleByLearningRate,
  type ScaleByAdamOptions, type ScaleByAdamState, type ScaleByRmsOptions, type ScaleByRmsState,
  type TraceMomentumOptions, type TraceMomentumState, type ScaleByLearningRateState,
} from './transforms.js';
export {
  constantSchedule, stepDecay, exponentialDecay, cosineDecay, warmup, type Schedule,
} from './schedules.js';
export {
  sgd, adam, adamw, rmsprop, type SgdOptions, type AdamOptions, type AdamWOptions, type RmspropOptions,
} from './optimizers.js';
export { minimize, type MinimizePhase, type MinimizeOptions } from './minimize.js';
export * from './steppers.js';
export { anderson, type Anderson, type AndersonOptions, type AndersonState, type AndersonRestart } from './anderson.js';
export { OPTIMIZERS, SCHEDULES, buildOptimizer, buildSchedule, type OptimizerKind, type ScheduleKind, type OptimizerEntry, type ScheduleEntry } from './registry.js';
