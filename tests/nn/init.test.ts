// Initializers: orthogonality (Saxe et al. 2014), the He and Glorot scales, determinism.
import { expect, test } from 'vitest';
import { compile, graph as G, nn } from '../../bindings/index.js';
import { loadBuild } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';
import { mulberry32 } from '../helpers/random.js';

function gaussian(n: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  return Float32Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()));
}

/** Max |(MᵀM or MMᵀ) − gain²·I| over the smaller side. */
function orthogonalityError(m: Float32Array, rows: number, cols: number, gain: number): number {
  const k = Math.min(rows, cols);
  let worst = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let dot = 0;
      if (rows >= cols) for (let i = 0; i < rows; i++) dot += m[i * cols + a] * m[i * cols + b];
      else for (let j = 0; j < cols; j++) dot += m[a * cols + j] * m[b * cols + j];
      worst = Math.max(worst, Math.abs(dot - (a === b ? gain * gain : 0)));
    }
  }
  return worst;
}

test.each([[8, 8], [50, 7], [7, 50], [1, 5], [5, 1], [64, 64]])('orthogonal %ix%i has orthonormal columns (or rows)', (rows, cols) => {
  const q = nn.orthogonal([rows, cols], gaussian(rows * cols, rows * 100 + cols), 1);
  expect(orthogonalityError(q, rows, cols, 1)).toBeLessThan(1e-6);
  const scaled = nn.orthogonal([rows, cols], gaussian(rows * cols, rows * 100 + cols), 1.5);
  expect(orthogonalityError(scaled, rows, cols, 1.5)).toBeLessThan(3e-6);
});

test('orthogonal keeps the Gaussian’s orientation (R has a positive diagonal): Q·R reproduces the draw', () => {
  // for a square draw A = QR with diag(R) > 0, QᵀA is upper triangular with a positive diagonal
  const n = 6, a = gaussian(n * n, 3), q = nn.orthogonal([n, n], a, 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let r = 0;
      for (let k = 0; k < n; k++) r += q[k * n + i] * a[k * n + j];
      if (i === j) expect(r).toBeGreaterThan(0);
      else expect(Math.abs(r)).toBeLessThan(1e-5);
    }
  }
});

test('compiled parameters get He, Glorot and orthogonal values from the seed', async () => {
  const sd = await loadBuild('simd');
  const g = new G.Graph();
  const he = G.param(g, [256, 128], { kind: 'he' });
  const xavier = G.param(g, [256, 128], { kind: 'xavier' });
  const orth = G.param(g, [96, 32], { kind: 'orthogonal', gain: 2 });
  const sink = G.state(g, [1, 1]);
  const phase = { updates: [[sink, G.add(G.add(G.sum(he), G.sum(xavier)), G.sum(orth))] as const] };
  const program = compile(sd, { seed: 11, phases: [phase] });
  const std = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
  expect(std(program.read(he)) / Math.sqrt(2 / 256)).toBeCloseTo(1, 1);
  expect(std(program.read(xavier)) / Math.sqrt(2 / (256 + 128))).toBeCloseTo(1, 1); // U(±√(6/(a+b))) has variance 2/(a+b)
  expect(orthogonalityError(program.read(orth), 96, 32, 2)).toBeLessThan(1e-5);
  const again = compile(sd, { seed: 11, phases: [phase] });
  const other = compile(sd, { seed: 12, phases: [phase] });
  expect(Array.from(again.read(orth))).toEqual(Array.from(program.read(orth)));
  expect(Array.from(other.read(he))).not.toEqual(Array.from(program.read(he)));
  [program, again, other].forEach((p) => p.dispose());
  expect(sd.liveBytes()).toBe(0);
});

test('a bad initializer is refused when the parameter is made, naming the option', () => {
  const g = new G.Graph();
  const refuse = (make: () => unknown, argument: string, message: RegExp) => {
    const error = argumentError(make);
    expect(error.argument).toBe(argument);
    expect(error.message).toMatch(message);
  };
  refuse(() => G.param(g, [2, 2], { kind: 'values', values: [1, 2, 3] }), 'init.values', /must be 4 numbers for shape \[2, 2\], got 3 numbers/);
  refuse(() => G.param(g, [2, 2], { kind: 'lecun' } as never), 'init.kind', /one of 'zeros'.*got "lecun"/);
  // non-finite options would train on NaN weights and fail late as "dLoss became NaN"
  refuse(() => G.param(g, [2, 2], { kind: 'normal', std: NaN }), 'init.std', /finite number >= 0, got NaN/);
  refuse(() => G.state(g, [2, 2], { kind: 'constant', value: Infinity }), 'init.value', /finite number, got Infinity/);
  refuse(() => G.param(g, [2, 2], { kind: 'uniform', low: 0, high: -Infinity }), 'init.high', /finite number/);
  refuse(() => G.param(g, [1, 2], { kind: 'values', values: [1, null as never] }), 'init.values', /null at index 1/);
  refuse(() => G.param(g, [1, 2], { kind: 'values', values: [1, 1e39] }), 'init.values', /f32 range.*1e\+39 at index 1/);
  refuse(() => nn.dense(g, 2, 2, { init: { kind: 'orthogonal', gain: NaN } }), 'init.gain', /^dense:/);
  refuse(() => nn.mlp(g, { widths: [2, 3, 1], init: { kind: 'normal', std: NaN } }), 'init.std', /^mlp:/);
  // an empty parameter takes empty values
  expect(G.param(g, [0, 3], { kind: 'values', values: [] }).size).toBe(0);
});

test('finite options that overflow f32 are refused at compile, before any iteration', async () => {
  const sd = await loadBuild('simd');
  const g = new G.Graph();
  const w = G.param(g, [2, 2], { kind: 'constant', value: 1e39 });
  const s = G.state(g, [2, 2]);
  const error = argumentError(() => compile(sd, { seed: 0, phases: [{ updates: [[s, w]] }] }));
  expect(error.argument).toMatch(/^init of Parameter#0/);
  expect(error.message).toMatch(/fit in f32.*giving Infinity at index 0/);
  expect(sd.liveBytes()).toBe(0);
});
