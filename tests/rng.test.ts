// Philox4x32-10 (assembly/rng.ts, bindings/rng.ts): known answers, the independent Python
// reference (scripts/reference/philox.py -> tests/fixtures/philox.json), the counter
// contract, identical bits in every build, and statistics of uniforms, normals and indices.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  SaddleArgumentError, randomIndices, randomNormal, randomU32, randomUniform, type RandomOptions, type Saddle,
} from '../bindings/index.js';
import { BUILDS, loadBuild, trackLiveBytes } from './helpers/builds.js';

interface FixtureCase {
  name: string; seed: string; stream: number; counter: number; n: number;
  u32: number[]; uniform: number[]; normal: number[]; word?: number;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/philox.json', import.meta.url), 'utf8')) as {
  cases: FixtureCase[]; edges: FixtureCase[];
};

// Random123's kat_vectors for philox4x32 with 10 rounds: counter words 0..3, key words 0..1.
const KNOWN_ANSWERS: Array<{ ctr: number[]; key: number[]; words: number[] }> = [
  { ctr: [0, 0, 0, 0], key: [0, 0], words: [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] },
  { ctr: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], key: [0xffffffff, 0xffffffff], words: [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd] },
  { ctr: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], key: [0xa4093822, 0x299f31d0], words: [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1] },
];

/** Documented accuracy of rng_normal_f32 against Box–Muller in f64 on the same words. */
const NORMAL_TOL = (z: number) => 8 * 2 ** -24 * Math.max(1, Math.abs(z));
const TWO_PI = 2 * Math.PI;

/** Box–Muller in f64 with the kernel's pairing: block (w0, w1, w2, w3) -> 4 normals. */
function boxMullerF64(words: ArrayLike<number>): Float64Array {
  const z = new Float64Array(words.length);
  for (let i = 0; i + 1 < words.length; i += 2) {
    const u1 = ((words[i] >>> 8) + 1) * 2 ** -24, u2 = (words[i + 1] >>> 8) * 2 ** -24;
    const r = Math.sqrt(-2 * Math.log(u1));
    z[i] = r * Math.cos(TWO_PI * u2);
    z[i + 1] = r * Math.sin(TWO_PI * u2);
  }
  return z;
}

/** Φ(x) by Marsaglia's series Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + ...), all terms positive.
 *  see: G. Marsaglia, "Evaluating the normal distribution", J. Stat. Softw. 11(4), 2004. */
function normalCdf(x: number): number {
  let term = x, sum = x;
  for (let k = 3; sum + term !== sum; k += 2) { term *= (x * x) / k; sum += term; }
  return 0.5 + sum * Math.exp(-0.5 * x * x - 0.91893853320467274178);
}

function moments(v: ArrayLike<number>): { mean: number; variance: number; skewness: number; kurtosis: number } {
  const n = v.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += v[i];
  mean /= n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < n; i++) { const d = v[i] - mean, d2 = d * d; m2 += d2; m3 += d2 * d; m4 += d2 * d2; }
  m2 /= n; m3 /= n; m4 /= n;
  return { mean, variance: m2, skewness: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) - 3 };
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { const da = a[i] - ma, db = b[i] - mb; sab += da * db; saa += da * da; sbb += db * db; }
  return sab / Math.sqrt(saa * sbb);
}

for (const build of BUILDS) {
  describe(`rng (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    /** Runs a binding on a fresh buffer and returns a copy of the values and the next counter. */
    function draw(kind: 'u32' | 'uniform' | 'normal', n: number, options: RandomOptions): { values: Float64Array; next: number } {
      const out = kind === 'u32' ? sd.u32(n) : sd.f32(n);
      const next = kind === 'u32' ? randomU32(sd, out as never, options)
        : kind === 'uniform' ? randomUniform(sd, out as never, options) : randomNormal(sd, out as never, options);
      const values = Float64Array.from(out.toArray());
      out.dispose();
      return { values, next };
    }

    test('Random123 known answers through the raw key/counter layout', () => {
      const out = sd.u32(4);
      for (const { ctr, key, words } of KNOWN_ANSWERS) {
        // rng_u32(out, n, key0, key1, ctr2, ctr3, ctr0, ctr1): counter = (block lo, block hi, stream lo, stream hi)
        sd.exports.rng_u32(out.ptr, 4, key[0], key[1], ctr[2], ctr[3], ctr[0], ctr[1]);
        expect(Array.from(out.toArray())).toEqual(words);
      }
      out.dispose();
    });

    test('known answers at every lane of a 4-block group, with carries and the 2^64 wrap', () => {
      // Start 1..7 blocks before each known-answer counter so its block lands in every lane
      // and in the tail; for ctr = (ffffffff, ffffffff) the run also wraps the block index to 0.
      for (const { ctr, key, words } of KNOWN_ANSWERS) {
        for (let back = 1; back <= 7; back++) {
          const n = 4 * (back + 3) + 1;
          const out = sd.u32(n);
          const lo = (ctr[0] - back) >>> 0, hi = ctr[0] >= back ? ctr[1] : (ctr[1] - 1) >>> 0;
          sd.exports.rng_u32(out.ptr, n, key[0], key[1], ctr[2], ctr[3], lo, hi);
          const got = out.toArray();
          expect(Array.from(got.subarray(4 * back, 4 * back + 4)), `back=${back}`).toEqual(words);
          // the block after (ffffffff, ffffffff) is (0, 0) in the same stream
          if (ctr[0] === 0xffffffff && ctr[1] === 0xffffffff) {
            const next = sd.u32(4);
            sd.exports.rng_u32(next.ptr, 4, key[0], key[1], ctr[2], ctr[3], 0, 0);
            expect(Array.from(got.subarray(4 * back + 4, 4 * back + 8))).toEqual(Array.from(next.toArray()));
            next.dispose();
          }
          out.dispose();
        }
      }
    });

    test('agrees with the Python reference (u32 and uniform exactly, normal within 8·2⁻²⁴·max(1,|z|))', () => {
      for (const c of [...fixture.cases, ...fixture.edges]) {
        const seeds: Array<number | bigint> = [BigInt(c.seed)];
        if (BigInt(c.seed) < 2n ** 53n) seeds.push(Number(c.seed));
        for (const seed of seeds) {
          const options = { seed, stream: c.stream, counter: c.counter };
          const u = draw('u32', c.n, options), f = draw('uniform', c.n, options), z = draw('normal', c.n, options);
          const blocks = Math.ceil(c.n / 4);
          expect(u.next).toBe(c.counter + blocks);
          expect(f.next).toBe(c.counter + blocks);
          expect(z.next).toBe(c.counter + blocks);
          expect(Array.from(u.values), c.name).toEqual(c.u32);
          expect(Array.from(f.values), c.name).toEqual(c.uniform);
          for (let i = 0; i < c.n; i++) {
            expect(Math.abs(z.values[i] - c.normal[i]), `${c.name}: normal ${i}`).toBeLessThanOrEqual(NORMAL_TOL(c.normal[i]));
          }
        }
      }
    });

    test('Box–Muller at the ends of the log: u1 = 2⁻²⁴ and u1 = 1 give finite values', () => {
      const [smallest, one] = fixture.edges;
      // u1 = 2⁻²⁴: radius √(48 ln 2), the largest |z| the generator can produce
      const a = draw('normal', 4, { seed: BigInt(smallest.seed), counter: smallest.counter });
      const w = smallest.word!;
      expect(smallest.u32[w] >>> 8).toBe(0);
      expect(Math.hypot(a.values[w], a.values[w + 1])).toBeCloseTo(Math.sqrt(48 * Math.LN2), 5);
      // u1 = 1: radius 0, both values of the pair are ±0
      const b = draw('normal', 4, { seed: BigInt(one.seed), counter: one.counter });
      expect(one.u32[one.word!] >>> 8).toBe(0xffffff);
      expect(Math.abs(b.values[one.word!])).toBe(0);
      expect(Math.abs(b.values[one.word! + 1])).toBe(0);
      for (const v of [...a.values, ...b.values]) expect(Number.isFinite(v)).toBe(true);
      // uniform: 0 is reachable (word >>> 8 == 0), 1 is not
      expect(draw('uniform', 4, { seed: BigInt(smallest.seed), counter: smallest.counter }).values[w]).toBe(0);
    });

    test('normals match Box–Muller in f64 on 2²⁰ values', () => {
      const seed = 31337, n = 1 << 20;
      const words = draw('u32', n, { seed, stream: 5, counter: 12345 }).values;
      const z = draw('normal', n, { seed, stream: 5, counter: 12345 }).values;
      const want = boxMullerF64(words);
      let worst = 0;
      for (let i = 0; i < n; i++) {
        const err = Math.abs(z[i] - want[i]);
        if (!(err <= NORMAL_TOL(want[i]))) expect.fail(`seed=${seed}: normal ${i} = ${z[i]}, f64 Box–Muller ${want[i]}`);
        worst = Math.max(worst, err);
      }
      expect(worst).toBeGreaterThan(0); // f32, not a copy of the f64 values
    });

    test('reproducible: the same arguments give the same bits', () => {
      for (const kind of ['u32', 'uniform', 'normal'] as const) {
        const options = { seed: 2n ** 63n + 12345n, stream: 77, counter: 2 ** 32 - 10 };
        const a = draw(kind, 1001, options), b = draw(kind, 1001, options);
        expect(a.values).toEqual(b.values);
        expect(a.next).toBe(b.next);
      }
    });

    test('counter contract: one call of n = a call of n/2 continued at the returned counter', () => {
      const seed = 4242;
      for (const kind of ['u32', 'uniform', 'normal'] as const) {
        for (const start of [0, 2 ** 32 - 100, 2 ** 53 - 1000]) {
          const whole = draw(kind, 1000, { seed, stream: 3, counter: start });
          expect(whole.next).toBe(start + 250);
          const first = draw(kind, 500, { seed, stream: 3, counter: start });
          const second = draw(kind, 500, { seed, stream: 3, counter: first.next });
          expect(first.next).toBe(start + 125);
          expect(second.next).toBe(whole.next);
          expect([...first.values, ...second.values], `${kind} seed=${seed} start=${start}`).toEqual(Array.from(whole.values));
          // n not a multiple of 4: the rest of the last block is skipped, the next call starts a new block
          const odd = draw(kind, 4 * 37 + 1, { seed, stream: 3, counter: start });
          expect(odd.next).toBe(start + 38);
          const rest = draw(kind, 40, { seed, stream: 3, counter: odd.next });
          expect(Array.from(odd.values)).toEqual(Array.from(whole.values.subarray(0, 4 * 37 + 1)));
          expect(Array.from(rest.values)).toEqual(Array.from(whole.values.subarray(4 * 38, 4 * 38 + 40)));
          // any counter: block c is values 4c.. of a call from 0
          const mid = draw(kind, 23, { seed, stream: 3, counter: start + 61 });
          expect(Array.from(mid.values)).toEqual(Array.from(whole.values.subarray(4 * 61, 4 * 61 + 23)));
        }
      }
    });

    test('uniform: values are multiples of 2⁻²⁴ in [0, 1), mean, variance and a χ² histogram', () => {
      const seed = 9001, n = 1_000_000;
      const { values } = draw('uniform', n, { seed });
      let lo = Infinity, hi = -Infinity;
      for (const v of values) {
        lo = Math.min(lo, v); hi = Math.max(hi, v);
        if (!Number.isInteger(v * 2 ** 24)) expect.fail(`seed=${seed}: ${v} is not a multiple of 2^-24`);
      }
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThan(1);
      const m = moments(values);
      expect(Math.abs(m.mean - 0.5), `seed=${seed}`).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
      // Var((U - ½)²) = 1/80 - 1/144 = 1/180
      expect(Math.abs(m.variance - 1 / 12), `seed=${seed}`).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
      const bins = 100, counts = new Float64Array(bins);
      for (const v of values) counts[Math.floor(v * bins)]++;
      let chi2 = 0;
      for (const c of counts) chi2 += (c - n / bins) ** 2 / (n / bins);
      const dof = bins - 1;
      // χ²(99): mean 99, sd √198; too good a fit fails as well as too poor a one
      expect(Math.abs(chi2 - dof), `seed=${seed}: chi2=${chi2}`).toBeLessThan(5 * Math.sqrt(2 * dof));
    });

    test('normal: mean, variance, skewness, kurtosis, tails and a χ² histogram on 10⁶ values', () => {
      const seed = 777, n = 1_000_000;
      const { values } = draw('normal', n, { seed, stream: 11 });
      const m = moments(values);
      // standard errors of the sample moments of N(0, 1): √(1/n), √(2/n), √(6/n), √(24/n)
      expect(Math.abs(m.mean), `seed=${seed}`).toBeLessThan(5 * Math.sqrt(1 / n));
      expect(Math.abs(m.variance - 1), `seed=${seed}`).toBeLessThan(5 * Math.sqrt(2 / n));
      expect(Math.abs(m.skewness), `seed=${seed}`).toBeLessThan(5 * Math.sqrt(6 / n));
      expect(Math.abs(m.kurtosis), `seed=${seed}`).toBeLessThan(5 * Math.sqrt(24 / n));
      let beyond3 = 0, biggest = 0;
      for (const v of values) { if (Math.abs(v) > 3) beyond3++; biggest = Math.max(biggest, Math.abs(v)); }
      const p3 = 2 * (1 - normalCdf(3));
      expect(Math.abs(beyond3 / n - p3), `seed=${seed}`).toBeLessThan(5 * Math.sqrt(p3 * (1 - p3) / n));
      expect(biggest).toBeLessThanOrEqual(Math.sqrt(48 * Math.LN2) * (1 + 2 ** -20));
      // 40 bins of width 0.2 on [-4, 4] plus the two tails
      const edges = Array.from({ length: 41 }, (_, k) => -4 + 0.2 * k);
      const counts = new Float64Array(42);
      for (const v of values) counts[v < -4 ? 0 : v >= 4 ? 41 : 1 + Math.min(39, Math.floor((v + 4) / 0.2))]++;
      const probs = [normalCdf(-4), ...edges.slice(1).map((e, k) => normalCdf(e) - normalCdf(edges[k])), 1 - normalCdf(4)];
      let chi2 = 0;
      probs.forEach((p, k) => { chi2 += (counts[k] - n * p) ** 2 / (n * p); });
      const dof = probs.length - 1;
      expect(Math.abs(chi2 - dof), `seed=${seed}: chi2=${chi2}`).toBeLessThan(5 * Math.sqrt(2 * dof));
    });

    test('streams, seeds and neighbouring values are uncorrelated', () => {
      const seed = 123456789, n = 1 << 20;
      const bound = 5 / Math.sqrt(n); // 5 standard errors of a correlation near 0
      const base = draw('normal', n, { seed, stream: 0 }).values;
      const others: Array<[string, Float64Array]> = [
        ['stream 1', draw('normal', n, { seed, stream: 1 }).values],
        ['stream 2^32 - 1', draw('normal', n, { seed, stream: 2 ** 32 - 1 }).values],
        ['seed + 1', draw('normal', n, { seed: seed + 1, stream: 0 }).values],
        ['seed + 2^32', draw('normal', n, { seed: seed + 2 ** 32, stream: 0 }).values],
        ['counter + 1 (next block)', draw('normal', n, { seed, stream: 0, counter: 1 }).values],
      ];
      for (const [label, other] of others) {
        expect(Math.abs(correlation(base, other)), `${label}, seed=${seed}`).toBeLessThan(bound);
      }
      // within a stream: lags 1..4 cover the two values of a pair, the two pairs of a block and the next block
      for (let lag = 1; lag <= 4; lag++) {
        expect(Math.abs(correlation(base.subarray(0, n - lag), base.subarray(lag))), `lag ${lag}, seed=${seed}`).toBeLessThan(bound);
      }
      // r² of a Box–Muller pair: z0² and z1² are independent χ²(1), so uncorrelated
      const sq0 = new Float64Array(n / 2), sq1 = new Float64Array(n / 2);
      for (let i = 0; i < n / 2; i++) { sq0[i] = base[2 * i] ** 2; sq1[i] = base[2 * i + 1] ** 2; }
      expect(Math.abs(correlation(sq0, sq1)), `pair squares, seed=${seed}`).toBeLessThan(5 / Math.sqrt(n / 2));
      // raw words of different streams agree about as often as chance (2⁻³² per word)
      const a = draw('u32', 4096, { seed, stream: 0 }).values, b = draw('u32', 4096, { seed, stream: 1 }).values;
      expect(a.filter((v, i) => v === b[i]).length).toBe(0);
    });

    /** randomIndices on a fresh buffer: the values (a copy) and the next counter. */
    function drawIndices(n: number, options: RandomOptions & { range: number }): { values: Int32Array; next: number } {
      const out = sd.i32(n);
      const next = randomIndices(sd, out, options);
      const values = out.toArray();
      out.dispose();
      return { values, next };
    }

    test('indices: ⌊w·range / 2³²⌋ of the randomU32 words, always in [0, range)', () => {
      const n = 1001, options = { seed: 2n ** 60n + 99n, stream: 12, counter: 2 ** 40 + 3 };
      const words = draw('u32', n, options);
      for (const range of [1, 2, 3, 10, 1000, 1_000_003, 2 ** 31 - 1, 2 ** 31]) {
        const { values, next } = drawIndices(n, { ...options, range });
        expect(next).toBe(words.next);
        for (let i = 0; i < n; i++) {
          const want = Number((BigInt(words.values[i]) * BigInt(range)) >> 32n);
          if (values[i] !== want) expect.fail(`range ${range}: index ${i} = ${values[i]}, want ${want}`);
          if (!(values[i] >= 0 && values[i] < range)) expect.fail(`range ${range}: index ${i} = ${values[i]} out of range`);
        }
      }
      // the largest range reaches the top of i32; range 1 is all zeros
      expect(Math.max(...drawIndices(4096, { seed: 5, range: 2 ** 31 }).values)).toBeGreaterThan(2 ** 31 - 2 ** 24);
      expect(drawIndices(17, { seed: 5, range: 1 }).values.every((v) => v === 0)).toBe(true);
    });

    test('indices: reproducible, and one call of n = a call of n/2 continued at the returned counter', () => {
      const options = { seed: 314159, stream: 2, counter: 2 ** 32 - 100, range: 97 };
      const whole = drawIndices(1000, options), again = drawIndices(1000, options);
      expect(again.values).toEqual(whole.values);
      expect(whole.next).toBe(options.counter + 250);
      const first = drawIndices(500, options);
      const second = drawIndices(500, { ...options, counter: first.next });
      expect([...first.values, ...second.values]).toEqual(Array.from(whole.values));
      // another seed, stream or counter gives other values (agreeing about 1000/97 times by chance);
      // another range does not: ⌊w·range / 2³²⌋ is monotone in range for the same words
      const others = [{ ...options, seed: 314160 }, { ...options, stream: 3 }, { ...options, counter: options.counter + 1 }];
      for (const other of others) {
        const v = drawIndices(1000, other).values;
        expect(v.filter((x, i) => x === whole.values[i]).length, JSON.stringify(other)).toBeLessThan(50);
      }
    });

    test('indices: uniform over [0, range) (χ² on 10⁶ draws) for a small, a large and a non-power-of-two range', () => {
      const n = 1_000_000;
      for (const [seed, range, bins] of [[2024, 10, 10], [2025, 1000, 1000], [2026, 2 ** 31, 256], [2027, 3 * 2 ** 20 + 1, 300]]) {
        const { values } = drawIndices(n, { seed, range });
        // bins of equal width over [0, range); for range = 2^31 the bin is the top 8 bits
        const counts = new Float64Array(bins);
        for (const v of values) counts[Math.floor((v * bins) / range)]++;
        // expected count per bin: the number of values in it times n / range
        let chi2 = 0;
        for (let k = 0; k < bins; k++) {
          const width = Math.ceil(((k + 1) * range) / bins) - Math.ceil((k * range) / bins);
          const expected = (n * width) / range;
          chi2 += (counts[k] - expected) ** 2 / expected;
        }
        const dof = bins - 1;
        expect(Math.abs(chi2 - dof), `seed=${seed} range=${range}: chi2=${chi2}`).toBeLessThan(5 * Math.sqrt(2 * dof));
        const mean = values.reduce((s, v) => s + v, 0) / n;
        // Var of a uniform integer on [0, range) is (range² - 1)/12
        expect(Math.abs(mean - (range - 1) / 2), `seed=${seed} range=${range}`).toBeLessThan(5 * Math.sqrt((range * range - 1) / 12 / n));
      }
    });

    test('indices: typed errors for range, out and options', () => {
      const i = sd.i32(8), u = sd.u32(8), f = sd.f32(8);
      const cases: Array<[string, () => unknown]> = [
        ['range', () => randomIndices(sd, i, { seed: 1, range: 0 })],
        ['range', () => randomIndices(sd, i, { seed: 1, range: -3 })],
        ['range', () => randomIndices(sd, i, { seed: 1, range: 2.5 })],
        ['range', () => randomIndices(sd, i, { seed: 1, range: 2 ** 31 + 1 })],
        ['range', () => randomIndices(sd, i, { seed: 1, range: NaN })],
        ['range', () => randomIndices(sd, i, { seed: 1, range: '10' as never })],
        ['range', () => randomIndices(sd, i, { seed: 1 } as never)],
        ['out', () => randomIndices(sd, u as never, { seed: 1, range: 10 })],
        ['out', () => randomIndices(sd, f as never, { seed: 1, range: 10 })],
        ['out', () => randomIndices(sd, new Int32Array(8) as never, { seed: 1, range: 10 })],
        ['options', () => randomIndices(sd, i, null as never)],
        ['seed', () => randomIndices(sd, i, { seed: -1, range: 10 })],
        ['stream', () => randomIndices(sd, i, { seed: 1, stream: 2 ** 32, range: 10 })],
        ['counter', () => randomIndices(sd, i, { seed: 1, counter: 2 ** 53 - 1, range: 10 })],
      ];
      cases.forEach(([argument, call], k) => {
        let error: SaddleArgumentError | undefined;
        try { call(); } catch (e) { error = e as SaddleArgumentError; }
        expect(error, `case ${k} (${argument})`).toBeInstanceOf(SaddleArgumentError);
        expect(error!.argument, error!.message).toBe(argument);
        expect(error!.message).toContain('randomIndices:');
      });
      i.dispose(); u.dispose(); f.dispose();
    });

    test('typed errors for bad seed, stream, counter, out and options', () => {
      const u = sd.u32(8), f = sd.f32(8), d = sd.f64(8);
      const cases: Array<[string, () => unknown]> = [
        ['seed', () => randomU32(sd, u, { seed: -1 })],
        ['seed', () => randomU32(sd, u, { seed: 1.5 })],
        ['seed', () => randomU32(sd, u, { seed: 2 ** 53 })],
        ['seed', () => randomU32(sd, u, { seed: NaN })],
        ['seed', () => randomU32(sd, u, { seed: '1' as never })],
        ['seed', () => randomU32(sd, u, { seed: undefined as never })],
        ['seed', () => randomUniform(sd, f, { seed: -1n })],
        ['seed', () => randomNormal(sd, f, { seed: 2n ** 64n })],
        ['stream', () => randomU32(sd, u, { seed: 1, stream: -1 })],
        ['stream', () => randomU32(sd, u, { seed: 1, stream: 2 ** 32 })],
        ['stream', () => randomUniform(sd, f, { seed: 1, stream: 0.5 })],
        ['stream', () => randomNormal(sd, f, { seed: 1, stream: 1n as never })],
        ['counter', () => randomU32(sd, u, { seed: 1, counter: -1 })],
        ['counter', () => randomU32(sd, u, { seed: 1, counter: 2 ** 53 })],
        ['counter', () => randomUniform(sd, f, { seed: 1, counter: 1.5 })],
        // 8 values need 2 blocks: the last one would be block 2^53
        ['counter', () => randomNormal(sd, f, { seed: 1, counter: 2 ** 53 - 1 })],
        ['out', () => randomU32(sd, f as never, { seed: 1 })],
        ['out', () => randomUniform(sd, u as never, { seed: 1 })],
        ['out', () => randomNormal(sd, d as never, { seed: 1 })],
        ['out', () => randomNormal(sd, new Float32Array(8) as never, { seed: 1 })],
        ['options', () => randomNormal(sd, f, null as never)],
      ];
      cases.forEach(([argument, call], k) => {
        let error: SaddleArgumentError | undefined;
        try { call(); } catch (e) { error = e as SaddleArgumentError; }
        expect(error, `case ${k} (${argument})`).toBeInstanceOf(SaddleArgumentError);
        expect(error!.argument, error!.message).toBe(argument);
        expect(error!.code).toBe('E_ARGUMENT');
      });
      // the largest valid values are accepted
      expect(randomNormal(sd, f, { seed: 2 ** 53 - 1, stream: 2 ** 32 - 1, counter: 2 ** 53 - 2 })).toBe(2 ** 53);
      expect(randomU32(sd, u, { seed: 2n ** 64n - 1n })).toBe(2);
      // a number seed and the same bigint are the same key
      const a = draw('u32', 8, { seed: 2 ** 53 - 1 }).values, b = draw('u32', 8, { seed: 2n ** 53n - 1n }).values;
      expect(a).toEqual(b);
      u.dispose(); f.dispose(); d.dispose();
    });
  });
}

test('every build gives the same bits (u32, uniform, normal and indices)', async () => {
  if (BUILDS.length < 2) return;
  const options = { seed: 0xfeedfacecafebeefn, stream: 2 ** 31 + 5, counter: 2 ** 32 - 7 };
  const results = [];
  for (const build of BUILDS) {
    const sd = await loadBuild(build);
    const live = sd.liveBytes();
    const u = sd.u32(100_003), f = sd.f32(100_003), z = sd.f32(100_003);
    randomU32(sd, u, options);
    randomUniform(sd, f, options);
    randomNormal(sd, z, options);
    const k = sd.i32(100_003);
    randomIndices(sd, k, { ...options, range: 1_000_003 });
    // compare bit patterns, so that -0 and +0 or NaN payloads would count as differences
    results.push([u.toArray(), new Uint32Array(f.toArray().buffer), new Uint32Array(z.toArray().buffer), new Uint32Array(k.toArray().buffer)]);
    u.dispose(); f.dispose(); z.dispose(); k.dispose();
    expect(sd.liveBytes()).toBe(live);
  }
  for (let k = 0; k < 4; k++) expect(results[1][k]).toEqual(results[0][k]);
});
