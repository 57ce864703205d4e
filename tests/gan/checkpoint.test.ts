// The checkpoint container: CRC-32 against its check value, round trips, and refusal of
// anything truncated, corrupted, foreign or newer.
import { expect, test } from 'vitest';
import { SaddleCheckpointError } from '../../bindings/index.js';
import { CHECKPOINT_VERSION, crc32, decodeCheckpoint, encodeCheckpoint } from '../../bindings/gan/checkpoint.js';

const parts = () => ({
  header: { format: 'test', note: 'ü' },
  counters: new BigUint64Array([0n, 5n, 2n ** 64n - 1n]),
  arrays: [new Float32Array([1, -0, NaN, Infinity]), new Float32Array(0), new Float32Array([3.25])],
});

test('CRC-32 gives the standard check value', () => {
  expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  expect(crc32(new Uint8Array(0))).toBe(0);
});

test('a checkpoint round-trips every bit', () => {
  const bytes = encodeCheckpoint(parts());
  const back = decodeCheckpoint('test', bytes);
  expect(back.version).toBe(CHECKPOINT_VERSION);
  expect(back.header.note).toBe('ü');
  expect(back.counters).toEqual(parts().counters);
  expect(back.arrays.map((a) => Array.from(new Uint32Array(a.buffer)))).toEqual(parts().arrays.map((a) => Array.from(new Uint32Array(a.buffer))));
  // a view into a larger buffer reads the same
  const padded = new Uint8Array(bytes.length + 16);
  padded.set(bytes, 8);
  expect(decodeCheckpoint('test', padded.subarray(8, 8 + bytes.length)).counters).toEqual(parts().counters);
});

test('truncated, corrupted, foreign and newer checkpoints are refused with a checkpoint error', () => {
  const bytes = encodeCheckpoint(parts());
  const refuse = (b: unknown, pattern: RegExp) => {
    let error: unknown;
    try { decodeCheckpoint('load', b); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(SaddleCheckpointError);
    expect((error as SaddleCheckpointError).code).toBe('E_CHECKPOINT');
    expect((error as Error).message).toMatch(pattern);
  };
  refuse(bytes.subarray(0, bytes.length - 3), /corrupted or truncated/);
  for (const at of [20, bytes.length >> 1, bytes.length - 6]) {
    const flipped = bytes.slice();
    flipped[at] ^= 0x10;
    refuse(flipped, /corrupted or truncated/);
  }
  refuse(new Uint8Array(40), /not a saddle checkpoint/);
  refuse('bytes', /Uint8Array/);
  const newer = bytes.slice();
  new DataView(newer.buffer).setUint32(8, CHECKPOINT_VERSION + 1, true);
  refuse(newer, new RegExp(`version ${CHECKPOINT_VERSION + 1} is not readable`));
});
