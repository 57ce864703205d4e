// The nearest known name to a mistyped one, for "did you mean" hints.

/** Levenshtein distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase(); b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** The known name closest to `name` if it is within a third of its length (at least 2 edits), else undefined. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined, bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestDistance) { best = k; bestDistance = d; }
  }
  if (bestDistance <= Math.max(2, Math.floor(name.length / 3))) return best;
  // an abbreviation or an elaboration of a known name ('tolerance' → 'tol', 'maxIter' → 'maxIterations')
  const bare = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const b = bare(name);
  return b.length >= 3 ? known.find((k) => bare(k).length >= 3 && (bare(k).startsWith(b) || b.startsWith(bare(k)))) : undefined;
}

/** "one of 'a', 'b'", followed by " (did you mean 'x'?)" when `given` is a string near one of them. */
export function oneOfNames(names: readonly string[], given: unknown): string {
  const near = typeof given === 'string' ? nearest(given, names) : undefined;
  return `one of ${names.map((n) => `'${n}'`).join(', ')}${near ? ` (did you mean '${near}'?)` : ''}`;
}
