// The checkpoint container: CRC-32 against its check value, round trips, and refusal of
// anything truncated, corrupted, foreign or newer; a GAN trainer's checkpoint: its config
// hash, and refusal of headers that pass the CRC but disagree with themselves or their config.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { SaddleCheckpointError, gan } from '../../bindings/index.js';
import { CHECKPOINT_VERSION, canonicalJson, configHash, crc32, decodeCheckpoint, encodeCheckpoint } from '../../bindings/gan/checkpoint.js';
import { readCheckpointFile, writeCheckpointFile } from '../../bindings/gan/checkpoint-file.js';
import { loadBuild } from '../helpers/builds.js';

// randomBytes as node:crypto has it, unless a test queues the bytes the next temporary name gets
const forcedRandom = vi.hoisted(() => [] as Buffer[]);
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, randomBytes: (n: number) => forcedRandom.shift() ?? actual.randomBytes(n) };
});

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

// ---- a GAN trainer's checkpoint: the header must agree with itself and with its config ----

const ringData = (rows: number) => Float32Array.from({ length: 2 * rows }, (_, i) => 2 * Math.cos(i * 0.7 + (i % 2) * 1.3));
const trainerConfig = (overrides: Partial<gan.TrainerConfig> = {}): gan.TrainerConfig => ({
  data: { values: ringData(256), dim: 2 }, noise: { dim: 2 }, batch: 32, seed: 4,
  generator: { hidden: [8] }, discriminator: { hidden: [8] }, ema: 0.9, historyEvery: 2, ...overrides,
});

/** `bytes` decoded, changed by `edit`, and encoded again with a valid CRC. */
function reencode(bytes: Uint8Array, edit: (parts: ReturnType<typeof decodeCheckpoint>) => void): Uint8Array {
  const parts = decodeCheckpoint('test', bytes);
  edit(parts);
  const { counters, values: _v, arrays, ...rest } = parts as unknown as { counters: BigUint64Array; values: unknown; arrays: Float32Array[]; header: Record<string, unknown> };
  const { arrays: _a, counters: _c, ...header } = rest.header;
  return encodeCheckpoint({ header, counters, arrays });
}

test('a trainer checkpoint stores the hash of its config; the hash ignores key order and sees every change', async () => {
  const sd = await loadBuild('simd');
  const trainer = new gan.GanTrainer(trainerConfig(), { saddle: sd });
  trainer.trainSync(5);
  const { header } = decodeCheckpoint('test', trainer.save());
  expect(header.configHash).toBe(configHash(trainer.config));
  expect(header.configHash).toMatch(/^[0-9a-f]{16}$/);
  expect(configHash({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(configHash({ b: { d: 'x', c: [1, 2] }, a: 1 }));
  expect(canonicalJson({ b: 1, a: { d: 2, c: undefined } })).toBe('{"a":{"d":2},"b":1}');
  const hashes = [{ a: 1 }, { a: 2 }, { a: '1' }, { a: [1] }, { b: 1 }, {}].map(configHash);
  expect(new Set(hashes).size).toBe(hashes.length);
  expect(configHash({ ...trainer.config, seed: 5 })).not.toBe(header.configHash);
  trainer.dispose();
});

test('CRC-valid but inconsistent trainer checkpoints are refused, saying what disagrees, without leaking memory', async () => {
  const sd = await loadBuild('simd');
  const trainer = new gan.GanTrainer(trainerConfig(), { saddle: sd });
  trainer.trainSync(9);
  const bytes = trainer.save();
  const { header } = decodeCheckpoint('test', bytes);
  const names = header.values as string[];
  const weight = names.indexOf('G.0.w'), size = decodeCheckpoint('test', bytes).arrays[weight].length;
  expect(size).toBe(2 * 8);
  const live = sd.liveBytes();
  const refuse = (edit: (parts: ReturnType<typeof decodeCheckpoint>) => void, pattern: RegExp) => {
    let error: unknown;
    try { gan.GanTrainer.load(reencode(bytes, edit), { saddle: sd }).dispose(); } catch (e) { error = e; }
    expect(error, String(pattern)).toBeInstanceOf(SaddleCheckpointError);
    expect((error as Error).message).toMatch(pattern);
    expect(sd.liveBytes()).toBe(live);
  };
  // the unchanged round trip loads: the edits below are what is refused
  const same = gan.GanTrainer.load(reencode(bytes, () => {}), { saddle: sd });
  expect(same.iterations).toBe(9);
  same.dispose();
  refuse((p) => { delete p.header.history; }, /header is inconsistent: history is missing, not \{ names, length, rollbacks \}/);
  refuse((p) => { (p.header.history as { length: number }).length += 1; }, /history\.length is 5, but 9 iterations with historyEvery 2 record 4/);
  refuse((p) => { (p.header.history as { names: unknown }).names = 'dLoss'; }, /history\.names is "dLoss", not a list of names/);
  refuse((p) => { (p.header.history as { rollbacks: unknown }).rollbacks = [{ iteration: 3 }]; }, /history\.rollbacks is .* not a list of \{ iteration, quantity, lrScale \}/);
  refuse((p) => { const h = p.header.history as { names: string[] }; h.names = [...h.names.slice(1), 'gLoss2']; p.arrays.splice(names.length, 1, new Float32Array(4)); }, /history columns \[.*gLoss2\], but its config logs \[dLoss/);
  refuse((p) => { p.arrays[names.length] = p.arrays[names.length].subarray(1); }, /history column 'dLoss' holds 3 entries, history\.length says 4/);
  refuse((p) => { p.header.iterations = -1; }, /iterations is -1, not a non-negative integer/);
  refuse((p) => { delete p.header.values; }, /values \(the saved arrays' names\) is missing/);
  refuse((p) => { p.header.values = names.slice(1); p.arrays.shift(); }, new RegExp(`saves ${names.length - 1} arrays but its config builds a program of ${names.length}`));
  refuse((p) => { p.header.streams = [9]; }, /random streams \[9\], but its config builds streams/);
  refuse((p) => { p.arrays[weight] = p.arrays[weight].subarray(1); }, new RegExp(`'G\\.0\\.w' \\(array ${weight}\\) holds ${size - 1} numbers but its config's shape needs ${size}`));
  // an edited config without a new hash, and one with a new hash whose shapes differ
  refuse((q) => { (q.header.config as { batch: number }).batch = 16; }, /configHash "[0-9a-f]{16}" is not the hash of its config \([0-9a-f]{16}\); was the config edited\?/);
  refuse((q) => {
    const config = q.header.config as { generator: { hidden: number[] } };
    config.generator.hidden = [9];
    q.header.configHash = configHash(config);
  }, /holds \d+ numbers but its config's shape needs \d+/);
  // non-finite weights, named
  for (const bad of [NaN, Infinity, -Infinity]) {
    refuse((q) => { q.arrays[weight] = q.arrays[weight].slice(); q.arrays[weight][2] = bad; },
      new RegExp(`'G\\.0\\.w' \\(array ${weight}\\) holds ${bad} at index 2`));
  }
  trainer.dispose();
  expect(sd.liveBytes()).toBe(0);
});

test('a checkpoint without configHash (written before saddle stored it) still loads and continues bit for bit', async () => {
  const sd = await loadBuild('simd');
  const trainer = new gan.GanTrainer(trainerConfig(), { saddle: sd });
  trainer.trainSync(6);
  const older = reencode(trainer.save(), (p) => { delete p.header.configHash; });
  const loaded = gan.GanTrainer.load(older, { saddle: sd });
  trainer.trainSync(7); loaded.trainSync(7);
  expect(loaded.save()).toEqual(trainer.save());
  trainer.dispose(); loaded.dispose();
});

test('a rolled-back trainer saves a checkpoint that loads (its history stays consistent with its iterations)', async () => {
  const sd = await loadBuild('simd');
  const config = trainerConfig({
    optimizer: { d: { kind: 'sgd', lr: 1e4 }, g: { kind: 'sgd', lr: 1e4 } }, historyEvery: 1,
    nonFinite: { action: 'rollback', every: 10, lrFactor: 1e-4, maxRollbacks: 5 },
  });
  const trainer = new gan.GanTrainer(config, { saddle: sd });
  const result = trainer.trainSync(200);
  expect(result.rollbacks).toBeGreaterThan(0);
  const loaded = gan.GanTrainer.load(trainer.save(), { saddle: sd });
  expect(loaded.history).toEqual(trainer.history);
  trainer.dispose(); loaded.dispose();
});

// ---- checkpoint files: atomic, exclusive, unpredictable temporary files ----

const fileError = (write: () => void): SaddleCheckpointError => {
  let error: unknown;
  try { write(); } catch (e) { error = e; }
  expect(error).toBeInstanceOf(SaddleCheckpointError);
  return error as SaddleCheckpointError;
};

test('writeCheckpointFile writes through a fresh temporary file of an unpredictable name and leaves none behind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saddle-ckpt-'));
  const path = join(dir, 'run.saddle');
  writeCheckpointFile(path, new Uint8Array([1, 2, 3]));
  writeCheckpointFile(path, new Uint8Array([4, 5]));
  expect(Array.from(readCheckpointFile(path))).toEqual([4, 5]);
  expect(readdirSync(dir)).toEqual(['run.saddle']);
  // the temporary name is the checkpoint's, the pid and 64 random bits: two saves never share one
  forcedRandom.push(Buffer.from('00112233445566ff', 'hex'));
  const planted = join(dir, `.run.saddle.${process.pid}-00112233445566ff.tmp`);
  writeFileSync(planted, 'someone else\'s');
  const error = fileError(() => writeCheckpointFile(path, new Uint8Array([6])));
  expect(error.message).toMatch(new RegExp(`could not write ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: a file already has the temporary name \\(planted\\?\\) \\(EEXIST\\)`));
  expect(readFileSync(planted, 'utf8')).toBe('someone else\'s'); // neither truncated nor removed
  expect(Array.from(readCheckpointFile(path))).toEqual([4, 5]);
  expect(readdirSync(dir).sort()).toEqual([`.run.saddle.${process.pid}-00112233445566ff.tmp`, 'run.saddle']);
});

test('a symlink at the temporary name or at the checkpoint is never written through', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saddle-ckpt-'));
  const victim = join(dir, 'victim.txt'), path = join(dir, 'checkpoint.saddle');
  writeFileSync(victim, 'precious');
  // a planted symlink at the (forced) temporary name: O_EXCL refuses it instead of following it
  forcedRandom.push(Buffer.from('a1a2a3a4a5a6a7a8', 'hex'));
  const link = join(dir, `.checkpoint.saddle.${process.pid}-a1a2a3a4a5a6a7a8.tmp`);
  symlinkSync(victim, link);
  expect(fileError(() => writeCheckpointFile(path, new Uint8Array([9, 9]))).message).toMatch(/EEXIST/);
  expect(readFileSync(victim, 'utf8')).toBe('precious');
  expect(lstatSync(link).isSymbolicLink()).toBe(true);
  expect(existsSync(path)).toBe(false);
  // a symlink in place of the checkpoint is replaced by the file, its target left alone
  symlinkSync(victim, path);
  writeCheckpointFile(path, new Uint8Array([7]));
  expect(lstatSync(path).isSymbolicLink()).toBe(false);
  expect(Array.from(readFileSync(path))).toEqual([7]);
  expect(readFileSync(victim, 'utf8')).toBe('precious');
});

test('the next save removes temporary files of this checkpoint left by a killed process, and nothing else', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saddle-ckpt-'));
  const path = join(dir, 'checkpoint.saddle');
  // a process that has exited: its pid names no running process
  const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
  const stale = [`.checkpoint.saddle.${dead}-0123456789abcdef.tmp`, `.checkpoint.saddle.${dead}-fedcba9876543210.tmp`];
  const kept = [
    `.checkpoint.saddle.${process.pid}-0123456789abcdef.tmp`, // this process: maybe a worker's save in progress
    `.checkpoint.saddle.${process.ppid}-0123456789abcdef.tmp`, // a running process
    `.other.saddle.${dead}-0123456789abcdef.tmp`, // another checkpoint's
    `.checkpoint.saddle.${dead}-notes.tmp`, '.checkpoint.saddle.notes', 'notes.txt', // not temporary files
  ];
  for (const name of [...stale, ...kept]) writeFileSync(join(dir, name), 'x');
  writeCheckpointFile(path, new Uint8Array([1]));
  expect(readdirSync(dir).sort()).toEqual([...kept, 'checkpoint.saddle'].sort());
});

test('every failure to write or read a checkpoint file is a SaddleCheckpointError naming the path and the reason', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saddle-ckpt-'));
  writeFileSync(join(dir, 'file'), 'not a folder');
  const under = join(dir, 'file', 'checkpoint.saddle');
  expect(fileError(() => writeCheckpointFile(under, new Uint8Array(4))).message)
    .toBe(`writeCheckpointFile: could not write ${under}: a part of the path is a file, not a folder (ENOTDIR)`);
  const missing = join(dir, 'no-such-folder', 'checkpoint.saddle');
  expect(fileError(() => writeCheckpointFile(missing, new Uint8Array(4))).message).toMatch(/could not write .*no-such-folder.*no such file or folder \(ENOENT\)/);
  // a folder in the way of the checkpoint: the rename fails and the temporary file is removed
  mkdirSync(join(dir, 'taken'));
  mkdirSync(join(dir, 'taken', 'inside'));
  expect(fileError(() => writeCheckpointFile(join(dir, 'taken'), new Uint8Array(4))).message).toMatch(/could not write .*taken: .*\((EISDIR|ENOTEMPTY|EEXIST)\)/);
  expect(readdirSync(dir).sort()).toEqual(['file', 'taken']);
  expect(fileError(() => readCheckpointFile(join(dir, 'nothing.saddle'))).message).toMatch(/readCheckpointFile: could not read .*nothing\.saddle: no such file or folder \(ENOENT\)/);
  expect(fileError(() => writeCheckpointFile('', new Uint8Array(1))).message).toMatch(/non-empty string/);
  expect(fileError(() => writeCheckpointFile(join(dir, 'x'), [1, 2] as never)).message).toMatch(/must be a Uint8Array/);
});

test.skipIf(process.getuid?.() === 0 || process.platform === 'win32')('a read-only folder gives a SaddleCheckpointError saying permission denied (EACCES)', async () => {
  const { chmodSync } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'saddle-ckpt-'));
  chmodSync(dir, 0o500);
  try {
    expect(fileError(() => writeCheckpointFile(join(dir, 'c.saddle'), new Uint8Array(1))).message).toMatch(/permission denied \(EACCES\)/);
  } finally { chmodSync(dir, 0o700); }
});
