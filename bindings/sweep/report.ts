// The sweep's report.html (self-contained, opens offline): the best run, a sortable table of
// runs (swept values, final metrics, time, a link to each run's report), each final metric
// against each swept path (points per seed, the mean over seeds as a line), and a heat map
// of the mean when exactly two paths besides the seed are swept.

import type { ResolvedSweep } from './spec.js';
import type { RunResult } from './results.js';
import type { SweepSummary } from './index.js';

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const show = (v: unknown) => (typeof v === 'number' ? String(Number(v.toPrecision(3))) : JSON.stringify(v));

interface Metric { key: 'modes' | 'highQuality' | 'sinkhorn' | 'mmd2' | 'dLoss' | 'gLoss'; label: string; better: 'high' | 'low'; log: boolean }
const METRICS: Metric[] = [
  { key: 'modes', label: 'modes covered', better: 'high', log: false },
  { key: 'highQuality', label: 'high-quality fraction', better: 'high', log: false },
  { key: 'sinkhorn', label: 'Sinkhorn divergence', better: 'low', log: true },
  { key: 'mmd2', label: 'MMD²', better: 'low', log: true },
  { key: 'dLoss', label: 'D loss', better: 'low', log: false },
  { key: 'gLoss', label: 'G loss', better: 'low', log: false },
];

const value = (r: RunResult, m: Metric) => { const v = r.final?.[m.key]; return typeof v === 'number' && Number.isFinite(v) ? v : undefined; };

/**
 * The best run: on mixtures (some run covers a mode) the most modes, then the most
 * high-quality samples; otherwise the smallest Sinkhorn divergence.
 */
export function bestRun(results: RunResult[]): RunResult | undefined {
  const done = results.filter((r) => r.status === 'done' && r.final);
  if (!done.length) return undefined;
  const mixture = done.some((r) => (r.final?.modes ?? 0) > 0);
  const score = (r: RunResult) => (mixture ? [r.final!.modes, r.final!.highQuality] : [-(value(r, METRICS[2]) ?? Infinity), 0]);
  return done.reduce((a, b) => { const [a0, a1] = score(a), [b0, b1] = score(b); return b0 > a0 || (b0 === a0 && b1 > a1) ? b : a; });
}

/** Round steps 1, 2, 5 × 10^k giving about `count` ticks in [lo, hi]. */
function niceTicks(lo: number, hi: number, count = 4): number[] {
  const raw = (hi - lo) / count, base = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * base).find((s) => s >= raw) ?? 10 * base;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Tick positions on an axis spanning [lo, hi] (log10 units when `log`): decades, else round values. */
function axisTicks(lo: number, hi: number, log: boolean): number[] {
  if (!log) return niceTicks(lo, hi);
  if (hi - lo >= 1) { const out: number[] = []; for (let d = Math.ceil(lo); d <= hi; d++) out.push(d); return out; }
  return niceTicks(10 ** lo, 10 ** hi).filter((v) => v > 0).map(Math.log10);
}

/** A scatter of one metric against one swept path: a point per run, the mean per value as a line. */
function scatter(path: string, metric: Metric, results: RunResult[]): string {
  const points = results.map((r) => ({ x: r.params[path], y: value(r, metric) })).filter((p) => p.y !== undefined) as { x: unknown; y: number }[];
  if (points.length < 2) return '';
  const numeric = points.every((p) => typeof p.x === 'number');
  const categories = numeric ? [] : [...new Set(points.map((p) => JSON.stringify(p.x)))];
  const xs = numeric ? points.map((p) => p.x as number) : points.map((p) => categories.indexOf(JSON.stringify(p.x)));
  const logX = numeric && xs.every((x) => x > 0) && Math.max(...xs) / Math.min(...xs) >= 20;
  const logY = metric.log && points.every((p) => p.y > 0);
  const fx = (x: number) => (logX ? Math.log10(x) : x), fy = (y: number) => (logY ? Math.log10(y) : y);
  const X = xs.map(fx), Y = points.map((p) => fy(p.y));
  const pad = (lo: number, hi: number) => (hi > lo ? [lo - 0.06 * (hi - lo), hi + 0.06 * (hi - lo)] : [lo - 0.5, hi + 0.5]);
  const [x0, x1] = numeric ? pad(Math.min(...X), Math.max(...X)) : [-0.5, categories.length - 0.5];
  const [y0, y1] = pad(Math.min(...Y), Math.max(...Y));
  const W = 300, H = 190, L = 52, B = 34, T = 22, R = 10;
  const px = (x: number) => L + ((x - x0) / (x1 - x0)) * (W - L - R), py = (y: number) => H - B - ((y - y0) / (y1 - y0)) * (H - B - T);
  const tick = (v: number, log: boolean) => show(log ? 10 ** v : v);
  const yTicks = axisTicks(y0, y1, logY);
  const xTicks = numeric ? [...new Set(X)].sort((a, b) => a - b) : categories.map((_, i) => i);
  const means = new Map<number, number[]>();
  X.forEach((x, i) => means.set(x, [...(means.get(x) ?? []), Y[i]]));
  const line = [...means.entries()].sort((a, b) => a[0] - b[0]).map(([x, ys]) => `${px(x).toFixed(1)},${py(ys.reduce((s, v) => s + v, 0) / ys.length).toFixed(1)}`).join(' ');
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img"><title>${escape(metric.label)} against ${escape(path)}</title>
<text x="${W / 2}" y="14" text-anchor="middle" class="title">${escape(metric.label)} vs ${escape(path)}</text>
${yTicks.map((v) => `<line x1="${L}" x2="${W - R}" y1="${py(v).toFixed(1)}" y2="${py(v).toFixed(1)}" class="grid"/><text x="${L - 4}" y="${(py(v) + 3).toFixed(1)}" text-anchor="end">${tick(v, logY)}</text>`).join('')}
${xTicks.map((v) => `<text x="${px(v).toFixed(1)}" y="${H - B + 13}" text-anchor="middle">${escape(numeric ? tick(v, logX) : categories[v])}</text>`).join('')}
<text x="${(L + W - R) / 2}" y="${H - 4}" text-anchor="middle" class="axis">${escape(path)}${logX ? ' (log)' : ''}</text>
<text transform="translate(11 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle" class="axis">${escape(metric.label)}${logY ? ' (log)' : ''}</text>
<polyline points="${line}" class="mean"/>
${X.map((x, i) => `<circle cx="${px(x).toFixed(1)}" cy="${py(Y[i]).toFixed(1)}" r="3"/>`).join('')}
</svg>`;
}

/** A heat map of a metric's mean over seeds on a 2-D grid of paths a × b, with a colour bar. */
function heatmap(a: string, b: string, metric: Metric, results: RunResult[]): string {
  const key = (v: unknown) => JSON.stringify(v);
  const as = [...new Set(results.map((r) => key(r.params[a])))], bs = [...new Set(results.map((r) => key(r.params[b])))];
  const cells = new Map<string, number[]>();
  for (const r of results) { const v = value(r, metric); if (v !== undefined) { const k = `${key(r.params[a])}|${key(r.params[b])}`; cells.set(k, [...(cells.get(k) ?? []), v]); } }
  if (cells.size < 2) return '';
  const mean = (k: string) => { const v = cells.get(k); return v ? v.reduce((s, x) => s + x, 0) / v.length : undefined; };
  const all = [...cells.keys()].map(mean) as number[];
  const lo = Math.min(...all), hi = Math.max(...all);
  // viridis-like ramp, dark = low
  const ramp = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const colour = (v: number) => {
    const t = hi > lo ? (v - lo) / (hi - lo) : 0.5, f = t * (ramp.length - 1), i = Math.min(ramp.length - 2, Math.floor(f)), u = f - i;
    const c = ramp[i].map((c0, j) => Math.round(c0 + (ramp[i + 1][j] - c0) * u));
    return `rgb(${c.join(',')})`;
  };
  const cw = 56, ch = 30, L = 90, T = 40, W = L + cw * bs.length + 70, H = T + ch * as.length + 40;
  const body = as.flatMap((av, i) => bs.map((bv, j) => {
    const m = mean(`${av}|${bv}`);
    return `<rect x="${L + j * cw}" y="${T + i * ch}" width="${cw - 1}" height="${ch - 1}" fill="${m === undefined ? '#eee' : colour(m)}"/>` +
      (m === undefined ? '' : `<text x="${L + j * cw + cw / 2}" y="${T + i * ch + ch / 2 + 4}" text-anchor="middle" class="cell" fill="${(hi > lo ? (m - lo) / (hi - lo) : 0.5) > 0.6 ? '#000' : '#fff'}">${show(m)}</text>`);
  })).join('');
  const barX = L + cw * bs.length + 20;
  const bar = Array.from({ length: 20 }, (_, k) => `<rect x="${barX}" y="${T + (19 - k) * ((ch * as.length) / 20)}" width="14" height="${(ch * as.length) / 20 + 0.5}" fill="${colour(lo + ((k + 0.5) / 20) * (hi - lo))}"/>`).join('');
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img"><title>mean ${escape(metric.label)} over ${escape(a)} × ${escape(b)}</title>
<text x="${W / 2}" y="16" text-anchor="middle" class="title">mean ${escape(metric.label)}: ${escape(a)} × ${escape(b)}</text>
${body}${bar}<text x="${barX + 18}" y="${T + 8}">${show(hi)}</text><text x="${barX + 18}" y="${T + ch * as.length}">${show(lo)}</text>
${bs.map((bv, j) => `<text x="${L + j * cw + cw / 2}" y="${T - 6}" text-anchor="middle">${escape(bv)}</text>`).join('')}
${as.map((av, i) => `<text x="${L - 6}" y="${T + i * ch + ch / 2 + 4}" text-anchor="end">${escape(av)}</text>`).join('')}
<text x="${L + (cw * bs.length) / 2}" y="${H - 8}" text-anchor="middle" class="axis">${escape(b)}</text>
<text transform="translate(12 ${T + (ch * as.length) / 2}) rotate(-90)" text-anchor="middle" class="axis">${escape(a)}</text>
</svg>`;
}

export function sweepReportHtml(sweep: ResolvedSweep, results: RunResult[], summary: SweepSummary): string {
  const metrics = METRICS.filter((m) => results.some((r) => value(r, m) !== undefined) && !(m.key === 'modes' && results.every((r) => !r.final?.modes)));
  const best = bestRun(results);
  const paths = sweep.paths;
  const rows = results.map((r) => `<tr class="${r.status}">${paths.map((p) => `<td>${escape(show(r.params[p]))}</td>`).join('')}` +
    metrics.map((m) => { const v = value(r, m); return `<td data-v="${v ?? ''}">${v === undefined ? '' : show(v)}</td>`; }).join('') +
    `<td data-v="${r.seconds ?? ''}">${r.seconds === undefined ? '' : r.seconds.toFixed(1)}</td><td>${r.status === 'done' ? `<a href="${escape(r.dir ?? '')}/report.html">report</a>` : escape(r.error ?? r.status)}</td></tr>`).join('\n');
  const swept = paths.filter((p) => p !== 'seed');
  const charts = swept.flatMap((p) => metrics.map((m) => scatter(p, m, results))).join('\n');
  const heat = swept.length === 2 ? metrics.map((m) => heatmap(swept[0], swept[1], m, results)).join('\n') : '';
  const seeds = new Set(results.map((r) => r.params.seed ?? '')).size;
  const builds = [...new Set(results.map((r) => r.build).filter((b): b is string => !!b))].sort();
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(sweep.name)}: saddle sweep</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#1f2328}table{border-collapse:collapse}td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}
th{cursor:pointer;background:#f6f8fa;position:sticky;top:0}tr.failed td{color:#b00}.card{background:#f6f8fa;padding:12px;border-radius:6px;margin:12px 0}
svg.chart{margin:6px;font-size:10px}svg .title{font-size:12px;font-weight:600}svg .axis{font-size:11px}svg .grid{stroke:#ddd}svg circle{fill:#1f6feb;opacity:.7}
svg .mean{fill:none;stroke:#d1242f;stroke-width:1.5}svg .cell{font-size:10px}</style></head><body>
<h1>${escape(sweep.name)}</h1>
<div class="card">${summary.total} runs (${summary.done} done${summary.failed ? `, <b>${summary.failed} failed</b>` : ''}${summary.skipped ? `, ${summary.skipped} from an earlier session` : ''}), ${seeds > 1 ? `${seeds} seeds per point, ` : ''}swept: ${paths.map(escape).join(', ') || 'nothing'}; base preset ${escape(sweep.base.preset)}, ${sweep.base.iterations} iterations${builds.length ? `, build ${builds.map(escape).join(' and ')}` : ''}.${builds.length > 1 ? ' <b>Runs used different WASM builds: relaxed SIMD rounds differently, so equal configs may differ in the last bits.</b>' : ''}
${best ? `<br>Best run: ${paths.map((p) => `${escape(p)} = ${escape(show(best.params[p]))}`).join(', ')}: ${metrics.map((m) => `${escape(m.label)} ${value(best, m) === undefined ? '–' : show(value(best, m))}`).join(', ')} (<a href="${escape(best.dir ?? '')}/report.html">report</a>)` : ''}</div>
<h2>Runs</h2><p>Click a column to sort.</p>
<table id="runs"><thead><tr>${paths.map((p) => `<th>${escape(p)}</th>`).join('')}${metrics.map((m) => `<th>${escape(m.label)}</th>`).join('')}<th>seconds</th><th></th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Final metrics against each swept value</h2><p>A point per run (each seed); the red line joins the means over seeds.</p>
${charts}
${heat ? `<h2>Grid</h2>${heat}` : ''}
<script>
document.querySelectorAll('#runs th').forEach((th, col) => th.addEventListener('click', () => {
  const body = document.querySelector('#runs tbody'), rows = [...body.rows], up = th.dataset.dir !== 'up';
  th.dataset.dir = up ? 'up' : 'down';
  const key = (r) => { const c = r.cells[col]; const v = c.dataset.v; return v !== undefined && v !== '' ? Number(v) : c.textContent; };
  rows.sort((a, b) => { const x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1); });
  rows.forEach((r) => body.appendChild(r));
}));
</script></body></html>
`;
}
