// The playground's settings: defaults, the URL-hash format, and the TrainerConfig they
// stand for. Plain ESM shared by the page, the worker and the Node test
// (tests/browser/playground.test.ts builds its reference run from the same function).
// Every choice of loss, optimizer, scheme, activation, regularizer, schedule and initializer
// comes from the package's registries and gan.TRAINER_CONFIG_SCHEMA: this file has no list
// of their names. '../dist/index.browser.js' is /dist/… on the page and the repo's dist/ in
// Node; nothing here loads WASM.
import { gan, optim, nn, minimax } from '../dist/index.browser.js';

/** A registry's names, or a plain array of names (minimax.STEPPERS, gan.PRESET_NAMES). */
export const names = (r) => (Array.isArray(r) ? r : r.names);

/**
 * Every setting, its default and its kind: 'n' number, 's' string, 'w' widths list,
 * 'l' list of names, 'p' drawn points, 'j' JSON object (the Advanced section's overrides).
 */
export const FIELDS = {
  // data
  data: ['s', 'ring-8'],          // a preset name, 'drawn' or 'csv'
  rows: ['n', 2000],              // rows generated from a preset
  dataSeed: ['n', 1],
  // models
  noiseDim: ['n', 2],
  noiseDist: ['s', 'normal'],
  gHidden: ['w', [32, 32]],
  dHidden: ['w', [32, 32]],
  gAct: ['s', 'relu'],
  dAct: ['s', 'leakyRelu'],
  // objective
  loss: ['s', 'nonSaturating'],
  r1: ['n', 0.01],                // with EMA 0.999: the losses settle near 2 ln 2 and ln 2 (scripts/experiments/playground-defaults.mjs)
  r2: ['n', 0],
  wganGp: ['n', 0],
  dragan: ['n', 0],
  noise: ['n', 0],                // instance-noise sigma
  noiseAnneal: ['n', 0],          // its annealing steps (0: constant)
  consensus: ['n', 0],            // simultaneous scheme only
  // optimization
  optD: ['s', 'adam'],
  lrD: ['n', 0.001],
  optG: ['s', 'adam'],
  lrG: ['n', 0.001],
  dSteps: ['n', 1],
  scheme: ['s', 'alternating'],
  ema: ['n', 0.999],              // 0: off
  am: ['n', 0],                   // GDA-AM window (0: off)
  batch: ['n', 128],
  seed: ['n', 1],
  // running (not part of the model)
  build: ['s', 'auto'],           // 'auto', 'simd' or 'relaxed'
  until: ['n', 0],                // stop playing at this iteration (0: never)
  points: ['p', []],              // drawn points, flat x,y list (data=drawn)
  // the game view
  game: ['s', 'dirac:standard'],  // 'dirac:<variant>' or 'bilinear'
  gameGamma: ['n', 1],            // γ of r1/r2/wganGp/consensus, σ of instanceNoise
  gameLr: ['n', 0.2],
  gameIters: ['n', 200],
  steppers: ['l', names(minimax.STEPPERS)],   // every stepper of the registry
  // the Advanced section: TrainerConfig values merged over the simple settings (see trainerConfig)
  cfg: ['j', {}],
};

/** The game view's games: each Dirac-GAN variant of minimax.DIRAC_VARIANTS, and the bilinear game L = xy. */
export const GAMES = [...minimax.DIRAC_VARIANTS.map((v) => `dirac:${v}`), 'bilinear'];


/** The trainer's whole configuration schema (JSON Schema, built with TypeBox). */
export const SCHEMA = gan.TRAINER_CONFIG_SCHEMA;

/** The registries the schema's choices come from: tooltips read their summaries and references. */
const REGISTRIES = [gan.LOSSES, gan.REGULARIZERS, gan.SCHEMES, optim.OPTIMIZERS, optim.SCHEDULES, nn.ACTIVATIONS, nn.INITIALIZERS];

const literals = (schema) => (schema.anyOf ?? []).filter((b) => 'const' in b).map((b) => b.const);

/** Allowed values of the string settings that have a fixed list (others: anything). */
export const CHOICES = {
  noiseDist: literals(SCHEMA.properties.noise.properties.distribution),
  gAct: names(nn.ACTIVATIONS), dAct: names(nn.ACTIVATIONS), loss: names(gan.LOSSES),
  optD: names(optim.OPTIMIZERS), optG: names(optim.OPTIMIZERS), scheme: names(gan.SCHEMES),
  build: ['auto', 'simd', 'relaxed'], game: GAMES,
};

/** The registry entry behind a choice `name` among `among` (the other names of the same menu), if any. */
export function registryEntry(name, among = [name]) {
  const r = REGISTRIES.find((reg) => among.every((n) => reg.has(n)));
  return r ? r.entries[name] : undefined;
}

/** A choice's tooltip: its registry summary and reference. */
export function choiceTitle(name, among) {
  const e = registryEntry(name, among);
  return e ? (e.reference && e.reference !== '—' ? `${e.summary} (${e.reference})` : e.summary) : '';
}

/**
 * The TrainerConfig paths the simple controls set (trainerConfig below), in the schema-path
 * notation of advancedControls: object keys joined by '.', a union's chosen branch as
 * [kind] ([*]: any branch). The Advanced section has a control for every other path.
 */
export const SIMPLE_PATHS = [
  'noise.dim', 'noise.distribution', 'generator.hidden', 'generator.activation', 'discriminator.hidden', 'discriminator.activation',
  'loss', 'batch', 'seed', 'optimizer.d', 'optimizer.d[*].lr', 'optimizer.g', 'optimizer.g[*].lr', 'scheme', 'dSteps', 'ema',
  'anderson.window', 'regularizers.r1', 'regularizers.r2', 'regularizers.wganGp', 'regularizers.dragan',
  'regularizers.instanceNoise.sigma', 'regularizers.instanceNoise.annealSteps', 'regularizers.consensus',
];
/** Not options of the page: the data come from the data panel, $schema is for editors. */
const SKIPPED = ['data', '$schema'];
/** Advanced options that only apply when a simple setting turns their feature on. */
const GATES = { anderson: { on: (s) => s.am > 0, hint: 'set the GDA-AM window above 0 to use these' } };
/** Options whose allowed keys depend on another setting (a schema may say so itself with x-options-of). */
const DEPENDENT = { lossOptions: (merged) => gan.LOSSES.entries[merged.loss ?? 'nonSaturating']?.options };

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
const clone = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** A union's object branches, each with its kind (or `#i` for an object without a kind). */
function branchesOf(schema) {
  return (schema.anyOf ?? []).map((b, i) => ('const' in b ? { value: b.const, literal: true, schema: b }
    : { value: b.properties?.kind && 'const' in b.properties.kind ? b.properties.kind.const : `#${i}`, literal: false, schema: b }));
}

/** The branch of a union that `value` (a name, an object with a kind, or another object) takes. */
function branchOf(schema, value) {
  const bs = branchesOf(schema);
  if (value === undefined) return undefined;
  if (!isObject(value)) return bs.find((b) => b.value === value) ?? bs.find((b) => !b.literal && b.value === value);
  if (value.kind !== undefined) return bs.find((b) => !b.literal && b.value === value.kind);
  return bs.find((b) => !b.literal && b.value.startsWith('#'));
}

/** The object branch of a name-or-kind union for the name `name` (leakyRelu's { kind, slope }). */
const objectBranchFor = (schema, name) => branchesOf(schema).find((b) => !b.literal && b.value === name);

/**
 * `over` merged into `base` along `schema`: objects key by key; a union value keeps its
 * branch, so options without a kind (`{ b1: 0.9 }`) join the chosen kind (`{ kind: 'adam',
 * lr }`), and options for a name (`{ slope: 0.1 }` on 'leakyRelu') make `{ kind, ...options }`;
 * anything else replaces.
 */
export function mergeConfig(schema, base, over) {
  if (over === undefined) return base;
  if (!isObject(over)) return over;
  if (schema?.anyOf) {
    if (typeof base === 'string' && over.kind === undefined) {
      const b = objectBranchFor(schema, base);
      return b ? mergeConfig(b.schema, { kind: base }, over) : over;
    }
    if (isObject(base) && (over.kind === undefined || over.kind === base.kind)) {
      const b = branchOf(schema, base);
      return b && !b.literal ? mergeConfig(b.schema, base, over) : over;
    }
    return over;
  }
  const out = isObject(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(over)) out[k] = mergeConfig(schema?.properties?.[k], out[k], v);
  return out;
}

/** The options of a dependent object (lossOptions) that apply to the current settings. */
function dependentSchema(key, schema, merged) {
  const x = schema['x-options-of'];
  if (x) return x.schemas[merged[x.key] ?? x.default];
  return DEPENDENT[key]?.(merged);
}

/**
 * The overrides without the keys the chosen kinds do not take (after optD changes from
 * adam to sgd, b1 goes; after the loss changes, the old loss's options go), and without
 * empty objects.
 */
export function pruneOverrides(state) {
  const merged = mergeConfig(SCHEMA, baseConfig(state), state.cfg);
  const walk = (schema, over, value, key) => {
    if (!isObject(over) || !schema) return over;
    let s = schema;
    if (schema.anyOf) {
      const b = branchOf(schema, value);
      if (!b || b.literal) return undefined;
      s = b.schema;
    }
    const allowed = key !== undefined && (s['x-options-of'] || DEPENDENT[key]) ? dependentSchema(key, s, merged) ?? { properties: {} } : s;
    const out = {};
    for (const [k, v] of Object.entries(over)) {
      if (!allowed.properties?.[k] && !(k === 'kind' && s.properties?.kind)) continue;
      const w = walk(allowed.properties?.[k] ?? s.properties[k], v, value?.[k], k);
      if (w !== undefined && !(isObject(w) && Object.keys(w).length === 0 && isObject(v) && Object.keys(v).length > 0)) out[k] = w;
    }
    return out;
  };
  const pruned = {};
  for (const [k, v] of Object.entries(state.cfg ?? {})) {
    if (!SCHEMA.properties[k]) { pruned[k] = v; continue; }   // checkConfig names it
    const w = walk(SCHEMA.properties[k], v, merged[k], k);
    if (w !== undefined && !(isObject(w) && Object.keys(w).length === 0)) pruned[k] = w;
  }
  return pruned;
}

/** The value at `path` (an array of keys) in `obj`. */
export function getPath(obj, path) {
  let v = obj;
  for (const k of path) v = isObject(v) ? v[k] : undefined;
  return v;
}

/**
 * A copy of the overrides with `path` set to `value` (undefined: removed, and parent objects
 * left empty removed). A value equal to what the simple settings give there is removed too,
 * so the hash holds only real changes.
 */
export function setOverride(state, path, value) {
  const cfg = clone(state.cfg ?? {});
  const baseValue = getPath(mergeConfig(SCHEMA, baseConfig(state), {}), path);
  const remove = value === undefined || (baseValue !== undefined && same(baseValue, value));
  const parents = [cfg];
  let o = cfg;
  for (const k of path.slice(0, -1)) {
    if (typeof o[k] === 'string') o[k] = { kind: o[k] };   // options for a chosen name ('leakyRelu' → { kind, slope })
    else if (!isObject(o[k])) { if (remove) return cfg; o[k] = {}; }
    o = o[k];
    parents.push(o);
  }
  const last = path[path.length - 1];
  if (remove) delete o[last]; else o[last] = clone(value);
  for (let i = path.length - 1; i > 0; i--) {
    if (Object.keys(parents[i]).length === 0) delete parents[i - 1][path[i - 1]];
  }
  return cfg;
}

/**
 * The Advanced section's controls for these settings, generated from the schema: every
 * TrainerConfig option the simple controls do not set. For each union only the chosen
 * branch's options (all of them with `{ all: true }`, which the coverage test uses). Each
 * item: { id (schema path, e.g. 'optimizer.d[adam].b1'), path (keys in the config), group,
 * depth, label, title, input: 'heading' | 'number' | 'checkbox' | 'select' | 'text',
 * integer?, min?, max?, step?, choices? [[value, label, title]], parse? ('widths' | 'numbers'),
 * value (the merged config's), placeholder, disabled?, hint? }.
 */
export function advancedControls(state, { all = false } = {}) {
  const merged = mergeConfig(SCHEMA, baseConfig(state), state.cfg ?? {});
  const simple = SIMPLE_PATHS.map((p) => new RegExp(`^${p.replace(/[.*[\]]/g, '\\$&').replace(/\\\[\\\*\\\]/g, '\\[[^\\]]*\\]')}$`));
  const isSimple = (id) => simple.some((re) => re.test(id));
  const out = [];

  const visit = (schema, id, path, group, depth, gate, kindTitle, required) => {
    const label = path[path.length - 1];
    const title = [schema.description, kindTitle].filter(Boolean).join(' — ');
    const value = getPath(merged, path);
    const base = { id, path, group, depth, label, title, value, disabled: gate ? !gate.on(state) : false, hint: gate && !gate.on(state) ? gate.hint : undefined };
    if (schema.anyOf) {
      const at = out.length;
      const bs = branchesOf(schema);
      const among = bs.map((b) => b.value).filter((v) => typeof v === 'string' && !v.startsWith('#'));
      if (!isSimple(id)) {
        const fallback = schema.default !== undefined ? `default (${schema.default})` : 'default';
        out.push({
          ...base, input: 'select',
          choices: [['', fallback, 'unset: the trainer\'s default'], ...bs.filter((b) => b.literal || !bs.some((o) => o.literal && o.value === b.value)).map((b) => [
            String(b.value), b.value.startsWith?.('#') ? `{ ${Object.keys(b.schema.properties ?? {}).join(', ')} }` : String(b.value),
            choiceTitle(b.value, among) || b.schema.description || '']),
          ],
          value: branchOf(schema, value)?.value ?? '',
        });
      }
      const objects = bs.filter((b) => !b.literal);
      const chosen = all ? objects : [objects.find((b) => b.value === branchOf(schema, value)?.value)].filter(Boolean);
      for (const b of chosen) {
        const t = choiceTitle(b.value, among);
        for (const [k, p] of Object.entries(b.schema.properties ?? {})) {
          if (k === 'kind') continue;
          visit(p, `${id}[${b.value}].${k}`, [...path, k], group, depth + 1, gate, t, (b.schema.required ?? []).includes(k));
        }
      }
      if (isSimple(id) && out.length > at) out.splice(at, 0, { ...base, input: 'heading' });
      return;
    }
    if (schema.type === 'object') {
      let props = schema.properties ?? {};
      if (!all && (schema['x-options-of'] || DEPENDENT[label])) props = dependentSchema(label, schema, merged)?.properties ?? {};
      const at = out.length;
      for (const [k, p] of Object.entries(props)) {
        visit(p, `${id}.${k}`, [...path, k], group, depth + 1, gate, undefined, (schema.required ?? []).includes(k));
      }
      if (out.length > at && depth > 0) out.splice(at, 0, { ...base, input: 'heading' });
      return;
    }
    if (isSimple(id)) return;
    const placeholder = schema.default !== undefined ? String(schema.default) : required ? 'required' : 'unset';
    if (schema.type === 'boolean') out.push({ ...base, input: 'checkbox', value: value ?? schema.default ?? false });
    else if (schema.type === 'number' || schema.type === 'integer') {
      out.push({
        ...base, input: 'number', integer: schema.type === 'integer', placeholder,
        min: schema.minimum ?? schema.exclusiveMinimum, max: schema.maximum ?? schema.exclusiveMaximum,
        step: schema.type === 'integer' ? 1 : 'any',
      });
    } else if (schema.type === 'array') {
      const ints = schema.items?.type === 'integer';
      out.push({ ...base, input: 'text', parse: ints ? 'widths' : 'numbers', placeholder: ints ? 'e.g. 32,32' : 'numbers, e.g. 0.1, -0.2', value: Array.isArray(value) ? value.join(',') : value });
    } else if (schema.type === 'string') out.push({ ...base, input: 'text', placeholder });
  };

  for (const [key, schema] of Object.entries(SCHEMA.properties)) {
    if (SKIPPED.includes(key)) continue;
    const group = schema.type === 'object' && !schema.anyOf ? key : 'other';
    visit(schema, key, [key], group, 0, GATES[key], undefined, (SCHEMA.required ?? []).includes(key));
  }
  return out;
}

/**
 * What a control's input means as a config value: a number (empty: unset), a checkbox's
 * boolean, a select's name or `{ kind }` (keeping the options the new kind also takes and
 * filling its required options' defaults), a widths or numbers list. undefined: unset;
 * null: the text does not parse.
 */
export function controlValue(control, raw, current) {
  if (control.input === 'checkbox') return raw === (schemaAt(control.id)?.default ?? false) ? undefined : raw;
  if (raw === '' || raw === undefined) return undefined;
  if (control.input === 'number') { const v = Number(raw); return Number.isFinite(v) ? v : null; }
  if (control.input === 'text') {
    if (!control.parse) return raw;
    const xs = raw.split(control.parse === 'widths' ? /[\s,.;]+/ : /[\s,;]+/).filter(Boolean).map(Number);
    return xs.every(Number.isFinite) && (control.parse !== 'widths' || xs.every((x) => Number.isInteger(x))) ? xs : null;
  }
  // a union: find the branch in the schema
  const schema = schemaAt(control.id);
  const b = branchesOf(schema).find((x) => String(x.value) === raw && (x.literal || !branchesOf(schema).some((o) => o.literal && o.value === x.value)));
  if (!b) return null;
  if (b.literal) return b.value;
  const out = b.value.startsWith('#') ? {} : { kind: b.value };
  for (const [k, p] of Object.entries(b.schema.properties ?? {})) {
    if (k === 'kind') continue;
    if (isObject(current) && current[k] !== undefined) out[k] = current[k];
    else if ((b.schema.required ?? []).includes(k)) {
      if (p.default !== undefined) out[k] = p.default;
      else if (literals(p).includes(current)) out[k] = current;   // nonFinite 'rollback' → { action: 'rollback' }
      else if (literals(p).length) out[k] = literals(p)[0];
    }
  }
  return out;
}

/** The schema at a control id ('optimizer.d[adam].schedule'). */
export function schemaAt(id) {
  let s = { properties: SCHEMA.properties };
  for (const part of id.match(/[^.[\]]+|\[[^\]]*\]/g)) {
    if (part.startsWith('[')) {
      const v = part.slice(1, -1);
      s = branchesOf(s).find((b) => String(b.value) === v && !b.literal)?.schema;
    } else s = s.properties?.[part] ?? (s['x-options-of'] ? Object.values(s['x-options-of'].schemas).find((o) => o.properties?.[part])?.properties[part] : undefined);
    if (!s) return undefined;
  }
  return s;
}

/** The 2-D presets of gan.PRESET_NAMES (veegan-1200d is 1200-D). */
export function presets2d(names) {
  return names.filter((n) => !/\d{3,}d$/.test(n));
}

/**
 * Presets that are another preset's data under a paper's name: the registry summary says
 * "(as 'ring-8': …)". veegan-ring and veegan-grid are VEEGAN's names for PacGAN's ring-8 and
 * grid-25 (same centres and stds), so the menu lists each data set once. name → the original.
 */
export function presetAliases(names) {
  const out = {};
  for (const n of names) {
    const m = /\(as '([^']+)'/.exec(gan.DATASET_PRESETS.entries[n]?.summary ?? '');
    if (m && names.includes(m[1])) out[n] = m[1];
  }
  return out;
}

/** The data menu's presets: 2-D, without aliases. */
export function presetMenu(names) {
  const aliases = presetAliases(names);
  return presets2d(names).filter((n) => !(n in aliases));
}

/** Which simple setting each TrainerConfig path comes from (for an error's argument). */
export const FIELD_OF_PATH = {
  'noise.dim': 'noiseDim', 'noise.distribution': 'noiseDist', 'generator.hidden': 'gHidden', 'generator.activation': 'gAct',
  'discriminator.hidden': 'dHidden', 'discriminator.activation': 'dAct', loss: 'loss', batch: 'batch', seed: 'seed',
  'optimizer.d.lr': 'lrD', 'optimizer.d': 'optD', 'optimizer.g.lr': 'lrG', 'optimizer.g': 'optG', scheme: 'scheme', dSteps: 'dSteps',
  ema: 'ema', 'anderson.window': 'am', 'regularizers.r1': 'r1', 'regularizers.r2': 'r2', 'regularizers.wganGp': 'wganGp',
  'regularizers.dragan': 'dragan', 'regularizers.instanceNoise.sigma': 'noise', 'regularizers.instanceNoise.annealSteps': 'noiseAnneal',
  'regularizers.instanceNoise': 'noise', 'regularizers.consensus': 'consensus',
};

/** The simple setting an error's argument ('optimizer.d.lr', 'generator.hidden[1]') names, if any: the longest matching path. */
export function fieldOfArgument(argument) {
  if (typeof argument !== 'string') return undefined;
  const path = argument.replace(/\[\d+\]/g, '');
  let best;
  for (const p of Object.keys(FIELD_OF_PATH)) {
    if ((path === p || path.startsWith(p + '.')) && (!best || p.length > best.length)) best = p;
  }
  return best && FIELD_OF_PATH[best];
}

/**
 * The loss values at the equilibrium D ≡ ½ (logits 0) for the log losses whose terms are
 * plain expectations: D's −E[log σ(D(x))] − E[log(1 − σ(D(G(z))))] = 2 ln 2 (minimax and
 * non-saturating alike); G's −E[log σ(D(G(z)))] = ln 2 (non-saturating) or
 * E[log(1 − σ(D(G(z))))] = −ln 2 (minimax). Other losses: none drawn.
 */
export function equilibria(loss) {
  const LN2 = Math.LN2;
  if (loss === 'nonSaturating') return { d: { value: 2 * LN2, label: '2 ln 2' }, g: { value: LN2, label: 'ln 2' } };
  if (loss === 'minimax') return { d: { value: 2 * LN2, label: '2 ln 2' }, g: { value: -LN2, label: '−ln 2' } };
  return null;
}

/** Keys of a train configuration file that are not TrainerConfig options. */
const RECIPE_ONLY = ['preset', 'iterations', 'rows', 'name', 'evaluate', 'datasetOptions'];

/**
 * The playground settings of a `saddle train` configuration (examples/*.json): its preset,
 * seed, iterations (as "stop at iteration") and the options the simple controls show; every
 * other option goes to the Advanced overrides. Throws on a sweep file or a non-2-D preset.
 */
export function recipeState(recipe, base = defaults()) {
  if (!isObject(recipe) || typeof recipe.preset !== 'string') throw new Error('a recipe is a train configuration with a "preset"');
  const s = { ...structuredClone(base), cfg: {} };
  s.data = recipe.preset;
  if (Number.isInteger(recipe.iterations)) s.until = recipe.iterations;
  if (Number.isInteger(recipe.rows)) s.rows = recipe.rows;
  const c = {};
  for (const [k, v] of Object.entries(recipe)) if (!RECIPE_ONLY.includes(k)) c[k] = clone(v);
  const d = defaults();
  const take = (field, value) => { s[field] = value ?? d[field]; };
  take('seed', c.seed); take('batch', c.batch); take('loss', c.loss); take('scheme', c.scheme);
  take('noiseDim', c.noise?.dim); take('noiseDist', c.noise?.distribution);
  take('gHidden', c.generator?.hidden); take('dHidden', c.discriminator?.hidden);
  const act = (a) => (typeof a === 'string' ? a : a?.kind);
  take('gAct', act(c.generator?.activation)); take('dAct', act(c.discriminator?.activation));
  const opt = (o) => (typeof o === 'string' ? { kind: o } : o ?? {});
  take('optD', opt(c.optimizer?.d).kind); take('lrD', opt(c.optimizer?.d).lr);
  take('optG', opt(c.optimizer?.g).kind); take('lrG', opt(c.optimizer?.g).lr);
  take('dSteps', c.dSteps); s.ema = c.ema ?? 0; s.am = c.anderson?.window ?? 0;
  const r = c.regularizers ?? {};
  // the regularizers with a weight field of their own (instanceNoise has its two fields, below)
  for (const k of gan.REGULARIZERS.names.filter((n) => n in FIELDS)) s[k] = typeof r[k] === 'number' ? r[k] : 0;
  const noise = typeof r.instanceNoise === 'number' ? { sigma: r.instanceNoise } : r.instanceNoise ?? {};
  s.noise = noise.sigma ?? 0; s.noiseAnneal = noise.annealSteps ?? 0;
  // the rest: what the simple settings do not give, as overrides (values equal to theirs drop out)
  const baseCfg = mergeConfig(SCHEMA, baseConfig(s), {});
  const diff = (b, v) => {
    if (!isObject(v)) return same(b, v) ? undefined : v;
    const bo = typeof b === 'string' ? { kind: b } : isObject(b) ? b : {};
    const out = {};
    for (const [k, x] of Object.entries(v)) { const w = diff(bo[k], x); if (w !== undefined) out[k] = w; }
    return Object.keys(out).length ? out : undefined;
  };
  s.cfg = diff(baseCfg, c) ?? {};
  s.cfg = pruneOverrides(s);
  return s;
}

export function defaults() {
  const s = {};
  for (const [k, [, v]] of Object.entries(FIELDS)) s[k] = typeof v === 'object' ? structuredClone(v) : v;
  return s;
}

function fmt(v) {
  // shortest text that parses back to the same double
  return String(v);
}

/**
 * The hash: URLSearchParams of the settings that differ from their defaults,
 * e.g. "#data=8gaussians&gHidden=64.64&r1=1&seed=3". Widths are joined with '.', drawn
 * points as "x,y;x,y" rounded to 3 decimals, the Advanced overrides as JSON in `cfg`
 * (e.g. cfg=%7B%22generator%22%3A%7B%22spectralNorm%22%3Atrue%7D%7D).
 */
export function encodeHash(state) {
  const q = new URLSearchParams();
  const d = defaults();
  for (const [k, [kind]] of Object.entries(FIELDS)) {
    const v = state[k];
    if (kind === 'w' || kind === 'l') { if (v.join('.') !== d[k].join('.')) q.set(k, v.join('.')); }
    else if (kind === 'p') {
      if (state.data === 'drawn' && v.length) {
        const pairs = [];
        for (let i = 0; i + 1 < v.length; i += 2) pairs.push(`${+v[i].toFixed(3)},${+v[i + 1].toFixed(3)}`);
        q.set(k, pairs.join(';'));
      }
    } else if (kind === 'j') { if (v && Object.keys(v).length) q.set(k, JSON.stringify(v)); }
    else if (v !== d[k]) q.set(k, fmt(v));
  }
  const text = q.toString();
  return text ? '#' + text : '';
}

/** Settings from a hash (unknown keys and unparsable values are ignored, defaults fill the rest). */
export function decodeHash(hash) {
  const s = defaults();
  const q = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  for (const [k, raw] of q) {
    const field = FIELDS[k];
    if (!field) continue;
    const [kind] = field;
    if (kind === 'n') { const v = Number(raw); if (raw !== '' && Number.isFinite(v)) s[k] = v; }
    else if (kind === 's') { if (!CHOICES[k] || CHOICES[k].includes(raw)) s[k] = raw; }
    else if (kind === 'w') {
      const w = raw === '' ? [] : raw.split(/[.,]/).map(Number);
      if (w.every((x) => Number.isInteger(x) && x >= 1 && x <= 1024)) s[k] = w;
    } else if (kind === 'l') {
      s[k] = raw === '' ? [] : raw.split('.').filter((x) => /^[A-Za-z]+$/.test(x));
    } else if (kind === 'p') {
      const pts = [];
      for (const pair of raw.split(';')) {
        const [x, y] = pair.split(',').map(Number);
        if (Number.isFinite(x) && Number.isFinite(y)) pts.push(x, y);
      }
      s[k] = pts;
    } else if (kind === 'j') {
      try { const v = JSON.parse(raw); if (v && typeof v === 'object' && !Array.isArray(v)) s[k] = v; } catch { /* ignored */ }
    }
  }
  return s;
}

/**
 * The TrainerConfig the simple settings stand for (without the data). The history keeps
 * every iteration (historyEvery 1) so the page and Node compare whole series.
 */
export function baseConfig(state) {
  const opt = (kind, lr) => ({ kind, lr });
  const regularizers = {};
  if (state.r1 > 0) regularizers.r1 = state.r1;
  if (state.r2 > 0) regularizers.r2 = state.r2;
  if (state.wganGp > 0) regularizers.wganGp = state.wganGp;
  if (state.dragan > 0) regularizers.dragan = state.dragan;
  if (state.noise > 0) regularizers.instanceNoise = state.noiseAnneal > 0 ? { sigma: state.noise, annealSteps: state.noiseAnneal } : { sigma: state.noise };
  if (state.consensus > 0 && state.scheme === 'simultaneous') regularizers.consensus = state.consensus;
  const config = {
    noise: { dim: state.noiseDim, distribution: state.noiseDist },
    generator: { hidden: state.gHidden, activation: state.gAct },
    discriminator: { hidden: state.dHidden, activation: state.dAct },
    loss: state.loss,
    batch: state.batch,
    seed: state.seed,
    optimizer: { d: opt(state.optD, state.lrD), g: opt(state.optG, state.lrG) },
    scheme: state.scheme,
    dSteps: state.scheme === 'alternating' ? state.dSteps : 1,
    nonFinite: 'rollback',
  };
  if (Object.keys(regularizers).length) config.regularizers = regularizers;
  if (state.ema > 0) config.ema = state.ema;
  if (state.am > 0) config.anderson = { window: state.am };
  return config;
}

/**
 * The TrainerConfig for these settings and data values (Float32Array, rows × 2): the simple
 * settings (baseConfig) with the Advanced section's overrides (`state.cfg`) merged over
 * them (mergeConfig). Options a simple setting has turned off (Anderson's with GDA-AM
 * window 0) are left out. Not checked here: GanTrainer's checkConfig names what is wrong.
 */
export function trainerConfig(state, values) {
  const over = { ...(state.cfg ?? {}) };
  for (const [key, gate] of Object.entries(GATES)) if (!gate.on(state)) delete over[key];
  for (const key of SKIPPED) delete over[key];
  return { data: { values, dim: 2 }, ...mergeConfig(SCHEMA, baseConfig(state), over) };
}

/** The seed of the fixed latent points the page's samples are drawn from. */
export const SAMPLE_SEED = 20261121;
export const SAMPLE_COUNT = 512;
/** Mode coverage uses the protocol's 2500 samples from their own fixed seed. */
export const METRIC_SEED = 777;
