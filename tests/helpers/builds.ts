// Every build the running runtime can execute, loaded once per test file.
import { hasRelaxedSimd, loadSaddle, type BuildName, type Saddle } from '../../bindings/index.js';

export const BUILDS: BuildName[] = hasRelaxedSimd() ? ['simd', 'relaxed'] : ['simd'];

const loaded = new Map<BuildName, Promise<Saddle>>();

export function loadBuild(build: BuildName): Promise<Saddle> {
  let pending = loaded.get(build);
  if (!pending) {
    pending = loadSaddle({ build });
    loaded.set(build, pending);
  }
  return pending;
}
