// Sweep files: how a grid, a random search and seeds expand into runs, their content
// addresses, and the errors for bad files (each naming the path or the run).
import { describe, expect, test } from 'vitest';
import { resolveSweep, setPath } from '../../bindings/sweep/spec.js';
import { readFileSync } from 'node:fs';
import { UsageError } from '../../bindings/cli/errors.js';

const tiny = { preset: 'ring-8', batch: 32, generator: { hidden: [8] }, discriminator: { hidden: [8] } };

describe('resolveSweep', () => {
  test('a grid is the cartesian product, the last path fastest, once per seed', () => {
    const s = resolveSweep({ base: tiny, iterations: 50, grid: { loss: ['nonSaturating', 'hinge'], 'optimizer.d.lr': [1e-4, 1e-3, 1e-2] }, seeds: [7, 9] }, 'sweep t');
    expect(s.runs).toHaveLength(12);
    expect(s.paths).toEqual(['loss', 'optimizer.d.lr', 'seed']);
    expect(s.runs.slice(0, 3).map((r) => r.params)).toEqual([
      { loss: 'nonSaturating', 'optimizer.d.lr': 1e-4, seed: 7 },
      { loss: 'nonSaturating', 'optimizer.d.lr': 1e-4, seed: 9 },
      { loss: 'nonSaturating', 'optimizer.d.lr': 1e-3, seed: 7 },
    ]);
    const r = s.runs[11];
    expect(r.run.trainer.loss).toBe('hinge');
    expect(r.run.trainer.optimizer?.d).toMatchObject({ kind: 'adam', lr: 1e-2 });
    // the untouched fields keep the base's (and the CLI defaults' for what the base leaves out)
    expect(r.run.trainer.optimizer?.g).toMatchObject({ kind: 'adam', lr: 1e-3 });
    expect(r.run.trainer.batch).toBe(32);
    expect(r.run.iterations).toBe(50);
    expect(r.run.seed).toBe(9);
    expect(r.index).toBe(11);
  });

  test('run ids are content addresses: stable, distinct, and blind to the order of the file', () => {
    const a = resolveSweep({ base: tiny, grid: { loss: ['hinge', 'wasserstein'], ema: [0.99, 0.999] } }, 'a');
    const b = resolveSweep({ grid: { ema: [0.999, 0.99], loss: ['wasserstein', 'hinge'] }, base: tiny }, 'b');
    expect(new Set(a.runs.map((r) => r.id)).size).toBe(4);
    expect(new Set(b.runs.map((r) => r.id))).toEqual(new Set(a.runs.map((r) => r.id)));
    for (const r of a.runs) expect(r.id).toMatch(/^[0-9a-f]{16}$/);
    // the evaluation settings are part of the address
    const c = resolveSweep({ base: tiny, grid: { loss: ['hinge', 'wasserstein'], ema: [0.99, 0.999] }, evaluate: { every: 10 } }, 'c');
    expect(c.runs.some((r) => a.runs.some((q) => q.id === r.id))).toBe(false);
  });

  test('a seeded random search: the same seed draws the same points, inside their ranges', () => {
    const file = {
      base: tiny, seeds: 1,
      random: { samples: 40, seed: 3, space: { 'optimizer.g.lr': { logUniform: [1e-5, 1e-1] }, 'regularizers.r1': { uniform: [0, 2] }, batch: { intUniform: [16, 20] }, loss: { choice: ['hinge', 'leastSquares'] } } },
    };
    const a = resolveSweep(file, 'a'), b = resolveSweep(file, 'b');
    expect(a.runs.map((r) => r.params)).toEqual(b.runs.map((r) => r.params));
    const lrs = a.runs.map((r) => r.params['optimizer.g.lr'] as number);
    for (const lr of lrs) expect(lr >= 1e-5 && lr <= 1e-1).toBe(true);
    // log-uniform: about half the draws below the geometric mean 1e-3
    expect(lrs.filter((lr) => lr < 1e-3).length).toBeGreaterThan(10);
    expect(lrs.filter((lr) => lr < 1e-3).length).toBeLessThan(30);
    const batches = new Set(a.runs.map((r) => r.params.batch));
    expect([...batches].every((v) => Number.isInteger(v) && (v as number) >= 16 && (v as number) <= 20)).toBe(true);
    expect(batches.size).toBe(5);
    expect(new Set(a.runs.map((r) => r.params.loss))).toEqual(new Set(['hinge', 'leastSquares']));
    expect(a.runs[0].run.trainer.regularizers).toMatchObject({ r1: a.runs[0].params['regularizers.r1'] });
    const other = resolveSweep({ ...file, random: { ...file.random, seed: 4 } }, 'c');
    expect(other.runs[0].params).not.toEqual(a.runs[0].params);
  });

  test('a grid crossed with a random search', () => {
    const s = resolveSweep({ base: tiny, grid: { loss: ['hinge', 'nonSaturating'] }, random: { samples: 3, seed: 1, space: { ema: { uniform: [0.9, 0.99] } } } }, 's');
    expect(s.runs).toHaveLength(6);
    expect(s.paths).toEqual(['loss', 'ema']);
  });

  test('a preset name as the base, and the default base', () => {
    expect(resolveSweep({ base: 'grid-25', grid: { ema: [0.9, 0.99] } }, 's').runs[0].run.preset).toBe('grid-25');
    expect(resolveSweep({ grid: { ema: [0.9, 0.99] } }, 's').runs[0].run.preset).toBe('ring-8');
  });

  const refused: [string, unknown, RegExp][] = [
    ['a misspelt sweep key', { base: tiny, seds: 3 }, /seds.*seeds/s],
    ['an unknown preset', { base: 'ring8' }, /ring8.*did you mean 'ring-8'/],
    ['a misspelt config path', { base: tiny, grid: { 'optimizer.d.lrr': [1e-3, 1e-2] } }, /run 0 \(optimizer\.d\.lrr = 0\.001\).*lrr/s],
    ['a bad value in a grid cell', { base: tiny, grid: { 'optimizer.d.lr': [1e-3, -1] } }, /run 1 \(optimizer\.d\.lr = -1\).*optimizer\.d\.lr/s],
    ['an unknown loss', { base: tiny, grid: { loss: ['hinge', 'hnge'] } }, /run 1 \(loss = "hnge"\).*hinge/s],
    ['an empty grid axis', { base: tiny, grid: { loss: [] } }, /grid/],
    ['a bad distribution', { base: tiny, random: { samples: 2, seed: 1, space: { ema: { logUniform: [0, 1] } } } }, /random\.space\.ema/],
    ['a seed path', { base: tiny, grid: { seed: [1, 2] } }, /"seeds"/],
    ['a path in grid and random', { base: tiny, grid: { ema: [0.9] }, random: { samples: 1, seed: 1, space: { ema: { uniform: [0.9, 0.99] } } } }, /both in grid and in random/],
    ['a seed listed twice', { base: tiny, seeds: [1, 1] }, /seed twice/],
    ['two values giving one config', { base: tiny, grid: { ema: [0.9, 0.9] } }, /same config/],
    ['a base with data', { base: { ...tiny, data: { values: [1], dim: 1 } } }, /data/],
    ['not an object', [1, 2], /must be a JSON object/],
    ['a malformed path', { base: tiny, grid: { 'optimizer..lr': [1] } }, /not a config path/],
    ['an empty range', { base: tiny, random: { samples: 2, seed: 1, space: { ema: { uniform: [0.9, 0.9] } } } }, /a < b/],
  ];
  test.each(refused)('refuses %s with a UsageError naming it', (_, file, message) => {
    let error: unknown;
    try { resolveSweep(file, 'sweep bad.json'); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^sweep bad\.json/);
    expect((error as Error).message).toMatch(message);
  });
});

test('setPath copies the objects on its way and creates missing ones', () => {
  const base = { a: { b: 1, c: { d: 2 } }, e: 3 };
  const out = setPath(base, 'a.c.d', 5);
  expect(out).toEqual({ a: { b: 1, c: { d: 5 } }, e: 3 });
  expect(base.a.c.d).toBe(2);
  expect(setPath({}, 'x.y', 1)).toEqual({ x: { y: 1 } });
});

test.each(['examples/sweep-lr-loss.json', 'examples/sweep-random-r1.json'])('%s resolves', (path) => {
  const s = resolveSweep(JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')), path);
  expect(s.runs.length).toBeGreaterThanOrEqual(12);
});
