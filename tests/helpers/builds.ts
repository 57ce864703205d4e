// Every build the running runtime can execute, loaded once per test file.
import { afterEach, beforeEach, expect } from 'vitest';
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

/**
 * Inside a describe block: loads `build` before each test (handing it to `use`) and checks
 * after each test that live bytes are back where they started.
 */
export function trackLiveBytes(build: BuildName, use: (sd: Saddle) => void): void {
  let sd: Saddle;
  let live = 0;
  beforeEach(async () => {
    sd = await loadBuild(build);
    use(sd);
    live = sd.liveBytes();
  });
  afterEach(() => {
    expect(sd.liveBytes()).toBe(live);
  });
}
