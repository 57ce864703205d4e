// compile(): graph -> a program that runs whole training iterations inside WASM.
//
//   1. sharing: identical subexpressions (same op, attributes and inputs) become one node;
//   2. per phase, only the nodes its updates and logs need are kept (dead nodes vanish);
//   3. buffers: parameters, state, inputs and constants are persistent; every other value
//      gets an offset in one arena, reused as soon as its last reader has run (liveness);
//   4. emission: a flat instruction stream, phases in order, each wrapped in a repeat.
//
// A phase computes all of its values from the current state, appends its logs, then
// performs its assignments together (target ← value), so updates are simultaneous within
// a phase and sequential between phases (k discriminator steps, then a generator step).
// Random nodes draw fresh values every time a phase that uses them runs.

import { SaddleArgumentError, SaddleError } from '../errors.js';
import type { Node } from '../graph/node.js';
import type { Initializer } from '../graph/ops/leaves.js';
import { topoOrder } from '../graph/topo.js';
import { randomNormal, randomUniform, splitSeed } from '../rng.js';
import type { Saddle } from '../wasm/instance.js';
import { debugWarnOnce } from '../wasm/debug.js';
import { finiteF32Numbers } from '../schema/values.js';
import { Emitter, lower, type LowerContext } from './lower.js';
import { initialValues } from '../nn/init.js';
import * as OP from '../wasm/opcodes.js';

export interface Phase {
  /** Assignments made together at the end of the phase: [target, value], target a parameter or state. */
  updates: ReadonlyArray<readonly [Node, Node]>;
  /** Scalars ([1, 1]) appended to named logs every time the phase runs. */
  logs?: Readonly<Record<string, Node>>;
  /** Runs of this phase per iteration (default 1). */
  repeat?: number;
}

/** A program's run state (see Program.snapshot). */
export interface ProgramSnapshot {
  iterations: number;
  /** whether `values` includes the inputs */
  inputs: boolean;
  /** each parameter, state and (if `inputs`) input, in the program's fixed order */
  values: Float32Array[];
  /** each random stream's block counter, by stream number */
  counters: BigUint64Array;
}

export interface CompileOptions {
  /** Seeds parameter initialization and every random node: an integer in [0, 2^53) or a bigint < 2^64. */
  seed: number | bigint;
  phases: readonly Phase[];
  /** Values kept per log (a ring; default 65536). */
  logCapacity?: number;
}

const PERSISTENT = new Set(['Parameter', 'State', 'Input', 'Constant']);
/**
 * Parameter initialization draws from stream 2^30 + the node's index in its graph (its
 * creation order), apart from users' streams: a parameter's initial value depends only on
 * the seed and where it was created, not on what else the program computes.
 */
const INIT_STREAM = 2 ** 30;
const ALIGN = 64;

const roundUp = (bytes: number) => Math.ceil(bytes / ALIGN) * ALIGN;

/** Structural key for sharing identical subexpressions; leaves other than constants are never shared. */
function keyOf(node: Node, canon: Map<Node, Node>): string {
  const name = node.op.name;
  if (name === 'Constant') {
    return `Constant|${node.shape.join('x')}|${Array.from(node.attrs.values as Float32Array).join(',')}`;
  }
  if (node.op.leaf) return `leaf|${node.id}`;
  return `${name}|${JSON.stringify(node.attrs)}|${node.inputs.map((x) => canon.get(x)!.id).join(',')}`;
}

/** Rebuilds nothing: maps each node to its canonical representative. */
function shareSubexpressions(roots: readonly Node[]): Map<Node, Node> {
  const canon = new Map<Node, Node>();
  const byKey = new Map<string, Node>();
  for (const node of topoOrder(roots)) {
    const key = keyOf(node, canon);
    const existing = byKey.get(key);
    if (existing) canon.set(node, existing);
    else { byKey.set(key, node); canon.set(node, node); }
  }
  return canon;
}

/** First-fit offsets in an arena, freed at last use. */
class ArenaPlanner {
  private free: Array<[number, number]> = []; // [offset, size], sorted by offset
  size = 0;
  alloc(bytes: number): number {
    const need = roundUp(Math.max(bytes, 4));
    for (let i = 0; i < this.free.length; i++) {
      const [offset, size] = this.free[i];
      if (size >= need) {
        if (size === need) this.free.splice(i, 1);
        else this.free[i] = [offset + need, size - need];
        return offset;
      }
    }
    const offset = this.size;
    this.size += need;
    return offset;
  }
  release(offset: number, bytes: number): void {
    const size = roundUp(Math.max(bytes, 4));
    this.free.push([offset, size]);
    this.free.sort((a, b) => a[0] - b[0]);
    // coalesce neighbours
    for (let i = 0; i + 1 < this.free.length;) {
      const [o, s] = this.free[i], [o2, s2] = this.free[i + 1];
      if (o + s === o2) this.free.splice(i, 2, [o, s + s2]);
      else i++;
    }
  }
  reset(): void { this.free = []; }
}

/**
 * Backstop for programs dropped without dispose(): their buffers are freed when the program
 * is garbage-collected (the held value must not reference the program itself).
 */
const UNDISPOSED = new FinalizationRegistry<{ sd: Saddle; allocations: readonly number[] }>(({ sd, allocations }) => {
  debugWarnOnce('Program', `saddle: a Program was garbage-collected without dispose(); the finalizer freed its ${allocations.length} WASM buffers. Call dispose() when done: collection may come late or never.`);
  try { for (const ptr of allocations) sd.free(ptr); } catch { /* instance already unusable */ }
});

/** A compiled program: persistent buffers, an arena, and an instruction stream in WASM memory. */
export class Program {
  /** Instruction words per iteration, and temporaries' arena size in bytes (for inspection). */
  readonly words: number;
  readonly arenaBytes: number;
  private readonly sd: Saddle;
  private readonly allocations: number[];
  private readonly buffers: Map<Node, number>;
  private readonly rings: Map<string, number>;
  private readonly counters: Map<number, number>;
  private readonly codePtr: number;
  private iterationsRun = 0;
  private disposed = false;

  /** @internal use compile() */
  constructor(sd: Saddle, parts: { allocations: number[]; buffers: Map<Node, number>; rings: Map<string, number>; counters: Map<number, number>; codePtr: number; words: number; arenaBytes: number }) {
    this.sd = sd;
    this.allocations = parts.allocations;
    this.buffers = parts.buffers;
    this.rings = parts.rings;
    this.counters = new Map([...parts.counters].sort((a, b) => a[0] - b[0]));
    this.codePtr = parts.codePtr;
    this.words = parts.words;
    this.arenaBytes = parts.arenaBytes;
    UNDISPOSED.register(this, { sd, allocations: parts.allocations }, this);
  }

  /** Iterations run so far. */
  get iterations(): number { return this.iterationsRun; }

  private live(fn: string): void {
    if (this.disposed) throw new SaddleError('E_DISPOSED', `Program.${fn}: the program was disposed`);
  }

  /** Runs `iterations` whole iterations (every phase in order) inside WASM. */
  run(iterations = 1): void {
    this.live('run');
    if (!Number.isInteger(iterations) || iterations < 0 || iterations > 0x7fffffff) {
      throw new SaddleArgumentError('Program.run', 'iterations', 'an integer in [0, 2^31)', iterations);
    }
    const status = this.sd.exports.exec_run(this.codePtr, this.words, iterations);
    if (status !== 0) throw new SaddleError('E_EXEC', `Program.run: instruction at word ${status - 1} reported invalid input`);
    this.iterationsRun += iterations;
  }

  private bufferOf(fn: string, node: Node): number {
    const ptr = this.buffers.get(node);
    if (ptr === undefined) {
      throw new SaddleArgumentError(`Program.${fn}`, 'node', 'a parameter, state, input or constant of this program', `${node}`);
    }
    return ptr;
  }

  /** Whether `node` is one of this program's persistent values (compile drops unused ones). */
  has(node: Node): boolean { return this.buffers.has(node); }

  /** A copy of a persistent value (parameter, state, input). */
  read(node: Node): Float32Array {
    this.live('read');
    return this.sd.viewF32(this.bufferOf('read', node), node.size).slice();
  }

  /**
   * Overwrites a persistent value (an input between runs, or a parameter) with `values`,
   * row-major: finite numbers within the f32 range (null, strings, NaN, ±Infinity and
   * numbers that would round to ±Infinity are refused, naming the index).
   */
  write(node: Node, values: ArrayLike<number>): void {
    this.live('write');
    this.bufferOf('write', node);
    finiteF32Numbers('Program.write', 'values', values, { cols: node.cols });
    this.writeUnchecked(node, values);
  }

  /** @internal write() without the check of each value: for values saddle made or checked (another program's state, validated data). */
  writeUnchecked(node: Node, values: ArrayLike<number>): void {
    this.live('write');
    const ptr = this.bufferOf('write', node);
    if (values == null || values.length !== node.size) {
      throw new SaddleArgumentError('Program.write', 'values', `${node.size} numbers for ${node}`, values == null ? values : `${values.length} numbers`);
    }
    this.sd.viewF32(ptr, node.size).set(values);
  }

  /** Log `name`'s ring: its address, capacity and the number of values ever appended. */
  private ringOf(fn: string, name: string): { ring: number; capacity: number; count: number } {
    this.live(fn);
    const ring = this.rings.get(name);
    if (ring === undefined) throw new SaddleArgumentError(`Program.${fn}`, 'name', `one of ${[...this.rings.keys()].map((k) => `'${k}'`).join(', ') || 'no logs'}`, name);
    const [capacity, count] = this.sd.viewU32(ring, 2);
    return { ring, capacity, count };
  }

  /** Values number `from` to `count` − 1 of a ring (from ≥ count − capacity), oldest first. */
  private readRing(ring: number, capacity: number, from: number, count: number): Float32Array {
    const values = this.sd.viewF32(ring + 8, capacity);
    const out = new Float32Array(count - from);
    const start = from % capacity, first = Math.min(out.length, capacity - start);
    out.set(values.subarray(start, start + first));
    out.set(values.subarray(0, out.length - first), first);
    return out;
  }

  /** The logged values of `name`, oldest first (the last logCapacity of them). */
  log(name: string): Float32Array {
    const { ring, capacity, count } = this.ringOf('log', name);
    return this.readRing(ring, capacity, Math.max(0, count - capacity), count);
  }

  /** Names of the logs. */
  logNames(): string[] { return [...this.rings.keys()]; }

  /** Values appended to log `name` since it held `since` values in all (at most logCapacity of them). */
  logSince(name: string, since: number): Float32Array {
    const { ring, capacity, count } = this.ringOf('logSince', name);
    if (!Number.isInteger(since) || since < 0 || since > count) {
      throw new SaddleArgumentError('Program.logSince', 'since', `an integer in [0, ${count}]`, since);
    }
    if (count - since > capacity) {
      throw new SaddleArgumentError('Program.logSince', 'since', `at least count − capacity = ${count - capacity} (older values were overwritten)`, since);
    }
    return this.readRing(ring, capacity, since, count);
  }

  /** Total values ever appended to log `name` (the ring keeps the last logCapacity). */
  logCount(name: string): number {
    return this.ringOf('logCount', name).count;
  }

  /** Persistent values a snapshot holds: parameters and state, plus inputs unless left out. */
  private snapshotNodes(inputs: boolean): Array<[Node, number]> {
    return [...this.buffers.entries()].filter(([n]) => n.op.name !== 'Constant' && (inputs || n.op.name !== 'Input'));
  }

  /**
   * Everything a run depends on besides the code: the iteration count, every parameter and
   * state value, every input (unless `inputs` is false: runs never change inputs, so a
   * rollback point can leave the data out), and each random stream's counter, in a fixed
   * order for a given graph. restore() of a snapshot makes later runs repeat bit for bit.
   */
  snapshot(options: { inputs?: boolean } = {}): ProgramSnapshot {
    this.live('snapshot');
    const inputs = options.inputs ?? true;
    const values = this.snapshotNodes(inputs).map(([node, ptr]) => this.sd.viewF32(ptr, node.size).slice());
    const counters = new BigUint64Array(this.counters.size);
    let k = 0;
    for (const ptr of this.counters.values()) counters[k++] = new BigUint64Array(this.sd.memory.buffer, ptr, 1)[0];
    return { iterations: this.iterationsRun, inputs, values, counters };
  }

  /** What a snapshot holds, in order: each value's name and size, and the random streams. */
  snapshotLayout(options: { inputs?: boolean } = {}): { names: string[]; sizes: number[]; streams: number[] } {
    const nodes = this.snapshotNodes(options.inputs ?? true).map(([n]) => n);
    return { names: nodes.map((n) => n.name ?? `${n.op.name}#${n.id}`), sizes: nodes.map((n) => n.size), streams: [...this.counters.keys()] };
  }

  /** Puts back a snapshot taken from this program or from one compiled from the same graph and options. */
  restore(snapshot: ProgramSnapshot): void {
    this.live('restore');
    const fn = 'Program.restore';
    if (snapshot === null || typeof snapshot !== 'object') throw new SaddleArgumentError(fn, 'snapshot', 'a ProgramSnapshot', snapshot);
    const nodes = this.snapshotNodes(snapshot.inputs !== false);
    if (!Array.isArray(snapshot.values) || snapshot.values.length !== nodes.length) {
      throw new SaddleArgumentError(fn, 'snapshot.values', `${nodes.length} arrays`, snapshot.values);
    }
    nodes.forEach(([node], k) => {
      const v = snapshot.values[k];
      if (!(v instanceof Float32Array) || v.length !== node.size) throw new SaddleArgumentError(fn, `snapshot.values[${k}]`, `a Float32Array of ${node.size} for ${node}`, v);
    });
    if (!(snapshot.counters instanceof BigUint64Array) || snapshot.counters.length !== this.counters.size) {
      throw new SaddleArgumentError(fn, 'snapshot.counters', `a BigUint64Array of ${this.counters.size}`, snapshot.counters);
    }
    if (!Number.isSafeInteger(snapshot.iterations) || snapshot.iterations < 0) throw new SaddleArgumentError(fn, 'snapshot.iterations', 'a non-negative integer', snapshot.iterations);
    nodes.forEach(([node, ptr], k) => this.sd.viewF32(ptr, node.size).set(snapshot.values[k]));
    let k = 0;
    for (const ptr of this.counters.values()) new BigUint64Array(this.sd.memory.buffer, ptr, 1)[0] = snapshot.counters[k++];
    this.iterationsRun = snapshot.iterations;
  }

  /** Frees every buffer of the program. Safe to call twice. (A program dropped without it is freed when garbage-collected, eventually.) */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    UNDISPOSED.unregister(this);
    for (const ptr of this.allocations) this.sd.free(ptr);
  }
}

function initialize(sd: Saddle, node: Node, ptr: number, init: Initializer, seed: number | bigint, stream: number): void {
  const draw = (normal: boolean) => (n: number) => {
    const tmp = sd.f32(n);
    try {
      (normal ? randomNormal : randomUniform)(sd, tmp, { seed, stream });
      return tmp.toArray();
    } finally { tmp.dispose(); }
  };
  const values = initialValues(init, node.shape, { normal: draw(true), uniform: draw(false) }, `init of ${node}`);
  sd.viewF32(ptr, node.size).set(values);
}

/**
 * Compiles phases of assignments into one program (see the file comment for semantics).
 *
 * @example
 * const sd = await loadSaddle();
 * const g = new graph.Graph();
 * const w = graph.param(g, [1, 1], { kind: 'constant', value: 3 });
 * const loss = graph.sum(graph.square(w));              // w²
 * const [dw] = grad(loss, [w]);
 * const program = compile(sd, { seed: 1, phases: [{ updates: [[w, graph.sub(w, graph.mul(dw, 0.1))]], logs: { loss } }] });
 * program.run(10);                                      // ten steps of gradient descent, in WASM
 * program.read(w);                                      // Float32Array [3·0.8¹⁰ ≈ 0.322]
 * program.dispose();
 */
export function compile(sd: Saddle, options: CompileOptions): Program {
  if (options === null || typeof options !== 'object') throw new SaddleArgumentError('compile', 'options', 'an object { seed, phases }', options);
  const [seedLo, seedHi] = splitSeed('compile', options.seed);
  const phases: readonly Phase[] = options.phases;
  if (!Array.isArray(phases as unknown) || phases.length === 0) {
    throw new SaddleArgumentError('compile', 'phases', 'a non-empty array of phases', phases);
  }
  const capacity = options.logCapacity ?? 65536;
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 1 << 24) {
    throw new SaddleArgumentError('compile', 'logCapacity', 'an integer in [1, 2^24]', capacity);
  }
  // validate phases
  const roots: Node[] = [];
  const logNames = new Set<string>();
  phases.forEach((phase, p) => {
    const repeat = phase.repeat ?? 1;
    if (!Number.isInteger(repeat) || repeat < 0) throw new SaddleArgumentError('compile', `phases[${p}].repeat`, 'a non-negative integer', repeat);
    if (!Array.isArray(phase.updates as unknown)) throw new SaddleArgumentError('compile', `phases[${p}].updates`, 'an array of [target, value] pairs', phase.updates);
    const targets = new Set<Node>();
    phase.updates.forEach(([target, value], u) => {
      const where = `phases[${p}].updates[${u}]`;
      if (!target || (target.op.name !== 'Parameter' && target.op.name !== 'State')) {
        throw new SaddleArgumentError('compile', where, 'a target that is a parameter or state node', `${target}`);
      }
      if (!value || value.shape[0] !== target.shape[0] || value.shape[1] !== target.shape[1] || value.dtype !== 'f32') {
        throw new SaddleArgumentError('compile', where, `an f32 value of the target's shape [${target.shape.join(', ')}]`, `${value}`);
      }
      if (targets.has(target)) throw new SaddleArgumentError('compile', where, 'each target assigned once per phase', `${target} twice`);
      targets.add(target);
      roots.push(value, target);
    });
    for (const [name, node] of Object.entries(phase.logs ?? {})) {
      if (node.shape[0] !== 1 || node.shape[1] !== 1) throw new SaddleArgumentError('compile', `phases[${p}].logs.${name}`, 'a scalar node [1, 1]', `${node}`);
      if (logNames.has(name)) throw new SaddleArgumentError('compile', `phases[${p}].logs`, 'log names unique across phases', `'${name}' twice`);
      logNames.add(name);
      roots.push(node);
    }
  });
  const graph = roots[0]?.graph;
  if (roots.some((r) => r.graph !== graph)) throw new SaddleArgumentError('compile', 'phases', 'nodes of one graph', 'nodes of several graphs');
  const canon = shareSubexpressions(roots);
  const c = (n: Node) => canon.get(n)!;

  const allocations: number[] = [];
  const alloc = (bytes: number) => { const p = sd.alloc(Math.max(bytes, 4), ALIGN); allocations.push(p); return p; };
  try {
    // persistent buffers
    const buffers = new Map<Node, number>();
    for (const node of topoOrder([...canon.values()])) {
      if (!PERSISTENT.has(node.op.name) || buffers.has(node)) continue;
      const ptr = alloc(node.size * 4);
      buffers.set(node, ptr);
      if (node.op.name === 'Constant') sd.viewF32(ptr, node.size).set(node.attrs.values as Float32Array);
      else if (node.op.name === 'Input') sd.viewF32(ptr, node.size).fill(0);
      else initialize(sd, node, ptr, node.attrs.init as Initializer, options.seed, INIT_STREAM + node.id);
    }
    // the constant 1, RNG counters (one u64 per stream), log rings
    const one = alloc(4);
    sd.viewF32(one, 1)[0] = 1;
    const counters = new Map<number, number>();
    const rng = (stream: number) => {
      if (!Number.isInteger(stream) || stream < 0 || stream >= INIT_STREAM) {
        throw new SaddleArgumentError('compile', 'stream', `an integer in [0, 2^30) for random nodes`, stream);
      }
      let counter = counters.get(stream);
      if (counter === undefined) {
        counter = alloc(8);
        new BigUint64Array(sd.memory.buffer, counter, 1)[0] = 0n;
        counters.set(stream, counter);
      }
      return { counter, seedLo, seedHi };
    };
    const rings = new Map<string, number>();
    for (const name of logNames) {
      const ring = alloc(8 + capacity * 4);
      sd.viewU32(ring, 2).set([capacity, 0]);
      rings.set(name, ring);
    }

    // plan temporaries phase by phase; offsets are relative to the arena
    const planner = new ArenaPlanner();
    const phasePlans = phases.map((phase) => {
      const outputs = [...phase.updates.map(([, v]) => c(v)), ...Object.values(phase.logs ?? {}).map(c)];
      // canonical nodes in a valid order: the first member of each class comes after its inputs' classes
      // (empty values stay in the plan: they emit nothing but readers still need an address)
      const order = [...new Set(topoOrder(outputs).map(c))].filter((n) => !PERSISTENT.has(n.op.name));
      const lastUse = new Map<Node, number>();
      order.forEach((node, i) => node.inputs.forEach((x) => lastUse.set(c(x), i)));
      for (const out of outputs) lastUse.set(out, order.length); // live to the end of the phase
      const offsets = new Map<Node, number>();
      planner.reset();
      const liveSet = new Map<Node, number>();
      order.forEach((node, i) => {
        // allocate the output before freeing inputs: kernels need not support aliasing
        const off = planner.alloc(node.size * 4);
        offsets.set(node, off);
        liveSet.set(node, off);
        for (const x of new Set(node.inputs.map(c))) {
          if (liveSet.has(x) && (lastUse.get(x) ?? -1) <= i) { planner.release(liveSet.get(x)!, x.size * 4); liveSet.delete(x); }
        }
        if ((lastUse.get(node) ?? -1) < i) { planner.release(off, node.size * 4); liveSet.delete(node); } // unused value
      });
      // values that are themselves targets of this phase (a swap) are snapshotted first
      const targets = new Set(phase.updates.map(([t]) => t));
      const snapshots = new Map<Node, number>();
      for (const [target, value] of phase.updates) {
        const v = c(value);
        if (v !== target && targets.has(v) && !snapshots.has(v)) snapshots.set(v, planner.alloc(v.size * 4));
      }
      for (const [v, off] of snapshots) offsets.set(v, off);
      return { phase, order, offsets, snapshots };
    });
    // one arena for all phases: they run one after another
    const arenaBytes = Math.max(ALIGN, ...phasePlans.map((p) => Math.max(...[...p.offsets.entries()].map(([n, o]) => o + roundUp(n.size * 4)), 0)));
    const arena = alloc(arenaBytes);

    const emitter = new Emitter();
    for (const { phase, order, offsets, snapshots } of phasePlans) {
      const addr = (n: Node): number => {
        const cn = c(n);
        const p = buffers.get(cn);
        if (p !== undefined) return p;
        if (snapshots.has(cn)) throw new SaddleError('E_INTERNAL', `compile: snapshot read as a value: ${cn}`);
        const o = offsets.get(cn);
        if (o === undefined) throw new SaddleError('E_INTERNAL', `compile: no buffer for ${cn}`);
        return arena + o;
      };
      const ctx: LowerContext = { emitter, addr, one, rng };
      const start = emitter.length;
      for (const node of order) lower(node, ctx);
      for (const [name, node] of Object.entries(phase.logs ?? {})) emitter.emit(OP.EXEC_LOG, addr(node), rings.get(name)!);
      for (const [v, off] of snapshots) emitter.emit(OP.EXEC_COPY, buffers.get(v)!, arena + off, v.size);
      for (const [target, value] of phase.updates) {
        const v = c(value);
        if (v === target || target.size === 0) continue;
        const from = snapshots.has(v) ? arena + snapshots.get(v)! : addr(v);
        emitter.emit(OP.EXEC_COPY, from, buffers.get(target)!, target.size);
      }
      emitter.repeat(start, phase.repeat ?? 1);
    }
    const code = emitter.toInt32Array();
    const codePtr = alloc(code.length * 4);
    sd.viewI32(codePtr, code.length).set(code);
    return new Program(sd, { allocations, buffers, rings, counters, codePtr, words: code.length, arenaBytes });
  } catch (error) {
    for (const p of allocations) sd.free(p);
    throw error;
  }
}
