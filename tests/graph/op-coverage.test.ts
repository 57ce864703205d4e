// No op without tests: every op the executor runs is in a row of the op table (so it gets
// the forward, gradient and second-order checks, compiled and not) and in a row with tail
// sizes, or is named here with the test file that checks it instead.
import { existsSync } from 'node:fs';
import { expect, test } from 'vitest';
import { grad, graph as G } from '../../bindings/index.js';
import type { Node } from '../../bindings/graph/index.js';
import { registeredOps } from '../../bindings/graph/op.js';
import { OP_TABLE, type OpRow } from './op-table.js';

/** Ops checked by their own tests, not the table: op name -> test file. */
const ELSEWHERE: Record<string, string> = {
  SinkhornSolve: 'tests/metrics/sinkhorn-loss.test.ts',
  SinkhornValue: 'tests/metrics/sinkhorn-loss.test.ts',
  AndersonMix: 'tests/optim/anderson.test.ts',
  RandomNormal: 'tests/compile/program.test.ts',
  RandomUniform: 'tests/compile/program.test.ts',
};
/** Ops in the table whose tails the table cannot express: op name -> test file. */
const TAILS_ELSEWHERE: Record<string, string> = {
  ...ELSEWHERE,
  RandomIndices: 'tests/compile/program.test.ts',
  GatherRows: 'tests/kernels/layout.test.ts',
  ScatterAddRows: 'tests/kernels/layout.test.ts',
};

function opsIn(row: OpRow, s?: number): Set<string> {
  const g = new G.Graph();
  const xs = (s === undefined ? row.inputs : row.tail!(s)).map((shape) => G.param(g, shape));
  const idx = row.indices && G.randomIndices(g, row.indices.n, row.indices.values.length, 0);
  const y = row.build(xs, idx);
  const outputs = s === undefined ? [y, ...grad(G.sum(G.mul(y, y)), xs)] : [y];
  return new Set(G.topoOrder(outputs).map((n: Node) => n.op.name));
}

const lowered = registeredOps().filter((op) => op.lower).map((op) => op.name);

test('every op the executor runs has a row in the op table', () => {
  const covered = new Set(OP_TABLE.flatMap((row) => [...opsIn(row)]));
  const missing = lowered.filter((name) => !covered.has(name) && !(name in ELSEWHERE));
  expect(missing, 'ops with no row: add `samples` to their definition').toEqual([]);
});

test('every op the executor runs has a row with tail sizes', () => {
  const covered = new Set(OP_TABLE.filter((row) => row.tail).flatMap((row) => [...opsIn(row, 5)]));
  const missing = lowered.filter((name) => !covered.has(name) && !(name in TAILS_ELSEWHERE));
  expect(missing, 'ops with no tail row: give one of their samples a `tail`').toEqual([]);
});

test('the tests named for ops checked elsewhere exist', () => {
  for (const file of new Set(Object.values(TAILS_ELSEWHERE))) expect(existsSync(new URL(`../../${file}`, import.meta.url)), file).toBe(true);
});
