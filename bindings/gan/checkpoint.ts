// The checkpoint container: a self-describing, checksummed byte layout.
//
//   offset 0   "SADDLECK"                      magic (8 bytes)
//          8   u32 format version             (little-endian, as everything below)
//         12   u32 header length H
//         16   H bytes of UTF-8 JSON header   (zero-padded to a multiple of 8)
//          …   u64 × header.counters          (random-stream counters)
//          …   f32 × Σ header.arrays          (arrays back to back, lengths in the header)
//     last 4   u32 CRC-32 (IEEE 802.3, as zlib) of every byte before it
//
// Version policy: a reader accepts its own version and every older one it documents;
// a newer version is refused with a message naming both versions.

import { SaddleCheckpointError } from '../errors.js';

export const CHECKPOINT_VERSION = 1;
const MAGIC = 'SADDLECK';

export interface CheckpointParts {
  /** JSON-serializable description; `arrays` (lengths) and `counters` (count) are added on write */
  header: Record<string, unknown>;
  counters: BigUint64Array;
  arrays: Float32Array[];
}

let table: Uint32Array | undefined;

/** CRC-32 of bytes (reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF). */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const pad8 = (n: number) => Math.ceil(n / 8) * 8;

/** Lays out a checkpoint (see the file comment). */
export function encodeCheckpoint(parts: CheckpointParts): Uint8Array {
  const header = { ...parts.header, counters: parts.counters.length, arrays: parts.arrays.map((a) => a.length) };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const floats = parts.arrays.reduce((n, a) => n + a.length, 0);
  const start = 16 + pad8(json.length);
  const total = start + 8 * parts.counters.length + 4 * floats + 4;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 8; i++) bytes[i] = MAGIC.charCodeAt(i);
  view.setUint32(8, CHECKPOINT_VERSION, true);
  view.setUint32(12, json.length, true);
  bytes.set(json, 16);
  let at = start;
  for (const c of parts.counters) { view.setBigUint64(at, c, true); at += 8; }
  for (const a of parts.arrays) {
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at); // f32 little-endian on every WASM host
    at += a.byteLength;
  }
  view.setUint32(at, crc32(bytes.subarray(0, at)), true);
  return bytes;
}

/** Reads a checkpoint, refusing anything truncated, corrupted or of a newer version. */
export function decodeCheckpoint(fn: string, input: unknown): CheckpointParts & { version: number } {
  if (!(input instanceof Uint8Array)) throw new SaddleCheckpointError(`${fn}: a checkpoint must be a Uint8Array (e.g. a Node Buffer), got ${input === null ? 'null' : typeof input}`);
  const bytes = input;
  if (bytes.length < 20 || String.fromCharCode(...bytes.subarray(0, 8)) !== MAGIC) {
    throw new SaddleCheckpointError(`${fn}: not a saddle checkpoint (no SADDLECK magic in the first 8 bytes)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version > CHECKPOINT_VERSION || version < 1) {
    throw new SaddleCheckpointError(`${fn}: checkpoint format version ${version} is not readable by this saddle (reads versions 1 to ${CHECKPOINT_VERSION}); upgrade saddle`);
  }
  const expected = view.getUint32(bytes.length - 4, true);
  const actual = crc32(bytes.subarray(0, bytes.length - 4));
  if (expected !== actual) {
    throw new SaddleCheckpointError(`${fn}: checkpoint is corrupted or truncated (CRC-32 ${actual.toString(16)} does not match the stored ${expected.toString(16)})`);
  }
  const length = view.getUint32(12, true);
  if (16 + length > bytes.length - 4) throw new SaddleCheckpointError(`${fn}: checkpoint header length ${length} runs past the end`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + length)));
  } catch (error) {
    throw new SaddleCheckpointError(`${fn}: checkpoint header is not valid JSON`, { cause: error });
  }
  const lengths = header.arrays, count = header.counters;
  if (!Array.isArray(lengths) || !lengths.every((n) => Number.isSafeInteger(n) && n >= 0) || !Number.isSafeInteger(count) || (count as number) < 0) {
    throw new SaddleCheckpointError(`${fn}: checkpoint header lacks its array lengths or counter count`);
  }
  let at = 16 + pad8(length);
  const need = at + 8 * (count as number) + 4 * lengths.reduce((a: number, b: number) => a + b, 0) + 4;
  if (need !== bytes.length) throw new SaddleCheckpointError(`${fn}: checkpoint is ${bytes.length} bytes but its header describes ${need}`);
  const counters = new BigUint64Array(count as number);
  for (let k = 0; k < counters.length; k++) { counters[k] = view.getBigUint64(at, true); at += 8; }
  const arrays = (lengths as number[]).map((n) => {
    const copy = new Float32Array(n);
    new Uint8Array(copy.buffer).set(bytes.subarray(at, at + 4 * n));
    at += 4 * n;
    return copy;
  });
  return { version, header, counters, arrays };
}
