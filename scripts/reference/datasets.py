#!/usr/bin/env python3
"""Independent reference for bindings/gan/datasets/presets.ts: each preset's parameters restated
from its source, and the exact moments of the non-mixture presets.

It writes tests/fixtures/datasets.json with

  mixtures: for every mixture preset, the component centres, per-axis standard deviations
            and weights, computed with the same expressions as the source file (numpy/math
            in f64), so tests/gan/datasets/presets.test.ts can check the TypeScript centres;
  moments:  for the curve presets (swissroll, moons, spiral, ganlab-line, ganlab-ring), the
            exact first and second moments E[x], E[x x^T] of the distribution, by
            Gauss-Legendre quadrature over the curve parameter (the noise adds its variance
            to the diagonal), so the tests can check the empirical moments of a large draw.

It checks formulas, not RNG bits: saddle draws from its own Philox stream.

Sources (restated, not copied):
  igul222/improved_wgan_training gan_toy.py       8gaussians, 25gaussians, swissroll
  fjxmlzn/PacGAN synthetic_data_experiments/      2DRing_GAN&PacGAN/config.py (ring-8),
                                                  2DGrid_GAN&PacGAN/config.py (grid-25),
                                                  PacGAN/pacgan/datasets.py (VEEGAN1200DPackingMixture)
  IshmaelBelghazi/ALI ali/datasets.py             GaussianMixtureDistribution (priors None -> uniform,
                                                  x = mean + cholesky(variance) . N(0, I))
  radarsat1/latentspace veegan_normal_mixture_keras.py  (port of akashgit/VEEGAN VEEGAN_2D_RING.ipynb) veegan-grid
  poolio/unrolled_gan "Unrolled GAN demo.ipynb"   sample_mog defaults std=0.01, radius=1.0 (veegan-ring)
  poloclub/ganlab src/ganlab.ts                   sampleFromTrueDistribution: line, gaussians, ring, disjoint
  scikit-learn sklearn/datasets/_samples_generator.py  make_moons, make_swiss_roll

Usage: python3 scripts/reference/datasets.py   (from the repository root)
"""

import itertools
import json
import math
import os

import numpy as np


def wgan_8gaussians():
    # gan_toy.py: scale = 2.; centers in this order; point = randn(2)*.02 + center; dataset /= 1.414
    scale = 2.0
    s = 1.0 / np.sqrt(2)
    unit = [(1, 0), (-1, 0), (0, 1), (0, -1), (s, s), (s, -s), (-s, s), (-s, -s)]
    centers = [(scale * x, scale * y) for x, y in unit]
    return {
        "centres": [[x / 1.414, y / 1.414] for x, y in centers],
        "std": [[0.02 / 1.414] * 2 for _ in centers],
        "weights": [1 / 8] * 8,
    }


def wgan_25gaussians():
    # gan_toy.py: for x in -2..2, for y in -2..2: randn(2)*0.05 + (2x, 2y); 4000 each; dataset /= 2.828
    centres = [[(2 * x) / 2.828, (2 * y) / 2.828] for x in range(-2, 3) for y in range(-2, 3)]
    return {"centres": centres, "std": [[0.05 / 2.828] * 2 for _ in centres], "weights": [1 / 25] * 25}


def pacgan_ring():
    # 2DRing_GAN&PacGAN/config.py: MEANS = [cos(id*pi*2/8), sin(id*pi*2/8)], VARIANCES = 0.01**2 * I, priors None
    centres = [[math.cos(k * np.pi * 2 / 8), math.sin(k * np.pi * 2 / 8)] for k in range(8)]
    return {"centres": centres, "std": [[math.sqrt(0.01 ** 2)] * 2 for _ in centres], "weights": [1 / 8] * 8}


def pacgan_grid():
    # 2DGrid_GAN&PacGAN/config.py: MEANS = product(range(-4, 5, 2), range(-4, 5, 2)), VARIANCES = 0.05**2 * I
    centres = [[float(i), float(j)] for i, j in itertools.product(range(-4, 5, 2), range(-4, 5, 2))]
    return {"centres": centres, "std": [[math.sqrt(0.05 ** 2)] * 2 for _ in centres], "weights": [1 / 25] * 25}


def veegan_grid():
    # VEEGAN notebook create_distribution (as ported): mus = product(range(-4, 5, 2))^2, MultivariateNormalDiag scale s = 0.05
    centres = [[float(i), float(j)] for i, j in itertools.product(range(-4, 5, 2), range(-4, 5, 2))]
    return {"centres": centres, "std": [[0.05, 0.05] for _ in centres], "weights": [1 / 25] * 25}


def veegan_1200d():
    # PacGAN datasets.py VEEGAN1200DPackingMixture: features[:, 0:700] = N(0, 1); labels = randint(0, 10);
    # features += MEANS[label] on all 1200 coordinates
    return {"means": [-1, -0.5, 0, 0.5, -2, -2.5, 10, 0.25, -13, -5.5], "dim": 1200, "manifold": 700, "weights": [0.1] * 10}


def ganlab_gaussians():
    # ganlab.ts 'gaussians': rand < 0.5 -> (0.3 + 0.1 n, 0.7 + 0.1 n) else (0.7 + 0.05 n, 0.4 + 0.2 n)
    return {"centres": [[0.3, 0.7], [0.7, 0.4]], "std": [[0.1, 0.1], [0.05, 0.2]], "weights": [0.5, 0.5]}


def ganlab_disjoint():
    # ganlab.ts 'disjoint': stdev = 0.025; rand < 0.333, < 0.666, else
    return {
        "centres": [[0.35, 0.75], [0.75, 0.6], [0.45, 0.35]],
        "std": [[0.025, 0.025]] * 3,
        "weights": [0.333, 0.666 - 0.333, 1 - 0.666],
    }


# ---- moments of the curve presets: point = f(u) + noise * N(0, I), u ~ U(0, 1) ----

NODES, QW = np.polynomial.legendre.leggauss(4000)


def moments(f, noise, pieces=64):
    """E[x] and E[x x^T] for x = f(u) + noise * z, u ~ U(0, 1), by composite Gauss-Legendre on [0, 1]."""
    m1 = np.zeros(2)
    m2 = np.zeros((2, 2))
    for p in range(pieces):
        a, b = p / pieces, (p + 1) / pieces
        u = 0.5 * (b - a) * NODES + 0.5 * (a + b)
        w = 0.5 * (b - a) * QW
        x, y = f(u)
        m1 += [np.sum(w * x), np.sum(w * y)]
        m2 += [[np.sum(w * x * x), np.sum(w * x * y)], [np.sum(w * x * y), np.sum(w * y * y)]]
    m2 += noise ** 2 * np.eye(2)
    return {"mean": m1.tolist(), "second": m2.tolist()}


def mix(parts):
    """Moments of an equal-weight mixture of curve moments."""
    mean = np.mean([p["mean"] for p in parts], axis=0)
    second = np.mean([p["second"] for p in parts], axis=0)
    return {"mean": mean.tolist(), "second": second.tolist()}


def swissroll(noise=0.25):
    # make_swiss_roll: t = 1.5 pi (1 + 2u); (x, z) = (t cos t, t sin t) + noise N; gan_toy.py: [:, [0, 2]] / 7.5
    def f(u):
        t = 1.5 * np.pi * (1 + 2 * u)
        return t * np.cos(t) / 7.5, t * np.sin(t) / 7.5
    return moments(f, noise / 7.5)


def moons(noise=0.1):
    # make_moons: outer (cos a, sin a), inner (1 - cos a, 1 - sin a - 0.5), a in [0, pi]; half the rows each
    outer = moments(lambda u: (np.cos(np.pi * u), np.sin(np.pi * u)), noise)
    inner = moments(lambda u: (1 - np.cos(np.pi * u), 1 - np.sin(np.pi * u) - 0.5), noise)
    return mix([outer, inner])


def spiral(noise=0.05, turns=1.5):
    # saddle's spiral: theta = sqrt(u) 2 pi turns, rho = theta / (2 pi turns); arm 1 = -arm 0; half the rows each
    span = 2 * np.pi * turns

    def arm(sign):
        def f(u):
            theta = np.sqrt(u) * span
            rho = sign * theta / span
            return rho * np.cos(theta), rho * np.sin(theta)
        return f
    return mix([moments(arm(1), noise), moments(arm(-1), noise)])


def ganlab_line():
    return moments(lambda u: (0.8 - 0.75 * u, 0.6 + 0.3 * u), 0.01)


def ganlab_ring():
    return moments(lambda u: (0.5 + 0.3 * np.cos(u * np.pi * 2), 0.45 + 0.25 * np.sin(u * np.pi * 2)), 0.025)


def compact(value, depth=0):
    """JSON with one line per leaf entry (arrays of numbers stay on one line)."""
    if isinstance(value, dict) and depth < 2:
        pad = " " * (depth + 1)
        items = [f'{pad}{json.dumps(k)}: {compact(v, depth + 1)}' for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * depth + "}"
    return json.dumps(value)


def main():
    # closed forms the quadrature must reproduce
    m = moons()
    assert abs(m["mean"][0] - 0.5) < 1e-12 and abs(m["mean"][1] - 0.25) < 1e-12
    r = ganlab_ring()
    assert abs(r["second"][0][0] - (0.5 ** 2 + 0.3 ** 2 / 2 + 0.025 ** 2)) < 1e-12
    s = swissroll()
    assert abs(s["mean"][0] - 2 / 7.5) < 1e-12  # E[t cos t] = [t sin t + cos t] from 1.5 pi to 4.5 pi, / (3 pi) = 6 pi / (3 pi) = 2

    fixture = {
        "generated_by": "scripts/reference/datasets.py",
        "mixtures": {
            "8gaussians": wgan_8gaussians(),
            "25gaussians": wgan_25gaussians(),
            "ring-8": pacgan_ring(),
            "grid-25": pacgan_grid(),
            "veegan-ring": pacgan_ring(),
            "veegan-grid": veegan_grid(),
            "ganlab-gaussians": ganlab_gaussians(),
            "ganlab-disjoint": ganlab_disjoint(),
        },
        "veegan-1200d": veegan_1200d(),
        "moments": {
            "swissroll": swissroll(),
            "moons": moons(),
            "spiral": spiral(),
            "ganlab-line": ganlab_line(),
            "ganlab-ring": ganlab_ring(),
        },
    }
    out = os.path.join("tests", "fixtures", "datasets.json")
    with open(out, "w") as f:
        f.write(compact(fixture) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
