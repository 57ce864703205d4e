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
// a newer version is refused with a message naming both versions. Header fields may be
// added within a version when older readers can ignore them: a GAN trainer's header
// carries `configHash` (configHash below); version-1 checkpoints written before it load.
//
// The CRC catches damage, not disagreement: checkTrainerCheckpoint refuses a header whose
// config, history, array names, shapes or values do not fit together.

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

/** JSON with every object's keys sorted (members JSON leaves out stay out), so equal configs give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
    : v));
}

const FNV_OFFSET = 0xcbf29ce484222325n, FNV_PRIME = 0x100000001b3n, MASK64 = (1n << 64n) - 1n;

/**
 * The id of a resolved trainer config (as `trainer.config` gives it: data as { rows, dim }):
 * 64-bit FNV-1a of its UTF-8 canonical JSON, 16 hex digits. A checkpoint stores it as
 * `configHash`; `saddle train --resume` compares it with the run folder's config.json.
 */
export function configHash(config: unknown): string {
  let h = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(canonicalJson(config))) h = ((h ^ BigInt(byte)) * FNV_PRIME) & MASK64;
  return h.toString(16).padStart(16, '0');
}

/** The header fields of a GAN trainer's checkpoint that load() uses, once checked. */
export interface TrainerCheckpointHeader {
  iterations: number;
  history: { names: string[]; length: number; rollbacks: Array<{ iteration: number; quantity: string; lrScale: number }> };
}

/** What the program a checkpoint's config builds expects (Program.snapshotLayout plus the history columns). */
export interface TrainerCheckpointLayout {
  names: string[];
  sizes: number[];
  streams: number[];
  historyNames: string[];
  historyEvery: number;
}

const isNameList = (v: unknown): v is string[] => Array.isArray(v) && v.every((n) => typeof n === 'string');
const show = (v: unknown) => (v === undefined ? 'missing' : JSON.stringify(v));

/**
 * Checks a decoded GAN-trainer checkpoint against the program its config builds: a header
 * that passes the CRC but disagrees with itself or with that program (an edited config, a
 * history of another length, arrays of other shapes, non-finite weights) is refused with a
 * SaddleCheckpointError saying what disagrees.
 */
export function checkTrainerCheckpoint(fn: string, parts: CheckpointParts, layout: TrainerCheckpointLayout): TrainerCheckpointHeader {
  const { header, counters, arrays } = parts;
  const refuse = (what: string): never => { throw new SaddleCheckpointError(`${fn}: the checkpoint's header is inconsistent: ${what}`); };
  if (header.configHash !== undefined && header.configHash !== configHash(header.config)) {
    refuse(`configHash ${show(header.configHash)} is not the hash of its config (${configHash(header.config)}); was the config edited?`);
  }
  const iterations = header.iterations;
  if (!Number.isSafeInteger(iterations) || (iterations as number) < 0) refuse(`iterations is ${show(iterations)}, not a non-negative integer`);
  const names = header.values, streams = header.streams;
  if (!isNameList(names)) return refuse(`values (the saved arrays' names) is ${show(names)}, not a list of names`);
  if (names.length !== layout.names.length || names.some((n, k) => n !== layout.names[k])) {
    const k = names.findIndex((n, i) => n !== layout.names[i]);
    refuse(`it saves ${names.length} arrays but its config builds a program of ${layout.names.length}` +
      (k >= 0 ? ` (array ${k} is '${names[k]}', the program's is '${layout.names[k] ?? 'none'}')` : '') + ' (saved by an incompatible saddle?)');
  }
  if (!Array.isArray(streams) || streams.join() !== layout.streams.join()) refuse(`random streams ${show(streams)}, but its config builds streams [${layout.streams.join(', ')}]`);
  if (counters.length !== layout.streams.length) refuse(`${counters.length} random counters for ${layout.streams.length} streams`);
  const history = header.history as Partial<TrainerCheckpointHeader['history']> | undefined;
  if (history === null || typeof history !== 'object') return refuse(`history is ${show(history)}, not { names, length, rollbacks }`);
  if (!isNameList(history.names)) return refuse(`history.names is ${show(history.names)}, not a list of names`);
  if (!Number.isSafeInteger(history.length) || history.length! < 0) refuse(`history.length is ${show(history.length)}, not a non-negative integer`);
  const rollbacks = history.rollbacks;
  if (!Array.isArray(rollbacks) || !rollbacks.every((r) => r !== null && typeof r === 'object' && Number.isSafeInteger(r.iteration) && typeof r.quantity === 'string' && Number.isFinite(r.lrScale))) {
    refuse(`history.rollbacks is ${show(rollbacks)}, not a list of { iteration, quantity, lrScale }`);
  }
  const missing = layout.historyNames.filter((n) => !history.names!.includes(n)), extra = history.names.filter((n) => !layout.historyNames.includes(n));
  if (missing.length || extra.length || history.names.length !== layout.historyNames.length) {
    refuse(`history columns [${history.names.join(', ')}], but its config logs [${layout.historyNames.join(', ')}]`);
  }
  if (arrays.length !== names.length + history.names.length) refuse(`${arrays.length} arrays for ${names.length} values and ${history.names.length} history columns`);
  names.forEach((name, k) => {
    if (arrays[k].length !== layout.sizes[k]) refuse(`'${name}' (array ${k}) holds ${arrays[k].length} numbers but its config's shape needs ${layout.sizes[k]}`);
    const bad = arrays[k].findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new SaddleCheckpointError(`${fn}: the checkpoint's '${name}' (array ${k}) holds ${arrays[k][bad]} at index ${bad}; a saved trainer's state is finite (damaged or written by a broken run)`);
  });
  const entries = Math.floor((iterations as number) / layout.historyEvery);
  if (history.length !== entries) refuse(`history.length is ${history.length}, but ${iterations} iterations with historyEvery ${layout.historyEvery} record ${entries}`);
  history.names.forEach((name, k) => {
    const n = arrays[names.length + k].length;
    if (n !== history.length) refuse(`history column '${name}' holds ${n} entries, history.length says ${history.length}`);
  });
  return { iterations: iterations as number, history: history as TrainerCheckpointHeader['history'] };
}
