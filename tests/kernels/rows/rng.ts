import { randomIndices, randomU32 } from '../../../bindings/index.js';
import { TAIL_SIZES, type KernelRow } from '../row.js';

// Rows for assembly/rng.ts's rng_indices_i32: against the words randomU32 draws with the
// same seed, stream and counter, out[i] = ⌊w·range / 2³²⌋ computed exactly in BigInt.
// (The words themselves are checked against Random123 and a Python reference in tests/rng.test.ts.)

/** Ranges: 1 (all zeros), small odd, a power of two, large odd, and 2³¹ (the binding's maximum). */
const RANGES = [1, 7, 1024, 1_000_003, 2 ** 31];

function indicesRow(range: number): KernelRow {
  return {
    name: `rng_indices_i32 range=${range}`,
    shapes: TAIL_SIZES.map((n) => [n]),
    tolerance: 'exact: ⌊w·range / 2³²⌋ of the randomU32 word',
    run(sd, [n], seed) {
      // a counter past 2³² exercises the carry into the block's high word
      const options = { seed, stream: seed % 97, counter: 2 ** 32 - 3, range };
      const words = sd.u32(n), out = sd.i32(n);
      const nextWords = randomU32(sd, words, options);
      const next = randomIndices(sd, out, options);
      const got = [...out.toArray(), next];
      const want = [...Array.from(words.toArray(), (w) => Number((BigInt(w) * BigInt(range)) >> 32n)), nextWords];
      words.dispose(); out.dispose();
      return { got, want, tol: 0 };
    },
  };
}

export const rngRows: KernelRow[] = RANGES.map(indicesRow);
