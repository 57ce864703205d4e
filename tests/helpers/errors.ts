import { expect } from 'vitest';
import { SaddleArgumentError } from '../../bindings/index.js';

/** Runs fn, asserts it throws a SaddleArgumentError, and returns it for further checks. */
export function argumentError(fn: () => unknown): SaddleArgumentError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SaddleArgumentError);
    return error as SaddleArgumentError;
  }
  throw new Error('expected a SaddleArgumentError, nothing was thrown');
}
