// Where the .wasm files live. In the source tree they are built into build/; rollup
// rewrites these two literals to './saddle.*.wasm' so dist/ finds them beside the JS.
// The literals stay literal so bundlers (Vite, webpack) can see and copy the assets.

export type BuildName = 'simd' | 'relaxed';

export function defaultWasmUrl(build: BuildName): URL {
  return build === 'relaxed'
    ? new URL('../../build/saddle.relaxed.wasm', import.meta.url)
    : new URL('../../build/saddle.simd.wasm', import.meta.url);
}
