// Elementwise ops refuse operands and attributes that would silently become NaN, 0.01 or
// Infinity in the f32 program: a string operand, a NaN slope, an exponent past f32.
import { expect, test } from 'vitest';
import * as G from '../../../bindings/graph/index.js';
import { argumentError } from '../../helpers/errors.js';

const refuse = (make: () => unknown, fn: string, argument: string, message: RegExp) => {
  const error = argumentError(make);
  expect(error.argument).toBe(argument);
  expect(error.message).toMatch(new RegExp(`^${fn}: `));
  expect(error.message).toMatch(message);
};

test('binary ops take a node or a finite f32 number on either side, and name the op and operand otherwise', () => {
  const g = new G.Graph();
  const x = G.input(g, [2, 3]);
  refuse(() => G.add(x, '3' as never), 'add', 'b', /a graph node or a finite number within the f32 range, got "3"/);
  refuse(() => G.mul(null as never, x), 'mul', 'a', /got null/);
  refuse(() => G.sub(x, NaN), 'sub', 'b', /got NaN/);
  refuse(() => G.div(x, 1e39), 'div', 'b', /got 1e\+39/);
  refuse(() => G.maximum(x, -Infinity), 'maximum', 'b', /got -Infinity/);
  refuse(() => G.gt(undefined as never, x), 'gt', 'a', /got undefined/);
  refuse(() => G.eq(2, 3), 'eq', 'a', /a graph node when the other operand is a number/);
  refuse(() => G.select(x, x, '0' as never), 'select', 'b', /got "0"/);
  refuse(() => G.select(1 as never, x, x), 'select', 'mask', /a graph node/);
  // numbers within range become [1, 1] constants
  const y = G.add(x, 3.4e38);
  expect(y.inputs[1].op.name).toBe('Constant');
  expect(Array.from(G.evaluate([G.mul(2, x)], new Map([[x, [1, 2, 3, 4, 5, 6]]]))[0])).toEqual([2, 4, 6, 8, 10, 12]);
});

test("leakyRelu's slope is a number in [0, 1] and pow's exponent a finite f32", () => {
  const g = new G.Graph();
  const x = G.input(g, [1, 2]);
  refuse(() => G.leakyRelu(x, NaN), 'leakyRelu', 'slope', /a number in \[0, 1\], got NaN/);
  refuse(() => G.leakyRelu(x, '0.1' as never), 'leakyRelu', 'slope', /got "0.1"/);
  refuse(() => G.leakyRelu(x, 1.5), 'leakyRelu', 'slope', /got 1.5/);
  refuse(() => G.pow(x, Infinity), 'pow', 'p', /finite number within the f32 range, got Infinity/);
  refuse(() => G.pow(x, undefined as never), 'pow', 'p', /got undefined/);
  expect(G.leakyRelu(x).attrs.slope).toBe(0.2);
  expect(Array.from(G.evaluate([G.leakyRelu(x, 0)], new Map([[x, [-1, 2]]]))[0])).toEqual([-0, 2]);
});

test('the mean over an empty axis is NaN (0/0), built without an infinite constant', () => {
  const g = new G.Graph();
  const x = G.input(g, [3, 0]);
  const m = G.mean(x, 1);
  expect(m.shape).toEqual([3, 1]);
  expect(Array.from(G.evaluate([m], new Map([[x, []]]))[0]).every(Number.isNaN)).toBe(true);
});
