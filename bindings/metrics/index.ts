// Metrics and distances between samples.
export {
  sinkhorn, sinkhornDivergence, sinkhornBatch,
  type SinkhornCost, type PointCloud, type SinkhornOptions, type SinkhornResult, type SinkhornGradient,
  type SinkhornDivergenceResult, type SinkhornBatchOptions, type SinkhornBatchResult,
} from './sinkhorn.js';
export { sinkhornLoss, type SinkhornLossOptions, type SinkhornLossCost } from '../graph/ops/sinkhorn.js';
export * from './stats-index.js';
export { METRICS, computeMetric, type MetricEntry, type MetricName, type MetricValue, type Samples } from './registry.js';
