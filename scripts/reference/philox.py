#!/usr/bin/env python3
"""Independent reference for assembly/rng.ts: Philox4x32-10 in pure Python integers.

see: J. K. Salmon, M. A. Moraes, R. O. Dror, D. E. Shaw, "Parallel random numbers: as
     easy as 1, 2, 3", SC 2011 (Philox, §3.2 and Table 2).

Checks the Random123 known-answer vectors, then writes tests/fixtures/philox.json: the
first outputs of rng_u32 / rng_uniform_f32 / rng_normal_f32 for several
(seed, stream, counter) triples, with uniforms and Box-Muller normals computed in f64
from the same words, pairing and formulas as saddle documents:

    key     = (seed mod 2^32, seed >> 32)
    counter = (block mod 2^32, block >> 32, stream mod 2^32, stream >> 32)
    out[i]  = word (i % 4) of block (counter + i // 4)
    uniform = (w >> 8) * 2^-24
    normal  : block (w0, w1, w2, w3) -> (r cos t, r sin t) for the pairs (w0, w1), (w2, w3),
              u1 = ((wa >> 8) + 1) * 2^-24, u2 = (wb >> 8) * 2^-24, r = sqrt(-2 ln u1), t = 2 pi u2

It also searches (with numpy, checked against the pure-Python version) for blocks whose
Box-Muller input u1 takes its extreme values 2^-24 and 1, so the tests can check the
logarithm at both ends of its range.

Usage: python3 scripts/reference/philox.py   (from the repository root)
"""

import json
import math
import os
import sys

import numpy as np

MASK32 = 0xFFFFFFFF
PHILOX_M0 = 0xD2511F53
PHILOX_M1 = 0xCD9E8D57
PHILOX_W0 = 0x9E3779B9
PHILOX_W1 = 0xBB67AE85


def philox4x32_10(ctr, key):
    """One Philox4x32-10 block: 4 u32 counter words and 2 u32 key words -> 4 u32 words."""
    c0, c1, c2, c3 = ctr
    k0, k1 = key
    for r in range(10):
        if r > 0:
            k0 = (k0 + PHILOX_W0) & MASK32
            k1 = (k1 + PHILOX_W1) & MASK32
        p0 = PHILOX_M0 * c0
        p1 = PHILOX_M1 * c2
        c0, c1, c2, c3 = (p1 >> 32) ^ c1 ^ k0, p1 & MASK32, (p0 >> 32) ^ c3 ^ k1, p0 & MASK32
    return [c0, c1, c2, c3]


# Random123 known-answer vectors (kat_vectors, philox4x32 10 rounds).
KNOWN_ANSWERS = [
    ([0, 0, 0, 0], [0, 0], [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]),
    ([MASK32] * 4, [MASK32] * 2, [0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD]),
    ([0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344], [0xA4093822, 0x299F31D0],
     [0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1]),
]


def check_known_answers():
    for ctr, key, want in KNOWN_ANSWERS:
        got = philox4x32_10(ctr, key)
        assert got == want, f"Philox4x32-10 KAT failed: ctr={ctr} key={key} got={[hex(g) for g in got]}"


def block_words(seed, stream, block):
    block %= 1 << 64
    ctr = [block & MASK32, block >> 32, stream & MASK32, stream >> 32]
    return philox4x32_10(ctr, [seed & MASK32, seed >> 32])


def u32_stream(seed, stream, counter, n):
    out = []
    b = counter
    while len(out) < n:
        out.extend(block_words(seed, stream, b))
        b += 1
    return out[:n]


def uniform(w):
    return (w >> 8) * 2.0 ** -24


def box_muller(wa, wb):
    u1 = ((wa >> 8) + 1) * 2.0 ** -24
    u2 = (wb >> 8) * 2.0 ** -24
    r = math.sqrt(-2.0 * math.log(u1))
    t = 2.0 * math.pi * u2
    return r * math.cos(t), r * math.sin(t)


def normal_stream(seed, stream, counter, n):
    out = []
    b = counter
    while len(out) < n:
        w = block_words(seed, stream, b)
        out.extend(box_muller(w[0], w[1]))
        out.extend(box_muller(w[2], w[3]))
        b += 1
    return out[:n]


def philox_numpy(block_lo, block_hi, stream, seed):
    """Vectorized Philox4x32-10 over arrays of block indices (for the edge-case search)."""
    m = np.uint64(MASK32)
    c0 = block_lo.astype(np.uint64)
    c1 = block_hi.astype(np.uint64)
    c2 = np.full_like(c0, stream & MASK32)
    c3 = np.full_like(c0, stream >> 32)
    k0, k1 = seed & MASK32, seed >> 32
    for r in range(10):
        if r > 0:
            k0 = (k0 + PHILOX_W0) & MASK32
            k1 = (k1 + PHILOX_W1) & MASK32
        p0 = c0 * np.uint64(PHILOX_M0)
        p1 = c2 * np.uint64(PHILOX_M1)
        c0, c1, c2, c3 = (p1 >> np.uint64(32)) ^ c1 ^ np.uint64(k0), p1 & m, (p0 >> np.uint64(32)) ^ c3 ^ np.uint64(k1), p0 & m
    return c0, c1, c2, c3


def find_extreme_u1(seed, stream, top24, chunk=1 << 22, limit=1 << 28):
    """First block index >= 0 whose word 0 or word 2 has (w >> 8) == top24, and which word."""
    for start in range(0, limit, chunk):
        lo = np.arange(start, start + chunk, dtype=np.uint64)
        words = philox_numpy(lo, np.zeros_like(lo), stream, seed)
        for w in (0, 2):
            hits = np.nonzero((words[w] >> np.uint64(8)) == np.uint64(top24))[0]
            if hits.size:
                block = start + int(hits[0])
                # the vectorized search must agree with the scalar reference
                assert [int(words[k][hits[0]]) for k in range(4)] == block_words(seed, stream, block)
                return block, w
    raise RuntimeError(f"no block with top24 = {top24:#x} found below {limit}")


def case(name, seed, stream, counter, n):
    words = u32_stream(seed, stream, counter, n)
    return {
        "name": name,
        "seed": str(seed),
        "stream": stream,
        "counter": counter,
        "n": n,
        "u32": words,
        "uniform": [uniform(w) for w in words],
        "normal": normal_stream(seed, stream, counter, n),
    }


def main():
    check_known_answers()
    cases = [
        case("seed 0, block 0", 0, 0, 0, 37),
        case("carry of the block index across 2^32 inside the call", 42, 7, 2**32 - 3, 41),
        case("block index starting exactly at 2^32 - 1", 0x0123456789ABCDEF, 1, 2**32 - 1, 64),
        case("carry from 2*2^32 - 1 into the high word", 2**53 - 1, 123456789, 2 * 2**32 - 1, 21),
        case("largest seed and stream, counter near 2^53", 2**64 - 1, MASK32, 2**53 - 20, 33),
        case("a longer run for the normal tolerance", 1234567, 0, 1000, 2048),
    ]
    edges = []
    seed = 20240601
    for label, top24 in (("u1 = 2^-24 (largest radius)", 0), ("u1 = 1 (radius 0)", 0xFFFFFF)):
        block, word = find_extreme_u1(seed, 0, top24)
        edges.append({**case(f"{label}: word {word} of block {block}", seed, 0, block, 4), "word": word})
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    path = os.path.join(root, "tests", "fixtures", "philox.json")
    with open(path, "w") as f:
        json.dump({
            "generator": "scripts/reference/philox.py",
            "knownAnswers": [{"counter": c, "key": k, "words": w} for c, k, w in KNOWN_ANSWERS],
            "cases": cases,
            "edges": edges,
        }, f, separators=(",", ":"))
        f.write("\n")
    print(f"Philox4x32-10 known answers OK; wrote {len(cases)} cases and {len(edges)} edge cases to {os.path.relpath(path, root)}")


if __name__ == "__main__":
    sys.exit(main())
