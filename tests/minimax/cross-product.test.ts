// Every registry stepper on every kind of problem: the bilinear game and the Dirac-GAN
// (closed forms: at η = 0.1 GDA spirals out, alternating GDA cycles, extragradient,
// optimistic GDA, consensus and GDA-AM converge) and a small GAN on ring-8 through the
// GanTrainer (finite losses and samples). Refused combinations throw SaddleArgumentError
// before anything is compiled.
import { describe, expect, test } from 'vitest';
import { gan, minimax, type Saddle } from '../../bindings/index.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';

type Behaviour = 'diverges' | 'cycles' | 'converges' | 'oscillates';

/**
 * On the bilinear game L = xy at η = 0.1 (σ = 1): |μ| = √(1 + η²) for GDA, 1 for
 * alternating GDA, √(1 − η² + η⁴) for extragradient, |1 − ηγ + iη| for consensus (γ = 1);
 * OGDA's roots of μ² − (1 + 2a)μ + a, a = iη, lie inside the unit circle; nSGDA's steps keep
 * length η per player, so it neither converges nor runs away.
 * A new registry entry needs a row here.
 */
const BILINEAR: Record<minimax.StepperName, Behaviour> = {
  simultaneousGda: 'diverges', alternatingGda: 'cycles', extragradient: 'converges', optimisticGda: 'converges',
  consensus: 'converges', nsgda: 'oscillates', gdaAm: 'converges',
};

const ring = (sd: Saddle) => gan.dataset(sd, 'ring-8', { rows: 512, seed: 5 });
const small = (sd: Saddle, extra: Partial<gan.TrainerConfig> = {}): gan.TrainerConfig => {
  const set = ring(sd);
  return {
    data: { values: set.data, dim: set.dim }, noise: { dim: 2 }, batch: 32, seed: 11,
    generator: { hidden: [8, 8] }, discriminator: { hidden: [8, 8] }, ...extra,
  };
};

for (const build of BUILDS) {
  describe(`every stepper on every problem (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });
    const eta = 0.1;

    test('registry entries: summary, reference, options with a default for every field, linearize ⇔ linearizable', () => {
      for (const name of minimax.STEPPERS.names) {
        const e = minimax.STEPPERS.entries[name] as minimax.StepperEntry;
        expect(e.summary.length, name).toBeGreaterThan(20);
        expect(e.reference.length, name).toBeGreaterThan(10);
        const props = (e.options as unknown as { properties: Record<string, { default?: unknown; description?: string }> }).properties;
        for (const [key, p] of Object.entries(props)) {
          expect(p.default, `${name}.${key} default`).toBeDefined();
          expect(p.description, `${name}.${key} description`).toBeTruthy();
        }
        expect(typeof e.linearize === 'function', name).toBe(e.capabilities?.includes('linearizable') ?? false);
      }
      expect(Object.keys(BILINEAR).sort()).toEqual([...minimax.STEPPERS.names].sort());
    });

    test.each(Object.entries(BILINEAR))('%s on the bilinear game: %s', (name, behaviour) => {
      const game = minimax.bilinear({ A: [[1]] });
      const s = minimax.stepper(name, { lr: eta });
      const t = minimax.run(sd, game, s, { iterations: 500, every: 10 });
      const ratio = t.distances.map((d) => d / t.distances[0]);
      expect(ratio.every(Number.isFinite)).toBe(true);
      if (behaviour === 'diverges') expect(ratio.at(-1)).toBeCloseTo(Math.pow(1 + eta * eta, 250), 2);
      if (behaviour === 'cycles') { expect(Math.max(...ratio)).toBeLessThan(1.1); expect(Math.min(...ratio)).toBeGreaterThan(0.9); }
      if (behaviour === 'converges') expect(ratio.at(-1)).toBeLessThan(0.1);
      // steps of length η per player: it neither converges nor runs away
      if (behaviour === 'oscillates') { expect(Math.min(...ratio)).toBeGreaterThan(0.5); expect(Math.max(...ratio)).toBeLessThan(5); }
      if (minimax.STEPPERS.entries[name as minimax.StepperName].capabilities?.includes('linearizable')) {
        const verdict = minimax.localConvergence(sd, game, s).verdict;
        expect(verdict).toBe(behaviour);
      } else {
        // no linearization: refused, naming the stepper, before any work
        expect(argumentError(() => minimax.localConvergence(sd, game, s)).argument).toBe('stepper');
      }
    });

    test.each(Object.keys(BILINEAR))('%s on the Dirac-GAN: the verdict of its linearization, and the run near z* agrees', (name) => {
      // standard Dirac-GAN: J = [[0, −f′(0)], [f′(0), 0]], f′(0) = 1/2: the bilinear behaviour at σ = 1/2
      const game = minimax.diracGan({ variant: 'standard' });
      const s = minimax.stepper(name, { lr: 0.5 });
      const t = minimax.run(sd, game, s, { iterations: 400, start: [0.05, 0.05] });
      const ratio = t.distances[1] / t.distances[0];
      expect(Number.isFinite(ratio)).toBe(true);
      const behaviour = BILINEAR[name as minimax.StepperName];
      if (behaviour === 'converges') expect(ratio).toBeLessThan(0.1);
      if (behaviour === 'diverges') expect(ratio).toBeGreaterThan(1.5);
      if (behaviour === 'cycles') expect(Math.abs(ratio - 1)).toBeLessThan(0.2);
      if (s.linearize(new Float64Array(4), 1, 1)) expect(minimax.localConvergence(sd, game, s).verdict).toBe(behaviour);
    });

    test.each(Object.keys(BILINEAR))('%s trains a small GAN on ring-8 through the GanTrainer: finite losses and samples', (name) => {
      const trainer = new gan.GanTrainer({ ...small(sd), stepper: { kind: name } as gan.TrainerConfig['stepper'] }, { saddle: sd });
      try {
        trainer.trainSync(20);
        for (const log of ['dLoss', 'gLoss', 'dGradNorm', 'gGradNorm']) {
          const values = trainer.log(log);
          expect(values.length, log).toBeGreaterThanOrEqual(20);
          expect(values.every(Number.isFinite), `${name} ${log}`).toBe(true);
        }
        expect(trainer.sample(64).every(Number.isFinite)).toBe(true);
        if (name === 'consensus') expect(trainer.log('consensus').every((v) => v >= 0)).toBe(true);
        if (name === 'gdaAm') expect(trainer.log('andersonWindow').at(-1)).toBeGreaterThan(0);
      } finally { trainer.dispose(); }
    });

    test("the config's schemes are these steppers bit for bit", () => {
      const pairs: Array<[Partial<gan.TrainerConfig>, { kind: string } & Record<string, unknown>]> = [
        [{ dSteps: 2 }, { kind: 'alternatingGda', steps: 2 }],
        [{ scheme: 'simultaneous', regularizers: { consensus: 0.2 } }, { kind: 'consensus', gamma: 0.2 }],
        [{ scheme: 'extragradient', anderson: { window: 3 } }, { kind: 'gdaAm', base: 'extragradient', window: 3 }],
      ];
      for (const [config, stepper] of pairs) {
        const a = new gan.GanTrainer(small(sd, config), { saddle: sd });
        const b = new gan.GanTrainer({ ...small(sd), stepper: stepper as gan.TrainerConfig['stepper'] }, { saddle: sd });
        try {
          a.trainSync(5); b.trainSync(5);
          expect(Array.from(b.log('dLoss')), stepper.kind).toEqual(Array.from(a.log('dLoss')));
          expect(Array.from(b.sample(32)), stepper.kind).toEqual(Array.from(a.sample(32)));
        } finally { a.dispose(); b.dispose(); }
      }
    });

    test('refused before any work: unknown names and options, GDA-AM of GDA-AM, bad options', () => {
      const live = sd.liveBytes();
      const unknown = argumentError(() => minimax.stepper('extragradiant', { lr: 0.1 }));
      expect(unknown.message).toMatch(/did you mean 'extragradient'/);
      expect(argumentError(() => minimax.stepper('alternatingGda', { lr: 0.1, step: 2 })).message).toMatch(/did you mean 'steps'/);
      expect(argumentError(() => minimax.stepper('alternatingGda', { lr: 0.1, steps: 0 })).argument).toBe('options.steps');
      // Anderson mixing of an Anderson-mixed iteration: its base must be another entry
      expect(argumentError(() => minimax.stepper('gdaAm', { lr: 0.1, base: 'gdaAm' })).argument).toBe('options.base');
      const config = small(sd);
      expect(argumentError(() => new gan.GanTrainer({ ...config, stepper: { kind: 'gdaAm', base: 'gdaAm' } } as never, { saddle: sd })).argument).toBe('stepper.base');
      expect(argumentError(() => new gan.GanTrainer({ ...config, stepper: { kind: 'nesterov' } } as never, { saddle: sd })).argument).toBe('stepper.kind');
      expect(argumentError(() => new gan.GanTrainer({ ...config, scheme: 'simultaneous', stepper: { kind: 'optimisticGda' } }, { saddle: sd })).argument).toBe('scheme');
      expect(argumentError(() => new gan.GanTrainer({ ...config, stepper: { kind: 'consensus', gamma: -1 } } as never, { saddle: sd })).argument).toBe('stepper.gamma');
      expect(sd.liveBytes()).toBe(live);
    });
  });
}
