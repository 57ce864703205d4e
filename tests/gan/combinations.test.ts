// Every pair of the trainer's options (gan.configFragments, generated from the registries
// and the config schema), and a seeded sample of triples, on a tiny GAN: either it trains
// 20 iterations with finite logs and a checkpoint round-trip continues bit for bit, or
// construction refuses with a SaddleArgumentError naming both options. Nothing between.
import { describe, expect, test } from 'vitest';
import { SaddleArgumentError, gan } from '../../bindings/index.js';
import { loadBuild } from '../helpers/builds.js';
import { programBits } from '../helpers/bits.js';
import { mulberry32 } from '../helpers/random.js';

type Fragment = gan.ConfigFragment;

const RING = Array.from({ length: 8 }, (_, k) => [Math.cos((k * Math.PI) / 4), Math.sin((k * Math.PI) / 4)]).flat();
const BASE: gan.TrainerConfig = {
  data: { values: RING, dim: 2 }, noise: { dim: 2 }, batch: 4, seed: 7,
  generator: { hidden: [4] }, discriminator: { hidden: [4] },
  optimizer: { d: { kind: 'adam', lr: 1e-3 }, g: { kind: 'adam', lr: 1e-3 } },
};

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
