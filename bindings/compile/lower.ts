// Lowering: each op's definition emits its own instructions (OpDef.lower); this file holds
// the instruction buffer and the generic step the compiler calls for every node.

import { SaddleArgumentError } from '../errors.js';
import type { Node } from '../graph/node.js';
import { registeredOps, type F32Operand, type LowerContext } from '../graph/op.js';
import * as OP from '../wasm/opcodes.js';

export type { LowerContext } from '../graph/op.js';

/** Instruction words under construction (f32 operands are stored as their bits). */
export class Emitter {
  private words: number[] = [];
  private readonly f32 = new Float32Array(1);
  private readonly i32 = new Int32Array(this.f32.buffer);

  get length(): number { return this.words.length; }

  emit(opcode: number, ...operands: Array<number | F32Operand>): void {
    this.words.push(opcode);
    for (const x of operands) {
      if (typeof x === 'number') this.words.push(x | 0);
      else { this.f32[0] = x.f32; this.words.push(this.i32[0]); }
    }
  }

  /** Wraps the words emitted since `start` in a repeat of `count`. */
  repeat(start: number, count: number): void {
    if (count === 1) return;
    const body = this.words.splice(start);
    this.words.push(OP.EXEC_REPEAT, count, body.length, ...body);
  }

  toInt32Array(): Int32Array { return Int32Array.from(this.words); }
}

/** Emits the instructions computing `node` (nothing for an empty one). */
export function lower(node: Node, ctx: LowerContext): void {
  if (!node.op.lower) {
    const supported = registeredOps().filter((op) => op.lower).map((op) => op.name).sort();
    throw new SaddleArgumentError('compile', 'graph', `ops the executor supports (${supported.join(', ')})`, `a ${node.op.name} node (${node})`);
  }
  if (node.size === 0) return;
  node.op.lower(node, ctx);
}
