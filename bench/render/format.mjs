// Number formatting shared by the renderers (bench/render/<suite>.mjs), which turn a
// results file (bench/results/<suite>.json) into the markdown of the docs' bench regions.

/** `v` to `digits` significant digits, without exponent for ordinary magnitudes. */
export function sig(v, digits = 3) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e6) {
    const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(a)));
    return v.toFixed(decimals);
  }
  return v.toExponential(digits - 1);
}

/** "median (min–max)" of a spread {median, min, max}. */
export function spreadText(s, digits = 3, scale = 1) {
  return `${sig(s.median * scale, digits)} (${sig(s.min * scale, digits)}–${sig(s.max * scale, digits)})`;
}

/** "lo–hi" of a list of numbers, or one number when they round alike. */
export function rangeText(values, digits = 2, suffix = '') {
  const lo = sig(Math.min(...values), digits), hi = sig(Math.max(...values), digits);
  return lo === hi ? `${lo}${suffix}` : lo.startsWith('-') ? `${lo}${suffix} to ${hi}${suffix}` : `${lo}–${hi}${suffix}`;
}

export const ratio = (v, digits = 2) => `${sig(v, digits)}x`;

/** The line naming where and when a results file was measured. */
export function provenance(results) {
  const m = results.machine;
  return `Measured ${results.date.slice(0, 10)} on ${m.cpu} (${m.cores} cores, ${m.memGiB} GiB), Node ${results.node}, commit \`${results.commit}\`, by \`bench/${results.suite}.bench.ts\`${results.suiteSeconds ? ` (the whole suite ran ${results.suiteSeconds} s)` : ''}.`;
}

export function table(headers, rows, align) {
  const a = align ?? headers.map((_, i) => (i === 0 ? '---' : '---:'));
  return [`| ${headers.join(' | ')} |`, `|${a.join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Which of two timed contenders was faster and by how much (ratio of median times). */
export function faster(nameA, secondsA, nameB, secondsB) {
  return secondsA <= secondsB ? `${nameA} ${sig(secondsB / secondsA, 2)}x faster` : `${nameB} ${sig(secondsA / secondsB, 2)}x faster`;
}
