// The optimizer table: one row per optimizer, driving tests/optim/optimizers.test.ts (two
// steps by hand, the parabola, Rosenbrock). A row's `step` is its update rule written out
// by hand for one coordinate in f64, independently of bindings/optim.
import { optim } from '../../bindings/index.js';

/** Per-coordinate optimizer state for the hand-written rules (moments start at 0). */
export type HandState = Record<string, number>;

export interface OptimizerRow {
  name: string;
  /** The optimizer under test at learning rate lr. */
  make(lr: number): optim.GradientTransformation;
  /** The rate for the two hand-worked steps. */
  handLr: number;
  /** One update of one coordinate w with gradient g at step t = 1, 2, …; returns the new w. */
  step(s: HandState, w: number, g: number, t: number, lr: number): number;
  /** f(w) = Σ (w − c)²: reaches c within 1e-3 (max norm) in `steps`. */
  parabola: { lr: number; steps: number };
  /** Rosenbrock (a = 1, b = 100) from (−1.5, 2): reaches (1, 1) within 1e-2 in `steps`. */
  rosenbrock: { lr: number; steps: number; note: string };
}

const get = (s: HandState, k: string) => s[k] ?? 0;

/** Adam's m̂ and v̂ after updating the moments in s (Kingma & Ba 2015, Alg. 1). */
function adamMoments(s: HandState, g: number, t: number): [number, number] {
  s.m = 0.9 * get(s, 'm') + 0.1 * g;
  s.v = 0.999 * get(s, 'v') + 0.001 * g * g;
  return [s.m / (1 - 0.9 ** t), s.v / (1 - 0.999 ** t)];
}

export const OPTIMIZER_TABLE: OptimizerRow[] = [
  {
    name: 'sgd',
    make: (lr) => optim.sgd(lr),
    handLr: 0.1,
    step: (_s, w, g, _t, lr) => w - lr * g,
    parabola: { lr: 0.1, steps: 100 },
    rosenbrock: { lr: 2e-3, steps: 5000, note: 'lr near the stability limit 2/λmax (λmax ≈ 1900 at the start); the valley takes thousands of steps' },
  },
  {
    name: 'sgd + momentum 0.9',
    make: (lr) => optim.sgd(lr, { momentum: 0.9 }),
    handLr: 0.1,
    step: (s, w, g, _t, lr) => { s.b = 0.9 * get(s, 'b') + g; return w - lr * s.b; },
    parabola: { lr: 0.03, steps: 500 },
    rosenbrock: { lr: 1e-3, steps: 2000, note: 'momentum crosses the valley ~10× faster than plain sgd' },
  },
  {
    name: 'sgd + nesterov 0.9',
    make: (lr) => optim.sgd(lr, { momentum: 0.9, nesterov: true }),
    handLr: 0.1,
    step: (s, w, g, _t, lr) => { s.b = 0.9 * get(s, 'b') + g; return w - lr * (g + 0.9 * s.b); },
    parabola: { lr: 0.03, steps: 300 },
    rosenbrock: { lr: 1e-3, steps: 2000, note: 'as heavy ball; lr 2e-3 diverges' },
  },
  {
    name: 'adam',
    make: (lr) => optim.adam(lr),
    handLr: 0.1,
    step: (s, w, g, t, lr) => { const [mHat, vHat] = adamMoments(s, g, t); return w - lr * mHat / (Math.sqrt(vHat) + 1e-8); },
    parabola: { lr: 0.1, steps: 500 },
    rosenbrock: { lr: 1e-2, steps: 5000, note: 'default betas' },
  },
  {
    name: 'adam amsgrad',
    make: (lr) => optim.adam(lr, { amsgrad: true }),
    handLr: 0.1,
    step: (s, w, g, t, lr) => {
      const [mHat, vHat] = adamMoments(s, g, t);
      s.vMax = Math.max(get(s, 'vMax'), vHat);
      return w - lr * mHat / (Math.sqrt(s.vMax) + 1e-8);
    },
    parabola: { lr: 0.1, steps: 500 },
    rosenbrock: {
      lr: 0.3, steps: 10000,
      note: 'the max of v̂ remembers the first gradient (|∂f/∂x| ≈ 155 at the start), so the effective rate is ~lr/155: a large lr',
    },
  },
  {
    name: 'adamw',
    make: (lr) => optim.adamw(lr),
    handLr: 0.1,
    step: (s, w, g, t, lr) => { const [mHat, vHat] = adamMoments(s, g, t); return w - lr * (mHat / (Math.sqrt(vHat) + 1e-8) + 1e-2 * w); },
    parabola: { lr: 1e-3, steps: 20000 },
    rosenbrock: {
      lr: 1e-3, steps: 20000,
      note: 'weight decay 1e-2 pulls toward 0, so the iterates settle off (1, 1) by a distance that grows with lr (7e-3 at lr 1e-2)',
    },
  },
  {
    name: 'rmsprop',
    make: (lr) => optim.rmsprop(lr),
    handLr: 0.01,
    step: (s, w, g, _t, lr) => { s.v = 0.9 * get(s, 'v') + 0.1 * g * g; return w - lr * g / (Math.sqrt(s.v) + 1e-8); },
    parabola: { lr: 0.03, steps: 500 },
    rosenbrock: { lr: 1e-3, steps: 10000, note: 'steps are ~lr in size, so the iterates hover within ~lr of (1, 1)' },
  },
  {
    name: 'rmsprop centered + momentum 0.9',
    make: (lr) => optim.rmsprop(lr, { centered: true, momentum: 0.9 }),
    handLr: 0.01,
    step: (s, w, g, _t, lr) => {
      s.v = 0.9 * get(s, 'v') + 0.1 * g * g;
      s.m = 0.9 * get(s, 'm') + 0.1 * g;
      s.b = 0.9 * get(s, 'b') + g / (Math.sqrt(s.v - s.m * s.m) + 1e-8);
      return w - lr * s.b;
    },
    parabola: { lr: 1e-4, steps: 1000 },
    rosenbrock: {
      lr: 1e-4, steps: 2000,
      note: 'fast, but near the minimum the gradient variance v − m² vanishes and the iterates hover (within ~1e-4 at this lr)',
    },
  },
  {
    // Daskalakis et al. 2018: u = 2g_t − g_{t−1}, g_{−1} = 0 (bindings/optim/steppers.ts)
    name: 'ogda',
    make: (lr) => optim.ogda(lr),
    handLr: 0.1,
    step: (s, w, g, _t, lr) => { const u = 2 * g - get(s, 'prev'); s.prev = g; return w - lr * u; },
    parabola: { lr: 0.1, steps: 100 },
    rosenbrock: {
      lr: 5e-4, steps: 30000,
      note: 'OGDA on a minimization is stable only for lr·λ < 2/3 (λmax ≈ 1900 at the start, ≈ 1000 at (1, 1)): lr 1e-3 hovers at distance ≈ 0.48',
    },
  },
  {
    // Daskalakis et al. 2018, Alg. 1: θ ← θ − 2η·a_t + η·a_{t−1}, a = Adam's step, a_0 = 0
    name: 'optimistic adam',
    make: (lr) => optim.optimisticAdam(lr),
    handLr: 0.1,
    step: (s, w, g, t, lr) => {
      const [mHat, vHat] = adamMoments(s, g, t);
      const a = mHat / (Math.sqrt(vHat) + 1e-8);
      const u = 2 * a - get(s, 'prevStep');
      s.prevStep = a;
      return w - lr * u;
    },
    parabola: { lr: 0.1, steps: 500 },
    rosenbrock: { lr: 1e-2, steps: 5000, note: 'default betas, as adam' },
  },
];
