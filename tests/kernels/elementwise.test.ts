// Binding-level tests for unary(), binary(), select(), axpby() and fill() (bindings/kernels/elementwise.ts);
// the numerical checks at every shape are rows of the kernel table (tests/kernels/rows/elementwise.ts).
import { describe, expect, test } from 'vitest';
import {
  BINARY_OPS, BROADCASTS, UNARY_OPS, axpby, binary, fill, select, unary,
  type BinaryOp, type Broadcast, type Saddle, type UnaryOp,
} from '../../bindings/index.js';
import * as opcodes from '../../bindings/wasm/opcodes.js';
import { BUILDS, loadBuild, trackLiveBytes } from '../helpers/builds.js';
import { bitsOf, f32FromBits } from '../helpers/bits.js';
import { argumentError } from '../helpers/errors.js';

/** [x, p, x^p]: C99 / Math.pow special values, compared with Object.is (the sign of zero counts). */
const POW_EXACT: Array<[number, number, number]> = [
  [NaN, 0, 1], [Infinity, 0, 1], [-0, 0, 1], [-5, 0, 1], // p = 0: 1 for every x
  [NaN, 1, NaN], [-0, 1, -0], [-Infinity, 1, -Infinity], [1e-45, 1, 1e-45], // p = 1: x itself
  [-3, 2, 9], [-0, 2, 0], [NaN, 2, NaN], [1e20, 2, Infinity], // p = 2: x·x
  [0, 3, 0], [-0, 3, -0], [0, 0.5, 0], [-0, 0.5, 0], [0, -1.5, Infinity], [-0, -3, -Infinity], [-0, -2, Infinity],
  [Infinity, 0.5, Infinity], [Infinity, -0.5, 0], [-Infinity, 3, -Infinity], [-Infinity, -3, -0], [-Infinity, 0.5, Infinity],
  [-Infinity, -2, 0], [-2, 3, -8], [-2, -1, -0.5], [-2, 4, 16], [-2, 0.5, NaN], [-1e-45, 2.5, NaN], [-Infinity, 2.5, Infinity],
  [1, 123456, 1], [1, -0.7, 1], [-1, 123456, 1], [-1, 7, -1], [-1, 0.5, NaN], [NaN, 3, NaN], [NaN, -0.5, NaN],
  [2, 128, Infinity], [2, 127, 2 ** 127], [2, -149, 2 ** -149], [2, -151, 0], [-2, -149, -(2 ** -149)], [0.5, 40.5, 2 ** -40.5],
  [2 ** 100, 1.5, Infinity], [2 ** -120, 1.5, 0], [1e-45, 0.5, Math.sqrt(2 ** -149)], [3.4028234663852886e38, -1, 1 / 3.4028234663852886e38],
];

test('op and broadcast names cover every opcode, in opcode order', () => {
  const codes = (prefix: string) => Object.entries(opcodes)
    .flatMap(([name, code]) => (name.startsWith(prefix) && typeof code === 'number' ? [[name, code] as const] : []))
    .sort(([, a], [, b]) => a - b)
    .map(([name]) => name.slice(prefix.length).toLowerCase());
  expect([...UNARY_OPS]).toEqual(codes('UNARY_'));
  expect([...BINARY_OPS]).toEqual(codes('BINARY_'));
  expect([...BROADCASTS]).toEqual(codes('BCAST_'));
});

for (const build of BUILDS) {
  describe(`elementwise bindings (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    test('unary: typed errors name the argument', () => {
      const x = sd.f32(8), y = sd.f32(8), y7 = sd.f32(7), x64 = sd.f64(8), big = sd.f32(16);
      const cases: Array<[string, () => unknown]> = [
        ['op', () => unary(sd, 'gelu' as UnaryOp, x, y)],
        ['op', () => unary(sd, 5 as unknown as UnaryOp, x, y)],
        ['op', () => unary(sd, 'Tanh' as UnaryOp, x, y)],
        ['options', () => unary(sd, 'exp', x, y, null as never)],
        ['param', () => unary(sd, 'leaky_relu', x, y, { param: NaN })],
        ['param', () => unary(sd, 'leaky_relu', x, y, { param: Infinity })],
        ['param', () => unary(sd, 'relu', x, y, { param: '0.1' as unknown as number })],
        ['x', () => unary(sd, 'exp', x64 as never, y)],
        ['x', () => unary(sd, 'exp', new Float32Array(8) as never, y)],
        ['y', () => unary(sd, 'exp', x, y7)],
        ['y', () => unary(sd, 'exp', x, big)],
        ['y', () => unary(sd, 'exp', x, undefined as never)],
      ];
      for (const [argument, call] of cases) {
        const error = argumentError(call);
        expect(error.argument, error.message).toBe(argument);
        expect(error.code).toBe('E_ARGUMENT');
        expect(error.message).toContain('unary:');
      }
      // the op error lists the valid names
      const message = argumentError(() => unary(sd, 'gelu' as UnaryOp, x, y)).message;
      for (const name of UNARY_OPS) expect(message).toContain(`'${name}'`);
      x.dispose(); y.dispose(); y7.dispose(); x64.dispose(); big.dispose();
    });

    test('unary: disposed buffers are rejected', () => {
      const x = sd.f32(8), y = sd.f32(8);
      y.dispose();
      expect(argumentError(() => unary(sd, 'exp', x, y)).argument).toBe('y');
      expect(argumentError(() => unary(sd, 'exp', y, x)).argument).toBe('x');
      x.dispose();
    });

    test('unary: in place and out of place agree; nothing outside y is written', () => {
      const data = Float32Array.from({ length: 37 }, (_, i) => (i - 18) / 3);
      for (const op of UNARY_OPS) {
        const x = sd.f32(data), y = sd.f32(37);
        unary(sd, op, x, y, { param: 0.3 });
        unary(sd, op, x, x, { param: 0.3 });
        expect(Array.from(x.toArray()), op).toEqual(Array.from(y.toArray()));
        x.dispose(); y.dispose();
      }
      // a length-3 tail next to live neighbours: only its own 3 elements change
      const all = sd.f32(Float32Array.from({ length: 11 }, (_, i) => i + 1));
      const y = sd.f32(3).set([7, 7, 7]);
      const before = all.toArray();
      unary(sd, 'exp', y, y);
      expect(Array.from(all.toArray())).toEqual(Array.from(before));
      expect(Array.from(y.toArray())).toEqual([Math.fround(Math.exp(7)), Math.fround(Math.exp(7)), Math.fround(Math.exp(7))]);
      all.dispose(); y.dispose();
    });

    test('unary: leaky_relu slope defaults to 0.01; sign and step edge cases', () => {
      const x = sd.f32([-2, 3, -0, 0, NaN]), y = sd.f32(5);
      unary(sd, 'leaky_relu', x, y);
      expect(Array.from(y.toArray())).toEqual([Math.fround(-0.02), 3, -0, 0, NaN]);
      unary(sd, 'sign', x, y);
      const sign = y.toArray();
      expect(Array.from(sign)).toEqual([-1, 1, -0, 0, NaN]);
      expect(Object.is(sign[2], -0)).toBe(true);
      unary(sd, 'step', x, y);
      expect(Array.from(y.toArray())).toEqual([0, 1, 0, 0, 0]);
      x.dispose(); y.dispose();
    });

    test('pow: exponent required and finite; special values as Math.pow, in a vector and alone', () => {
      const x = sd.f32(4), y = sd.f32(4);
      expect(argumentError(() => unary(sd, 'pow', x, y)).argument).toBe('param');
      expect(argumentError(() => unary(sd, 'pow', x, y, { param: NaN })).argument).toBe('param');
      expect(argumentError(() => unary(sd, 'pow', x, y, { param: -Infinity })).argument).toBe('param');
      x.dispose(); y.dispose();
      for (const p of new Set(POW_EXACT.map(([, q]) => q))) {
        const cases = POW_EXACT.filter(([, q]) => q === p);
        const xs = sd.f32(cases.map(([v]) => v)), ys = sd.f32(cases.length);
        unary(sd, 'pow', xs, ys, { param: p });
        const together = ys.toArray();
        cases.forEach(([v, , exact], i) => {
          const want = Math.fround(exact);
          const one = sd.f32([v]);
          unary(sd, 'pow', one, one, { param: p });
          const alone = one.toArray()[0];
          one.dispose();
          expect(Object.is(alone, want), `pow(${v}, ${p}) = ${alone}, want ${want}`).toBe(true);
          expect(Object.is(together[i], want), `pow(${v}, ${p}) = ${together[i]} in a vector, want ${want}`).toBe(true);
          expect(Object.is(want, Math.fround(Math.pow(Math.fround(v), p))), `table entry pow(${v}, ${p})`).toBe(true);
        });
        xs.dispose(); ys.dispose();
      }
    });

    test('select: typed errors name the argument', () => {
      const m = sd.f32(12), out = sd.f32(12), row = sd.f32(4), col = sd.f32(3), one = sd.f32(1), m64 = sd.f64(12);
      const four = sd.f32(4), three = sd.f32(3);
      const shape = { rows: 3, cols: 4 };
      const cases: Array<[string, () => unknown]> = [
        ['options', () => select(sd, m, m, m, out, 'full' as never)],
        ['maskBroadcast', () => select(sd, m, m, m, out, { ...shape, maskBroadcast: 'rows' as Broadcast })],
        ['aBroadcast', () => select(sd, m, m, m, out, { ...shape, aBroadcast: 'columns' as Broadcast })],
        ['bBroadcast', () => select(sd, m, m, m, out, { ...shape, bBroadcast: 1 as unknown as Broadcast })],
        ['rows', () => select(sd, m, m, m, out, { cols: 4 })],
        ['cols', () => select(sd, m, m, m, out, { rows: 3, cols: -1 })],
        ['out', () => select(sd, m, m, m, out, { rows: 2, cols: 4 })],
        ['out', () => select(sd, m, m, m, m64 as never, shape)],
        ['mask', () => select(sd, row, m, m, out, shape)],
        ['mask', () => select(sd, m, m, m, out, { ...shape, maskBroadcast: 'col' })],
        ['mask', () => select(sd, m64 as never, m, m, out, shape)],
        ['a', () => select(sd, m, col, m, out, { ...shape, aBroadcast: 'row' })],
        ['b', () => select(sd, m, m, one, out, { ...shape, bBroadcast: 'col' })],
        ['b', () => select(sd, m, m, [1] as never, out, { ...shape, bBroadcast: 'scalar' })],
        // out may be a full operand, never a broadcast one
        ['out', () => select(sd, row, four, four, row, { rows: 1, cols: 4, maskBroadcast: 'row' })],
        ['out', () => select(sd, three, three, col, col, { rows: 3, cols: 1, bBroadcast: 'col' })],
      ];
      for (const [argument, call] of cases) {
        const error = argumentError(call);
        expect(error.argument, error.message).toBe(argument);
        expect(error.code).toBe('E_ARGUMENT');
        expect(error.message).toContain('select:');
      }
      m.dispose(); out.dispose(); row.dispose(); col.dispose(); one.dispose(); m64.dispose(); four.dispose(); three.dispose();
    });

    test('select: the chosen bits pass unchanged; NaN mask picks a, -0 picks b; in place on any full operand', () => {
      const mask = sd.f32([1, 0, NaN, -0, -1, Infinity, 1e-45]);
      const aBits = [0x80000000, 1, 0x7fc01234, 2, 0xffbfffff, 0x7f800000, 0x00000001];
      const bBits = [3, 0x80000000, 4, 0x7fc04321, 5, 6, 7];
      const a = f32FromBits(sd, aBits), b = f32FromBits(sd, bBits), out = sd.f32(7);
      select(sd, mask, a, b, out);
      expect(Array.from(bitsOf(sd, out))).toEqual([0x80000000, 0x80000000, 0x7fc01234, 0x7fc04321, 0xffbfffff, 0x7f800000, 1]);
      select(sd, mask, a, b, b); // in place on b
      expect(Array.from(bitsOf(sd, b))).toEqual(Array.from(bitsOf(sd, out)));
      const zero = sd.f32([0]);
      select(sd, mask, mask, zero, mask, { rows: 1, cols: 7, bBroadcast: 'scalar' }); // in place on the mask
      expect(Array.from(mask.toArray())).toEqual([1, 0, NaN, 0, -1, Infinity, Math.fround(1e-45)]);
      // rows and cols default to one row over out; empty shapes are no-ops
      const none = sd.f32(0);
      select(sd, none, zero, zero, none, { rows: 0, cols: 3, aBroadcast: 'scalar', bBroadcast: 'scalar' });
      mask.dispose(); a.dispose(); b.dispose(); out.dispose(); zero.dispose(); none.dispose();
    });

    test('binary: typed errors name the argument', () => {
      const m = sd.f32(12), out = sd.f32(12), row = sd.f32(4), col = sd.f32(3), one = sd.f32(1), m64 = sd.f64(12);
      const shape = { rows: 3, cols: 4 };
      const cases: Array<[string, () => unknown]> = [
        ['op', () => binary(sd, 'pow' as BinaryOp, m, m, out, shape)],
        ['op', () => binary(sd, undefined as unknown as BinaryOp, m, m, out, shape)],
        ['options', () => binary(sd, 'add', m, m, out, 7 as never)],
        ['aBroadcast', () => binary(sd, 'add', m, m, out, { ...shape, aBroadcast: 'column' as Broadcast })],
        ['bBroadcast', () => binary(sd, 'add', m, m, out, { ...shape, bBroadcast: 'rows' as Broadcast })],
        ['rows', () => binary(sd, 'add', m, m, out, { cols: 4 })],
        ['cols', () => binary(sd, 'add', m, m, out, { rows: 3 })],
        ['rows', () => binary(sd, 'add', m, m, out, { rows: -3, cols: 4 })],
        ['cols', () => binary(sd, 'add', m, m, out, { rows: 3, cols: 4.5 })],
        ['out', () => binary(sd, 'add', m, m, out, { rows: 4, cols: 4 })],
        ['out', () => binary(sd, 'add', m, m, m64 as never, shape)],
        // each operand's length must match its broadcast mode exactly
        ['a', () => binary(sd, 'add', row, m, out, shape)],
        ['b', () => binary(sd, 'add', m, row, out, { ...shape, bBroadcast: 'col' })],
        ['b', () => binary(sd, 'add', m, col, out, { ...shape, bBroadcast: 'row' })],
        ['b', () => binary(sd, 'add', m, m, out, { ...shape, bBroadcast: 'scalar' })],
        ['a', () => binary(sd, 'add', one, m, out, { ...shape, aBroadcast: 'row' })],
        ['a', () => binary(sd, 'add', m64 as never, m, out, shape)],
      ];
      for (const [argument, call] of cases) {
        const error = argumentError(call);
        expect(error.argument, error.message).toBe(argument);
        expect(error.code).toBe('E_ARGUMENT');
        expect(error.message).toContain('binary:');
      }
      const message = argumentError(() => binary(sd, 'pow' as BinaryOp, m, m, out, shape)).message;
      for (const name of BINARY_OPS) expect(message).toContain(`'${name}'`);
      expect(argumentError(() => binary(sd, 'add', m, row, out, shape)).message).toContain('at least 12 elements');
      const long = sd.f32(16);
      expect(argumentError(() => binary(sd, 'add', m, long, out, shape)).message).toContain('exactly 12 elements');
      expect(argumentError(() => binary(sd, 'add', m, long, out, { ...shape, bBroadcast: 'row' })).message).toContain('exactly 4 elements');
      long.dispose();
      m.dispose(); out.dispose(); row.dispose(); col.dispose(); one.dispose(); m64.dispose();
    });

    test('binary: out may be a full operand, never a broadcast one', () => {
      const row = sd.f32([1, 2, 3]), m = sd.f32([1, 2, 3, 4, 5, 6]), ones = sd.f32([1, 1, 1]);
      // on a 1×3 output a 'row' or 'col' operand has out's length, yet must not be out
      expect(argumentError(() => binary(sd, 'add', ones, row, row, { rows: 1, cols: 3, bBroadcast: 'row' })).argument).toBe('out');
      expect(argumentError(() => binary(sd, 'add', row, ones, row, { rows: 3, cols: 1, aBroadcast: 'col' })).argument).toBe('out');
      binary(sd, 'mul', m, row, m, { rows: 2, cols: 3, bBroadcast: 'row' });
      expect(Array.from(m.toArray())).toEqual([1, 4, 9, 4, 10, 18]);
      binary(sd, 'sub', row, m, m, { rows: 2, cols: 3, aBroadcast: 'row' });
      expect(Array.from(m.toArray())).toEqual([0, -2, -6, -3, -8, -15]);
      binary(sd, 'add', m, m, m, { rows: 2, cols: 3 }); // out is both operands
      expect(Array.from(m.toArray())).toEqual([0, -4, -12, -6, -16, -30]);
      row.dispose(); m.dispose(); ones.dispose();
    });

    test('binary: rows and cols default to one row over out; empty shapes are no-ops', () => {
      const a = sd.f32([1, 5, 3]), b = sd.f32([4, 2, 3]), out = sd.f32(3);
      binary(sd, 'ge', a, b, out);
      expect(Array.from(out.toArray())).toEqual([0, 1, 1]);
      const none = sd.f32(0), four = sd.f32(4).set([9, 9, 9, 9]);
      binary(sd, 'add', none, four, none, { rows: 0, cols: 4, bBroadcast: 'row' });
      expect(Array.from(four.toArray())).toEqual([9, 9, 9, 9]);
      a.dispose(); b.dispose(); out.dispose(); none.dispose(); four.dispose();
    });

    test('binary: a disposed or foreign buffer is rejected', async () => {
      const a = sd.f32(4), b = sd.f32(4), out = sd.f32(4);
      b.dispose();
      expect(argumentError(() => binary(sd, 'add', a, b, out)).argument).toBe('b');
      const other = BUILDS.length > 1 ? await loadBuild(BUILDS.find((name) => name !== build)!) : undefined;
      if (other) {
        const foreign = other.f32(4);
        expect(argumentError(() => binary(sd, 'add', a, foreign, out)).argument).toBe('b');
        foreign.dispose();
      }
      a.dispose(); out.dispose();
    });

    test('axpby and fill: typed errors name the argument', () => {
      const x = sd.f32(5), y = sd.f32(5), y4 = sd.f32(4);
      const cases: Array<[string, string, () => unknown]> = [
        ['axpby', 'alpha', () => axpby(sd, NaN, x, 1, y)],
        ['axpby', 'beta', () => axpby(sd, 1, x, -Infinity, y)],
        ['axpby', 'alpha', () => axpby(sd, '2' as never, x, 1, y)],
        ['axpby', 'x', () => axpby(sd, 1, [1, 2] as never, 1, y)],
        ['axpby', 'y', () => axpby(sd, 1, x, 1, y4)],
        ['fill', 'y', () => fill(sd, new Float32Array(3) as never, 1)],
        ['fill', 'value', () => fill(sd, y, '1' as never)],
      ];
      for (const [fn, argument, call] of cases) {
        const error = argumentError(call);
        expect(error.argument, error.message).toBe(argument);
        expect(error.message).toContain(`${fn}:`);
      }
      const gone = sd.f32(5);
      gone.dispose();
      expect(argumentError(() => axpby(sd, 1, gone, 1, y)).argument).toBe('x');
      expect(argumentError(() => fill(sd, gone, 0)).argument).toBe('y');
      x.dispose(); y.dispose(); y4.dispose();
    });

    test('axpby: beta = 0 ignores NaN in y; fill takes infinities and NaN', () => {
      const x = sd.f32([1, -2, 3, 4, 5]), y = sd.f32(5);
      fill(sd, y, NaN);
      expect(y.toArray().every(Number.isNaN)).toBe(true);
      axpby(sd, 2, x, 0, y);
      expect(Array.from(y.toArray())).toEqual([2, -4, 6, 8, 10]);
      axpby(sd, 1, x, -1, x); // in place: x - x
      expect(Array.from(x.toArray())).toEqual([0, 0, 0, 0, 0]);
      fill(sd, y, -Infinity);
      expect(Array.from(y.toArray())).toEqual(new Array(5).fill(-Infinity));
      x.dispose(); y.dispose();
    });
  });
}

test('scalar arguments must stay finite in f32 (fuzz regression: a slope of 3.4028235677973366e38 rounded to Inf and made 0·Inf = NaN)', async () => {
  const sd = await loadBuild('simd');
  const x = sd.f32([0, -1]), y = sd.f32(2);
  expect(() => unary(sd, 'leaky_relu', x, y, { param: 3.4028235677973366e38 })).toThrow(/argument 'param' must be a finite number that stays finite in f32/);
  expect(() => axpby(sd, 1e39, x, 0, y)).toThrow(/argument 'alpha'/);
  unary(sd, 'leaky_relu', x, y, { param: 3.4028234663852886e38 }); // the largest f32: fine
  expect(Array.from(y.toArray())).toEqual([0, -3.4028234663852886e38]);
  x.dispose(); y.dispose();
});
