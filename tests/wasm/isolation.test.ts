// Isolation: trainers sharing one instance do not interfere, and saddle runs inside
// worker_threads, each worker with its own instance, giving the same bits as the main thread.
import { Worker } from 'node:worker_threads';
import { expect, test } from 'vitest';
import { gan } from '../../bindings/index.js';
import { loadBuild } from '../helpers/builds.js';
import { programBits } from '../helpers/bits.js';

const config = (seed: number): gan.TrainerConfig => ({
  data: { values: Float32Array.from({ length: 512 }, (_, i) => Math.sin(i * 0.37) * 2), dim: 2 }, noise: { dim: 2 }, batch: 32, seed,
  generator: { hidden: [8] }, discriminator: { hidden: [8] }, regularizers: { r1: 1 }, ema: 0.9,
});
const bits = (t: gan.GanTrainer) => programBits(t.program);

test('trainers on one instance, run interleaved, match the same trainers run one after the other', async () => {
  const sd = await loadBuild('simd');
  const [a, b] = [1, 2].map((seed) => gan.createTrainer(sd, config(seed)));
  for (let k = 0; k < 10; k++) { a.trainSync(7); await b.train({ iterations: 7 }); a.sample(16); b.discriminate([0, 0, 1, 1]); }
  const [c, d] = [1, 2].map((seed) => gan.createTrainer(sd, config(seed)));
  c.trainSync(70); d.trainSync(70);
  expect(bits(a)).toEqual(bits(c));
  expect(bits(b)).toEqual(bits(d));
  [a, b, c, d].forEach((t) => t.dispose());
  expect(sd.liveBytes()).toBe(0);
});

test('worker_threads: each worker has its own instance and gets the bits of the main thread', async () => {
  const sd = await loadBuild('simd');
  const run = (seed: number) => new Promise<{ values: number[][]; live: number }>((resolve, reject) => {
    const worker = new Worker(new URL('./isolation-worker.mjs', import.meta.url), { workerData: { config: config(seed), iterations: 150 } });
    worker.once('message', (m) => { resolve(m); void worker.terminate(); });
    worker.once('error', reject);
  });
  const results = await Promise.all([run(5), run(6), run(5)]);
  const main = gan.createTrainer(sd, config(5));
  main.trainSync(150);
  expect(results[0].values).toEqual(bits(main));
  expect(results[2].values).toEqual(results[0].values);
  expect(results[1].values).not.toEqual(results[0].values);
  expect(results.every((r) => r.live === 0)).toBe(true);
  main.dispose();
});
