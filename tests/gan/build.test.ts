// What buildGan wires into the program, checked through the trainer: spectral norm's power
// iteration advances on both players, so after training each normalized weight W/σ̂ has
// largest singular value 1 (σ_max from a full f64 eigendecomposition of WᵀW, not from the
// library's own estimate).
import { expect, test } from 'vitest';
import { gan } from '../../bindings/index.js';
import type { Node } from '../../bindings/graph/index.js';
import { loadBuild } from '../helpers/builds.js';
import { mulberry32 } from '../helpers/random.js';
import { jacobiEigenvalues } from '../helpers/jacobi.js';

/** σ_max of W [rows, cols] by the eigenvalues of WᵀW. */
function largestSingularValue(w: Float32Array, rows: number, cols: number): number {
  const wtw = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += w[r * cols + i] * w[r * cols + j];
    wtw[i * cols + j] = s;
  }
  return Math.sqrt(Math.max(...jacobiEigenvalues(wtw, cols)));
}

/** σ̂ the next forward pass divides W by: v = normalize(u·Wᵀ), σ̂ = ‖v·W‖ (layers.ts spectralNorm). */
function estimate(w: Float32Array, u: Float32Array, rows: number, cols: number): number {
  const v = new Float64Array(rows);
  for (let r = 0; r < rows; r++) { let s = 0; for (let c = 0; c < cols; c++) s += u[c] * w[r * cols + c]; v[r] = s; }
  const nv = Math.hypot(...v);
  let norm2 = 0;
  for (let c = 0; c < cols; c++) { let s = 0; for (let r = 0; r < rows; r++) s += (v[r] / nv) * w[r * cols + c]; norm2 += s * s; }
  return Math.sqrt(norm2);
}

// One power iteration per update tracks σ_max at a rate (σ₂/σ₁)² per update while W moves
// slowly; where the top singular vectors rotate quickly the estimate lags for a while (this
// run: G's first layer drifts to 5.8% off around update 240 and back to 1e-5 by 290). So the
// test checks the Rayleigh bound σ̂ <= σ_max at every checkpoint (every 10 updates up to
// 600) and agreement within 2% at 90% of them; with G's u frozen (the old bug) G's layers
// stay 10-35% off.
test('spectral norm on both players: W/σ̂ keeps σ_max >= 1, and within 2% of 1 at 90% of checkpoints, as u advances with each update', async () => {
  const sd = await loadBuild('simd');
  const random = mulberry32(11);
  const values = Array.from({ length: 2 * 1024 }, () => 2 * random() - 1);
  const trainer = new gan.GanTrainer({
    data: { values, dim: 2 }, noise: { dim: 4 }, batch: 64, seed: 5,
    generator: { hidden: [24, 16], spectralNorm: true }, discriminator: { hidden: [24, 16], spectralNorm: true },
    optimizer: { d: { kind: 'adam', lr: 1e-3 }, g: { kind: 'adam', lr: 1e-3 } },
  }, { saddle: sd });
  try {
    const ratios: Array<{ at: number; name: string; ratio: number }> = [];
    for (let at = 10; at <= 600; at += 10) {
      trainer.trainSync(10);
      for (const [player, module] of [['G', trainer.generator], ['D', trainer.discriminator]] as const) {
        const weights = module.params.filter((p: Node) => p.name?.endsWith('.w'));
        expect(weights.length, player).toBe(3);
        for (const w of weights) {
          const u = module.state.find((s: Node) => s.name === `${w.name}.u`)!;
          const [rows, cols] = w.shape;
          const W = trainer.program.read(w), U = trainer.program.read(u);
          ratios.push({ at, name: w.name!, ratio: largestSingularValue(W, rows, cols) / estimate(W, U, rows, cols) });
        }
      }
    }
    const close = (r: { ratio: number }) => Math.abs(r.ratio - 1) < 0.02;
    for (const r of ratios) expect(r.ratio, `${r.name} at ${r.at}`).toBeGreaterThan(1 - 1e-5);
    expect(ratios.filter(close).length / ratios.length, JSON.stringify(ratios.filter((r) => !close(r)))).toBeGreaterThanOrEqual(0.9);
  } finally {
    trainer.dispose();
  }
  expect(sd.liveBytes()).toBe(0);
});
