// Every row of the graph op table, compiled and run in WASM (every build): the forward
// value and the gradient of Σ w ⊙ y agree with the f64 reference evaluation of the same
// graph to f32 accuracy.
import { describe, expect, test } from 'vitest';
import { compile, grad, graph as G, randomIndices } from '../../bindings/index.js';
import type { Node } from '../../bindings/graph/index.js';
import { BUILDS, loadBuild } from '../helpers/builds.js';
import { mulberry32, seedOf } from '../helpers/random.js';
import { OP_TABLE, type OpRow } from '../graph/op-table.js';

function valuesFor(row: OpRow, seed: number): Float32Array[] {
  const next = mulberry32(seed);
  return row.inputs.map(([r, c], k) => {
    const [lo, hi] = row.ranges?.[k] ?? [-1.5, 1.5];
    return Float32Array.from({ length: r * c }, (_, i) => {
      let v = lo + (hi - lo) * next();
      if (row.avoidKinks) v = Math.sign(v - (lo + hi) / 2 || 1) * (0.1 + Math.abs(v)) + 0.013 * i;
      return v;
    });
  });
}

for (const build of BUILDS) {
  describe(`graph ops compiled to WASM vs the f64 reference (${build})`, () => {
    for (const row of OP_TABLE) {
      test(row.name, async () => {
        const sd = await loadBuild(build);
        const seed = seedOf('compiled', row.name);
        const values = valuesFor(row, seed);
        const g = new G.Graph();
        const xs = row.inputs.map((shape, k) => G.param(g, shape, { kind: 'values', values: values[k] }));
        let idx: Node | undefined;
        const leaves = new Map<Node, ArrayLike<number>>(xs.map((x, k) => [x, values[k]]));
        if (row.indices) {
          // the program draws its indices from (seed 1, stream 0, counter 0): draw the same with the binding
          const count = row.indices.values.length;
          idx = G.randomIndices(g, row.indices.n, count, 0);
          const drawn = sd.i32(count);
          randomIndices(sd, drawn, { seed: 1, stream: 0, counter: 0, range: row.indices.n });
          leaves.set(idx, drawn.toArray());
          drawn.dispose();
        }
        const y = row.build(xs, idx);
        const next = mulberry32(seed ^ 0x9e3779b9);
        const w = G.constant(g, Array.from({ length: y.size }, () => next() * 2 - 1), y.shape);
        const grads = grad(G.sum(G.mul(w, y)), xs);
        const outputs = [y, ...grads];
        const sinks = outputs.map((o) => G.state(g, o.shape));
        const program = compile(sd, { seed: 1, phases: [{ updates: sinks.map((s, k) => [s, outputs[k]] as const) }] });
        program.run(1);
        const want = G.evaluate(outputs, leaves);
        sinks.forEach((s, k) => {
          const got = program.read(s);
          got.forEach((v, i) => {
            const tol = 2e-5 * Math.max(1, Math.abs(want[k][i]));
            if (!(Math.abs(v - want[k][i]) <= tol)) {
              expect.fail(`${row.name} output ${k} entry ${i}: compiled ${v}, reference ${want[k][i]} (seed ${seed}, ${build})`);
            }
          });
        });
        program.dispose();
        expect(sd.liveBytes()).toBe(0);
      });
    }
  });
}
