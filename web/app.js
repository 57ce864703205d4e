// The playground page: controls, URL state and drawing. Training and every WASM call run in
// worker.js; this thread only turns the worker's snapshots into canvas pixels.
import { gan, minimax } from '/dist/index.browser.js';
import {
  FIELDS, GAMES, CHOICES, SCHEMA, names, choiceTitle, advancedControls, controlValue, setOverride, pruneOverrides,
  decodeHash, encodeHash, presetMenu, presetAliases, fieldOfArgument, equilibria, recipeState,
} from './config.js';
import { CHARTS, LiveChart, smooth } from './charts.js';

const $ = (id) => document.getElementById(id);
const form = $('controls');
const gameForm = $('game-controls');
const view = $('view');
const ctx = view.getContext('2d');
const DPR = Math.max(1, window.devicePixelRatio || 1);
// the canvas backing store at device pixels (sharp on 2× screens); drawing stays in CSS pixels
const VIEW_CSS = 520;
view.width = VIEW_CSS * DPR; view.height = VIEW_CSS * DPR;

let state = decodeHash(location.hash);
let csvPoints = null;        // an uploaded CSV (not in the URL: too big)
let worker = null;
let workerBuild = null;      // the build setting the worker was started with
let running = false;
let scene = null;            // { generation, data, modes, extent, empty }
let latest = null;           // the last snapshot
let seriesLog = {};          // series name -> number[]
let metricLog = [];          // { iteration, modes, of, highQuality, kl }
let pendingBits = new Map();
let bitsId = 0;
let game = null;             // the last game result
let gameId = 0;
let drawQueued = false;
let stopInfo = null;         // the worker's last 'stopped' report that was not a plain pause
let resumeAfterBuild = false; // a model control changed while training: play again once rebuilt
let recipes = [];            // train configurations from examples/ (the server's /recipes.json)
const drawStats = { frames: 0, total: 0, max: 0 };   // time spent drawing, ms

// ---- controls ----

const MODEL_FIELDS = new Set(Object.keys(FIELDS).filter((k) => !['build', 'until', 'game', 'gameGamma', 'gameLr', 'gameIters', 'steppers'].includes(k)));
const GAME_FIELDS = ['game', 'gameGamma', 'gameLr', 'gameIters', 'steppers'];

function fillSelect(name, options, root = form) {
  const el = root.elements[name];
  el.replaceChildren(...options.map((o) => {
    const [value, text, title] = Array.isArray(o) ? o : [o, o, choiceTitle(o, options)];
    const opt = document.createElement('option');
    opt.value = value; opt.textContent = text;
    if (title) opt.title = title;
    return opt;
  }));
}

fillSelect('data', [...presetMenu(names(gan.PRESET_NAMES)), ['drawn', 'draw with the mouse'], ['csv', 'uploaded CSV']]);
$('alias-hint').textContent = Object.entries(presetAliases(names(gan.PRESET_NAMES))).map(([a, b]) => `${a} is ${b}`).join(', ').replace(/^(.+)$/,
  'Not listed twice: $1 (the VEEGAN paper uses the same centres and stds as PacGAN, so those presets are the same data under the VEEGAN names; `saddle train` accepts both names).');
// a line under each simple field for the message checkConfig gives about it
for (const el of form.querySelectorAll('fieldset > label > [name]')) {
  const msg = document.createElement('span');
  msg.className = 'field-error'; msg.dataset.errorFor = el.name;
  el.closest('label').after(msg);
}
for (const name of ['noiseDist', 'gAct', 'dAct', 'loss', 'optD', 'optG', 'scheme']) fillSelect(name, CHOICES[name]);
fillSelect('game', GAMES.map((g) => [g, g === 'bilinear' ? 'bilinear L = xy' : `Dirac-GAN, ${g.slice(6)}`]), gameForm);
$('game-steppers').replaceChildren(...names(minimax.STEPPERS).map((name) => {
  const label = document.createElement('label');
  const box = document.createElement('input');
  box.type = 'checkbox'; box.name = 'stepper'; box.value = name;
  label.append(box, ' ', name);
  return label;
}));

function showState() {
  for (const [k, [kind]] of Object.entries(FIELDS)) {
    const el = form.elements[k] ?? gameForm.elements[k];
    if (!el || kind === 'p' || kind === 'l') continue;
    el.value = kind === 'w' ? state[k].join(',') : String(state[k]);
  }
  for (const box of gameForm.querySelectorAll('input[name=stepper]')) box.checked = state.steppers.includes(box.value);
  form.elements.dSteps.disabled = state.scheme !== 'alternating';
  form.elements.consensus.disabled = state.scheme !== 'simultaneous';
  // a disabled field says why, in text
  for (const p of form.querySelectorAll('[data-why]')) p.hidden = !form.elements[p.dataset.why].disabled;
  showAdvanced();
}

// ---- the Advanced section: one control per TrainerConfig option the simple controls do not set ----

let advanced = new Map();     // control id -> control (from config.js advancedControls)
let advancedShape = '';       // the ids and disabled flags the section was built for

/** How many values the overrides set. */
function countLeaves(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.values(v).reduce((n, x) => n + countLeaves(x), 0) : 1;
}

function showAdvanced() {
  const controls = advancedControls(state);
  const shape = controls.map((c) => `${c.id}:${c.disabled}`).join('|');
  if (shape !== advancedShape) buildAdvanced(controls);
  advancedShape = shape;
  advanced = new Map(controls.map((c) => [c.id, c]));
  for (const c of controls) {
    const el = form.querySelector(`[data-id="${CSS.escape(c.id)}"]`);
    if (!el) continue;
    if (c.input === 'checkbox') el.checked = Boolean(c.value);
    else if (c.input === 'number' || c.input === 'text') el.value = c.value === undefined ? '' : String(c.value);
    else if (c.input === 'select') el.value = String(c.value);
  }
  const n = countLeaves(state.cfg ?? {});
  $('advanced-count').textContent = n ? ` (${n} set)` : '';
}

/** The section's DOM: a fieldset per top-level key of the schema, the rest under "other". */
function buildAdvanced(controls) {
  const groups = new Map();
  for (const c of controls) {
    if (!groups.has(c.group)) groups.set(c.group, []);
    groups.get(c.group).push(c);
  }
  const order = [...groups.keys()].filter((g) => g !== 'other').concat(groups.has('other') ? ['other'] : []);
  $('advanced-body').replaceChildren(...order.map((g) => {
    const set = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = g === 'other' ? 'training' : g;
    if (SCHEMA.properties[g]?.description) legend.title = SCHEMA.properties[g].description;
    set.append(legend);
    for (const c of groups.get(g)) set.append(advancedRow(c));
    return set;
  }));
}

function advancedRow(c) {
  const indent = `${Math.max(0, c.depth - 1) * 10}px`;
  if (c.input === 'heading') {
    const h = document.createElement('div');
    h.className = 'adv-heading';
    h.style.paddingLeft = indent;
    const kind = c.value && typeof c.value === 'object' ? c.value.kind : c.value;
    h.textContent = c.path.slice(1).join('.') + (typeof kind === 'string' ? ` · ${kind}` : '');
    if (c.title) h.title = c.title;
    return h;
  }
  const label = document.createElement('label');
  label.style.paddingLeft = indent;
  label.title = [c.title, c.hint].filter(Boolean).join('\n');
  let input;
  if (c.input === 'select') {
    input = document.createElement('select');
    input.append(...c.choices.map(([value, text, title]) => {
      const o = document.createElement('option');
      o.value = value; o.textContent = text;
      if (title) o.title = title;
      return o;
    }));
  } else {
    input = document.createElement('input');
    input.type = c.input;
    if (c.input === 'number') {
      if (c.min !== undefined) input.min = String(c.min);
      if (c.max !== undefined) input.max = String(c.max);
      input.step = String(c.step);
    }
    if (c.placeholder) input.placeholder = c.placeholder;
  }
  input.dataset.id = c.id;
  input.disabled = c.disabled;
  label.append(c.label, input);
  const wrap = document.createElement('div');
  const msg = document.createElement('span');
  msg.className = 'field-error'; msg.dataset.errorFor = c.path.join('.');
  wrap.append(label, msg);
  if (c.disabled && c.hint) {
    const why = document.createElement('p');
    why.className = 'why'; why.textContent = `off: ${c.hint}`;
    wrap.append(why);
  }
  return wrap;
}

function onAdvancedChange(el) {
  const c = advanced.get(el.dataset.id);
  if (!c) return;
  const v = controlValue(c, c.input === 'checkbox' ? el.checked : el.value, c.value);
  if (v === null) { showError(`${c.path.join('.')}: could not read “${el.value}”`); return; }
  state.cfg = setOverride(state, c.path, v);
  state.cfg = pruneOverrides(state);
  writeHash();
  showState();
  rebuild(`“${c.path.join('.')}”`);
}

function readField(el) {
  const kind = FIELDS[el.name]?.[0];
  if (kind === 'n') { const v = Number(el.value); return el.value !== '' && Number.isFinite(v) ? v : undefined; }
  if (kind === 'w') {
    const w = el.value.split(/[\s,.]+/).filter(Boolean).map(Number);
    return w.every((x) => Number.isInteger(x) && x >= 1 && x <= 1024) ? w : undefined;
  }
  return el.value;
}

function writeHash() {
  const hash = encodeHash(state);
  window.history.replaceState(null, '', hash || location.pathname + location.search);
}

form.addEventListener('change', (event) => {
  const el = event.target;
  if (el.dataset.id) { onAdvancedChange(el); return; }
  if (!FIELDS[el.name]) return;
  const v = readField(el);
  if (v === undefined) { showState(); return; }
  state[el.name] = v;
  state.cfg = pruneOverrides(state);   // e.g. Adam's b1 goes when D's optimizer becomes SGD
  if (el.name === 'data' && v === 'csv' && !csvPoints) { $('csv').click(); }
  writeHash();
  showState();
  if (el.name === 'build') { startWorker(); return; }
  if (MODEL_FIELDS.has(el.name)) rebuild(`“${el.closest('label')?.firstChild?.textContent.trim() ?? el.name}”`);
});

gameForm.addEventListener('change', (event) => {
  const el = event.target;
  if (el.name === 'stepper') state.steppers = [...gameForm.querySelectorAll('input[name=stepper]:checked')].map((b) => b.value);
  else if (FIELDS[el.name]) { const v = readField(el); if (v !== undefined) state[el.name] = v; }
  writeHash();
  requestGame();
});

window.addEventListener('hashchange', () => {
  const next = decodeHash(location.hash);
  const buildChanged = next.build !== state.build;
  const modelChanged = [...MODEL_FIELDS].some((k) => JSON.stringify(next[k]) !== JSON.stringify(state[k]));
  const gameChanged = GAME_FIELDS.some((k) => JSON.stringify(next[k]) !== JSON.stringify(state[k]));
  state = next;
  showState();
  if (buildChanged) startWorker();
  else if (modelChanged) rebuild();
  if (gameChanged) requestGame();
});

$('csv').addEventListener('change', async (event) => {
  const file = event.target.files?.[0];
  if (!file) return;
  try {
    const text = await file.text();
    const first = text.split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
    const header = /[A-DF-Za-df-z_"]/.test(first);   // letters other than an exponent's e
    const delimiter = first.includes(',') ? ',' : first.includes(';') ? ';' : first.includes('\t') ? '\t' : 'whitespace';
    const ds = gan.parseCsv(text, { header, delimiter });
    if (ds.dim !== 2) throw new Error(`the CSV has ${ds.dim} columns; the playground draws 2-D data (x, y)`);
    csvPoints = ds.data;
    state.data = 'csv';
    writeHash();
    showState();
    rebuild();
  } catch (e) {
    showError(e.message);
  }
});

$('clear-points').addEventListener('click', () => {
  state.points = [];
  if (state.data !== 'drawn') state.data = 'drawn';
  writeHash();
  showState();
  rebuild();
});

$('play').addEventListener('click', () => togglePlay());
$('step').addEventListener('click', () => { if (!running && worker) worker.postMessage({ type: 'step', iterations: 1 }); });
$('reset').addEventListener('click', () => { setNotice(''); rebuild(); });
$('share').addEventListener('click', async () => {
  writeHash();
  try { await navigator.clipboard.writeText(location.href); setStatus('link copied'); } catch { setStatus('link in the address bar'); }
});
document.addEventListener('keydown', (e) => {
  // (a focused button or field keeps its own use of the space bar)
  if (e.code === 'Space' && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLButtonElement)) { e.preventDefault(); togglePlay(); }
});
for (const id of ['show-heat', 'show-data', 'show-samples', 'show-arrows', 'show-manifold']) $(id).addEventListener('change', queueDraw);

function togglePlay() {
  if (!worker || !scene) return;
  if (scene.invalid) { showError(scene.invalid); return; }   // Play refuses, and says why in the banner
  if (scene.empty) return;
  if (running) worker.postMessage({ type: 'pause' });
  else {
    if (state.until > 0 && latest && latest.iteration >= state.until) { setStatus(`stopped at ${state.until} (stop at iteration)`); return; }
    worker.postMessage({ type: 'play', until: state.until });
    setRunning(true);
  }
}

function setRunning(on, quiet = false) {
  running = on;
  $('play').textContent = on ? 'Pause' : 'Play';
  $('play').classList.toggle('running', on);
  if (on) { stopInfo = null; showError(''); }
  if (!quiet) showStatus();
}

/** The status from what is known: training, the reason it stopped, or paused. */
function showStatus() {
  if (running) setStatus('training', 'running');
  else if (scene?.invalid || stopInfo?.reason === 'error') setStatus(stopInfo?.step !== undefined ? `stopped: not finite at iteration ${stopInfo.step}` : 'error', 'error');
  else if (stopInfo?.reason === 'done') setStatus(`stopped at ${stopInfo.iteration} (stop at iteration)`, 'paused');
  else setStatus(latest ? `paused at ${latest.iteration}` : 'ready', 'paused');
}

/** The yellow line under the header: restarts and rollbacks (empty: hidden). */
function setNotice(text) { $('notice').textContent = text; }

function setStatus(text, stateName) {
  $('status').textContent = text;
  if (stateName) $('status').dataset.state = stateName;
}

function showError(message) {
  $('error').textContent = message || '';
  if (message) setStatus('error', 'error');
}

/** The schema's message next to the field it is about (a simple field, or an Advanced control's path). */
function showFieldError(argument, message) {
  for (const el of document.querySelectorAll('.field-error')) el.textContent = '';
  if (!argument) return;
  const field = fieldOfArgument(argument);
  const target = document.querySelector(`.field-error[data-error-for="${CSS.escape(field ?? argument)}"]`);
  if (target) target.textContent = message;
  if (field) form.elements[field]?.classList.add('invalid');
}

/** Outlines the Advanced control of a config path checkConfig refused (and opens the section). */
function markInvalid(argument) {
  for (const el of form.querySelectorAll('.invalid')) el.classList.remove('invalid');
  if (!argument) return;
  if (fieldOfArgument(argument)) form.elements[fieldOfArgument(argument)]?.classList.add('invalid');
  for (const c of advanced.values()) {
    if (c.path.join('.') !== argument) continue;
    const el = form.querySelector(`[data-id="${CSS.escape(c.id)}"]`);
    if (el) { el.classList.add('invalid'); $('advanced').open = true; }
  }
}

// ---- the worker ----

function startWorker() {
  if (worker) worker.terminate();
  setRunning(false);
  setStatus('loading…', 'loading');
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  workerBuild = state.build;
  worker.onmessage = (event) => onWorker(event.data);
  worker.onerror = (event) => showError(`worker: ${event.message ?? 'failed to start'}`);
  worker.postMessage({ type: 'init', build: state.build });
}

/**
 * Rebuilds the models. `why` (the control that changed) after some training: the page says
 * it restarted from iteration 0, and a run that was playing plays on.
 */
function rebuild(why) {
  if (!worker) return;
  const at = latest ? latest.iteration : 0;
  if (why && at > 0) {
    setNotice(`Restarted from iteration 0: changing ${why} rebuilds the models (the run was at iteration ${at}).`);
    resumeAfterBuild = running;
  } else if (why !== undefined) setNotice('');
  showError('');
  stopInfo = null;
  let points;
  if (state.data === 'drawn') points = state.points;
  else if (state.data === 'csv') {
    if (!csvPoints) { showError('upload a CSV file (x,y per line) to train on it'); points = []; }
    else points = csvPoints;
  }
  setRunning(false, true);
  worker.postMessage({ type: 'config', state: structuredClone(state), points });
}

function onWorker(msg) {
  switch (msg.type) {
    case 'ready':
      $('build').textContent = msg.build;
      rebuild();
      requestGame();
      break;
    case 'built':
      scene = msg;
      latest = null;
      seriesLog = {};
      metricLog = [];
      setRunning(false);
      markInvalid(msg.argument);
      showFieldError(msg.argument, msg.invalid);
      if (msg.invalid) { showError(msg.invalid); resumeAfterBuild = false; }
      else if (msg.empty) { setStatus(state.data === 'drawn' ? 'draw some points' : 'no data', 'paused'); resumeAfterBuild = false; }
      else if (resumeAfterBuild) { resumeAfterBuild = false; togglePlay(); }   // the restarted run plays on
      queueDraw();
      break;
    case 'snapshot': {
      if (!scene || msg.generation !== scene.generation) return;
      for (const [k, v] of Object.entries(msg.history.series)) {
        const column = seriesLog[k] ?? (seriesLog[k] = []);
        column.length = msg.history.from;
        for (let i = 0; i < v.length; i++) column.push(v[i]);
      }
      if (msg.metrics && metricLog.at(-1)?.iteration !== msg.metrics.iteration) metricLog.push(msg.metrics);
      latest = msg;
      $('iteration').textContent = String(msg.iteration);
      $('rate').textContent = msg.running ? String(Math.round(msg.itPerSec)) : '0';
      const rb = msg.rollbacks;
      if (rb.length) {
        const last = rb.at(-1);
        setNotice(`${rb.length} rollback${rb.length > 1 ? 's' : ''}: ${last.quantity} was not finite at iteration ${last.iteration}; the trainer went back to its last good state and scaled both learning rates by ${msg.lr.d.toPrecision(2)} (red lines on the charts).`);
      }
      if (!running) showStatus();
      queueDraw();
      break;
    }
    case 'stopped':
      if (!scene || msg.generation !== scene.generation) break;
      stopInfo = msg.reason === 'paused' || msg.reason === 'nothing' ? null : msg;
      if (msg.reason === 'error') {
        showError(msg.step !== undefined ? `Training stopped at iteration ${msg.iteration}: ${msg.message}` : `Training stopped: ${msg.message}`);
        queueDraw();
      }
      setRunning(false);
      break;
    case 'game':
      if (msg.id === gameId) { game = msg; drawGame(); }
      break;
    case 'bits':
      pendingBits.get(msg.id)?.(msg);
      pendingBits.delete(msg.id);
      break;
    case 'error':
      showError(msg.message);
      if (running) setRunning(false);
      break;
  }
}

function requestGame() {
  if (!worker) return;
  const [kind, variant] = state.game.split(':');
  worker.postMessage({
    type: 'game',
    spec: { id: ++gameId, game: kind === 'bilinear' ? 'bilinear' : 'dirac', variant: variant ?? 'standard', gamma: state.gameGamma, lr: state.gameLr, iterations: Math.max(1, Math.min(5000, Math.round(state.gameIters))), steppers: state.steppers, range: 2 },
  });
}

// ---- drawing the main view ----

const REAL = '#1b9e77', FAKE = '#7b3294';
const heatCanvas = document.createElement('canvas');

function toCanvas(extent, W, H) {
  const [x0, x1, y0, y1] = extent;
  return [(x) => ((x - x0) / (x1 - x0)) * W, (y) => ((y1 - y) / (y1 - y0)) * H];
}

function queueDraw() {
  if (drawQueued) return;
  drawQueued = true;
  requestAnimationFrame(() => {
    drawQueued = false;
    const t0 = performance.now();
    draw();
    const ms = performance.now() - t0;
    drawStats.frames++; drawStats.total += ms; drawStats.max = Math.max(drawStats.max, ms);
  });
}

/**
 * D's output as "how real", read from the loss's registry entry: σ(D) for log losses on D
 * alone, (D − a)/(b − a) for a loss with target labels a (fake) and b (real) (least squares:
 * ½ is the boundary), else D (relative to its mean when the loss compares with reals, as the
 * relativistic ones do, where only differences of D matter) over the grid's largest |D|.
 */
function realness(values, loss) {
  const entry = gan.LOSSES.entries[loss];
  const caps = entry?.capabilities ?? [];
  if (caps.includes('logLoss') && !caps.includes('needsReal')) return (v) => 1 / (1 + Math.exp(-v));
  const labels = entry?.options?.properties?.labels?.properties;
  if (labels?.a && labels?.b) {
    const set = state.cfg?.lossOptions?.labels ?? {};
    const a = set.a ?? labels.a.default, b = set.b ?? labels.b.default;
    if (b !== a) return (v) => (v - a) / (b - a);
  }
  // WGAN, hinge: the sign of D; losses that compare with reals: centre at the mean
  let c = 0;
  if (caps.includes('needsReal')) { for (const v of values) c += v; c /= values.length; }
  let m = 1e-12;
  for (const v of values) m = Math.max(m, Math.abs(v - c));
  return (v) => 0.5 + 0.5 * ((v - c) / m);
}

function drawHeat(snap, W, H) {
  const n = snap.heatSize;
  heatCanvas.width = n; heatCanvas.height = n;
  const hctx = heatCanvas.getContext('2d');
  const img = hctx.createImageData(n, n);
  const p = realness(snap.heat, state.loss);
  for (let i = 0; i < n * n; i++) {
    const t = Math.max(0, Math.min(1, p(snap.heat[i])));   // 1 real (green) … 0 fake (purple)
    const a = Math.abs(t - 0.5) * 2;
    const [r, g, b] = t >= 0.5 ? [191, 230, 215] : [220, 198, 230];
    img.data[4 * i] = Math.round(255 + (r - 255) * a);
    img.data[4 * i + 1] = Math.round(255 + (g - 255) * a);
    img.data[4 * i + 2] = Math.round(255 + (b - 255) * a);
    img.data[4 * i + 3] = 255;
  }
  hctx.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(heatCanvas, 0, 0, W, H);
}

function dots(points, sx, sy, color, r) {
  ctx.fillStyle = color;
  ctx.beginPath();
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = sx(points[i]), y = sy(points[i + 1]);
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  ctx.fill();
}

function drawArrows(arrows, sx, sy, W) {
  let m = 1e-12;
  for (let i = 0; i < arrows.v.length; i += 2) m = Math.max(m, Math.hypot(arrows.v[i], arrows.v[i + 1]));
  const len = 0.07 * W;   // the longest arrow, in pixels
  ctx.strokeStyle = 'rgba(60,20,80,0.75)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let i = 0; i < arrows.at.length; i += 2) {
    const x = sx(arrows.at[i]), y = sy(arrows.at[i + 1]);
    const dx = (arrows.v[i] / m) * len, dy = (-arrows.v[i + 1] / m) * len;
    const l = Math.hypot(dx, dy);
    if (l < 1) continue;
    const ex = x + dx, ey = y + dy, ux = dx / l, uy = dy / l, h = Math.min(4, l / 2);
    ctx.moveTo(x, y); ctx.lineTo(ex, ey);
    ctx.moveTo(ex, ey); ctx.lineTo(ex - h * ux + h * 0.6 * uy, ey - h * uy - h * 0.6 * ux);
    ctx.moveTo(ex, ey); ctx.lineTo(ex - h * ux - h * 0.6 * uy, ey - h * uy + h * 0.6 * ux);
  }
  ctx.stroke();
}

function drawManifold(snap, sx, sy) {
  const m = snap.manifold, L = snap.manifoldLines;
  ctx.strokeStyle = 'rgba(123,50,148,0.35)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  if (L === 1) {
    for (let i = 0; i + 1 < m.length; i += 2) (i ? ctx.lineTo : ctx.moveTo).call(ctx, sx(m[i]), sy(m[i + 1]));
  } else {
    for (let a = 0; a < L; a++) {
      for (let b = 0; b < L; b++) { const o = 2 * (a * L + b); (b ? ctx.lineTo : ctx.moveTo).call(ctx, sx(m[o]), sy(m[o + 1])); }
      for (let b = 0; b < L; b++) { const o = 2 * (b * L + a); (b ? ctx.lineTo : ctx.moveTo).call(ctx, sx(m[o]), sy(m[o + 1])); }
    }
  }
  ctx.stroke();
}

function draw() {
  const W = VIEW_CSS, H = VIEW_CSS;
  ctx.setTransform(DPR, 0, 0, DPR, 0, 0);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  if (!scene) return;
  const [sx, sy] = toCanvas(scene.extent, W, H);
  if (latest?.heat && $('show-heat').checked) drawHeat(latest, W, H);
  const data = state.data === 'drawn' ? state.points : scene.data;
  if ($('show-data').checked) dots(data, sx, sy, REAL, data.length > 4000 ? 1.3 : 2);
  if (latest) {
    if ($('show-manifold').checked) drawManifold(latest, sx, sy);
    if ($('show-samples').checked) dots(latest.samples, sx, sy, FAKE, 2);
    const [x0, x1, y0, y1] = scene.extent;
    let outside = 0;
    for (let i = 0; i < latest.samples.length; i += 2) {
      const x = latest.samples[i], y = latest.samples[i + 1];
      if (!(x >= x0 && x <= x1 && y >= y0 && y <= y1)) outside++;
    }
    $('outside').textContent = outside ? ` · ${outside} of ${latest.samples.length / 2} samples outside the view` : '';
    if ($('show-arrows').checked && latest.arrows) drawArrows(latest.arrows, sx, sy, W);
  }
  drawCharts();
}

// ---- charts (web/charts.js: Vega-Lite specs rendered to SVG) ----

const charts = Object.fromEntries(Object.entries(CHARTS).map(([id, options]) => [id, new LiveChart($(id), options())]));
let chartsAt = 0, chartsTimer = 0;
const chartsDone = { count: 0 };

/** Bucket means: at most `n` points [x, mean] of a long series (x = 1-based iteration). */
function decimate(values, n) {
  if (values.length <= n) return values.map((v, i) => [i + 1, v]);
  const out = [], per = values.length / n;
  for (let b = 0; b < n; b++) {
    const lo = Math.floor(b * per), hi = Math.floor((b + 1) * per);
    let sum = 0, c = 0;
    for (let i = lo; i < hi; i++) if (Number.isFinite(values[i])) { sum += values[i]; c++; }
    if (c) out.push([(lo + hi) / 2, sum / c]);
  }
  return out;
}

/** Chart rows of history series: smoothed (EMA weight w over iterations) and raw, decimated. */
function rows(series, w) {
  const out = [];
  for (const { key, label } of series) {
    const raw = seriesLog[key] ?? [];
    if (!raw.length) continue;
    const sm = w > 0 ? smooth(raw, w) : raw;
    const a = decimate(sm, 300), b = decimate(raw, 300);
    for (let i = 0; i < a.length; i++) out.push({ iteration: a[i][0], series: label, value: a[i][1], raw: b[i]?.[1] ?? a[i][1] });
  }
  return out;
}

/** Rollbacks and the iteration of a non-finite value that stopped training, as chart events. */
function events() {
  const out = (latest?.rollbacks ?? []).map((r) => ({ iteration: r.iteration, short: 'rollback', label: `rollback: ${r.quantity} not finite at iteration ${r.iteration}; rates × ${r.lrScale}` }));
  if (stopInfo?.step !== undefined) out.push({ iteration: stopInfo.step, short: `not finite @ ${stopInfo.step}`, label: `training stopped: not finite at iteration ${stopInfo.step}` });
  return out;
}

/**
 * Redraws the charts; while training, one chart per 200 ms in turn (vega re-renders an SVG on
 * this thread, so the page stays responsive).
 */
let chartTurn = 0;
function drawCharts() {
  const t = performance.now();
  if (running && t - chartsAt < 200) { if (!chartsTimer) chartsTimer = setTimeout(() => { chartsTimer = 0; drawCharts(); }, 210); return; }
  chartsAt = t;
  const only = running ? Object.keys(charts)[chartTurn++ % Object.keys(charts).length] : null;
  if (!globalThis.vegaEmbed) { $('loss-note').textContent = 'charts: vega-embed did not load (/vendor/)'; return; }
  const w = Number($('smoothing').value);
  const ev = events();
  const eq = equilibria(state.loss);
  const refs = eq ? [{ value: eq.d.value, label: `D at D ≡ ½: ${eq.d.label}` }, { value: eq.g.value, label: `G at D ≡ ½: ${eq.g.label}` }] : [];
  $('loss-note').textContent = eq
    ? `Dashed: the ${state.loss} losses when D outputs ½ everywhere (the equilibrium p_G = p_data): D ${eq.d.label} ≈ ${eq.d.value.toFixed(3)}, G ${eq.g.label} ≈ ${eq.g.value.toFixed(3)}. Regularizer terms are not in these losses.`
    : `No equilibrium line: the ${state.loss} loss has no fixed value at the equilibrium worth drawing.`;
  const d = latest?.distances ?? [];
  const data = {
    'chart-loss': () => [rows(charts['chart-loss'].options.series, w), ev, refs],
    'chart-norm': () => [rows(charts['chart-norm'].options.series, w), ev],
    'chart-lr': () => [rows(charts['chart-lr'].options.series, 0), ev],
    'chart-distance': () => [d.flatMap((e) => [
      { iteration: e.iteration, series: 'Sinkhorn divergence', value: e.sinkhorn }, { iteration: e.iteration, series: 'MMD²', value: e.mmd2 },
    ]).filter((r) => r.value > 0), ev],
    'chart-metric': () => [metricLog.flatMap((m) => [
      { iteration: m.iteration, series: 'modes covered', value: m.modes / m.of }, { iteration: m.iteration, series: 'high quality (3σ)', value: m.highQuality },
    ]), ev],
  };
  const jobs = Object.keys(charts).filter((id) => !only || id === only).map((id) => charts[id].update(...data[id]()));
  if (metricLog.length) {
    const last = metricLog.at(-1);
    $('metric-text').textContent = `iteration ${last.iteration}: ${last.modes}/${last.of} modes, ${(100 * last.highQuality).toFixed(1)}% high quality (within 3σ), KL to uniform ${Number.isFinite(last.kl) ? last.kl.toFixed(3) : '—'}`
      + (d.length ? ` · Sinkhorn ${d.at(-1).sinkhorn.toPrecision(3)}, MMD² ${d.at(-1).mmd2.toPrecision(3)} (${d.at(-1).iteration})` : '');
  } else {
    $('metric-text').textContent = 'mode coverage and distances need a preset (known modes, held-out data)';
  }
  Promise.all(jobs).then(() => { chartsDone.count++; }, (e) => showError(`charts: ${e.message}`));
}
$('smoothing').addEventListener('input', () => { $('smoothing-value').textContent = $('smoothing').value; chartsAt = 0; drawCharts(); });

// ---- recipes: the train configurations in examples/ ----

fetch('/recipes.json').then((r) => (r.ok ? r.json() : [])).then((list) => {
  recipes = list.filter((r) => presetMenu(names(gan.PRESET_NAMES)).includes(r.config.preset));
  $('recipe').append(...recipes.map((r) => {
    const o = document.createElement('option');
    o.value = r.name; o.textContent = `${r.name} (examples/${r.name}.json)`;
    return o;
  }));
}, () => { /* no recipes: the menu stays empty */ });
$('recipe').addEventListener('change', () => {
  const r = recipes.find((x) => x.name === $('recipe').value);
  if (!r) return;
  try {
    state = recipeState(r.config, { ...state, points: [] });
  } catch (e) { showError(`recipe ${r.name}: ${e.message}`); return; }
  writeHash();
  showState();
  setNotice(`Loaded examples/${r.name}.json: every control now shows that configuration (it stops at iteration ${state.until}).`);
  rebuild();
});

// ---- drawing data with the mouse ----

let painting = false;
function paint(event) {
  if (!scene) return;
  const rect = view.getBoundingClientRect();
  const [x0, x1, y0, y1] = scene.extent;
  const x = x0 + ((event.clientX - rect.left) / rect.width) * (x1 - x0);
  const y = y1 - ((event.clientY - rect.top) / rect.height) * (y1 - y0);
  const spread = 0.03 * (x1 - x0);
  if (state.points.length >= 1200) return;   // 600 points keep the URL shareable
  for (let k = 0; k < 2; k++) {
    // a small Gaussian brush (Box–Muller)
    const r = spread * Math.sqrt(-2 * Math.log(1 - Math.random())), t = 2 * Math.PI * Math.random();
    state.points.push(x + r * Math.cos(t), y + r * Math.sin(t));
  }
  queueDraw();
}
view.addEventListener('pointerdown', (event) => {
  if (state.data !== 'drawn') return;
  if (running) worker.postMessage({ type: 'pause' });
  painting = true;
  view.setPointerCapture(event.pointerId);
  paint(event);
});
view.addEventListener('pointermove', (event) => { if (painting) paint(event); });
const endPaint = () => {
  if (!painting) return;
  painting = false;
  writeHash();
  rebuild();
};
view.addEventListener('pointerup', endPaint);
view.addEventListener('pointercancel', endPaint);

// ---- the game view ----

const STEPPER_COLORS = ['#e41a1c', '#377eb8', '#4daf4a', '#984ea3', '#ff7f00', '#a65628', '#f781bf'];

function drawGame() {
  const panels = $('game-panels');
  panels.replaceChildren();
  const { field, runs, range: R } = game;
  runs.forEach((run, k) => {
    const box = document.createElement('div');
    box.className = 'panel';
    const canvas = document.createElement('canvas');
    canvas.width = 220 * DPR; canvas.height = 220 * DPR;
    const c = canvas.getContext('2d'), W = 220;
    c.scale(DPR, DPR);
    const X = (x) => ((x + R) / (2 * R)) * W, Y = (y) => ((R - y) / (2 * R)) * W;
    let m = 1e-12;
    for (let i = 0; i < field.u.length; i++) m = Math.max(m, Math.hypot(field.u[i], field.w[i]));
    c.strokeStyle = '#bbc'; c.lineWidth = 1; c.beginPath();
    field.y.forEach((yv, i) => field.x.forEach((xv, j) => {
      const u = field.u[i * field.x.length + j] / m, w = field.w[i * field.x.length + j] / m;
      const x = X(xv), y = Y(yv), dx = u * 10, dy = -w * 10;
      c.moveTo(x, y); c.lineTo(x + dx, y + dy);
      c.moveTo(x + dx + 1.5, y + dy); c.arc(x + dx, y + dy, 1.5, 0, 2 * Math.PI);
    }));
    c.stroke();
    c.strokeStyle = '#889'; c.beginPath(); c.moveTo(X(-R), Y(0)); c.lineTo(X(R), Y(0)); c.moveTo(X(0), Y(-R)); c.lineTo(X(0), Y(R)); c.stroke();
    const color = STEPPER_COLORS[names(minimax.STEPPERS).indexOf(run.name) % STEPPER_COLORS.length];
    c.strokeStyle = color; c.lineWidth = 1.5; c.beginPath();
    for (let i = 0; i < run.points.length; i += 2) {
      const px = Math.max(-1e4 * R, Math.min(1e4 * R, run.points[i])), py = Math.max(-1e4 * R, Math.min(1e4 * R, run.points[i + 1]));   // the canvas clips; this only keeps huge values finite
      (i ? c.lineTo : c.moveTo).call(c, X(px), Y(py));
    }
    c.stroke();
    c.fillStyle = color;
    c.beginPath(); c.arc(X(run.points[0]), Y(run.points[1]), 3, 0, 2 * Math.PI); c.fill();
    const caption = document.createElement('div');
    const d = run.final;
    caption.textContent = `${run.label}: ‖z − z*‖ = ${d === null ? '—' : d < 1e-3 || d > 1e3 ? d.toExponential(1) : d.toFixed(3)}`;
    if (run.local) {
      const line = document.createElement('div');
      line.textContent = `ρ(M) = ${run.local.radius.toFixed(4)}: ${run.local.verdict}`;
      caption.append(line);
    }
    box.append(canvas, caption);
    panels.append(box);
  });
}

// ---- for tests and the console ----

window.playground = {
  get state() { return structuredClone(state); },
  get iteration() { return latest ? latest.iteration : 0; },
  get running() { return running; },
  get metrics() { return metricLog.slice(); },
  get history() { return Object.fromEntries(Object.entries(seriesLog).map(([k, v]) => [k, v.slice()])); },
  get build() { return $('build').textContent; },
  get game() { return game; },
  get drawStats() { return { ...drawStats }; },
  /** chart redraws finished (a test waits for the SVGs) */
  get chartsDrawn() { return chartsDone.count; },
  get stop() { return stopInfo; },
  /** rows of the data the worker trains on (0 before any) */
  get dataRows() { return scene && !scene.empty ? scene.data.length / 2 : 0; },
  /** The history and fixed samples as raw f32 words, straight from the worker's trainer. */
  bits() {
    return new Promise((resolve) => { const id = ++bitsId; pendingBits.set(id, resolve); worker.postMessage({ type: 'bits', id }); });
  },
};

showState();
startWorker();
