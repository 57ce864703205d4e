// The chart specs rendered by vega in Node: the SVG text carries the title, axis titles with
// units, legend entries, decade ticks on log axes and a colour bar on maps; PNGs are 2x.
import { expect, test } from 'vitest';
import { heatmap, lineChart, logDomain, logTicks, smallMultiples, smooth } from '../../bindings/charts/specs.js';
import { toPng, toSvg } from '../../bindings/charts/render.js';
import { decodePng } from '../helpers/png.js';

/** Every <text> element's content, in document order. */
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&amp;/g, '&'));

test('logTicks and logDomain cover the data with decades (and 2, 5 within two decades)', () => {
  expect(logDomain(0.031, 0.044)).toEqual([0.01, 0.1]);
  expect(logTicks(0.01, 0.1)).toEqual([0.01, 0.02, 0.05, 0.1]);
  expect(logTicks(1e-4, 10)).toEqual([1e-4, 1e-3, 0.01, 0.1, 1, 10]);
});

test('smooth is the debiased EMA: constant in, constant out; the first value kept', () => {
  expect(Array.from(smooth([3, 3, 3], 0.9))).toEqual([3, 3, 3].map((v) => expect.closeTo(v, 12)));
  const s = smooth([0, 10], 0.5);
  expect(s[0]).toBe(0);
  expect(s[1]).toBeCloseTo((0.5 * 10) / (1 - 0.25), 12);
});

test('a log-axis line chart has its title, axis names with units, legend and decade tick labels', async () => {
  const x = [0, 2500, 5000, 7500, 10000];
  const svg = await toSvg(lineChart({
    title: 'Distances', x: { name: 'iteration', format: 'si' }, y: { name: 'value', unit: 'nats', scale: 'log' }, points: true,
    series: [{ name: 'Sinkhorn', x, y: [0.5, 0.1, 0.05, 0.04, 0.031] }, { name: 'MMD²', x, y: [0.2, 0.01, -0.001, 0.004, 0.002] }],
  }));
  const t = texts(svg);
  expect(t).toContain('Distances');
  expect(t).toContain('iteration');
  expect(t).toContain('value (nats)');
  expect(t).toEqual(expect.arrayContaining(['Sinkhorn', 'MMD²']));
  expect(t).toEqual(expect.arrayContaining(['0', '5k', '10k']));
  expect(t).toEqual(expect.arrayContaining(['0.001', '0.01', '0.1', '1']));
  expect(t.some((s) => s.includes('1 values ≤ 0 not shown'))).toBe(true);
  expect(t.some((s) => /e[+-]|\dk\.\d|^0k$/.test(s))).toBe(false);
  const png = decodePng(await toPng(svg));
  const [, w, h] = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
  expect(png).toMatchObject({ width: 2 * w, height: 2 * h });
});

test('a heatmap has a colour bar (a linear gradient) from 0 to 1 and a legend for the points on it', async () => {
  const values = Float64Array.from({ length: 16 }, (_, k) => k / 15);
  const svg = await toSvg(heatmap({
    title: 'Map', x: { name: 'x₁' }, y: { name: 'x₂' }, grid: { values, nx: 4, ny: 4, x0: -1, x1: 1, y0: -1, y1: 1 }, colour: { name: 'σ(D(x))' },
    points: [{ name: 'samples', xy: [0, 0, 0.5, 0.5] }, { name: 'data', xy: [0.1, 0.2] }], arrows: { name: 'G gradient', xy: [0, 0], dxy: [0.1, 0] },
  }));
  expect(svg).toMatch(/<linearGradient/);
  const t = texts(svg);
  expect(t).toEqual(expect.arrayContaining(['Map', 'σ(D(x))', '0', '1', 'samples', 'data', 'G gradient', 'x₁', 'x₂']));
});

test('small multiples share the y scale within a family and draw a zero line', async () => {
  const x = [0, 1, 2];
  const svg = await toSvg(smallMultiples({
    title: 'Claims', x: { name: 'iteration' }, y: { name: 'log₁₀ ratio' }, zeroLine: true,
    panels: [
      { title: 'wobble', family: 'a', series: [{ name: 'GDA', x, y: [0, 0.004, -0.004] }] },
      { title: 'decay', family: 'a', series: [{ name: 'EG', x, y: [0, -1, -3] }] },
    ],
  }));
  const t = texts(svg);
  expect(t).toEqual(expect.arrayContaining(['Claims', 'wobble', 'decay', 'GDA', 'EG']));
  // the wobble panel reads on the family's scale: its ticks reach −3 like the decay panel's
  expect(t.filter((s) => s === '−3' || s === '-3').length).toBe(2);
});

test('a value a log axis cannot show breaks the line instead of being bridged', async () => {
  const x = [0, 1, 2, 3, 4];
  const svg = await toSvg(lineChart({ title: 'gap', x: { name: 'iteration' }, y: { name: 'MMD²', scale: 'log' }, series: [{ name: 'MMD²', x, y: [1, 0.5, -0.1, 0.2, 0.1] }] }));
  const line = /<path[^>]*aria-roledescription="line mark"[^>]* d="([^"]+)"/.exec(svg) ?? /class="mark-line[^"]*"[^>]*>.*?<path[^>]* d="([^"]+)"/s.exec(svg);
  expect(line, 'the line mark is drawn').not.toBeNull();
  // two pieces: a second moveto after the gap
  expect(line![1].match(/M/g)!.length).toBe(2);
});
