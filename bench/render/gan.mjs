// bench/results/gan.json → GAN training iterations per second, saddle vs tfjs.
import { provenance, ratio, sig, table } from './format.mjs';

const cell = (v, range) => (v === undefined ? '—' : `${sig(v, 3)}${range ? ` (${sig(range[0], 3)}–${sig(range[1], 3)})` : ''}`);
// Matrix-product work of one iteration of the big case (counted from the layer shapes in
// bench/gan-models.ts: D update = G forward, D forward on real and fake, D backward; G
// update = G and D forward, D backward to its input, G backward), in GFLOP.
const BIG_GFLOP = 3.7;

export function render(results) {
  const builds = results.setup.builds;
  const rows = results.rows.map((r) => [
    r.case, ...builds.map((b) => cell(r.saddle[b], r.range?.[b])), cell(r.tfjsWasm, r.range?.['tfjs-wasm']), cell(r.tfjsCpu, r.range?.['tfjs-cpu']),
    ...builds.map((b) => ratio(r.saddle[b] / r.tfjsWasm, 3)),
  ]);
  const [small] = results.rows, big = results.rows.find((r) => r.case.startsWith('big'));
  const best = (r) => Math.max(...builds.map((b) => r.saddle[b]));
  return {
    table: [table(['case', ...builds.map((b) => `saddle ${b} it/s`), 'tfjs-wasm it/s', 'tfjs-cpu it/s', ...builds.map((b) => `${b} / tfjs-wasm`)], rows), '',
      `it/s: tinybench median (min–max over its samples); ratios of medians. ${provenance(results)}`].join('\n'),
    limits: [
      big && `- **big** is compute-bound: one iteration is about ${BIG_GFLOP} GFLOP of matrix products (counted from the layer shapes), so ${sig(best(big), 3)} it/s is ≈ ${sig(best(big) * BIG_GFLOP, 2)} GFLOP/s of matrix products, against the gemm alone in the sgemm section. tfjs-wasm spends most of its time in the transposed products of the backward pass (see sgemm).`,
      small && `- **small** takes about ${sig(1e6 / best(small), 2)} µs per iteration in about 60 kernel calls per phase; a CPU profile puts most of it in the gemm micro-kernel on 256×16×16 products.`,
    ].filter(Boolean).join('\n'),
    headline: small ? `One GAN iteration of a GAN Lab-sized model (${small.case}) ran at ${sig(best(small), 3)} it/s on the benchmark machine, ${ratio(best(small) / small.tfjsWasm, 2)} tfjs-wasm's rate ([BENCHMARKS.md](https://github.com/saddle-js/saddle/blob/main/BENCHMARKS.md)).` : '',
    summary: results.rows.map((r) => `- GAN iteration, ${r.case}: saddle ${builds.map((b) => `${b} ${sig(r.saddle[b], 3)}`).join(', ')} it/s; tfjs-wasm ${sig(r.tfjsWasm, 3)} it/s: ${builds.map((b) => ratio(r.saddle[b] / r.tfjsWasm, 3)).join(' / ')}`).join('\n'),
  };
}
