// The run report, report.html: one self-contained page that opens offline (the charts are
// inline SVG, rendered in Node by bindings/charts/render.ts; no script but the smoothing and
// snapshot controls). A summary card (final metrics, wall time, it/s, build, the config's
// differences from the default run), the charts (losses with a smoothing control), a table
// of every evaluation, sample snapshots over training, and the configuration (collapsible).

import { canonicalJson } from '../gan/checkpoint.js';

export interface Evaluation {
  iteration: number;
  modes: number;
  highQuality: number;
  klToUniform: number;
  dLoss: number;
  gLoss: number;
  /** debiased Sinkhorn divergence and MMD² between samples and held-out data */
  sinkhorn?: number;
  mmd2?: number;
}

/** A chart as the report shows it: inline SVG(s) and the PNG beside the report. */
export interface ReportChart {
  id: string;
  title: string;
  caption: string;
  /** the PNG file in the run folder */
  file: string;
  svg: string;
  /** other renderings the reader picks between (the loss curves' smoothing weights); `svg` is shown first */
  variants?: Array<{ label: string; svg: string }>;
}

export interface ReportInput {
  title: string;
  config: unknown;
  /** the default run's config, for the summary's list of differences */
  defaults?: unknown;
  /** the WASM build that ran ('simd' or 'relaxed') */
  build?: string;
  totalModes?: number;
  evaluations: Evaluation[];
  seconds: number;
  iterations: number;
  /** iterations this process ran per second (a resumed run counts only its own) */
  iterationsPerSecond?: number;
  charts: ReportChart[];
  /** samples at some evaluations, each an SVG */
  snapshots?: Array<{ iteration: number; svg: string }>;
  rollbacks?: number;
}

/** A difference between two JSON values at a dotted path. */
export interface Difference { path: string; base: unknown; value: unknown }

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The paths where `value` differs from `base` (objects compared key by key, anything else as
 * canonical JSON, so key order never counts), sorted; the root's path is ''.
 */
export function jsonDifferences(base: unknown, value: unknown, path = ''): Difference[] {
  if (isRecord(base) && isRecord(value)) {
    const keys = [...new Set([...Object.keys(base), ...Object.keys(value)])].sort();
    return keys.flatMap((k) => jsonDifferences(base[k], value[k], path ? `${path}.${k}` : k));
  }
  return canonicalJson(base) === canonicalJson(value) ? [] : [{ path, base, value }];
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!));
const num = (v: number | undefined, digits = 3) => (v === undefined || !Number.isFinite(v) ? '—' : Number(v.toPrecision(digits)).toString());
const json = (v: unknown) => (v === undefined ? 'unset' : JSON.stringify(v));

/** An SVG embedded in the page, its size kept and scaled down on narrow screens. */
const inline = (svg: string) => svg.replace(/^<svg /, '<svg style="max-width:100%;height:auto" ');

function summary(r: ReportInput): string {
  const last = r.evaluations[r.evaluations.length - 1];
  const rate = r.iterationsPerSecond ?? r.iterations / r.seconds;
  const cells: Array<[string, string]> = [
    ['iterations', String(r.iterations)],
    ['wall time', `${r.seconds.toFixed(1)} s`],
    ['speed', `${rate.toFixed(0)} it/s`],
    ...(r.build ? [['build', r.build] as [string, string]] : []),
  ];
  if (last) {
    if (r.totalModes) cells.push(['modes covered', `${last.modes} of ${r.totalModes}`], ['high-quality samples', `${(100 * last.highQuality).toFixed(1)}%`]);
    cells.push(['Sinkhorn S_ε', num(last.sinkhorn)], ['MMD²', num(last.mmd2)], ['D loss', num(last.dLoss)], ['G loss', num(last.gLoss)]);
  }
  if (r.rollbacks !== undefined) cells.push(['numeric rollbacks', String(r.rollbacks)]);
  const diffs = r.defaults === undefined ? [] : jsonDifferences(r.defaults, r.config);
  const diffHtml = r.defaults === undefined ? ''
    : diffs.length === 0 ? '<p class="diff">Configuration: the default run (<code>saddle train</code>), unchanged.</p>'
      : `<table class="diff"><caption>Differences from the default run</caption><thead><tr><th>path</th><th>default</th><th>this run</th></tr></thead><tbody>${diffs.map((d) => `<tr><td><code>${escape(d.path || '(config)')}</code></td><td><code>${escape(json(d.base))}</code></td><td><code>${escape(json(d.value))}</code></td></tr>`).join('')}</tbody></table>`;
  return `<section class="card" id="summary"><h2>Summary</h2><dl>${cells.map(([k, v]) => `<div><dt>${escape(k)}</dt><dd>${escape(v)}</dd></div>`).join('')}</dl>${diffHtml}</section>`;
}

function chart(c: ReportChart): string {
  const id = escape(c.id);
  const body = c.variants?.length
    ? `<div class="control">smoothing: ${c.variants.map((v, i) => `<label><input type="radio" name="${id}" value="${i}"${v.svg === c.svg ? ' checked' : ''}> ${escape(v.label)}</label>`).join(' ')}</div>` +
      c.variants.map((v, i) => `<div class="variant" data-chart="${id}" data-index="${i}"${v.svg === c.svg ? '' : ' hidden'}>${inline(v.svg)}</div>`).join('')
    : inline(c.svg);
  return `<section id="${id}"><h2>${escape(c.title)}</h2><figure>${body}<figcaption>${escape(c.caption)} <a href="${escape(c.file)}">${escape(c.file)}</a></figcaption></figure></section>`;
}

function evaluationTable(r: ReportInput): string {
  const withDistances = r.evaluations.some((e) => e.sinkhorn !== undefined);
  const head = ['iteration', ...(r.totalModes ? ['modes', 'high quality', 'KL to uniform'] : []), ...(withDistances ? ['Sinkhorn S_ε', 'MMD²'] : []), 'D loss', 'G loss'];
  const rows = r.evaluations.map((e) => [
    String(e.iteration),
    ...(r.totalModes ? [`${e.modes}/${r.totalModes}`, `${(100 * e.highQuality).toFixed(1)}%`, num(e.klToUniform)] : []),
    ...(withDistances ? [num(e.sinkhorn), num(e.mmd2)] : []),
    num(e.dLoss), num(e.gLoss),
  ]);
  return `<section id="evaluations"><h2>Evaluations</h2><table class="evaluations"><thead><tr>${head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((cells) => `<tr>${cells.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('') + '</tbody></table></section>';
}

function snapshots(r: ReportInput): string {
  const s = r.snapshots ?? [];
  if (s.length === 0) return '';
  return `<section id="snapshots"><h2>Samples over training</h2><div class="control"><input type="range" id="snapshot" min="0" max="${s.length - 1}" value="${s.length - 1}" aria-label="evaluation"> <span id="snapshot-label">iteration ${s[s.length - 1].iteration}</span></div>` +
    s.map((x, i) => `<div class="snapshot" data-index="${i}" data-iteration="${x.iteration}"${i === s.length - 1 ? '' : ' hidden'}>${inline(x.svg)}</div>`).join('') +
    '<p class="note">Drag the slider to step through the evaluations.</p></section>';
}

const SCRIPT = `for (const input of document.querySelectorAll('.control input[type=radio]')) input.addEventListener('change', () => {
  for (const v of document.querySelectorAll('.variant[data-chart="' + input.name + '"]')) v.hidden = v.dataset.index !== input.value;
});
const slider = document.getElementById('snapshot');
if (slider) slider.addEventListener('input', () => {
  for (const s of document.querySelectorAll('.snapshot')) { s.hidden = s.dataset.index !== slider.value; if (!s.hidden) document.getElementById('snapshot-label').textContent = 'iteration ' + s.dataset.iteration; }
});`;

export function reportHtml(r: ReportInput): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(r.title)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#222}h2{margin-top:32px;font-size:19px}
.card{border:1px solid #d0d7de;border-radius:8px;padding:4px 18px 14px;background:#f6f8fa}.card dl{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:8px 0}
.card dt{color:#57606a;font-size:12px;text-transform:uppercase;letter-spacing:.03em}.card dd{margin:0;font-size:20px;font-weight:600}
table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border-bottom:1px solid #d8dee4;padding:4px 10px;text-align:right}th{background:#f6f8fa}td:first-child,th:first-child{text-align:left}
table.diff td,table.diff th{text-align:left}caption{text-align:left;font-weight:600;padding:4px 0}
figure{margin:0}figcaption{color:#57606a;font-size:13px;max-width:820px}.control{font-size:13px;margin:4px 0 8px}.note{color:#57606a;font-size:13px}
pre{background:#f6f8fa;padding:12px;overflow:auto}details{margin-top:32px}summary{font-size:19px;font-weight:600;cursor:pointer}</style>
</head><body>
<h1>${escape(r.title)}</h1>
${summary(r)}
${r.charts.map(chart).join('\n')}
${evaluationTable(r)}
${snapshots(r)}
<details id="config"><summary>Configuration</summary><pre>${escape(JSON.stringify(r.config, null, 2))}</pre></details>
<script>${SCRIPT}</script>
</body></html>
`;
}
