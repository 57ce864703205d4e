// The peer: TensorFlow.js 4.x with its WASM backend (XNNPACK, SIMD, one thread) and its
// plain-JS CPU backend, set up the ordinary way in Node.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core alone has no gradients; the @tensorflow/tfjs umbrella package registers them like this
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export { tf };
export type TfBackend = 'wasm' | 'cpu';

let configured = false;

/** Switches tfjs to `backend`; the WASM backend runs single-threaded with SIMD. */
export async function useTfBackend(backend: TfBackend): Promise<void> {
  if (!configured) {
    const require = createRequire(import.meta.url);
    setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/');
    setThreadsCount(1);
    configured = true;
  }
  await tf.setBackend(backend);
  await tf.ready();
  if (backend === 'wasm' && !(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))) {
    throw new Error('tfjs-wasm did not enable SIMD: the comparison would be unfair to tfjs');
  }
}

export function tfVersion(): string {
  return tf.version_core;
}
