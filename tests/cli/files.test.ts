// Matrices from .npy, CSV and JSON files for `saddle metrics`; JSON errors that name the
// file, line and column; missing files as input errors (exit 1), malformed ones as usage errors (exit 2).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { jsonErrorOffset, parseJsonFile, parseNpy, readJsonFile, readMatrix } from '../../bindings/cli/files.js';
import { InputError, UsageError } from '../../bindings/cli/errors.js';
import { mulberry32 } from '../helpers/random.js';

/** A version-1 .npy file as numpy.save writes it: magic, header padded with spaces to 64 bytes, data. */
function npy(descr: string, shape: number[], data: ArrayBufferView): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header = header.padEnd(64 - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, ...'NUMPY'.split('').map((c) => c.charCodeAt(0)), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

test('.npy: f4 and f8, 1-D and 2-D, read in C order; bad files are usage errors', () => {
  const a = parseNpy(npy('<f4', [2, 3], new Float32Array([1, 2, 3, 4, 5, 6.5])));
  expect([a.rows, a.cols, ...a.values]).toEqual([2, 3, 1, 2, 3, 4, 5, 6.5]);
  const b = parseNpy(npy('<f8', [3], new Float64Array([0.1, 0.2, 0.3])));
  expect([b.rows, b.cols, ...b.values]).toEqual([3, 1, 0.1, 0.2, 0.3]);
  const c = parseNpy(npy('<i8', [1, 2], new BigInt64Array([-3n, 7n])));
  expect(Array.from(c.values)).toEqual([-3, 7]);
  expect(() => parseNpy(new Uint8Array(20))).toThrow(/no \\x93NUMPY magic/);
  expect(() => parseNpy(npy('<c8', [1], new Float32Array(2)))).toThrow(/dtype <c8/);
  expect(() => parseNpy(npy('<f4', [4, 4], new Float32Array(3)))).toThrow(/data bytes/);
});

test('CSV (header detected), whitespace text and JSON read as f64 row-major matrices', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saddle-'));
  const write = (name: string, text: string) => { writeFileSync(join(dir, name), text); return join(dir, name); };
  expect(readMatrix(write('a.csv', 'x,y\n1,2\n3,4\n'))).toEqual({ values: new Float64Array([1, 2, 3, 4]), rows: 2, cols: 2 });
  expect(readMatrix(write('b.csv', '1,2\n3,4\n')).rows).toBe(2);
  expect(readMatrix(write('c.txt', '1 2 3\n4 5 6\n')).cols).toBe(3);
  expect(readMatrix(write('d.json', '[[1, 2], [3, 4], [5, 6]]'))).toEqual({ values: new Float64Array([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2 });
  expect(readMatrix(write('e.json', '{"values": [1, 2, 3, 4], "dim": 4}')).rows).toBe(1);
  expect(() => readMatrix(write('i.json', '[[1, 2], [3]]'))).toThrow(/different lengths/);
  expect(() => readMatrix(write('j.xlsx', ''))).toThrow(/unknown file type/);
  expect(() => readMatrix(join(dir, 'missing.csv'))).toThrow(InputError);
  expect(() => readMatrix(join(dir, 'missing.csv'))).toThrow(`cannot read file ${join(dir, 'missing.csv')}: no such file or folder (ENOENT)`);
  expect(() => readMatrix(write('k.json', '[[1, 2], [3, 4]'))).toThrow(UsageError);
  expect(() => readMatrix(join(dir, 'k.json'))).toThrow(`${join(dir, 'k.json')}: not valid JSON at line 1, column 16: the file ends in the middle of a value (truncated?)`);
});

test('jsonErrorOffset finds where a text stops being JSON, as JSON.parse decides', () => {
  const cases: Array<[string, number]> = [
    ['', 0], ['{', 1], ['{"a"', 4], ['{"a":', 5], ['{"a":1', 6], ['{"a":1,}', 7], ['[1,]', 3], ['[1 2]', 3], ['{a:1}', 1],
    ['"\\x"', 2], ['"abc', 4], ['"a\nb"', 2], ['01', 1], ['-', 0], ['1.', 1], ['tru', 3], ['nul', 3], ['nulL', 3], ['[1]]', 3],
    ['{"a":[1,{"b":true}],"c":null} x', 30], ['\ufeff{}', 0],
  ];
  for (const [text, at] of cases) {
    expect(() => JSON.parse(text), text).toThrow(SyntaxError);
    expect(jsonErrorOffset(text), JSON.stringify(text)).toBe(at);
  }
  for (const text of ['{}', '[]', ' {"a": [1, -2.5e-3, true, false, null, "\\u00e9\\n"]} ', '0', '"x"']) {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(jsonErrorOffset(text), text).toBe(-1);
  }
  // every prefix of a JSON text is refused by both, at the end or earlier
  const seed = 7, next = mulberry32(seed);
  const value = JSON.stringify({ a: [1, 2.5, { b: 'x\u00e9"' }], c: null, d: Array.from({ length: 5 }, () => next()) });
  for (let n = 0; n < value.length; n++) {
    const prefix = value.slice(0, n);
    let parses = true;
    try { JSON.parse(prefix); } catch { parses = false; }
    const at = jsonErrorOffset(prefix);
    expect(parses ? at === -1 : at >= 0 && at <= n, `seed ${seed}, prefix ${JSON.stringify(prefix)}`).toBe(true);
  }
});

test('JSON errors name the file, line and column; unreadable files are input errors', () => {
  expect(() => parseJsonFile('run.json', '{\n  "a": 1,\n  "b": x\n}')).toThrow('run.json: not valid JSON at line 3, column 8: unexpected "x"');
  expect(() => parseJsonFile('run.json', '{\r\n  "a": [1,\r\n')).toThrow('run.json: not valid JSON at line 3, column 1: the file ends in the middle of a value (truncated?)');
  expect(parseJsonFile('run.json', '{"a": [1]}')).toEqual({ a: [1] });
  const dir = mkdtempSync(join(tmpdir(), 'saddle-'));
  expect(() => readJsonFile(dir, 'config')).toThrow(`cannot read config ${dir}: it is a folder (EISDIR)`);
  expect(() => readJsonFile(join(dir, 'none.json'), 'config')).toThrow(InputError);
});

test('JSON matrices: null, strings, NaN-like and beyond-f32 cells are usage errors naming the file and the cell, not read as 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saddle-'));
  const write = (name: string, text: string) => { writeFileSync(join(dir, name), text); return join(dir, name); };
  for (const [name, text, cell] of [
    ['null.json', '[[0, null], [1, 1]]', /got null at index 1 \(row 0, column 1/],
    ['string.json', '[[0, 1], ["2", 1]]', /got "2" at index 2 \(row 1, column 0/],
    ['huge.json', '{ "values": [0, 1, 1e39, 2], "dim": 2 }', /got 1e\+39 at index 2 \(row 1, column 0/],
  ] as const) {
    const path = write(name, text);
    let error: unknown;
    try { readMatrix(path); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(cell);
  }
  expect(readMatrix(write('ok.json', '[[0, 1.5], [-2, 3e38]]')).values).toEqual(new Float64Array([0, 1.5, -2, 3e38]));
});
