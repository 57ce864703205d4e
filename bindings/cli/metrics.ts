// `saddle metrics <name> A B [--json] [--option value ...]`: a distance between two sample
// sets read from .npy, CSV or JSON files (rows are samples), computed inside WASM, printed as
// one line (or JSON with --json). The subcommands and their flags come from metrics.METRICS
// (METRICS_COMMAND): `--subset-size 100` is the option subsetSize, with the schema's default;
// boolean options are bare flags.

import { loadSaddle, SaddleArgumentError } from '../index.js';
import { METRICS, computeMetric, type MetricName } from '../metrics/registry.js';
import { readMatrix } from './files.js';
import { UsageError } from './errors.js';
import type { CommandInput, CommandSpec, FlagSpec } from './command.js';

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

type Described = Schema & { default?: unknown; description?: string };

/** One metric option as a flag: its placeholder (the choices, or N for a number) and its default. */
function metricFlag(key: string, s: Described, required: boolean): FlagSpec {
  const branches = s.anyOf ?? [s];
  const values = branches.filter((b) => b.const !== undefined).map((b) => String(b.const));
  const numeric = branches.some((b) => b.type === 'number' || b.type === 'integer');
  const value = isBoolean(s) ? undefined : [...values, ...(numeric ? ['N'] : [])].join('|') || 'TEXT';
  const shown = s.default === undefined ? (required ? 'required' : 'unset') : isBoolean(s) ? (s.default ? 'on' : 'off') : String(s.default);
  return { flag: kebab(key), value, description: s.description ?? key, default: shown };
}

/** The flags of `saddle metrics NAME`: --json, then the metric's options from the registry's schema. */
export function metricFlags(name: MetricName): FlagSpec[] {
  const schema = METRICS.entries[name].options as Schema;
  const required = new Set(schema.required ?? []);
  return [
    { flag: 'json', description: 'print the result as one JSON object (with the rows and dimension of A and B)', default: 'off' },
    ...Object.entries((schema.properties ?? {}) as Record<string, Described>).map(([key, s]) => metricFlag(key, s, required.has(key))),
  ];
}

/** `saddle metrics`: one subcommand per entry of METRICS, its flags from the entry's options. */
export const METRICS_COMMAND: CommandSpec = {
  name: 'metrics',
  summary: 'a distance between two sample sets (.npy, .csv, .tsv, .txt, .json; one sample per row), computed inside WASM',
  subcommands: METRICS.names.map((name) => ({
    name,
    summary: `${METRICS.entries[name].summary} (${METRICS.entries[name].reference})`,
    args: [{ name: 'A', description: 'the first sample set' }, { name: 'B', description: 'the second sample set, with as many columns' }],
    flags: metricFlags(name),
    run: async (input) => { await metricsCommand(name, input); return 0; },
  })),
};

async function metricsCommand(name: MetricName, input: CommandInput): Promise<void> {
  const [pathA, pathB] = input.args;
  const schema = METRICS.entries[name].options as Schema;
  const props = schema.properties ?? {};
  const options: Record<string, unknown> = {};
  const json = input.flags.json === true;
  for (const key of Object.keys(props)) {
    const given = input.flags[kebab(key)];
    if (given === undefined) continue;
    options[key] = given === true ? true : parseValue(kebab(key), given, props[key]);
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
