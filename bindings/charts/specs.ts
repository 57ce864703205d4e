// The chart layer's specs: pure functions from data series to Vega-Lite specs, shared by the
// CLI's report and PNGs (rendered in Node by bindings/charts/render.ts), the claims figure and
// the playground (rendered in the browser). No DOM, no Node APIs: this file runs anywhere.
// Every chart has a title, axis names with units, rounded ticks, gridlines and a legend
// outside the data; maps have a colour bar; log axes tick at decades.

import type { TopLevelSpec } from 'vega-lite';

/** Colours shared by the report, the claims figure and the playground. */
export const PALETTE = {
  /** real data points */
  data: '#3d3d3d',
  /** generated samples */
  samples: '#d1242f',
  /** mode centres */
  centres: '#1f6feb',
  /** the generator's gradient arrows */
  arrows: '#111111',
  /** reference lines (equilibria, rollbacks, zero) */
  reference: '#8c8c8c',
  /** line series, in order */
  series: ['#1f6feb', '#d1242f', '#1a7f37', '#8250df', '#bf8700', '#0a7c86', '#cf4fa0', '#57606a'],
  /** σ(D) from 0 (judged fake, blue) through 0.5 (white) to 1 (judged real, orange) */
  map: ['#2166ac', '#92c5de', '#f7f7f7', '#fdb863', '#e66101'],
} as const;

export type ScaleType = 'linear' | 'log';

/** An axis: its name and unit make its title ("iteration", "Sinkhorn divergence (nats)"). */
export interface Axis {
  name: string;
  unit?: string;
  /** 'log' drops values ≤ 0 (the subtitle says how many) and ticks at decades */
  scale?: ScaleType;
  /** a fixed domain; default: the data's (linear axes start at the data, not at 0) */
  domain?: [number, number];
  /** 'si': 0, 2.5k, 5k (counts); 'percent': 0%, 50%; 'number' (default): 0.5, 1, 1.5 */
  format?: 'si' | 'percent' | 'number';
}

/** A line: y against x, drawn in PALETTE.series order unless it names a colour. */
export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: string;
  dashed?: boolean;
}

/** A reference line across the chart at x (vertical) or y (horizontal), with a label. */
export interface Rule { at: number; label: string }

export interface LineChartOptions {
  title: string;
  subtitle?: string;
  x: Axis;
  y: Axis;
  series: Series[];
  /** vertical rules, e.g. numeric rollbacks */
  xRules?: Rule[];
  /** horizontal rules, e.g. the equilibrium losses 2 ln 2 and ln 2 */
  yRules?: Rule[];
  /** EMA weight in [0, 1) (TensorBoard's smoothing, debiased): the raw lines stay, faint */
  smoothing?: number;
  /** buckets per series after smoothing (default 500): bucket means */
  maxPoints?: number;
  /** draw a point at each value (for sparse series such as evaluations) */
  points?: boolean;
  width?: number;
  height?: number;
}

/** A map of values on a regular grid, with a colour bar. */
export interface HeatmapOptions {
  title: string;
  subtitle?: string;
  x: Axis;
  y: Axis;
  /** row-major values, row j at y = y0 + (j + ½)·(y1 − y0)/ny */
  grid: { values: ArrayLike<number>; nx: number; ny: number; x0: number; x1: number; y0: number; y1: number };
  /** the colour bar: its title and domain (default [0, 1]); colours PALETTE.map */
  colour: { name: string; domain?: [number, number] };
  /** point sets drawn on top, in order (the last on top), with a legend */
  points?: PointSet[];
  /** segments from (x, y) to (x + dx, y + dy), e.g. gradient arrows, with a legend entry */
  arrows?: { name: string; xy: ArrayLike<number>; dxy: ArrayLike<number>; color?: string };
  size?: number;
}

/** Interleaved (x, y) points. */
export interface PointSet { name: string; xy: ArrayLike<number>; color?: string; opacity?: number; radius?: number }

export interface ScatterOptions {
  title: string;
  subtitle?: string;
  x: Axis;
  y: Axis;
  points: PointSet[];
  size?: number;
}

/** One panel of a small-multiples figure; panels of one family share the y scale. */
export interface Panel { title: string; family: string; series: Series[] }

export interface SmallMultiplesOptions {
  title: string;
  subtitle?: string;
  x: Axis;
  y: Axis;
  panels: Panel[];
  columns?: number;
  /** a horizontal rule at y = 0 (or at 1 on a log axis) in every panel */
  zeroLine?: boolean;
  width?: number;
  height?: number;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The axis title: "name (unit)". */
export function axisTitle(a: Axis): string {
  return a.unit ? `${a.name} (${a.unit})` : a.name;
}

/** Decade ticks 10^k covering [lo, hi] (lo > 0), with 2·10^k and 5·10^k when it spans ≤ 2 decades. */
export function logTicks(lo: number, hi: number): number[] {
  const a = Math.floor(Math.log10(lo) + 1e-9), b = Math.ceil(Math.log10(hi) - 1e-9);
  const out: number[] = [];
  const dense = b - a <= 2;
  for (let k = a; k <= Math.max(b, a + 1); k++) {
    for (const m of dense ? [1, 2, 5] : [1]) {
      const v = Number((m * 10 ** k).toPrecision(12));
      if (v >= 10 ** a && v <= 10 ** Math.max(b, a + 1)) out.push(v);
    }
  }
  return out;
}

/** The decade-aligned domain of a log axis over positive values. */
export function logDomain(lo: number, hi: number): [number, number] {
  const a = Math.floor(Math.log10(lo) + 1e-9), b = Math.ceil(Math.log10(hi) - 1e-9);
  return [10 ** a, 10 ** Math.max(b, a + 1)];
}

/** TensorBoard's smoothing: an EMA with weight w, debiased by 1 − w^t; non-finite values are skipped. */
export function smooth(y: ArrayLike<number>, w: number): Float64Array {
  const out = new Float64Array(y.length);
  let m = 0, t = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isFinite(v)) { out[i] = NaN; continue; }
    m = w * m + (1 - w) * v;
    t++;
    out[i] = w > 0 ? m / (1 - w ** t) : v;
  }
  return out;
}

/** Bucket means of the finite (x, y) pairs, at most `max` buckets. */
export function downsample(x: ArrayLike<number>, y: ArrayLike<number>, max: number): Array<[number, number]> {
  const n = Math.min(x.length, y.length), buckets = Math.max(1, Math.min(n, max)), per = n / buckets;
  const out: Array<[number, number]> = [];
  for (let b = 0; b < buckets; b++) {
    let sx = 0, sy = 0, c = 0;
    for (let i = Math.floor(b * per); i < Math.floor((b + 1) * per); i++) {
      if (Number.isFinite(x[i]) && Number.isFinite(y[i])) { sx += x[i]; sy += y[i]; c++; }
    }
    if (c) out.push([sx / c, sy / c]);
  }
  return out;
}

/** Tick labels: full precision, so 10 reads "10" and 2500 reads "2.5k" (never "0k" or "1e+1"). */
const LABELS = {
  si: "datum.value === 0 ? '0' : format(datum.value, '~s')",
  percent: "format(datum.value, '~%')",
  number: "format(datum.value, '~g')",
} as const;

/** A Vega-Lite positional channel for an axis, with the domain the data needs. */
function channel(field: string, a: Axis, values: number[], grid = true): Record<string, unknown> {
  const finite = values.filter(Number.isFinite);
  const axis: Record<string, unknown> = { title: axisTitle(a), grid, labelExpr: LABELS[a.format ?? 'number'], labelFlush: true, labelOverlap: true };
  const scale: Record<string, unknown> = a.scale === 'log' ? {} : { zero: false, nice: true };
  if (a.scale === 'log') {
    const pos = finite.filter((v) => v > 0);
    const [lo, hi] = a.domain ?? (pos.length ? logDomain(Math.min(...pos), Math.max(...pos)) : [0.1, 1]);
    scale.type = 'log';
    scale.domain = [lo, hi];
    scale.nice = false;
    axis.values = logTicks(lo, hi);
    axis.labelExpr = LABELS.number;
  } else if (a.domain) {
    scale.domain = a.domain;
    scale.nice = false;
  }
  return { field, type: 'quantitative', title: axisTitle(a), scale, axis };
}

const colourOf = (i: number, c?: string) => c ?? PALETTE.series[i % PALETTE.series.length];

/** Rows {x, y, series} of the lines, smoothed then downsampled; on log axes only y > 0. */
function lineRows(o: { series: Series[]; y: Axis; smoothing?: number; maxPoints?: number }, smoothed: boolean): { rows: Array<Record<string, unknown>>; dropped: number } {
  const rows: Array<Record<string, unknown>> = [];
  let dropped = 0;
  for (const s of o.series) {
    const y = smoothed ? smooth(s.y, o.smoothing ?? 0) : s.y;
    for (const [x, v] of downsample(s.x, y, o.maxPoints ?? 500)) {
      // a null breaks the line there: a dropped value is not bridged
      if (o.y.scale === 'log' && !(v > 0)) { dropped++; rows.push({ x, y: null, series: s.name }); continue; }
      rows.push({ x, y: v, series: s.name });
    }
  }
  return { rows, dropped };
}

function ruleLayers(xRules: Rule[] = [], yRules: Rule[] = []): unknown[] {
  const layers: unknown[] = [];
  const mark = { type: 'rule', color: PALETTE.reference, strokeDash: [4, 3], strokeWidth: 1 };
  const text = { type: 'text', color: PALETTE.reference, fontSize: 10, align: 'left', baseline: 'top', dx: 3, dy: 3 };
  if (xRules.length) {
    const values = xRules.map((r) => ({ at: r.at, label: r.label }));
    layers.push({ data: { values }, mark, encoding: { x: { field: 'at', type: 'quantitative' } } });
    layers.push({ data: { values }, mark: { ...text, angle: 0 }, encoding: { x: { field: 'at', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } });
  }
  if (yRules.length) {
    const values = yRules.map((r) => ({ at: r.at, label: r.label }));
    layers.push({ data: { values }, mark, encoding: { y: { field: 'at', type: 'quantitative' } } });
    layers.push({ data: { values }, mark: { ...text, baseline: 'bottom', dy: -2 }, encoding: { y: { field: 'at', type: 'quantitative' }, x: { value: 0 }, text: { field: 'label' } } });
  }
  return layers;
}

const titleOf = (text: string, subtitle?: string) => (subtitle ? { text, subtitle, anchor: 'start' } : { text, anchor: 'start' });

const CONFIG = {
  font: 'Roboto, Helvetica, Arial, sans-serif',
  title: { fontSize: 15, subtitleFontSize: 11, subtitleColor: '#555', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6', domainColor: '#888', tickColor: '#888', titleFontWeight: 'normal' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'right', offset: 14, symbolStrokeWidth: 2.5, labelLimit: 260 },
  view: { stroke: '#ccc' },
  background: 'white',
};

/** Lines against x: legend outside on the right, optional faint raw lines under the smoothed ones. */
export function lineChart(o: LineChartOptions): TopLevelSpec {
  const w = o.smoothing ?? 0;
  const main = lineRows(o, w > 0);
  const names = o.series.map((s) => s.name), colours = o.series.map((s, i) => colourOf(i, s.color));
  const allX = o.series.flatMap((s) => Array.from(s.x)), allY = main.rows.map((r) => r.y as number).filter((v) => v !== null);
  const x = channel('x', o.x, allX);
  const y = channel('y', o.y, o.y.scale === 'log' ? allY.concat(w > 0 ? lineRows(o, false).rows.map((r) => r.y as number) : []) : allY);
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: names, range: colours }, legend: { title: null } };
  const dash = { field: 'series', type: 'nominal', scale: { domain: names, range: o.series.map((s) => (s.dashed ? [6, 3] : [1, 0])) }, legend: null };
  const layers: unknown[] = [];
  if (w > 0) {
    layers.push({ data: { values: lineRows(o, false).rows }, mark: { type: 'line', strokeWidth: 1, opacity: 0.25, clip: true, invalid: 'break-paths-show-domains' }, encoding: { x, y, color, detail: { field: 'series' } } });
  }
  layers.push({ data: { values: main.rows }, mark: { type: 'line', strokeWidth: 1.75, clip: true, invalid: 'break-paths-show-domains', point: o.points ? { size: 22, filled: true } : false }, encoding: { x, y, color, ...(o.series.some((s) => s.dashed) ? { strokeDash: dash } : {}) } });
  layers.push(...ruleLayers(o.xRules, o.yRules));
  const notes = [o.subtitle, main.dropped ? `${main.dropped} values ≤ 0 not shown on the log axis` : undefined, w > 0 ? `smoothing ${w}` : undefined].filter(Boolean).join('; ');
  return {
    $schema: SCHEMA, config: CONFIG, title: titleOf(o.title, notes || undefined),
    width: o.width ?? 520, height: o.height ?? 260, layer: layers,
  } as unknown as TopLevelSpec;
}

function pointLayers(sets: PointSet[], x: Record<string, unknown>, y: Record<string, unknown>, extra: { name: string; color: string } | undefined): unknown[] {
  const names = sets.map((s) => s.name).concat(extra ? [extra.name] : []);
  const colours = sets.map((s, i) => colourOf(i, s.color)).concat(extra ? [extra.color] : []);
  const color = { field: 'set', type: 'nominal', scale: { domain: names, range: colours }, legend: { title: null, symbolOpacity: 1 } };
  return sets.map((s) => {
    const values: Array<Record<string, unknown>> = [];
    for (let i = 0; i + 1 < s.xy.length; i += 2) if (Number.isFinite(s.xy[i]) && Number.isFinite(s.xy[i + 1])) values.push({ x: s.xy[i], y: s.xy[i + 1], set: s.name });
    const r = s.radius ?? 1.6;
    return { data: { values }, mark: { type: 'circle', size: Math.PI * r * r * 4, opacity: s.opacity ?? 0.6, clip: true, aria: false }, encoding: { x, y, color } };
  });
}

function squareDomain(values: number[]): [number, number] {
  const f = values.filter(Number.isFinite);
  let lo = Math.min(...f), hi = Math.max(...f);
  if (!(hi > lo)) { lo = -1; hi = 1; }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

/** Point sets on a square window (same scale on both axes), the last set on top. */
export function scatter(o: ScatterOptions): TopLevelSpec {
  const all = o.points.flatMap((s) => Array.from(s.xy));
  const domain = o.x.domain ?? squareDomain(all);
  const x = channel('x', { ...o.x, domain }, []), y = channel('y', { ...o.y, domain: o.y.domain ?? domain }, []);
  return {
    $schema: SCHEMA, config: CONFIG, title: titleOf(o.title, o.subtitle), width: o.size ?? 380, height: o.size ?? 380,
    layer: pointLayers(o.points, x, y, undefined),
  } as unknown as TopLevelSpec;
}

/** A grid of values as coloured cells with a colour bar, point sets and arrows on top. */
export function heatmap(o: HeatmapOptions): TopLevelSpec {
  const g = o.grid, dx = (g.x1 - g.x0) / g.nx, dy = (g.y1 - g.y0) / g.ny;
  const cells: Array<Record<string, number>> = [];
  for (let j = 0; j < g.ny; j++) {
    for (let i = 0; i < g.nx; i++) {
      const v = g.values[j * g.nx + i];
      // each cell overlaps the next by a tenth: no anti-aliasing seams between cells
      if (Number.isFinite(v)) cells.push({ x: g.x0 + i * dx, x2: g.x0 + (i + 1.1) * dx, y: g.y0 + j * dy, y2: g.y0 + (j + 1.1) * dy, v });
    }
  }
  const x = channel('x', { ...o.x, domain: [g.x0, g.x1] }, [], false), y = channel('y', { ...o.y, domain: [g.y0, g.y1] }, [], false);
  const domain = o.colour.domain ?? [0, 1];
  const layers: unknown[] = [{
    data: { values: cells },
    mark: { type: 'rect', strokeWidth: 0, clip: true, aria: false },
    encoding: {
      x, x2: { field: 'x2' }, y, y2: { field: 'y2' },
      fill: { field: 'v', type: 'quantitative', title: o.colour.name, scale: { domain, range: [...PALETTE.map], interpolate: 'rgb' }, legend: { title: o.colour.name, type: 'gradient', gradientLength: Math.round((o.size ?? 380) * 0.6), direction: 'vertical', format: '~g', tickCount: 5 } },
    },
  }];
  const arrows = o.arrows ? { name: o.arrows.name, color: o.arrows.color ?? PALETTE.arrows } : undefined;
  const sets = o.points ?? [];
  const pl = pointLayers(sets, x, y, arrows);
  if (o.arrows) {
    const a = o.arrows, values: Array<Record<string, unknown>> = [];
    for (let i = 0; i + 1 < a.xy.length && i + 1 < a.dxy.length; i += 2) {
      const v = { x: a.xy[i], y: a.xy[i + 1], x2: a.xy[i] + a.dxy[i], y2: a.xy[i + 1] + a.dxy[i + 1], set: a.name };
      if (Object.values(v).every((t) => typeof t === 'string' || Number.isFinite(t))) values.push(v);
    }
    const color = (pl[0] as { encoding: { color: unknown } } | undefined)?.encoding.color
      ?? { field: 'set', type: 'nominal', scale: { domain: [a.name], range: [arrows!.color] }, legend: { title: null } };
    layers.push({ data: { values }, mark: { type: 'rule', strokeWidth: 1, opacity: 0.8, clip: true, aria: false }, encoding: { x, y, x2: { field: 'x2' }, y2: { field: 'y2' }, color } });
  }
  layers.push(...pl);
  return {
    $schema: SCHEMA, config: CONFIG, title: titleOf(o.title, o.subtitle), width: o.size ?? 380, height: o.size ?? 380,
    layer: layers,
  } as unknown as TopLevelSpec;
}

/** Panels in a grid; each family's panels share a y domain; each panel has its own legend. */
export function smallMultiples(o: SmallMultiplesOptions): TopLevelSpec {
  const log = o.y.scale === 'log';
  const domains = new Map<string, [number, number]>();
  for (const p of o.panels) {
    const ys = p.series.flatMap((s) => Array.from(s.y)).filter((v) => Number.isFinite(v) && (!log || v > 0));
    const d = domains.get(p.family) ?? [Infinity, -Infinity];
    for (const v of ys) { d[0] = Math.min(d[0], v); d[1] = Math.max(d[1], v); }
    if (o.zeroLine) { d[0] = Math.min(d[0], log ? 1 : 0); d[1] = Math.max(d[1], log ? 1 : 0); }
    domains.set(p.family, d);
  }
  for (const [family, d] of domains) {
    if (!(d[1] > d[0])) domains.set(family, log ? [0.1, 10] : [d[0] - 1, d[0] + 1]);
    else if (log) domains.set(family, logDomain(d[0], d[1]));
    else { const pad = (d[1] - d[0]) * 0.05; domains.set(family, [d[0] - pad, d[1] + pad]); }
  }
  const panels = o.panels.map((p) => {
    const xs = p.series.flatMap((s) => Array.from(s.x));
    const chart = lineChart({
      title: p.title, x: o.x, y: { ...o.y, domain: domains.get(p.family) }, series: p.series,
      yRules: o.zeroLine ? [{ at: log ? 1 : 0, label: '' }] : undefined, width: o.width ?? 240, height: o.height ?? 150,
    }) as unknown as Record<string, unknown>;
    const { $schema: _s, config: _c, title, ...rest } = chart;
    void xs;
    return { ...rest, title: { text: (title as { text: string }).text, anchor: 'start', fontSize: 12 }, resolve: { scale: { color: 'independent', strokeDash: 'independent' } } };
  });
  return {
    $schema: SCHEMA, config: { ...CONFIG, legend: { ...CONFIG.legend, orient: 'bottom', direction: 'vertical', offset: 6 } },
    title: titleOf(o.title, o.subtitle), columns: o.columns ?? 3, concat: panels,
    resolve: { scale: { color: 'independent', strokeDash: 'independent', x: 'independent', y: 'independent' }, legend: { color: 'independent' } },
  } as unknown as TopLevelSpec;
}
