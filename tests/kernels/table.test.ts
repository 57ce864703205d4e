import { describe, expect, test } from 'vitest';
import { BUILDS, loadBuild } from '../helpers/builds.js';
import { seedOf } from '../helpers/random.js';
import { KERNEL_TABLE, firstMismatch } from './table.js';

for (const build of BUILDS) {
  describe(`kernel table (${build} build)`, () => {
    for (const row of KERNEL_TABLE) {
      const modes = row.inPlace ? [false, true] : [false];
      for (const inPlace of modes) {
        test.each(row.shapes.map((shape) => [shape.join('x'), shape] as const))(
          `${row.name}${inPlace ? ' in place' : ''} %s`,
          async (_label, shape) => {
            const sd = await loadBuild(build);
            const seed = seedOf(row.name, ...shape);
            const live = sd.liveBytes();
            const check = row.run(sd, [...shape], seed, inPlace);
            const bad = firstMismatch(check);
            if (bad >= 0) {
              const t = typeof check.tol === 'number' ? check.tol : check.tol[bad];
              expect.fail(`${row.name} [${shape}] seed=${seed} (${build}${inPlace ? ', in place' : ''}): ` +
                `element ${bad} got ${check.got[bad]}, want ${check.want[bad]} ± ${t} (${row.tolerance})`);
            }
            expect(sd.liveBytes()).toBe(live);
          },
        );
      }
    }
  });
}
