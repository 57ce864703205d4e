// The f64 reference evaluator reads leaf values as numbers: null or a string is refused,
// not read as 0 or NaN; NaN and ±Infinity are values it computes with.
import { expect, test } from 'vitest';
import * as G from '../../bindings/graph/index.js';
import type { Node } from '../../bindings/graph/index.js';
import { argumentError } from '../helpers/errors.js';

test('leaf values are numbers: null and strings are refused naming the node, row and column', () => {
  const g = new G.Graph();
  const x = G.input(g, [2, 2], 'x');
  const y = G.sum(G.square(x));
  const e = argumentError(() => G.evaluate([y], new Map<Node, ArrayLike<number>>([[x, [1, 2, null as never, 4]]])));
  expect(e.argument).toBe('leaves (the value of Input#0(x)[2×2])');
  expect(e.message).toMatch(/must be numbers, got null at index 2 \(row 1, column 0; from 0\)/);
  expect(() => G.evaluate([y], new Map<Node, ArrayLike<number>>([[x, [1, '2' as never, 3, 4]]]))).toThrow(/got "2" at index 1/);
  expect(G.evaluate([y], new Map([[x, [1, 2, 3, 4]]]))[0][0]).toBe(30);
  expect(G.evaluate([y], new Map([[x, [1, 2, 3, Infinity]]]))[0][0]).toBe(Infinity);
});
