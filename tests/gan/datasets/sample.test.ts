// dataset() (bindings/gan/datasets/sample.ts): determinism and the prefix property for every
// preset, typed errors, and the documented workflow (write into graph.input, sample with
// graph.sampleRows inside WASM).
import { describe, expect, test } from 'vitest';
import { compile, graph as G, SaddleArgumentError, type Saddle } from '../../../bindings/index.js';
import { PRESET_NAMES, SaddleCsvError, dataset, gaussianMixture } from '../../../bindings/gan/datasets/index.js';
import { BUILDS, loadBuild, trackLiveBytes } from '../../helpers/builds.js';
import { argumentError } from '../../helpers/errors.js';
import { bitsOf } from './statistics.js';

describe('determinism', () => {
  let sd: Saddle;
  trackLiveBytes('simd', (s) => { sd = s; });

  test.each([...PRESET_NAMES])('%s: same seed, same bits; another seed, other data; the first k rows of a bigger draw are a draw of k rows', (name) => {
    const [big, small] = name === 'veegan-1200d' ? [40, 13] : [1000, 137];
    const a = dataset(sd, name, { rows: big, seed: 11 });
    const b = dataset(sd, name, { rows: big, seed: 11 });
    expect(bitsOf(b.data)).toEqual(bitsOf(a.data));
    expect(b.labels).toEqual(a.labels);
    const c = dataset(sd, name, { rows: big, seed: 12 });
    let same = 0;
    for (let i = 0; i < a.data.length; i++) if (a.data[i] === c.data[i]) same++;
    // only 'veegan-1200d' has noise-free coordinates (500 of 1200 equal the mode's mean)
    expect(same / a.data.length, 'fraction of equal values for seeds 11 and 12').toBeLessThan(name === 'veegan-1200d' ? 0.5 : 0.01);
    const prefix = dataset(sd, name, { rows: small, seed: 11 });
    expect(bitsOf(prefix.data)).toEqual(bitsOf(a.data.subarray(0, small * a.dim)));
    if (a.labels) expect(prefix.labels).toEqual(a.labels.subarray(0, small));
    expect(a.data.length).toBe(a.rows * a.dim);
    expect(a.data.every(Number.isFinite)).toBe(true);
  });

  test('a bigint seed is the same key as the equal number; seeds above 2^32 use the high word', () => {
    const a = dataset(sd, 'moons', { rows: 64, seed: 5 });
    expect(bitsOf(dataset(sd, 'moons', { rows: 64, seed: 5n }).data)).toEqual(bitsOf(a.data));
    const high = dataset(sd, 'moons', { rows: 64, seed: 5 + 2 ** 32 });
    expect(bitsOf(dataset(sd, 'moons', { rows: 64, seed: (1n << 32n) + 5n }).data)).toEqual(bitsOf(high.data));
    expect(bitsOf(high.data)).not.toEqual(bitsOf(a.data));
  });

  test('every build gives the same bits', async () => {
    for (const build of BUILDS) {
      const other = await loadBuild(build);
      for (const name of ['8gaussians', 'ganlab-ring', 'spiral'] as const) {
        expect(bitsOf(dataset(other, name, { rows: 300, seed: 3 }).data), `${name} on ${build}`)
          .toEqual(bitsOf(dataset(sd, name, { rows: 300, seed: 3 }).data));
      }
    }
  });
});

describe('dataset arguments and the training workflow', () => {
  let sd: Saddle;
  trackLiveBytes('simd', (s) => { sd = s; });

  test('typed errors: unknown presets list the valid names; rows, seed, overrides and sd are checked', () => {
    const unknown = argumentError(() => dataset(sd, '9gaussians' as never, { rows: 10, seed: 1 }));
    expect(unknown.argument).toBe('preset');
    for (const name of PRESET_NAMES) expect(unknown.message).toContain(`'${name}'`);
    const cases: Array<[unknown, unknown, string]> = [
      [{ name: 'nope' }, { rows: 10, seed: 1 }, 'preset'],
      [42, { rows: 10, seed: 1 }, 'preset'],
      [{ name: '8gaussians', std: 1 }, { rows: 10, seed: 1 }, 'preset.std'],
      [{ name: 'moons', turns: 2 }, { rows: 10, seed: 1 }, 'preset.turns'],
      [{ name: 'moons', noise: -0.1 }, { rows: 10, seed: 1 }, 'preset.noise'],
      [{ name: 'spiral', turns: 0 }, { rows: 10, seed: 1 }, 'preset.turns'],
      ['moons', undefined, 'options'],
      ['moons', { rows: 0, seed: 1 }, 'rows'],
      ['moons', { rows: 2.5, seed: 1 }, 'rows'],
      ['moons', { rows: 2 ** 26 + 1, seed: 1 }, 'rows'],
      ['moons', { seed: 1 }, 'rows'],
      ['veegan-1200d', { rows: 300_000, seed: 1 }, 'rows'],
      ['moons', { rows: 10 }, 'seed'],
      ['moons', { rows: 10, seed: -1 }, 'seed'],
      ['moons', { rows: 10, seed: 1.5 }, 'seed'],
      ['moons', { rows: 10, seed: 2 ** 53 }, 'seed'],
      ['moons', { rows: 10, seed: '1' }, 'seed'],
      ['moons', { rows: 10, seed: 1n << 64n }, 'seed'],
    ];
    for (const [preset, options, argument] of cases) {
      const e = argumentError(() => dataset(sd, preset as never, options as never));
      expect(e.argument, `${JSON.stringify(preset)} ${String(options && JSON.stringify(options, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)))}`).toBe(argument);
      expect(e.message).toMatch(/^dataset: argument '/);
    }
    expect(argumentError(() => dataset({} as never, 'moons', { rows: 10, seed: 1 })).argument).toBe('sd');
    expect(argumentError(() => dataset(sd, { name: '8gaussians', std: 1 } as never, { rows: 1, seed: 1 })).message)
      .toContain('source');
  });

  test('a mixture whose means and spreads each fit f32 but whose samples do not is refused, naming the sample', () => {
    const e = argumentError(() => dataset(sd, gaussianMixture({ means: [[3e38, 0]], std: 3e38 }), { rows: 64, seed: 1 }));
    expect(e.argument).toBe('preset');
    expect(e.message).toMatch(/samples fit in f32.*got a sample of -?Infinity at row \d+, column 0/);
    expect(dataset(sd, gaussianMixture({ means: [[1e38, 0]], std: 1e30 }), { rows: 64, seed: 1 }).data.every(Number.isFinite)).toBe(true);
  });

  test('the dataset goes into a graph input; graph.sampleRows draws minibatches of its rows inside WASM', () => {
    const ds = dataset(sd, '8gaussians', { rows: 512, seed: 21 });
    const g = new G.Graph();
    const real = G.input(g, [ds.rows, ds.dim], 'real');
    const batch = G.sampleRows(real, 64, 0);
    const sink = G.state(g, [64, ds.dim]);
    const program = compile(sd, { seed: 22, phases: [{ updates: [[sink, batch]] }] });
    program.write(real, ds.data);
    const rowsOf = new Set<string>();
    for (let r = 0; r < ds.rows; r++) rowsOf.add(`${ds.data[2 * r]},${ds.data[2 * r + 1]}`);
    for (let it = 0; it < 3; it++) {
      program.run(1);
      const got = program.read(sink);
      for (let r = 0; r < 64; r++) expect(rowsOf.has(`${got[2 * r]},${got[2 * r + 1]}`), `sampled row ${r}`).toBe(true);
    }
    expect(program.read(real)).toEqual(ds.data);
    program.dispose();
  });

  test('the error classes are the exported ones', () => {
    expect(new SaddleCsvError('a number', 'x', 1, 1)).toBeInstanceOf(SaddleArgumentError);
  });
});
