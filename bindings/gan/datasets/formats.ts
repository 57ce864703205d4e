// User data as datasets: numbers from arrays and numeric CSV text. Pure parsing, no I/O
// and no WASM: the same in Node and in browsers.

import { Described, SaddleArgumentError } from '../../errors.js';
import { F32_MAX, MAX_VALUES, checkRows, isArrayLike, isObject, type Dataset } from './dataset.js';

function checkValue(fn: string, name: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || Math.abs(x) > F32_MAX) {
    throw new SaddleArgumentError(fn, name, 'a finite number in the f32 range', x);
  }
  return x;
}

/**
 * User data as a dataset: `values` is either flat (row-major, length rows·dim) or an array of
 * rows of `dim` numbers. Every value must be finite and in the f32 range; at least one row.
 *
 * @example
 * gan.fromArray([0, 1, 2, 3, 4, 5], 2);        // 3 rows × 2
 * gan.fromArray([[0, 1], [2, 3], [4, 5]], 2);  // the same
 */
export function fromArray(values: ArrayLike<number> | ArrayLike<ArrayLike<number>>, dim: number): Dataset {
  const fn = 'fromArray';
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1 || dim > MAX_VALUES) {
    throw new SaddleArgumentError(fn, 'dim', 'an integer in [1, 2^28] (numbers per row)', dim);
  }
  if (!isArrayLike(values) || typeof values === 'string') throw new SaddleArgumentError(fn, 'values', 'an array of numbers or an array of rows', values);
  let data: Float32Array;
  if (values.length > 0 && isArrayLike(values[0])) {
    const rows = values.length;
    checkRows(fn, rows, dim);
    data = new Float32Array(rows * dim);
    for (let r = 0; r < rows; r++) {
      const row = values[r] as unknown;
      if (!isArrayLike(row) || row.length !== dim) {
        throw new SaddleArgumentError(fn, `values[${r}]`, `a row of ${dim} numbers (dim)`, isArrayLike(row) ? new Described(`${row.length} numbers`) : row);
      }
      for (let j = 0; j < dim; j++) data[r * dim + j] = checkValue(fn, `values[${r}][${j}]`, row[j]);
    }
  } else {
    if (values.length === 0 || values.length % dim !== 0) {
      throw new SaddleArgumentError(fn, 'values', `a positive multiple of dim = ${dim} numbers (rows × dim, row-major)`, new Described(`${values.length} numbers`));
    }
    checkRows(fn, values.length / dim, dim);
    data = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) data[i] = checkValue(fn, `values[${i}]`, values[i]);
  }
  return { data, rows: data.length / dim, dim, name: 'array', source: 'fromArray' };
}

/** A CSV cell that is not a number, or a row of the wrong length: names the 1-based line and column. */
export class SaddleCsvError extends SaddleArgumentError {
  readonly line: number;
  readonly column: number;
  constructor(expected: string, got: unknown, line: number, column: number) {
    super('parseCsv', 'text', expected, got);
    this.line = line;
    this.column = column;
  }
}

export interface CsvOptions {
  /** The first non-blank line names the columns (default false). */
  header?: boolean;
  /** A single character (default ','; not a digit, sign, '.', 'e', quote or line break), or 'whitespace' for runs of spaces and tabs. */
  delimiter?: string;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses numeric CSV text (one sample per line) into a dataset. Lines end in \n, \r\n or \r;
 * blank lines are skipped (a trailing newline is fine); cells are trimmed of spaces and
 * tabs. Cells must be decimal numbers (e.g. -1.5, .5, 2e-3) in the f32 range: anything else,
 * or a row whose field count differs from the first row's, throws a SaddleCsvError naming the
 * line and column.
 *
 * @example
 * gan.parseCsv('x,y\n0.5,1\n-2,3e-1\n', { header: true });  // rows 2, dim 2, columns ['x', 'y']
 * gan.parseCsv('1 2\n3 4', { delimiter: 'whitespace' });   // rows 2, dim 2
 */
export function parseCsv(text: string, options?: CsvOptions): Dataset {
  const fn = 'parseCsv';
  if (typeof text !== 'string') throw new SaddleArgumentError(fn, 'text', 'a string of CSV text', text);
  if (options !== undefined && !isObject(options)) throw new SaddleArgumentError(fn, 'options', 'an object { header?, delimiter? }', options);
  const header = options?.header ?? false;
  if (typeof header !== 'boolean') throw new SaddleArgumentError(fn, 'header', 'true or false', header);
  const delimiter = options?.delimiter ?? ',';
  if (typeof delimiter !== 'string' || (delimiter !== 'whitespace' && (delimiter.length !== 1 || /[0-9.+\-eE"\r\n]/.test(delimiter)))) {
    throw new SaddleArgumentError(fn, 'delimiter', "a single character that cannot appear in a number (e.g. ',', ';', '\\t') or 'whitespace'", delimiter);
  }
  const split = delimiter === 'whitespace'
    ? (line: string) => line.trim().split(/[ \t]+/)
    : (line: string) => line.split(delimiter).map((cell) => cell.replace(/^[ \t]+|[ \t]+$/g, ''));
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const values: number[] = [];
  let dim = 0, firstLine = 0;
  let columns: string[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const line = i + 1;
    const cells = split(lines[i]);
    if (header && columns === undefined) {
      columns = cells.map((c) => c.replace(/^"(.*)"$/, '$1'));
      dim = cells.length;
      firstLine = line;
      continue;
    }
    if (dim === 0) {
      dim = cells.length;
      firstLine = line;
    } else if (cells.length !== dim) {
      throw new SaddleCsvError(`rows of ${dim} fields (as on line ${firstLine})`,
        new Described(`${cells.length} fields on line ${line}`), line, Math.min(cells.length, dim) + 1);
    }
    cells.forEach((cell, j) => {
      const at = `line ${line}, column ${j + 1}`;
      const hint = !header && line === firstLine ? ' (pass { header: true } if this line names the columns)' : '';
      if (cell === '') throw new SaddleCsvError(`a number at ${at}`, new Described('an empty cell'), line, j + 1);
      if (!NUMBER.test(cell)) throw new SaddleCsvError(`a number at ${at}${hint}`, cell, line, j + 1);
      const x = Number(cell);
      if (!(Math.abs(x) <= F32_MAX)) throw new SaddleCsvError(`a number in the f32 range at ${at}`, cell, line, j + 1);
      values.push(x);
    });
  }
  if (values.length === 0) throw new SaddleArgumentError(fn, 'text', 'at least one row of numbers', new Described('no data rows'));
  const rows = values.length / dim;
  checkRows(fn, rows, dim);
  return { data: Float32Array.from(values), rows, dim, name: 'csv', source: 'parseCsv', ...(columns ? { columns } : {}) };
}
