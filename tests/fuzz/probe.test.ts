// Bad input that once returned an answer where an error was due (or failed late, or in the
// wrong words): each is now refused up front with a typed error naming the argument.
import { expect, test } from 'vitest';
import { SaddleArgumentError, SaddleMemoryError, gan, graph, metrics, minimax, optim, type Saddle } from '../../bindings/index.js';
import { loadBuild } from '../helpers/builds.js';

const X = { data: [0, 0, 1, 1, 2, 0, 1, 2], rows: 4, cols: 2 };
const cloud = [[0, 0], [1, 1], [2, 0]];
const bilinear = () => minimax.bilinear({ A: [[1]] });
const config = (change: Record<string, unknown> = {}) => ({
  data: { values: [0, 0, 1, 1, -1, 1, 1, -1], dim: 2 }, noise: { dim: 2 }, batch: 4, seed: 1,
  generator: { hidden: [4] }, discriminator: { hidden: [4] }, ...change,
});

/** [what, call, error class, argument named] */
const CASES: Array<[string, (sd: Saddle) => unknown, typeof SaddleArgumentError | typeof SaddleMemoryError, string | undefined]> = [
  ['run: a NaN start', (sd) => minimax.run(sd, bilinear(), minimax.extragradient({ lr: 0.1 }), { iterations: 2, start: [NaN, 1] }), SaddleArgumentError, 'options.start'],
  ['run: a string start', (sd) => minimax.run(sd, bilinear(), minimax.extragradient({ lr: 0.1 }), { iterations: 2, start: ['1', 1] as never }), SaddleArgumentError, 'options.start'],
  ['run: a misspelt option', (sd) => minimax.run(sd, bilinear(), minimax.extragradient({ lr: 0.1 }), { iteration: 2 } as never), SaddleArgumentError, 'options.iteration'],
  ['extragradient: ration', () => minimax.extragradient({ lr: 0.1, ration: 2 } as never), SaddleArgumentError, 'options.ration'],
  ['sgd: b1 (an Adam option)', () => optim.sgd(0.1, { b1: 0.5 } as never), SaddleArgumentError, 'options.b1'],
  ['adam: momentum (an SGD option)', () => optim.adam(0.1, { momentum: 0.9 } as never), SaddleArgumentError, 'options.momentum'],
  ['gaussHermite(300)', () => minimax.gaussHermite(300), SaddleArgumentError, 'k'],
  ['sinkhorn: tolerance', (sd) => metrics.sinkhorn(sd, cloud, cloud, { eps: 1, tolerance: 1e-6 } as never), SaddleArgumentError, 'options.tolerance'],
  ['sinkhorn: maxIter', (sd) => metrics.sinkhorn(sd, cloud, cloud, { eps: 1, maxIter: 10 } as never), SaddleArgumentError, 'options.maxIter'],
  ['sinkhorn: coordinates near 1e160', (sd) => metrics.sinkhorn(sd, [[1e160, 0], [0, 0]], cloud, { eps: 1 }), SaddleArgumentError, undefined],
  ['sinkhorn: a null cell', (sd) => metrics.sinkhorn(sd, [[null, 0], [0, 0]] as never, cloud, { eps: 1 }), SaddleArgumentError, undefined],
  ['mmd: bandwith', (sd) => metrics.mmd(sd, X, X, { kernel: { kind: 'rbf', bandwith: 1 } } as never), SaddleArgumentError, 'options.kernel.bandwith'],
  ['mmd: bandwidth 1e-300', (sd) => metrics.mmd(sd, X, X, { kernel: { kind: 'rbf', bandwidth: 1e-300 } }), SaddleArgumentError, 'options.kernel.bandwidth'],
  ['mmd: degree 1000', (sd) => metrics.mmd(sd, X, X, { kernel: { kind: 'polynomial', degree: 1000 } }), SaddleArgumentError, 'options.kernel.degree'],
  ['kid: subset_size', (sd) => metrics.kid(sd, X, X, { subset_size: 2 } as never), SaddleArgumentError, 'options.subset_size'],
  ['mmd: a null cell', (sd) => metrics.mmd(sd, { ...X, data: [null, ...X.data.slice(1)] as never }, X), SaddleArgumentError, 'x.data'],
  ['fid: a bad y names y', (sd) => metrics.fid(sd, X, { ...X, data: [NaN, ...X.data.slice(1)] }), SaddleArgumentError, 'y.data'],
  ['frechetDistance: a non-symmetric covariance', (sd) => metrics.frechetDistance(sd, { mean: [0, 0], cov: [1, 0.5, 0, 1] }, { mean: [0, 0], cov: [1, 0, 0, 1] }), SaddleArgumentError, 'a.cov'],
  ['frechetDistance: an indefinite covariance', (sd) => metrics.frechetDistance(sd, { mean: [0, 0], cov: [1, 0, 0, 1] }, { mean: [0, 0], cov: [1, 2, 2, 1] }), SaddleArgumentError, 'b.cov'],
  ['trainer: lossOptions typo', (sd) => new gan.GanTrainer(config({ lossOptions: { smoothin: 0.9 } }) as never, { saddle: sd }), SaddleArgumentError, 'lossOptions.smoothin'],
  ['trainer: initializer std NaN', (sd) => new gan.GanTrainer(config({ generator: { hidden: [4], init: { kind: 'normal', std: NaN } } }) as never, { saddle: sd }), SaddleArgumentError, 'generator.init.std'],
  ['trainer: data beyond f32', (sd) => new gan.GanTrainer(config({ data: { values: [1e39, 0, 1, 1], dim: 2 } }) as never, { saddle: sd }), SaddleArgumentError, 'data.values'],
  ['trainer: a null data cell', (sd) => new gan.GanTrainer(config({ data: { values: [null, 0, 1, 1], dim: 2 } }) as never, { saddle: sd }), SaddleArgumentError, 'data.values'],
  ['trainer: an lr that is 0 in f32', (sd) => new gan.GanTrainer(config({ optimizer: { d: { kind: 'adam', lr: 1e-50 }, g: { kind: 'adam', lr: 1e-3 } } }) as never, { saddle: sd }), SaddleArgumentError, 'optimizer.d.lr'],
  ['scaleLearningRates(1e-50)', (sd) => { const t = new gan.GanTrainer(config() as never, { saddle: sd }); try { t.scaleLearningRates(1e-50); } finally { t.dispose(); } }, SaddleArgumentError, 'factor'],
  ['leakyRelu: slope NaN', () => { const g = new graph.Graph(); graph.leakyRelu(graph.input(g, [2, 2]), NaN); }, SaddleArgumentError, undefined],
  ['add: a string operand', () => { const g = new graph.Graph(); graph.add(graph.input(g, [2, 2]), '3' as never); }, SaddleArgumentError, 'b'],
  ['an allocation of 4 GiB', (sd) => sd.f32(2 ** 30), SaddleMemoryError, undefined],
];

test.each(CASES)('%s is refused up front', async (_what, call, kind, argument) => {
  const sd = await loadBuild('simd');
  const before = sd.liveBytes();
  let error: unknown;
  try { call(sd); } catch (e) { error = e; }
  expect(error).toBeInstanceOf(kind);
  if (argument !== undefined) expect((error as SaddleArgumentError).argument).toBe(argument);
  expect(sd.liveBytes()).toBe(before);
});
