#!/usr/bin/env python3
"""The Python reference paths saddle's metrics are measured against (bench/python-peers.bench.ts).

  points N DIR     : writes DIR/x.npy and DIR/y.npy, two 2-D clouds of N points (seeded)
  sinkhorn DIR REG : a log-domain Sinkhorn written the way POT's ot.sinkhorn_log is
                     (alternating logsumexp updates of u and v over -M/reg, marginal error
                     ||G.sum(0) - b||_2 checked every 10 iterations, numItermax 1000,
                     stopThr 1e-9); squared Euclidean cost, uniform weights.
  fid X.npy Y.npy  : pytorch-fid's path: np.mean, np.cov(rowvar=False), then
                     scipy.linalg.sqrtm(sigma1 @ sigma2) and its trace.
Prints one JSON line with the timings (s) and values. Run with OPENBLAS_NUM_THREADS=1 etc.
for one BLAS thread, as saddle uses one core.
"""
import json
import sys
import time

import numpy as np
from scipy import linalg
from scipy.special import logsumexp


def sinkhorn_log(x, y, reg, num_iter_max=1000, stop_thr=1e-9):
    n, m = len(x), len(y)
    a, b = np.full(n, 1.0 / n), np.full(m, 1.0 / m)
    M = ((x[:, None, :] - y[None, :, :]) ** 2).sum(-1)
    Mr = -M / reg
    u, v = np.zeros(n), np.zeros(m)
    loga, logb = np.log(a), np.log(b)
    it = 0
    for it in range(num_iter_max):
        v = logb - logsumexp(Mr + u[:, None], 0)
        u = loga - logsumexp(Mr + v[None, :], 1)
        if it % 10 == 0:
            G = np.exp(Mr + u[:, None] + v[None, :])
            err = np.linalg.norm(G.sum(0) - b)
            if err < stop_thr:
                break
    G = np.exp(Mr + u[:, None] + v[None, :])
    return float((G * M).sum()), it + 1


def main():
    kind = sys.argv[1]
    if kind == 'points':
        n, folder = int(sys.argv[2]), sys.argv[3]
        rng = np.random.default_rng(7)
        np.save(f'{folder}/x.npy', rng.standard_normal((n, 2)) * 0.3 + rng.integers(0, 3, (n, 1)) * 0.5)
        np.save(f'{folder}/y.npy', rng.standard_normal((n, 2)) * 0.3 + 0.2)
    elif kind == 'sinkhorn':
        folder, reg = sys.argv[2], float(sys.argv[3])
        x, y = np.load(f'{folder}/x.npy'), np.load(f'{folder}/y.npy')
        t0 = time.perf_counter()
        cost, iterations = sinkhorn_log(x, y, reg)
        seconds = time.perf_counter() - t0
        print(json.dumps({'seconds': seconds, 'iterations': iterations, 'cost': cost}))
    elif kind == 'fid':
        x, y = np.load(sys.argv[2]), np.load(sys.argv[3])
        t0 = time.perf_counter()
        mu1, mu2 = x.mean(0), y.mean(0)
        s1, s2 = np.cov(x, rowvar=False), np.cov(y, rowvar=False)
        t1 = time.perf_counter()
        covmean = linalg.sqrtm(s1.dot(s2))
        covmean = covmean.real
        fid = float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))
        t2 = time.perf_counter()
        print(json.dumps({'statistics': t1 - t0, 'trace': t2 - t1, 'seconds': t2 - t0, 'fid': fid}))
    elif kind == 'features':
        # deterministic features with structure: N(0, I) plus a rank-64 component
        n, d, path_x, path_y = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
        rng = np.random.default_rng(20261121)
        basis = rng.standard_normal((64, d)) / 8
        for path, shift in ((path_x, 0.0), (path_y, 0.05)):
            z = rng.standard_normal((n, d)) + rng.standard_normal((n, 64)) @ basis + shift
            np.save(path, z)
    else:
        raise SystemExit(f'unknown kind {kind}')


if __name__ == '__main__':
    main()
