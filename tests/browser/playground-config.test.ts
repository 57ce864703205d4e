// The playground's settings (web/config.js) and its static server (scripts/playground.mjs),
// in Node: the URL-hash format round-trips, bad values fall back to defaults, every loss ×
// scheme the page offers makes a valid TrainerConfig, and the server sends the right MIME
// types and nothing outside web/ and dist/.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { gan, type Saddle } from '../../bindings/index.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
// @ts-expect-error: plain ESM shared with the page
import { startPlayground } from '../../scripts/playground.mjs';
// @ts-expect-error: plain ESM shared with the page and its worker
import { defaults, decodeHash, encodeHash, trainerConfig, LOSSES, SCHEMES } from '../../web/config.js';

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

describe.each(BUILDS)('the page\'s configs on the %s build', (build) => {
  let sd: Saddle;
  trackLiveBytes(build, (s) => { sd = s; });

  test('every loss × scheme, with every regularizer, EMA and GDA-AM, trains', () => {
    const ds = gan.dataset(sd, 'ring-8', { rows: 64, seed: 1 });
    for (const loss of LOSSES as string[]) {
      for (const scheme of SCHEMES as string[]) {
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
});

describe('the static server', () => {
  test('serves web/ at / and dist/ at /dist/ with their MIME types, nothing else', async () => {
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
      for (const path of ['/package.json', '/../package.json', '/dist/../package.json', '/%2e%2e/package.json', '/dist/%2e%2e/%2e%2e/package.json', '/nope.js']) {
        expect((await get(path)).status, path).toBe(404);
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
