import { expect, test } from 'vitest';
import { RELAXED_SIMD_PROBE, SIMD128_PROBE, hasRelaxedSimd, hasSimd128 } from '../../bindings/wasm/features.js';

const nodeMajor = Number(process.versions.node.split('.')[0]);
const relaxedExpected = nodeMajor >= 22 || process.execArgv.includes('--experimental-wasm-relaxed-simd');

test('the SIMD128 probe is a valid module on every runtime saddle supports', () => {
  expect(WebAssembly.validate(SIMD128_PROBE as Uint8Array<ArrayBuffer>)).toBe(true);
  expect(hasSimd128()).toBe(true);
});

test('the relaxed-SIMD probe validates exactly when the runtime has relaxed SIMD', () => {
  expect(hasRelaxedSimd()).toBe(relaxedExpected);
});

test('probes differ only in the function body and are well-formed', () => {
  // A corrupted opcode must not validate: the probe really exercises the decoder.
  const broken = RELAXED_SIMD_PROBE.slice();
  broken[broken.length - 2] = 0x7f; // 0xfd 0xff 0x?? is no instruction
  expect(WebAssembly.validate(broken)).toBe(false);
  expect(() => new WebAssembly.Module(SIMD128_PROBE as Uint8Array<ArrayBuffer>)).not.toThrow();
});
