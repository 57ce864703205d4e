// The playground's settings (web/config.js) and its static server (scripts/playground.mjs),
// in Node: the URL-hash format round-trips (the Advanced overrides too), bad values fall
// back to defaults, every registry name is a choice, every TrainerConfig option has a
// control, every loss × scheme the page offers makes a valid TrainerConfig, settings made
// through the Advanced controls train, and the server sends the right MIME types and nothing
// outside web/ and dist/.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { gan, nn, optim, type Saddle } from '../../bindings/index.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
// @ts-expect-error: plain ESM shared with the page
import { startPlayground } from '../../scripts/playground.mjs';
// @ts-expect-error: plain ESM shared with the page and its worker
import * as web from '../../web/config.js';

const { defaults, decodeHash, encodeHash, trainerConfig, CHOICES, SIMPLE_PATHS, advancedControls, controlValue, setOverride, pruneOverrides, getPath } = web;

interface Control {
  id: string; path: string[]; input: string; value: unknown; min?: number; max?: number; integer?: boolean;
  choices?: Array<[string, string, string]>; parse?: string; disabled: boolean;
}
type State = Record<string, unknown> & { cfg: Record<string, unknown> };
const controls = (state: State, all = false): Control[] => advancedControls(state, { all });
/** Sets control `id` as the page does on a change event (the raw input value), then prunes. */
function set(state: State, id: string, raw: string | boolean): State {
  const c = controls(state).find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id} for ${JSON.stringify(state.cfg)}`);
  const v = controlValue(c, raw, c.value);
  if (v === null) throw new Error(`${id}: ${String(raw)} does not parse`);
  const next = { ...state, cfg: setOverride(state, c.path, v) };
  return { ...next, cfg: pruneOverrides(next) };
}

/**
 * Every option of a schema, written as the controls' ids: object keys joined by '.', a union
 * as its own entry (the choice) and each object branch's options under [kind] ([#i] for an
 * object branch without a kind). Written here from JSON Schema alone, apart from config.js.
 */
function schemaLeaves(schema: Record<string, any>, id: string): string[] {
  if (Array.isArray(schema.anyOf)) {
    const out = [id];
    schema.anyOf.forEach((b: Record<string, any>, i: number) => {
      if ('const' in b) return;
      const kind = b.properties?.kind?.const ?? `#${i}`;
      for (const [k, p] of Object.entries(b.properties ?? {})) if (k !== 'kind') out.push(...schemaLeaves(p as Record<string, any>, `${id}[${kind}].${k}`));
    });
    return out;
  }
  if (schema.type === 'object') return Object.entries(schema.properties ?? {}).flatMap(([k, p]) => schemaLeaves(p as Record<string, any>, id ? `${id}.${k}` : k));
  return [id];
}

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('URL state', () => {
  test('defaults encode to an empty hash and decode from one', () => {
    expect(encodeHash(defaults())).toBe('');
    expect(decodeHash('')).toEqual(defaults());
    expect(decodeHash('#')).toEqual(defaults());
  });

  test('every kind of setting round-trips through the hash', () => {
    const s = {
      ...defaults(), data: 'drawn', points: [0.125, -1.5, 1.25, 0.001], gHidden: [64, 8, 3], dHidden: [],
      loss: 'hinge', r1: 0.5, noise: 0.25, noiseAnneal: 500, lrD: 3e-4, scheme: 'simultaneous', consensus: 0.1,
      ema: 0.999, am: 5, seed: 12345, build: 'simd', until: 300, game: 'dirac:r1', steppers: ['extragradient', 'nsgda'],
    };
    const hash = encodeHash(s);
    expect(hash).toContain('gHidden=64.8.3');
    expect(hash).toContain('points=0.125%2C-1.5%3B1.25%2C0.001');
    expect(decodeHash(hash)).toEqual(s);
  });

  test('drawn points leave the hash unless the data source is drawn', () => {
    expect(encodeHash({ ...defaults(), points: [1, 2] })).toBe('');
  });

  test('unknown keys and values that do not parse keep the defaults', () => {
    const s = decodeHash('#loss=nope&batch=abc&gHidden=0.5&seed=&build=gpu&scheme=both&zzz=1&steppers=a.b-1');
    expect(s).toEqual({ ...defaults(), steppers: ['a'] });
  });
});

describe('choices and controls come from the registries and the schema', () => {
  test('every registry name is a choice', () => {
    for (const [field, registry] of [['loss', gan.LOSSES], ['optD', optim.OPTIMIZERS], ['optG', optim.OPTIMIZERS], ['scheme', gan.SCHEMES], ['gAct', nn.ACTIVATIONS], ['dAct', nn.ACTIVATIONS]] as const) {
      expect(CHOICES[field], field).toEqual([...registry.names]);
    }
    const all = controls(defaults(), true);
    const choicesOf = (id: string) => all.find((c) => c.id === id)!.choices!.map(([v]) => v);
    for (const who of ['generator', 'discriminator']) expect(choicesOf(`${who}.init`)).toEqual(['', ...nn.INITIALIZERS.names]);
    expect(choicesOf('generator.output')).toEqual(['', ...nn.ACTIVATIONS.names]);
    for (const player of ['d', 'g']) {
      for (const kind of optim.OPTIMIZERS.names) expect(choicesOf(`optimizer.${player}[${kind}].schedule`)).toEqual(['', ...optim.SCHEDULES.names]);
    }
    // a regularizer is a simple control or an Advanced one
    const ids = [...SIMPLE_PATHS, ...all.map((c) => c.id)];
    for (const name of gan.REGULARIZERS.names) expect(ids.some((id) => id === `regularizers.${name}` || id.startsWith(`regularizers.${name}.`)), name).toBe(true);
    // each loss's options are offered once that loss is chosen, and only then
    for (const loss of gan.LOSSES.names) {
      const own = Object.keys((gan.LOSSES.entries[loss].options as { properties?: object }).properties ?? {});
      const shown = controls({ ...defaults(), loss }).filter((c) => c.id.startsWith('lossOptions.') && c.input !== 'heading').map((c) => c.id.split('.')[1]);
      expect([...new Set(shown)].sort(), loss).toEqual(own.sort());
    }
  });

  test('every TrainerConfig option has a simple or an Advanced control', () => {
    const ids = new Set(controls(defaults(), true).map((c) => c.id));
    const simple = (SIMPLE_PATHS as string[]).map((p) => new RegExp(`^${p.replace(/[.*[\]]/g, '\\$&').replace(/\\\[\\\*\\\]/g, '\\[[^\\]]*\\]')}$`));
    const leaves = schemaLeaves(gan.TRAINER_CONFIG_SCHEMA as unknown as Record<string, any>, '').filter((id) => !/^(data|\$schema)(\.|$)/.test(id));
    expect(leaves.length).toBeGreaterThan(60);
    const missing = leaves.filter((id) => !ids.has(id) && !simple.some((re) => re.test(id)));
    expect(missing).toEqual([]);
    // the simple controls really set what SIMPLE_PATHS says they do (with every feature on)
    const on = { ...defaults(), r1: 1, r2: 1, wganGp: 1, dragan: 1, noise: 0.1, noiseAnneal: 10, consensus: 1, scheme: 'simultaneous', ema: 0.9, am: 2 };
    const config = trainerConfig(on, new Float32Array(4));
    for (const p of SIMPLE_PATHS as string[]) expect(getPath(config, p.replace(/\[\*\]/g, '').split('.')), p).toBeDefined();
    // and no control stands for an option the schema does not have
    const extra = [...ids].filter((id) => !leaves.includes(id) && !controls(defaults(), true).find((c) => c.id === id && c.input === 'heading'));
    expect(extra).toEqual([]);
  });

  test('every Advanced value round-trips through the hash and reaches the TrainerConfig', () => {
    for (const c of controls(defaults(), true)) {
      if (c.input === 'heading') continue;
      const value = c.input === 'checkbox' ? true : c.input === 'select' ? c.choices![c.choices!.length - 1][0] : c.parse ? [3, 4] : c.input === 'number' ? (c.max ?? 7) : 'x';
      const state = { ...defaults(), am: 3, cfg: setOverride(defaults(), c.path, value) };
      const back = decodeHash(encodeHash(state));
      expect(back.cfg, c.id).toEqual(state.cfg);
      const config = trainerConfig(back, new Float32Array(4));
      const got = getPath(config, c.path);
      expect(got && typeof got === 'object' && !Array.isArray(got) ? (got as { kind?: string }).kind ?? got : got, c.id).toEqual(value);
    }
  });

  test('the overrides merge into the chosen kinds and lose what a new kind does not take', () => {
    let s: State = defaults();
    s = set(s, 'optimizer.d[adam].b1', '0.9');
    s = set(s, 'discriminator.activation[leakyRelu].slope', '0.1');
    s = set(s, 'optimizer.g[adam].schedule', 'step');
    s = set(s, 'lossOptions.smoothing', '0.9');
    const c = trainerConfig(s, new Float32Array(4));
    expect(c.optimizer.d).toEqual({ kind: 'adam', lr: 0.001, b1: 0.9 });
    expect(c.optimizer.g.schedule).toEqual({ kind: 'step' });   // its required options are the user's to give
    expect(c.discriminator.activation).toEqual({ kind: 'leakyRelu', slope: 0.1 });
    expect(c.lossOptions).toEqual({ smoothing: 0.9 });
    expect(set(s, 'optimizer.d[adam].b1', '').cfg.optimizer).toEqual({ g: { schedule: { kind: 'step' } } });
    // a new D optimizer, activation and loss: the options only the old ones took go
    const t = { ...s, optD: 'sgd', dAct: 'relu', loss: 'hinge' };
    expect(pruneOverrides(t)).toEqual({ optimizer: { g: { schedule: { kind: 'step' } } } });
    // Anderson's options apply only with the GDA-AM window on
    const a = set({ ...defaults(), am: 4 }, 'anderson.beta', '0.5');
    expect(trainerConfig(a, new Float32Array(4)).anderson).toEqual({ window: 4, beta: 0.5 });
    expect(trainerConfig({ ...a, am: 0 }, new Float32Array(4)).anderson).toBeUndefined();
    expect(controls({ ...a, am: 0 }).find((x) => x.id === 'anderson.beta')!.disabled).toBe(true);
  });

  test('a hash with an invalid setting decodes, and checkConfig names its path', () => {
    const s = decodeHash('#lrD=0');
    expect(() => gan.checkConfig(trainerConfig(s, new Float32Array(4)))).toThrow(expect.objectContaining({ argument: 'optimizer.d.lr' }));
    const u = decodeHash(encodeHash({ ...defaults(), cfg: { unrolled: { lr: 0.1 } } }));
    expect(() => gan.checkConfig(trainerConfig(u, new Float32Array(4)))).toThrow(expect.objectContaining({ argument: 'unrolled.steps' }));
    expect(decodeHash('#cfg=%5B1%5D').cfg).toEqual({});   // not an object: ignored
    expect(decodeHash('#cfg=%7Bnope').cfg).toEqual({});
  });
});

describe.each(BUILDS)('the page\'s configs on the %s build', (build) => {
  let sd: Saddle;
  trackLiveBytes(build, (s) => { sd = s; });

  test('every loss × scheme, with every regularizer, EMA and GDA-AM, trains', () => {
    const ds = gan.dataset(sd, 'ring-8', { rows: 64, seed: 1 });
    for (const loss of CHOICES.loss as string[]) {
      for (const scheme of CHOICES.scheme as string[]) {
        const state = {
          ...defaults(), loss, scheme, gHidden: [4], dHidden: [4], batch: 8, dSteps: 2, r1: 1, r2: 1, wganGp: 1, dragan: 1,
          noise: 0.1, noiseAnneal: 10, consensus: 0.5, ema: 0.9, am: 3,
        };
        const config = trainerConfig(state, ds.data);
        expect(config.dSteps).toBe(scheme === 'alternating' ? 2 : 1);
        expect('consensus' in config.regularizers).toBe(scheme === 'simultaneous');
        const trainer = new gan.GanTrainer(config, { saddle: sd });
        try {
          trainer.trainSync(2);
          expect(Number.isFinite(trainer.log('dLoss')[1]), `${loss}/${scheme}`).toBe(true);
          expect(trainer.sample(4, { ema: true, seed: 1 }).length).toBe(8);
        } finally {
          trainer.dispose();
        }
      }
    }
  });

  test('settings made through the Advanced controls train', () => {
    const ds = gan.dataset(sd, 'ring-8', { rows: 64, seed: 1 });
    let a: State = { ...defaults(), gHidden: [4], dHidden: [4], batch: 8, optG: 'sgd', am: 2, scheme: 'simultaneous' };
    for (const [id, raw] of [
      ['generator.spectralNorm', true], ['discriminator.spectralNorm', true], ['generator.init', 'orthogonal'], ['generator.init[orthogonal].gain', '0.8'],
      ['generator.output', 'tanh'], ['discriminator.activation[leakyRelu].slope', '0.1'], ['lossOptions.smoothing', '0.9'],
      ['optimizer.d[adam].b1', '0.0'], ['optimizer.d[adam].schedule', 'cosine'], ['optimizer.d[adam].schedule[cosine].steps', '100'],
      ['optimizer.d[adam].warmup', '5'], ['optimizer.g[sgd].momentum', '0.5'], ['optimizer.g[sgd].schedule', 'step'],
      ['optimizer.g[sgd].schedule[step].every', '10'], ['optimizer.g[sgd].schedule[step].factor', '0.5'], ['regularizers.weightClip', '0.5'],
      ['anderson.beta', '0.5'], ['anderson.restart', 'residual'], ['nonFinite', '#2'], ['nonFinite[#2].every', '5'], ['historyEvery', '2'], ['logCapacity', '64'],
    ] as const) a = set(a, id, raw);
    let b: State = { ...defaults(), gHidden: [4], dHidden: [4], batch: 8, loss: 'leastSquares', r1: 0 };   // (minibatch-std takes no gradient penalty)
    for (const [id, raw] of [
      ['unrolled.steps', '2'], ['unrolled.lr', '0.01'], ['pack', '2'], ['discriminator.minibatchStd', true], ['discriminator.init', 'normal'],
      ['discriminator.init[normal].std', '0.1'], ['lossOptions.labels.a', '-1'], ['optimizer.d[adam].schedule', 'exponential'],
      ['optimizer.d[adam].schedule[exponential].rate', '0.5'], ['optimizer.d[adam].schedule[exponential].every', '100'], ['nonFinite', 'stop'],
    ] as const) b = set(b, id, raw);
    for (const state of [a, b]) {
      const back = decodeHash(encodeHash(state));
      expect(back).toEqual(state);
      const trainer = new gan.GanTrainer(trainerConfig(back, ds.data), { saddle: sd });
      try {
        trainer.trainSync(4);
        expect(trainer.iterations).toBe(4);
      } finally {
        trainer.dispose();
      }
    }
    const c = trainerConfig(a, ds.data);
    expect(c.generator).toMatchObject({ spectralNorm: true, init: { kind: 'orthogonal', gain: 0.8 }, output: 'tanh' });
    expect(c.optimizer.d).toEqual({ kind: 'adam', lr: 0.001, b1: 0, schedule: { kind: 'cosine', steps: 100 }, warmup: 5 });
    expect(c.nonFinite).toEqual({ action: 'rollback', every: 5 });   // the object keeps the page's rollback
  });
});

describe('the static server', () => {
  test('serves web/ at /, dist/ at /dist/, examples/, recipes and the chart libraries, with their MIME types, nothing else', async () => {
    const { server, url } = await startPlayground({ port: 0 }) as { server: Server; url: string };
    try {
      const get = (path: string) => fetch(new URL(path, url));
      const page = await get('/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect((await get('/config.js')).headers.get('content-type')).toMatch(/^text\/javascript/);
      expect((await get('/style.css')).headers.get('content-type')).toMatch(/^text\/css/);
      if (existsSync(`${root}dist/saddle.simd.wasm`)) {
        const wasm = await get('/dist/saddle.simd.wasm');
        expect(wasm.headers.get('content-type')).toBe('application/wasm');
        expect(new Uint8Array(await wasm.arrayBuffer()).slice(0, 4)).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
      }
      // the chart libraries from node_modules, the examples and their train configurations
      expect((await get('/vendor/vega-embed.js')).headers.get('content-type')).toMatch(/^text\/javascript/);
      const recipes = await (await get('/recipes.json')).json() as Array<{ name: string; config: { preset: string } }>;
      expect(recipes.map((r) => r.name)).toEqual(['grid-25', 'ring-8']);   // the sweep files are not recipes
      expect(recipes[1].config.preset).toBe('ring-8');
      for (const path of ['/package.json', '/../package.json', '/dist/../package.json', '/%2e%2e/package.json', '/dist/%2e%2e/%2e%2e/package.json', '/nope.js',
        '/vendor/vega-embed.min.js', '/vendor/../package.json', '/examples/../package.json']) {
        expect((await get(path)).status, path).toBe(404);
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('recipes and presets', () => {
  test('a train configuration from examples/ becomes the same TrainerConfig (plus the page\'s rollback policy)', async () => {
    const { readFileSync } = await import('node:fs');
    for (const name of ['ring-8', 'grid-25']) {
      const recipe = JSON.parse(readFileSync(`${root}examples/${name}.json`, 'utf8'));
      const state = web.recipeState(recipe);
      expect(state.data).toBe(recipe.preset);
      expect(state.until).toBe(recipe.iterations);
      const { data: _, nonFinite, ...config } = web.trainerConfig(web.decodeHash(web.encodeHash(state)), new Float32Array(4));
      expect(nonFinite).toBe('rollback');
      const { preset: _p, iterations: _i, ...expected } = recipe;
      expect(config).toMatchObject(expected);
    }
    expect(() => web.recipeState({ name: 'a sweep', base: 'ring-8' })).toThrow(/preset/);
  });

  test('the data menu lists each data set once: the VEEGAN names of ring-8 and grid-25 are aliases', () => {
    expect(web.presetAliases(gan.PRESET_NAMES)).toEqual({ 'veegan-ring': 'ring-8', 'veegan-grid': 'grid-25' });
    const menu = web.presetMenu(gan.PRESET_NAMES);
    expect(menu).toContain('ring-8');
    expect(menu).not.toContain('veegan-ring');
    expect(menu).not.toContain('veegan-1200d');
  });

  test('an error\'s argument names its simple field; equilibrium lines for the log losses only', () => {
    expect(web.fieldOfArgument('optimizer.d.lr')).toBe('lrD');
    expect(web.fieldOfArgument('generator.hidden[1]')).toBe('gHidden');
    expect(web.fieldOfArgument('regularizers.instanceNoise.annealSteps')).toBe('noiseAnneal');
    expect(web.fieldOfArgument('unrolled.steps')).toBeUndefined();
    expect(web.equilibria('nonSaturating')).toMatchObject({ d: { value: 2 * Math.LN2 }, g: { value: Math.LN2 } });
    expect(web.equilibria('minimax')?.g.value).toBe(-Math.LN2);
    expect(web.equilibria('hinge')).toBeNull();
  });
});
