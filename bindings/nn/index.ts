// Models on the graph: layers, MLPs, spectral norm, minibatch std, initializers.
export * from './layers.js';
export { initialValues, orthogonal, type Draws } from './init.js';
export { ACTIVATIONS, INITIALIZERS, type ActivationEntry, type InitializerEntry } from './registry.js';
