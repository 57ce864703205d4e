// Files for the CLI: JSON files with errors that name the file, line and column, and
// matrices (`saddle metrics`): NumPy .npy (little-endian f4/f8/i4/i8/u1, C order, 1-D or
// 2-D; format per numpy.lib.format, versions 1-3), CSV (a header line is detected when its
// first cell is not a number) and JSON (an array of rows, or { values, dim }). Values come
// back as f64, row-major. A file that cannot be read is an InputError (exit code 1), one
// that is read but malformed a UsageError (exit code 2).

import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseCsv } from '../gan/datasets/index.js';
import { fileErrorReason } from '../gan/checkpoint-file.js';
import { InputError, UsageError } from './errors.js';
import { SaddleArgumentError } from '../errors.js';
import { finiteF32Numbers } from '../schema/values.js';

/** A file's bytes; `what` says what it is for in the message ('config', 'checkpoint'). */
export function readInputFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new InputError(`cannot read ${what} ${path}: ${fileErrorReason(e)}`);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The offset where `text` stops being JSON (RFC 8259): the first character no JSON text
 * could have there, or text.length when it ends early; -1 when it is JSON (or nests too deep to tell).
 */
export function jsonErrorOffset(text: string): number {
  let at = 0;
  const fail = (): never => { throw at; };
  const space = () => { while (at < text.length && ' \t\n\r'.includes(text[at])) at++; };
  const expect = (c: string) => { if (text[at] !== c) fail(); at++; };
  const string = () => {
    expect('"');
    for (;;) {
      if (at >= text.length || text[at] < ' ') fail();
      const c = text[at++];
      if (c === '"') return;
      if (c !== '\\') continue;
      const e = text[at++];
      if (e === 'u') { for (let k = 0; k < 4; k++, at++) if (!/[0-9a-fA-F]/.test(text[at] ?? '')) fail(); } else if (e === undefined || !'"\\/bfnrt'.includes(e)) { at--; fail(); }
    }
  };
  const sequence = (close: string, item: () => void) => {
    at++;
    space();
    if (text[at] === close) { at++; return; }
    for (;;) {
      item();
      space();
      if (text[at] === close) { at++; return; }
      expect(',');
    }
  };
  const value = (): void => {
    space();
    const c = text[at];
    if (c === '{') sequence('}', () => { space(); string(); space(); expect(':'); value(); });
    else if (c === '[') sequence(']', value);
    else if (c === '"') string();
    else if (c === 't' || c === 'f' || c === 'n') for (const letter of c === 't' ? 'true' : c === 'f' ? 'false' : 'null') expect(letter);
    else {
      NUMBER.lastIndex = at;
      const m = NUMBER.exec(text);
      if (!m) fail();
      at += m![0].length;
    }
  };
  try {
    value();
    space();
    if (at < text.length) fail();
    return -1;
  } catch (e) {
    if (typeof e === 'number') return Math.min(e, text.length);
    if (e instanceof RangeError) return -1;
    throw e;
  }
}

/** Parses `text` read from `path`; malformed JSON is a UsageError naming the file, line and column. */
export function parseJsonFile(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const at = jsonErrorOffset(text);
    if (at < 0) throw new UsageError(`${path}: not valid JSON (${(e as Error).message})`);
    const before = text.slice(0, at).split('\n');
    const where = `line ${before.length}, column ${before[before.length - 1].length + 1}`;
    const what = at === text.length ? 'the file ends in the middle of a value (truncated?)' : `unexpected ${JSON.stringify(text[at])}`;
    throw new UsageError(`${path}: not valid JSON at ${where}: ${what}`);
  }
}

/** Reads and parses a JSON file (see readInputFile and parseJsonFile). */
export function readJsonFile(path: string, what: string): unknown {
  return parseJsonFile(path, new TextDecoder().decode(readInputFile(path, what)));
}

export interface Matrix { values: Float64Array; rows: number; cols: number }

const NPY_TYPES: Record<string, [number, (view: DataView, at: number) => number]> = {
  '<f4': [4, (v, at) => v.getFloat32(at, true)], '<f8': [8, (v, at) => v.getFloat64(at, true)],
  '<i4': [4, (v, at) => v.getInt32(at, true)], '<i8': [8, (v, at) => Number(v.getBigInt64(at, true))],
  '|u1': [1, (v, at) => v.getUint8(at)], '<u4': [4, (v, at) => v.getUint32(at, true)],
};

/** Parses .npy bytes. */
export function parseNpy(bytes: Uint8Array, name = 'array'): Matrix {
  const fail = (why: string): never => { throw new UsageError(`${name}: not a readable .npy file (${why})`); };
  if (bytes.length < 10 || bytes[0] !== 0x93 || String.fromCharCode(...bytes.subarray(1, 6)) !== 'NUMPY') fail('no \\x93NUMPY magic');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : major === 2 || major === 3 ? view.getUint32(8, true) : fail(`format version ${major}`);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLength));
  const descr = header.match(/'descr':\s*'([^']+)'/)?.[1] ?? fail('no descr');
  const fortran = header.match(/'fortran_order':\s*(True|False)/)?.[1] ?? fail('no fortran_order');
  const shapeText = header.match(/'shape':\s*\(([^)]*)\)/)?.[1] ?? fail('no shape');
  if (fortran === 'True') fail('Fortran order; save with np.ascontiguousarray');
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (shape.length < 1 || shape.length > 2 || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) fail(`shape (${shapeText}); need 1-D or 2-D`);
  const type = NPY_TYPES[descr] ?? fail(`dtype ${descr}; need <f4, <f8, <i4, <i8, <u4 or |u1`);
  const [rows, cols] = shape.length === 1 ? [shape[0], 1] : shape;
  const data = start + headerLength;
  if (bytes.length < data + rows * cols * type[0]) fail(`${bytes.length - data} data bytes for shape (${shapeText})`);
  const values = new Float64Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = type[1](view, data + i * type[0]);
  return { values, rows, cols };
}

/** A JSON matrix's cells: numbers only (null is not 0), finite and in f32 range, or a UsageError naming the file and cell. */
function jsonCells(path: string, cells: unknown[], cols: number): ArrayLike<number> {
  try { return finiteF32Numbers(path, 'cells', cells, { cols }); } catch (error) {
    if (error instanceof SaddleArgumentError) throw new UsageError(`${path}: every cell must be a finite number within the f32 range: ${error.message.replace(/^.*?got /, 'got ')}`);
    throw error;
  }
}

/** Reads a matrix from a .npy, .csv or .json file. */
export function readMatrix(path: string): Matrix {
  const bytes = readInputFile(path, 'file');
  const ext = extname(path).toLowerCase();
  if (ext === '.npy') return parseNpy(bytes, path);
  const text = new TextDecoder().decode(bytes);
  if (ext === '.json') {
    const parsed = parseJsonFile(path, text);
    if (Array.isArray(parsed) && parsed.every((r) => Array.isArray(r))) {
      const rows = parsed.length, cols = rows ? (parsed[0] as unknown[]).length : 0;
      if (parsed.some((r) => (r as unknown[]).length !== cols)) throw new UsageError(`${path}: rows of different lengths`);
      return { values: Float64Array.from(jsonCells(path, (parsed as unknown[][]).flat(), cols)), rows, cols };
    }
    const o = parsed as { values?: number[]; dim?: number };
    if (o && Array.isArray(o.values) && Number.isInteger(o.dim) && o.dim! > 0 && o.values.length % o.dim! === 0) {
      return { values: Float64Array.from(jsonCells(path, o.values, o.dim!)), rows: o.values.length / o.dim!, cols: o.dim! };
    }
    throw new UsageError(`${path}: JSON must be an array of rows or { values, dim }`);
  }
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') {
    const firstCell = text.trimStart().split(/[\n\r]/)[0]?.split(/[,\t ]/)[0]?.trim() ?? '';
    const set = parseCsv(text, { header: firstCell !== '' && !Number.isFinite(Number(firstCell)), delimiter: ext === '.csv' ? ',' : 'whitespace' });
    return { values: Float64Array.from(set.data), rows: set.data.length / set.dim, cols: set.dim };
  }
  throw new UsageError(`${path}: unknown file type '${ext}' (use .npy, .csv, .tsv, .txt or .json)`);
}
