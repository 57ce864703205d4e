// A worker_threads worker: its own saddle instance trains a small GAN and posts the bits of
// its parameters back (tests/wasm/isolation.test.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { gan, loadSaddle } from '../../dist/index.js';

const sd = await loadSaddle({ build: 'simd' });
const trainer = new gan.GanTrainer(workerData.config, { saddle: sd });
await trainer.train({ iterations: workerData.iterations, chunkMs: 5 });
const values = trainer.program.snapshot().values.map((v) => Array.from(new Uint32Array(v.buffer)));
trainer.dispose();
parentPort.postMessage({ values, live: sd.liveBytes() });
