// What a downstream project does with saddle, run the same way in Node and in bundles
// for Chromium: train a tiny GAN, then Sinkhorn and MMD. The SIMD128 build is forced so
// Node 20 and Chromium (which has relaxed SIMD) run the same code and give the same bits.
export async function run(lib) {
  const sd = await lib.loadSaddle({ build: 'simd' });
  const ring = lib.gan.dataset(sd, 'ring-8', { rows: 256, seed: 1 });
  const trainer = new lib.gan.GanTrainer({
    data: { values: ring.data, dim: ring.dim }, noise: { dim: 2 }, batch: 32, seed: 3,
    generator: { hidden: [8] }, discriminator: { hidden: [8], spectralNorm: false },
    loss: 'nonSaturating', optimizer: { d: { kind: 'adam', lr: 1e-3 }, g: { kind: 'adam', lr: 1e-3 } },
  });
  await trainer.train({ iterations: 20 });
  const samples = Array.from(trainer.sample(16));
  const dLoss = Array.from(trainer.history.series.dLoss);
  trainer.dispose();
  const x = Array.from({ length: 60 }, (_, i) => [Math.cos(i), Math.sin(2 * i)]);
  const y = Array.from({ length: 50 }, (_, i) => [Math.cos(i) + 0.3, Math.sin(2 * i)]);
  const flat = (rows) => ({ data: rows.flat(), rows: rows.length, cols: 2 });
  const sinkhorn = lib.metrics.sinkhornDivergence(sd, x, y, { eps: 0.05 }).divergence;
  const mmd2 = lib.metrics.mmd(sd, flat(x), flat(y)).mmd2;
  return { build: sd.build, samples, dLoss, sinkhorn, mmd2 };
}
