// The trainer's config schema: typed errors with full paths and suggestions, inapplicable
// options refused, rules between fields, and config.schema.json as a real JSON Schema that
// an independent validator (Ajv) applies to the examples the way checkConfig does.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect, test } from 'vitest';
import { gan, optim, nn, SaddleArgumentError } from '../../bindings/index.js';
import { argumentError } from '../helpers/errors.js';
import { SWEEP_FILE_SCHEMA } from '../../bindings/sweep/spec.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const base = (): gan.TrainerConfig => ({
  data: { values: [0, 0, 1, 1], dim: 2 }, noise: { dim: 2 }, batch: 4, seed: 1,
  generator: { hidden: [4] }, discriminator: { hidden: [4] },
});
const withField = (patch: Record<string, unknown>) => ({ ...base(), ...patch }) as gan.TrainerConfig;

test('a valid config passes and is returned as is', () => {
  const c = withField({ optimizer: { d: { kind: 'sgd', lr: 0.1, momentum: 0.9, schedule: { kind: 'cosine', steps: 10 } } }, loss: 'leastSquares', lossOptions: { labels: { a: -1 } } });
  expect(gan.checkConfig(c)).toBe(c);
});

test('errors name the full path, the value and what is allowed; unknown keys suggest the nearest', () => {
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ generator: { hidden: [4, 0] } }, 'generator.hidden[1]', /an integer in \[1, 2\^16\], got 0/],
    [{ generator: { hidden: [4], activaton: 'relu' } }, 'generator.activaton', /did you mean 'activation'/],
    [{ optimizer: { d: { kind: 'adam', lr: 1, schedule: { kind: 'cosine', steps: 1.5 } } } }, 'optimizer.d.schedule.steps', /an integer/],
    [{ optimizer: { d: { kind: 'adam', lr: 1, schedule: { kind: 'cosin', steps: 1 } } } }, 'optimizer.d.schedule.kind', /did you mean 'cosine'/],
    [{ optimizer: { g: { kind: 'sgd', lr: 1, b2: 0.9 } } }, 'optimizer.g.b2', /unset for kind 'sgd' \(b2 is an option of 'adam', 'optimisticAdam'/],
    [{ loss: 'hinge', lossOptions: { smoothing: 0.9 } }, 'lossOptions.smoothing', /unset for loss 'hinge'/],
    [{ lossOptions: { smothing: 0.9 } }, 'lossOptions.smothing', /did you mean 'smoothing'/],
    [{ loss: 'nonsaturating' }, 'loss', /did you mean 'nonSaturating'/],
    [{ discriminator: { hidden: [4], output: 'tanh' } }, 'discriminator.output', /known fields/],
    [{ generator: { hidden: [4], minibatchStd: true } }, 'generator.minibatchStd', /known fields/],
    [{ data: { values: [0, 1e39], dim: 2 } }, 'data.values', /f32 range.*1e\+39 at index 1/],
    [{ data: { values: [0, null], dim: 2 } }, 'data.values', /null at index 1/],
    [{ regularizers: { consensus: 1 } }, 'regularizers.consensus', /'simultaneous'/],
    [{ regularizers: { r1: 1 }, discriminator: { hidden: [4], minibatchStd: true } }, 'regularizers.r1', /minibatchStd/],
    [{ nonFinite: { action: 'rollback', lrFactor: 1 } }, 'nonFinite.lrFactor', /\(0, 1\)/],
    [{ seed: 2 ** 53 }, 'seed', /2\^53 - 1/],
    [{ ema: NaN }, 'ema', /\[0, 1\), got NaN/],
    [{ unrolled: { steps: 1, lr: '0.1' } }, 'unrolled.lr', /positive finite number/],
  ];
  for (const [patch, argument, message] of cases) {
    const e = argumentError(() => gan.checkConfig(withField(patch)));
    expect(e.argument, JSON.stringify(patch)).toBe(argument);
    expect(e.message, JSON.stringify(patch)).toMatch(message);
  }
  expect(() => gan.checkConfig(null)).toThrow(SaddleArgumentError);
});

test("lossOptions are the chosen loss's: unknown keys get its nearest option, another loss's option names that loss", () => {
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    // the nearest among nonSaturating's options, not among every loss's
    [{ lossOptions: { label: { a: 0 } } }, 'lossOptions.label', /known fields \(smoothing\), got an unknown field 'label'/],
    [{ loss: 'leastSquares', lossOptions: { lables: { a: 0 } } }, 'lossOptions.lables', /known fields \(labels\): did you mean 'labels'/],
    [{ loss: 'leastSquares', lossOptions: { labels: { a: 0, d: 1 } } }, 'lossOptions.labels.d', /known fields \(a, b, c\)/],
    [{ lossOptions: { labels: { a: 0 } } }, 'lossOptions.labels', /unset for loss 'nonSaturating' \(labels is an option of 'leastSquares'\)/],
    [{ loss: 'wasserstein', lossOptions: { margin: 1 } }, 'lossOptions.margin', /unset \(loss 'wasserstein' takes no options\)/],
    [{ loss: 'hinge', lossOptions: { smoothing: 0.9 } }, 'lossOptions.smoothing', /unset for loss 'hinge' \(smoothing is an option of 'minimax', 'nonSaturating'/],
    [{ loss: 'hing', lossOptions: {} }, 'loss', /did you mean 'hinge'/],
    [{ lossOptions: { smoothing: 0 } }, 'lossOptions.smoothing', /\(0, 1\]/],
  ];
  for (const [patch, argument, message] of cases) {
    const e = argumentError(() => gan.checkConfig(withField(patch)));
    expect(e.argument, JSON.stringify(patch)).toBe(argument);
    expect(e.message, JSON.stringify(patch)).toMatch(message);
  }
  expect(() => gan.checkConfig(withField({ loss: 'relativistic', lossOptions: { smoothing: 0.9 } }))).not.toThrow();
});

test('values are refused where they would change in f32: data by row and column, rates that round to 0 or Infinity', () => {
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ data: { values: [0, 0, 1, 1e39], dim: 2 } }, 'data.values', /1e\+39 at index 3 \(row 1, column 1; from 0\)/],
    [{ data: { values: [0, 0, 1, '1'], dim: 2 } }, 'data.values', /finite numbers, got "1" at index 3 \(row 1, column 1/],
    [{ data: { values: new Float32Array([0, 0, Infinity, 1]), dim: 2 } }, 'data.values', /Infinity at index 2 \(row 1, column 0/],
    [{ data: { values: [], dim: 2 } }, 'data.values', /non-empty array/],
    [{ optimizer: { d: { kind: 'adam', lr: 1e-50 } } }, 'optimizer.d.lr', /positive finite f32.*got 1e-50/],
    [{ optimizer: { g: { kind: 'sgd', lr: 1e39 } } }, 'optimizer.g.lr', /positive finite f32.*got 1e\+39/],
    [{ unrolled: { steps: 1, lr: 1e-46 } }, 'unrolled.lr', /positive finite f32/],
  ];
  for (const [patch, argument, message] of cases) {
    const e = argumentError(() => gan.checkConfig(withField(patch)));
    expect(e.argument, JSON.stringify(patch)).toBe(argument);
    expect(e.message, JSON.stringify(patch)).toMatch(message);
  }
  // the smallest positive f32 is a rate
  expect(() => gan.checkConfig(withField({ optimizer: { d: { kind: 'sgd', lr: 1.5e-45 } } }))).not.toThrow();
});

test('every registry name is accepted where it belongs and only there', () => {
  for (const loss of gan.LOSSES.names) expect(() => gan.checkConfig(withField({ loss }))).not.toThrow();
  for (const kind of optim.OPTIMIZERS.names) expect(() => gan.checkConfig(withField({ optimizer: { d: { kind, lr: 0.1 } } }))).not.toThrow();
  for (const kind of optim.SCHEDULES.names) {
    const options = { constant: {}, exponential: { rate: 0.5, every: 10 }, step: { every: 5, factor: 0.5 }, cosine: { steps: 10 } }[kind];
    expect(() => gan.checkConfig(withField({ optimizer: { d: { kind: 'adam', lr: 0.1, schedule: { kind, ...options } } } }))).not.toThrow();
  }
  for (const activation of nn.ACTIVATIONS.names) expect(() => gan.checkConfig(withField({ generator: { hidden: [4], activation } }))).not.toThrow();
  for (const scheme of gan.SCHEMES.names) expect(() => gan.checkConfig(withField({ scheme }))).not.toThrow();
});

// ---- config.schema.json ----

const built = `${root}dist/config.schema.json`;
const document = () => JSON.parse(readFileSync(built, 'utf8'));

test('dist/config.schema.json is the run-file schema of these sources', () => {
  expect(existsSync(built), 'run npm run build').toBe(true);
  expect(document()).toEqual(gan.jsonSchemaDocument(gan.RUN_FILE_SCHEMA, 'saddle/config.schema.json'));
  for (const name of [...gan.LOSSES.names, ...optim.OPTIMIZERS.names, ...gan.REGULARIZERS.names]) expect(readFileSync(built, 'utf8')).toContain(`"${name}"`);
});

test('Ajv accepts the examples with the schema and refuses what checkConfig refuses', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(document());
  const isSweepFile = ajv.compile(gan.jsonSchemaDocument(SWEEP_FILE_SCHEMA, 'saddle/sweep.schema.json'));
  const examples = readdirSync(`${root}examples`).filter((f) => f.endsWith('.json'));
  const runFiles = examples.filter((file) => !isSweepFile(JSON.parse(readFileSync(`${root}examples/${file}`, 'utf8'))));
  expect(runFiles.length).toBeGreaterThan(0);
  expect(examples.length - runFiles.length, 'the sweep examples are sweep files').toBe(2);
  for (const file of runFiles) {
    const config = JSON.parse(readFileSync(`${root}examples/${file}`, 'utf8'));
    expect(validate(config), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
  }
  const refused = [
    { regularisers: { r1: 1 } }, { loss: 'bce' }, { optimizer: { d: { kind: 'sgd', lr: 1, b1: 0.5 } } },
    { generator: { hidden: [0] } }, { optimizer: { d: { kind: 'adam', lr: 0 } } }, { ema: 1 }, { pack: 0.5 },
  ];
  for (const config of refused) expect(validate(config), JSON.stringify(config)).toBe(false);
});
