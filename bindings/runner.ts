// Running a compiled program in chunks with a last good state. After each chunk the caller
// inspects what it produced (logged losses, the iterate z) for non-finite values; on the
// first one the program goes back to the last good state, and the caller stops with
// SaddleNumericError or changes something and goes on. The GAN trainer and the minimax
// runners both run this way.
//
// Which state is kept: with a `spacing`, the state at every multiple of `spacing`
// iterations, and chunks never cross such a multiple (so a rollback loses at most
// `spacing` iterations and a snapshot is taken once per `spacing`); without one, the state
// at the start of every chunk. A snapshot holds parameters, optimizer state and random
// counters (not inputs, which runs do not change), so restoring it makes later runs repeat
// bit for bit.

import type { Program, ProgramSnapshot } from './compile/program.js';

/** A non-finite value a chunk produced. */
export interface NonFiniteValue {
  /**
   * The chunk's first bad iteration, 0-based from the chunk's start; undefined when only the
   * chunk's end is known to be bad (the runner then replays to find it, see advance).
   */
  offset?: number;
  /** What held it ('dLoss', 'z[3]', …). */
  quantity: string;
  value: number;
}

/** A chunk that produced a non-finite value: the program is back at its last good state. */
export interface Setback<M> {
  /** The 1-based iteration whose values were the first non-finite ones. */
  step: number;
  quantity: string;
  value: number;
  /** The iteration count of the state the program is back at. */
  restoredTo: number;
  /** The caller's mark taken with the restored state (e.g. its history length then). */
  mark: M;
}

export class ChunkedRunner<M = undefined> {
  private lastGood: { snapshot: ProgramSnapshot; mark: M } | undefined;

  /**
   * @param program  the compiled program to run
   * @param mark     what the caller needs back with a restored state (called when a state is kept)
   * @param spacing  keep the state at multiples of this many iterations; default: at every chunk's start
   */
  constructor(readonly program: Program, private readonly mark: () => M, private readonly spacing?: number) {}

  /** Drops the kept state: the next chunk keeps the current one (e.g. after the learning rates changed). */
  forget(): void {
    this.lastGood = undefined;
  }

  /**
   * Runs at most `n` iterations (never past the next multiple of `spacing`), then
   * `inspect(first, ran)` reports the first non-finite value among them (first: the
   * iteration count before the chunk). When it gives no `offset`, the chunk is replayed
   * from the kept state one iteration at a time, inspecting after each, to find it; the
   * program is then left after the iteration before the bad one. Otherwise it goes back to
   * the kept state.
   */
  advance(n: number, inspect: (first: number, ran: number) => NonFiniteValue | undefined): { ran: number; setback?: Setback<M> } {
    const program = this.program, spacing = this.spacing;
    const start = program.iterations;
    if (spacing === undefined || !this.lastGood || start % spacing === 0 || start < this.lastGood.snapshot.iterations) {
      this.lastGood = { snapshot: program.snapshot({ inputs: false }), mark: this.mark() };
    }
    if (spacing !== undefined) n = Math.min(n, spacing - (start % spacing));
    program.run(n);
    let bad = inspect(start, n);
    if (!bad) return { ran: n };
    const good = this.lastGood;
    program.restore(good.snapshot);
    let restoredTo = good.snapshot.iterations;
    let offset = bad.offset;
    if (offset === undefined) {
      // the chunk ended non-finite: the first iteration that did, one at a time from the kept state
      const first = program.iterations;
      for (let i = 0; ; i++) {
        program.run(1);
        const found = inspect(first + i, 1);
        if (found || i === start + n - first - 1) { bad = found ?? bad; offset = first + i - start; break; }
      }
      program.restore(good.snapshot);
      if (start + offset > restoredTo) { program.run(start + offset - restoredTo); restoredTo = start + offset; }
    }
    return { ran: n, setback: { step: start + offset + 1, quantity: bad.quantity, value: bad.value, restoredTo, mark: good.mark } };
  }
}

/** The first non-finite entry of `values` as { index, value }, or undefined. */
export function firstNonFinite(values: ArrayLike<number>): { index: number; value: number } | undefined {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return { index: i, value: values[i] };
  return undefined;
}
