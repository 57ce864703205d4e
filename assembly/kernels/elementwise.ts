// Elementwise kernels on f32 buffers: unary maps, binary maps with broadcasting, axpby, fill.
//
//   unary_f32(op, x, y, n, param)       y[i] = f(x[i]); y == x allowed
//   binary_f32(op, a, aMode, b, bMode, out, rows, cols)
//                                        out[i][j] = g(a[i][j], b[i][j]) over a rows×cols
//                                        output, each operand FULL, ROW, COL or SCALAR;
//                                        out may equal a FULL operand
//   select_f32(mask, mMode, a, aMode, b, bMode, out, rows, cols)
//                                        out[i][j] = mask[i][j] != 0 ? a[i][j] : b[i][j], the
//                                        three operands broadcast as in binary_f32
//   axpby_f32(n, alpha, x, beta, y)      y = alpha·x + beta·y (beta == 0: y is not read)
//   fill_f32(y, n, value)                y[i] = value
//
// The op is dispatched once: each case calls an @inline loop with a constant op, so the
// optimizer folds the op switch away and every loop is specialized. Loops run 16 lanes
// per iteration, then 4, then a tail computed with the same vector code (the tail of a
// unary op goes through a 16-byte scratch), so every element gets the same bits.

import { reserveStatic } from "../mem";
import {
  UNARY_COPY, UNARY_NEG, UNARY_ABS, UNARY_SQUARE, UNARY_SQRT, UNARY_EXP, UNARY_LOG, UNARY_RELU,
  UNARY_LEAKY_RELU, UNARY_TANH, UNARY_SIGMOID, UNARY_SOFTPLUS, UNARY_LOG_SIGMOID, UNARY_EXPM1,
  UNARY_LOG1P, UNARY_RECIPROCAL, UNARY_SIGN, UNARY_STEP, UNARY_POW, UNARY_SILU,
  BINARY_ADD, BINARY_SUB, BINARY_MUL, BINARY_DIV, BINARY_MAX, BINARY_MIN, BINARY_GT, BINARY_GE,
  BINARY_EQ, BCAST_FULL, BCAST_ROW, BCAST_COL, BCAST_SCALAR,
} from "../opcodes";
import {
  expF32x4, expm1F32x4, logF32x4, log1pF32x4, tanhF32x4, sigmoidF32x4, softplusF32x4,
  logSigmoidF32x4, powF32x4, siluF32x4,
} from "./math";

const SCRATCH: usize = reserveStatic(16, 16);

// ---- unary ----

/** f(v) for a constant op; param is the splatted leaky-ReLU slope or pow's exponent. */
// @ts-ignore: decorator
@inline function unaryVec(op: i32, v: v128, param: v128): v128 {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  if (op == UNARY_COPY) return v;
  if (op == UNARY_NEG) return f32x4.neg(v);
  if (op == UNARY_ABS) return f32x4.abs(v);
  if (op == UNARY_SQUARE) return f32x4.mul(v, v);
  if (op == UNARY_SQRT) return f32x4.sqrt(v);
  if (op == UNARY_EXP) return expF32x4(v);
  if (op == UNARY_LOG) return logF32x4(v);
  if (op == UNARY_RELU) return f32x4.pmax(v, zero); // v < 0 ? 0 : v, so NaN → NaN
  if (op == UNARY_LEAKY_RELU) return v128.bitselect(v, f32x4.mul(v, param), f32x4.gt(v, zero));
  if (op == UNARY_TANH) return tanhF32x4(v);
  if (op == UNARY_SIGMOID) return sigmoidF32x4(v);
  if (op == UNARY_SOFTPLUS) return softplusF32x4(v);
  if (op == UNARY_LOG_SIGMOID) return logSigmoidF32x4(v);
  if (op == UNARY_EXPM1) return expm1F32x4(v);
  if (op == UNARY_LOG1P) return log1pF32x4(v);
  if (op == UNARY_RECIPROCAL) return f32x4.div(one, v);
  if (op == UNARY_POW) return powF32x4(v, param);
  if (op == UNARY_SILU) return siluF32x4(v);
  if (op == UNARY_SIGN) {
    // ±1 carrying v's sign where v is nonzero and not NaN; ±0 and NaN pass through
    const signed = v128.or(one, v128.and(v, f32x4.splat(-0.0)));
    return v128.bitselect(signed, v, v128.or(f32x4.gt(v, zero), f32x4.lt(v, zero)));
  }
  // UNARY_STEP: 1 where v > 0, else 0 (NaN → 0)
  return v128.and(f32x4.gt(v, zero), one);
}

/** y[i] = f(x[i]) for i < n with a constant op. */
// @ts-ignore: decorator
@inline function unaryLoop(op: i32, x: usize, y: usize, n: i32, param: f32): void {
  const p = f32x4.splat(param);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const o = <usize>i << 2;
    const v0 = unaryVec(op, v128.load(x + o), p);
    const v1 = unaryVec(op, v128.load(x + o, 16), p);
    const v2 = unaryVec(op, v128.load(x + o, 32), p);
    const v3 = unaryVec(op, v128.load(x + o, 48), p);
    v128.store(y + o, v0);
    v128.store(y + o, v1, 16);
    v128.store(y + o, v2, 32);
    v128.store(y + o, v3, 48);
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, unaryVec(op, v128.load(x + o), p));
  }
  if (i < n) {
    // 1..3 left: through the scratch so the tail runs the same vector code once
    const rest = <usize>(n - i) << 2;
    const o = <usize>i << 2;
    v128.store(SCRATCH, f32x4.splat(0));
    memory.copy(SCRATCH, x + o, rest);
    v128.store(SCRATCH, unaryVec(op, v128.load(SCRATCH), p));
    memory.copy(y + o, SCRATCH, rest);
  }
}

// One function per op (not @inline): Binaryen then optimizes moderate functions instead of
// one huge dispatcher, which took minutes to build.
function unaryCopy(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_COPY, x, y, n, param); }
function unaryNeg(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_NEG, x, y, n, param); }
function unaryAbs(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_ABS, x, y, n, param); }
function unarySquare(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_SQUARE, x, y, n, param); }
function unarySqrt(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_SQRT, x, y, n, param); }
function unaryExp(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_EXP, x, y, n, param); }
function unaryLog(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_LOG, x, y, n, param); }
function unaryRelu(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_RELU, x, y, n, param); }
function unaryLeakyRelu(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_LEAKY_RELU, x, y, n, param); }
function unaryTanh(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_TANH, x, y, n, param); }
function unarySigmoid(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_SIGMOID, x, y, n, param); }
function unarySoftplus(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_SOFTPLUS, x, y, n, param); }
function unaryLogSigmoid(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_LOG_SIGMOID, x, y, n, param); }
function unaryExpm1(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_EXPM1, x, y, n, param); }
function unaryLog1p(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_LOG1P, x, y, n, param); }
function unaryReciprocal(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_RECIPROCAL, x, y, n, param); }
function unarySign(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_SIGN, x, y, n, param); }
function unaryStep(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_STEP, x, y, n, param); }
function unaryPow(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_POW, x, y, n, param); }
function unarySilu(x: usize, y: usize, n: i32, param: f32): void { unaryLoop(UNARY_SILU, x, y, n, param); }

/**
 * y[i] = f(x[i]) for the UNARY_* op `op`; param is the negative slope of LEAKY_RELU or the
 * exponent p of POW. y may equal x. POW with p = 0 writes 1 (even for NaN), p = 1 copies x
 * and p = 2 is SQUARE (x·x, correctly rounded), as C99 pow gives for those exponents.
 */
export function unary_f32(op: i32, x: usize, y: usize, n: i32, param: f32): void {
  if (n <= 0) return;
  switch (op) {
    case UNARY_COPY: { if (x != y) unaryCopy(x, y, n, param); return; }
    case UNARY_NEG: { unaryNeg(x, y, n, param); return; }
    case UNARY_ABS: { unaryAbs(x, y, n, param); return; }
    case UNARY_SQUARE: { unarySquare(x, y, n, param); return; }
    case UNARY_SQRT: { unarySqrt(x, y, n, param); return; }
    case UNARY_EXP: { unaryExp(x, y, n, param); return; }
    case UNARY_LOG: { unaryLog(x, y, n, param); return; }
    case UNARY_RELU: { unaryRelu(x, y, n, param); return; }
    case UNARY_LEAKY_RELU: { unaryLeakyRelu(x, y, n, param); return; }
    case UNARY_TANH: { unaryTanh(x, y, n, param); return; }
    case UNARY_SIGMOID: { unarySigmoid(x, y, n, param); return; }
    case UNARY_SOFTPLUS: { unarySoftplus(x, y, n, param); return; }
    case UNARY_LOG_SIGMOID: { unaryLogSigmoid(x, y, n, param); return; }
    case UNARY_EXPM1: { unaryExpm1(x, y, n, param); return; }
    case UNARY_LOG1P: { unaryLog1p(x, y, n, param); return; }
    case UNARY_RECIPROCAL: { unaryReciprocal(x, y, n, param); return; }
    case UNARY_SIGN: { unarySign(x, y, n, param); return; }
    case UNARY_STEP: { unaryStep(x, y, n, param); return; }
    case UNARY_SILU: { unarySilu(x, y, n, param); return; }
    case UNARY_POW: {
      if (param == 0) fill_f32(y, n, 1);
      else if (param == 1) { if (x != y) unaryCopy(x, y, n, param); }
      else if (param == 2) unarySquare(x, y, n, param);
      else unaryPow(x, y, n, param);
      return;
    }
    default: assert(false, "unary_f32: unknown op");
  }
}

// ---- binary ----

/** g(a, b) for a constant op; comparisons give 1.0 or 0.0 (0.0 when either is NaN). */
// @ts-ignore: decorator
@inline function binaryVec(op: i32, a: v128, b: v128): v128 {
  const one = f32x4.splat(1);
  if (op == BINARY_ADD) return f32x4.add(a, b);
  if (op == BINARY_SUB) return f32x4.sub(a, b);
  if (op == BINARY_MUL) return f32x4.mul(a, b);
  if (op == BINARY_DIV) return f32x4.div(a, b);
  if (op == BINARY_MAX) return f32x4.max(a, b); // IEEE: NaN if either is NaN, max(-0, +0) = +0
  if (op == BINARY_MIN) return f32x4.min(a, b);
  if (op == BINARY_GT) return v128.and(f32x4.gt(a, b), one);
  if (op == BINARY_GE) return v128.and(f32x4.ge(a, b), one);
  return v128.and(f32x4.eq(a, b), one); // BINARY_EQ
}

/** g(a, b) on one lane, through the vector op so tails match the SIMD loop bit for bit. */
// @ts-ignore: decorator
@inline function binaryLane(op: i32, a: f32, b: f32): f32 {
  return f32x4.extract_lane(binaryVec(op, f32x4.splat(a), f32x4.splat(b)), 0);
}

/** out[j] = g(a[j], b[j]) for j < n. */
// @ts-ignore: decorator
@inline function binarySpanVV(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    const o = <usize>j << 2;
    const v0 = binaryVec(op, v128.load(a + o), v128.load(b + o));
    const v1 = binaryVec(op, v128.load(a + o, 16), v128.load(b + o, 16));
    const v2 = binaryVec(op, v128.load(a + o, 32), v128.load(b + o, 32));
    const v3 = binaryVec(op, v128.load(a + o, 48), v128.load(b + o, 48));
    v128.store(out + o, v0);
    v128.store(out + o, v1, 16);
    v128.store(out + o, v2, 32);
    v128.store(out + o, v3, 48);
  }
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    v128.store(out + o, binaryVec(op, v128.load(a + o), v128.load(b + o)));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    store<f32>(out + o, binaryLane(op, load<f32>(a + o), load<f32>(b + o)));
  }
}

/** out[j] = g(a[j], b) for j < n (b splatted). */
// @ts-ignore: decorator
@inline function binarySpanVS(op: i32, a: usize, b: f32, out: usize, n: i32): void {
  const vb = f32x4.splat(b);
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    const o = <usize>j << 2;
    const v0 = binaryVec(op, v128.load(a + o), vb);
    const v1 = binaryVec(op, v128.load(a + o, 16), vb);
    const v2 = binaryVec(op, v128.load(a + o, 32), vb);
    const v3 = binaryVec(op, v128.load(a + o, 48), vb);
    v128.store(out + o, v0);
    v128.store(out + o, v1, 16);
    v128.store(out + o, v2, 32);
    v128.store(out + o, v3, 48);
  }
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    v128.store(out + o, binaryVec(op, v128.load(a + o), vb));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    store<f32>(out + o, binaryLane(op, load<f32>(a + o), b));
  }
}

/** out[j] = g(a, b[j]) for j < n (a splatted). */
// @ts-ignore: decorator
@inline function binarySpanSV(op: i32, a: f32, b: usize, out: usize, n: i32): void {
  const va = f32x4.splat(a);
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    const o = <usize>j << 2;
    const v0 = binaryVec(op, va, v128.load(b + o));
    const v1 = binaryVec(op, va, v128.load(b + o, 16));
    const v2 = binaryVec(op, va, v128.load(b + o, 32));
    const v3 = binaryVec(op, va, v128.load(b + o, 48));
    v128.store(out + o, v0);
    v128.store(out + o, v1, 16);
    v128.store(out + o, v2, 32);
    v128.store(out + o, v3, 48);
  }
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    v128.store(out + o, binaryVec(op, va, v128.load(b + o)));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    store<f32>(out + o, binaryLane(op, a, load<f32>(b + o)));
  }
}

/** The rows×cols loop for a constant op. */
// @ts-ignore: decorator
@inline function binaryLoop(op: i32, a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void {
  // without ROW or COL operands the output is one contiguous span
  if (aMode != BCAST_ROW && aMode != BCAST_COL && bMode != BCAST_ROW && bMode != BCAST_COL) {
    cols *= rows;
    rows = 1;
  }
  const rowBytes = <usize>cols << 2;
  // bytes an operand advances per output row: a FULL row, one COL value, or nothing
  const aStep: usize = aMode == BCAST_FULL ? rowBytes : aMode == BCAST_COL ? 4 : 0;
  const bStep: usize = bMode == BCAST_FULL ? rowBytes : bMode == BCAST_COL ? 4 : 0;
  const aSpan = aMode == BCAST_FULL || aMode == BCAST_ROW;
  const bSpan = bMode == BCAST_FULL || bMode == BCAST_ROW;
  if (aSpan && bSpan) {
    for (let i = 0; i < rows; i++) {
      const r = <usize>i;
      binarySpanVV(op, a + r * aStep, b + r * bStep, out + r * rowBytes, cols);
    }
  } else if (aSpan) {
    for (let i = 0; i < rows; i++) {
      const r = <usize>i;
      binarySpanVS(op, a + r * aStep, load<f32>(b + r * bStep), out + r * rowBytes, cols);
    }
  } else if (bSpan) {
    for (let i = 0; i < rows; i++) {
      const r = <usize>i;
      binarySpanSV(op, load<f32>(a + r * aStep), b + r * bStep, out + r * rowBytes, cols);
    }
  } else {
    for (let i = 0; i < rows; i++) {
      const r = <usize>i;
      fill_f32(out + r * rowBytes, cols, binaryLane(op, load<f32>(a + r * aStep), load<f32>(b + r * bStep)));
    }
  }
}

// One function per op, as for unary.
function binaryAdd(a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { binaryLoop(BINARY_ADD, a, aMode, b, bMode, out, rows, cols); }
function binarySub(a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { binaryLoop(BINARY_SUB, a, aMode, b, bMode, out, rows, cols); }
function binaryMul(a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { binaryLoop(BINARY_MUL, a, aMode, b, bMode, out, rows, cols); }
function binaryDiv(a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { binaryLoop(BINARY_DIV, a, aMode, b, bMode, out, rows, cols); }
function binaryMax(a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { binaryLoop(BINARY_MAX, a, aMode, b, bMode, out, rows, cols); }
function binaryMin(a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { binaryLoop(BINARY_MIN, a, aMode, b, bMode, out, rows, cols); }
function binaryGt(a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { binaryLoop(BINARY_GT, a, aMode, b, bMode, out, rows, cols); }
function binaryGe(a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { binaryLoop(BINARY_GE, a, aMode, b, bMode, out, rows, cols); }
function binaryEq(a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { binaryLoop(BINARY_EQ, a, aMode, b, bMode, out, rows, cols); }

/**
 * out = g(a, b) over a rows×cols row-major output for the BINARY_* op `op`. Each operand's
 * mode says how it covers the output: BCAST_FULL rows×cols, BCAST_ROW one row of cols,
 * BCAST_COL one value per row (rows), BCAST_SCALAR one value. out may equal a FULL operand.
 */
export function binary_f32(op: i32, a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void {
  assert(aMode >= BCAST_FULL && aMode <= BCAST_SCALAR && bMode >= BCAST_FULL && bMode <= BCAST_SCALAR,
    "binary_f32: unknown broadcast mode");
  if (rows <= 0 || cols <= 0) return;
  switch (op) {
    case BINARY_ADD: { binaryAdd(a, aMode, b, bMode, out, rows, cols); return; }
    case BINARY_SUB: { binarySub(a, aMode, b, bMode, out, rows, cols); return; }
    case BINARY_MUL: { binaryMul(a, aMode, b, bMode, out, rows, cols); return; }
    case BINARY_DIV: { binaryDiv(a, aMode, b, bMode, out, rows, cols); return; }
    case BINARY_MAX: { binaryMax(a, aMode, b, bMode, out, rows, cols); return; }
    case BINARY_MIN: { binaryMin(a, aMode, b, bMode, out, rows, cols); return; }
    case BINARY_GT: { binaryGt(a, aMode, b, bMode, out, rows, cols); return; }
    case BINARY_GE: { binaryGe(a, aMode, b, bMode, out, rows, cols); return; }
    case BINARY_EQ: { binaryEq(a, aMode, b, bMode, out, rows, cols); return; }
    default: assert(false, "binary_f32: unknown op");
  }
}

// ---- select ----

/** mask lanes != 0 take a's lane, the others b's, as bits (NaN counts as nonzero, ±0 as zero). */
// @ts-ignore: decorator
@inline function selectVec(m: v128, a: v128, b: v128): v128 {
  return v128.bitselect(a, b, f32x4.ne(m, f32x4.splat(0)));
}

/**
 * out[j] = m[j] != 0 ? a[j] : b[j] for j < n. An operand that is not a span (constant
 * mSpan, aSpan, bSpan) is the one value at its pointer, splatted by bits.
 */
// @ts-ignore: decorator
@inline function selectSpan(mSpan: bool, aSpan: bool, bSpan: bool, m: usize, a: usize, b: usize, out: usize, n: i32): void {
  const none = i32x4.splat(0);
  const mSplat = mSpan ? none : v128.load32_splat(m);
  const aSplat = aSpan ? none : v128.load32_splat(a);
  const bSplat = bSpan ? none : v128.load32_splat(b);
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    const o = <usize>j << 2;
    const v0 = selectVec(mSpan ? v128.load(m + o) : mSplat, aSpan ? v128.load(a + o) : aSplat, bSpan ? v128.load(b + o) : bSplat);
    const v1 = selectVec(mSpan ? v128.load(m + o, 16) : mSplat, aSpan ? v128.load(a + o, 16) : aSplat, bSpan ? v128.load(b + o, 16) : bSplat);
    const v2 = selectVec(mSpan ? v128.load(m + o, 32) : mSplat, aSpan ? v128.load(a + o, 32) : aSplat, bSpan ? v128.load(b + o, 32) : bSplat);
    const v3 = selectVec(mSpan ? v128.load(m + o, 48) : mSplat, aSpan ? v128.load(a + o, 48) : aSplat, bSpan ? v128.load(b + o, 48) : bSplat);
    v128.store(out + o, v0);
    v128.store(out + o, v1, 16);
    v128.store(out + o, v2, 32);
    v128.store(out + o, v3, 48);
  }
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    v128.store(out + o, selectVec(mSpan ? v128.load(m + o) : mSplat, aSpan ? v128.load(a + o) : aSplat, bSpan ? v128.load(b + o) : bSplat));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    const pick = load<f32>(mSpan ? m + o : m) != 0; // NaN != 0, as f32x4.ne
    store<u32>(out + o, pick ? load<u32>(aSpan ? a + o : a) : load<u32>(bSpan ? b + o : b));
  }
}

/** The rows×cols loop for constant span flags (as binaryLoop: FULL and ROW are spans, COL and SCALAR values). */
// @ts-ignore: decorator
@inline function selectLoop(
  mSpan: bool, aSpan: bool, bSpan: bool,
  m: usize, mMode: i32, a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32,
): void {
  // without ROW or COL operands the output is one contiguous span
  if (mMode != BCAST_ROW && mMode != BCAST_COL && aMode != BCAST_ROW && aMode != BCAST_COL &&
      bMode != BCAST_ROW && bMode != BCAST_COL) {
    cols *= rows;
    rows = 1;
  }
  const rowBytes = <usize>cols << 2;
  const mStep: usize = mMode == BCAST_FULL ? rowBytes : mMode == BCAST_COL ? 4 : 0;
  const aStep: usize = aMode == BCAST_FULL ? rowBytes : aMode == BCAST_COL ? 4 : 0;
  const bStep: usize = bMode == BCAST_FULL ? rowBytes : bMode == BCAST_COL ? 4 : 0;
  for (let i = 0; i < rows; i++) {
    const r = <usize>i;
    selectSpan(mSpan, aSpan, bSpan, m + r * mStep, a + r * aStep, b + r * bStep, out + r * rowBytes, cols);
  }
}

// One function per span pattern (mask, a, b: V = FULL or ROW span, S = COL or SCALAR value), as for the ops above.
function selectVVV(m: usize, mMode: i32, a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { selectLoop(true, true, true, m, mMode, a, aMode, b, bMode, out, rows, cols); }
function selectVVS(m: usize, mMode: i32, a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { selectLoop(true, true, false, m, mMode, a, aMode, b, bMode, out, rows, cols); }
function selectVSV(m: usize, mMode: i32, a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { selectLoop(true, false, true, m, mMode, a, aMode, b, bMode, out, rows, cols); }
function selectVSS(m: usize, mMode: i32, a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { selectLoop(true, false, false, m, mMode, a, aMode, b, bMode, out, rows, cols); }
function selectSVV(m: usize, mMode: i32, a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { selectLoop(false, true, true, m, mMode, a, aMode, b, bMode, out, rows, cols); }
function selectSVS(m: usize, mMode: i32, a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { selectLoop(false, true, false, m, mMode, a, aMode, b, bMode, out, rows, cols); }
function selectSSV(m: usize, mMode: i32, a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { selectLoop(false, false, true, m, mMode, a, aMode, b, bMode, out, rows, cols); }
function selectSSS(m: usize, mMode: i32, a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void { selectLoop(false, false, false, m, mMode, a, aMode, b, bMode, out, rows, cols); }

// @ts-ignore: decorator
@inline function isSpan(mode: i32): bool { return mode == BCAST_FULL || mode == BCAST_ROW; }

/**
 * out = mask != 0 ? a : b elementwise over a rows×cols row-major output, each of mask, a
 * and b broadcast by its BCAST_* mode exactly as in binary_f32. The chosen value is copied
 * as bits (NaN payloads and -0 pass unchanged); a NaN mask counts as nonzero (picks a),
 * ±0 as zero (picks b). out may equal any FULL operand.
 */
export function select_f32(
  mask: usize, mMode: i32, a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32,
): void {
  assert(mMode >= BCAST_FULL && mMode <= BCAST_SCALAR && aMode >= BCAST_FULL && aMode <= BCAST_SCALAR &&
    bMode >= BCAST_FULL && bMode <= BCAST_SCALAR, "select_f32: unknown broadcast mode");
  if (rows <= 0 || cols <= 0) return;
  const pattern = (isSpan(mMode) ? 4 : 0) | (isSpan(aMode) ? 2 : 0) | (isSpan(bMode) ? 1 : 0);
  switch (pattern) {
    case 7: { selectVVV(mask, mMode, a, aMode, b, bMode, out, rows, cols); return; }
    case 6: { selectVVS(mask, mMode, a, aMode, b, bMode, out, rows, cols); return; }
    case 5: { selectVSV(mask, mMode, a, aMode, b, bMode, out, rows, cols); return; }
    case 4: { selectVSS(mask, mMode, a, aMode, b, bMode, out, rows, cols); return; }
    case 3: { selectSVV(mask, mMode, a, aMode, b, bMode, out, rows, cols); return; }
    case 2: { selectSVS(mask, mMode, a, aMode, b, bMode, out, rows, cols); return; }
    case 1: { selectSSV(mask, mMode, a, aMode, b, bMode, out, rows, cols); return; }
    default: { selectSSS(mask, mMode, a, aMode, b, bMode, out, rows, cols); return; }
  }
}

// ---- axpby, fill ----

/** y = alpha·x + beta·y, unfused (same bits in both builds); beta == 0 writes alpha·x without reading y. y may equal x. */
export function axpby_f32(n: i32, alpha: f32, x: usize, beta: f32, y: usize): void {
  const va = f32x4.splat(alpha);
  const vb = f32x4.splat(beta);
  let i = 0;
  if (beta == 0) {
    for (; i + 16 <= n; i += 16) {
      const o = <usize>i << 2;
      v128.store(y + o, f32x4.mul(va, v128.load(x + o)));
      v128.store(y + o, f32x4.mul(va, v128.load(x + o, 16)), 16);
      v128.store(y + o, f32x4.mul(va, v128.load(x + o, 32)), 32);
      v128.store(y + o, f32x4.mul(va, v128.load(x + o, 48)), 48);
    }
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(y + o, f32x4.mul(va, v128.load(x + o)));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(y + o, alpha * load<f32>(x + o));
    }
    return;
  }
  for (; i + 16 <= n; i += 16) {
    const o = <usize>i << 2;
    const v0 = f32x4.add(f32x4.mul(va, v128.load(x + o)), f32x4.mul(vb, v128.load(y + o)));
    const v1 = f32x4.add(f32x4.mul(va, v128.load(x + o, 16)), f32x4.mul(vb, v128.load(y + o, 16)));
    const v2 = f32x4.add(f32x4.mul(va, v128.load(x + o, 32)), f32x4.mul(vb, v128.load(y + o, 32)));
    const v3 = f32x4.add(f32x4.mul(va, v128.load(x + o, 48)), f32x4.mul(vb, v128.load(y + o, 48)));
    v128.store(y + o, v0);
    v128.store(y + o, v1, 16);
    v128.store(y + o, v2, 32);
    v128.store(y + o, v3, 48);
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.add(f32x4.mul(va, v128.load(x + o)), f32x4.mul(vb, v128.load(y + o))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, alpha * load<f32>(x + o) + beta * load<f32>(y + o));
  }
}

/** y[i] = value for i < n. */
export function fill_f32(y: usize, n: i32, value: f32): void {
  const v = f32x4.splat(value);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const o = <usize>i << 2;
    v128.store(y + o, v);
    v128.store(y + o, v, 16);
    v128.store(y + o, v, 32);
    v128.store(y + o, v, 48);
  }
  for (; i + 4 <= n; i += 4) v128.store(y + (<usize>i << 2), v);
  for (; i < n; i++) store<f32>(y + (<usize>i << 2), value);
}
