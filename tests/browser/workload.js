// The same computations run in Node and in Chromium (plain ESM so the browser can import it).
// Returns raw bits (u32 words of every f32/f64 result) so the comparison is exact.

function bits(typed) {
  return Array.from(new Uint32Array(typed.buffer, typed.byteOffset, typed.byteLength / 4));
}

export async function run(saddle, builds) {
  const result = { auto: null, builds: {} };
  result.auto = (await saddle.loadSaddle()).build;
  for (const build of builds) {
    const sd = await saddle.loadSaddle({ build });
    const m = 37, n = 29, k = 41;
    const aData = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.37));
    const bData = Float32Array.from({ length: n * k }, (_, i) => Math.cos(i * 0.11));
    const a = sd.f32(aData), b = sd.f32(bData), c = sd.f32(m * n);
    saddle.gemm(sd, { a, b, c, m, n, k, transB: true, alpha: 0.5 });
    const normal = sd.f32(1001), uniform = sd.f32(1001), words = sd.u32(64);
    saddle.randomNormal(sd, normal, { seed: 20261121, stream: 7, counter: 3 });
    saddle.randomUniform(sd, uniform, { seed: 2n ** 63n + 5n, stream: 1 });
    saddle.randomU32(sd, words, { seed: 0 });
    const colSums = saddle.reduce(sd, 'sum', normal, { rows: 91, cols: 11, axis: 'cols', precision: 'f64' });
    const entry = {
      build: sd.build,
      gemm: bits(c.toArray()),
      normal: bits(normal.toArray()),
      uniform: bits(uniform.toArray()),
      u32: Array.from(words.toArray()),
      colSums: bits(colSums.toArray()),
      sumAll: saddle.reduce(sd, 'sum', uniform, { rows: 1, cols: 1001, axis: 'all' }),
    };
    if (saddle.unary) {
      const x = sd.f32(Float32Array.from({ length: 999 }, (_, i) => (i - 500) * 0.173)), y = sd.f32(999);
      for (const op of ['exp', 'log', 'tanh', 'sigmoid', 'softplus']) {
        saddle.unary(sd, op, x, y);
        entry[op] = bits(y.toArray());
      }
      x.dispose(); y.dispose();
    }
    for (const h of [a, b, c, normal, uniform, words, colSums]) h.dispose();
    entry.liveBytes = sd.liveBytes();
    result.builds[build] = entry;
  }
  return result;
}
