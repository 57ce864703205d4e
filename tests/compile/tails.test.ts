// Compiled ops at the tail sizes (0, 1, 3, 4, 5, 15, 16, 17, 1023) against the f64 reference:
// empty matrices, single rows and columns, and sizes around the SIMD widths.
import { describe, expect, test } from 'vitest';
import { compile, graph as G } from '../../bindings/index.js';
import type { Node, Shape } from '../../bindings/graph/index.js';
import { BUILDS, loadBuild } from '../helpers/builds.js';
import { mulberry32, seedOf } from '../helpers/random.js';

const SIZES = [0, 1, 3, 4, 5, 15, 16, 17, 1023];

interface TailCase { name: string; inputs: (s: number) => Shape[]; build(xs: Node[]): Node; positive?: boolean }

const CASES: TailCase[] = [
  ...(['exp', 'tanh', 'sigmoid', 'softplus', 'logSigmoid', 'relu', 'abs', 'square'] as const).map((op): TailCase => ({
    name: op, inputs: (s) => [[s, 3]], build: ([x]) => G[op](x),
  })),
  { name: 'log', inputs: (s) => [[3, s]], build: ([x]) => G.log(x), positive: true },
  { name: 'sqrt', inputs: (s) => [[3, s]], build: ([x]) => G.sqrt(x), positive: true },
  { name: 'pow 1.5', inputs: (s) => [[s, 2]], build: ([x]) => G.pow(x, 1.5), positive: true },
  { name: 'add full', inputs: (s) => [[s, 5], [s, 5]], build: ([a, b]) => G.add(a, b) },
  { name: 'mul row', inputs: (s) => [[5, s], [1, s]], build: ([a, b]) => G.mul(a, b) },
  { name: 'sub col', inputs: (s) => [[s, 5], [s, 1]], build: ([a, b]) => G.sub(a, b) },
  { name: 'div scalar', inputs: (s) => [[s, 4], [1, 1]], build: ([a, b]) => G.div(a, G.add(G.abs(b), 1)) },
  { name: 'maximum row/col', inputs: (s) => [[1, s], [s, 1]], build: ([a, b]) => G.maximum(a, b) },
  { name: 'select', inputs: (s) => [[s, 3], [s, 3], [1, 3]], build: ([m, a, b]) => G.select(G.gt(m, 0), a, b) },
  { name: 'matmul', inputs: (s) => [[s, 7], [7, s]], build: ([a, b]) => G.matmul(a, b) },
  { name: 'matmul k = s', inputs: (s) => [[3, s], [s, 5]], build: ([a, b]) => G.matmul(a, b) },
  { name: 'matmul transA transB', inputs: (s) => [[s, 4], [6, s]], build: ([a, b]) => G.matmul(a, b, { transA: true, transB: true }) },
  { name: 'sum axis 0', inputs: (s) => [[s, 6]], build: ([x]) => G.sum(x, 0) },
  { name: 'sum axis 1', inputs: (s) => [[s, 6]], build: ([x]) => G.sum(x, 1) },
  { name: 'sum all', inputs: (s) => [[6, s]], build: ([x]) => G.sum(x) },
  { name: 'max axis 0', inputs: (s) => [[s, 6]], build: ([x]) => G.max(x, 0) },
  { name: 'mean axis 1', inputs: (s) => [[6, s]], build: ([x]) => G.mean(x, 1) },
  { name: 'transpose', inputs: (s) => [[s, 3]], build: ([x]) => G.transpose(x) },
  { name: 'concat axis 0', inputs: (s) => [[s, 3], [2, 3]], build: ([a, b]) => G.concat([a, b], 0) },
  { name: 'concat axis 1', inputs: (s) => [[3, s], [3, 2]], build: ([a, b]) => G.concat([b, a], 1) },
  { name: 'slice', inputs: (s) => [[s + 2, 3]], build: ([x]) => G.slice(x, 0, 1, x.rows - 1) },
  { name: 'pad', inputs: (s) => [[3, s]], build: ([x]) => G.pad(x, 1, 2, 1) },
  { name: 'broadcastTo', inputs: (s) => [[1, s]], build: ([x]) => G.broadcastTo(x, [4, x.cols]) },
  // an intermediate that may be empty feeding a value that is not
  { name: 'sum axis 0 of exp', inputs: (s) => [[s, 6]], build: ([x]) => G.max(G.add(G.sum(G.exp(x), 0), 1), 0) },
];

for (const build of BUILDS) {
  describe(`compiled ops at tail sizes vs the f64 reference (${build})`, () => {
    for (const c of CASES) {
      test.each(SIZES)(`${c.name} at %i`, async (s) => {
        const sd = await loadBuild(build);
        const seed = seedOf('tail', c.name, s);
        const next = mulberry32(seed);
        const g = new G.Graph();
        const values = c.inputs(s).map(([r, k]) => Float32Array.from({ length: r * k }, () => (c.positive ? 0.1 + 2 * next() : 4 * next() - 2)));
        const xs = c.inputs(s).map((shape, k) => G.param(g, shape, { kind: 'values', values: values[k] }));
        const y = c.build(xs);
        const sink = G.state(g, y.shape);
        const program = compile(sd, { seed: 1, phases: [{ updates: [[sink, y]] }] });
        program.run(1);
        const got = program.read(sink);
        const [want] = G.evaluate([y], new Map(xs.map((x, k) => [x, values[k]])));
        expect(got.length).toBe(want.length);
        got.forEach((v, i) => {
          const w = want[i];
          const ok = Number.isNaN(w) ? Number.isNaN(v) : !Number.isFinite(w) ? v === w : Math.abs(v - w) <= 2e-5 * Math.max(1, Math.abs(w));
          if (!ok) expect.fail(`${c.name} at ${s}: entry ${i} compiled ${v}, reference ${w} (seed ${seed}, ${build})`);
        });
        program.dispose();
        expect(sd.liveBytes()).toBe(0);
      });
    }
  });
}
