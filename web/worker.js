// The playground's Web Worker: loads saddle, owns the GanTrainer, trains in chunks (the
// trainer yields between them, so pause, game and bits messages get through), posts snapshots
// (samples, heat-map, arrows, manifold, new history entries, metrics) to the page. The
// page only draws.
import { loadSaddle, gan, minimax, metrics as dist, graph, compile, SaddleNumericError } from '/dist/index.browser.js';
import { trainerConfig, SAMPLE_SEED, SAMPLE_COUNT, METRIC_SEED } from './config.js';

let sd = null;          // training instance
let gameSd = null;      // a second instance for the game view (its own memory)
let trainer = null;
let dataset = null;     // { data, modes?, stds? }
let extent = null;      // [xmin, xmax, ymin, ymax] of the view
let abort = null;       // AbortController of the running train() call
let sentHistory = 0;    // history entries already posted
let manifold = null;    // { program, out, params, source, lines }: G on a latent grid
let lastMetricsAt = -1;
let lastMetrics = null;
let itPerSec = 0;
let generation = 0;     // bumps on every rebuild, so a stale loop stops
let heldOut = null;     // data drawn with another seed, for the distances
let distanceLog = [];   // { iteration, sinkhorn, mmd2 } since the build
let lastDistanceAt = -1;

const HEAT = 48;        // heat-map cells per side
const ARROWS = 96;      // generated points that get an arrow
const LATENT = 21;      // manifold grid lines per latent axis
const DISTANCE_ROWS = 500;   // samples and held-out rows of the Sinkhorn and MMD² estimates
const DISTANCE_EVERY = 500;  // iterations between them

const post = (msg, transfer = []) => self.postMessage(msg, transfer);

/** The view: the data's bounding square, 15% margin. */
function viewOf(data) {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < data.length; i += 2) {
    x0 = Math.min(x0, data[i]); x1 = Math.max(x1, data[i]);
    y0 = Math.min(y0, data[i + 1]); y1 = Math.max(y1, data[i + 1]);
  }
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const half = Math.max(x1 - x0, y1 - y0, 0.5) * 0.65;
  return [cx - half, cx + half, cy - half, cy + half];
}

/**
 * G on a grid of latent points (GAN Lab's manifold): the first two latent coordinates on
 * LATENT × LATENT points of [−2, 2]² for normal noise ([0, 1]² for uniform noise, whose draws
 * are in [0, 1)), the others at the noise's mean (0 or ½); with 1-D noise, LATENT² points on
 * that interval. Built from the public graph API on the trainer's graph, as trainer.sample()
 * builds its own sampler.
 */
function buildManifold(state) {
  const k = state.noiseDim, n = LATENT * LATENT;
  const [lo, hi, mean] = state.noiseDist === 'uniform' ? [0, 1, 0.5] : [-2, 2, 0];
  const zs = new Float32Array(n * k).fill(mean);
  for (let i = 0; i < LATENT; i++) {
    for (let j = 0; j < LATENT; j++) {
      const row = i * LATENT + j;
      if (k === 1) zs[row] = lo + ((hi - lo) * row) / (n - 1);
      else { zs[row * k] = lo + ((hi - lo) * j) / (LATENT - 1); zs[row * k + 1] = lo + ((hi - lo) * i) / (LATENT - 1); }
    }
  }
  const g = trainer.generator.params[0].graph;
  const input = graph.input(g, [n, k]);
  const out = trainer.generator.apply(input);
  const sink = graph.state(g, out.shape);
  const program = compile(sd, { seed: 1, phases: [{ updates: [[sink, out]] }] });
  program.write(input, zs);
  return { program, out: sink, params: trainer.generator.params, source: state.ema > 0 ? trainer.emaParams : trainer.generator.params, lines: k === 1 ? 1 : LATENT };
}

function runManifold() {
  const m = manifold;
  m.params.forEach((p, i) => m.program.write(p, trainer.program.read(m.source[i])));
  m.program.run(1);
  return m.program.read(m.out);
}

function heatGrid() {
  const [x0, x1, y0, y1] = extent;
  const pts = new Float32Array(HEAT * HEAT * 2);
  for (let i = 0; i < HEAT; i++) {
    for (let j = 0; j < HEAT; j++) {
      const o = (i * HEAT + j) * 2;
      pts[o] = x0 + ((j + 0.5) * (x1 - x0)) / HEAT;
      pts[o + 1] = y1 - ((i + 0.5) * (y1 - y0)) / HEAT;   // row 0 at the top
    }
  }
  return pts;
}
let heatPoints = null;

function metrics(state) {
  if (!dataset.modes) return null;
  const s = trainer.sample(gan.MIXTURE_PROTOCOL_SAMPLES, { seed: METRIC_SEED, ema: state.ema > 0 });
  const m = gan.mixtureMetrics(s, { dim: 2, modes: dataset.modes, stds: dataset.stds });
  return { iteration: trainer.iterations, modes: m.modes, of: dataset.modes.length / 2, highQuality: m.highQuality, kl: m.klToUniform };
}

let current = null;   // the settings the trainer was built from
let config = null;    // and the TrainerConfig they made

function snapshot(full = false) {
  const state = current;
  const samples = trainer.sample(SAMPLE_COUNT, { seed: SAMPLE_SEED, ema: state.ema > 0 });
  // a packed D scores groups of samples, not points: no heat-map or arrows then; a loss whose
  // G side needs a real batch (the relativistic ones) has no per-point field
  const pointwise = (config.pack ?? 1) === 1;
  const heat = pointwise ? trainer.discriminate(heatPoints) : null;
  let arrows = null;
  const at = samples.slice(0, ARROWS * 2);
  if (pointwise && !gan.LOSSES.entries[config.loss ?? 'nonSaturating']?.capabilities?.includes('needsReal')) arrows = { at, v: trainer.gradientField(at) };
  const man = runManifold();
  // mode coverage: at most every 200 iterations (2500 samples each time)
  if (lastMetricsAt < 0 || trainer.iterations - lastMetricsAt >= 200 || full) {
    const m = metrics(state);
    if (m) lastMetrics = m;
    lastMetricsAt = trainer.iterations;
  }
  if (lastDistanceAt < 0 || trainer.iterations - lastDistanceAt >= DISTANCE_EVERY || (full && trainer.iterations !== lastDistanceAt)) {
    const d = distances(state);
    if (d) distanceLog.push(d);
    lastDistanceAt = trainer.iterations;
  }
  const h = trainer.history;
  const series = {};
  for (const [k, v] of Object.entries(h.series)) series[k] = v.slice(sentHistory);
  const historyFrom = sentHistory;
  sentHistory = h.iteration.length;
  post({
    type: 'snapshot', generation, iteration: trainer.iterations, itPerSec, running: abort !== null,
    samples, heat, heatSize: HEAT, arrows, manifold: man, manifoldLines: manifold.lines, noiseDim: state.noiseDim,
    history: { from: historyFrom, series }, metrics: lastMetrics, rollbacks: h.rollbacks,
    lr: trainer.learningRateScale, distances: distanceLog.slice(),
  }, [samples.buffer, man.buffer, ...(heat ? [heat.buffer] : [])]);
}

/**
 * Debiased Sinkhorn divergence (squared Euclidean cost, ε = 0.05 × the held-out data's total
 * variance) and unbiased RBF MMD² (median bandwidth) between DISTANCE_ROWS samples and held-out
 * data, as `saddle train` reports them. null without held-out data (drawn or uploaded points).
 */
function distances(state) {
  if (!heldOut) return null;
  const s = trainer.sample(DISTANCE_ROWS, { seed: METRIC_SEED + 1, ema: state.ema > 0 });
  for (let i = 0; i < s.length; i++) if (!Number.isFinite(s[i])) return null;
  const sinkhorn = dist.sinkhornDivergence(sd, s, heldOut.data, { eps: heldOut.eps, dim: 2, tol: 1e-3, maxIterations: 300, onWarning: false }).divergence;
  const mmd2 = dist.mmd(sd, { data: s, rows: DISTANCE_ROWS, cols: 2 }, { data: heldOut.data, rows: DISTANCE_ROWS, cols: 2 }).mmd2;
  return { iteration: trainer.iterations, sinkhorn, mmd2 };
}

function totalVariance(x) {
  let total = 0;
  for (let j = 0; j < 2; j++) {
    let s = 0, s2 = 0;
    for (let i = j; i < x.length; i += 2) { s += x[i]; s2 += x[i] * x[i]; }
    const n = x.length / 2;
    total += s2 / n - (s / n) ** 2;
  }
  return Math.max(total, 1e-12);
}

function dispose() {
  if (manifold) { manifold.program.dispose(); manifold = null; }
  if (trainer) { trainer.dispose(); trainer = null; }
}

/** Builds the trainer for these settings; settings it refuses make an 'invalid' scene (the page shows why; Play does nothing). */
function build(state, points) {
  dispose();
  generation++;
  try {
    buildTrainer(state, points);
  } catch (e) {
    dispose();
    current = state;
    post({
      type: 'built', generation, data: new Float32Array(0), modes: null, extent: [-2, 2, -2, 2], build: sd.build, empty: true,
      invalid: String(e && e.message || e), argument: e && e.argument,
    });
  }
}

function buildTrainer(state, points) {
  if (state.data === 'drawn' || state.data === 'csv') {
    if (!points || points.length < 2) {
      current = state;
      trainer = null;
      post({ type: 'built', generation, data: new Float32Array(0), modes: null, extent: [-2, 2, -2, 2], build: sd.build, empty: true });
      return;
    }
    dataset = gan.fromArray(points, 2);
    heldOut = null;
  } else {
    dataset = gan.dataset(sd, state.data, { rows: state.rows, seed: state.dataSeed });
    if (dataset.dim !== 2) throw new Error(`preset ${state.data} is ${dataset.dim}-D; the playground draws 2-D data`);
    const h = gan.dataset(sd, state.data, { rows: DISTANCE_ROWS, seed: state.dataSeed + 1000 }).data;
    heldOut = { data: h, eps: 0.05 * totalVariance(h) };
  }
  // drawing needs a view before any point exists: drawn data live in [−2, 2]²
  extent = state.data === 'drawn' ? [-2, 2, -2, 2] : viewOf(dataset.data);
  heatPoints = heatGrid();
  current = state;
  config = trainerConfig(state, dataset.data);
  trainer = new gan.GanTrainer(config, { saddle: sd });
  manifold = buildManifold(state);
  sentHistory = 0;
  lastMetricsAt = -1;
  lastMetrics = null;
  distanceLog = [];
  lastDistanceAt = -1;
  post({ type: 'built', generation, data: dataset.data, modes: dataset.modes ?? null, extent, build: sd.build });
  snapshot(true);
}

/**
 * Trains until `until` (0: until paused). Every call that does not start a loop and every
 * loop that ends posts exactly one 'stopped' message { reason: 'done' | 'paused' | 'error' |
 * 'nothing', iteration, message?, step? (the iteration whose value was not finite) }, so the
 * page never stays 'training'.
 */
async function play(until) {
  if (abort) return;   // already playing: that loop posts 'stopped' when it ends
  const mine = generation;
  if (!trainer) { post({ type: 'stopped', generation: mine, reason: 'nothing', iteration: 0 }); return; }
  abort = new AbortController();
  let lastPost = 0;
  let reason = 'paused', message, step;
  try {
    while (true) {
      if (abort.signal.aborted || mine !== generation) break;
      const left = until > 0 ? until - trainer.iterations : 1e6;
      if (left <= 0) { reason = 'done'; break; }
      await trainer.train({
        iterations: Math.min(left, 1e6), signal: abort.signal, chunkMs: 25,
        onProgress: (p) => {
          itPerSec = p.iterationsPerSecond;
          const t = performance.now();
          if (t - lastPost > 60) { lastPost = t; snapshot(); }
        },
      });
    }
  } catch (e) {
    reason = 'error';
    message = String(e && e.message || e);
    if (e instanceof SaddleNumericError) step = e.step;
  } finally {
    if (mine === generation) {
      abort = null;
      // a snapshot that fails (e.g. samples of a blown-up G) must not swallow the report
      try { if (trainer) snapshot(true); } catch (e) { if (reason !== 'error') { reason = 'error'; message = String(e && e.message || e); } }
      post({ type: 'stopped', generation: mine, reason, message, step, iteration: trainer ? trainer.iterations : 0 });
    }
  }
}

// ---- the game view ----

function makeGame(spec) {
  if (spec.game === 'bilinear') return minimax.bilinear({ A: [[1]] });
  return minimax.diracGan({ variant: spec.variant, gamma: spec.gamma, sigma: spec.gamma });
}

function makeStepper(name, spec) {
  // every entry of minimax.STEPPERS at the view's rate; consensus takes the view's γ
  return minimax.stepper(name, { lr: spec.lr, ...(name === 'consensus' ? { gamma: spec.gamma || 1 } : {}) });
}

function runGame(spec) {
  const R = spec.range;
  const fieldGame = makeGame(spec);
  const field = minimax.vectorFieldGrid(fieldGame, { x: [-R, R, 17], y: [-R, R, 17] });
  const runs = [];
  for (const name of spec.steppers) {
    const g = makeGame(spec);
    const stepper = makeStepper(name, spec);
    // a run that leaves the bounded region (‖z‖ > maxNorm or non-finite) is drawn up to its
    // last good iterate and labelled with the iteration where it diverged
    let t, diverged = null;
    try { t = minimax.run(gameSd, g, stepper, { iterations: spec.iterations, every: 1 }); } catch (error) {
      if (!(error instanceof SaddleNumericError)) throw error;
      diverged = error.step;
      t = minimax.run(gameSd, makeGame(spec), stepper, { iterations: error.restoredTo, every: 1 });
    }
    const pts = new Float64Array(t.points.length * 2);
    t.points.forEach((p, i) => { pts[2 * i] = p[0]; pts[2 * i + 1] = p[1]; });
    // the spectral radius of the linearized update at the equilibrium, where there is one
    // (none for WGAN-GP: |ψ| is not differentiable at the equilibrium ψ = 0)
    let local = null;
    if (spec.variant !== 'wganGp' || spec.game === 'bilinear') try {
      const a = minimax.localConvergence(gameSd, makeGame(spec), stepper);
      if (Number.isFinite(a.radius)) local = { radius: a.radius, verdict: a.verdict };
    } catch { /* nSGDA, GDA-AM: no linearization */ }
    runs.push({ name, label: diverged === null ? stepper.name : `${stepper.name} (diverged at iteration ${diverged})`, points: pts, final: t.distances.at(-1) ?? null, local });
  }
  post({ type: 'game', id: spec.id, field: { x: field.x, y: field.y, u: field.u, w: field.w }, runs, range: R });
}

// ---- messages ----

let queue = Promise.resolve();
let playing = Promise.resolve();
self.onmessage = (event) => {
  const msg = event.data;
  // pause must act at once (between chunks); everything else runs in order
  if (msg.type === 'pause') { if (abort) abort.abort(); return; }
  if (msg.type === 'play') { queue = queue.then(() => { playing = play(msg.until || 0); }); return; }
  queue = queue.then(() => handle(msg)).catch((e) => post({ type: 'error', message: String(e && e.message || e), during: msg.type }));
};

async function handle(msg) {
  switch (msg.type) {
    case 'init': {
      sd = await loadSaddle({ build: msg.build || 'auto' });
      gameSd = await loadSaddle({ build: msg.build || 'auto' });
      post({ type: 'ready', build: sd.build });
      break;
    }
    case 'config': {
      if (abort) abort.abort();
      await playing;
      build(msg.state, msg.points);
      break;
    }
    case 'step': {
      if (!trainer || abort) return;
      const t0 = performance.now();
      trainer.trainSync(msg.iterations || 1);
      itPerSec = (msg.iterations || 1) / Math.max(1e-3, (performance.now() - t0) / 1000);
      snapshot(true);
      break;
    }
    case 'game': runGame(msg.spec); break;
    case 'bits': {
      // exact numbers for comparisons: the history and the fixed samples as raw f32 words
      const h = trainer.history;
      const words = (a) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
      const samples = trainer.sample(SAMPLE_COUNT, { seed: SAMPLE_SEED, ema: current.ema > 0 });
      post({
        type: 'bits', id: msg.id, iteration: trainer.iterations, build: sd.build,
        samples: words(samples), series: Object.fromEntries(Object.entries(h.series).map(([k, v]) => [k, words(v)])),
      });
      break;
    }
    default: throw new Error(`unknown message ${msg.type}`);
  }
}
