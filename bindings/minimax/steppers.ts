// Steppers, defined once over two players (their parameters, losses and optimizers) and
// run the same on a game (run/createRunner, analysis.ts) and on a GAN (gan/build.ts): each
// builds the compiled phases of one iteration and, where the update is differentiable at a
// stationary point, its linearization M(J). STEPPERS is the registry; the functions below
// it (simultaneousGda, …) are its entries on a game, with step sizes η_x = lr, η_y =
// ratio·lr (two-timescale / TTUR). Conventions in games.ts: v = (−∇ₓ lossX, −∇ᵧ lossY).
//
// Roles: x minimizes lossX (a GAN's generator), y minimizes lossY (its discriminator).

import { Literal, Integer as TInteger, Number as TNumber, Object as TObject, Optional, Record as TRecord, String as TString, Union, Unknown, Unsafe, type TObject as TObjectSchema, type TProperties, type TSchema } from '@sinclair/typebox';
import { Described, SaddleArgumentError } from '../errors.js';
import { grad } from '../autodiff/grad.js';
import type { Node } from '../graph/node.js';
import { add, mul, sub } from '../graph/ops/elementwise.js';
import { state } from '../graph/ops/leaves.js';
import { sumSquares } from '../graph/ops/reduce.js';
import { substitute } from '../graph/substitute.js';
import type { Phase } from '../compile/program.js';
import { defineRegistry, type RegistryEntry } from '../registry.js';
import { resolveOptions } from '../schema/options.js';
import { validate } from '../schema/validate.js';
import { propertiesOf, withDefaults } from '../schema/values.js';
import { anderson, type AndersonRestart } from '../optim/anderson.js';
import { normalizeByGlobalNorm, normalizeByLayerNorm, nsgd, ogda, scaleByOptimism } from '../optim/steppers.js';
import { checkTransform, type NormScope } from '../optim/check.js';
import { applyUpdates, chain, type GradientTransformation, type TransformState } from '../optim/transform.js';
import { dimensions, type Game } from './games.js';

// ---- players ----

/** What a player's logs see of one of its updates. */
export interface PlayerUpdate {
  /** The loss the update descends (at the point its gradients were taken; with the stepper's terms added). */
  readonly loss: Node;
  readonly grads: readonly Node[];
  /** The step size: the number, or the transformation's `scalars.lr` (NaN when it has none). */
  readonly lr: Node | number;
  /** Terms the stepper added to the losses, by name (consensus: γ/2‖v‖²). */
  readonly terms: Readonly<Record<string, Node>>;
}

/** One player of a two-player game or GAN. */
export interface Player {
  /** Parameters (Parameter or State nodes of one graph; none for a one-player problem). */
  readonly params: readonly Node[];
  /** The loss this player minimizes. */
  readonly loss: Node;
  /** A plain step size η (p ← p − η·g) or an optax-style transformation (p ← p + u(g)). */
  readonly optimizer: number | GradientTransformation;
  /** Assignments that go with each of its updates (spectral norm's power iteration, step counters). */
  readonly assignments?: ReadonlyArray<readonly [Node, Node]>;
  /** Maps each new parameter value, e.g. weight clipping to [−c, c]. */
  readonly project?: (value: Node, param: Node) => Node;
  /** The values to log with each of its updates. */
  readonly logs?: (update: PlayerUpdate) => Record<string, Node>;
}

export interface Players {
  readonly x: Player;
  readonly y: Player;
  /**
   * The joint order z (assignments within a phase, logs, Anderson's joint vector): 'xy'
   * (default, games: z = (x, y)) or 'yx' (the GAN trainer: D before G).
   */
  readonly order?: 'xy' | 'yx';
}

/** What a stepper builds: one iteration's phases and the state nodes it made. */
export interface BuiltStepper {
  phases: Phase[];
  state: Node[];
}

/** A player with its optimizer's state made. */
interface Ready extends Player {
  readonly role: 'x' | 'y';
  readonly tx: GradientTransformation | null;
  readonly txState: TransformState | null;
  readonly lr: Node | number;
}

function ready(role: 'x' | 'y', p: Player, wrap?: (eta: number) => GradientTransformation, around?: (tx: GradientTransformation) => GradientTransformation): Ready {
  let tx: GradientTransformation | null = null;
  if (typeof p.optimizer === 'number') tx = wrap ? wrap(p.optimizer) : null;
  else tx = around ? around(p.optimizer) : p.optimizer;
  const txState = tx ? tx.init(p.params) : null;
  const lr = typeof p.optimizer === 'number' ? p.optimizer : txState!.scalars.lr ?? NaN;
  return { ...p, role, tx, txState, lr };
}

/** The players in joint order, each with its optimizer's state (made in that order). */
function prepare(players: Players, wrap?: (eta: number) => GradientTransformation, around?: (tx: GradientTransformation) => GradientTransformation): Ready[] {
  const roles: Array<'x' | 'y'> = players.order === 'yx' ? ['y', 'x'] : ['x', 'y'];
  return roles.map((r) => ready(r, players[r], wrap, around));
}

/** The assignments p ← p − η·g for each param. */
function descend(params: readonly Node[], grads: readonly Node[], lr: number): Array<readonly [Node, Node]> {
  return params.map((p, i) => [p, sub(p, mul(grads[i], lr))] as const);
}

/** The player's assignments for one update from `grads` (taken at the current or another point). */
function update(p: Ready, grads: readonly Node[]): Array<readonly [Node, Node]> {
  let pairs: Array<readonly [Node, Node]>, extra: ReadonlyArray<readonly [Node, Node]> = [];
  if (p.tx) {
    const up = p.tx.update(grads as Node[], p.txState!, p.params as Node[]);
    pairs = applyUpdates(p.params, up.updates);
    extra = up.assignments;
  } else pairs = descend(p.params, grads, p.lr as number);
  const project = p.project;
  if (project) pairs = pairs.map(([t, v]) => [t, project(v, t)] as const);
  return [...pairs, ...extra, ...(p.assignments ?? [])];
}

function logs(p: Ready, loss: Node, grads: readonly Node[], terms: Record<string, Node> = {}): Record<string, Node> {
  return p.logs ? p.logs({ loss, grads, lr: p.lr, terms }) : {};
}

/** Both players from the same point, in one phase. */
function simultaneous(ps: Ready[], grads = ps.map((p) => grad(p.loss, p.params)), losses = ps.map((p) => p.loss), terms: Record<string, Node> = {}): Phase {
  return {
    updates: ps.flatMap((p, i) => update(p, grads[i])),
    logs: Object.assign({}, ...ps.map((p, i) => logs(p, losses[i], grads[i], terms))),
  };
}

function stateOf(ps: Ready[]): Node[] {
  return ps.flatMap((p) => (p.txState ? [...p.txState.nodes] : []));
}

// ---- linearizations (small dense f64; n ≤ a few hundred) ----

/** Step sizes of a linearization: D = diag(η_x on x's rows, η_y on y's rows). */
export interface Rates { lrX: number; lrY: number }
export type Linearization = { matrix: Float64Array; size: number };

function identity(n: number): Float64Array { const m = new Float64Array(n * n); for (let i = 0; i < n; i++) m[i * n + i] = 1; return m; }
function matmulDense(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) { const aik = a[i * n + k]; if (aik !== 0) for (let j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j]; }
  return c;
}
/** D·J with D = diag(η_x on x rows, η_y on y rows). */
function scaleRows(J: Float64Array, n: number, nx: number, lrX: number, lrY: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = (i < nx ? lrX : lrY) * J[i * n + j];
  return out;
}
function plusIdentity(a: Float64Array, n: number): Float64Array { const m = a.slice(); for (let i = 0; i < n; i++) m[i * n + i] += 1; return m; }
/** I + η_P J on one player's rows (rows from..to), identity elsewhere: one player's partial step. */
function partialStep(J: Float64Array, n: number, from: number, to: number, lr: number): Float64Array {
  const m = identity(n);
  for (let i = from; i < to; i++) for (let j = 0; j < n; j++) m[i * n + j] += lr * J[i * n + j];
  return m;
}
/** J − γJᵀJ. */
function consensusJacobian(J: Float64Array, n: number, gamma: number): Float64Array {
  const out = J.slice();
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let k = 0; k < n; k++) s += J[k * n + i] * J[k * n + j]; out[i * n + j] -= gamma * s; }
  return out;
}


// ---- the registry ----

/** A combination a stepper refuses before building: `check` returns what is wrong, or null. */
export interface StepperConstraint<O> {
  /** What is required, in words (the error's "expected"). */
  readonly summary: string;
  check(players: Players, options: O): string | null;
}

export interface StepperEntry<O = any> extends RegistryEntry { // eslint-disable-line @typescript-eslint/no-explicit-any
  /** A short name for plots and messages, from the resolved options. */
  label(options: O): string;
  /** The phases of one iteration on these players (options resolved against `options`). */
  build(players: Players, options: O): BuiltStepper;
  /**
   * The linearized update at a stationary point, from the Jacobian J (n×n row-major, x first)
   * of the field, for plain step sizes: z_{k+1} − z* ≈ M (z_k − z*) on a state of `size` (n,
   * or 2n with memory). Present exactly when the entry has capability 'linearizable'.
   */
  linearize?(J: Float64Array, nx: number, ny: number, rates: Rates, options: O): Linearization;
  readonly constraints?: ReadonlyArray<StepperConstraint<O>>;
}

const EMPTY = TObject({});

const simultaneousGdaEntry: StepperEntry<Record<string, never>> = {
  summary: 'Simultaneous gradient descent-ascent: both players step from the same point.',
  reference: 'Mescheder, Nowozin & Geiger 2017, "The Numerics of GANs", eq. 4; bilinear divergence |μ| = √(1 + η²σ²)',
  options: EMPTY,
  capabilities: ['linearizable'],
  label: () => 'simultaneous GDA',
  build: (players) => {
    const ps = prepare(players);
    return { phases: [simultaneous(ps)], state: stateOf(ps) };
  },
  // M = I + DJ
  linearize: (J, nx, ny, r) => { const n = nx + ny; return { matrix: plusIdentity(scaleRows(J, n, nx, r.lrX, r.lrY), n), size: n }; },
};

export interface AlternatingOptions { steps: number; first: 'x' | 'y' }

const alternatingGdaEntry: StepperEntry<AlternatingOptions> = {
  summary: 'Alternating GDA (Gauss–Seidel): one player takes `steps` steps, then the other one step at the new point (a GAN: k D steps per G step).',
  reference: 'Gidel et al. 2019, "Negative Momentum for Improved Game Dynamics", §3; bilinear: det M = 1, it cycles for ησ ≤ 2 (Bailey, Gidel & Piliouras 2020)',
  options: TObject({
    steps: Optional(TInteger({ minimum: 1, maximum: 1000, default: 1, description: 'steps of the player that moves first, per step of the other' })),
    first: Optional(Union([Literal('y'), Literal('x')], { default: 'y', description: "the player that moves first: 'y' (the discriminator / max player) or 'x'" })),
  }),
  capabilities: ['linearizable'],
  label: (o) => (o.steps === 1 && o.first === 'y' ? 'alternating GDA' : `alternating GDA (${o.steps} ${o.first} steps${o.first === 'x' ? ', x first' : ''})`),
  build: (players, o) => {
    const ps = prepare(players);
    const lead = ps.find((p) => p.role === o.first)!, follow = ps.find((p) => p.role !== o.first)!;
    const gl = grad(lead.loss, lead.params), gf = grad(follow.loss, follow.params);
    return {
      phases: [
        { updates: update(lead, gl), logs: logs(lead, lead.loss, gl), repeat: o.steps },
        { updates: update(follow, gf), logs: logs(follow, follow.loss, gf) },
      ],
      state: stateOf(ps),
    };
  },
  // M = M_F·M_Lᵏ, M_P = I + η_P J on P's rows
  linearize: (J, nx, ny, r, o) => {
    const n = nx + ny;
    const [lead, follow] = o.first === 'y' ? [partialStep(J, n, nx, n, r.lrY), partialStep(J, n, 0, nx, r.lrX)] : [partialStep(J, n, 0, nx, r.lrX), partialStep(J, n, nx, n, r.lrY)];
    let m = identity(n);
    for (let k = 0; k < o.steps; k++) m = matmulDense(lead, m, n);
    return { matrix: matmulDense(follow, m, n), size: n };
  },
};

const extragradientEntry: StepperEntry<Record<string, never>> = {
  summary: "Extragradient: extrapolate both players by a plain gradient step of their rates, then update from the extrapolated point's gradients (with each player's optimizer).",
  reference: 'Korpelevich 1976; Gidel et al. 2019, "A Variational Inequality Perspective on GANs", eq. 13; bilinear |μ|² = 1 − η²σ² + η⁴σ⁴',
  options: EMPTY,
  capabilities: ['linearizable'],
  label: () => 'extragradient',
  build: (players) => {
    const ps = prepare(players);
    for (const p of ps) {
      if (typeof p.lr === 'number' && Number.isNaN(p.lr)) throw new SaddleArgumentError('extragradient', `players.${p.role}.optimizer`, 'a step size or a transformation with a learning rate (scalars.lr) to extrapolate by', new Described('a transformation without scalars.lr'));
    }
    const all = ps.flatMap((p) => p.params);
    const extra = all.map((p, i) => state(p.graph, p.shape, { kind: 'zeros' }, p.name ? `${p.name}.extrapolated` : `extragradient.z[${i}]`));
    const grads = ps.map((p) => grad(p.loss, p.params));
    // phase 1: z̃ = z − η∇ at the current point
    const lrs = ps.flatMap((p) => p.params.map(() => p.lr));
    const flat = grads.flat();
    const extrapolate = all.map((p, i) => [extra[i], sub(p, mul(flat[i], lrs[i]))] as const);
    // phase 2: gradients at z̃, applied to z
    const at = new Map(all.map((p, i) => [p, extra[i]]));
    const lossesAt = substitute(ps.map((p) => p.loss), at);
    let offset = 0;
    const gradsAt = ps.map((p, i) => { const xs = extra.slice(offset, offset += p.params.length); return grad(lossesAt[i], xs); });
    return {
      phases: [{ updates: extrapolate }, { updates: ps.flatMap((p, i) => update(p, gradsAt[i])), logs: Object.assign({}, ...ps.map((p, i) => logs(p, lossesAt[i], gradsAt[i]))) }],
      state: [...stateOf(ps), ...extra],
    };
  },
  // M = I + DJ + (DJ)²
  linearize: (J, nx, ny, r) => {
    const n = nx + ny, dj = scaleRows(J, n, nx, r.lrX, r.lrY), dj2 = matmulDense(dj, dj, n);
    const m = plusIdentity(dj, n);
    for (let i = 0; i < n * n; i++) m[i] += dj2[i];
    return { matrix: m, size: n };
  },
};

const optimisticGdaEntry: StepperEntry<Record<string, never>> = {
  summary: "Optimistic GDA, simultaneous: z_{k+1} = z_k + 2Dv(z_k) − Dv(z_{k−1}) (v(z_{−1}) = 0); with an optimizer, optimism on its steps: u = 2u_k − u_{k−1}.",
  reference: 'Daskalakis, Ilyas, Syrgkanis & Zeng 2018, "Training GANs with Optimism", eq. 5',
  options: EMPTY,
  capabilities: ['linearizable', 'memory'],
  label: () => 'optimistic GDA',
  build: (players) => {
    const ps = prepare(players, (eta) => ogda(eta), (tx) => chain(tx, scaleByOptimism()));
    return { phases: [simultaneous(ps)], state: stateOf(ps) };
  },
  // on (z_k, z_{k−1}): M = [[I + 2DJ, −DJ], [I, 0]]
  linearize: (J, nx, ny, r) => {
    const n = nx + ny, N = 2 * n, dj = scaleRows(J, n, nx, r.lrX, r.lrY), m = new Float64Array(N * N);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) { m[i * N + j] = 2 * dj[i * n + j]; m[i * N + n + j] = -dj[i * n + j]; }
      m[i * N + i] += 1;
      m[(n + i) * N + i] = 1;
    }
    return { matrix: m, size: N };
  },
};

export interface ConsensusOptions { gamma: number }

const consensusEntry: StepperEntry<ConsensusOptions> = {
  summary: 'Consensus optimization: both losses get + γ/2·‖ξ‖², ξ = (∇ₓ lossX, ∇ᵧ lossY), simultaneous steps; the field becomes v − γJᵀv.',
  reference: 'Mescheder, Nowozin & Geiger 2017, "The Numerics of GANs", Algorithm 2; M = I + D(J − γJᵀJ)',
  options: TObject({ gamma: Optional(TNumber({ minimum: 0, default: 1, description: 'γ >= 0, the weight of ‖ξ‖²/2' })) }),
  // the penalty differentiates each player's gradient with respect to the other's parameters
  capabilities: ['linearizable', 'differentiatesField'],
  label: (o) => `consensus (γ = ${o.gamma})`,
  build: (players, o) => {
    const ps = prepare(players);
    const field = ps.map((p) => grad(p.loss, p.params));
    const penalty = mul(field.flat().map((v) => sumSquares(v)).reduce((a, b) => add(a, b)), o.gamma / 2);
    // ∇(γ/2‖ξ‖²) = γJᵀξ over both players, from one reverse pass
    const dp = grad(penalty, ps.flatMap((p) => p.params));
    let offset = 0;
    const grads = field.map((vs) => vs.map((v) => add(v, dp[offset++])));
    const losses = ps.map((p) => add(p.loss, penalty));
    return { phases: [simultaneous(ps, grads, losses, { consensus: penalty })], state: stateOf(ps) };
  },
  linearize: (J, nx, ny, r, o) => { const n = nx + ny; return { matrix: plusIdentity(scaleRows(consensusJacobian(J, n, o.gamma), n, nx, r.lrX, r.lrY), n), size: n }; },
};

export interface NsgdaOptions { scope: NormScope }

const nsgdaEntry: StepperEntry<NsgdaOptions> = {
  summary: "nSGDA: each player steps by its normalized gradient, x ← x − η_x∇ₓ/‖∇ₓ‖ (with an optimizer, the normalized gradient is its input); simultaneous.",
  reference: 'Jelassi, Mensch, Gidel & Li 2022, "Dissecting adaptive methods in GANs", §4 (nSGDA)',
  options: TObject({ scope: Optional(Union([Literal('global'), Literal('layer')], { default: 'global', description: "the norm over all of a player's parameters ('global') or per tensor ('layer')" })) }),
  capabilities: [],
  label: (o) => (o.scope === 'global' ? 'nSGDA' : 'nSGDA (per tensor)'),
  build: (players, o) => {
    const normalize = () => (o.scope === 'global' ? normalizeByGlobalNorm() : normalizeByLayerNorm());
    const ps = prepare(players, (eta) => nsgd(eta, { scope: o.scope }), (tx) => chain(normalize(), tx));
    return { phases: [simultaneous(ps)], state: stateOf(ps) };
  },
};

const BASES = {
  simultaneousGda: simultaneousGdaEntry, alternatingGda: alternatingGdaEntry, extragradient: extragradientEntry,
  optimisticGda: optimisticGdaEntry, consensus: consensusEntry, nsgda: nsgdaEntry,
};
export type BaseName = keyof typeof BASES;

export interface GdaAmEntryOptions {
  base: BaseName; baseOptions: Record<string, unknown>;
  window: number; lambda: number; beta: number; restart: AndersonRestart; growth: number;
}

const gdaAmEntry: StepperEntry<GdaAmEntryOptions> = {
  summary: "GDA-AM: Anderson mixing (type II) on the joint (x, y), with one iteration of another stepper as the fixed-point map.",
  reference: 'He, Li, Sra & Wang 2022, "GDA-AM: On the Effectiveness of Solving Minimax Optimization via Anderson Mixing" (ICLR), Algorithms 1 and 2',
  options: TObject({
    base: Optional(Union(Object.keys(BASES).map((n) => Literal(n)), { default: 'simultaneousGda', description: 'the stepper whose iteration is the fixed-point map' })),
    baseOptions: Optional(TRecord(TString(), Unknown(), { default: {}, description: "the base stepper's options" })),
    window: Optional(TInteger({ minimum: 1, maximum: 32, default: 5, description: 'p, the number of stored differences' })),
    lambda: Optional(TNumber({ minimum: 0, default: 1e-8, description: 'Tikhonov λ, relative to tr(ΔFᵀΔF)/m' })),
    beta: Optional(TNumber({ exclusiveMinimum: 0, maximum: 1, default: 1, description: 'mixing β' })),
    restart: Optional(Union([Literal('none'), Literal('window'), Literal('residual')], { default: 'none', description: 'when the history is cleared (optim.anderson)' })),
    growth: Optional(TNumber({ minimum: 1, default: 2, description: "residual growth that triggers a 'residual' restart" })),
  }),
  capabilities: ['history'],
  label: (o) => `GDA-AM (${o.base === 'simultaneousGda' ? 'simultaneous' : o.base === 'alternatingGda' ? 'alternating' : o.base}, p = ${o.window})`,
  build: (players, o) => {
    const built = buildStepper(o.base, players, o.baseOptions, 'gdaAm');
    const mixer = anderson({ window: o.window, lambda: o.lambda, beta: o.beta, restart: o.restart, growth: o.growth });
    const xy = players.order === 'yx' ? [players.y, players.x] : [players.x, players.y];
    const s = mixer.init(xy.flatMap((p) => p.params));
    const phases = mixer.wrapPhases(s, built.phases);
    const last = phases[phases.length - 1];
    phases[phases.length - 1] = { ...last, logs: { ...last.logs, andersonWindow: s.scalars.andersonWindow, andersonRestarts: s.scalars.andersonRestarts } };
    return { phases, state: [...built.state, ...s.nodes] };
  },
};

/**
 * The steppers, by name: each { summary, reference, options (TypeBox schema), capabilities
 * ('linearizable': has `linearize`; 'memory': keeps the previous step; 'history': keeps an
 * Anderson history; 'differentiatesField': differentiates each player's gradient with respect
 * to the other's parameters, so a GAN must not stop D's gradient at G's samples), constraints,
 * label, build, linearize? }. Build one with buildStepper, or on a game with stepper().
 */
export const STEPPERS = defineRegistry('stepper', { ...BASES, gdaAm: gdaAmEntry });
export type StepperName = (typeof STEPPERS.names)[number];

/**
 * Whether stepper `name` with `options` has `capability`, counting the base stepper that
 * gdaAm mixes (GDA-AM over consensus differentiates the field as consensus does).
 */
export function stepperHas(name: string, options: Record<string, unknown> | undefined, capability: string): boolean {
  const own = STEPPERS.withCapability(capability) as string[];
  if (own.includes(name)) return true;
  // gdaAm's default base, simultaneousGda, has no capability a base could lend
  return name === 'gdaAm' && own.includes(String(options?.base ?? ''));
}

/**
 * One iteration of stepper `name` on two players: options checked against the entry's
 * schema (defaults filled in) and its constraints, all before any node is made.
 *
 * @example
 * // k = 5 discriminator steps per generator step, each player with its own optimizer
 * const { phases } = minimax.buildStepper('alternatingGda', {
 *   x: { params: G.params, loss: gLoss, optimizer: optim.adam(2e-4) },
 *   y: { params: D.params, loss: dLoss, optimizer: optim.adam(2e-4) },
 * }, { steps: 5 });
 */
export function buildStepper(name: string, players: Players, options?: unknown, fn = 'buildStepper'): BuiltStepper {
  const entry = STEPPERS.get(name as StepperName, fn, 'stepper') as StepperEntry;
  const o = resolveOptions(`${fn}(${name})`, entry.options as TSchema, options);
  checkPlayers(fn, players);
  for (const c of entry.constraints ?? []) {
    const why = c.check(players, o);
    if (why !== null) throw new SaddleArgumentError(`${fn}(${name})`, 'players', c.summary, new Described(why));
  }
  return entry.build(players, o);
}

function checkPlayers(fn: string, players: Players): void {
  if (!players || typeof players !== 'object') throw new SaddleArgumentError(fn, 'players', 'an object { x, y, order? }', players);
  for (const role of ['x', 'y'] as const) {
    const p = players[role];
    // a player may have no parameters (a one-player problem, e.g. minimax.entropicGaussian)
    if (!p || typeof p !== 'object' || !Array.isArray(p.params)) throw new SaddleArgumentError(fn, `players.${role}`, 'a player { params, loss, optimizer }', p);
    if (typeof p.optimizer === 'number') {
      if (!(p.optimizer > 0) || !Number.isFinite(p.optimizer)) throw new SaddleArgumentError(fn, `players.${role}.optimizer`, 'a positive finite step size or a GradientTransformation', p.optimizer);
    } else checkTransform(fn, `players.${role}.optimizer`, p.optimizer);
  }
  if (players.order !== undefined && players.order !== 'xy' && players.order !== 'yx') throw new SaddleArgumentError(fn, 'players.order', "'xy' or 'yx'", players.order);
}

// ---- steppers on a game ----

export interface StepSizes {
  /** η_x > 0. */
  lr: number;
  /** η_y/η_x > 0 (default 1). */
  ratio?: number;
}

/** A registry stepper bound to step sizes, for games (run, createRunner, localConvergence). */
export interface Stepper {
  readonly name: string;
  readonly lrX: number;
  readonly lrY: number;
  /** The phases of one iteration on `game`. */
  build(game: Game): BuiltStepper;
  /**
   * The linearized update at a stationary point, from the Jacobian J (n×n row-major, x
   * first) of the game's field: z_{k+1} − z* ≈ M (z_k − z*) on a state of `size` (n, or 2n
   * for methods with memory). null: not differentiable there (nSGDA) or history-dependent (GDA-AM).
   */
  linearize(J: Float64Array, nx: number, ny: number): Linearization | null;
}

/** Largest finite f32: a step size becomes a graph constant (f32). */
const F32_MAX = 3.4028234663852886e38;

const SIZES = {
  lr: TNumber({ exclusiveMinimum: 0, maximum: F32_MAX, description: 'η_x, the step size of x' }),
  ratio: Optional(TNumber({ exclusiveMinimum: 0, maximum: F32_MAX, default: 1, description: 'η_y/η_x (two-timescale)' })),
};
const strict = (properties: TProperties) => TObject(properties, { additionalProperties: false });
const entryOptions = (name: StepperName) => propertiesOf(STEPPERS.entries[name].options);
/** STEPPERS' names and summaries with other options (the registry stays the one list of names). */
const withEntryOptions = <T extends TSchema>(options: (name: StepperName) => T): Record<StepperName, RegistryEntry & { options: T }> =>
  Object.fromEntries(STEPPERS.names.map((name) => {
    const { summary, reference } = STEPPERS.entries[name];
    return [name, { summary, reference, options: options(name) }];
  })) as Record<StepperName, RegistryEntry & { options: T }>;

/** stepper(name, options)'s options: the step sizes and the entry's own options. */
const WITH_SIZES = defineRegistry('stepper', withEntryOptions((name) => strict({ ...SIZES, ...entryOptions(name) })));

const innerSteps = entryOptions('alternatingGda').steps;
/** gdaAm's Anderson options (window, lambda, beta, restart, growth): all but base and baseOptions. */
const mixing = Object.fromEntries(Object.entries(entryOptions('gdaAm')).filter(([key]) => key !== 'base' && key !== 'baseOptions'));

/**
 * The named constructors' options (simultaneousGda({ lr, ratio }), …): the step sizes, the
 * entry's options, and the names these functions have always used (innerSteps, base).
 */
const NAMED_OPTIONS: Record<StepperName, TObjectSchema> = {
  simultaneousGda: strict(SIZES),
  alternatingGda: strict({ ...SIZES, innerSteps: { ...innerSteps, description: 'y steps per x step' } }),
  extragradient: strict(SIZES),
  optimisticGda: strict(SIZES),
  consensus: strict({ ...SIZES, ...entryOptions('consensus') }),
  nsgda: strict({ ...SIZES, ...entryOptions('nsgda') }),
  gdaAm: strict({
    ...SIZES,
    base: Optional(Union([Literal('simultaneous'), Literal('alternating')], { default: 'simultaneous', description: 'the fixed-point map: one simultaneous or alternating GDA iteration' })),
    innerSteps: { ...innerSteps, description: "y steps per x step (base 'alternating')" },
    ...mixing,
  }),
};
const NAMED = defineRegistry('stepper', withEntryOptions((name) => NAMED_OPTIONS[name]));

/** η_x = lr and η_y = ratio·lr, both finite in f32. */
function sizesOf(fn: string, o: { lr: number; ratio: number }): { lrX: number; lrY: number } {
  const lrY = o.lr * o.ratio;
  if (!(lrY > 0 && lrY <= F32_MAX)) throw new SaddleArgumentError(fn, 'options.ratio', `a number with lr·ratio positive and finite in f32 (lr = ${o.lr})`, o.ratio);
  return { lrX: o.lr, lrY };
}

/** A named constructor's options, checked (unknown keys, other steppers' options, ranges) and with defaults. */
function namedOptions(name: StepperName, options: unknown): Record<string, unknown> & { lr: number; ratio: number } {
  NAMED.checkOptions(name, options === undefined ? {} : options, name, 'options');
  return withDefaults(NAMED_OPTIONS[name], options as object) as Record<string, unknown> & { lr: number; ratio: number };
}

/** The game's players: x minimizes lossX, y minimizes lossY, each with its optimizer. */
function gamePlayers(game: Game, x: number | GradientTransformation, y: number | GradientTransformation): Players {
  return { x: { params: game.x, loss: game.lossX, optimizer: x }, y: { params: game.y, loss: game.lossY, optimizer: y } };
}

/** `name`'s entry with checked options, bound to step sizes (or to two optimizers). */
function onGame(fn: string, name: StepperName, options: unknown, sizes: { lrX: number; lrY: number }, optimizers?: { x: GradientTransformation; y: GradientTransformation; name: string }): Stepper {
  const entry = STEPPERS.entries[name] as StepperEntry;
  const o = resolveOptions(fn, entry.options as TSchema, options);
  return {
    name: optimizers?.name ?? entry.label(o), lrX: sizes.lrX, lrY: sizes.lrY,
    build: (game) => buildStepper(name, gamePlayers(game, optimizers?.x ?? sizes.lrX, optimizers?.y ?? sizes.lrY), o, fn),
    linearize: (J, nx, ny) => (entry.linearize && !optimizers ? entry.linearize(J, nx, ny, sizes, o) : null),
  };
}

/**
 * Any registry stepper on a game, by name, with the step sizes (lr, ratio) and the entry's
 * options in one object (what the playground and run files give). Unknown keys, keys of
 * other steppers and out-of-range values are refused (SaddleArgumentError naming the key).
 *
 * @example
 * const s = minimax.stepper('alternatingGda', { lr: 0.1, steps: 5 });
 */
export function stepper(name: string, options: StepSizes & Record<string, unknown>): Stepper {
  const fn = 'stepper';
  STEPPERS.get(name as StepperName, fn, 'name');
  const at = `${fn}(${name})`;
  WITH_SIZES.checkOptions(name as StepperName, options === undefined ? {} : options, at, 'options');
  const { lr, ratio, ...rest } = withDefaults(WITH_SIZES.entries[name as StepperName].options, options) as { lr: number; ratio: number };
  return onGame(at, name as StepperName, rest, sizesOf(at, { lr, ratio }));
}

/**
 * Simultaneous GDA: x ← x − η_x∇ₓlossX, y ← y − η_y∇ᵧlossY from the same point.
 * Linearization M = I + DJ, D = diag(η_x, η_y). On the bilinear game (σ a singular value
 * of A, η_x = η_y = η): |μ| = √(1 + η²σ²) > 1, it diverges.
 */
export function simultaneousGda(options: StepSizes): Stepper {
  const o = namedOptions('simultaneousGda', options);
  return onGame('simultaneousGda', 'simultaneousGda', {}, sizesOf('simultaneousGda', o));
}

export interface GdaOptions extends StepSizes {
  /** y (the second player, a discriminator) steps per x step, alternating only (default 1). */
  innerSteps?: number;
}

/**
 * Alternating GDA: y takes `innerSteps` steps, then x one step at the new y (Gauss–Seidel).
 * M = M_x·M_yᵏ with M_y = I + η_y J on y's rows, M_x = I + η_x J on x's rows. On the
 * bilinear game det M = 1 and trace M = 2 − η²σ²: |μ| = 1 for ησ ≤ 2 (it cycles, neither
 * converging nor diverging; Gidel et al. 2019; Bailey, Gidel & Piliouras 2020).
 */
export function alternatingGda(options: GdaOptions): Stepper {
  const fn = 'alternatingGda';
  const o = namedOptions(fn, options);
  return onGame(fn, 'alternatingGda', { steps: o.innerSteps }, sizesOf(fn, o));
}

/**
 * Extragradient (Korpelevich 1976): z̃ = z + Dv(z), z ← z + Dv(z̃).
 * M = I + DJ + (DJ)²; bilinear: |μ|² = 1 − η²σ² + η⁴σ⁴ < 1 for 0 < ησ < 1.
 */
export function extragradient(options: StepSizes): Stepper {
  const o = namedOptions('extragradient', options);
  return onGame('extragradient', 'extragradient', {}, sizesOf('extragradient', o));
}

/**
 * Optimistic GDA (Daskalakis, Ilyas, Syrgkanis & Zeng 2018): z_{k+1} = z_k + 2Dv(z_k) − Dv(z_{k−1})
 * (simultaneous; v(z_{−1}) = 0, as optim.ogda). Linearization on (z_k, z_{k−1}), size 2n:
 * M = [[I + 2DJ, −DJ], [I, 0]]; per eigenvalue a = iησ of DJ on the bilinear game, μ solves
 * μ² − (1 + 2a)μ + a = 0.
 */
export function optimisticGda(options: StepSizes): Stepper {
  const o = namedOptions('optimisticGda', options);
  return onGame('optimisticGda', 'optimisticGda', {}, sizesOf('optimisticGda', o));
}

/**
 * Consensus optimization (Mescheder, Nowozin & Geiger 2017): simultaneous GDA on the losses
 * plus γ/2‖ξ‖² (as withConsensus(game, γ); γ >= 0, default 1). M = I + D(J − γJᵀJ) at a
 * stationary point.
 */
export function consensus(options: StepSizes & { gamma?: number }): Stepper {
  const fn = 'consensus';
  const o = namedOptions(fn, options);
  return onGame(fn, 'consensus', { gamma: o.gamma }, sizesOf(fn, o));
}

/**
 * nSGDA (Jelassi, Mensch, Gidel & Li 2022): each player steps by its normalized gradient,
 * x ← x − η_x∇ₓ/‖∇ₓ‖, the norm over all of the player's parameters (scope 'global',
 * default) or per parameter tensor ('layer'). Every step has length η (per player or per
 * tensor): near a stationary point it oscillates at that scale (no linearization).
 */
export function nsgda(options: StepSizes & { scope?: NormScope }): Stepper {
  const o = namedOptions('nsgda', options);
  return onGame('nsgda', 'nsgda', { scope: o.scope }, sizesOf('nsgda', o));
}

const WITH_OPTIMIZERS = strict({
  x: Unsafe<GradientTransformation>({ 'x-expected': 'a GradientTransformation { init, update }', description: "x's optimizer" }),
  y: Unsafe<GradientTransformation>({ 'x-expected': 'a GradientTransformation { init, update }', description: "y's optimizer" }),
  name: Optional(TString({ description: 'the label of plots and messages' })),
});

/**
 * Simultaneous steps by any two optimizers (optim gradient transformations): x ← x + tx(∇ₓ
 * lossX), y ← y + ty(∇ᵧ lossY), e.g. Adam or the grafts adamMagnitudeSgdDirection /
 * sgdMagnitudeAdamDirection: the simultaneousGda entry with these players' optimizers.
 * Their learning rates are inside tx and ty (lrX, lrY report NaN).
 *
 * @example
 * const s = minimax.withOptimizers({ x: optim.adam(1e-3), y: optim.adam(1e-3), name: 'Adam' });
 */
export function withOptimizers(options: { x: GradientTransformation; y: GradientTransformation; name?: string }): Stepper {
  const fn = 'withOptimizers';
  if (!options || typeof options !== 'object') throw new SaddleArgumentError(fn, 'options', 'an object { x, y, name? }', options);
  validate(fn, '', WITH_OPTIMIZERS, options);
  const x = checkTransform(fn, 'x', options.x), y = checkTransform(fn, 'y', options.y);
  return onGame(fn, 'simultaneousGda', {}, { lrX: NaN, lrY: NaN }, { x, y, name: options.name ?? 'optimizers' });
}

export interface GdaAmOptions extends GdaOptions {
  /** The fixed-point map: one simultaneous (default) or alternating GDA iteration. */
  base?: 'simultaneous' | 'alternating';
  /** Anderson window p (default 5), Tikhonov λ (relative, default 1e-8), mixing β (default 1), restart (default 'none'). */
  window?: number;
  lambda?: number;
  beta?: number;
  restart?: AndersonRestart;
  growth?: number;
}

/**
 * GDA-AM (He, Li, Sra & Wang 2022): Anderson mixing (type II, optim.anderson) on the
 * fixed-point map T(z) = one simultaneous or alternating GDA iteration (innerSteps only
 * with base 'alternating'). The history is kept in WASM state; the Anderson step runs as
 * one instruction (EXEC_ANDERSON). Any other base: stepper('gdaAm', { lr, base: 'extragradient' }).
 */
export function gdaAm(options: GdaAmOptions): Stepper {
  const fn = 'gdaAm';
  const o = namedOptions(fn, options);
  if (o.base === 'simultaneous' && options.innerSteps !== undefined) {
    throw new SaddleArgumentError(fn, 'options.innerSteps', "unset with base 'simultaneous' (innerSteps is for base 'alternating')", options.innerSteps);
  }
  const { lr: _lr, ratio: _ratio, base, innerSteps: steps, ...rest } = o;
  return onGame(fn, 'gdaAm', {
    base: base === 'simultaneous' ? 'simultaneousGda' : 'alternatingGda', baseOptions: base === 'alternating' ? { steps } : {}, ...rest,
  }, sizesOf(fn, o));
}

export { dimensions };
