// The trainer's history: the logged quantities the program appends in WASM, drained after
// each chunk and kept one entry every `historyEvery` iterations, plus the numeric rollbacks.

import type { Program } from '../compile/program.js';

/** Logged quantities per recorded iteration (one every `historyEvery` iterations). */
export interface TrainingHistory {
  /** the 1-based iteration each entry was recorded at */
  iteration: Float64Array;
  /**
   * 'dLoss', 'gLoss', 'dGradNorm', 'gGradNorm', 'dLr', 'gLr' and each active penalty
   * ('r1', 'r2', 'wganGp', 'dragan', 'consensus'). With dSteps > 1 the D-side values
   * are those of the iteration's last D step.
   */
  series: Record<string, Float32Array>;
  /** numeric rollbacks: the iteration that failed, the quantity, and the new learning-rate scale */
  rollbacks: Array<{ iteration: number; quantity: string; lrScale: number }>;
}

/** A growable f32 column. */
export class Column {
  data: Float32Array = new Float32Array(256);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  truncate(length: number): void { this.length = Math.min(this.length, length); }
  values(): Float32Array { return this.data.slice(0, this.length); }
}

/** The history of one trainer's program: a column per log, filled from the program's logs. */
export class History {
  readonly columns = new Map<string, Column>();
  readonly rollbacks: TrainingHistory['rollbacks'] = [];
  /** entries recorded */
  length = 0;
  private readonly drained = new Map<string, number>();

  /**
   * @param appends  values each log gets per iteration (the last one of an iteration is kept)
   * @param every    one entry every `every` iterations
   */
  constructor(private readonly program: Program, readonly appends: Record<string, number>, readonly every: number) {
    for (const name of Object.keys(appends)) { this.drained.set(name, 0); this.columns.set(name, new Column()); }
  }

  /** Values appended to each log since the last drain, and the drain counts moved on. */
  drain(): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (const [name, since] of this.drained) {
      out.set(name, this.program.logSince(name, since));
      this.drained.set(name, this.program.logCount(name));
    }
    return out;
  }

  /** Appends iterations [first, first + count) of drained logs. */
  record(logs: Map<string, Float32Array>, first: number, count: number): void {
    for (let i = first; i < first + count; i++) {
      if ((i + 1) % this.every !== 0) continue;
      const offset = i - first;
      for (const [name, values] of logs) {
        const k = this.appends[name];
        this.columns.get(name)!.push(values[offset * k + k - 1]);
      }
      this.length++;
    }
  }

  /** Back to `length` entries, after the program went back to the state it had then (its logs are skipped). */
  rewind(length: number): void {
    for (const name of this.drained.keys()) this.drained.set(name, this.program.logCount(name));
    for (const column of this.columns.values()) column.truncate(length);
    this.length = length;
  }

  /** The latest value of each quantity that has one. */
  latest(): Record<string, number> {
    const latest: Record<string, number> = {};
    for (const [name, column] of this.columns) if (column.length) latest[name] = column.data[column.length - 1];
    return latest;
  }

  /** A copy of the history. */
  copy(): TrainingHistory {
    const series: Record<string, Float32Array> = {};
    for (const [name, column] of this.columns) series[name] = column.values();
    // entry k was recorded at iteration (k + 1)·every
    const iteration = Float64Array.from({ length: this.length }, (_, k) => (k + 1) * this.every);
    return { iteration, series, rollbacks: this.rollbacks.map((r) => ({ ...r })) };
  }
}
