// One GAN training iteration (one D update, then one G update, Adam on both, non-saturating
// loss, data sampled from a dataset buffer, fresh noise per update): saddle's compiled
// program vs tfjs written the ordinary way, on tfjs-wasm (XNNPACK, SIMD, 1 thread) and
// tfjs-cpu, in one process. Prints it/s and ratios for each saddle build.
import { test } from 'vitest';
import { hasRelaxedSimd, loadSaddle } from '../bindings/index.js';
import { GAN_CASES, buildSaddleGan, buildTfGan } from './gan-models.js';
import { describe, measure, printTable, writeResults } from './harness.js';
import { tfVersion, useTfBackend, type TfBackend } from './peers/tfjs.js';

// ---- the run ----

const CPU_CASES = new Set(GAN_CASES.slice(0, 2).map((c) => c.name)); // tfjs-cpu takes seconds per big iteration

test('GAN training iteration: saddle vs tfjs', async () => {
  const builds: Array<'simd' | 'relaxed'> = hasRelaxedSimd() ? ['simd', 'relaxed'] : ['simd'];
  const saddles = await Promise.all(builds.map((b) => loadSaddle({ build: b })));
  describe('GAN iterations/s (one D + one G Adam update)', `, tfjs ${tfVersion()}`);
  const rows: string[][] = [];
  const results: Record<string, unknown>[] = [];
  for (const c of GAN_CASES) {
    const big = c.dim > 100;
    const k = big ? 2 : 50; // iterations per timed call
    const ours: Record<string, number> = {}, range: Record<string, [number, number]> = {};
    for (const [i, sd] of saddles.entries()) {
      const program = buildSaddleGan(sd, c);
      const s = await measure(() => program.run(k), { time: big ? 3000 : 1000, iterations: 5 });
      ours[builds[i]] = k / (s.p50 / 1000);
      range[builds[i]] = [k / (s.max / 1000), k / (s.min / 1000)];
      const dLoss = program.log('dLoss');
      if (!Number.isFinite(dLoss[dLoss.length - 1])) throw new Error(`${c.name}: the discriminator loss is not finite`);
      program.dispose();
    }
    const peers: Record<string, number> = {};
    for (const backend of ['wasm', 'cpu'] as TfBackend[]) {
      if (backend === 'cpu' && !CPU_CASES.has(c.name)) continue;
      await useTfBackend(backend);
      const model = buildTfGan(c);
      const t = await measure(model.step, { time: big ? 3000 : 1000, iterations: big ? 3 : 10 });
      peers[backend] = 1000 / t.p50;
      range[`tfjs-${backend}`] = [1000 / t.max, 1000 / t.min];
      model.dispose();
    }
    results.push({ case: c.name, saddle: ours, tfjsWasm: peers.wasm, tfjsCpu: peers.cpu, range });
    rows.push([
      c.name, ...builds.map((b) => ours[b].toFixed(big ? 1 : 0)), peers.wasm.toFixed(1), peers.cpu === undefined ? '—' : peers.cpu.toFixed(1),
      ...builds.map((b) => `${(ours[b] / peers.wasm).toFixed(1)}x`),
    ]);
  }
  printTable(['case', ...builds.map((b) => `saddle ${b} it/s`), 'tfjs-wasm it/s', 'tfjs-cpu it/s', ...builds.map((b) => `${b}/tfjs-wasm`)], rows);
  console.log('results written to', writeResults('gan', results, { tfjs: tfVersion(), builds, timing: 'tinybench median it/s per contender; range = min–max over its samples' }));
});
