import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
// @ts-expect-error: plain ESM script without types
import { renderOpcodes } from '../scripts/gen-opcodes.mjs';
import * as OPCODES from '../bindings/wasm/opcodes.js';

const source = readFileSync(new URL('../assembly/opcodes.ts', import.meta.url), 'utf8');

test('bindings/wasm/opcodes.ts mirrors assembly/opcodes.ts exactly', () => {
  const mirror = readFileSync(new URL('../bindings/wasm/opcodes.ts', import.meta.url), 'utf8');
  expect(mirror).toBe(renderOpcodes(source));
});

test('every constant crosses with its value, and no family reuses a number', () => {
  const constants = [...source.matchAll(/^export const ([A-Z0-9_]+): i32 = (-?\d+);/gm)];
  expect(constants.length).toBeGreaterThan(20);
  const families = new Map<string, Set<number>>();
  for (const [, name, value] of constants) {
    expect((OPCODES as Record<string, unknown>)[name]).toBe(Number(value));
    const family = name.split('_')[0];
    const used = families.get(family) ?? new Set<number>();
    expect(used.has(Number(value)), `${name} = ${value} reused in ${family}_*`).toBe(false);
    used.add(Number(value));
    families.set(family, used);
  }
});

test('UNARY and BINARY name every UNARY_* and BINARY_* opcode, in opcode order', () => {
  for (const family of ['UNARY', 'BINARY'] as const) {
    const want = Object.entries(OPCODES).flatMap(([name, code]) =>
      name.startsWith(`${family}_`) && typeof code === 'number' ? [[name.slice(family.length + 1).toLowerCase(), code] as const] : []);
    expect(Object.entries(OPCODES[family])).toEqual(want.sort((a, b) => a[1] - b[1]));
  }
});
