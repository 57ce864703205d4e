import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
// @ts-expect-error: plain ESM script without types
import { readExports, renderExports } from '../../scripts/gen-exports.mjs';
import { EXPORT_FUNCTIONS } from '../../bindings/wasm/exports.js';
import { saddleExports } from '../../bindings/wasm/instance.js';
import { SaddleLoadError } from '../../bindings/index.js';

test('bindings/wasm/exports.ts is generated from assembly/index.ts and is not stale', () => {
  const current = readFileSync(new URL('../../bindings/wasm/exports.ts', import.meta.url), 'utf8');
  expect(current).toBe(renderExports(readExports()));
});

test('the module exports exactly the functions the interface declares, and memory', () => {
  for (const file of ['saddle.simd.wasm', 'saddle.relaxed.wasm']) {
    const module = new WebAssembly.Module(readFileSync(new URL(`../../build/${file}`, import.meta.url)));
    const exports = WebAssembly.Module.exports(module);
    expect(exports.filter((e) => e.kind === 'function').map((e) => e.name).sort(), file).toEqual([...EXPORT_FUNCTIONS].sort());
    expect(exports.filter((e) => e.kind !== 'function').map((e) => `${e.kind} ${e.name}`), file).toEqual(['memory memory']);
  }
});

test('an instance missing an export is refused by name', () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const exports = Object.fromEntries([...EXPORT_FUNCTIONS.map((name) => [name, () => 0]), ['memory', memory]]);
  expect(saddleExports(exports).memory).toBe(memory);
  delete exports.exec_run;
  expect(() => saddleExports(exports)).toThrow(SaddleLoadError);
  expect(() => saddleExports(exports)).toThrow(/missing exports exec_run/);
});

test('a parameter type that cannot cross the boundary is an error', () => {
  const read = (path: string) => (path === 'assembly/index.ts' ? 'export function f(x: string): i32 { return 0; }\n' : '');
  expect(() => renderExports(readExports(read))).toThrow(/type string cannot cross/);
});
