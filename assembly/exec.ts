// The program interpreter: runs whole training iterations with no JS in between.
//
// A program is a stream of i32 words: [opcode, operand...] per instruction, with a fixed
// operand count per opcode (EXEC_ARGS). Pointers are byte addresses, f32 operands are
// stored as their bits. EXEC_REPEAT [count, words] runs the next `words` words `count`
// times (k discriminator steps per generator step); repeats may nest up to MAX_DEPTH.
// RNG instructions keep their 64-bit block counter in program memory at `counterPtr`
// and advance it by ⌈n/4⌉ blocks per draw, so runs continue one reproducible stream.
// A log instruction appends one f32 to its ring: [capacity u32, count u32, values f32...].
//
// exec_run returns 0, or the 1-based index of the word where a kernel reported bad
// input (the bindings turn it into a typed error). Nothing here allocates.

import { reserveStatic } from "./mem";
import {
  EXEC_END, EXEC_GEMM, EXEC_UNARY, EXEC_BINARY, EXEC_REDUCE, EXEC_COPY, EXEC_FILL,
  EXEC_RNG_NORMAL, EXEC_RNG_UNIFORM, EXEC_LOG, EXEC_REPEAT, EXEC_AXPBY, EXEC_TRANSPOSE, EXEC_COPY2D,
  EXEC_SELECT, EXEC_GATHER_ROWS, EXEC_SCATTER_ADD_ROWS, EXEC_RNG_INDICES,
  EXEC_ANDERSON,
} from "./opcodes";
import { anderson_step_f32 } from "./kernels/anderson";
import { EXEC_SINKHORN } from "./opcodes";
import { sinkhorn_loss_f32 } from "./solvers/sinkhorn";
import { gemm_f32 } from "./kernels/gemm";
import { unary_f32, binary_f32, axpby_f32, fill_f32, select_f32 } from "./kernels/elementwise";
import { transpose_f32, copy2d_f32, gather_rows_f32, scatter_add_rows_f32 } from "./kernels/layout";
import { reduce_f32 } from "./kernels/reduce";
import { rng_normal_f32, rng_uniform_f32, rng_indices_i32 } from "./rng";

const MAX_DEPTH: i32 = 8;
/** Repeat stack: [start word, end word, remaining count] per level. */
const STACK: usize = reserveStatic(MAX_DEPTH * 12, 16);

// @ts-ignore: decorator
@inline function word(pc: usize, k: i32): i32 { return load<i32>(pc + (<usize>k << 2)); }
// @ts-ignore: decorator
@inline function ptr(pc: usize, k: i32): usize { return <usize>load<u32>(pc + (<usize>k << 2)); }
// @ts-ignore: decorator
@inline function real(pc: usize, k: i32): f32 { return load<f32>(pc + (<usize>k << 2)); }

// @ts-ignore: decorator
@inline function real64(pc: usize, k: i32): f64 { return load<f64>(pc + (<usize>k << 2)); }

/** Operand count of each opcode (index = opcode). */
// @ts-ignore: decorator
@inline function argCount(op: i32): i32 {
  switch (op) {
    case EXEC_GEMM: return 13;
    case EXEC_UNARY: return 5;
    case EXEC_BINARY: return 8;
    case EXEC_REDUCE: return 6;
    case EXEC_COPY: return 3;
    case EXEC_FILL: return 3;
    case EXEC_RNG_NORMAL: return 6;
    case EXEC_RNG_UNIFORM: return 6;
    case EXEC_LOG: return 2;
    case EXEC_REPEAT: return 2;
    case EXEC_AXPBY: return 5;
    case EXEC_TRANSPOSE: return 4;
    case EXEC_COPY2D: return 6;
    case EXEC_SELECT: return 9;
    case EXEC_GATHER_ROWS: return 6;
    case EXEC_SCATTER_ADD_ROWS: return 6;
    case EXEC_RNG_INDICES: return 7;
    case EXEC_ANDERSON: return 10;
    case EXEC_SINKHORN: return 17;
    default: return -1;
  }
}

const DRAW_NORMAL: i32 = 0;
const DRAW_UNIFORM: i32 = 1;
const DRAW_INDICES: i32 = 2;

function draw(kind: i32, pc: usize): void {
  const out = ptr(pc, 1), n = word(pc, 2);
  const counterPtr = ptr(pc, 6);
  const counter = load<u64>(counterPtr);
  const seedLo = <u32>word(pc, 3), seedHi = <u32>word(pc, 4), stream = <u32>word(pc, 5);
  const lo = <u32>counter, hi = <u32>(counter >>> 32);
  if (kind == DRAW_NORMAL) rng_normal_f32(out, n, seedLo, seedHi, stream, 0, lo, hi);
  else if (kind == DRAW_UNIFORM) rng_uniform_f32(out, n, seedLo, seedHi, stream, 0, lo, hi);
  else rng_indices_i32(out, n, seedLo, seedHi, stream, 0, lo, hi, <u32>word(pc, 7));
  store<u64>(counterPtr, counter + <u64>((n + 3) >>> 2));
}

function appendLog(pc: usize): void {
  const ring = ptr(pc, 2);
  const capacity = load<u32>(ring);
  const count = load<u32>(ring, 4);
  store<f32>(ring + 8 + (<usize>(count % capacity) << 2), load<f32>(ptr(pc, 1)));
  store<u32>(ring, count + 1, 4);
}

/** Runs the program at `program` (`words` words) `iterations` times. */
export function exec_run(program: usize, words: i32, iterations: i32): i32 {
  const end = program + (<usize>words << 2);
  for (let it = 0; it < iterations; it++) {
    let pc = program;
    let depth = 0;
    while (pc < end) {
      const op = word(pc, 0);
      switch (op) {
        case EXEC_GEMM:
          gemm_f32(word(pc, 1) != 0, word(pc, 2) != 0, word(pc, 3), word(pc, 4), word(pc, 5), real(pc, 6),
            ptr(pc, 7), word(pc, 8), ptr(pc, 9), word(pc, 10), real(pc, 11), ptr(pc, 12), word(pc, 13));
          break;
        case EXEC_UNARY: unary_f32(word(pc, 1), ptr(pc, 2), ptr(pc, 3), word(pc, 4), real(pc, 5)); break;
        case EXEC_BINARY:
          binary_f32(word(pc, 1), ptr(pc, 2), word(pc, 3), ptr(pc, 4), word(pc, 5), ptr(pc, 6), word(pc, 7), word(pc, 8));
          break;
        case EXEC_REDUCE: reduce_f32(word(pc, 1), word(pc, 2), ptr(pc, 3), word(pc, 4), word(pc, 5), ptr(pc, 6)); break;
        case EXEC_COPY: memory.copy(ptr(pc, 2), ptr(pc, 1), <usize>word(pc, 3) << 2); break;
        case EXEC_FILL: fill_f32(ptr(pc, 1), word(pc, 2), real(pc, 3)); break;
        case EXEC_RNG_NORMAL: draw(DRAW_NORMAL, pc); break;
        case EXEC_RNG_UNIFORM: draw(DRAW_UNIFORM, pc); break;
        case EXEC_RNG_INDICES: draw(DRAW_INDICES, pc); break;
        case EXEC_TRANSPOSE: transpose_f32(ptr(pc, 1), word(pc, 2), word(pc, 3), ptr(pc, 4)); break;
        case EXEC_COPY2D: copy2d_f32(ptr(pc, 1), word(pc, 2), ptr(pc, 3), word(pc, 4), word(pc, 5), word(pc, 6)); break;
        case EXEC_SELECT:
          select_f32(ptr(pc, 1), word(pc, 2), ptr(pc, 3), word(pc, 4), ptr(pc, 5), word(pc, 6), ptr(pc, 7), word(pc, 8), word(pc, 9));
          break;
        // an index out of range stops the run: the caller learns which instruction
        case EXEC_GATHER_ROWS:
          if (gather_rows_f32(ptr(pc, 1), word(pc, 2), word(pc, 3), ptr(pc, 4), word(pc, 5), ptr(pc, 6)) >= 0) {
            return <i32>((pc - program) >>> 2) + 1;
          }
          break;
        case EXEC_SCATTER_ADD_ROWS:
          if (scatter_add_rows_f32(ptr(pc, 1), word(pc, 2), ptr(pc, 3), word(pc, 4), ptr(pc, 5), word(pc, 6)) >= 0) {
            return <i32>((pc - program) >>> 2) + 1;
          }
          break;
        case EXEC_SINKHORN:
          sinkhorn_loss_f32(word(pc, 1), word(pc, 2), ptr(pc, 3), ptr(pc, 4), word(pc, 5), word(pc, 6), word(pc, 7), word(pc, 8),
            real64(pc, 9), real64(pc, 11), real64(pc, 13), real64(pc, 15), ptr(pc, 17));
          break;
        case EXEC_LOG: appendLog(pc); break;
        // a window outside [1, 32] stops the run (the bindings validate it first)
        case EXEC_ANDERSON:
          if (anderson_step_f32(ptr(pc, 1), ptr(pc, 2), ptr(pc, 3), ptr(pc, 4), word(pc, 5), word(pc, 6),
            real(pc, 7), real(pc, 8), word(pc, 9), real(pc, 10)) < 0) {
            return <i32>((pc - program) >>> 2) + 1;
          }
          break;
        case EXEC_AXPBY: axpby_f32(word(pc, 1), real(pc, 2), ptr(pc, 3), real(pc, 4), ptr(pc, 5)); break;
        case EXEC_REPEAT: {
          const count = word(pc, 1), body = word(pc, 2);
          const bodyStart = pc + 12, bodyEnd = bodyStart + (<usize>body << 2);
          if (count <= 0 || body == 0) { pc = bodyEnd; continue; }
          assert(depth < MAX_DEPTH, "exec: repeats nested too deeply");
          const frame = STACK + <usize>depth * 12;
          store<u32>(frame, <u32>bodyStart);
          store<u32>(frame, <u32>bodyEnd, 4);
          store<i32>(frame, count, 8);
          depth++;
          pc = bodyStart;
          continue;
        }
        case EXEC_END: return 0;
        default:
          abort("exec: unknown opcode");
      }
      pc += <usize>(argCount(op) + 1) << 2;
      // end of a repeat body: loop again or pop
      while (depth > 0) {
        const frame = STACK + <usize>(depth - 1) * 12;
        if (pc != <usize>load<u32>(frame, 4)) break;
        const left = load<i32>(frame, 8) - 1;
        if (left > 0) { store<i32>(frame, left, 8); pc = <usize>load<u32>(frame); break; }
        depth--;
      }
    }
  }
  return 0;
}
