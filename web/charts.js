// The playground's charts: Vega-Lite specs (pure functions of what they show) rendered as SVG
// by vega-embed, loaded by index.html from /vendor/ (vega + vega-lite + vega-embed, about
// 830 kB minified, on this page only: never in saddle's own bundles). Each chart is embedded
// once; new values go in through the view's named data sets, so a live update re-renders
// without rebuilding the chart.

export const PALETTE = { d: '#1b9e77', g: '#7b3294', modes: '#d95f02', hq: '#1f78b4', sinkhorn: '#e7298a', mmd2: '#66a61e', event: '#d0021b', ref: '#667' };
const FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif';

/** Decade ticks 10^k covering [lo, hi] (positive values only), a value on a decade not on the edge. */
export function decades(lo, hi) {
  if (!(lo > 0) || !(hi > 0)) return [1];
  const a = Math.floor(Math.log10(lo) - 1e-9), b = Math.ceil(Math.log10(hi) + 1e-9);
  const out = [];
  for (let k = a; k <= Math.max(b, a + 1); k++) out.push(10 ** k);
  return out;
}

/** The powers of ten from domain[0] to domain[1] (both decades). */
function decadeTicks([lo, hi]) {
  const out = [];
  for (let k = Math.round(Math.log10(lo)); k <= Math.round(Math.log10(hi)); k++) out.push(10 ** k);
  return out;
}

/** Exponential moving average with weight `w` on the past (w = 0: the raw values), NaN-safe. */
export function smooth(values, w) {
  const out = new Array(values.length);
  let m = NaN, debias = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) { out[i] = v; continue; }
    m = Number.isNaN(m) ? v * (1 - w) : w * m + (1 - w) * v;
    debias = w * debias + (1 - w);
    out[i] = m / debias;
  }
  return out;
}

/**
 * A line chart: `series` [{ key, label, color }], values arrive as rows { iteration, key, value,
 * raw } in the data set 'values'; 'events' rows { iteration, label } draw red vertical rules
 * (rollbacks, the iteration of a non-finite value); 'refs' rows { value, label } draw dashed
 * horizontal reference lines. Hover: the nearest iteration's values in a tooltip.
 */
export function lineSpec({ title, yTitle, series, log = false, yDomain = null, width = 340, height = 150, rawLayer = false }) {
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: series.map((s) => s.label), range: series.map((s) => s.color) },
    legend: { orient: 'top', direction: 'horizontal', symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 2, labelFontSize: 11, offset: 4 } };
  const x = { field: 'iteration', type: 'quantitative', title: 'iteration', axis: { grid: true, tickCount: 5, labelFlush: true, labelExpr: "datum.value === 0 ? '0' : format(datum.value, '~s')" } };
  const yScale = log ? { type: 'log', ...(yDomain ? { domain: yDomain } : {}) } : { zero: false, ...(yDomain ? { domain: yDomain, clamp: true } : {}) };
  const yAxis = log
    ? { grid: true, values: decadeTicks(yDomain ?? [1e-3, 1]), labelExpr: "datum.value >= 0.001 && datum.value <= 10000 ? format(datum.value, '~g') : format(datum.value, '.0e')" }
    : { grid: true, tickCount: 5, format: '~g' };
  const y = { field: 'value', type: 'quantitative', title: yTitle, scale: yScale, axis: yAxis };
  const layers = [];
  if (rawLayer) layers.push({ mark: { type: 'line', strokeWidth: 1, opacity: 0.22, clip: true }, encoding: { x, y: { ...y, field: 'raw' }, color } });
  layers.push(
    { mark: { type: 'line', strokeWidth: 1.6, clip: true }, encoding: { x, y, color } },
    {
      params: [{ name: 'hover', select: { type: 'point', fields: ['iteration'], nearest: true, on: 'pointermove', clear: 'pointerout' } }],
      mark: { type: 'point', filled: true, size: 30, clip: true },
      encoding: {
        x, y, color,
        opacity: { condition: { param: 'hover', empty: false, value: 1 }, value: 0 },
        tooltip: [{ field: 'series', title: 'series' }, { field: 'iteration', format: ',' }, { field: 'value', title: yTitle, format: '.4~g' }],
      },
    },
    {
      data: { name: 'refs' },
      layer: [
        { mark: { type: 'rule', strokeDash: [4, 3], color: PALETTE.ref }, encoding: { y: { field: 'value', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -2, dy: -1, fontSize: 10, color: PALETTE.ref, x: 'width' }, encoding: { y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } } },
      ],
    },
    {
      data: { name: 'events' },
      layer: [
        { mark: { type: 'rule', color: PALETTE.event, strokeWidth: 1.2 }, encoding: { x: { field: 'iteration', type: 'quantitative' }, tooltip: [{ field: 'label', title: 'event' }] } },
        { mark: { type: 'text', align: 'left', baseline: 'top', dx: 2, y: 2, fontSize: 10, color: PALETTE.event }, encoding: { x: { field: 'iteration', type: 'quantitative' }, text: { field: 'short' } } },
      ],
    },
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, anchor: 'start', fontSize: 13, fontWeight: 600 },
    width, height, autosize: { type: 'fit-x', contains: 'padding' },
    data: { name: 'values' },
    layer: layers,
    config: { font: FONT, axis: { labelFontSize: 10, titleFontSize: 11, titleFontWeight: 500, gridColor: '#e6e8ee' }, view: { stroke: '#d8dbe3' } },
  };
}

/** The charts the page shows, by element id. */
export const CHARTS = {
  'chart-loss': () => ({ title: 'Losses', yTitle: 'loss (nats)', series: [{ key: 'dLoss', label: 'D loss', color: PALETTE.d }, { key: 'gLoss', label: 'G loss', color: PALETTE.g }], rawLayer: true, robust: true }),
  'chart-norm': () => ({ title: 'Gradient norms', yTitle: '‖∇‖ (log)', log: true, series: [{ key: 'dGradNorm', label: '‖∇D‖', color: PALETTE.d }, { key: 'gGradNorm', label: '‖∇G‖', color: PALETTE.g }], rawLayer: true }),
  'chart-lr': () => ({ title: 'Learning rates', yTitle: 'learning rate (log)', log: true, series: [{ key: 'dLr', label: 'D lr', color: PALETTE.d }, { key: 'gLr', label: 'G lr', color: PALETTE.g }] }),
  'chart-distance': () => ({ title: 'Distances to held-out data', yTitle: 'distance (log)', log: true, series: [{ key: 'sinkhorn', label: 'Sinkhorn divergence', color: PALETTE.sinkhorn }, { key: 'mmd2', label: 'MMD²', color: PALETTE.mmd2 }] }),
  'chart-metric': () => ({ title: 'Mode coverage', yTitle: 'fraction', yDomain: [0, 1], series: [{ key: 'modes', label: 'modes covered', color: PALETTE.modes }, { key: 'highQuality', label: 'high quality (3σ)', color: PALETTE.hq }] }),
};

/** A chart in the page: embeds its spec once, then swaps data sets. */
export class LiveChart {
  constructor(el, options) {
    this.el = el;
    this.options = options;
    this.view = null;
    this.key = '';
    this.pending = null;
    this.busy = false;
  }

  /** Shows `rows`, `events`, `refs`; re-embeds only when the y domain (log decades) changes. */
  async update(rows, events = [], refs = []) {
    this.pending = { rows, events, refs };
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.pending) {
        const { rows: r, events: e, refs: f } = this.pending;
        this.pending = null;
        const spec = this.specFor(r, f);
        const key = JSON.stringify(spec.layer.map((l) => l.encoding?.y?.scale ?? null));
        if (!this.view || key !== this.key) {
          if (this.view) this.view.finalize();
          const result = await globalThis.vegaEmbed(this.el, spec, { renderer: 'svg', actions: false, tooltip: { theme: 'light' }, logLevel: globalThis.vega.Error });
          this.view = result.view;
          this.key = key;
        }
        const { vega } = globalThis;
        this.view.change('values', vega.changeset().remove(() => true).insert(r))
          .change('events', vega.changeset().remove(() => true).insert(e))
          .change('refs', vega.changeset().remove(() => true).insert(f));
        await this.view.runAsync();
      }
    } finally {
      this.busy = false;
    }
  }

  specFor(rows, refs) {
    const o = { ...this.options };
    if (o.log) {
      let lo = Infinity, hi = -Infinity;
      for (const r of rows) if (r.value > 0 && Number.isFinite(r.value)) { lo = Math.min(lo, r.value); hi = Math.max(hi, r.value); }
      const d = decades(lo, hi);
      o.yDomain = [d[0], d.at(-1)];
    } else if (!o.yDomain && o.robust) {
      // the 1%–99% quantiles (so one blow-up does not flatten the rest) and the reference lines
      const ys = rows.map((r) => r.value).filter(Number.isFinite).sort((a, b) => a - b);
      let lo = ys.length ? ys[Math.floor(0.01 * (ys.length - 1))] : Infinity, hi = ys.length ? ys[Math.ceil(0.99 * (ys.length - 1))] : -Infinity;
      for (const r of refs) { lo = Math.min(lo, r.value); hi = Math.max(hi, r.value); }
      if (lo < hi) { const step = 10 ** Math.floor(Math.log10(hi - lo)) / 2; o.yDomain = [Math.floor(lo / step) * step, Math.ceil(hi / step) * step]; }
    }
    return lineSpec(o);
  }
}
