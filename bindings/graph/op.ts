// An op is defined once: its name, how it checks and infers shapes, its f64 reference
// (the plain evaluation compiled programs are tested against), its vector-Jacobian
// product written in graph ops (so gradients are graphs and can be differentiated again),
// its lowering to executor instructions, and the samples the op test table runs it on.

import { SaddleArgumentError, SaddleShapeError } from '../errors.js';
import { Graph, Node, type DType, type Shape } from './node.js';

export interface RefContext {
  /** Values of leaf nodes that the reference cannot compute itself (inputs, random draws). */
  leaf(node: Node): Float64Array;
}

/** An f32 instruction operand (stored as its bits). */
export interface F32Operand { f32: number }
export const f32 = (x: number): F32Operand => ({ f32: x });

/** What an op's lowering sees: where values live and where instructions go. */
export interface LowerContext {
  emitter: { emit(opcode: number, ...operands: Array<number | F32Operand>): void };
  /** byte address of a node's value */
  addr(node: Node): number;
  /** byte address of the f32 constant 1 */
  one: number;
  /** 64-bit block counter of an RNG stream, and the program seed */
  rng(stream: number): { counter: number; seedLo: number; seedHi: number };
}

/**
 * One row of the op test table (tests/graph/op-table.ts): the op on parameter leaves of
 * these shapes gets a forward check against its f64 reference, a finite-difference
 * gradient check and a second-order check, compiled and not; with `tail`, also the
 * compiled forward check at the tail sizes 0, 1, 3, 4, 5, 15, 16, 17, 1023.
 */
export interface OpSample {
  /** row name (default: the op's name) */
  name?: string;
  inputs: Shape[];
  attrs?: Record<string, unknown>;
  /** value range per input (kept away from poles; default [-1.5, 1.5]) */
  ranges?: Array<[number, number]>;
  /** a kink (relu, abs, max): values drawn at least 0.1 from 0 and from each other */
  avoidKinks?: boolean;
  /** an i32 index input (a random-indices leaf fed these values): n rows, values */
  indices?: { n: number; values: number[] };
  /** the graph around the op (zero-gradient ops, index inputs, composites); default the op on xs */
  build?(xs: Node[], idx?: Node): Node;
  /** input shapes at tail size s */
  tail?(s: number): Shape[];
}

export interface OpDef<A extends Record<string, unknown> = Record<string, unknown>> {
  readonly name: string;
  /** Leaves have no inputs and hold state or data (parameters, inputs, constants, random draws). */
  readonly leaf?: boolean;
  /** Output shape from input shapes; throws SaddleShapeError naming the op and the shapes. */
  shape(inputs: readonly Node[], attrs: A): Shape;
  /** Output dtype (default f32). */
  dtype?(inputs: readonly Node[], attrs: A): DType;
  /** f64 reference: the output, row-major, from the inputs' values. */
  ref(values: readonly Float64Array[], node: Node & { attrs: A }, ctx: RefContext): Float64Array;
  /**
   * Cotangents of the inputs given the output's cotangent `dy`, as graph nodes (null: no
   * gradient flows to that input). Omitted: the op has a zero derivative everywhere it
   * is defined (comparisons, step, sign, leaves).
   */
  vjp?(dy: Node, node: Node & { attrs: A }): ReadonlyArray<Node | null>;
  /** Emits the executor instructions computing a non-empty node. Omitted: persistent leaves (buffers). */
  lower?(node: Node & { attrs: A }, ctx: LowerContext): void;
  /** Rows of the op test table; ops without samples are covered by composite rows there. */
  readonly samples?: readonly OpSample[];
}

const REGISTRY = new Map<string, OpDef>();

/** Defines an op and registers it under its name (names are unique). */
export function defineOp<A extends Record<string, unknown>>(def: OpDef<A>): OpDef<A> {
  if (REGISTRY.has(def.name)) throw new SaddleArgumentError('defineOp', 'name', 'a name no other op has', def.name);
  REGISTRY.set(def.name, def as OpDef);
  return def;
}

/** Every op defined so far, in definition order. */
export function registeredOps(): readonly OpDef[] {
  return [...REGISTRY.values()];
}

/** Builds a node of `op` on `inputs` (all from one graph), inferring and checking its shape. */
export function apply<A extends Record<string, unknown>>(op: OpDef<A>, inputs: readonly Node[], attrs: A, graph?: Graph): Node {
  const g = graph ?? inputs[0]?.graph;
  if (!g) throw new SaddleArgumentError(op.name, 'inputs', 'at least one node (or a graph)', inputs);
  inputs.forEach((x, i) => {
    if (!(x instanceof Node)) throw new SaddleArgumentError(op.name, `input ${i}`, 'a graph node', x);
    if (x.graph !== g) throw new SaddleArgumentError(op.name, `input ${i}`, 'a node of the same graph', `a node of graph ${x.graph.id}`);
  });
  const shape = op.shape(inputs, attrs);
  const dtype = op.dtype ? op.dtype(inputs, attrs) : 'f32';
  return g.add(new Node(g, op as OpDef, inputs, attrs, shape, dtype));
}

export function shapeError(op: string, nodes: readonly Node[], detail: string): SaddleShapeError {
  return new SaddleShapeError(op, nodes.map((n) => n.shape), detail);
}

/** Checks that every input is f32 (most ops); names the op and the offending input. */
export function requireF32(op: string, inputs: readonly Node[]): void {
  inputs.forEach((x, i) => {
    if (x.dtype !== 'f32') throw new SaddleArgumentError(op, `input ${i}`, 'an f32 node', `an ${x.dtype} node (${x})`);
  });
}
