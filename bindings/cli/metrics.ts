// `saddle metrics <name> A B [--json] [--option value ...]`: a distance between two sample
// sets read from .npy, CSV or JSON files (rows are samples), computed inside WASM, printed as
// one line (or JSON with --json). The names and their options come from metrics.METRICS:
// `--subset-size 100` is the option subsetSize; boolean options are bare flags.

import { loadSaddle, SaddleArgumentError } from '../index.js';
import { METRICS, computeMetric, type MetricName } from '../metrics/registry.js';
import { nearest } from '../schema/nearest.js';
import { readMatrix } from './files.js';
import { UsageError } from './train.js';

type Schema = { type?: string; anyOf?: Schema[]; const?: unknown; properties?: Record<string, Schema>; required?: string[] };

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const isBoolean = (s: Schema) => s.type === 'boolean';

/** A flag's value as its schema reads it: numbers for number branches, else the text. */
function parseValue(flag: string, text: string, schema: Schema): unknown {
  const branches = schema.anyOf ?? [schema];
  if (branches.some((b) => b.const === text || (b.type === 'string' && b.const === undefined))) return text;
  if (branches.some((b) => b.type === 'number' || b.type === 'integer')) {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${flag} needs a number, got ${text}`);
    return n;
  }
  return text;
}

/** The usage line of one metric's options, for help and errors. */
export function metricOptionsText(name: MetricName): string {
  const props = ((METRICS.entries[name].options as Schema).properties ?? {}) as Record<string, Schema>;
  return Object.entries(props).map(([key, s]) => {
    if (isBoolean(s)) return `[--${kebab(key)}]`;
    const values = (s.anyOf ?? []).filter((b) => b.const !== undefined).map((b) => String(b.const));
    return `--${kebab(key)} ${values.length ? values.join('|') : 'N'}${(s.anyOf ?? []).some((b) => b.type === 'number') && values.length ? '|N' : ''}`;
  }).join(' ');
}

export async function metricsCommand(args: string[]): Promise<void> {
  const [name, pathA, pathB, ...rest] = args;
  if (!METRICS.has(name)) {
    const near = typeof name === 'string' ? nearest(name, METRICS.names) : undefined;
    throw new UsageError(`metrics: the first argument is one of ${METRICS.names.join(', ')}${near ? ` (did you mean '${near}'?)` : ''}, got ${name ?? 'nothing'}`);
  }
  if (!pathA || !pathB) throw new UsageError(`metrics ${name}: give two files, A and B (.npy, .csv, .tsv, .txt or .json; one sample per row)`);
  const schema = METRICS.entries[name].options as Schema;
  const props = schema.properties ?? {};
  const byFlag = new Map(Object.keys(props).map((key) => [kebab(key), key]));
  const options: Record<string, unknown> = {};
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('--')) throw new UsageError(`metrics: unexpected argument ${a}`);
    const flag = a.slice(2);
    if (flag === 'json') { json = true; continue; }
    const key = byFlag.get(flag);
    if (key === undefined) {
      const allowed = ['json', ...byFlag.keys()];
      const near = nearest(flag, allowed);
      throw new UsageError(`metrics ${name}: unknown option --${flag}${near ? ` (did you mean --${near}?)` : ''} (allowed: ${allowed.map((k) => `--${k}`).join(', ')})`);
    }
    if (isBoolean(props[key])) { options[key] = true; continue; }
    const value = rest[++i];
    if (value === undefined) throw new UsageError(`--${flag} needs a value`);
    options[key] = parseValue(flag, value, props[key]);
  }
  for (const key of schema.required ?? []) {
    if (options[key] === undefined) throw new UsageError(`metrics ${name} needs --${kebab(key)} (${props[key] && (props[key] as { description?: string }).description})`);
  }
  const a = readMatrix(pathA), b = readMatrix(pathB);
  if (a.cols !== b.cols) throw new UsageError(`metrics: A has ${a.cols} columns and B has ${b.cols}; they must match`);
  const sd = await loadSaddle();
  let value;
  try {
    value = computeMetric(sd, name, { data: a.values, rows: a.rows, cols: a.cols }, { data: b.values, rows: b.rows, cols: b.cols }, options);
  } catch (error) {
    // an option's error names its flag (options.subsetSize is --subset-size), given or defaulted
    const key = error instanceof SaddleArgumentError ? error.argument.replace(/^options\./, '').split('.')[0] : '';
    if (error instanceof SaddleArgumentError && Object.prototype.hasOwnProperty.call(props, key)) {
      const because = error.message.slice(error.message.indexOf(' must be ') + 1);
      throw new UsageError(`metrics ${name}: --${kebab(key)} ${because}${options[key] === undefined ? ` (it was not given: the default applies; set --${kebab(key)})` : ''}`);
    }
    throw error;
  }
  console.log(json ? JSON.stringify({ metric: name, a: pathA, b: pathB, rowsA: a.rows, rowsB: b.rows, dim: a.cols, ...value.result }) : value.line);
}
