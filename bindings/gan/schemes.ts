// How a GAN iteration orders the players' updates. Capabilities say which other options
// apply: 'dSteps' (k D updates per G update), 'unrolled' (G looks ahead through D's
// steps), 'jointField' (both players move from one point, as consensus needs).

import { Object as TObject } from '@sinclair/typebox';
import { defineRegistry } from '../registry.js';

const none = TObject({}, { additionalProperties: false });

export const SCHEMES = defineRegistry('scheme', {
  alternating: {
    summary: 'k D updates, then one G update against the updated D', reference: 'Goodfellow et al. 2014, Algorithm 1',
    options: none, capabilities: ['dSteps', 'unrolled'],
  },
  simultaneous: {
    summary: 'D and G update from the same parameters', reference: 'Mescheder, Nowozin & Geiger 2017, §3',
    options: none, capabilities: ['unrolled', 'jointField'],
  },
  extragradient: {
    summary: 'extrapolate both players by a gradient step, then update from the extrapolated point', reference: 'Korpelevich 1976; Gidel et al. 2019, Algorithm 2',
    options: none,
  },
});

export type SchemeName = (typeof SCHEMES.names)[number];
