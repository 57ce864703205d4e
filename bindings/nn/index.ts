// Models on the graph: layers, MLPs, spectral norm, minibatch std, initializers.
export * from './layers.js';
export { initialValues, orthogonal, type Draws } from './init.js';
