// The optimizer and schedule registries are the one description of the functions' options
// (bindings/optim/registry.ts, options.ts): every function checks its options through its
// entry, so an unknown key gets the nearest known one, another optimizer's key is named
// with the optimizers it belongs to, and whatever an entry lists its function accepts.
import { describe, expect, test } from 'vitest';
import { graph as G, optim } from '../../bindings/index.js';
import { propertiesOf } from '../../bindings/schema/values.js';
import { argumentError } from '../helpers/errors.js';

const keysOf = (schema: unknown) => Object.keys(propertiesOf(schema as never));
const defaultOf = (schema: unknown, key: string) => (propertiesOf(schema as never)[key] as { default?: unknown }).default;

/** A value in range for option `key` of some entry (its default, or a valid number). */
function sample(schema: unknown, key: string): unknown {
  const d = defaultOf(schema, key);
  if (d !== undefined) return d;
  return ({ rate: 0.5, every: 10, factor: 0.5, steps: 10 } as Record<string, unknown>)[key];
}

const ownersOf = (registry: { names: readonly string[]; entries: { [name: string]: { options: unknown } } }, key: string) =>
  registry.names.filter((n) => keysOf(registry.entries[n].options).includes(key));

describe('optimizer functions check their options through OPTIMIZERS', () => {
  const lr = optim.constantSchedule(0.1);

  test("another optimizer's option is refused, naming the option and the optimizers it belongs to", () => {
    const sgd = argumentError(() => optim.sgd(0.1, { b1: 0.5 } as never));
    expect(sgd.argument).toBe('options.b1');
    expect(sgd.message).toBe("sgd: argument 'options.b1' must be unset for optimizer 'sgd' (b1 is an option of 'adam', 'optimisticAdam', 'adamMagnitudeSgdDirection', 'sgdMagnitudeAdamDirection', 'adamw'), got 0.5");
    expect(argumentError(() => optim.adam(0.1, { momentum: 0.9 } as never)).message)
      .toBe("adam: argument 'options.momentum' must be unset for optimizer 'adam' (momentum is an option of 'sgd', 'rmsprop'), got 0.9");
    expect(argumentError(() => optim.adam(0.1, { weightDecay: 0.01 } as never)).message).toMatch(/\(weightDecay is an option of 'adamw'\)/);
    expect(argumentError(() => optim.rmsprop(0.1, { nesterov: true } as never)).message).toMatch(/unset for optimizer 'rmsprop' \(nesterov is an option of 'sgd'\)/);
    expect(argumentError(() => optim.nsgd(0.1, { b2: 0.99 } as never)).message).toMatch(/^nsgd: argument 'options.b2' must be unset for optimizer 'nsgd'/);
    expect(argumentError(() => optim.optimisticAdam(0.1, { scope: 'layer' } as never)).message).toMatch(/\(scope is an option of 'nsgd', 'adamMagnitudeSgdDirection', 'sgdMagnitudeAdamDirection'\)/);
  });

  test('for every entry, every key of the other entries is refused by its function, by name', () => {
    for (const kind of optim.OPTIMIZERS.names) {
      const entry = optim.OPTIMIZERS.entries[kind];
      const own = keysOf(entry.options);
      const foreign = [...new Set(optim.OPTIMIZERS.names.flatMap((n) => keysOf(optim.OPTIMIZERS.entries[n].options)))].filter((k) => !own.includes(k));
      expect(foreign.length).toBeGreaterThan(0);
      for (const key of foreign) {
        const owner = ownersOf(optim.OPTIMIZERS, key)[0];
        const error = argumentError(() => entry.build(lr, { [key]: sample(optim.OPTIMIZERS.entries[owner as optim.OptimizerKind].options, key) } as never));
        expect(error.argument, `${kind}.${key}`).toBe(`options.${key}`);
        expect(error.message).toContain(`unset for optimizer '${kind}' (${key} is an option of `);
      }
    }
  });

  test('every option an entry lists, its function accepts (built with all defaults, through buildOptimizer)', () => {
    const g = new G.Graph();
    const w = G.param(g, [1, 2], { kind: 'values', values: [1, 2] });
    for (const kind of optim.OPTIMIZERS.names) {
      const opt = optim.buildOptimizer(kind, lr, {});
      expect(() => optim.minimize(G.sum(G.square(w)), [w], opt)).not.toThrow();
    }
    // the trainer's Adam default β₁ is the GAN convention 0.5; the function keeps 0.9
    expect(defaultOf(optim.OPTIMIZERS.entries.adam.options, 'b1')).toBe(0.5);
    expect(Object.keys(optim.OPTIMIZERS.entries.adamw.options.properties).sort()).toEqual(['amsgrad', 'b1', 'b2', 'eps', 'epsRoot', 'weightDecay']);
  });

  test('misspelt options get the nearest known one', () => {
    const cases: Array<[() => unknown, string, string]> = [
      [() => optim.sgd(0.1, { momentun: 0.9 } as never), 'options.momentun', 'momentum'],
      [() => optim.adam(0.1, { b3: 0.9 } as never), 'options.b3', 'b1'],
      [() => optim.adam(0.1, { amsGrad: true } as never), 'options.amsGrad', 'amsgrad'],
      [() => optim.rmsprop(0.1, { centred: true } as never), 'options.centred', 'centered'],
      [() => optim.adamw(0.1, { weightdecay: 0.1 } as never), 'options.weightdecay', 'weightDecay'],
      [() => optim.nsgd(0.1, { scop: 'layer' } as never), 'options.scop', 'scope'],
      [() => optim.stepDecay(1, { every: 10, factr: 0.5 } as never), 'options.factr', 'factor'],
      [() => optim.cosineDecay(1, { steps: 10, alpah: 0.1 } as never), 'options.alpah', 'alpha'],
      [() => optim.warmup(optim.constantSchedule(1), { steps: 10, step: 1 } as never), 'options.step', 'steps'],
    ];
    for (const [call, argument, near] of cases) {
      const error = argumentError(call);
      expect(error.argument).toBe(argument);
      expect(error.message).toContain(`did you mean '${near}'?`);
    }
  });

  test('lr: non-finite, zero, negative or not a number is refused by every optimizer', () => {
    const makers = [optim.sgd, optim.adam, optim.adamw, optim.rmsprop, optim.nsgd, optim.ogda, optim.optimisticAdam, optim.adamMagnitudeSgdDirection, optim.sgdMagnitudeAdamDirection, optim.scaleByLearningRate];
    for (const make of makers) {
      for (const bad of [0, -0.1, NaN, Infinity, -Infinity, '0.1', null, undefined]) {
        const error = argumentError(() => make(bad as never));
        expect(error.argument, `${make.name}(${String(bad)})`).toBe('lr');
      }
    }
  });

  test('non-finite and out-of-range numbers are refused by name', () => {
    expect(argumentError(() => optim.sgd(0.1, { momentum: NaN })).argument).toBe('options.momentum');
    expect(argumentError(() => optim.adam(0.1, { eps: Infinity })).argument).toBe('options.eps');
    expect(argumentError(() => optim.adamw(0.1, { weightDecay: Infinity })).argument).toBe('options.weightDecay');
    expect(argumentError(() => optim.rmsprop(0.1, { decay: -0.5 })).argument).toBe('options.decay');
    expect(argumentError(() => optim.nsgd(0.1, { eps: NaN })).argument).toBe('options.eps');
    expect(argumentError(() => optim.exponentialDecay(1, { rate: Infinity, every: 1 })).argument).toBe('options.rate');
    expect(argumentError(() => optim.exponentialDecay(1, { rate: 0.5, every: NaN })).argument).toBe('options.every');
    expect(argumentError(() => optim.stepDecay(1, { every: 2 ** 24 + 1, factor: 0.5 })).argument).toBe('options.every');
    expect(argumentError(() => optim.cosineDecay(1, { steps: 10, alpha: NaN })).argument).toBe('options.alpha');
    expect(argumentError(() => optim.exponentialDecay(1, undefined as never)).argument).toBe('options.rate');
    for (const bad of [null, 3, 'x', [1]]) expect(argumentError(() => optim.adam(0.1, bad as never)).argument).toBe('options');
  });
});

describe('schedule functions check their options through SCHEDULES', () => {
  test("another schedule's option is named with the schedules it belongs to", () => {
    expect(argumentError(() => optim.exponentialDecay(1, { rate: 0.5, every: 10, steps: 100 } as never)).message)
      .toBe("exponentialDecay: argument 'options.steps' must be unset for schedule 'exponential' (steps is an option of 'cosine'), got 100");
    expect(argumentError(() => optim.cosineDecay(1, { steps: 10, factor: 0.5 } as never)).message).toMatch(/\(factor is an option of 'step'\)/);
    expect(argumentError(() => optim.stepDecay(1, { every: 10, factor: 0.5, rate: 0.5 } as never)).message).toMatch(/\(rate is an option of 'exponential'\)/);
  });

  test('for every entry, the keys of the other entries are refused by its function', () => {
    for (const kind of optim.SCHEDULES.names) {
      const entry = optim.SCHEDULES.entries[kind];
      const own = keysOf(entry.options);
      const base = Object.fromEntries(own.map((k) => [k, sample(entry.options, k)]));
      for (const key of optim.SCHEDULES.names.flatMap((n) => keysOf(optim.SCHEDULES.entries[n].options)).filter((k) => !own.includes(k))) {
        const error = argumentError(() => entry.build(1, { ...base, [key]: 1 } as never));
        expect(error.argument, `${kind}.${key}`).toBe(`options.${key}`);
      }
      expect(() => optim.buildSchedule(kind, 1, base)).not.toThrow();
    }
  });
});

describe('minimize', () => {
  test('its options are strict', () => {
    const g = new G.Graph();
    const w = G.param(g, [1, 1], { kind: 'constant', value: 3 });
    const error = argumentError(() => optim.minimize(G.sum(G.square(w)), [w], optim.sgd(0.1), { lgo: 'f' } as never));
    expect(error.argument).toBe('options.lgo');
    expect(error.message).toContain("did you mean 'log'?");
    expect(argumentError(() => optim.minimize(G.sum(G.square(w)), [w], optim.sgd(0.1), { log: 3 } as never)).argument).toBe('options.log');
  });
});
