// How a GAN iteration orders the players' updates: each scheme names the minimax.STEPPERS
// entry that runs it on the players D (y) and G (x). Capabilities say which other options
// apply: 'dSteps' (k D updates per G update), 'unrolled' (G looks ahead through D's
// steps), 'jointField' (both players move from one point, as consensus needs).

import { Object as TObject } from '@sinclair/typebox';
import { defineRegistry } from '../registry.js';

const none = TObject({}, { additionalProperties: false });

/** A registry stepper by name with its options (minimax.STEPPERS). */
export interface GanStepper {
  name: string;
  options?: Record<string, unknown>;
}

/** What a scheme reads of the config to pick its stepper. */
interface SchemeSettings { dSteps?: number; regularizers?: { consensus?: number } }

export const SCHEMES = defineRegistry('scheme', {
  alternating: {
    summary: 'k D updates, then one G update against the updated D', reference: 'Goodfellow et al. 2014, Algorithm 1',
    options: none, capabilities: ['dSteps', 'unrolled'],
    stepper: (c: SchemeSettings): GanStepper => ({ name: 'alternatingGda', options: { steps: c.dSteps ?? 1, first: 'y' } }),
  },
  simultaneous: {
    summary: 'D and G update from the same parameters', reference: 'Mescheder, Nowozin & Geiger 2017, §3',
    options: none, capabilities: ['unrolled', 'jointField'],
    stepper: (c: SchemeSettings): GanStepper => (c.regularizers?.consensus ? { name: 'consensus', options: { gamma: c.regularizers.consensus } } : { name: 'simultaneousGda' }),
  },
  extragradient: {
    summary: 'extrapolate both players by a gradient step, then update from the extrapolated point', reference: 'Korpelevich 1976; Gidel et al. 2019, Algorithm 2',
    options: none,
    stepper: (): GanStepper => ({ name: 'extragradient' }),
  },
});

export type SchemeName = (typeof SCHEMES.names)[number];
