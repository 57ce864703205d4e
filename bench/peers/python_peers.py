#!/usr/bin/env python3
"""Python peers of saddle's metrics, for bench/python-peers.bench.ts: POT (Python Optimal
Transport, the real package) and scipy. Run with Debian's /usr/bin/python3 and one BLAS
thread (OPENBLAS_NUM_THREADS=1 ...), as saddle uses one core.

  points N DIR        : writes DIR/x.npy and DIR/y.npy, two 2-D clouds of N points (seeded)
  features N D X Y    : two N x D feature sets with a rank-64 structure (seeded)
  serve               : reads one JSON command per line on stdin, answers one JSON line each,
                        so the bench can interleave Python runs with saddle's:
      {"cmd": "load", "x": path, "y": path}
      {"cmd": "sinkhorn", "method": "sinkhorn" | "sinkhorn_log", "reg": r, "stopThr": t, "numItermax": k}
          POT's ot.sinkhorn(a, b, M, reg, method=...) with uniform weights and
          M = ot.dist(x, y) (squared Euclidean); the time covers ot.dist and the solve.
          POT's stopping rule: every 10 iterations, ||G^T 1 - b||_2 < stopThr.
          The answer carries the plan's L1 marginal errors ||G 1 - a||_1, ||G^T 1 - b||_1
          (measured after the clock stops) and <G, M>.
      {"cmd": "emd2"}  : exact OT, ot.emd2(a, b, M) (network simplex), time incl. ot.dist
      {"cmd": "fid", "x": path, "y": path}
          pytorch-fid's path: np.mean, np.cov(rowvar=False), scipy.linalg.sqrtm(s1 @ s2), trace.
      {"cmd": "fid_eigvalsh", "x": path, "y": path}
          the same with Cholesky s1 = L L^T and scipy.linalg.eigvalsh(L^T s2 L) (clamped at 0).
      {"cmd": "versions"}
"""
import json
import sys
import time

import numpy as np


def marginal_errors(G, a, b):
    return float(np.abs(G.sum(1) - a).sum()), float(np.abs(G.sum(0) - b).sum())


class Peer:
    def __init__(self):
        self.x = self.y = None

    def load(self, c):
        self.x, self.y = np.load(c['x']), np.load(c['y'])
        return {'n': len(self.x), 'm': len(self.y)}

    def weights(self):
        return np.full(len(self.x), 1.0 / len(self.x)), np.full(len(self.y), 1.0 / len(self.y))

    def sinkhorn(self, c):
        import ot
        a, b = self.weights()
        t0 = time.perf_counter()
        M = ot.dist(self.x, self.y)
        G, log = ot.sinkhorn(a, b, M, c['reg'], method=c['method'], stopThr=c['stopThr'],
                             numItermax=c['numItermax'], log=True, warn=False)
        seconds = time.perf_counter() - t0
        row, col = marginal_errors(G, a, b)
        finite = bool(np.isfinite(G).all())
        return {'seconds': seconds, 'iterations': int(log['niter']) + 1, 'rowL1': row, 'colL1': col,
                'cost': float((G * M).sum()) if finite else None, 'finite': finite}

    def emd2(self, c):
        import ot
        a, b = self.weights()
        t0 = time.perf_counter()
        M = ot.dist(self.x, self.y)
        cost = float(ot.emd2(a, b, M, numItermax=10_000_000))
        return {'seconds': time.perf_counter() - t0, 'cost': cost}

    def fid(self, c):
        from scipy import linalg
        x, y = np.load(c['x']), np.load(c['y'])
        t0 = time.perf_counter()
        mu1, mu2 = x.mean(0), y.mean(0)
        s1, s2 = np.cov(x, rowvar=False), np.cov(y, rowvar=False)
        covmean = linalg.sqrtm(s1.dot(s2)).real
        fid = float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))
        return {'seconds': time.perf_counter() - t0, 'fid': fid}

    def fid_eigvalsh(self, c):
        # the fastest scipy formulation we know: Tr sqrt(S1 S2) = sum sqrt(eig(L^T S2 L)), S1 = L L^T
        from scipy import linalg
        x, y = np.load(c['x']), np.load(c['y'])
        t0 = time.perf_counter()
        mu1, mu2 = x.mean(0), y.mean(0)
        s1, s2 = np.cov(x, rowvar=False), np.cov(y, rowvar=False)
        L = linalg.cholesky(s1, lower=True)
        ev = linalg.eigvalsh(L.T @ s2 @ L)
        fid = float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.sqrt(np.clip(ev, 0, None)).sum())
        return {'seconds': time.perf_counter() - t0, 'fid': fid}

    def versions(self, c):
        import ot
        import scipy
        return {'python': sys.version.split()[0], 'pot': ot.__version__, 'scipy': scipy.__version__, 'numpy': np.__version__}


def serve():
    peer = Peer()
    for line in sys.stdin:
        if not line.strip():
            continue
        c = json.loads(line)
        try:
            out = getattr(peer, c['cmd'])(c)
        except Exception as e:  # reported to the bench, which fails with it
            out = {'error': f'{type(e).__name__}: {e}'}
        sys.stdout.write(json.dumps(out) + '\n')
        sys.stdout.flush()


def main():
    kind = sys.argv[1]
    if kind == 'points':
        n, folder = int(sys.argv[2]), sys.argv[3]
        rng = np.random.default_rng(7)
        np.save(f'{folder}/x.npy', rng.standard_normal((n, 2)) * 0.3 + rng.integers(0, 3, (n, 1)) * 0.5)
        np.save(f'{folder}/y.npy', rng.standard_normal((n, 2)) * 0.3 + 0.2)
    elif kind == 'features':
        n, d, path_x, path_y = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
        rng = np.random.default_rng(20261121)
        basis = rng.standard_normal((64, d)) / 8
        for path, shift in ((path_x, 0.0), (path_y, 0.05)):
            np.save(path, rng.standard_normal((n, d)) + rng.standard_normal((n, 64)) @ basis + shift)
    elif kind == 'serve':
        serve()
    else:
        raise SystemExit(f'unknown kind {kind}')


if __name__ == '__main__':
    main()
