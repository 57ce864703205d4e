// Accuracy of the vectorized elementary functions (assembly/kernels/math.ts), run through
// unary() over 2^20 f32 inputs spread across the whole bit-pattern range (every 2^12-th
// pattern, low bits jittered), against f64 Math.* references. Prints the max ulp error
// per function and asserts the documented bound; special values are checked exactly.
// pow (evaluated in f64 inside the kernel) is swept the same way at a set of exponents.
import { describe, expect, test } from 'vitest';
import { unary, type Saddle, type UnaryOp } from '../../bindings/index.js';
import { BUILDS, loadBuild } from '../helpers/builds.js';
import { UNARY_REFERENCE, UNARY_ULPS, ulpF32 } from './rows/elementwise.js';

const FUNCTIONS: UnaryOp[] = ['exp', 'expm1', 'log', 'log1p', 'tanh', 'sigmoid', 'softplus', 'log_sigmoid'];
const STRIDE = 2 ** 12;
const FLT_MAX = 3.4028234663852886e38;

/** Every STRIDE-th f32 bit pattern, its low 12 bits jittered by a multiplicative hash. */
function sweepInputs(): Float32Array {
  const bits = new Uint32Array(2 ** 32 / STRIDE);
  for (let i = 0; i < bits.length; i++) bits[i] = (i * STRIDE + (Math.imul(i, 0x9e3779b1) >>> 20)) >>> 0;
  return new Float32Array(bits.buffer);
}

/**
 * |got - want| in ulps of the f32-rounded want. An f32 overflow counts as 2^128 (one ulp past
 * FLT_MAX), so results at the overflow edge are judged like any other; NaN and exact
 * infinities in want must be matched exactly (else the error is Infinity).
 */
function ulpError(got: number, want: number): number {
  if (Number.isNaN(want)) return Number.isNaN(got) ? 0 : Infinity;
  if (!Number.isFinite(want)) return Object.is(got, want) ? 0 : Infinity;
  if (Number.isNaN(got)) return Infinity;
  const g = Number.isFinite(got) ? got : Math.sign(got) * 2 ** 128;
  const w = Math.sign(want) * Math.min(Math.abs(want), 2 ** 128);
  return Math.abs(g - w) / ulpF32(Math.sign(w) * Math.min(Math.abs(w), FLT_MAX));
}

function run(sd: Saddle, op: UnaryOp, input: ArrayLike<number>): Float32Array {
  const x = sd.f32(input), y = sd.f32(input.length);
  unary(sd, op, x, y);
  const out = y.toArray();
  x.dispose(); y.dispose();
  return out;
}

/** [op, x, exact result]: compared with Object.is (so the sign of zero counts). */
const EXACT: Array<[UnaryOp, number, number]> = [
  ['exp', 0, 1], ['exp', -0, 1], ['exp', Infinity, Infinity], ['exp', -Infinity, 0], ['exp', NaN, NaN],
  ['exp', 88.8, Infinity], ['exp', 1e30, Infinity], ['exp', -104, 0], ['exp', -1e30, 0], ['exp', 1e-45, 1], ['exp', -1e-45, 1],
  ['expm1', 0, 0], ['expm1', -0, -0], ['expm1', Infinity, Infinity], ['expm1', -Infinity, -1], ['expm1', NaN, NaN],
  ['expm1', -20, -1], ['expm1', 88.8, Infinity], ['expm1', 1e-40, 1e-40], ['expm1', -1e-40, -1e-40],
  ['log', 0, -Infinity], ['log', -0, -Infinity], ['log', -1, NaN], ['log', -1e-45, NaN], ['log', -Infinity, NaN],
  ['log', Infinity, Infinity], ['log', NaN, NaN], ['log', 1, 0],
  ['log1p', 0, 0], ['log1p', -0, -0], ['log1p', -1, -Infinity], ['log1p', -1.0000001, NaN], ['log1p', -Infinity, NaN],
  ['log1p', Infinity, Infinity], ['log1p', NaN, NaN], ['log1p', 1e-40, 1e-40], ['log1p', -1e-40, -1e-40],
  ['tanh', 0, 0], ['tanh', -0, -0], ['tanh', Infinity, 1], ['tanh', -Infinity, -1], ['tanh', NaN, NaN],
  ['tanh', 9.1, 1], ['tanh', -1e30, -1], ['tanh', 1e-40, 1e-40], ['tanh', -1e-40, -1e-40],
  ['sigmoid', 0, 0.5], ['sigmoid', -0, 0.5], ['sigmoid', Infinity, 1], ['sigmoid', -Infinity, 0], ['sigmoid', NaN, NaN],
  ['sigmoid', 18, 1], ['sigmoid', -105, 0],
  ['softplus', Infinity, Infinity], ['softplus', -Infinity, 0], ['softplus', NaN, NaN], ['softplus', 100, 100],
  ['softplus', -105, 0],
  ['log_sigmoid', Infinity, 0], ['log_sigmoid', -Infinity, -Infinity], ['log_sigmoid', NaN, NaN], ['log_sigmoid', -100, -100],
];

/** [op, x]: results that must round correctly or within the bound, in the ranges that are easy to get wrong. */
const NEAR: Array<[UnaryOp, number]> = [
  ['exp', 88.72], ['exp', -87.4], ['exp', -100], ['exp', -103.9], // near overflow, subnormal results
  ['expm1', 1e-7], ['expm1', -0.3466], ['expm1', 16.7], ['expm1', -16.7],
  ['log', 1e-45], ['log', 1e-40], ['log', 1.1754942e-38], ['log', 0.99999994], ['log', 1.0000001], ['log', FLT_MAX],
  ['log1p', -0.99999994], ['log1p', 5.9604645e-8], ['log1p', -0.29289323], ['log1p', FLT_MAX],
  ['tanh', 0.55], ['tanh', 0.5499999], ['tanh', 1e-4], ['tanh', 9],
  ['sigmoid', -100], ['sigmoid', -87.5], ['sigmoid', 16],
  ['softplus', 0], ['softplus', -100], ['softplus', 1e-8],
  ['log_sigmoid', 0], ['log_sigmoid', 100], ['log_sigmoid', 105], ['log_sigmoid', -1e-8],
];

describe('elementary functions over the whole f32 range', () => {
  const inputs = sweepInputs();
  const outputs = new Map<string, Float32Array>();

  for (const build of BUILDS) {
    test(`max ulp error within the documented bounds (${build} build)`, async () => {
      const sd = await loadBuild(build);
      const live = sd.liveBytes();
      const rows: Array<{ fn: UnaryOp; maxUlp: string; at: number; bound: number }> = [];
      for (const op of FUNCTIONS) {
        const got = run(sd, op, inputs);
        outputs.set(`${build}/${op}`, got);
        const reference = UNARY_REFERENCE[op];
        let worst = 0, at = NaN;
        for (let i = 0; i < inputs.length; i++) {
          const e = ulpError(got[i], reference(inputs[i]));
          if (e > worst) { worst = e; at = inputs[i]; }
        }
        rows.push({ fn: op, maxUlp: worst.toFixed(3), at, bound: UNARY_ULPS[op] });
      }
      console.log(`max ulp error over ${inputs.length} inputs (${build} build)`);
      console.table(rows);
      for (const row of rows) expect(Number(row.maxUlp), `${row.fn} at x = ${row.at}`).toBeLessThanOrEqual(row.bound);
      expect(sd.liveBytes()).toBe(live);
    });
  }

  test.runIf(BUILDS.length > 1)('both builds give the same bits', async () => {
    for (const op of FUNCTIONS) {
      const a = outputs.get(`${BUILDS[0]}/${op}`) ?? run(await loadBuild(BUILDS[0]), op, inputs);
      const b = outputs.get(`${BUILDS[1]}/${op}`) ?? run(await loadBuild(BUILDS[1]), op, inputs);
      const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
      const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
      let differ = -1;
      for (let i = 0; i < ua.length && differ < 0; i++) if (ua[i] !== ub[i]) differ = i;
      expect(differ, `${op}: x = ${inputs[differ]} gives ${a[differ]} and ${b[differ]}`).toBe(-1);
    }
  });

  for (const build of BUILDS) {
    test(`special values (${build} build)`, async () => {
      const sd = await loadBuild(build);
      for (const op of FUNCTIONS) {
        const cases = EXACT.filter(([o]) => o === op);
        // each case alone (scalar tail) and all together (vector lanes)
        const together = run(sd, op, cases.map(([, x]) => x));
        cases.forEach(([, x, exact], i) => {
          const want = Math.fround(exact);
          const alone = run(sd, op, [x])[0];
          expect(Object.is(alone, want), `${op}(${x}) = ${alone}, want ${want}`).toBe(true);
          expect(Object.is(together[i], want), `${op}(${x}) = ${together[i]} in a vector, want ${want}`).toBe(true);
        });
        for (const [, x] of NEAR.filter(([o]) => o === op)) {
          const got = run(sd, op, [x])[0];
          const e = ulpError(got, UNARY_REFERENCE[op](Math.fround(x)));
          expect(e, `${op}(${x}) = ${got}, ${e} ulp`).toBeLessThanOrEqual(UNARY_ULPS[op]);
        }
      }
      // exp: gradual underflow gives subnormals, not a flush to zero
      const tiny = run(sd, 'exp', [-100, -95, -88])[0];
      expect(tiny).toBeGreaterThan(0);
      expect(tiny).toBeLessThan(2 ** -126);
    });
  }
});

/** Exponents for the pow sweep: integers of both signs and parities, fractions, tiny and huge |p|. */
const POW_SWEEP = [3, -2, 7, -1, 0.5, -1.5, 2.5, 1 / 3, -0.7, 1e-3, 40.5, 123456, 1.0000001];

describe('pow over the whole f32 range', () => {
  const inputs = sweepInputs();
  const outputs = new Map<string, Float32Array>();

  function runPow(sd: Saddle, p: number): Float32Array {
    const x = sd.f32(inputs), y = sd.f32(inputs.length);
    unary(sd, 'pow', x, y, { param: p });
    const out = y.toArray();
    x.dispose(); y.dispose();
    return out;
  }

  for (const build of BUILDS) {
    test(`max ulp error within the documented bound at every exponent (${build} build)`, async () => {
      const sd = await loadBuild(build);
      const live = sd.liveBytes();
      const rows: Array<{ p: number; maxUlp: string; at: number }> = [];
      for (const p of POW_SWEEP.map(Math.fround)) {
        const got = runPow(sd, p);
        outputs.set(`${build}/${p}`, got);
        let worst = 0, at = NaN;
        for (let i = 0; i < inputs.length; i++) {
          const e = ulpError(got[i], Math.pow(inputs[i], p));
          if (e > worst) { worst = e; at = inputs[i]; }
        }
        rows.push({ p, maxUlp: worst.toFixed(6), at });
      }
      console.log(`pow: max ulp error over ${inputs.length} inputs per exponent (${build} build)`);
      console.table(rows);
      for (const row of rows) expect(Number(row.maxUlp), `pow(x, ${row.p}) at x = ${row.at}`).toBeLessThanOrEqual(UNARY_ULPS.pow);
      expect(sd.liveBytes()).toBe(live);
    });
  }

  test.runIf(BUILDS.length > 1)('both builds give the same bits', async () => {
    for (const p of POW_SWEEP.map(Math.fround)) {
      const a = outputs.get(`${BUILDS[0]}/${p}`) ?? runPow(await loadBuild(BUILDS[0]), p);
      const b = outputs.get(`${BUILDS[1]}/${p}`) ?? runPow(await loadBuild(BUILDS[1]), p);
      const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
      const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
      let differ = -1;
      for (let i = 0; i < ua.length && differ < 0; i++) if (ua[i] !== ub[i]) differ = i;
      expect(differ, `pow(x, ${p}): x = ${inputs[differ]} gives ${a[differ]} and ${b[differ]}`).toBe(-1);
    }
  });
});
