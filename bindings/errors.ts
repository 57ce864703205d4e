/**
 * Typed errors. Every error saddle throws is a SaddleError with a stable `code`;
 * messages name the argument, what was expected and what was given.
 */
export class SaddleError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An argument has the wrong type, range or size. `argument` names it. */
export class SaddleArgumentError extends SaddleError {
  readonly argument: string;
  constructor(fn: string, argument: string, expected: string, got: unknown) {
    super('E_ARGUMENT', `${fn}: argument '${argument}' must be ${expected}, got ${describe(got)}`);
    this.argument = argument;
  }
}

/** Shapes do not fit an op (raised when the graph is built). Names the op and the shapes. */
export class SaddleShapeError extends SaddleError {
  readonly op: string;
  readonly shapes: ReadonlyArray<readonly number[]>;
  constructor(op: string, shapes: ReadonlyArray<readonly number[]>, detail: string) {
    super('E_SHAPE', `${op}: ${detail} (shapes ${shapes.map((s) => `[${s.join(', ')}]`).join(' and ')})`);
    this.op = op;
    this.shapes = shapes;
  }
}

/** WASM memory could not be allocated (the instance stays usable; free something and retry). */
export class SaddleMemoryError extends SaddleError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_MEMORY', message, options);
  }
}

/** The WASM module could not be fetched, compiled or instantiated. */
export class SaddleLoadError extends SaddleError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_LOAD', message, options);
  }
}

/** The WASM code called abort(): an assertion inside the module failed. */
export class WasmAbortError extends SaddleError {
  readonly wasmMessage: string;
  readonly fileName: string;
  readonly line: number;
  readonly column: number;
  constructor(wasmMessage: string, fileName: string, line: number, column: number) {
    super('E_WASM_ABORT', `${wasmMessage} (at ${fileName}:${line}:${column})`);
    this.wasmMessage = wasmMessage;
    this.fileName = fileName;
    this.line = line;
    this.column = column;
  }
}

/**
 * A run produced a non-finite value: iteration `step` (1-based) gave `value` for
 * `quantity` (a loss, penalty or gradient norm of a trainer; a coordinate of a minimax
 * runner's z). The trainer or runner that threw is back at its last good state, the one
 * after iteration `restoredTo`, and can go on (e.g. with a lower learning rate).
 */
export class SaddleNumericError extends SaddleError {
  readonly step: number;
  readonly quantity: string;
  readonly value: number;
  readonly restoredTo: number;
  constructor(fn: string, step: number, quantity: string, value: number, restoredTo: number, detail = '', subject = 'the trainer') {
    super('E_NUMERIC', `${fn}: ${quantity} became ${value} at iteration ${step}; ${subject} is back at its last good state, after iteration ${restoredTo}${detail}`);
    this.step = step;
    this.quantity = quantity;
    this.value = value;
    this.restoredTo = restoredTo;
  }
}

/** A checkpoint is truncated, corrupted, of an unknown version, or does not fit. */
export class SaddleCheckpointError extends SaddleError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_CHECKPOINT', message, options);
  }
}

/** A short, printable description of a value for error messages. */
export function describe(value: unknown): string {
  if (value instanceof Described) return value.text;
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${'length' in value ? value.length : value.byteLength})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  if (typeof value === 'function') return 'a function';
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/** A description already in words (for `got` values that are not the raw argument). */
export class Described {
  constructor(readonly text: string) {}
}
