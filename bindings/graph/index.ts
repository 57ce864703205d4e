// The graph layer's public surface.
export { Graph, Node, type Shape, type DType } from './node.js';
export { defineOp, apply, type OpDef } from './op.js';
export { topoOrder } from './topo.js';
export { evaluate, type LeafValues } from './evaluate.js';
export * from './ops/leaves.js';
export * from './ops/elementwise.js';
export * from './ops/reduce.js';
export * from './ops/matmul.js';
export * from './ops/structural.js';
export { substitute } from './substitute.js';
