// The run report: an HTML page showing the run folder's PNG plots (data vs samples, the
// discriminator's heat-map with gradient arrows, losses, metrics over time), a summary and
// the configuration. The PNGs sit beside it.

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

export interface ReportInput {
  title: string;
  config: unknown;
  totalModes?: number;
  evaluations: Evaluation[];
  seconds: number;
  iterations: number;
  /** PNG files in the run folder, in order, with what they show */
  images: Array<{ file: string; title: string; caption: string }>;
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!));

export function reportHtml(r: ReportInput): string {
  const last = r.evaluations[r.evaluations.length - 1];
  const plots = r.images.map((img) => `<h2>${escape(img.title)}</h2>\n<figure><img src="${escape(img.file)}" alt="${escape(img.title)}"><figcaption>${escape(img.caption)}</figcaption></figure>`);
  const summary = last
    ? `<p>${r.iterations} iterations in ${r.seconds.toFixed(1)} s (${(r.iterations / r.seconds).toFixed(0)} it/s). ` +
      (r.totalModes ? `Modes covered: <b>${last.modes} of ${r.totalModes}</b>; high-quality samples: <b>${(100 * last.highQuality).toFixed(1)}%</b>.` : '') + '</p>'
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(r.title)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:980px;margin:24px auto;padding:0 16px;color:#222}h2{margin-top:28px}img{max-width:100%;border:1px solid #ddd}figcaption{color:#555;font-size:13px}figure{margin:0}pre{background:#f6f8fa;padding:12px;overflow:auto}</style>
</head><body>
<h1>${escape(r.title)}</h1>
${summary}
${plots.join('\n')}
<h2>Configuration</h2>
<pre>${escape(JSON.stringify(r.config, null, 2))}</pre>
</body></html>
`;
}
