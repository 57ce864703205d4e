// Every pair of the trainer's options (gan.configFragments, generated from the registries
// and the config schema), and a seeded sample of triples, on a tiny GAN: either it trains
// 20 iterations with finite logs and a checkpoint round-trip continues bit for bit, or
// construction refuses with a SaddleArgumentError naming both options. Nothing between.
import { describe, expect, test } from 'vitest';
import { SaddleArgumentError, gan, grad, graph as G } from '../../bindings/index.js';
import type { Node } from '../../bindings/graph/index.js';
import { loadBuild } from '../helpers/builds.js';
import { programBits } from '../helpers/bits.js';
import { mulberry32 } from '../helpers/random.js';

type Fragment = gan.ConfigFragment;

const BASE = gan.combinationBase();

const FRAGMENTS = gan.configFragments();

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Does the message name the fragment: one of its paths, or its registry name, as a word? */
const names = (message: string, f: Fragment) => f.mentions.some((m) => new RegExp(`(^|[^\\w.])${escape(m)}($|[^\\w.])`).test(message));
const bits = (x: Float32Array) => Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length));

type Outcome = 'trained' | 'refused';

/** Builds, trains and round-trips one combination; throws (failing the test) on anything in between. */
async function run(fragments: Fragment[]): Promise<Outcome> {
  const sd = await loadBuild('simd');
  const label = fragments.map((f) => f.label).join(' + ');
  const config = gan.mergeConfig(BASE, ...fragments.map((f) => f.config));
  const refused = gan.refusal(BASE, ...fragments);
  let trainer: gan.GanTrainer;
  try {
    trainer = gan.createTrainer(sd, config);
  } catch (error) {
    if (!(error instanceof SaddleArgumentError)) throw new Error(`${label}: construction threw ${String(error)}`, { cause: error });
    expect(refused?.message, `${label}: checkConfig and the constructor disagree`).toBe(error.message);
    const named = fragments.filter((f) => names(error.message, f));
    expect(named.length, `${label}: the refusal names ${named.length} of the options: ${error.message}`).toBeGreaterThanOrEqual(2);
    return 'refused';
  }
  expect(refused, `${label}: checkConfig refuses what the trainer builds`).toBeNull();
  let loaded: gan.GanTrainer | undefined;
  try {
    trainer.trainSync(20);
    for (const [name, series] of Object.entries(trainer.history.series)) {
      expect(series.every(Number.isFinite), `${label}: ${name} not finite`).toBe(true);
    }
    loaded = gan.GanTrainer.load(trainer.save(), { saddle: sd });
    trainer.trainSync(5); loaded.trainSync(5);
    expect(programBits(loaded.program), `${label}: state after the round-trip`).toEqual(programBits(trainer.program));
    expect(bits(loaded.sample(4)), `${label}: samples after the round-trip`).toEqual(bits(trainer.sample(4)));
    if (trainer.emaParams.length > 0) expect(bits(loaded.sample(4, { ema: true }))).toEqual(bits(trainer.sample(4, { ema: true })));
    return 'trained';
  } catch (error) {
    if (error instanceof Error) error.message = `${label}: ${error.message}`;
    throw error;
  } finally {
    trainer.dispose();
    loaded?.dispose();
  }
}

describe('the fragments come from the registries and the schema', () => {
  test('every registry entry and every optional config field has a fragment', () => {
    const labels = FRAGMENTS.map((f) => f.label).join('\n');
    for (const loss of gan.LOSSES.names.filter((n) => n !== 'nonSaturating')) expect(labels).toContain(`loss: '${loss}'`);
    for (const name of gan.REGULARIZERS.names) expect(labels).toMatch(new RegExp(`regularizers\\.${name}[.:]`));
    for (const scheme of gan.SCHEMES.names.filter((n) => n !== 'alternating')) expect(labels).toContain(`scheme: '${scheme}'`);
    const paths = new Set(FRAGMENTS.flatMap((f) => f.paths.map((p) => p.split('.')[0])));
    for (const key of Object.keys(gan.TRAINER_CONFIG_SCHEMA.properties)) {
      if (!(gan.FIXED_CONFIG_FIELDS as readonly string[]).includes(key)) expect(paths, key).toContain(key);
    }
  });
});

const pairs: Array<[number, number]> = [];
const sameField: string[] = [];
FRAGMENTS.forEach((a, i) => FRAGMENTS.forEach((b, j) => {
  if (j <= i) return;
  if (gan.sameField(a, b)) sameField.push(`${a.label} / ${b.label}`);
  else pairs.push([i, j]);
}));

const counts = { trained: 0, refused: 0 };

test('the docs matrix (gan.fragmentPairs) is over these pairs', () => {
  const listed = gan.fragmentPairs(BASE);
  expect(listed.map(({ a, b }) => `${a.label} / ${b.label}`)).toEqual(pairs.map(([i, j]) => `${FRAGMENTS[i].label} / ${FRAGMENTS[j].label}`));
  expect(listed.filter((p) => p.refusal).length).toBeGreaterThan(0);
});

/** Runs every combination, then fails with all the failures at once. */
async function runAll(combinations: Fragment[][]): Promise<void> {
  const failures: string[] = [];
  for (const c of combinations) {
    try { counts[await run(c)]++; } catch (error) { failures.push((error as Error).message.split('\n')[0]); }
  }
  expect(failures).toEqual([]);
}

test.each(FRAGMENTS.map((f) => [f.label, f]))('%s alone trains and round-trips', async (_label, f) => {
  expect(await run([f as Fragment])).toBe('trained');
});

describe(`every pair of ${FRAGMENTS.length} options (${pairs.length} pairs)`, () => {
  // one test per first option, so a failure names it
  FRAGMENTS.forEach((a, i) => {
    const partners = pairs.filter(([k]) => k === i).map(([, j]) => FRAGMENTS[j]);
    if (partners.length === 0) return;
    test(`${a.label} with each of ${partners.length} others`, async () => {
      await runAll(partners.map((b) => [a, b]));
    });
  });
});

describe('a seeded sample of triples', () => {
  const next = mulberry32(20261203);
  const triples: Fragment[][] = [];
  while (triples.length < 60) {
    const pick = [0, 1, 2].map(() => FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]);
    if (new Set(pick).size === 3 && !pick.some((a, i) => pick.some((b, j) => i < j && gan.sameField(a, b)))) triples.push(pick);
  }
  test('60 triples train and round-trip, or are refused naming two of their options', async () => {
    await runAll(triples);
  });
});

// PacGAN with every gradient penalty: the penalty is taken at D's packed input rows
// (pack·dim features). On constant data whose entries are all equal, the penalties need no
// random draw: DRAGAN's δ = 0.5·std·U is 0, and with real = fake = 0 WGAN-GP's
// interpolates are 0; a zero-initialized G makes every fake 0 at the first D update. The
// logged penalty is checked against the f64 reference at the packed row, and the gradient
// of the penalized D loss that D's SGD (lr 1) applies against central differences of the
// logged D loss over fresh trainers.
describe('gradient penalties with pack 2 are taken at the packed rows', () => {
  const pack = 2, point = 0.3;
  const penalties = gan.REGULARIZERS.withCapability('inputGradient');
  const configOf = (name: string, at: number): gan.TrainerConfig => ({
    ...BASE, pack, data: { values: new Array(16).fill(at), dim: 2 },
    generator: { hidden: [4], init: { kind: 'zeros' } }, discriminator: { hidden: [4], activation: 'tanh' },
    optimizer: { d: { kind: 'sgd', lr: 1 }, g: { kind: 'sgd', lr: 1e-3 } },
    regularizers: { [name]: 0.5 },
  });

  test.each(penalties)('%s with pack 2: value at the packed rows, and its gradient by finite differences', async (name) => {
    const sd = await loadBuild('simd');
    const before = sd.liveBytes();
    // WGAN-GP interpolates real and fake: both 0 makes x̂ = 0 whatever u is
    const at = name === 'wganGp' ? 0 : point;
    const config = configOf(name, at);
    const t = gan.createTrainer(sd, config);
    const d = t.discriminator;
    const initial = d.params.map((p) => Float64Array.from(t.program.read(p)));
    t.trainSync(1);
    // the reference: ∇D at the packed real row (R1, DRAGAN) or the packed fake / interpolate row (R2, WGAN-GP)
    const graph = d.params[0].graph;
    const x = G.param(graph, [1, 2 * pack]);
    const dx = d.apply(x);
    const leaves = new Map<Node, Float64Array>(d.params.map((p, k) => [p, initial[k]]));
    const row = name === 'r2' ? 0 : at;
    leaves.set(x, new Float64Array(2 * pack).fill(row));
    const [gradient] = G.evaluate([grad(G.sum(dx), [x])[0]], leaves);
    const squared = gradient.reduce((a, v) => a + v * v, 0);
    const want = name === 'r1' || name === 'r2' ? 0.25 * squared : 0.5 * (Math.sqrt(squared) - 1) ** 2;
    expect(t.log(name)[0]).toBeCloseTo(want, 5);
    // the applied gradient: φ − φ′ with SGD at lr 1
    const applied = d.params.map((p, k) => Array.from(t.program.read(p), (v, i) => initial[k][i] - v));
    t.dispose();
    const lossAt = (k: number, i: number, value: number) => {
      const probe = gan.createTrainer(sd, config);
      const values = Float32Array.from(probe.program.read(probe.discriminator.params[k]));
      values[i] = value;
      probe.program.write(probe.discriminator.params[k], values);
      probe.trainSync(1);
      const loss = probe.log('dLoss')[0];
      probe.dispose();
      return loss;
    };
    const h = 1e-2;
    // a few entries of the first weight (it sees the packed row) and of the last layer
    for (const [k, i] of [[0, 0], [0, 3], [0, 2 * pack * 4 - 1], [d.params.length - 2, 1]]) {
      const x0 = initial[k][i];
      const fd = (lossAt(k, i, x0 + h) - lossAt(k, i, x0 - h)) / (2 * h);
      expect(Math.abs(fd - applied[k][i]), `${name}: param ${k} entry ${i}: applied ${applied[k][i]}, finite differences ${fd}`)
        .toBeLessThan(2e-3 + 2e-2 * Math.abs(fd));
    }
    expect(sd.liveBytes()).toBe(before);
  });
});
