// Anderson mixing (type II) over any list of parameter nodes, run inside compiled
// programs: GDA-AM (He, Li, Sra & Wang 2022) applies it to the fixed-point map of
// simultaneous or alternating GDA; the GAN trainer can apply it to its players' updates.
// The step itself is the AndersonMix op (bindings/graph/ops/anderson.ts, kernel
// assembly/kernels/anderson.ts); its history lives in one state node.

import { Described, SaddleArgumentError } from '../errors.js';
import { Node } from '../graph/node.js';
import { concat, reshape, slice } from '../graph/ops/structural.js';
import { state as stateNode } from '../graph/ops/leaves.js';
import { ANDERSON_MAX_WINDOW, andersonMix, andersonStateSize } from '../graph/ops/anderson.js';
import * as OP from '../wasm/opcodes.js';
import type { Phase } from '../compile/program.js';
import { checkLike, checkParams } from './check.js';
import { resolveOptions } from '../schema/options.js';
import { Integer as TInteger, Literal as TLiteral, Number as TNumber, Object as TObject, Optional, Union as TUnion } from '@sinclair/typebox';

/**
 * When the history is cleared: 'none' slides a window of the last p differences; 'window'
 * clears it when a difference arrives with the window full (restarted Anderson: windows
 * of 1, 2, …, p, 1, 2, …); 'residual' clears it when ‖f_k‖ > growth·‖f_{k−1}‖ (f the
 * residual T(x) − x), and otherwise slides. A singular system (λ = 0) also clears it.
 */
export type AndersonRestart = 'none' | 'window' | 'residual';

export interface AndersonOptions {
  /** p, the number of stored differences, an integer in [1, 32] (default 5). */
  window?: number;
  /**
   * Tikhonov λ >= 0, relative (default 1e-8): the system is (ΔFᵀΔF + λ·tr(ΔFᵀΔF)/m·I)γ = ΔFᵀf,
   * so λ does not depend on the scale of the residuals.
   */
  lambda?: number;
  /** Mixing β in (0, 1] (default 1): x_{k+1} = x_k + βf_k − (ΔX + βΔF)γ. */
  beta?: number;
  /** Restart policy (default 'none'). */
  restart?: AndersonRestart;
  /** Residual growth that triggers a 'residual' restart, >= 1 (default 2). */
  growth?: number;
}

/** What `init` made: the history state node and what it was built for. */
export interface AndersonState {
  /** The mixed parameters, in order (the fixed-point variable is their concatenation). */
  readonly params: readonly Node[];
  /** n, the total number of entries of the params. */
  readonly size: number;
  /** p, the window. */
  readonly window: number;
  /** The history: one [1, 8 + 2n + 2pn] state node (kernels/anderson.ts layout). */
  readonly history: Node;
  /** Every persistent state node made (the history). */
  readonly nodes: readonly Node[];
  /**
   * Scalars worth logging: `andersonWindow` (differences used by the next step, before it
   * adds its own) and `andersonRestarts` (restarts so far).
   */
  readonly scalars: Readonly<Record<string, Node>>;
}

/** An Anderson mixer (from `anderson(options)`): init once, then mix in a phase. */
export interface Anderson {
  readonly options: Readonly<Required<AndersonOptions>>;
  /** Creates the history for these params (any f32 nodes that are parameters or state). */
  init(params: readonly Node[]): AndersonState;
  /**
   * One Anderson step: `proposals` are T(x_k), one node per param (the value plain
   * iteration would assign); `from` are x_k (default: the params themselves, right for a
   * map computed in the same phase; give snapshot nodes when T spans several phases).
   * Returns the mixed values x_{k+1} and the assignments [param, value] plus [history, new].
   */
  mix(state: AndersonState, proposals: readonly Node[], from?: readonly Node[]): {
    values: Node[];
    assignments: Array<readonly [Node, Node]>;
  };
  /**
   * Takes a phase's assignments, replaces those whose target is one of the state's params
   * (every param must be assigned exactly once) by their mixed values, passes the others
   * (optimizer state, counters) through, and adds the history assignment.
   */
  wrap(state: AndersonState, assignments: ReadonlyArray<readonly [Node, Node]>): Array<readonly [Node, Node]>;
  /**
   * For a map T that spans several phases (alternating GDA): state nodes holding x_k and
   * the assignments that fill them, to put in a phase before T's first phase. Then mix
   * in a phase after T's last: mix(state, params, snapshot.nodes).
   */
  snapshot(state: AndersonState): { nodes: Node[]; assignments: Array<readonly [Node, Node]> };
  /**
   * One whole iteration T given as compile() phases, mixed: a single phase run once is
   * wrapped in place (wrap); otherwise (several phases, or repeats, e.g. k discriminator
   * steps then a generator step) a snapshot phase is put first and a mixing phase last.
   * Logs stay on their phases.
   */
  wrapPhases(state: AndersonState, phases: readonly Phase[]): Phase[];
}

/** anderson()'s options, also the trainer config's `anderson` field. */
export const ANDERSON_OPTIONS = TObject({
  window: Optional(TInteger({ minimum: 1, maximum: ANDERSON_MAX_WINDOW, default: 5, description: 'p, stored differences' })),
  lambda: Optional(TNumber({ minimum: 0, default: 1e-8, description: 'relative Tikhonov regularization' })),
  beta: Optional(TNumber({ exclusiveMinimum: 0, maximum: 1, default: 1, description: 'mixing β' })),
  restart: Optional(TUnion([TLiteral('none'), TLiteral('window'), TLiteral('residual')], { default: 'none', description: 'restart policy' })),
  growth: Optional(TNumber({ minimum: 1, default: 2, description: "residual growth that triggers a 'residual' restart" })),
}, { additionalProperties: false });

const RESTART: Record<AndersonRestart, number> = {
  none: OP.ANDERSON_RESTART_NONE, window: OP.ANDERSON_RESTART_WINDOW, residual: OP.ANDERSON_RESTART_RESIDUAL,
};

/** [1, total] row: the params flattened and concatenated. */
function flatten(xs: readonly Node[]): Node {
  const rows = xs.map((x) => (x.rows === 1 ? x : reshape(x, [1, x.size])));
  return rows.length === 1 ? rows[0] : concat(rows, 1);
}

/**
 * Anderson mixing, type II (Anderson 1965; Walker & Ni 2011), for a fixed-point map T over
 * parameter nodes. With residuals f_k = T(x_k) − x_k and the last m ≤ p differences
 * ΔX = [x_{i+1} − x_i], ΔF = [f_{i+1} − f_i]:
 *
 *   γ = argmin_γ ‖f_k − ΔFγ‖² + λ̃‖γ‖²,   λ̃ = λ·tr(ΔFᵀΔF)/m   (normal equations, Cholesky in f64)
 *   x_{k+1} = x_k + βf_k − (ΔX + βΔF)γ
 *
 * The first step (no history) is the plain step x_k + βf_k. Applied to a GDA step, this is
 * GDA-AM (He, Li, Sra & Wang 2022, ICLR, Algorithm 1 for simultaneous and 2 for
 * alternating GDA): on bilinear games it converges where GDA diverges.
 *
 * @example
 * // simultaneous GDA-AM on a compiled phase: T(x, y) = (x − η∇ₓL, y + η∇ᵧL)
 * const am = optim.anderson({ window: 5 });
 * const s = am.init([x, y]);
 * const [gx, gy] = grad(L, [x, y]);
 * const phase = { updates: am.wrap(s, [[x, graph.sub(x, graph.mul(gx, eta))], [y, graph.add(y, graph.mul(gy, eta))]]) };
 * const program = compile(sd, { seed: 1, phases: [phase] });
 * program.run(100);   // 100 GDA-AM steps inside WASM
 */
export function anderson(options?: AndersonOptions): Anderson {
  const fn = 'anderson';
  const { window, lambda, beta, restart, growth } = resolveOptions<Required<AndersonOptions>>(fn, ANDERSON_OPTIONS, options);
  const resolved = Object.freeze({ window, lambda, beta, restart, growth });
  const issued = new WeakSet<object>();

  const checkState = (where: string, s: unknown): AndersonState => {
    if (s === null || typeof s !== 'object' || !issued.has(s)) throw new SaddleArgumentError(where, 'state', "the state returned by this anderson's init", s);
    return s as AndersonState;
  };

  const mixer: Anderson = {
    options: resolved,
    init(params) {
      const ps = checkParams(`${fn}.init`, 'params', params);
      ps.forEach((p, i) => {
        if (p.op.name !== 'Parameter' && p.op.name !== 'State') {
          throw new SaddleArgumentError(`${fn}.init`, `params[${i}]`, 'a parameter or state node (an assignable leaf)', new Described(`${p}`));
        }
      });
      if (new Set(ps).size !== ps.length) throw new SaddleArgumentError(`${fn}.init`, 'params', 'distinct nodes', new Described('a node listed twice'));
      const size = ps.reduce((s, p) => s + p.size, 0);
      if (size === 0) throw new SaddleArgumentError(`${fn}.init`, 'params', 'nodes with at least one entry in total', new Described('0 entries'));
      const history = stateNode(ps[0].graph, [1, andersonStateSize(size, window)], { kind: 'zeros' }, 'anderson.history');
      const s: AndersonState = Object.freeze({
        params: ps.slice(), size, window, history, nodes: [history],
        scalars: { andersonWindow: slice(history, 1, 0, 1), andersonRestarts: slice(history, 1, 4, 5) },
      });
      issued.add(s);
      return s;
    },
    mix(state, proposals, from) {
      const where = `${fn}.mix`;
      const s = checkState(where, state);
      const tx = checkLike(where, 'proposals', proposals, s.params, 'params');
      const x = from === undefined ? s.params : checkLike(where, 'from', from, s.params, 'params');
      const out = andersonMix(flatten(x), flatten(tx), s.history, {
        n: s.size, p: window, lambda, beta, restart: RESTART[restart], growth,
      });
      let offset = 0;
      const values = s.params.map((p) => {
        const part = slice(out, 1, offset, offset + p.size);
        offset += p.size;
        return p.rows === 1 ? part : reshape(part, p.shape);
      });
      const newHistory = slice(out, 1, s.size, out.cols);
      return { values, assignments: [...s.params.map((p, i) => [p, values[i]] as const), [s.history, newHistory] as const] };
    },
    wrap(state, assignments) {
      const where = `${fn}.wrap`;
      const s = checkState(where, state);
      if (!Array.isArray(assignments)) throw new SaddleArgumentError(where, 'assignments', 'an array of [target, value] pairs', assignments);
      const proposal = new Map<Node, Node>();
      const rest: Array<readonly [Node, Node]> = [];
      const wanted = new Set(s.params);
      assignments.forEach((pair, i) => {
        const [target, value] = Array.isArray(pair) ? pair : [];
        if (!(target instanceof Node) || !(value instanceof Node)) throw new SaddleArgumentError(where, `assignments[${i}]`, 'a [target, value] pair of nodes', pair);
        if (wanted.has(target)) {
          if (proposal.has(target)) throw new SaddleArgumentError(where, `assignments[${i}]`, 'each param assigned once', new Described(`${target} twice`));
          proposal.set(target, value);
        } else rest.push([target, value]);
      });
      const missing = s.params.findIndex((p) => !proposal.has(p));
      if (missing >= 0) throw new SaddleArgumentError(where, 'assignments', 'an assignment for every param of the state', new Described(`none for params[${missing}] ${s.params[missing]}`));
      const mixed = mixer.mix(s, s.params.map((p) => proposal.get(p)!));
      return [...mixed.assignments, ...rest];
    },
    snapshot(state) {
      const s = checkState(`${fn}.snapshot`, state);
      const nodes = s.params.map((p, i) => stateNode(p.graph, p.shape, { kind: 'zeros' }, `anderson.x[${i}]`));
      return { nodes, assignments: s.params.map((p, i) => [nodes[i], p] as const) };
    },
    wrapPhases(state, phases) {
      const s = checkState(`${fn}.wrapPhases`, state);
      if (!Array.isArray(phases) || phases.length === 0) throw new SaddleArgumentError(`${fn}.wrapPhases`, 'phases', 'a non-empty array of phases', phases);
      if (phases.length === 1 && (phases[0].repeat ?? 1) === 1) return [{ ...phases[0], updates: mixer.wrap(s, phases[0].updates) }];
      const snap = mixer.snapshot(s);
      return [{ updates: snap.assignments }, ...phases, { updates: mixer.mix(s, s.params, snap.nodes).assignments }];
    },
  };
  return Object.freeze(mixer);
}
