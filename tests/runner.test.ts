// The chunked runner (bindings/runner.ts) on a program whose only parameter doubles every
// iteration from 1: it reaches 2^128, past the f32 maximum, at iteration 128 exactly.
import { describe, expect, test } from 'vitest';
import { compile, graph as G, type Saddle } from '../bindings/index.js';
import { ChunkedRunner, firstNonFinite } from '../bindings/runner.js';
import { trackLiveBytes } from './helpers/builds.js';

describe('ChunkedRunner', () => {
  let sd: Saddle;
  trackLiveBytes('simd', (s) => { sd = s; });

  const doubling = () => {
    const g = new G.Graph();
    const w = G.param(g, [1, 1], { kind: 'constant', value: 1 });
    return { w, program: compile(sd, { seed: 1, phases: [{ updates: [[w, G.mul(w, 2)]] }] }) };
  };
  const inspectOf = (program: ReturnType<typeof doubling>['program'], w: ReturnType<typeof doubling>['w']) => () => {
    const bad = firstNonFinite(program.read(w));
    return bad && { quantity: 'w', value: bad.value };
  };

  test('without a spacing: the exact first bad iteration is found by replay, and the program left just before it', () => {
    const { w, program } = doubling();
    try {
      const runner = new ChunkedRunner(program, () => 'mark');
      expect(runner.advance(100, inspectOf(program, w))).toEqual({ ran: 100 });
      const { ran, setback } = runner.advance(100, inspectOf(program, w));
      expect(ran).toBe(100);
      expect(setback).toEqual({ step: 128, quantity: 'w', value: Infinity, restoredTo: 127, mark: 'mark' });
      expect(program.iterations).toBe(127);
      expect(program.read(w)[0]).toBe(2 ** 127);
    } finally { program.dispose(); }
  });

  test('with a spacing: chunks stop at its multiples, and a reported offset goes back to the last multiple', () => {
    const { w, program } = doubling();
    try {
      let marks = 0;
      const runner = new ChunkedRunner(program, () => ++marks, 50);
      expect(runner.advance(80, () => undefined)).toEqual({ ran: 50 });
      expect(runner.advance(80, () => undefined)).toEqual({ ran: 50 });
      const { ran, setback } = runner.advance(80, (first, count) => {
        expect([first, count]).toEqual([100, 50]);
        return { offset: 27, quantity: 'w', value: Infinity };
      });
      expect(ran).toBe(50);
      expect(setback).toEqual({ step: 128, quantity: 'w', value: Infinity, restoredTo: 100, mark: 3 });
      expect(program.iterations).toBe(100);
      expect(program.read(w)[0]).toBe(2 ** 100);
    } finally { program.dispose(); }
  });
});
