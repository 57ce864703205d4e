// User data (bindings/gan/datasets/formats.ts): fromArray and parseCsv, and their typed errors.
import { describe, expect, test } from 'vitest';
import { SaddleCsvError, fromArray, parseCsv } from '../../../bindings/gan/datasets/index.js';
import { argumentError } from '../../helpers/errors.js';

describe('user data', () => {
  test('fromArray: flat (row-major) and nested rows give the same dataset; dim and values are validated', () => {
    const flat = fromArray([0, 1, 2, 3, 4, 5], 2);
    expect([flat.rows, flat.dim, [...flat.data], flat.name, flat.source]).toEqual([3, 2, [0, 1, 2, 3, 4, 5], 'array', 'fromArray']);
    expect(fromArray([[0, 1], [2, 3], [4, 5]], 2)).toEqual(flat);
    expect(fromArray(new Float64Array([0.1, 0.2, 0.3]), 1).data).toEqual(Float32Array.of(0.1, 0.2, 0.3));
    const cases: Array<[() => unknown, string]> = [
      [() => fromArray([1, 2, 3], 0), 'dim'],
      [() => fromArray([1, 2, 3], 1.5), 'dim'],
      [() => fromArray([1, 2, 3], '1' as never), 'dim'],
      [() => fromArray([1, 2, 3], 2), 'values'],
      [() => fromArray([], 2), 'values'],
      [() => fromArray('12' as never, 1), 'values'],
      [() => fromArray([1, NaN], 1), 'values[1]'],
      [() => fromArray([1, 1e39], 2), 'values[1]'],
      [() => fromArray([[1, 2], [3]], 2), 'values[1]'],
      [() => fromArray([[1, 2], [3, Infinity]], 2), 'values[1][1]'],
    ];
    for (const [f, argument] of cases) expect(argumentError(f).argument).toBe(argument);
  });

  test('parseCsv: headers, delimiters, whitespace, CRLF, blank lines and a trailing newline', () => {
    const a = parseCsv('x,y\n0.5,1\n-2,3e-1\n', { header: true });
    expect([a.rows, a.dim, [...a.data], a.columns, a.name]).toEqual([2, 2, [0.5, 1, -2, Math.fround(0.3)], ['x', 'y'], 'csv']);
    const b = parseCsv('\uFEFF"x" ; "y"\r\n\r\n  +1.5 ;\t.25 \r\n-0.0;2E3\r\n\r\n', { header: true, delimiter: ';' });
    expect([b.rows, b.dim, [...b.data], b.columns]).toEqual([2, 2, [1.5, 0.25, -0, 2000], ['x', 'y']]);
    const c = parseCsv('1\t2\t3\n4\t5\t6', { delimiter: '\t' });
    expect([c.rows, c.dim, [...c.data], c.columns]).toEqual([2, 3, [1, 2, 3, 4, 5, 6], undefined]);
    const d = parseCsv('  1   2\n\t3 4  \n', { delimiter: 'whitespace' });
    expect([d.rows, d.dim, [...d.data]]).toEqual([2, 2, [1, 2, 3, 4]]);
    const e = parseCsv('7\r8\r9');
    expect([e.rows, e.dim, [...e.data]]).toEqual([3, 1, [7, 8, 9]]);
  });

  test('parseCsv: typed errors name the line and column of a bad cell or a ragged row', () => {
    const csvError = (f: () => unknown): SaddleCsvError => {
      const e = argumentError(f);
      expect(e).toBeInstanceOf(SaddleCsvError);
      expect(e.argument).toBe('text');
      expect(e.code).toBe('E_ARGUMENT');
      return e as SaddleCsvError;
    };
    const bad = csvError(() => parseCsv('1,2\n3,abc\n5,6'));
    expect([bad.line, bad.column]).toEqual([2, 2]);
    expect(bad.message).toBe('parseCsv: argument \'text\' must be a number at line 2, column 2, got "abc"');
    const ragged = csvError(() => parseCsv('1,2\n\n3,4,5\n'));
    expect([ragged.line, ragged.column]).toEqual([3, 3]);
    expect(ragged.message).toBe('parseCsv: argument \'text\' must be rows of 2 fields (as on line 1), got 3 fields on line 3');
    const short = csvError(() => parseCsv('a,b,c\n1,2,3\n4,5', { header: true }));
    expect([short.line, short.column]).toEqual([3, 3]);
    const empty = csvError(() => parseCsv('1,2\n3,\n'));
    expect([empty.line, empty.column, empty.message]).toEqual([2, 2, 'parseCsv: argument \'text\' must be a number at line 2, column 2, got an empty cell']);
    const header = csvError(() => parseCsv('x,y\n1,2'));
    expect([header.line, header.column]).toEqual([1, 1]);
    expect(header.message).toContain('pass { header: true }');
    for (const cell of ['NaN', 'Infinity', '0x10', '1,5e', '1e999', '--1']) {
      const err = csvError(() => parseCsv(`0;0\n1;${cell}`, { delimiter: ';' }));
      expect([err.line, err.column], cell).toEqual([2, 2]);
    }
    // not CSV errors: the arguments themselves
    expect(argumentError(() => parseCsv('\n\n')).argument).toBe('text');
    expect(argumentError(() => parseCsv('x,y\n', { header: true })).argument).toBe('text');
    expect(argumentError(() => parseCsv(3 as never)).argument).toBe('text');
    expect(argumentError(() => parseCsv('1', { delimiter: '.' })).argument).toBe('delimiter');
    expect(argumentError(() => parseCsv('1', { delimiter: ',,' })).argument).toBe('delimiter');
    expect(argumentError(() => parseCsv('1', { header: 1 as never })).argument).toBe('header');
  });
});
