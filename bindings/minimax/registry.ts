// The game registry: every built-in game of the minimax lab with its summary, reference,
// options schema and builder, so the playground's game menu, the docs table and tools
// that embed the lab read one list. The schemas live with the games (games.ts), and each
// game checks its options against its own (strict, finite numbers), then the shapes.

import type { Static, TObject as TObjectSchema } from '@sinclair/typebox';
import { defineRegistry } from '../registry.js';
import {
  bilinear, BILINEAR_OPTIONS, diracGan, DIRAC_GAN_OPTIONS, entropicGaussian, ENTROPIC_GAUSSIAN_OPTIONS, isolatedPoints, ISOLATED_POINTS_OPTIONS,
  nonconvexConcave, NONCONVEX_CONCAVE_OPTIONS, orthogonalModes, ORTHOGONAL_MODES_OPTIONS, quadratic, QUADRATIC_OPTIONS, type Game,
} from './games.js';

export interface GameEntry<O extends TObjectSchema = TObjectSchema> {
  summary: string; reference: string; options: O;
  build(options: Static<O>): Game;
}
const game = <O extends TObjectSchema>(entry: GameEntry<O>): GameEntry<O> => entry;

export const GAMES = defineRegistry('game', {
  bilinear: game({
    summary: 'min_x max_y xᵀAy + bᵀx + cᵀy: a pure rotation, GDA spirals out', reference: 'J = [[0, −A], [Aᵀ, 0]]; Daskalakis et al. 2018; Gidel et al. 2019',
    options: BILINEAR_OPTIONS, build: (o) => bilinear(o as Parameters<typeof bilinear>[0]),
  }),
  quadratic: game({
    summary: 'min_x max_y ½xᵀPx + xᵀAy − ½yᵀQy', reference: 'Jin, Netrapalli & Jordan 2020, §2',
    options: QUADRATIC_OPTIONS, build: (o) => quadratic(o as Parameters<typeof quadratic>[0]),
  }),
  nonconvexConcave: game({
    summary: 'a scalar nonconvex–concave quadratic: τ-GDA is stable at its local minimax iff τ > κ', reference: 'Jin, Netrapalli & Jordan 2020, Prop. 27; Fiez & Ratliff 2021',
    options: NONCONVEX_CONCAVE_OPTIONS, build: (o) => nonconvexConcave(o as Parameters<typeof nonconvexConcave>[0]),
  }),
  diracGan: game({
    summary: 'the Dirac-GAN: data at 0, G a point θ, D linear ψx, in each variant', reference: 'Mescheder, Geiger & Nowozin 2018, §2.1 and §3',
    options: DIRAC_GAN_OPTIONS, build: (o) => diracGan(o as Parameters<typeof diracGan>[0]),
  }),
  entropicGaussian: game({
    summary: 'a linear generator fitted to a Gaussian by the entropic OT loss in closed form (one player)', reference: 'Janati, Muzellec, Peyré & Cuturi 2020 (closed form); Feydy et al. 2019 (debiased)',
    options: ENTROPIC_GAUSSIAN_OPTIONS, build: (o) => entropicGaussian(o as Parameters<typeof entropicGaussian>[0]),
  }),
  isolatedPoints: game({
    summary: 'generated points against a kernel discriminator: local instability near isolated points', reference: 'Becker, Pandit, Rangan & Fletcher 2022, "Instability and local minima in GAN training with kernel discriminators"',
    options: ISOLATED_POINTS_OPTIONS, build: (o) => isolatedPoints(o as Parameters<typeof isolatedPoints>[0]),
  }),
  orthogonalModes: game({
    summary: 'a multi-mode GAN with orthogonal modes of unequal scales (nSGDA vs SGDA)', reference: 'after Jelassi et al. 2022, §4 (a model of ours, not the paper\'s construction)',
    options: ORTHOGONAL_MODES_OPTIONS, build: (o) => orthogonalModes(o as Parameters<typeof orthogonalModes>[0]),
  }),
});

export type GameName = (typeof GAMES.names)[number];

/** The game `name` with its options, checked against the schema first. */
export function buildGame(name: GameName, options: unknown): Game {
  GAMES.checkOptions(name, options ?? {}, `minimax.GAMES.${name}`);
  return (GAMES.entries[name] as GameEntry).build((options ?? {}) as never);
}
