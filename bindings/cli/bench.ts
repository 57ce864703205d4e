// `saddle bench [--build simd|relaxed] [--seconds S]`: saddle's throughput on this machine —
// gemm GFLOP/s at a few sizes and GAN training iterations per second for GAN Lab-sized and
// larger MLP GANs, with and without gradient penalties — through the public API (what users
// get). The side-by-side comparison with TensorFlow.js lives in the repository's
// `npm run bench` (bench/), which needs tfjs installed.

import { gan, gemm, loadSaddle } from '../index.js';
import { UsageError } from './errors.js';
import { BUILD_FLAG, buildOption } from './train.js';
import type { CommandInput, CommandSpec } from './command.js';

/** Runs `step` repeatedly for about `seconds` (after a warm-up) and returns calls per second. */
function rate(step: () => void, seconds: number): number {
  step();
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) { step(); calls++; }
  return calls / ((performance.now() - t0) / 1000);
}

export const BENCH: CommandSpec = {
  name: 'bench',
  summary: 'gemm GFLOP/s and GAN iterations per second on this machine, through the public API',
  flags: [BUILD_FLAG, { flag: 'seconds', value: 'S', description: 'seconds per row, in (0, 60]', default: '1' }],
  run: async (input) => { await bench(input); return 0; },
};

export async function bench({ flags }: CommandInput): Promise<void> {
  const build = flags.build === undefined ? 'auto' : buildOption(String(flags.build));
  let seconds = 1;
  if (flags.seconds !== undefined) {
    seconds = Number(flags.seconds);
    if (!(seconds > 0 && seconds <= 60)) throw new UsageError(`--seconds needs a number in (0, 60], got ${flags.seconds}`);
  }
  const sd = await loadSaddle({ build });
  console.log(`saddle bench: ${sd.build} build, Node ${process.version}, ${seconds} s per row`);
  console.log('\ngemm (f32, NN)          GFLOP/s');
  for (const n of [64, 256, 512]) {
    const a = sd.f32(Float32Array.from({ length: n * n }, (_, i) => Math.sin(i))), b = sd.f32(Float32Array.from({ length: n * n }, (_, i) => Math.cos(i))), c = sd.f32(n * n);
    const perSecond = rate(() => gemm(sd, { a, b, c, m: n, n, k: n }), seconds / 2);
    console.log(`  ${`${n}×${n}×${n}`.padEnd(20)} ${((perSecond * 2 * n ** 3) / 1e9).toFixed(1).padStart(8)}`);
    [a, b, c].forEach((x) => x.dispose());
  }
  const set = gan.dataset(sd, 'ring-8', { rows: 4096, seed: 1 });
  const rows: Array<[string, Partial<gan.TrainerConfig>]> = [
    ['2-16-16-2 / 2-16-16-1, batch 256', {}],
    ['  + R1 (γ = 10)', { regularizers: { r1: 10 } }],
    ['  + WGAN-GP (λ = 10)', { loss: 'wasserstein', regularizers: { wganGp: 10 } }],
    ['8-64-64-2 / 2-64-64-1, batch 256', { noise: { dim: 8 }, generator: { hidden: [64, 64] }, discriminator: { hidden: [64, 64] } }],
  ];
  console.log('\nGAN training (one D + one G Adam update)   it/s');
  for (const [name, extra] of rows) {
    const trainer = new gan.GanTrainer({
      data: { values: set.data, dim: 2 }, noise: { dim: 2 }, batch: 256, seed: 1, historyEvery: 100,
      generator: { hidden: [16, 16] }, discriminator: { hidden: [16, 16] }, ...extra,
    }, { saddle: sd });
    const k = 100;
    const perSecond = rate(() => trainer.trainSync(k), seconds) * k;
    console.log(`  ${name.padEnd(40)} ${perSecond.toFixed(0).padStart(8)}`);
    trainer.dispose();
  }
  console.log('\nside by side with TensorFlow.js: `npm run bench` in the saddle repository (BENCHMARKS.md)');
}
