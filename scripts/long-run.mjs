#!/usr/bin/env node
// `node scripts/long-run.mjs [iterations]` (after `npm run build`): trains a small GAN for
// 10^6 iterations (default) and prints WASM memory, live bytes and the JS heap every 10%,
// to show that long runs do not grow memory. Exit code 1 if WASM memory or live bytes grew.
import { gan, loadSaddle } from '../dist/index.js';

const total = Number(process.argv[2] ?? 1_000_000);
const sd = await loadSaddle();
const set = gan.dataset(sd, 'ring-8', { rows: 4096, seed: 1 });
const trainer = new gan.GanTrainer({
  data: { values: set.data, dim: 2 }, noise: { dim: 2 }, batch: 64, seed: 1, historyEvery: 1000,
  generator: { hidden: [16, 16] }, discriminator: { hidden: [16, 16] }, regularizers: { r1: 0.1 }, ema: 0.999,
}, { saddle: sd });
trainer.trainSync(1000);
trainer.sample(256); // the sampler program is made once, before the baseline
const pages = sd.memoryBytes(), live = sd.liveBytes();
const started = performance.now();
console.log(`long run: ${total} iterations of a 2-16-16-2 GAN with R1 and EMA (${sd.build} build)`);
console.log('iteration   WASM memory   live bytes   JS heap MiB   it/s');
for (let k = 1; k <= 10; k++) {
  await trainer.train({ iterations: Math.round((total * k) / 10) + 1000 - trainer.iterations });
  trainer.sample(256);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${String(trainer.iterations).padStart(9)}   ${String(sd.memoryBytes()).padStart(11)}   ${String(sd.liveBytes()).padStart(10)}   ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1).padStart(11)}   ${((trainer.iterations - 1000) / seconds).toFixed(0)}`);
}
const grew = sd.memoryBytes() !== pages || sd.liveBytes() !== live;
console.log(grew ? 'FAIL: memory grew' : `flat: WASM memory ${pages} bytes and live bytes ${live} throughout`);
trainer.dispose();
process.exit(grew ? 1 : 0);
