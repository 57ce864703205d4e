// Real-browser test of the playground (web/): Debian's Chromium driven by playwright-core
// (no browser download), served by scripts/playground.mjs. It trains in the page's Web
// Worker, checks that mode coverage improved, that input stays handled within 100 ms while
// training, and that the worker's numbers equal, bit for bit, a Node GanTrainer run with
// the same build, settings and seed. Saves a screenshot to test-results/. Like
// browser.test.ts: skipped without Chromium locally, a failure under CI.
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { haveChromium, launchChromium } from './chromium.js';
import * as saddle from '../../bindings/index.js';
import { BUILDS } from '../helpers/builds.js';
// @ts-expect-error: plain ESM shared with the page
import { startPlayground } from '../../scripts/playground.mjs';
// @ts-expect-error: plain ESM shared with the page and its worker
import { decodeHash, trainerConfig, SAMPLE_COUNT, SAMPLE_SEED } from '../../web/config.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Bits { iteration: number; build: string; samples: number[]; series: Record<string, number[]> }
interface Metric { iteration: number; modes: number; of: number; highQuality: number }
type Page = import('playwright-core').Page;

let server: Server;
let url = '';

beforeAll(async () => {
  if (!haveChromium) return;
  if (!existsSync(`${root}dist/index.browser.js`)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  ({ server, url } = await startPlayground({ port: 0 }));
});
afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

const words = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

/** The same run in Node: settings from the same hash, the same build, trainSync(iterations). */
async function nodeRun(hash: string, iterations: number): Promise<Bits> {
  const state = decodeHash(hash);
  const sd = await saddle.loadSaddle({ build: state.build });
  const ds = saddle.gan.dataset(sd, state.data, { rows: state.rows, seed: state.dataSeed });
  const trainer = new saddle.gan.GanTrainer(trainerConfig(state, ds.data), { saddle: sd });
  try {
    trainer.trainSync(iterations);
    const h = trainer.history;
    return {
      iteration: trainer.iterations, build: sd.build,
      samples: words(trainer.sample(SAMPLE_COUNT, { seed: SAMPLE_SEED, ema: state.ema > 0 })),
      series: Object.fromEntries(Object.entries(h.series).map(([k, v]) => [k, words(v)])),
    };
  } finally {
    trainer.dispose();
  }
}

/** Opens the playground at `hash` and waits until the worker has built the models. */
async function open(page: Page, hash: string): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url + hash);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'paused', null, { timeout: 20_000 });
  expect(errors).toEqual([]);
  expect(await page.textContent('#error')).toBe('');
}

/** Clicks Play and waits until the worker stops at the hash's `until`. */
async function playUntil(page: Page, until: number): Promise<void> {
  await page.click('#play');
  await page.waitForFunction((n) => {
    const w = window as unknown as { playground: { iteration: number; running: boolean } };
    return !w.playground.running && w.playground.iteration === n;
  }, until, { timeout: 25_000 });
}

test.runIf(haveChromium)('the playground trains in a worker, stays responsive and matches Node bit for bit', async () => {
  const browser = await launchChromium();
  try {
    // ---- 1. train ring-8 (relaxed SIMD, Chromium's auto build) while clicking ----
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const build = BUILDS[BUILDS.length - 1];
    const hashA = `#ema=0.99&build=${build}`;
    await open(page, hashA);
    expect(await page.textContent('#build')).toBe(build);
    // for each click on the page title (a static element): the time from the event's creation
    // to its handler and whether training was on then; and the gaps between animation frames
    await page.evaluate(() => {
      const w = window as unknown as { playground: { running: boolean }; probe: { input: Array<[number, boolean]>; frames: number[] } };
      w.probe = { input: [], frames: [] };
      document.querySelector('header h1')!.addEventListener('pointerdown', (e) => w.probe.input.push([performance.now() - e.timeStamp, w.playground.running]));
      let last = performance.now();
      const frame = (t: number) => { w.probe.frames.push(t - last); last = t; requestAnimationFrame(frame); };
      requestAnimationFrame(frame);
    });
    const title = (await page.$('header h1'))!;
    await page.click('#play');
    for (let k = 0; k < 8; k++) {
      await page.waitForTimeout(100);
      await title.click();
    }
    // train at least 3000 iterations (a few seconds here), then pause wherever it is
    await page.waitForFunction(() => (window as unknown as { playground: { iteration: number } }).playground.iteration >= 3000, null, { timeout: 25_000 });
    await page.click('#play');
    await page.evaluate(() => { (window as unknown as { probe: { frames: number[] } }).probe.frames.push(-1); });
    await page.waitForFunction(() => !(window as unknown as { playground: { running: boolean } }).playground.running, null, { timeout: 10_000 });
    const probe = await page.evaluate(() => (window as unknown as { probe: { input: Array<[number, boolean]>; frames: number[] } }).probe);
    const metrics = await page.evaluate(() => (window as unknown as { playground: { metrics: Metric[] } }).playground.metrics);
    await page.waitForFunction(() => (window as unknown as { playground: { game: unknown } }).playground.game !== null, null, { timeout: 20_000 });
    mkdirSync(`${root}test-results`, { recursive: true });
    await page.screenshot({ path: `${root}test-results/playground.png`, fullPage: true });

    // the page stayed responsive: every click, all made while the worker trained, handled within 100 ms
    const latency = probe.input.map(([ms]) => ms);
    const training = probe.frames.slice(1, probe.frames.indexOf(-1));
    console.log(`playground: input latency max ${Math.max(...latency).toFixed(1)} ms, ` +
      `frame gap max ${Math.max(...training).toFixed(1)} ms over ${training.length} frames while training`);
    expect(probe.input.map(([, running]) => running)).toEqual(new Array(8).fill(true));
    for (const ms of latency) expect(ms).toBeLessThan(100);

    // mode coverage improved from iteration 0 to the pause (these numbers depend on the seed
    // and the iteration only; with EMA 0.99 the high-quality fraction rises steadily here)
    const first = metrics[0], last = metrics[metrics.length - 1];
    console.log(`playground: mode coverage at 0: ${first.modes}/8, ${first.highQuality}; at ${last.iteration}: ${last.modes}/8, ${last.highQuality}`);
    expect(first.iteration).toBe(0);
    expect(last.iteration).toBeGreaterThanOrEqual(3000);
    expect(last.highQuality).toBeGreaterThan(first.highQuality + 0.2);
    expect(last.modes).toBeGreaterThan(first.modes);

    // the same numbers as Node for the same build and seed
    const bitsA = await page.evaluate(() => (window as unknown as { playground: { bits(): Promise<Bits> } }).playground.bits());
    const nodeA = await nodeRun(hashA, last.iteration);
    expect(bitsA.build).toBe(build);
    expect(bitsA.iteration).toBe(last.iteration);
    expect(bitsA.series.dLoss.length).toBe(last.iteration);
    expect(bitsA.series).toEqual(nodeA.series);
    expect(bitsA.samples).toEqual(nodeA.samples);

    // the game view: extragradient converges on the Dirac-GAN, simultaneous GDA spirals out
    // (ρ of the linearized update: √(1 + η²/4) for GDA, f′(0) = ½, η = 0.2)
    type Run = { name: string; final: number; local: { radius: number; verdict: string } | null };
    const runs = await page.evaluate(() => (window as unknown as { playground: { game: { runs: Run[] } } }).playground.game.runs);
    const byName = Object.fromEntries(runs.map((r) => [r.name, r]));
    expect(byName.extragradient.final).toBeLessThan(Math.SQRT2);
    expect(byName.simultaneousGda.final).toBeGreaterThan(Math.SQRT2);
    expect(byName.extragradient.local?.verdict).toBe('converges');
    expect(byName.simultaneousGda.local?.radius).toBeCloseTo(Math.sqrt(1 + 0.01), 6);
    expect(byName.gdaAm.local).toBeNull();
    await page.close();

    // ---- 2. settings restored from a shared URL, on the SIMD128 build ----
    const hashB = '#data=8gaussians&gHidden=16.16&dHidden=24&loss=hinge&r1=0.5&optG=rmsprop&lrG=0.001&ema=0.99&seed=3&build=simd&until=300';
    const pageB = await browser.newPage();
    await open(pageB, hashB);
    expect(await pageB.inputValue('select[name=data]')).toBe('8gaussians');
    expect(await pageB.inputValue('input[name=gHidden]')).toBe('16,16');
    expect(await pageB.inputValue('select[name=loss]')).toBe('hinge');
    expect(await pageB.textContent('#build')).toBe('simd');
    await playUntil(pageB, 300);
    const bitsB = await pageB.evaluate(() => (window as unknown as { playground: { bits(): Promise<Bits> } }).playground.bits());
    const nodeB = await nodeRun(hashB, 300);
    expect(Object.keys(bitsB.series)).toContain('r1');
    expect(bitsB.series).toEqual(nodeB.series);
    expect(bitsB.samples).toEqual(nodeB.samples);   // from the EMA weights on both sides

    // ---- 3. data drawn with the mouse, then a CSV upload ----
    type PG = { playground: { state: { data: string; points: number[] }; dataRows: number; iteration: number } };
    await pageB.selectOption('select[name=data]', 'drawn');
    await pageB.waitForFunction(() => document.getElementById('status')?.textContent === 'draw some points');
    const box = await (await pageB.$('#view'))!.boundingBox();
    await pageB.mouse.move(box!.x + 100, box!.y + 200);
    await pageB.mouse.down();
    for (let k = 1; k <= 20; k++) await pageB.mouse.move(box!.x + 100 + 15 * k, box!.y + 200 + 5 * k);
    await pageB.mouse.up();
    const drawn = await pageB.evaluate(() => (window as unknown as PG).playground.state.points.length / 2);
    expect(drawn).toBeGreaterThanOrEqual(20);
    await pageB.waitForFunction((n) => (window as unknown as PG).playground.dataRows === n, drawn);
    expect(new URL(pageB.url()).hash).toContain('data=drawn');
    expect(new URL(pageB.url()).hash).toContain('points=');
    await pageB.setInputFiles('#csv', { name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y\n0,0\n1,1\n-1,0.5\n2,-1\n') });
    await pageB.waitForFunction(() => (window as unknown as PG).playground.dataRows === 4);
    expect(await pageB.evaluate(() => (window as unknown as PG).playground.state.data)).toBe('csv');
    await pageB.click('#step');
    await pageB.waitForFunction(() => (window as unknown as PG).playground.iteration === 1);
    expect(await pageB.textContent('#error')).toBe('');
  } finally {
    await browser.close();
  }
});

test.runIf(haveChromium)('the Advanced section sets schema options, and an invalid setting shows its path without leaving Play stuck', async () => {
  type PG = { playground: { state: { cfg: Record<string, unknown> }; iteration: number; running: boolean } };
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await open(page, '#build=simd&until=200');
    expect(await page.isVisible('[data-id="generator.spectralNorm"]')).toBe(false);   // collapsed by default
    await page.click('#advanced summary');
    // G's spectral norm, and a cosine schedule for D (its steps appear once the kind is chosen)
    const rebuilt = () => page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'paused');
    await page.check('[data-id="generator.spectralNorm"]');
    await rebuilt();
    await page.selectOption('[data-id="optimizer.d[adam].schedule"]', 'cosine');
    await page.fill('[data-id="optimizer.d[adam].schedule[cosine].steps"]', '150');
    await page.press('[data-id="optimizer.d[adam].schedule[cosine].steps"]', 'Enter');
    await page.waitForFunction(() => (window as unknown as PG).playground.state.cfg.optimizer !== undefined);
    await rebuilt();
    expect(await page.evaluate(() => (window as unknown as PG).playground.state.cfg)).toEqual({
      generator: { spectralNorm: true }, optimizer: { d: { schedule: { kind: 'cosine', steps: 150 } } },
    });
    const hash = new URL(page.url()).hash;
    expect(hash).toContain('cfg=');
    await playUntil(page, 200);
    expect(await page.textContent('#error')).toBe('');
    // the same numbers as Node from the same hash
    const bits = await page.evaluate(() => (window as unknown as { playground: { bits(): Promise<Bits> } }).playground.bits());
    const node = await nodeRun(hash, 200);
    expect(bits.series).toEqual(node.series);
    expect(bits.samples).toEqual(node.samples);
    mkdirSync(`${root}test-results`, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));   // (the header is sticky)
    await page.screenshot({ path: `${root}test-results/playground-advanced.png`, fullPage: true });

    // an invalid simple setting: D lr = 0. The bar under the header shows checkConfig's message
    // with its path, in view; Play does not start.
    await page.fill('input[name=lrD]', '0');
    await page.press('input[name=lrD]', 'Enter');
    await page.waitForFunction(() => document.getElementById('error')?.textContent !== '');
    const message = await page.textContent('#error');
    expect(message).toContain("'optimizer.d.lr'");
    expect(message).toContain('positive');
    const bar = (await page.$('#error'))!;
    const barBox = (await bar.boundingBox())!;
    expect(barBox.y + barBox.height).toBeLessThan(200);
    expect(await page.getAttribute('#status', 'data-state')).toBe('error');
    await page.click('#play');
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as PG).playground.running)).toBe(false);
    expect(await page.textContent('#status')).not.toBe('training');
    expect(await page.textContent('#play')).toBe('Play');
    // an invalid Advanced setting: unrolled.lr without unrolled.steps; that control is outlined
    await page.fill('input[name=lrD]', '0.001');
    await page.press('input[name=lrD]', 'Enter');
    await page.fill('[data-id="unrolled.lr"]', '0.01');
    await page.press('[data-id="unrolled.lr"]', 'Enter');
    await page.waitForFunction(() => /unrolled\.steps/.test(document.getElementById('error')?.textContent ?? ''));
    expect(await page.getAttribute('[data-id="unrolled.steps"]', 'class')).toContain('invalid');
    // the page has scrolled down to the Advanced section; the bar is still in view (the header is sticky)
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    const box2 = (await bar.boundingBox())!;
    expect(box2.y).toBeGreaterThanOrEqual(0);
    expect(box2.y + box2.height).toBeLessThan(200);
    await page.screenshot({ path: `${root}test-results/playground-invalid.png` });
    // fixed: trains again
    await page.fill('[data-id="unrolled.steps"]', '2');
    await page.press('[data-id="unrolled.steps"]', 'Enter');
    await page.waitForFunction(() => document.getElementById('error')?.textContent === '' && document.getElementById('status')?.dataset.state === 'paused');
    await page.click('#step');
    await page.waitForFunction(() => (window as unknown as PG).playground.iteration === 1);
  } finally {
    await browser.close();
  }
});

test.runIf(haveChromium)('failures stay visible and Play recovers; the charts are labelled SVG, sharp at 2×; restarts say so; presets differ; a recipe loads', async () => {
  type PG = { playground: { iteration: number; running: boolean; chartsDrawn: number } };
  const pg = (page: Page) => page.evaluate(() => ({ iteration: (window as unknown as PG).playground.iteration, running: (window as unknown as PG).playground.running }));
  mkdirSync(`${root}test-output`, { recursive: true });
  // every data set in the menu is different data (veegan-ring/-grid are ring-8/grid-25: listed once)
  const sd = await saddle.loadSaddle({ build: 'simd' });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 2 });
    await open(page, '#build=simd&until=400');
    const menu = await page.$$eval('select[name=data] option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== 'drawn' && v !== 'csv'));
    expect(menu).not.toContain('veegan-ring');
    expect(menu).toContain('ring-8');
    const seen = new Map<string, string>();
    for (const name of menu) {
      const key = Buffer.from(saddle.gan.dataset(sd, name as Parameters<typeof saddle.gan.dataset>[1], { rows: 200, seed: 1 }).data.buffer).toString('base64');
      expect(seen.get(key), `${name} has the same data as ${seen.get(key)}`).toBeUndefined();
      seen.set(key, name);
    }
    expect(await page.textContent('#alias-hint')).toContain('veegan-ring is ring-8');
    // the main canvas has a backing store at device pixels
    const view = await page.$eval('#view', (c) => ({ w: (c as HTMLCanvasElement).width, css: c.getBoundingClientRect().width }));
    expect(view.w).toBe(2 * view.css);
    await playUntil(page, 400);
    await page.waitForFunction(() => document.querySelectorAll('#chart-distance svg .role-legend-label text').length >= 2, null, { timeout: 20_000 });
    // each chart: an SVG (vector: sharp at any density) with a title, axis titles and a legend
    const charts = await page.$$eval('.chart', (els) => els.map((el) => ({
      id: el.id, svg: el.querySelector('svg') !== null,
      title: el.querySelector('.role-title-text text')?.textContent ?? '',
      axes: Array.from(el.querySelectorAll('.role-axis-title text'), (t) => t.textContent),
      legend: Array.from(el.querySelectorAll('.role-legend-label text'), (t) => t.textContent),
      ticks: Array.from(el.querySelectorAll('.role-axis-label text'), (t) => t.textContent ?? ''),
    })));
    expect(charts.map((c) => c.id).sort()).toEqual(['chart-distance', 'chart-loss', 'chart-lr', 'chart-metric', 'chart-norm']);
    for (const c of charts) {
      expect(c.svg).toBe(true);
      expect(c.title).not.toBe('');
      expect(c.axes).toContain('iteration');
      expect(c.axes.length).toBe(2);
      expect(c.legend.length).toBe(2);
      for (const t of c.ticks) expect(t).not.toMatch(/e\d+\.\d/);   // no "1e2.2"
    }
    expect(charts.find((c) => c.id === 'chart-loss')!.legend).toEqual(['D loss', 'G loss']);
    expect(charts.find((c) => c.id === 'chart-distance')!.legend).toEqual(['Sinkhorn divergence', 'MMD²']);
    expect(await page.textContent('#chart-loss')).toContain('2 ln 2');
    await page.screenshot({ path: `${root}test-output/playground-charts-2x.png` });

    // a model control changed while training: the page says it restarted, and plays on
    await page.fill('input[name=until]', '0');
    await page.press('input[name=until]', 'Enter');
    await page.click('#play');
    await page.waitForFunction(() => (window as unknown as PG).playground.iteration > 50, null, { timeout: 20_000 });
    await page.fill('input[name=seed]', '2');
    await page.press('input[name=seed]', 'Enter');
    await page.waitForFunction(() => /Restarted from iteration 0/.test(document.getElementById('notice')?.textContent ?? ''));
    await page.waitForFunction(() => (window as unknown as PG).playground.running && (window as unknown as PG).playground.iteration > 0, null, { timeout: 20_000 });
    expect(await page.isVisible('#notice')).toBe(true);
    await page.click('#play');
    await page.waitForFunction(() => !(window as unknown as PG).playground.running);

    // D lr = 0, then Play: a banner inside the 1280×900 window, the schema's message by the field
    await page.fill('input[name=lrD]', '0');
    await page.press('input[name=lrD]', 'Enter');
    await page.click('#play');
    await page.waitForFunction(() => document.getElementById('error')?.textContent !== '');
    const box = (await (await page.$('#error'))!.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    expect(box.y + box.height).toBeLessThanOrEqual(900);
    expect(box.height).toBeGreaterThan(0);
    expect(await page.textContent('#error')).toContain("'optimizer.d.lr'");
    expect(await page.textContent('.field-error[data-error-for=lrD]')).toContain('positive');
    expect((await pg(page)).running).toBe(false);
    expect(await page.textContent('#status')).toBe('error');
    await page.screenshot({ path: `${root}test-output/playground-error-banner.png` });
    // fixed: Play trains again
    await page.fill('input[name=lrD]', '0.001');
    await page.press('input[name=lrD]', 'Enter');
    await page.waitForFunction(() => document.getElementById('error')?.textContent === '' && document.getElementById('status')?.dataset.state === 'paused');
    expect(await page.textContent('.field-error[data-error-for=lrD]')).toBe('');
    await page.click('#play');
    await page.waitForFunction(() => (window as unknown as PG).playground.running && (window as unknown as PG).playground.iteration > 20, null, { timeout: 20_000 });
    expect(await page.textContent('#status')).toBe('training');
    await page.click('#play');
    await page.waitForFunction(() => !(window as unknown as PG).playground.running);

    // a recipe from examples/ sets the controls
    await page.selectOption('#recipe', 'ring-8');
    await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'paused' && (window as unknown as PG).playground.iteration === 0);
    expect(await page.inputValue('input[name=gHidden]')).toBe('64,64');
    expect(await page.inputValue('input[name=batch]')).toBe('256');
    expect(await page.inputValue('input[name=until]')).toBe('10000');
    expect(await page.textContent('#notice')).toContain('examples/ring-8.json');
    expect(decodeHash(new URL(page.url()).hash).cfg).toEqual({ optimizer: { d: { schedule: { kind: 'cosine', steps: 10000, alpha: 0.02 } }, g: { schedule: { kind: 'cosine', steps: 10000, alpha: 0.02 } } } });
  } finally {
    await browser.close();
  }
});

test.runIf(haveChromium)('a blow-up says where it stopped: banner, status, rollbacks in the notice line, the iteration marked on the loss chart', async () => {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await open(page, '#build=simd&optD=sgd&lrD=100000&optG=sgd&lrG=100000');
    await page.click('#play');
    await page.waitForFunction(() => /not finite/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 20_000 });
    expect(await page.evaluate(() => (window as unknown as { playground: { running: boolean } }).playground.running)).toBe(false);
    expect(await page.textContent('#error')).toMatch(/Training stopped at iteration \d+: .*NaN|not finite|Infinity/);
    expect(await page.textContent('#notice')).toMatch(/^5 rollbacks: /);
    const box = (await (await page.$('#error'))!.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(900);
    await page.waitForFunction(() => /not finite @ \d+/.test(document.querySelector('#chart-loss svg')?.textContent ?? ''));
    expect(await page.$$eval('#chart-loss svg text', (ts) => ts.filter((t) => t.textContent === 'rollback').length)).toBe(5);
    await page.screenshot({ path: `${root}test-output/playground-blow-up.png` });
  } finally {
    await browser.close();
  }
});
