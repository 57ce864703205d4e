// Leaves refuse values that the f32 program would change: null cells (read as 0), strings,
// non-finite numbers and numbers past the f32 range, and initializers with such options.
import { expect, test } from 'vitest';
import * as G from '../../../bindings/graph/index.js';
import { argumentError } from '../../helpers/errors.js';

test('constant values are finite f32 numbers; a bad one is named by index, row and column', () => {
  const g = new G.Graph();
  const cases: Array<[ArrayLike<unknown>, RegExp]> = [
    [[1, null, 3, 4], /finite numbers, got null at index 1 \(row 0, column 1; from 0\)/],
    [[1, 2, '3', 4], /got "3" at index 2 \(row 1, column 0/],
    [[1, 2, 3, undefined], /got undefined at index 3/],
    [[1, NaN, 3, 4], /got NaN at index 1/],
    [new Float64Array([1, 2, 3, 1e39]), /numbers within the f32 range \(\|x\| <= 3\.4028e\+38\), got 1e\+39 at index 3 \(row 1, column 1/],
    [new Float32Array([1, 2, -Infinity, 4]), /got -Infinity at index 2/],
    [[1, 2, 3, 4, 5].slice(0, 4).map((v, i) => (i === 0 ? true : v)), /got true at index 0/],
  ];
  for (const [values, message] of cases) {
    const error = argumentError(() => G.constant(g, values as ArrayLike<number>, [2, 2]));
    expect(error.argument).toBe('values');
    expect(error.message).toMatch(message);
  }
  expect(() => G.constant(g, 'abcd' as never, [2, 2])).toThrow(/argument 'values' must be an array of finite numbers/);
  expect(Array.from(G.constant(g, [1, -2, 3.4e38, 0], [2, 2]).attrs.values as Float32Array)).toEqual([1, -2, Math.fround(3.4e38), 0]);
  expect(G.zeros(g, [0, 4]).size).toBe(0);
});
