// optim.anderson (bindings/optim/anderson.ts; kernel assembly/kernels/anderson.ts run by
// EXEC_ANDERSON): hand-worked steps, the kernel against the op's f64 reference, faster than
// plain iteration on a linear contraction, GDA-AM on the bilinear game, typed errors.
import { describe, expect, test } from 'vitest';
import { compile, graph, grad, minimax, optim, type Saddle } from '../../bindings/index.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';

/** x ← T(x) = Mx + b on a [1, n] parameter, M diagonal with entries `m`. */
function linearMap(m: number[], b: number[], x0: number[]) {
  const g = new graph.Graph();
  const x = graph.param(g, [1, m.length], { kind: 'values', values: x0 });
  const tx = graph.add(graph.mul(x, graph.constant(g, m, [1, m.length])), graph.constant(g, b, [1, m.length]));
  return { g, x, tx };
}

for (const build of BUILDS) {
  describe(`optim.anderson (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    test('hand-worked: T(x) = −2x from x₀ = 1; one difference solves it, a residual restart does not', () => {
      // f₀ = −3, x₁ = −2 (plain); f₁ = 6, ΔX = −3, ΔF = 9, γ = 54/81, x₂ = −2 + 6 − 6·(2/3) = 0
      for (const [restart, want] of [['none', [-2, 0]], ['residual', [-2, 4]]] as const) {
        const { x, tx } = linearMap([-2], [0], [1]);
        const am = optim.anderson({ window: 3, restart, growth: 1.5, lambda: 0 });
        const s = am.init([x]);
        const program = compile(sd, { seed: 1, phases: [{ updates: am.wrap(s, [[x, tx]]), logs: { restarts: s.scalars.andersonRestarts } }] });
        try {
          const got: number[] = [];
          for (let k = 0; k < 2; k++) { program.run(1); got.push(program.read(x)[0]); }
          expect(got[0]).toBe(want[0]);
          expect(got[1]).toBeCloseTo(want[1], 6);
          expect(Array.from(program.log('restarts'))).toEqual([0, 0]);
          program.run(1);
          // the log shows the history before each step: the residual restart is seen from step 3 on
          expect(program.log('restarts')[2]).toBe(restart === 'none' ? 0 : 1);
        } finally { program.dispose(); }
      }
    });

    test('the WASM kernel matches the op\'s f64 reference step by step', () => {
      const n = 7;
      const m = Array.from({ length: n }, (_, i) => 0.95 - 0.27 * i);
      const b = Array.from({ length: n }, (_, i) => Math.sin(i + 1));
      for (const restart of ['none', 'window', 'residual'] as const) {
        const { x, tx } = linearMap(m, b, new Array(n).fill(0.5));
        const am = optim.anderson({ window: 3, restart, lambda: 1e-6, beta: 0.8 });
        const s = am.init([x]);
        const mixed = am.mix(s, [tx]);
        const program = compile(sd, { seed: 1, phases: [{ updates: mixed.assignments }] });
        try {
          for (let k = 0; k < 8; k++) {
            const leaves = new Map([[x, program.read(x)], [s.history, program.read(s.history)]]);
            const [want, wantHistory] = graph.evaluate([mixed.values[0], mixed.assignments[1][1]], leaves);
            program.run(1);
            const got = program.read(x);
            for (let i = 0; i < n; i++) expect(got[i], `${restart} step ${k} x[${i}]`).toBeCloseTo(want[i], 4);
            const h = program.read(s.history);
            for (const i of [0, 1, 2, 4]) expect(h[i], `${restart} step ${k} meta[${i}]`).toBe(wantHistory[i]);
          }
        } finally { program.dispose(); }
      }
    });

    test('on a linear contraction it converges far faster than plain iteration', () => {
      const n = 12;
      const m = Array.from({ length: n }, (_, i) => 0.97 - 0.15 * i);
      const b = Array.from({ length: n }, (_, i) => 1 + 0.1 * i);
      const fixed = b.map((bi, i) => bi / (1 - m[i]));
      const errorAfter = (mix: boolean, steps: number) => {
        const { x, tx } = linearMap(m, b, new Array(n).fill(0));
        const am = optim.anderson({ window: 12 });
        const updates = mix ? am.wrap(am.init([x]), [[x, tx]]) : [[x, tx] as const];
        const program = compile(sd, { seed: 1, phases: [{ updates }] });
        try {
          program.run(steps);
          const v = program.read(x);
          return Math.max(...fixed.map((f, i) => Math.abs(v[i] - f) / Math.abs(f)));
        } finally { program.dispose(); }
      };
      const plain = errorAfter(false, 40), mixed = errorAfter(true, 40);
      expect(plain).toBeGreaterThan(0.1); // 0.97⁴⁰ ≈ 0.3
      expect(mixed).toBeLessThan(1e-4);
    });

    test('multi-tensor params and the alternating form (snapshot, then mix after the map\'s phases)', () => {
      const g = new graph.Graph();
      const a = graph.param(g, [2, 2], { kind: 'values', values: [1, 2, 3, 4] });
      const c = graph.param(g, [3, 1], { kind: 'values', values: [-1, 0, 1] });
      const loss = graph.add(graph.sum(graph.square(graph.sub(a, 2))), graph.sum(graph.square(graph.add(c, 1))));
      const [ga, gc] = grad(loss, [a, c]);
      const am = optim.anderson({ window: 4 });
      const s = am.init([a, c]);
      expect(s.size).toBe(7);
      const snap = am.snapshot(s);
      const mix = am.mix(s, [a, c], snap.nodes);
      const program = compile(sd, {
        seed: 1,
        phases: [
          { updates: snap.assignments },
          { updates: [[a, graph.sub(a, graph.mul(ga, 0.1))]] },
          { updates: [[c, graph.sub(c, graph.mul(gc, 0.1))]] },
          { updates: mix.assignments },
        ],
      });
      try {
        program.run(6);
        // the map is linear (x ← x − 0.2(x − x*)) with one rate: one difference finds x* exactly
        for (const v of program.read(a)) expect(v).toBeCloseTo(2, 5);
        for (const v of program.read(c)) expect(v).toBeCloseTo(-1, 5);
      } finally { program.dispose(); }
    });

    test('wrapPhases: one phase is wrapped in place; k inner steps get snapshot and mix phases', () => {
      // L = xy; y ascends 3 times, then x descends: an alternating GDA iteration with inner steps
      const g = new graph.Graph();
      const x = graph.param(g, [1, 1], { kind: 'values', values: [1] });
      const y = graph.param(g, [1, 1], { kind: 'values', values: [1] });
      const L = graph.sum(graph.mul(x, y));
      const [gx, gy] = grad(L, [x, y]);
      const am = optim.anderson({ window: 4 });
      const single = am.wrapPhases(am.init([x, y]), [{ updates: [[x, graph.sub(x, graph.mul(gx, 0.2))], [y, graph.add(y, graph.mul(gy, 0.2))]] }]);
      expect(single.length).toBe(1);
      const phases = am.wrapPhases(am.init([x, y]), [
        { updates: [[y, graph.add(y, graph.mul(gy, 0.2))]], repeat: 3 },
        { updates: [[x, graph.sub(x, graph.mul(gx, 0.2))]], logs: { L } },
      ]);
      expect(phases.length).toBe(4);
      for (const ps of [single, phases]) {
        const program = compile(sd, { seed: 1, phases: ps });
        try {
          program.run(60);
          expect(Math.hypot(program.read(x)[0], program.read(y)[0])).toBeLessThan(1e-4);
        } finally { program.dispose(); }
      }
      expect(argumentError(() => am.wrapPhases(am.init([x, y]), [])).argument).toBe('phases');
    });

    test('GDA-AM converges on the bilinear game where simultaneous GDA diverges', () => {
      const game = minimax.bilinear({ A: [[1, 0.5], [-0.3, 2]] });
      const gda = minimax.run(sd, game, minimax.simultaneousGda({ lr: 0.2 }), { iterations: 100 });
      const am = minimax.run(sd, game, minimax.gdaAm({ lr: 0.2, window: 5 }), { iterations: 100 });
      const amAlt = minimax.run(sd, game, minimax.gdaAm({ lr: 0.2, window: 5, base: 'alternating' }), { iterations: 100 });
      expect(gda.distances.at(-1)!).toBeGreaterThan(10 * gda.distances[0]);
      expect(am.distances.at(-1)!).toBeLessThan(1e-4 * am.distances[0]);
      expect(amAlt.distances.at(-1)!).toBeLessThan(1e-4 * amAlt.distances[0]);
    });

    test('options and arguments are validated with typed errors', () => {
      const bad: Array<[string, () => unknown]> = [
        ['options.window', () => optim.anderson({ window: 0 })],
        ['options.window', () => optim.anderson({ window: 33 })],
        ['options.window', () => optim.anderson({ window: 1.5 })],
        ['options.lambda', () => optim.anderson({ lambda: -1 })],
        ['options.beta', () => optim.anderson({ beta: 0 })],
        ['options.beta', () => optim.anderson({ beta: 1.5 })],
        ['options.restart', () => optim.anderson({ restart: 'sometimes' as never })],
        ['options.growth', () => optim.anderson({ growth: 0.5 })],
        ['options', () => optim.anderson(null as never)],
      ];
      for (const [argument, call] of bad) expect(argumentError(call).argument).toBe(argument);
      const { x, tx, g } = linearMap([0.5], [1], [0]);
      const am = optim.anderson();
      expect(am.options).toEqual({ window: 5, lambda: 1e-8, beta: 1, restart: 'none', growth: 2 });
      const s = am.init([x]);
      const other = optim.anderson().init([x]);
      expect(argumentError(() => am.mix(other, [tx])).argument).toBe('state');
      expect(argumentError(() => am.mix(s, [graph.constant(g, [1, 2], [1, 2])])).argument).toBe('proposals[0]');
      expect(argumentError(() => am.wrap(s, [])).argument).toBe('assignments');
      expect(argumentError(() => am.wrap(s, [[x, tx], [x, tx]])).argument).toBe('assignments[1]');
      expect(argumentError(() => am.init([tx])).argument).toBe('params[0]');
      expect(argumentError(() => am.init([x, x])).argument).toBe('params');
    });
  });
}
