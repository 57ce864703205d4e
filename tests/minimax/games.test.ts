// Dirac-GAN Jacobian eigenvalues of every variant against Mescheder et al. 2018's closed
// forms; the other games' fields against hand derivations; finite differences of the field.
// Graph constants and scalar factors (γ, σ, quadrature nodes) are stored as f32, so closed
// forms in f64 agree to float32 tolerance (6 digits).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { minimax, graph, type Saddle } from '../../bindings/index.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';

const sortPairs = (pairs: Array<[number, number]>) => pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);

/** Roots of μ² − tμ + d (a 2×2 matrix's eigenvalues from trace and determinant). */
function roots2(t: number, d: number): Array<[number, number]> {
  const disc = t * t / 4 - d;
  return disc >= 0 ? sortPairs([[t / 2 - Math.sqrt(disc), 0], [t / 2 + Math.sqrt(disc), 0]]) : sortPairs([[t / 2, -Math.sqrt(-disc)], [t / 2, Math.sqrt(-disc)]]);
}

function expectEigen(sd: Saddle, J: Float64Array, n: number, want: Array<[number, number]>, digits = 6) {
  const { re, im } = minimax.eigenvalues(sd, J, n);
  const got = sortPairs(Array.from(re, (r, i) => [r, im[i]] as [number, number]));
  sortPairs(want).forEach(([r, i], k) => {
    expect(got[k][0]).toBeCloseTo(r, digits);
    expect(got[k][1]).toBeCloseTo(i, digits);
  });
}

for (const build of BUILDS) {
  describe(`minimax games (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    test('Dirac-GAN, standard and non-saturating: ±i f′(0), f′(0) = 1/2', () => {
      for (const variant of ['standard', 'nonSaturating'] as const) {
        const game = minimax.diracGan({ variant });
        const J = minimax.jacobian(game, [0, 0]);
        expect(Array.from(J)).toEqual([0, -0.5, 0.5, 0].map((v) => expect.closeTo(v, 12)));
        expectEigen(sd, J, 2, [[0, -0.5], [0, 0.5]]);
      }
    });

    test('Dirac-GAN, WGAN: ±i (f(t) = t)', () => {
      expectEigen(sd, minimax.jacobian(minimax.diracGan({ variant: 'wgan' }), [0, 0]), 2, [[0, -1], [0, 1]]);
    });

    test('Dirac-GAN, R1 and R2: −γ/2 ± √(γ²/4 − f′(0)²) for γ below, at and above 2f′(0)', () => {
      for (const variant of ['r1', 'r2'] as const) {
        for (const gamma of [0.1, 0.3, 1, 1, 4]) {
          const J = minimax.jacobian(minimax.diracGan({ variant, gamma }), [0, 0]);
          expect(J[3]).toBeCloseTo(-gamma, 6);
          const disc = gamma * gamma / 4 - 0.25;
          const want: Array<[number, number]> = disc >= 0
            ? [[-gamma / 2 - Math.sqrt(disc), 0], [-gamma / 2 + Math.sqrt(disc), 0]]
            : [[-gamma / 2, -Math.sqrt(-disc)], [-gamma / 2, Math.sqrt(-disc)]];
          expectEigen(sd, J, 2, want);
        }
      }
    });

    test('Dirac-GAN, instance noise: f″(0)σ² ± √(f″(0)²σ⁴ − f′(0)²), f″(0) = −1/4', () => {
      for (const sigma of [0.5, 1, 1.5, 2]) {
        const J = minimax.jacobian(minimax.diracGan({ variant: 'instanceNoise', sigma }), [0, 0]);
        const a = -0.25 * sigma * sigma, disc = a * a - 0.25;
        const want: Array<[number, number]> = disc >= 0 ? [[a - Math.sqrt(disc), 0], [a + Math.sqrt(disc), 0]] : [[a, -Math.sqrt(-disc)], [a, Math.sqrt(-disc)]];
        expectEigen(sd, J, 2, want);
      }
    });

    test('Dirac-GAN, consensus: −γf′(0)² ± i f′(0)', () => {
      for (const gamma of [0.5, 1, 3]) {
        const J = minimax.jacobian(minimax.diracGan({ variant: 'consensus', gamma }), [0, 0]);
        expectEigen(sd, J, 2, [[-gamma / 4, -0.5], [-gamma / 4, 0.5]]);
      }
    });

    test('Dirac-GAN, WGAN-GP: away from ψ = 0, J = [[0, −1], [1, −γ]]; the field pushes ψ off 0', () => {
      const gamma = 0.7;
      const game = minimax.diracGan({ variant: 'wganGp', gamma });
      expectEigen(sd, minimax.jacobian(game, [0.1, 0.3]), 2, roots2(-gamma, 1));
      // v_ψ = θ − γ(|ψ| − 1)·sign(ψ): +γ just above ψ = 0 at θ = 0
      expect(minimax.vectorField(game, [0, 1e-3])[1]).toBeCloseTo(gamma * (1 - 1e-3), 6);
    });

    test('field and Jacobian agree with central finite differences (every variant, off-equilibrium)', () => {
      const variants: minimax.DiracVariant[] = ['standard', 'nonSaturating', 'wgan', 'wganGp', 'instanceNoise', 'r1', 'r2', 'consensus'];
      for (const variant of variants) {
        const game = minimax.diracGan({ variant, gamma: 0.8, sigma: 0.7 });
        const z = [0.4, -0.3], h = 1e-6;
        const J = minimax.jacobian(game, z);
        for (let j = 0; j < 2; j++) {
          const zp = z.slice(), zm = z.slice();
          zp[j] += h; zm[j] -= h;
          const vp = minimax.vectorField(game, zp), vm = minimax.vectorField(game, zm);
          for (let i = 0; i < 2; i++) expect(J[i * 2 + j], `${variant} J[${i}][${j}]`).toBeCloseTo((vp[i] - vm[i]) / (2 * h), 6);
        }
      }
    });

    test('bilinear: v = (−(Ay + b), Aᵀx + c), J = [[0, −A], [Aᵀ, 0]]', () => {
      const A = [[1, 2], [0, -1], [3, 1]];
      const game = minimax.bilinear({ A, b: [1, 0, -1], c: [0.5, 2] });
      const z = [0.1, 0.2, 0.3, -1, 2];
      const v = minimax.vectorField(game, z);
      const x = z.slice(0, 3), y = z.slice(3);
      expect(v[0]).toBeCloseTo(-(1 * y[0] + 2 * y[1] + 1), 12);
      expect(v[3]).toBeCloseTo(x[0] + 3 * x[2] + 0.5, 12);
      const J = minimax.jacobian(game, z);
      expect(J[0 * 5 + 3]).toBe(-1);
      expect(J[4 * 5 + 2]).toBe(1);
      expect(J[0]).toBeCloseTo(0, 12);
    });

    test('quadratic and nonconvex–concave: J = [[−P, −A], [Aᵀ, −Q]]; κ threshold of τ-GDA flows', () => {
      const game = minimax.nonconvexConcave({ kappa: 4 });
      const { mu, b } = game.info as { mu: number; b: number };
      expect(Array.from(minimax.jacobian(game, [0, 0]))).toEqual([1, -b, b, -mu].map((v) => expect.closeTo(v, 6)));
    });

    test('user games: two losses over parameter sets, and zeroSum', () => {
      const g = new graph.Graph();
      const x = graph.param(g, [1, 1], { kind: 'values', values: [2] });
      const y = graph.param(g, [1, 1], { kind: 'values', values: [-1] });
      const L = graph.add(graph.mul(x, y), graph.mul(graph.square(x), 0.5));
      const game = minimax.zeroSum({ x: [x], y: [y], loss: L });
      expect(game.start).toEqual([2, -1]);
      expect(Array.from(minimax.vectorField(game, [2, -1]))).toEqual([-(-1 + 2), 2]);
      expect(argumentError(() => minimax.game({ x: [], y: [y], lossX: L, lossY: L })).argument).toBe('x');
      expect(argumentError(() => minimax.diracGan({ variant: 'lsgan' as never })).argument).toBe('options.variant');
      expect(argumentError(() => minimax.bilinear({ A: [[1, 2], [3]] })).argument).toBe('options.A[1]');
    });

    test('entropic OT between Gaussians: the closed form matches log-domain Sinkhorn (numpy fixture)', () => {
      const fixture = JSON.parse(readFileSync(new URL('../fixtures/minimax/entropic.json', import.meta.url), 'utf8')) as { cases: Array<{ varA: number; varB: number; eps: number; ot: number }> };
      for (const c of fixture.cases) {
        const g = new graph.Graph();
        const s = graph.input(g, [1, 1]);
        const ot = minimax.entropicGaussianOT(s, graph.constant(g, [c.varB], [1, 1]), c.eps);
        expect(graph.evaluate([ot], new Map([[s, [c.varA]]]))[0][0]).toBeCloseTo(c.ot, 6);
      }
      // the game's gradient vanishes at the shrunk variances b − ε/2 (plain) and at b (debiased)
      const plain = minimax.entropicGaussian({ target: [1, 3], eps: 1 });
      expect(Array.from(minimax.vectorField(plain, plain.equilibrium!)).map((v) => Math.abs(v) < 1e-6)).toEqual([true, true]);
      const debiased = minimax.entropicGaussian({ target: [1, 3], eps: 1, debiased: true });
      expect(debiased.equilibrium).toEqual([1, Math.sqrt(3)]);
      expect(Array.from(minimax.vectorField(debiased, debiased.equilibrium!)).map((v) => Math.abs(v) < 1e-6)).toEqual([true, true]);
      expect(argumentError(() => minimax.entropicGaussian({ target: [1, -1], eps: 1 })).argument).toBe('options.target');
    });

    test('isolated points: the field at α = 0 is the kernel mean difference; matched points are stationary', () => {
      const sigma = 0.7;
      const game = minimax.isolatedPoints({ real: [-3, 3], fake: [-2, 3.5], sigma, centers: { low: -1, high: 1, count: 3 } });
      const v = minimax.vectorField(game, [-2, 3.5, 0, 0, 0]);
      const k = (a: number, c: number) => Math.exp(-((a - c) ** 2) / (2 * sigma * sigma));
      // y = α ascends L: v_α = ∂L/∂α − λα = mean k(r, c) − mean k(y, c)
      [-1, 0, 1].forEach((c, m) => expect(v[2 + m]).toBeCloseTo((k(-3, c) + k(3, c)) / 2 - (k(-2, c) + k(3.5, c)) / 2, 6));
      expect(Math.abs(v[0])).toBe(0); // no discriminator yet: no force on the generated points
      const at = minimax.vectorField(game, game.equilibrium!);
      for (const x of at) expect(Math.abs(x)).toBeLessThan(1e-6);
      expect(argumentError(() => minimax.isolatedPoints({ real: [], fake: [1], sigma: 1 })).argument).toBe('options.real');
      expect(argumentError(() => minimax.isolatedPoints({ real: [1], fake: [1], sigma: 0 })).argument).toBe('options.sigma');
    });

    test('orthogonal modes: the field against its hand derivation; covered assignments are stationary', () => {
      const scales = [1, 0.5], lambda = 0.3;
      const W = [[0.2, 0.1], [0.3, -0.4]], V = [[0.5, -0.2], [0.1, 0.6]];
      const game = minimax.orthogonalModes({ scales, generator: W, discriminator: V, lambda });
      expect(game.start).toEqual([...W.flat(), ...V.flat()]);
      const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
      const modes = scales.map((g, k) => scales.map((_, c) => (c === k ? g : 0)));
      // x = wᵢ descends −(1/m_G) Σⱼ⟨vⱼ,wᵢ⟩³: v_w = (3/m_G) Σⱼ ⟨vⱼ,wᵢ⟩² vⱼ
      // y = vⱼ descends −L + (λ/4)‖vⱼ‖⁴: v_v = 3(meanₖ⟨vⱼ,γₖeₖ⟩²γₖeₖ − meanᵢ⟨vⱼ,wᵢ⟩²wᵢ) − λ‖vⱼ‖²vⱼ
      const want: number[] = [];
      for (const w of W) for (let c = 0; c < 2; c++) want.push((3 / W.length) * V.reduce((s, v) => s + dot(v, w) ** 2 * v[c], 0));
      for (const v of V) for (let c = 0; c < 2; c++) {
        const real = modes.reduce((s, x) => s + dot(v, x) ** 2 * x[c], 0) / modes.length;
        const fake = W.reduce((s, w) => s + dot(v, w) ** 2 * w[c], 0) / W.length;
        want.push(3 * (real - fake) - lambda * dot(v, v) * v[c]);
      }
      const got = minimax.vectorField(game, game.start);
      want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 6));
      // each neuron on its own mode, v = 0: stationary, and both modes covered
      const matched = [1, 0, 0, 0.5, 0, 0, 0, 0];
      for (const v of minimax.vectorField(game, matched)) expect(Math.abs(v)).toBeLessThan(1e-7);
      expect(game.coverage(matched)).toEqual([0, 1]);
      // both neurons on mode 0 (collapse), a neuron too short for mode 1, a neuron off-axis
      expect(game.coverage([1, 0, 0.9, 0.1, 0, 0, 0, 0])).toEqual([0]);
      expect(game.coverage([1, 0, 0, 0.2, 0, 0, 0, 0])).toEqual([0]);
      expect(game.coverage([0.7, 0.7, 0, 0.5, 0, 0, 0, 0])).toEqual([1]);
      expect(argumentError(() => game.coverage([1, 2])).argument).toBe('z');
      expect(argumentError(() => minimax.orthogonalModes({ scales: [1, 0], generator: W, discriminator: V })).argument).toBe('scales[1]');
      expect(argumentError(() => minimax.orthogonalModes({ scales, generator: [[1, 2, 3]], discriminator: V })).argument).toBe('generator[0]');
      expect(argumentError(() => minimax.orthogonalModes({ scales, generator: W, discriminator: [] })).argument).toBe('options.discriminator');
      expect(argumentError(() => minimax.orthogonalModes({ scales, generator: W, discriminator: V, lambda: -1 })).argument).toBe('options.lambda');
    });

    test('every game refuses unknown keys (with the nearest one), non-finite numbers and out-of-range values by name', () => {
      const W = [[1, 0], [0, 1]], V = [[0.1, 0.1]];
      const cases: Array<[() => unknown, string, RegExp?]> = [
        [() => minimax.bilinear({ A: [[1]], strat: [1, 1] } as never), 'options.strat', /did you mean 'start'\?/],
        [() => minimax.bilinear({ A: [[1]], start: [1, NaN] }), 'options.start', /NaN at index 1/],
        [() => minimax.bilinear({ A: [[1, Infinity]] }), 'options.A[0]', /Infinity at index 1/],
        [() => minimax.bilinear({ A: [[1]], b: [1e39] }), 'options.b', /f32 range/],
        [() => minimax.bilinear({ A: [] }), 'options.A'],
        [() => minimax.bilinear(null as never), 'options'],
        [() => minimax.quadratic({ P: [[1]], A: [[1]], Q: [[1]], R: [[1]] } as never), 'options.R', /one of the known fields \(P, A, Q, start\)/],
        [() => minimax.quadratic({ P: [[NaN]], A: [[1]], Q: [[1]] }), 'options.P[0]'],
        [() => minimax.nonconvexConcave({ kappa: 0.5 }), 'options.kappa', /a finite number >= 1/],
        [() => minimax.nonconvexConcave({ kappa: Infinity }), 'options.kappa'],
        [() => minimax.nonconvexConcave({ kappa: 2, ell: 0 }), 'options.ell'],
        [() => minimax.nonconvexConcave({ kappa: 2, kapa: 3 } as never), 'options.kapa', /did you mean 'kappa'\?/],
        [() => minimax.diracGan({ variant: 'r1', gama: 2 } as never), 'options.gama', /did you mean 'gamma'\?/],
        [() => minimax.diracGan({ variant: 'nonsaturating' as never }), 'options.variant', /did you mean 'nonSaturating'\?/],
        [() => minimax.diracGan({ variant: 'r1', gamma: NaN }), 'options.gamma'],
        [() => minimax.diracGan({ variant: 'instanceNoise', sigma: -1 }), 'options.sigma'],
        [() => minimax.diracGan({ variant: 'wganGp', target: Infinity }), 'options.target'],
        [() => minimax.diracGan({ variant: 'instanceNoise', quadrature: 1 }), 'options.quadrature', /an integer in \[2, 256\]/],
        [() => minimax.diracGan({ variant: 'instanceNoise', quadrature: 257 }), 'options.quadrature'],
        [() => minimax.diracGan({ variant: 'instanceNoise', quadrature: 8.5 }), 'options.quadrature'],
        [() => minimax.diracGan({ variant: 'standard', start: [1] as never }), 'options.start', /2 numbers/],
        [() => minimax.entropicGaussian({ target: [1], eps: 0 }), 'options.eps'],
        [() => minimax.entropicGaussian({ target: [1], eps: 1, debiased: 1 as never }), 'options.debiased', /true or false/],
        [() => minimax.entropicGaussian({ target: [1], eps: 1, epsilon: 1 } as never), 'options.epsilon'],
        [() => minimax.isolatedPoints({ real: [1], fake: [NaN], sigma: 1 }), 'options.fake'],
        [() => minimax.isolatedPoints({ real: [1], fake: [1], sigma: 1, lambda: -1 }), 'options.lambda'],
        [() => minimax.isolatedPoints({ real: [1], fake: [1], sigma: 1, centers: { low: 0, high: 1, count: 1 } }), 'options.centers.count'],
        [() => minimax.isolatedPoints({ real: [1], fake: [1], sigma: 1, centers: { low: 0, high: 1, count: 3, step: 1 } as never }), 'options.centers.step'],
        [() => minimax.orthogonalModes({ scales: [1, Infinity], generator: W, discriminator: V }), 'options.scales'],
        [() => minimax.orthogonalModes({ scales: [1, 2], generator: W, discriminator: V, lamda: 1 } as never), 'options.lamda', /did you mean 'lambda'\?/],
      ];
      for (const [call, argument, message] of cases) {
        const error = argumentError(call);
        expect(error.argument, String(call)).toBe(argument);
        if (message) expect(error.message, String(call)).toMatch(message);
      }
      // through the registry the same checks run, named from there
      expect(argumentError(() => minimax.buildGame('bilinear', { A: [[1]], B: [[1]] })).message).toMatch(/^minimax\.GAMES\.bilinear: argument 'B'/);
      // typed arrays are numbers too
      expect(minimax.bilinear({ A: [Float64Array.of(2)] as never, start: Float32Array.of(1, 2) as never }).start).toEqual([1, 2]);
    });

    test('gaussHermite: k is an integer in [1, 256]; at the bound every exact moment holds', () => {
      for (const k of [0, 257, 300, 2.5, NaN, '8']) {
        const error = argumentError(() => minimax.gaussHermite(k as never));
        expect(error.argument).toBe('k');
        expect(error.message).toMatch(/an integer in \[1, 256\]/);
      }
      expect(minimax.GAUSS_HERMITE_MAX_NODES).toBe(256);
      // log (2j − 1)!!
      const logDoubleFactorial = (j: number) => { let r = 0; for (let i = 2 * j - 1; i > 1; i -= 2) r += Math.log(i); return r; };
      // Σ wᵢ tᵢᵖ with each term in logs (tᵢᵖ alone overflows f64 at large k)
      const moment = (nodes: number[], weights: number[], p: number) =>
        nodes.reduce((s, t, i) => s + (t === 0 ? (p === 0 ? weights[i] : 0) : Math.sign(t) ** p * Math.exp(Math.log(weights[i]) + p * Math.log(Math.abs(t)))), 0);
      for (const k of [1, 2, 3, 16, 64, 255, 256]) {
        const { nodes, weights } = minimax.gaussHermite(k);
        expect(nodes.length).toBe(k);
        expect(weights.every((w) => w > 0 && Number.isFinite(w))).toBe(true);
        expect(Math.abs(weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-13);
        for (let i = 0; i < k; i++) {
          expect(nodes[i] + nodes[k - 1 - i]).toBe(0);
          expect(weights[i] / weights[k - 1 - i]).toBeCloseTo(1, 12);
          if (i > 0) expect(nodes[i]).toBeGreaterThan(nodes[i - 1]);
        }
        // E ε^{2j} = (2j − 1)!! for 2j ≤ 2k − 1, while it is finite in f64 (j ≤ 150)
        for (let j = 1; 2 * j <= 2 * k - 1 && j <= 150; j++) {
          expect(Math.abs(moment(nodes, weights, 2 * j) / Math.exp(logDoubleFactorial(j)) - 1), `k = ${k}, j = ${j}`).toBeLessThan(1e-12);
        }
        // and a degree the rule is not exact for shows it: E ε^{2k} differs from (2k − 1)!! by k!·(its weight)
        if (k <= 16) expect(Math.abs(moment(nodes, weights, 2 * k) / Math.exp(logDoubleFactorial(k)) - 1)).toBeGreaterThan(1e-6);
      }
    });

    test('Gauss–Hermite rule integrates polynomials exactly (E ε² = 1, E ε⁴ = 3)', () => {
      const { nodes, weights } = minimax.gaussHermite(8);
      expect(nodes.length).toBe(8);
      const m = (k: number) => nodes.reduce((s, t, i) => s + weights[i] * t ** k, 0);
      expect(m(0)).toBeCloseTo(1, 12);
      expect(m(2)).toBeCloseTo(1, 10);
      expect(m(4)).toBeCloseTo(3, 9);
      expect(m(6)).toBeCloseTo(15, 8);
    });
  });
}
