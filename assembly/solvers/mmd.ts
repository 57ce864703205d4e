// MMD / KID helpers that are whole loops: subset sampling without replacement.
// The kernel sums themselves are kernelSumsF32 (kernels/pairwise.ts).

/**
 * m distinct indices in [0, n) by a partial Fisher–Yates shuffle driven by m random u32
 * words: for i < m, j = i + ⌊w_i·(n − i) / 2³²⌋, swap perm[i] and perm[j], out[i] = perm[i]
 * (perm starts as the identity; scratch of n i32). Each j is within 2⁻³²·(n − i) of uniform
 * (Lemire's multiply-shift without rejection).
 */
export function sampleSubsetI32(words: usize, n: i32, m: i32, perm: usize, out: usize): void {
  for (let i = 0; i < n; i++) store<i32>(perm + (<usize>i << 2), i);
  for (let i = 0; i < m; i++) {
    const w = <u64>load<u32>(words + (<usize>i << 2));
    const j = i + <i32>((w * <u64>(n - i)) >> 32);
    const pj = perm + (<usize>j << 2), pi = perm + (<usize>i << 2);
    const t = load<i32>(pj);
    store<i32>(pj, load<i32>(pi));
    store<i32>(pi, t);
    store<i32>(out + (<usize>i << 2), t);
  }
}
