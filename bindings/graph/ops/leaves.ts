// Leaves: parameters (trainable, persistent), inputs (persistent, fed from JS), constants,
// and random draws from the seeded RNG. The reference evaluator asks its context for the
// values of every leaf but constants; the compiled program owns them in WASM memory.

import { Described, SaddleArgumentError } from '../../errors.js';
import { INITIALIZER_SCHEMA } from '../../nn/initializers.js';
import { validate } from '../../schema/validate.js';
import { finiteF32Numbers } from '../../schema/values.js';
import { Graph, Node, type Shape } from '../node.js';
import { apply, defineOp, type LowerContext } from '../op.js';
import * as OP from '../../wasm/opcodes.js';

/** How a parameter is initialized (drawn from the program's seeded RNG at compile time). */
export type Initializer =
  | { kind: 'zeros' }
  | { kind: 'constant'; value: number }
  | { kind: 'normal'; std: number }
  | { kind: 'uniform'; low: number; high: number }
  /** Glorot & Bengio 2010: U(±√(6/(fanIn + fanOut))) */
  | { kind: 'xavier' }
  /** He et al. 2015: N(0, 2/fanIn) */
  | { kind: 'he' }
  /** Saxe et al. 2014: a random orthogonal matrix (orthonormal columns, or rows if wide) times gain */
  | { kind: 'orthogonal'; gain?: number }
  | { kind: 'values'; values: ArrayLike<number> };

function checkShape(fn: string, shape: unknown): Shape {
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new SaddleArgumentError(fn, 'shape', '[rows, cols] with non-negative integers', shape);
  }
  return [shape[0], shape[1]];
}

/** `init` checked against the initializer registry's schemas (finite options, f32 values of the shape's size). */
function checkInit(fn: string, init: unknown, shape: Shape): Initializer {
  const size = shape[0] * shape[1];
  const values = (init as { kind?: unknown; values?: ArrayLike<unknown> } | null)?.kind === 'values' ? (init as { values?: ArrayLike<unknown> }).values : undefined;
  // an empty parameter's values are empty; the schema's non-empty rule is for configs
  validate(fn, 'init', INITIALIZER_SCHEMA, size === 0 && values?.length === 0 ? { ...(init as object), values: [0] } : init);
  if (values !== undefined && values.length !== size) {
    throw new SaddleArgumentError(fn, 'init.values', `${size} numbers for shape [${shape.join(', ')}]`, new Described(`${values.length} numbers`));
  }
  return init as Initializer;
}

/** A draw from the program's RNG stream `attrs.stream` into the node (counter kept in program memory). */
function lowerDraw(opcode: number) {
  return (node: Node & { attrs: { stream: number; n?: number } }, { emitter, addr, rng }: LowerContext) => {
    const { counter, seedLo, seedHi } = rng(node.attrs.stream);
    const range = opcode === OP.EXEC_RNG_INDICES ? [node.attrs.n!] : [];
    emitter.emit(opcode, addr(node), node.size, seedLo, seedHi, node.attrs.stream, counter, ...range);
  };
}

const leafRef = (_values: readonly Float64Array[], node: Node, ctx: { leaf(node: Node): Float64Array }) => ctx.leaf(node);

export const PARAMETER = defineOp<{ shape: Shape; init: Initializer }>({ name: 'Parameter', leaf: true, shape: (_i, a) => a.shape, ref: leafRef });
/** Persistent, non-trainable state (optimizer moments, step counters, EMA weights). */
export const STATE = defineOp<{ shape: Shape; init: Initializer }>({ name: 'State', leaf: true, shape: (_i, a) => a.shape, ref: leafRef });
export const INPUT = defineOp<{ shape: Shape }>({ name: 'Input', leaf: true, shape: (_i, a) => a.shape, ref: leafRef });
export const CONSTANT = defineOp<{ shape: Shape; values: Float32Array }>({
  name: 'Constant', leaf: true, shape: (_i, a) => a.shape, ref: (_v, node) => Float64Array.from(node.attrs.values),
});
export const RANDOM_NORMAL = defineOp<{ shape: Shape; stream: number }>({
  name: 'RandomNormal', leaf: true, shape: (_i, a) => a.shape, ref: leafRef, lower: lowerDraw(OP.EXEC_RNG_NORMAL),
});
export const RANDOM_UNIFORM = defineOp<{ shape: Shape; stream: number }>({
  name: 'RandomUniform', leaf: true, shape: (_i, a) => a.shape, ref: leafRef, lower: lowerDraw(OP.EXEC_RNG_UNIFORM),
});
export const RANDOM_INDICES = defineOp<{ shape: Shape; n: number; stream: number }>({
  name: 'RandomIndices', leaf: true, shape: (_i, a) => a.shape, dtype: () => 'i32', ref: leafRef, lower: lowerDraw(OP.EXEC_RNG_INDICES),
});

/** A trainable parameter of `shape`, initialized by `init` (default zeros). */
export function param(g: Graph, shape: Shape, init: Initializer = { kind: 'zeros' }, name?: string): Node {
  const s = checkShape('param', shape);
  const node = apply(PARAMETER, [], { shape: s, init: checkInit('param', init, s) }, g);
  node.name = name;
  return node;
}

/** Persistent non-trainable state of `shape` (optimizer moments, counters), initialized by `init`. */
export function state(g: Graph, shape: Shape, init: Initializer = { kind: 'zeros' }, name?: string): Node {
  const s = checkShape('state', shape);
  const node = apply(STATE, [], { shape: s, init: checkInit('state', init, s) }, g);
  node.name = name;
  return node;
}

/** A persistent input buffer of `shape`, written from JS between runs. */
export function input(g: Graph, shape: Shape, name?: string): Node {
  const node = apply(INPUT, [], { shape: checkShape('input', shape) }, g);
  node.name = name;
  return node;
}

/** A constant matrix (values row-major, stored as f32): finite numbers within the f32 range. */
export function constant(g: Graph, values: ArrayLike<number>, shape: Shape): Node {
  const s = checkShape('constant', shape);
  finiteF32Numbers('constant', 'values', values, { cols: s[1] });
  if (values.length !== s[0] * s[1]) {
    throw new SaddleArgumentError('constant', 'values', `${s[0] * s[1]} numbers for shape [${s.join(', ')}]`, `${values.length} numbers`);
  }
  return apply(CONSTANT, [], { shape: s, values: Float32Array.from(values) }, g);
}

/** Zeros of a shape (a constant). */
export function zeros(g: Graph, shape: Shape): Node {
  return constant(g, new Float32Array(shape[0] * shape[1]), shape);
}

/** Standard normal draws, fresh every iteration, from the program's seeded RNG (`stream` separates draws). */
export function randomNormal(g: Graph, shape: Shape, stream: number): Node {
  return apply(RANDOM_NORMAL, [], { shape: checkShape('randomNormal', shape), stream }, g);
}

/** Uniform draws in [0, 1), fresh every iteration. */
export function randomUniform(g: Graph, shape: Shape, stream: number): Node {
  return apply(RANDOM_UNIFORM, [], { shape: checkShape('randomUniform', shape), stream }, g);
}

/** `count` row indices uniform in [0, n), fresh every iteration (an i32 column). */
export function randomIndices(g: Graph, n: number, count: number, stream: number): Node {
  if (!Number.isInteger(n) || n < 1) throw new SaddleArgumentError('randomIndices', 'n', 'an integer >= 1', n);
  return apply(RANDOM_INDICES, [], { shape: checkShape('randomIndices', [count, 1]), n, stream }, g);
}
