// Matrices from .npy, CSV and JSON files for `saddle metrics`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parseNpy, readMatrix } from '../../bindings/cli/files.js';

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
  expect(() => readMatrix(join(dir, 'missing.csv'))).toThrow(/cannot read/);
});
