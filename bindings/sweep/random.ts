// The random search's draws, in JS so a coordinator resolves a sweep without WASM.
// SplitMix32 (a 32-bit variant of Steele, Lea & Flood 2014's SplitMix; constants of
// MurmurHash3's fmix32): a Weyl sequence, then an avalanche mix, 2^32 period.

/** Uniforms in [0, 1) (32-bit resolution) from a seed; the same seed gives the same draws. */
export function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
}
