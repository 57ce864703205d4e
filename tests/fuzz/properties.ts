// Fuzz properties over the public API (fast-check). Every case either returns normally or
// throws a SaddleError (never a raw WASM RuntimeError, TypeError or RangeError), frees
// everything it allocated (live bytes back to baseline), and gives finite results where
// the input is valid and the function is total. tests/fuzz/fuzz.test.ts runs them with a
// small budget; `npm run fuzz` (scripts/fuzz.mjs) with at least 10^4 cases.
import fc from 'fast-check';
import {
  SaddleError, SaddleCheckpointError, SaddleNumericError, binary, gan, gatherRows, gemm, metrics, minimax, randomNormal, reduce,
  unary, type Saddle, type WasmArray,
} from '../../bindings/index.js';
import { parseNpy } from '../../bindings/cli/files.js';
import * as OP from '../../bindings/wasm/opcodes.js';
import { UsageError } from '../../bindings/cli/train.js';
import { describe, SaddleArgumentError } from '../../bindings/errors.js';
import { OPTIONS_CALLS } from './public.js';
import { objectPaths, refused, setPath, sites, typo, accepted, type Site } from './schema.js';

/** Cases run, completed, and refused with a typed error (by error code). */
export interface Tally { cases: number; errors: number; ok: number; codes: Record<string, number> }

export const newTally = (): Tally => ({ cases: 0, errors: 0, ok: 0, codes: {} });

/** Runs `body`; a thrown error must be a SaddleError. Returns whether it completed. */
function outcome(name: string, tally: Tally, body: () => void): boolean {
  return caught(name, tally, body) === undefined;
}

/** Runs `body` and returns the SaddleError it threw (undefined if it completed); any other error escapes. */
function caught(name: string, tally: Tally, body: () => void): SaddleError | undefined {
  tally.cases++;
  try {
    body();
    tally.ok++;
    return undefined;
  } catch (error) {
    if (!(error instanceof SaddleError)) {
      throw new Error(`${name}: a non-saddle error escaped: ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`, { cause: error });
    }
    tally.errors++;
    tally.codes[error.code] = (tally.codes[error.code] ?? 0) + 1;
    return error;
  }
}

/** A refusal must be a SaddleArgumentError naming `path` (or an entry of it, `path[i]`). */
function expectRefusedAt(what: string, error: SaddleError | undefined, path: string, value: unknown): void {
  if (!error) throw new Error(`${what}: ${path} = ${describe(value)} was accepted`);
  if (!(error instanceof SaddleArgumentError)) throw new Error(`${what}: ${path} = ${describe(value)} gave ${error.name}, not SaddleArgumentError: ${error.message}`);
  const named = error.argument === path || error.argument.startsWith(`${path}[`) || error.argument.startsWith(`${path}.`);
  if (!named) throw new Error(`${what}: ${path} = ${describe(value)} was refused naming '${error.argument}' instead: ${error.message}`);
}

/** Allocates through `make`, disposes everything afterwards, and checks live bytes. */
function scoped(sd: Saddle, run: (track: <T extends { dispose(): void }>(x: T) => T) => void): void {
  const before = sd.liveBytes();
  const owned: Array<{ dispose(): void }> = [];
  try {
    run((x) => { owned.push(x); return x; });
  } finally {
    owned.forEach((x) => x.dispose());
  }
  const after = sd.liveBytes();
  if (after !== before) throw new Error(`live bytes ${before} -> ${after}: a case leaked`);
}

const anyNumber = fc.oneof(
  fc.double({ noNaN: false }), fc.integer({ min: -5, max: 40 }), fc.constantFrom(0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31)),
);
const junk = fc.oneof(anyNumber, fc.string({ maxLength: 6 }), fc.constant(null), fc.constant(undefined), fc.array(fc.integer(), { maxLength: 3 }), fc.boolean(), fc.object({ maxDepth: 1 }));
const floats = fc.array(fc.float({ noDefaultInfinity: false, noNaN: false }), { maxLength: 40 });
/** n deterministic values in [−8, 8] */
const wave = (n: number, phase: number) => Float32Array.from({ length: n }, (_, i) => 8 * Math.sin(1.7 * i + phase));

// every unary kernel, from the opcode mirror
const UNARY: string[] = Object.keys(OP.UNARY);
/** Finite on every finite input in [−8, 8]. */
const TOTAL_UNARY = new Set(['copy', 'neg', 'abs', 'square', 'exp', 'relu', 'leaky_relu', 'tanh', 'sigmoid', 'softplus', 'log_sigmoid', 'expm1', 'sign', 'step', 'silu']);
const BINARY = ['add', 'sub', 'mul', 'div', 'max', 'min', 'gt', 'ge', 'eq'];
const BROADCAST = ['full', 'row', 'col', 'scalar'];

/** A small valid trainer config that the config properties mutate one field at a time. */
const BASE_CONFIG = {
  data: { values: [0, 0, 1, 1, -1, 1, 1, -1], dim: 2 }, noise: { dim: 2 }, batch: 4, seed: 1,
  generator: { hidden: [4] }, discriminator: { hidden: [4] },
  optimizer: { d: { kind: 'adam', lr: 1e-3, b1: 0.5 }, g: { kind: 'sgd', lr: 1e-2, momentum: 0.5 } },
  regularizers: { r1: 1 },
};
const SAMPLES_A = { data: wave(24, 1), rows: 12, cols: 2 }, SAMPLES_B = { data: wave(20, 2), rows: 10, cols: 2 };
/** A valid options object of each metric, mutated one field at a time. */
const METRIC_BASE: Record<string, object> = { fid: {}, kid: { protocol: 'full', seed: 1 }, mmd: { kernel: 'rbf', estimator: 'unbiased' }, sinkhorn: { eps: 1, cost: 'sqeuclidean', raw: false } };

type PairKernel = (squaredDistance: number, dot: number) => number;
/** k(D, g) with D = ‖x − y‖², g = x·y, for the kernels whose form the fuzz uses (docs of bindings/metrics/mmd.ts). */
function referenceKernel(kernel: unknown): PairKernel | undefined {
  const k = kernel as { kind?: string; bandwidth?: number | number[]; degree?: number } | null;
  if (k?.kind === 'linear') return (_D, g) => g;
  if (k?.kind === 'rbf' && Array.isArray(k.bandwidth)) { const bw = k.bandwidth; return (D) => bw.reduce((a, s) => a + Math.exp(-D / (2 * s * s)), 0); }
  if (k?.kind === 'laplacian' && typeof k.bandwidth === 'number') { const s = k.bandwidth; return (D) => Math.exp(-Math.sqrt(D) / s); }
  if (k?.kind === 'distance') return (D) => -Math.sqrt(D);
  return undefined;
}
/** MMD² from the pairwise kernel values in f64: biased (all pairs) or unbiased (i ≠ j within a set). */
function referenceMmd(x: { data: ArrayLike<number>; rows: number; cols: number }, y: { data: ArrayLike<number>; rows: number; cols: number }, k: PairKernel, estimator: string): number {
  const d = x.cols, row = (m: typeof x, i: number) => Array.from({ length: d }, (_, c) => Math.fround(m.data[i * d + c]));
  const X = Array.from({ length: x.rows }, (_, i) => row(x, i)), Y = Array.from({ length: y.rows }, (_, i) => row(y, i));
  const kk = (a: number[], b: number[]) => k(a.reduce((s, v, c) => s + (v - b[c]) ** 2, 0), a.reduce((s, v, c) => s + v * b[c], 0));
  const within = (P: number[][]) => {
    let total = 0;
    for (let i = 0; i < P.length; i++) for (let j = 0; j < P.length; j++) if (estimator === 'biased' || i !== j) total += kk(P[i], P[j]);
    return total / (estimator === 'biased' ? P.length ** 2 : P.length * (P.length - 1));
  };
  let cross = 0;
  for (const a of X) for (const b of Y) cross += kk(a, b);
  return within(X) + within(Y) - (2 * cross) / (X.length * Y.length);
}

export interface FuzzProperty { name: string; weight: number; property: (sd: Saddle, tally: Tally) => fc.IPropertyWithHooks<unknown> | fc.IProperty<unknown> }

export const PROPERTIES: FuzzProperty[] = [
  {
    name: 'unary', weight: 3,
    property: (sd, tally) => fc.property(
      fc.oneof(fc.constantFrom(...UNARY), fc.string({ maxLength: 5 })), floats, fc.integer({ min: -2, max: 2 }),
      fc.option(anyNumber), fc.boolean(), fc.boolean(),
      (op, raw, skew, param, finite, inPlace) => scoped(sd, (track) => {
        // finite: the same values clamped into [−8, 8] (NaN to 0)
        const values = finite ? raw.map((v) => (Number.isNaN(v) ? 0 : Math.max(-8, Math.min(8, v)))) : raw;
        const x = track(sd.f32(values));
        const y = inPlace ? x : track(sd.f32(Math.max(0, x.length + skew)));
        const valid = UNARY.includes(op) && y.length === x.length && (param === null ? op !== 'pow' : Number.isFinite(Math.fround(param as number)));
        const done = outcome('unary', tally, () => unary(sd, op as never, x, y, param === null ? {} : { param: param as number }));
        if (valid && !done) throw new Error(`unary ${op} refused valid input`);
        // leaky_relu's slope times 8 must stay finite too
        if (done && finite && TOTAL_UNARY.has(op) && !(op === 'leaky_relu' && Math.abs(param as number) > 1e37) && !y.toArray().every(Number.isFinite)) throw new Error(`unary ${op} gave a non-finite value on finite input`);
      }),
    ),
  },
  {
    name: 'binary', weight: 3,
    property: (sd, tally) => fc.property(
      fc.oneof(fc.constantFrom(...BINARY), fc.string({ maxLength: 4 })), fc.nat(6), fc.nat(6),
      fc.constantFrom(...BROADCAST, 'diagonal'), fc.constantFrom(...BROADCAST), fc.integer({ min: -1, max: 1 }),
      (op, rows, cols, aMode, bMode, skew) => scoped(sd, (track) => {
        const lengthOf = (mode: string) => (mode === 'full' ? rows * cols : mode === 'row' ? cols : mode === 'col' ? rows : 1);
        const a = track(sd.f32(wave(lengthOf(aMode === 'diagonal' ? 'full' : aMode), rows)));
        const b = track(sd.f32(wave(lengthOf(bMode), cols).map((v) => v + 9))); // positive: div stays finite
        const out = track(sd.f32(Math.max(0, rows * cols + skew)));
        const done = outcome('binary', tally, () => binary(sd, op as never, a, b, out, { rows, cols, aBroadcast: aMode as never, bBroadcast: bMode as never }));
        const valid = BINARY.includes(op) && aMode !== 'diagonal' && skew === 0;
        if (valid && !done) throw new Error(`binary ${op} refused valid input`);
        if (done && !out.toArray().every(Number.isFinite)) throw new Error(`binary ${op} gave a non-finite value on finite input`);
      }),
    ),
  },
  {
    name: 'gemm', weight: 2,
    property: (sd, tally) => fc.property(
      fc.nat(9), fc.nat(9), fc.nat(9), fc.boolean(), fc.boolean(), fc.integer({ min: -2, max: 2 }), fc.integer({ min: -1, max: 3 }),
      fc.oneof(fc.constant(1), anyNumber), fc.oneof(fc.constant(0), anyNumber),
      (m, n, k, transA, transB, sizeSkew, ldSkew, alpha, beta) => scoped(sd, (track) => {
        const a = track(sd.f32(wave(Math.max(0, m * k + sizeSkew), 1)));
        const b = track(sd.f32(wave(k * n, 2)));
        const c = track(sd.f32(wave(m * n, 3)));
        const lda = (transA ? m : k) + ldSkew;
        const done = outcome('gemm', tally, () => gemm(sd, { a, b, c, m, n, k, transA, transB, alpha, beta, lda: ldSkew === 0 ? undefined : lda }));
        const valid = sizeSkew === 0 && ldSkew === 0 && Number.isFinite(Math.fround(alpha)) && Number.isFinite(Math.fround(beta));
        if (valid && !done) throw new Error('gemm refused valid input');
        // |entries| ≤ 8, k ≤ 9: overflow needs |alpha| or |beta| near 1e36
        if (done && valid && Math.abs(alpha) < 1e30 && Math.abs(beta) < 1e30 && !c.toArray().every(Number.isFinite)) throw new Error('gemm gave a non-finite value on finite input');
        // the slow reference: C = α·op(A)·op(B) + β·C₀ by the triple loop in f64 (f32 rounding: |error| <= k·2⁻²³·Σ|terms|)
        if (done && valid && Math.abs(alpha) < 1e6 && Math.abs(beta) < 1e6) {
          const A = wave(m * k, 1), B = wave(k * n, 2), C0 = wave(m * n, 3), got = c.toArray();
          const fa = Math.fround(alpha), fb = Math.fround(beta);
          for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
            let sum = 0, size = 0;
            for (let p = 0; p < k; p++) { const t = (transA ? A[p * m + i] : A[i * k + p]) * (transB ? B[j * k + p] : B[p * n + j]); sum += t; size += Math.abs(t); }
            const expected = fa * sum + fb * C0[i * n + j];
            const bound = (k + 2) * 2 ** -23 * (Math.abs(fa) * size + Math.abs(fb * C0[i * n + j])) + 1e-30;
            if (!(Math.abs(got[i * n + j] - expected) <= bound)) throw new Error(`gemm C[${i},${j}] = ${got[i * n + j]}, the reference ${expected} (m=${m} n=${n} k=${k} transA=${transA} transB=${transB} α=${alpha} β=${beta})`);
          }
        }
      }),
    ),
  },
  {
    name: 'reduce', weight: 2,
    property: (sd, tally) => fc.property(
      fc.oneof(fc.constantFrom('sum', 'mean', 'max', 'sumsq'), fc.string({ maxLength: 3 })), fc.constantFrom('rows', 'cols', 'all', 'diag'),
      fc.constantFrom('f32', 'f64', 'f16'), fc.nat(7), fc.nat(7), fc.integer({ min: -1, max: 1 }),
      (op, axis, precision, rows, cols, skew) => scoped(sd, (track) => {
        const x = track(sd.f32(wave(Math.max(0, rows * cols + skew), 4)));
        outcome('reduce', tally, () => {
          const out = reduce(sd, op as never, x, { rows, cols, axis: axis as never, precision: precision as never });
          if (typeof out === 'object') track(out as WasmArray);
        });
      }),
    ),
  },
  {
    name: 'gatherRows', weight: 1,
    property: (sd, tally) => fc.property(
      fc.nat(6), fc.nat(5), fc.array(fc.integer({ min: -3, max: 8 }), { maxLength: 8 }),
      (rows, cols, indices) => scoped(sd, (track) => {
        const x = track(sd.f32(wave(rows * cols, 5)));
        const idx = track(sd.i32(indices));
        const out = track(sd.f32(indices.length * cols));
        const done = outcome('gatherRows', tally, () => gatherRows(sd, x, idx, out, { rows, cols }));
        if (done !== indices.every((i) => i >= 0 && i < rows)) throw new Error(`gatherRows ${done ? 'accepted' : 'refused'} indices ${indices} of ${rows} rows`);
      }),
    ),
  },
  {
    name: 'random', weight: 1,
    property: (sd, tally) => fc.property(
      fc.oneof(fc.nat(), anyNumber, fc.bigInt({ min: -5n, max: 2n ** 65n })), fc.oneof(fc.nat(100), anyNumber), fc.nat(9),
      (seed, stream, n) => scoped(sd, (track) => {
        const out = track(sd.f32(n));
        if (outcome('randomNormal', tally, () => randomNormal(sd, out, { seed: seed as never, stream: stream as never })) && !out.toArray().every(Number.isFinite)) {
          throw new Error('randomNormal gave a non-finite draw');
        }
      }),
    ),
  },
  {
    name: 'trainer config', weight: 1,
    property: (sd, tally) => fc.property(
      fc.constantFrom(
        'batch', 'seed', 'dSteps', 'pack', 'ema', 'loss', 'scheme', 'noise.dim', 'noise.distribution', 'generator.hidden', 'discriminator.hidden',
        'generator.activation', 'discriminator.spectralNorm', 'optimizer.d.lr', 'optimizer.g.kind', 'optimizer.d.schedule', 'regularizers.r1',
        'regularizers.wganGp', 'regularizers.instanceNoise', 'regularizers.consensus', 'unrolled', 'anderson', 'historyEvery', 'nonFinite', 'data.dim', 'extra',
      ),
      fc.oneof(junk, fc.integer({ min: 1, max: 4 })),
      (path, value) => {
        const config: Record<string, unknown> = {
          data: { values: [0, 0, 1, 1, -1, 1, 1, -1], dim: 2 }, noise: { dim: 2 }, batch: 4, seed: 1,
          generator: { hidden: [4] }, discriminator: { hidden: [4] }, optimizer: { d: { kind: 'adam', lr: 1e-3 }, g: { kind: 'sgd', lr: 1e-2 } },
        };
        const keys = path.split('.');
        let at = config;
        for (const key of keys.slice(0, -1)) { at[key] = { ...(at[key] as object ?? {}) }; at = at[key] as Record<string, unknown>; }
        at[keys[keys.length - 1]] = value;
        scoped(sd, (track) => {
          outcome('GanTrainer', tally, () => {
            const trainer = track(new gan.GanTrainer(config as never, { saddle: sd }));
            try { trainer.trainSync(3); } catch (error) { if (!(error instanceof SaddleNumericError)) throw error; }
            const samples = trainer.sample(4);
            if (!samples.every(Number.isFinite)) throw new Error(`${path} = ${String(value)}: non-finite samples without a numeric error`);
          });
        });
      },
    ),
  },
  {
    name: 'trainer valid config', weight: 1,
    property: (sd, tally) => fc.property(
      fc.record({
        loss: fc.constantFrom('minimax', 'nonSaturating', 'wasserstein', 'hinge', 'leastSquares', 'relativistic', 'relativisticAverage'),
        scheme: fc.constantFrom('alternating', 'simultaneous', 'extragradient'),
        kind: fc.constantFrom('adam', 'sgd', 'rmsprop', 'nsgd', 'ogda', 'optimisticAdam', 'adamMagnitudeSgdDirection', 'sgdMagnitudeAdamDirection'),
        lr: fc.double({ min: 1e-5, max: 10, noNaN: true }),
        penalty: fc.constantFrom('none', 'r1', 'r2', 'wganGp', 'dragan', 'consensus'),
        strength: fc.double({ min: 0, max: 100, noNaN: true }),
        noise: fc.option(fc.double({ min: 0, max: 2, noNaN: true })),
        pack: fc.integer({ min: 1, max: 3 }), ema: fc.option(fc.double({ min: 0, max: 0.999, noNaN: true })),
        spectralNorm: fc.boolean(), anderson: fc.boolean(), seed: fc.nat(1000),
      }),
      (c) => scoped(sd, (track) => {
        const consensus = c.penalty === 'consensus';
        outcome('GanTrainer (valid)', tally, () => {
          const trainer = track(new gan.GanTrainer({
            data: { values: [0, 0, 1, 1, -1, 1, 1, -1, 0.5, 0.5, -0.5, 0], dim: 2 }, noise: { dim: 2 }, batch: 3, seed: c.seed,
            generator: { hidden: [4] }, discriminator: { hidden: [4], spectralNorm: c.spectralNorm },
            loss: c.loss, scheme: consensus ? 'simultaneous' : c.scheme, pack: c.pack, ema: c.ema ?? undefined,
            optimizer: { d: { kind: c.kind, lr: c.lr }, g: { kind: c.kind, lr: c.lr } },
            regularizers: { ...(c.penalty === 'none' ? {} : { [c.penalty]: c.strength }), ...(c.noise === null ? {} : { instanceNoise: { sigma: c.noise } }) },
            anderson: c.anderson ? { window: 3 } : undefined,
          }, { saddle: sd }));
          let diverged = false;
          try { trainer.trainSync(5); } catch (error) { if (!(error instanceof SaddleNumericError)) throw error; diverged = true; }
          // with or without divergence, the state the trainer holds is finite
          if (!trainer.sample(4).every(Number.isFinite)) throw new Error(`non-finite samples${diverged ? ' at the last good state' : ' without a numeric error'}: ${JSON.stringify(c)}`);
          if (!Object.values(trainer.history.series).every((v) => v.every(Number.isFinite))) throw new Error(`non-finite history: ${JSON.stringify(c)}`);
        });
        if (tally.errors > 0 && tally.ok === 0 && tally.cases > 20) throw new Error('valid configs never complete');
      }),
    ),
  },
  {
    name: 'sinkhorn', weight: 2,
    property: (sd, tally) => fc.property(
      fc.nat(8), fc.nat(8), fc.integer({ min: 0, max: 3 }), fc.oneof(fc.double({ min: 1e-4, max: 10, noNaN: true }), anyNumber),
      fc.constantFrom('sqeuclidean', 'half_sqeuclidean', 'euclidean', 'manhattan'), fc.constantFrom('uniform', 'random', 'junk'),
      fc.boolean(), fc.option(fc.double({ min: 0.01, max: 10, noNaN: true })), fc.nat(1000),
      (n, m, d, eps, cost, weights, divergence, rho, phase) => scoped(sd, () => {
        const x = wave(n * d, phase), y = wave(m * d, phase + 1).map((v) => v / 2);
        const normalized = (k: number, seedShift: number) => { const w = Array.from({ length: k }, (_, i) => 1 + Math.abs(Math.sin(i + seedShift))); const t = w.reduce((p, q) => p + q, 0); return w.map((v) => v / t); };
        const a = weights === 'uniform' ? undefined : weights === 'random' ? normalized(n, phase) : Array.from({ length: n }, (_, i) => Math.sin(i + phase));
        const b = weights === 'uniform' ? undefined : weights === 'random' ? normalized(m, phase + 7) : undefined;
        const options = { eps, cost: cost as never, dim: d, a, b, rho: (rho ?? undefined) as number | undefined, maxIterations: 200, onWarning: false as const };
        const valid = n > 0 && m > 0 && d > 0 && eps >= 1e-4 && eps <= 10 && cost !== 'manhattan' && weights !== 'junk';
        let values: number[] = [];
        const done = outcome('sinkhorn', tally, () => {
          if (divergence) { const r = metrics.sinkhornDivergence(sd, x, y, options); values = [r.divergence]; }
          else { const r = metrics.sinkhorn(sd, x, y, options); values = [r.cost, r.dual, r.objective, ...r.f, ...r.g]; }
        });
        if (valid && !done) throw new Error(`sinkhorn refused valid input n=${n} m=${m} d=${d} eps=${eps}`);
        if (done && !values.every(Number.isFinite)) throw new Error(`sinkhorn gave a non-finite value: n=${n} m=${m} d=${d} eps=${eps} ${cost}`);
      }),
    ),
  },
  {
    name: 'mmd, kid, fid', weight: 2,
    property: (sd, tally) => fc.property(
      fc.constantFrom('mmd', 'kid', 'fid', 'energy'), fc.nat(9), fc.nat(9), fc.integer({ min: 0, max: 4 }), fc.integer({ min: -1, max: 1 }),
      fc.constantFrom<unknown>({ kind: 'rbf' }, { kind: 'rbf', bandwidth: [0.5, 2] }, { kind: 'linear' }, { kind: 'polynomial', degree: 3 }, { kind: 'laplacian', bandwidth: 1 },
        { kind: 'imq' }, { kind: 'distance' }, { kind: 'rbf', bandwidth: -1 }, { kind: 'sigmoid' }, null),
      fc.constantFrom('biased', 'unbiased', 'u-statistic', 'v'), fc.boolean(), fc.nat(100),
      (which, n, m, d, skew, kernel, estimator, poison, phase) => scoped(sd, () => {
        const x = { data: wave(n * d, phase), rows: n, cols: d }, y = { data: wave(m * d + skew, phase + 2), rows: m, cols: d };
        if (poison && n * d > 0) x.data[0] = NaN;
        let values: number[] = [];
        const done = outcome(which, tally, () => {
          if (which === 'mmd') values = [metrics.mmd(sd, x, y, { kernel: kernel as never, estimator: estimator as never }).mmd2];
          else if (which === 'kid') { const r = metrics.kid(sd, x, y, { protocol: 'full' }); values = [r.mean]; }
          else if (which === 'fid') values = [metrics.fid(sd, x, y).distance];
          else values = [metrics.energyDistance(sd, x, y)];
        });
        if (done && !values.every(Number.isFinite)) throw new Error(`${which} gave a non-finite value: n=${n} m=${m} d=${d} ${JSON.stringify(kernel)} ${estimator}`);
        if (done && poison && n * d > 0) throw new Error(`${which} accepted NaN input`);
        // the slow reference: MMD² and the energy distance summed pair by pair in f64
        const k = which === 'energy' ? referenceKernel({ kind: 'distance' }) : referenceKernel(kernel);
        if (done && k && (which === 'energy' || (which === 'mmd' && (estimator === 'biased' || estimator === 'unbiased')))) {
          const expected = referenceMmd(x, y, k, which === 'energy' ? 'biased' : estimator);
          if (Math.abs(values[0] - expected) > 1e-9 * (1 + Math.abs(expected))) throw new Error(`${which} gave ${values[0]}, the pairwise reference ${expected}: n=${n} m=${m} d=${d} ${JSON.stringify(kernel)} ${estimator}`);
        }
      }),
    ),
  },
  {
    name: 'npy bytes', weight: 1,
    property: (_sd, tally) => fc.property(
      fc.uint8Array({ maxLength: 200 }), fc.boolean(),
      (bytes, withMagic) => {
        const input = withMagic ? Uint8Array.from([0x93, 78, 85, 77, 80, 89, 1, 0, ...bytes]) : bytes;
        tally.cases++;
        try { parseNpy(input); tally.ok++; } catch (error) {
          if (!(error instanceof UsageError)) throw new Error(`parseNpy threw ${(error as Error).name}: ${(error as Error).message}`);
          tally.errors++;
          tally.codes.UsageError = (tally.codes.UsageError ?? 0) + 1;
        }
      },
    ),
  },
  {
    name: 'checkpoint bytes', weight: 1,
    property: (sd, tally) => {
      const trainer = new gan.GanTrainer({
        data: { values: [0, 0, 1, 1], dim: 2 }, noise: { dim: 2 }, batch: 4, seed: 1, generator: { hidden: [3] }, discriminator: { hidden: [3] },
      }, { saddle: sd });
      trainer.trainSync(2);
      const bytes = trainer.save();
      trainer.dispose();
      return fc.property(
        fc.constantFrom('truncate', 'flip', 'append', 'zero'), fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }),
        (how, at, bits) => scoped(sd, (track) => {
          const damaged = how === 'truncate' ? bytes.slice(0, at) : how === 'append' ? Uint8Array.from([...bytes, bits]) : bytes.slice();
          if (how === 'flip') damaged[at] ^= bits;
          if (how === 'zero') damaged.fill(0, at, Math.min(bytes.length, at + bits));
          const changed = damaged.length !== bytes.length || damaged.some((v, i) => v !== bytes[i]);
          let loaded = false;
          outcome('GanTrainer.load', tally, () => {
            try { track(gan.GanTrainer.load(damaged, { saddle: sd })); loaded = true; } catch (error) {
              if (!(error instanceof SaddleCheckpointError)) throw new Error(`load threw ${(error as Error).name}, not SaddleCheckpointError`);
              throw error;
            }
          });
          if (changed && loaded) throw new Error(`a ${how} at ${at} was not detected`);
        }),
      );
    },
  },
  {
    name: 'trainer config: each field refused at its path', weight: 2,
    property: (sd, tally) => {
      const all = sites(gan.TRAINER_CONFIG_SCHEMA, BASE_CONFIG);
      return fc.property(fc.constantFrom(...all).chain((site) => fc.tuple(fc.constant(site), refused(site))), ([site, value]) => scoped(sd, (track) => {
        const config = setPath(BASE_CONFIG, site.path, value);
        const error = caught('GanTrainer', tally, () => { track(new gan.GanTrainer(config as never, { saddle: sd })); });
        expectRefusedAt('GanTrainer', error, site.path, value);
      }));
    },
  },
  {
    name: 'trainer config: accepted values pass their field', weight: 1,
    property: (sd, tally) => {
      const all = sites(gan.TRAINER_CONFIG_SCHEMA, BASE_CONFIG).filter((site) => accepted(site) !== undefined && !site.path.startsWith('data.'));
      return fc.property(fc.constantFrom(...all).chain((site) => fc.tuple(fc.constant(site), accepted(site)!)), ([site, value]) => scoped(sd, (track) => {
        const config = setPath(BASE_CONFIG, site.path, value) as gan.TrainerConfig;
        const error = caught('GanTrainer', tally, () => { track(new gan.GanTrainer(config, { saddle: sd })); });
        // a value the schema accepts is refused only by a rule between fields (CONSTRAINTS) or for its cost
        if (error instanceof SaddleArgumentError && error.argument === site.path) {
          const rule = gan.CONSTRAINTS.map((r) => r(config)).find((broken) => broken !== null);
          if (!rule) throw new Error(`GanTrainer: ${site.path} = ${describe(value)} is allowed by the schema and no rule, but was refused: ${error.message}`);
        } else if (error && !(error instanceof SaddleArgumentError) && error.code !== 'E_MEMORY') {
          throw new Error(`GanTrainer: ${site.path} = ${describe(value)} failed at construction with ${error.name}: ${error.message}`);
        }
      }));
    },
  },
  {
    name: 'options objects: an unknown key is refused at its path', weight: 2,
    property: (sd, tally) => {
      const targets = [
        ...objectPaths(gan.TRAINER_CONFIG_SCHEMA, BASE_CONFIG).map((o) => ({ ...o, call: (v: unknown) => { new gan.GanTrainer(v as never, { saddle: sd }).dispose(); }, base: BASE_CONFIG as unknown })),
        ...metrics.METRICS.names.map((name) => ({
          path: '', keys: Object.keys((metrics.METRICS.entries[name].options as { properties: object }).properties), base: METRIC_BASE[name] as unknown,
          call: (v: unknown) => { metrics.computeMetric(sd, name, SAMPLES_A, SAMPLES_B, v as object); },
        })),
      ].filter((t) => t.keys.length > 0);
      return fc.property(fc.constantFrom(...targets), fc.nat(40), fc.nat(12), fc.nat(3), (target, k, at, how) => scoped(sd, () => {
        const key = target.keys[k % target.keys.length], wrong = typo(key, at, how);
        if (target.keys.includes(wrong)) return;
        const path = target.path ? `${target.path}.${wrong}` : wrong;
        const value = setPath(target.base, path, 1);
        expectRefusedAt('unknown key', caught('unknown key', tally, () => target.call(value)), path, 1);
      }));
    },
  },
  {
    name: 'metric options: each field refused at its path', weight: 1,
    property: (sd, tally) => {
      const all = metrics.METRICS.names.flatMap((name) => sites(metrics.METRICS.entries[name].options, METRIC_BASE[name]).map((site) => ({ name, site })));
      return fc.property(fc.constantFrom(...all).chain((c) => fc.tuple(fc.constant(c), refused(c.site))), ([{ name, site }, value]) => scoped(sd, () => {
        const options = setPath(METRIC_BASE[name], site.path, value);
        expectRefusedAt(`metrics.${name}`, caught(`metrics.${name}`, tally, () => { metrics.computeMetric(sd, name, SAMPLES_A, SAMPLES_B, options); }), site.path, value);
      }));
    },
  },
  {
    name: 'stepper options: each field refused at its path', weight: 1,
    property: (sd, tally) => {
      const game = minimax.bilinear({ A: [[1]] });
      const all: Array<{ name: string; site: Site }> = minimax.STEPPERS.names.flatMap((name) => sites(minimax.STEPPERS.entries[name].options, {}).map((site) => ({ name, site })));
      return fc.property(fc.constantFrom(...all).chain((c) => fc.tuple(fc.constant(c), refused(c.site))), ([{ name, site }, value]) => scoped(sd, () => {
        const options = setPath({}, site.path, value);
        const error = caught(`minimax.stepper(${name})`, tally, () => { minimax.run(sd, game, minimax.stepper(name, { lr: 0.1, ...options }), { iterations: 2 }); });
        expectRefusedAt(`minimax.stepper(${name})`, error, `options.${site.path}`, value);
      }));
    },
  },
  {
    name: 'public options: each field refused at options.<field>', weight: 2,
    property: (sd, tally) => {
      const typed = (site: Site) => site.schema.type !== undefined || Array.isArray(site.schema.anyOf) || 'const' in site.schema;
      const all = OPTIONS_CALLS.flatMap((c) => sites(c.schema, c.base).filter(typed).map((site) => ({ c, site })));
      return fc.property(fc.constantFrom(...all).chain((x) => fc.tuple(fc.constant(x), refused(x.site))), ([{ c, site }, value]) => scoped(sd, () => {
        const options = setPath(c.base, site.path, value);
        expectRefusedAt(c.name, caught(c.name, tally, () => c.call(sd, options)), `options.${site.path}`, value);
      }));
    },
  },
  {
    name: 'public options: an unknown key is refused at options.<key>', weight: 1,
    property: (sd, tally) => {
      const targets = OPTIONS_CALLS.flatMap((c) => objectPaths(c.schema, c.base).filter((o) => o.keys.length > 0).map((o) => ({ c, ...o })));
      return fc.property(fc.constantFrom(...targets), fc.nat(40), fc.nat(12), fc.nat(3), (t, k, at, how) => scoped(sd, () => {
        const key = t.keys[k % t.keys.length], wrong = typo(key, at, how);
        if (t.keys.includes(wrong)) return;
        const path = t.path ? `${t.path}.${wrong}` : wrong;
        expectRefusedAt(t.c.name, caught(t.c.name, tally, () => t.c.call(sd, setPath(t.c.base, path, 1))), `options.${path}`, 1);
      }));
    },
  },
];
