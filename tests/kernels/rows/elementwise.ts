import { axpby, binary, fill, select, unary, type BinaryOp, type Broadcast, type UnaryOp } from '../../../bindings/index.js';
import { bitsOf, f32FromBits, randomBits } from '../../helpers/bits.js';
import { mulberry32 } from '../../helpers/random.js';
import { TAIL_SIZES, type KernelCheck, type KernelRow } from '../row.js';

// Rows for assembly/kernels/elementwise.ts (unary incl. pow, binary and select with broadcasting, axpby, fill).
// References are computed in f64 with Math.* from the same f32 inputs; tolerances are in
// ulps of the f32-rounded reference (math.test.ts sweeps the whole f32 range for the same bounds).

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** The ulp of the f32 nearest w: 2^(e-23) for |w| in [2^e, 2^(e+1)), 2^-149 below 2^-126 (FLT_MAX's for overflow). */
export function ulpF32(w: number): number {
  scratch[0] = w;
  const e = (scratchBits[0] >>> 23) & 0xff;
  return e === 0 ? 2 ** -149 : 2 ** (Math.min(e, 254) - 150);
}

/**
 * A check against exact (f64) references with a tolerance of `ulps` ulps of each f32-rounded
 * reference. A reference that overflows f32 must come out as that infinity.
 */
export function ulpCheck(got: ArrayLike<number>, exact: ArrayLike<number>, ulps: number): KernelCheck {
  const want: number[] = [], tol: number[] = [];
  for (let i = 0; i < exact.length; i++) {
    const rounded = Math.fround(exact[i]);
    const w = Number.isFinite(exact[i]) && !Number.isFinite(rounded) ? rounded : exact[i];
    want.push(w);
    tol.push(ulps * ulpF32(w));
  }
  return { got: Array.from(got), want, tol };
}

// ---- unary ----

/** Error bounds in ulps: each function's max over all 2^32 f32 inputs (docs/kernels-elementwise.md), rounded up to a quarter ulp. */
export const UNARY_ULPS: Record<UnaryOp, number> = {
  copy: 0, neg: 0, abs: 0, relu: 0, leaky_relu: 0.5, sign: 0, step: 0,
  square: 0.5, sqrt: 0.5, reciprocal: 0.5,
  exp: 1, log: 1, expm1: 1.25, log1p: 1, tanh: 1.5, sigmoid: 2.5, softplus: 1.75, log_sigmoid: 1.75,
  pow: 0.75, silu: 3.5,
};

const LEAKY_SLOPE = 0.2;
/** pow's exponent in the generic unary row (more exponents in powRow below). */
export const POW_P = -1.5;

/** f64 references; sigmoid, softplus and log_sigmoid in their cancellation-free forms. */
export const UNARY_REFERENCE: Record<UnaryOp, (x: number) => number> = {
  copy: (x) => x,
  neg: (x) => -x,
  abs: Math.abs,
  square: (x) => x * x,
  sqrt: Math.sqrt,
  exp: Math.exp,
  log: Math.log,
  relu: (x) => Math.max(x, 0),
  leaky_relu: (x) => (x > 0 ? x : Math.fround(LEAKY_SLOPE) * x),
  tanh: Math.tanh,
  sigmoid: (x) => (x < 0 ? Math.exp(x) / (1 + Math.exp(x)) : 1 / (1 + Math.exp(-x))),
  softplus: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
  log_sigmoid: (x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))),
  expm1: Math.expm1,
  log1p: Math.log1p,
  reciprocal: (x) => 1 / x,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  step: (x) => (x > 0 ? 1 : 0),
  pow: (x) => Math.pow(x, POW_P),
  silu: (x) => (x === -Infinity ? -0 : x * (x < 0 ? Math.exp(x) / (1 + Math.exp(x)) : 1 / (1 + Math.exp(-x)))),
};

const SUBNORMALS = [1e-45, -1e-45, 1e-40, -3e-39, 1.1754942e-38];
const COMMON = [0, -0, Infinity, -Infinity, NaN, 1, -1, 1e-30, -1e-30, 3e38, -3e38, ...SUBNORMALS];

/** Where each op's inputs come from: a uniform range that exercises it, and its edge values. */
const UNARY_INPUTS: Record<UnaryOp, { lo: number; hi: number; specials: number[] }> = {
  copy: { lo: -10, hi: 10, specials: [] },
  neg: { lo: -10, hi: 10, specials: [] },
  abs: { lo: -10, hi: 10, specials: [] },
  square: { lo: -1e20, hi: 1e20, specials: [1.9e19, -1.9e19, 1e-23] },
  sqrt: { lo: -1, hi: 100, specials: [2, 4, 1e-44] },
  exp: { lo: -105, hi: 90, specials: [88.72, 88.7229, -87.33, -103.9, -103.98, -104, 1e-7, -1e-7, 0.34657, -0.34657] },
  log: { lo: 0, hi: 4, specials: [0.70710677, 0.7071068, 1.4142135, 1.0000001, 0.99999994, 2, 0.5] },
  relu: { lo: -10, hi: 10, specials: [] },
  leaky_relu: { lo: -10, hi: 10, specials: [] },
  tanh: { lo: -12, hi: 12, specials: [0.55, -0.55, 0.5499999, 9.01, -9.01, 10, 1e-4, -1e-4] },
  sigmoid: { lo: -110, hi: 30, specials: [-87.5, -88.8, -103.9, -104.5, 16.6, 17.4, 1e-8] },
  softplus: { lo: -110, hi: 30, specials: [-87.5, -103.9, -104.5, 17, 1e-8, -1e-8] },
  log_sigmoid: { lo: -30, hi: 110, specials: [87.5, 103.9, 104.5, -17, 1e-8, -1e-8] },
  expm1: { lo: -20, hi: 90, specials: [0.34657, -0.34657, 0.3466, 16.6, 16.7, -16.6, -17.4, 88.72, 88.73, 1e-7, -1e-7] },
  log1p: { lo: -1, hi: 3, specials: [-0.9999999, -0.29289323, 0.41421354, 0.4142136, 1e-7, -1e-7, 5.9604645e-8, 1e38] },
  reciprocal: { lo: -4, hi: 4, specials: [3e-39, 1e38, 3.4e38] },
  sign: { lo: -2, hi: 2, specials: [] },
  step: { lo: -2, hi: 2, specials: [] },
  pow: { lo: 0, hi: 4, specials: [0.5, 2, 1e-30, 1e30, 2 ** -100, 2 ** 85] },
  // below -87 x·σ(x) is subnormal and keeps only σ's absolute precision
  silu: { lo: -80, hi: 30, specials: [-1.2784645, -80, -16.6, 16.6, 17.4, 1e-8, -1e-8] },
};

/** n seeded f32 inputs: 60% uniform in [lo, hi), 20% ±2^u with u uniform in [-149, 128), 20% edge values. */
export function unaryInputs(op: UnaryOp, n: number, seed: number): Float32Array {
  const { lo, hi, specials } = UNARY_INPUTS[op];
  const edges = [...COMMON, ...specials];
  const next = mulberry32(seed);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = next();
    if (u < 0.6) x[i] = lo + (hi - lo) * next();
    else if (u < 0.8) x[i] = (next() < 0.5 ? -1 : 1) * 2 ** (-149 + 277 * next());
    else x[i] = edges[Math.floor(next() * edges.length)];
  }
  return x;
}

function unaryRow(op: UnaryOp): KernelRow {
  const ulps = UNARY_ULPS[op];
  return {
    name: `${op}_f32`,
    shapes: TAIL_SIZES.map((n) => [n]),
    inPlace: true,
    tolerance: ulps === 0 ? 'exact' : ulps === 0.5 ? '≤ 0.5 ulp (correctly rounded)' : `≤ ${ulps} ulp`,
    run(sd, [n], seed, inPlace) {
      const data = unaryInputs(op, n, seed);
      const x = sd.f32(data);
      const y = inPlace ? x : sd.f32(n).set(new Float32Array(n).fill(NaN));
      unary(sd, op, x, y, { param: op === 'pow' ? POW_P : LEAKY_SLOPE });
      const got = y.toArray();
      x.dispose(); y.dispose();
      return ulpCheck(got, Array.from(data, UNARY_REFERENCE[op]), ulps);
    },
  };
}

/** Exponents for powRow: integers of both parities and signs (negative x keeps or flips its sign), fractions (negative x gives NaN), the dispatched 0, 1, 2, and large |p|. */
const POW_EXPONENTS = [3, -2, 7, -1, -3, 0.5, 2.5, 1 / 3, -0.7, 1e-3, 40.5, 123456, 0, 1, 2];
const POW_EDGES = [...COMMON, 2, -2, 0.5, -0.5, 1.0000001, 0.99999994, -1.0000001, 2 ** -100, -(2 ** -100), 2 ** 100];

/** n seeded inputs for x^p: 40% uniform in [-4, 4), 20% ±2^u (u in [-149, 128)), 20% within 2^-10 of ±1, 20% edge values. */
function powInputs(n: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = next();
    const sign = next() < 0.5 ? -1 : 1;
    if (u < 0.4) x[i] = -4 + 8 * next();
    else if (u < 0.6) x[i] = sign * 2 ** (-149 + 277 * next());
    else if (u < 0.8) x[i] = sign * (1 + (2 * next() - 1) * 2 ** -10);
    else x[i] = POW_EDGES[Math.floor(next() * POW_EDGES.length)];
  }
  return x;
}

/** x^p against f64 Math.pow on the same f32 x and p (Math.pow has C99's special values for finite p). */
function powRow(p: number): KernelRow {
  const pf = Math.fround(p);
  // p = 0 and 1 are exact (1 and x), p = 2 is x·x (correctly rounded), the rest go through f64
  const ulps = pf === 0 || pf === 1 ? 0 : pf === 2 ? 0.5 : UNARY_ULPS.pow;
  return {
    name: `pow_f32 p=${pf}`,
    shapes: TAIL_SIZES.map((n) => [n]),
    inPlace: true,
    tolerance: ulps === 0 ? 'exact' : ulps === 0.5 ? '≤ 0.5 ulp (correctly rounded)' : `≤ ${ulps} ulp; NaN, ±Inf as Math.pow`,
    run(sd, [n], seed, inPlace) {
      const data = powInputs(n, seed);
      const x = sd.f32(data);
      const y = inPlace ? x : sd.f32(n).set(new Float32Array(n).fill(NaN));
      unary(sd, 'pow', x, y, { param: pf });
      const got = y.toArray();
      x.dispose(); y.dispose();
      return ulpCheck(got, Array.from(data, (v) => Math.pow(v, pf)), ulps);
    },
  };
}

// ---- binary ----

/** [rows, cols]: square tails, odd non-square pairs, empty edges, long thin shapes. */
export const BINARY_SHAPES: number[][] = [
  ...TAIL_SIZES.filter((s) => s <= 64).map((s) => [s, s]),
  [3, 17], [17, 3], [1023, 5], [5, 1023], [15, 16], [16, 15], [0, 7], [7, 0], [1, 1023], [1023, 1], [4, 64],
];

const BINARY_ULPS: Record<BinaryOp, number> = { add: 0.5, sub: 0.5, mul: 0.5, div: 0.5, max: 0, min: 0, gt: 0, ge: 0, eq: 0 };

const BINARY_REFERENCE: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  max: Math.max, // NaN if either is NaN, max(-0, +0) = +0, as IEEE maximum
  min: Math.min,
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  eq: (a, b) => (a === b ? 1 : 0),
};

const BINARY_EDGES = [0, -0, Infinity, -Infinity, NaN, 1e-40, -1e-40, 3e38, -3e38];
const BINARY_GRID = [-2, -1, -0.5, 0, 0.5, 1, 2];

/** n seeded operands: 70% uniform in [-4, 4), 20% from a small grid (so ties and equalities occur), 10% edge values. */
function binaryInputs(n: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = next();
    if (u < 0.7) x[i] = -4 + 8 * next();
    else if (u < 0.9) x[i] = BINARY_GRID[Math.floor(next() * BINARY_GRID.length)];
    else x[i] = BINARY_EDGES[Math.floor(next() * BINARY_EDGES.length)];
  }
  return x;
}

function operandLength(mode: Broadcast, rows: number, cols: number): number {
  return mode === 'full' ? rows * cols : mode === 'row' ? cols : mode === 'col' ? rows : 1;
}

function operandAt(data: Float32Array, mode: Broadcast, cols: number, i: number, j: number): number {
  return mode === 'full' ? data[i * cols + j] : mode === 'row' ? data[j] : mode === 'col' ? data[i] : data[0];
}

/** The broadcast pairs that take distinct paths through the kernel (flat spans, per-row spans, splats). */
const BINARY_MODES: Array<[Broadcast, Broadcast]> = [
  ['full', 'full'], ['full', 'row'], ['full', 'col'], ['full', 'scalar'], ['scalar', 'full'],
  ['row', 'col'], ['col', 'full'], ['col', 'scalar'],
];

function binaryRow(op: BinaryOp, aMode: Broadcast, bMode: Broadcast): KernelRow {
  const ulps = BINARY_ULPS[op];
  // in place: out aliases the first full operand
  const alias = aMode === 'full' ? 'a' : bMode === 'full' ? 'b' : undefined;
  return {
    name: `${op}_f32 ${aMode}/${bMode}`,
    shapes: BINARY_SHAPES,
    inPlace: alias !== undefined,
    tolerance: ulps === 0 ? 'exact' : '≤ 0.5 ulp (correctly rounded)',
    run(sd, [rows, cols], seed, inPlace) {
      const aData = binaryInputs(operandLength(aMode, rows, cols), seed);
      const bData = binaryInputs(operandLength(bMode, rows, cols), seed + 1);
      const a = sd.f32(aData), b = sd.f32(bData);
      const out = inPlace ? (alias === 'a' ? a : b) : sd.f32(new Float32Array(rows * cols).fill(NaN));
      binary(sd, op, a, b, out, { rows, cols, aBroadcast: aMode, bBroadcast: bMode });
      const got = out.toArray();
      const exact: number[] = [];
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          exact.push(BINARY_REFERENCE[op](operandAt(aData, aMode, cols, i, j), operandAt(bData, bMode, cols, i, j)));
        }
      }
      // operands that are not the output are untouched
      const kept: Array<[typeof a, Float32Array]> = [];
      if (!(inPlace && alias === 'a')) kept.push([a, aData]);
      if (!(inPlace && alias === 'b')) kept.push([b, bData]);
      const keptGot = kept.flatMap(([array]) => Array.from(array.toArray()));
      const keptWant = kept.flatMap(([, data]) => Array.from(data));
      a.dispose(); b.dispose(); out.dispose();
      const check = ulpCheck(got, exact, ulps);
      return {
        got: [...Array.from(check.got), ...keptGot],
        want: [...Array.from(check.want), ...keptWant],
        tol: [...(check.tol as number[]), ...new Array<number>(keptWant.length).fill(0)],
      };
    },
  };
}

// ---- select ----

/** Mask values: zeros of both signs pick b, everything else (NaN, ±Inf, subnormals) picks a. */
const MASK_VALUES = [0, -0, 1, -2, 0.5, NaN, Infinity, -Infinity, 1e-40, 0, 0, -0];

/** [mask, a, b] modes: every span pattern of the kernel (FULL/ROW spans, COL/SCALAR values) and each mode per operand. */
const SELECT_MODES: Array<[Broadcast, Broadcast, Broadcast]> = [
  ['full', 'full', 'full'], ['row', 'full', 'row'], ['full', 'row', 'col'], ['row', 'scalar', 'full'],
  ['full', 'scalar', 'scalar'], ['col', 'full', 'full'], ['scalar', 'full', 'col'], ['col', 'col', 'row'],
  ['col', 'scalar', 'col'], ['scalar', 'scalar', 'scalar'], ['scalar', 'full', 'scalar'],
];

function selectRow(mMode: Broadcast, aMode: Broadcast, bMode: Broadcast): KernelRow {
  // in place: out aliases the first full operand
  const alias = mMode === 'full' ? 0 : aMode === 'full' ? 1 : bMode === 'full' ? 2 : -1;
  return {
    name: `select_f32 ${mMode}/${aMode}/${bMode}`,
    shapes: BINARY_SHAPES,
    inPlace: alias >= 0,
    tolerance: 'exact (bit patterns: NaN payloads and -0 pass through)',
    run(sd, [rows, cols], seed, inPlace) {
      const next = mulberry32(seed);
      const mData = Float32Array.from({ length: operandLength(mMode, rows, cols) },
        () => MASK_VALUES[Math.floor(next() * MASK_VALUES.length)]);
      const aBits = randomBits(operandLength(aMode, rows, cols), seed + 1);
      const bBits = randomBits(operandLength(bMode, rows, cols), seed + 2);
      const mask = sd.f32(mData), a = f32FromBits(sd, aBits), b = f32FromBits(sd, bBits);
      const out = inPlace ? [mask, a, b][alias] : f32FromBits(sd, new Uint32Array(rows * cols).fill(0x7fc0dead));
      select(sd, mask, a, b, out, { rows, cols, maskBroadcast: mMode, aBroadcast: aMode, bBroadcast: bMode });
      const got = bitsOf(sd, out);
      const want: number[] = [];
      const at = (bits: Uint32Array, mode: Broadcast, i: number, j: number): number =>
        mode === 'full' ? bits[i * cols + j] : mode === 'row' ? bits[j] : mode === 'col' ? bits[i] : bits[0];
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const m = operandAt(mData, mMode, cols, i, j);
          want.push(m !== 0 ? at(aBits, aMode, i, j) : at(bBits, bMode, i, j));
        }
      }
      // operands that are not the output are untouched
      const operands: Array<[typeof a, ArrayLike<number>]> = [[mask, new Uint32Array(mData.buffer)], [a, aBits], [b, bBits]];
      const kept = operands.filter((_, k) => !(inPlace && k === alias));
      const keptGot = kept.flatMap(([array]) => Array.from(bitsOf(sd, array)));
      const keptWant = kept.flatMap(([, bits]) => Array.from(bits));
      mask.dispose(); a.dispose(); b.dispose(); out.dispose();
      return { got: [...Array.from(got), ...keptGot], want: [...want, ...keptWant], tol: 0 };
    },
  };
}

// ---- axpby, fill ----

const U = 2 ** -24;

function axpbyRow(alpha: number, beta: number): KernelRow {
  return {
    name: `axpby_f32 α=${alpha} β=${beta}`,
    shapes: TAIL_SIZES.map((n) => [n]),
    inPlace: true,
    tolerance: '|err| <= 2·2⁻²⁴·(|αx| + |βy|) (two products and a sum, unfused)',
    run(sd, [n], seed, inPlace) {
      const next = mulberry32(seed);
      const xData = Float32Array.from({ length: n }, () => -4 + 8 * next());
      // beta = 0 must not read y: seed it with NaN so a read would show
      const yData = beta === 0 && !inPlace ? new Float32Array(n).fill(NaN) : Float32Array.from({ length: n }, () => -4 + 8 * next());
      const x = sd.f32(xData);
      const y = inPlace ? x : sd.f32(yData);
      const y0 = inPlace ? xData : yData;
      axpby(sd, alpha, x, beta, y);
      const got = y.toArray();
      x.dispose(); y.dispose();
      const a = Math.fround(alpha), b = Math.fround(beta);
      const want = Array.from(xData, (xi, i) => a * xi + (b === 0 ? 0 : b * y0[i]));
      const tol = Array.from(xData, (xi, i) => 2 * U * (Math.abs(a * xi) + (b === 0 ? 0 : Math.abs(b * y0[i]))) + 2 ** -149);
      return { got, want, tol };
    },
  };
}

const fillRow: KernelRow = {
  name: 'fill_f32',
  shapes: TAIL_SIZES.map((n) => [n]),
  tolerance: 'exact',
  run(sd, [n], seed) {
    const value = Math.fround(-4 + 8 * mulberry32(seed)());
    const y = sd.f32(new Float32Array(n).fill(NaN));
    fill(sd, y, value);
    const got = y.toArray();
    y.dispose();
    return { got, want: new Array<number>(n).fill(value), tol: 0 };
  },
};

const UNARY_ROW_OPS = Object.keys(UNARY_REFERENCE) as UnaryOp[];
const BINARY_ROW_OPS = Object.keys(BINARY_REFERENCE) as BinaryOp[];

export const elementwiseRows: KernelRow[] = [
  ...UNARY_ROW_OPS.map(unaryRow),
  ...POW_EXPONENTS.map(powRow),
  ...BINARY_ROW_OPS.flatMap((op) => BINARY_MODES.map(([aMode, bMode]) => binaryRow(op, aMode, bMode))),
  ...SELECT_MODES.map(([mMode, aMode, bMode]) => selectRow(mMode, aMode, bMode)),
  axpbyRow(1.5, 0),
  axpbyRow(-0.75, 2),
  axpbyRow(2, 1),
  fillRow,
];
