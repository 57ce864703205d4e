// `saddle metrics <fid|kid|mmd|sinkhorn> A B [options]`: a distance between two sample sets
// read from .npy, CSV or JSON files (rows are samples), computed inside WASM, printed as
// one line (or JSON with --json).
//   fid                    Fréchet distance of the Gaussian fits (f64 mean, covariance ddof 1)
//   kid [--protocol torch-fidelity|clean-fid|full] [--subsets N] [--subset-size M] [--seed S]
//   mmd [--kernel rbf|polynomial|linear|laplacian|imq] [--bandwidth B|median] [--estimator biased|unbiased|u-statistic]
//   sinkhorn --eps E [--cost sqeuclidean|half_sqeuclidean|euclidean] [--raw]   debiased S_ε unless --raw

import { loadSaddle, metrics } from '../index.js';
import { readMatrix } from './files.js';
import { UsageError } from './train.js';

const KINDS = ['fid', 'kid', 'mmd', 'sinkhorn'] as const;

function options(args: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) throw new UsageError(`metrics: unexpected argument ${a}`);
    const key = a.slice(2);
    if (['json', 'raw'].includes(key)) out[key] = true;
    else {
      const value = args[++i];
      if (value === undefined) throw new UsageError(`--${key} needs a value`);
      out[key] = value;
    }
  }
  return out;
}

function number(o: Record<string, string | true>, key: string, fallback?: number): number | undefined {
  const v = o[key];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n)) throw new UsageError(`--${key} needs a number, got ${String(v)}`);
  return n;
}

export async function metricsCommand(args: string[]): Promise<void> {
  const [kind, pathA, pathB, ...rest] = args;
  if (!(KINDS as readonly string[]).includes(kind)) throw new UsageError(`metrics: the first argument is one of ${KINDS.join(', ')}, got ${kind ?? 'nothing'}`);
  if (!pathA || !pathB) throw new UsageError(`metrics ${kind}: give two files, A and B (.npy, .csv, .tsv, .txt or .json; one sample per row)`);
  const o = options(rest);
  const known: Record<string, string[]> = {
    fid: ['json'], kid: ['json', 'protocol', 'subsets', 'subset-size', 'seed'],
    mmd: ['json', 'kernel', 'bandwidth', 'estimator'], sinkhorn: ['json', 'eps', 'cost', 'raw'],
  };
  const unknown = Object.keys(o).find((k) => !known[kind].includes(k));
  if (unknown) throw new UsageError(`metrics ${kind}: unknown option --${unknown} (allowed: ${known[kind].map((k) => `--${k}`).join(', ')})`);
  const a = readMatrix(pathA), b = readMatrix(pathB);
  if (a.cols !== b.cols) throw new UsageError(`metrics: A has ${a.cols} columns and B has ${b.cols}; they must match`);
  const x = { data: a.values, rows: a.rows, cols: a.cols }, y = { data: b.values, rows: b.rows, cols: b.cols };
  const sd = await loadSaddle();
  let line: string, result: Record<string, unknown>;
  switch (kind) {
    case 'fid': {
      const r = metrics.fid(sd, x, y);
      result = { fid: r.distance, rankDeficient: r.rankDeficient, warnings: r.warnings };
      line = `FID ${r.distance}${r.warnings?.length ? ` (${r.warnings.join('; ')})` : ''}`;
      break;
    }
    case 'kid': {
      const r = metrics.kid(sd, x, y, {
        protocol: (o.protocol as 'torch-fidelity' | 'clean-fid' | 'full' | undefined) ?? 'torch-fidelity',
        subsets: number(o, 'subsets'), subsetSize: number(o, 'subset-size'), seed: number(o, 'seed', 0),
      });
      result = { kidMean: r.mean, kidStd: r.std };
      line = `KID ${r.mean} ± ${r.std}`;
      break;
    }
    case 'mmd': {
      const kernelKind = (o.kernel as string | undefined) ?? 'rbf';
      const bandwidth = o.bandwidth === undefined || o.bandwidth === 'median' ? 'median' : number(o, 'bandwidth');
      const kernel = (kernelKind === 'rbf' || kernelKind === 'laplacian' ? { kind: kernelKind, bandwidth } : { kind: kernelKind }) as never;
      const r = metrics.mmd(sd, x, y, { kernel, estimator: (o.estimator as never) ?? 'unbiased' });
      result = { mmd2: r.mmd2 };
      line = `MMD² ${r.mmd2}`;
      break;
    }
    default: {
      const eps = number(o, 'eps');
      if (eps === undefined) throw new UsageError('metrics sinkhorn needs --eps (entropic regularization, in units of the cost)');
      const opts = { eps, cost: (o.cost as never) ?? 'sqeuclidean', dim: a.cols };
      if (o.raw) {
        const r = metrics.sinkhorn(sd, a.values, b.values, opts);
        result = { cost: r.cost, objective: r.objective, dual: r.dual, converged: r.converged, iterations: r.iterations };
        line = `OT_ε: transport cost ${r.cost}, dual ${r.dual} (${r.converged ? 'converged' : 'NOT converged'} in ${r.iterations} iterations)`;
      } else {
        const r = metrics.sinkhornDivergence(sd, a.values, b.values, opts);
        result = { sinkhornDivergence: r.divergence, converged: r.converged };
        line = `Sinkhorn divergence S_ε ${r.divergence}${r.converged ? '' : ' (NOT converged)'}`;
      }
    }
  }
  console.log(o.json ? JSON.stringify({ metric: kind, a: pathA, b: pathB, rowsA: a.rows, rowsB: b.rows, dim: a.cols, ...result }) : line);
}
