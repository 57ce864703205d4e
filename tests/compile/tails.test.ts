// Compiled ops at the tail sizes (0, 1, 3, 4, 5, 15, 16, 17, 1023) against the f64 reference:
// empty matrices, single rows and columns, and sizes around the SIMD widths.
import { describe, expect, test } from 'vitest';
import { compile, graph as G } from '../../bindings/index.js';
import { BUILDS, loadBuild } from '../helpers/builds.js';
import { mulberry32, seedOf } from '../helpers/random.js';
import { OP_TABLE } from '../graph/op-table.js';

const SIZES = [0, 1, 3, 4, 5, 15, 16, 17, 1023];

/** Every row of the op table that declares tail shapes. */
const CASES = OP_TABLE.filter((row) => row.tail);

for (const build of BUILDS) {
  describe(`compiled ops at tail sizes vs the f64 reference (${build})`, () => {
    for (const c of CASES) {
      test.each(SIZES)(`${c.name} at %i`, async (s) => {
        const sd = await loadBuild(build);
        const seed = seedOf('tail', c.name, s);
        const next = mulberry32(seed);
        const g = new G.Graph();
        const shapes = c.tail!(s);
        const values = shapes.map(([r, k], j) => {
          const [lo, hi] = c.ranges?.[j] ?? [-2, 2];
          return Float32Array.from({ length: r * k }, () => lo + (hi - lo) * next());
        });
        const xs = shapes.map((shape, k) => G.param(g, shape, { kind: 'values', values: values[k] }));
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
