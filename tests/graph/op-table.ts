// The one table of graph ops: how to build each op on leaves, at which shapes, over which
// input ranges. tests/graph/ops.test.ts derives forward, gradient and second-order checks
// from it (and the compiled-program tests will run the same rows against WASM).
import * as G from '../../bindings/graph/index.js';
import type { Node, Shape } from '../../bindings/graph/index.js';

export interface OpRow {
  name: string;
  /** shapes of the f32 inputs (each fed as a parameter leaf) */
  inputs: Shape[];
  /** value range per input (kept away from kinks and poles) */
  ranges?: Array<[number, number]>;
  /** an i32 index input: n rows, values */
  indices?: { n: number; values: number[] };
  build(xs: Node[], idx?: Node): Node;
  /** a kink (relu, abs, max): draw values at least this far from 0 and from each other */
  avoidKinks?: boolean;
  /** skip the second-order check (ops whose second derivative is not defined via ops, none today) */
  firstOrderOnly?: boolean;
}

const positive: [number, number] = [0.5, 2];
const u = (name: string, f: (x: Node) => Node, range?: [number, number], avoidKinks = false): OpRow =>
  ({ name, inputs: [[3, 4]], ranges: range ? [range] : undefined, build: ([x]) => f(x), avoidKinks });

export const OP_TABLE: OpRow[] = [
  u('neg', G.neg), u('abs', G.abs, undefined, true), u('square', G.square), u('sqrt', G.sqrt, positive),
  u('exp', G.exp), u('log', G.log, positive), u('reciprocal', G.reciprocal, positive),
  u('relu', G.relu, undefined, true), u('leakyRelu', (x) => G.leakyRelu(x, 0.2), undefined, true),
  u('tanh', G.tanh), u('sigmoid', G.sigmoid), u('softplus', G.softplus), u('logSigmoid', G.logSigmoid),
  u('pow 3', (x) => G.pow(x, 3)), u('pow -1.5', (x) => G.pow(x, -1.5), positive), u('pow 0.5', (x) => G.pow(x, 0.5), positive),
  u('step·x (zero-grad step)', (x) => G.mul(G.step(x), x), undefined, true),
  u('sign·x² (zero-grad sign)', (x) => G.mul(G.sign(x), G.square(x)), undefined, true),
  ...(['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const).flatMap((op) =>
    ([[[3, 4], [3, 4]], [[3, 4], [1, 4]], [[3, 4], [3, 1]], [[3, 4], [1, 1]], [[1, 1], [3, 4]], [[1, 4], [3, 1]]] as Shape[][]).map(
      (shapes): OpRow => ({
        name: `${op} ${shapes.map((s) => s.join('×')).join(' ')}`,
        inputs: shapes,
        ranges: op === 'div' ? [[-2, 2], positive] : undefined,
        avoidKinks: op === 'maximum' || op === 'minimum',
        build: ([a, b]) => G[op](a, b),
      }))),
  { name: 'add number', inputs: [[2, 3]], build: ([x]) => G.mul(G.sub(2, x), G.add(x, 0.5)) },
  { name: 'select by gt mask', inputs: [[3, 4], [3, 4], [1, 4]], avoidKinks: true, build: ([a, b, c]) => G.select(G.gt(a, b), G.mul(a, c), G.square(b)) },
  ...([[false, false], [false, true], [true, false], [true, true]] as const).map(([transA, transB]): OpRow => ({
    name: `matmul${transA ? ' transA' : ''}${transB ? ' transB' : ''}`,
    inputs: [transA ? [5, 3] : [3, 5], transB ? [4, 5] : [5, 4]],
    build: ([a, b]) => G.matmul(a, b, { transA, transB }),
  })),
  { name: 'matmul chain (x·W)·Vᵀ', inputs: [[4, 3], [3, 5], [2, 5]], build: ([x, w, v]) => G.tanh(G.matmul(G.matmul(x, w), v, { transB: true })) },
  ...([0, 1, 'all'] as const).flatMap((axis) => [
    { name: `sum axis ${axis}`, inputs: [[3, 4]], build: ([x]: Node[]) => G.sum(x, axis) } as OpRow,
    { name: `mean axis ${axis}`, inputs: [[3, 4]], build: ([x]: Node[]) => G.mean(x, axis) } as OpRow,
    { name: `sumSquares axis ${axis}`, inputs: [[3, 4]], build: ([x]: Node[]) => G.sumSquares(x, axis) } as OpRow,
    { name: `max axis ${axis}`, inputs: [[3, 4]], avoidKinks: true, build: ([x]: Node[]) => G.max(x, axis) } as OpRow,
  ]),
  { name: 'broadcastTo row→matrix', inputs: [[1, 4]], build: ([x]) => G.mul(G.broadcastTo(x, [3, 4]), G.broadcastTo(G.square(x), [3, 4])) },
  { name: 'reshape', inputs: [[3, 4]], build: ([x]) => G.mul(G.reshape(x, [6, 2]), G.reshape(G.exp(x), [6, 2])) },
  { name: 'transpose', inputs: [[3, 4], [4, 3]], build: ([x, y]) => G.mul(G.transpose(x), y) },
  { name: 'concat axis 0', inputs: [[2, 3], [4, 3]], build: ([a, b]) => G.concat([a, G.square(b)], 0) },
  { name: 'concat axis 1', inputs: [[3, 2], [3, 1], [3, 3]], build: ([a, b, c]) => G.concat([a, b, G.exp(c)], 1) },
  { name: 'slice axis 0', inputs: [[5, 3]], build: ([x]) => G.square(G.slice(x, 0, 1, 4)) },
  { name: 'slice axis 1', inputs: [[3, 5]], build: ([x]) => G.square(G.slice(x, 1, 2, 5)) },
  { name: 'pad axis 1', inputs: [[3, 2]], build: ([x]) => G.exp(G.pad(x, 1, 1, 2)) },
  {
    name: 'gatherRows (repeated indices)', inputs: [[4, 3]], indices: { n: 4, values: [2, 0, 2, 3, 1] },
    build: ([x], idx) => G.square(G.gatherRows(x, idx!)),
  },
  {
    name: 'scatterAddRows', inputs: [[5, 3]], indices: { n: 4, values: [2, 0, 2, 3, 1] },
    build: ([y], idx) => G.tanh(G.scatterAddRows(y, idx!, 4)),
  },
];
