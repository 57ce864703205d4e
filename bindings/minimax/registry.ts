// The game registry: every built-in game of the minimax lab with its summary, reference,
// options schema and builder, so the playground's game menu, the docs table and tools
// that embed the lab read one list. Each builder checks its options itself (shapes of
// matrices, ranges) with the same typed errors.

import { Array as TArray, Boolean as TBoolean, Literal as TLiteral, Number as TNumber, Object as TObject, Optional, Union as TUnion, type Static, type TObject as TObjectSchema, type TProperties } from '@sinclair/typebox';
import { defineRegistry } from '../registry.js';
import { bilinear, diracGan, DIRAC_VARIANTS, entropicGaussian, isolatedPoints, nonconvexConcave, orthogonalModes, quadratic, type Game } from './games.js';

const strict = <P extends TProperties>(properties: P) => TObject(properties, { additionalProperties: false });
const vector = (description: string) => TArray(TNumber(), { description });
const matrix = (description: string) => TArray(TArray(TNumber()), { description });
const start = Optional(vector('z₀ = (x₀, y₀)'));

export interface GameEntry<O extends TObjectSchema = TObjectSchema> {
  summary: string; reference: string; options: O;
  build(options: Static<O>): Game;
}
const game = <O extends TObjectSchema>(entry: GameEntry<O>): GameEntry<O> => entry;

export const GAMES = defineRegistry('game', {
  bilinear: game({
    summary: 'min_x max_y xᵀAy + bᵀx + cᵀy: a pure rotation, GDA spirals out', reference: 'J = [[0, −A], [Aᵀ, 0]]; Daskalakis et al. 2018; Gidel et al. 2019',
    options: strict({ A: matrix('A (rows: dim x, columns: dim y)'), b: Optional(vector('b')), c: Optional(vector('c')), start }),
    build: (o) => bilinear(o),
  }),
  quadratic: game({
    summary: 'min_x max_y ½xᵀPx + xᵀAy − ½yᵀQy', reference: 'Jin, Netrapalli & Jordan 2020, §2',
    options: strict({ P: matrix('P (symmetric)'), A: matrix('A'), Q: matrix('Q (symmetric)'), start }),
    build: (o) => quadratic(o),
  }),
  nonconvexConcave: game({
    summary: 'a scalar nonconvex–concave quadratic: τ-GDA is stable at its local minimax iff τ > κ', reference: 'Jin, Netrapalli & Jordan 2020, Prop. 27; Fiez & Ratliff 2021',
    options: strict({ kappa: TNumber({ exclusiveMinimum: 0 }), ell: Optional(TNumber({ exclusiveMinimum: 0 })), start }),
    build: (o) => nonconvexConcave(o),
  }),
  diracGan: game({
    summary: 'the Dirac-GAN: data at 0, G a point θ, D linear ψx, in each variant', reference: 'Mescheder, Geiger & Nowozin 2018, §2.1 and §3',
    options: strict({
      variant: TUnion(DIRAC_VARIANTS.map((v) => TLiteral(v))),
      gamma: Optional(TNumber({ minimum: 0, default: 1, description: 'penalty weight γ' })),
      sigma: Optional(TNumber({ minimum: 0, default: 1, description: 'instance noise σ' })),
      target: Optional(TNumber({ minimum: 0, default: 1, description: "WGAN-GP's target norm" })),
      quadrature: Optional(TNumber({ minimum: 1, default: 16, description: 'Gauss–Hermite nodes' })),
      start: Optional(vector('(θ₀, ψ₀)')),
    }),
    build: (o) => diracGan(o as Parameters<typeof diracGan>[0]),
  }),
  entropicGaussian: game({
    summary: 'a linear generator fitted to a Gaussian by the entropic OT loss in closed form (one player)', reference: 'Janati, Muzellec, Peyré & Cuturi 2020 (closed form); Feydy et al. 2019 (debiased)',
    options: strict({ target: vector('target standard deviations'), eps: TNumber({ exclusiveMinimum: 0 }), debiased: Optional(TBoolean()), start }),
    build: (o) => entropicGaussian(o),
  }),
  isolatedPoints: game({
    summary: 'generated points against a kernel discriminator: local instability near isolated points', reference: 'Becker, Pandit, Rangan & Fletcher 2022, "Instability and local minima in GAN training with kernel discriminators"',
    options: strict({
      real: vector('true 1-D positions'), fake: vector("generated points' starts"), sigma: TNumber({ exclusiveMinimum: 0 }),
      lambda: Optional(TNumber({ minimum: 0, default: 0.1 })),
      centers: Optional(strict({ low: TNumber(), high: TNumber(), count: TNumber({ minimum: 1 }) })),
    }),
    build: (o) => isolatedPoints(o),
  }),
  orthogonalModes: game({
    summary: 'a multi-mode GAN with orthogonal modes of unequal scales (nSGDA vs SGDA)', reference: 'after Jelassi et al. 2022, §4 (a model of ours, not the paper\'s construction)',
    options: strict({ scales: vector('mode scales γₖ > 0'), generator: matrix("G's starting neurons"), discriminator: matrix("D's starting neurons"), lambda: Optional(TNumber({ minimum: 0, default: 1 })) }),
    build: (o) => orthogonalModes(o),
  }),
});

export type GameName = (typeof GAMES.names)[number];

/** The game `name` with its options, checked against the schema first. */
export function buildGame(name: GameName, options: unknown): Game {
  GAMES.checkOptions(name, options ?? {}, `minimax.GAMES.${name}`);
  return (GAMES.entries[name] as GameEntry).build((options ?? {}) as never);
}
