// The playground's settings: defaults, the URL-hash format, and the TrainerConfig they
// stand for. Plain ESM shared by the page, the worker and the Node test
// (tests/browser/playground.test.ts builds its reference run from the same function).

/**
 * Every setting, its default and its kind: 'n' number, 's' string, 'w' widths list,
 * 'l' list of names, 'p' drawn points.
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
  r1: ['n', 0],
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
  ema: ['n', 0],                  // 0: off
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
  steppers: ['l', ['simultaneousGda', 'alternatingGda', 'extragradient', 'optimisticGda', 'consensus', 'gdaAm']],
};

export const GAMES = ['dirac:standard', 'dirac:nonSaturating', 'dirac:wgan', 'dirac:wganGp', 'dirac:instanceNoise', 'dirac:r1', 'dirac:r2', 'dirac:consensus', 'bilinear'];

export const LOSSES = ['minimax', 'nonSaturating', 'wasserstein', 'hinge', 'leastSquares', 'relativistic', 'relativisticAverage'];
export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop', 'nsgd', 'ogda', 'optimisticAdam', 'adamMagnitudeSgdDirection', 'sgdMagnitudeAdamDirection'];
export const SCHEMES = ['alternating', 'simultaneous', 'extragradient'];
export const ACTIVATIONS = ['relu', 'leakyRelu', 'tanh', 'sigmoid', 'softplus', 'linear'];

/** Allowed values of the string settings that have a fixed list (others: anything). */
const CHOICES = {
  noiseDist: ['normal', 'uniform'], gAct: ACTIVATIONS, dAct: ACTIVATIONS, loss: LOSSES,
  optD: OPTIMIZERS, optG: OPTIMIZERS, scheme: SCHEMES, build: ['auto', 'simd', 'relaxed'], game: GAMES,
};

/** The 2-D presets of gan.PRESET_NAMES (veegan-1200d is 1200-D). */
export function presets2d(names) {
  return names.filter((n) => !/\d{3,}d$/.test(n));
}

export function defaults() {
  const s = {};
  for (const [k, [, v]] of Object.entries(FIELDS)) s[k] = Array.isArray(v) ? [...v] : v;
  return s;
}

function fmt(v) {
  // shortest text that parses back to the same double
  return String(v);
}

/**
 * The hash: URLSearchParams of the settings that differ from their defaults,
 * e.g. "#data=8gaussians&gHidden=64.64&r1=1&seed=3". Widths are joined with '.', drawn
 * points as "x,y;x,y" rounded to 3 decimals.
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
    } else if (v !== d[k]) q.set(k, fmt(v));
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
    }
  }
  return s;
}

/**
 * The TrainerConfig for these settings and data values (Float32Array, rows × 2). The
 * history keeps every iteration (historyEvery 1) so the page and Node compare whole series.
 */
export function trainerConfig(state, values) {
  const opt = (kind, lr) => ({ kind, lr });
  const regularizers = {};
  if (state.r1 > 0) regularizers.r1 = state.r1;
  if (state.r2 > 0) regularizers.r2 = state.r2;
  if (state.wganGp > 0) regularizers.wganGp = state.wganGp;
  if (state.dragan > 0) regularizers.dragan = state.dragan;
  if (state.noise > 0) regularizers.instanceNoise = state.noiseAnneal > 0 ? { sigma: state.noise, annealSteps: state.noiseAnneal } : { sigma: state.noise };
  if (state.consensus > 0 && state.scheme === 'simultaneous') regularizers.consensus = state.consensus;
  const config = {
    data: { values, dim: 2 },
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

/** The seed of the fixed latent points the page's samples are drawn from. */
export const SAMPLE_SEED = 20261121;
export const SAMPLE_COUNT = 512;
/** Mode coverage uses the protocol's 2500 samples from their own fixed seed. */
export const METRIC_SEED = 777;
