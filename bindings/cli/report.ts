// The run report: a self-contained HTML page with inline SVG plots (data vs samples,
// losses, mode coverage over time) and the configuration. No external assets.

export interface Evaluation {
  iteration: number;
  modes: number;
  highQuality: number;
  klToUniform: number;
  dLoss: number;
  gLoss: number;
}

export interface ReportInput {
  title: string;
  config: unknown;
  dim: number;
  data: Float32Array;
  samples: Float32Array;
  centres?: Float32Array;
  totalModes?: number;
  dLoss: Float32Array;
  gLoss: Float32Array;
  evaluations: Evaluation[];
  seconds: number;
  iterations: number;
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!));

/** A scatter plot of 2-D point sets over a common square window. */
export function scatterSvg(sets: Array<{ points: Float32Array; color: string; radius: number; label: string }>, size = 420): string {
  let lo = Infinity, hi = -Infinity;
  for (const { points } of sets) for (const v of points) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!(hi > lo)) { lo = -1; hi = 1; }
  const pad = (hi - lo) * 0.05;
  lo -= pad; hi += pad;
  const sx = (v: number) => ((v - lo) / (hi - lo)) * size;
  const sy = (v: number) => size - ((v - lo) / (hi - lo)) * size;
  const body = sets.map(({ points, color, radius }) => {
    const dots: string[] = [];
    for (let i = 0; i + 1 < points.length; i += 2) {
      if (Number.isFinite(points[i]) && Number.isFinite(points[i + 1])) dots.push(`<circle cx="${sx(points[i]).toFixed(1)}" cy="${sy(points[i + 1]).toFixed(1)}" r="${radius}"/>`);
    }
    return `<g fill="${color}">${dots.join('')}</g>`;
  }).join('');
  const legend = sets.map((s, i) => `<text x="8" y="${16 + 16 * i}" fill="${s.color}" font-size="13">${escape(s.label)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" style="background:#fff;border:1px solid #ddd">${body}${legend}</svg>`;
}

/** Line chart of several series against the same x axis (moving-averaged to `points` points). */
export function lineSvg(series: Array<{ values: ArrayLike<number>; color: string; label: string }>, xMax: number, width = 560, height = 240): string {
  const finite = series.flatMap((s) => Array.from(s.values).filter(Number.isFinite));
  let lo = Math.min(...finite), hi = Math.max(...finite);
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  const lines = series.map(({ values, color }) => {
    const n = values.length;
    if (n === 0) return '';
    const buckets = Math.min(n, 300), per = n / buckets, pts: string[] = [];
    for (let b = 0; b < buckets; b++) {
      let s = 0, c = 0;
      for (let i = Math.floor(b * per); i < Math.floor((b + 1) * per); i++) if (Number.isFinite(values[i])) { s += values[i]; c++; }
      if (c === 0) continue;
      const x = ((b + 0.5) / buckets) * width, y = height - ((s / c - lo) / (hi - lo)) * height;
      pts.push(`${x.toFixed(1)},${y.toFixed(1)}`);
    }
    return `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts.join(' ')}"/>`;
  }).join('');
  const legend = series.map((s, i) => `<text x="8" y="${16 + 16 * i}" fill="${s.color}" font-size="13">${escape(s.label)}</text>`).join('');
  const axis = `<text x="${width - 4}" y="${height - 4}" text-anchor="end" font-size="11" fill="#666">${xMax} iterations</text>` +
    `<text x="4" y="${height - 4}" font-size="11" fill="#666">${lo.toPrecision(3)} … ${hi.toPrecision(3)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="background:#fff;border:1px solid #ddd">${lines}${legend}${axis}</svg>`;
}

export function reportHtml(r: ReportInput): string {
  const last = r.evaluations[r.evaluations.length - 1];
  const plots: string[] = [];
  if (r.dim === 2) {
    plots.push('<h2>Data and samples</h2>', scatterSvg([
      ...(r.centres ? [{ points: r.centres, color: 'rgba(20,90,200,0.35)', radius: 6, label: 'mode centres' }] : []),
      { points: r.samples, color: 'rgba(220,60,40,0.55)', radius: 1.5, label: 'generated (EMA weights)' },
      { points: r.data, color: 'rgba(30,30,30,0.8)', radius: 1, label: 'data' },
    ]));
  }
  plots.push('<h2>Losses</h2>', lineSvg([
    { values: r.dLoss, color: '#1f6feb', label: 'discriminator loss' },
    { values: r.gLoss, color: '#d1242f', label: 'generator loss' },
  ], r.iterations));
  if (r.totalModes) {
    plots.push('<h2>Mode coverage</h2>', lineSvg([
      { values: r.evaluations.map((e) => e.modes), color: '#1a7f37', label: `modes covered (of ${r.totalModes})` },
    ], r.iterations), lineSvg([
      { values: r.evaluations.map((e) => e.highQuality), color: '#8250df', label: 'high-quality samples (within 3σ of a mode)' },
    ], r.iterations));
  }
  const summary = last
    ? `<p>${r.iterations} iterations in ${r.seconds.toFixed(1)} s (${(r.iterations / r.seconds).toFixed(0)} it/s). ` +
      (r.totalModes ? `Modes covered: <b>${last.modes} of ${r.totalModes}</b>; high-quality samples: <b>${(100 * last.highQuality).toFixed(1)}%</b>.` : '') + '</p>'
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(r.title)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:980px;margin:24px auto;padding:0 16px;color:#222}h2{margin-top:28px}pre{background:#f6f8fa;padding:12px;overflow:auto}</style>
</head><body>
<h1>${escape(r.title)}</h1>
${summary}
${plots.join('\n')}
<h2>Configuration</h2>
<pre>${escape(JSON.stringify(r.config, null, 2))}</pre>
</body></html>
`;
}
