// The claims figure: every claim with trajectories gets a panel with its verdict in the title,
// an iteration axis and a log axis of the relative distance with decade ticks, a line at 1,
// and panels of one claim group on one y scale.
import { expect, test } from 'vitest';
import { claimsFigure, claimsFigureSvg } from '../../bindings/cli/claims-figure.js';
import { loadSaddle, minimax } from '../../bindings/index.js';

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
type Layered = { title: { text: string }; layer: Array<{ encoding?: { y?: { scale?: { domain?: number[]; type?: string } } } }> };
const yDomain = (panel: Layered) => panel.layer.map((l) => l.encoding?.y?.scale?.domain).find(Boolean);

test('the claims figure has a labelled panel per claim, log decades, a line at 1 and one y scale per group', async () => {
  const sd = await loadSaddle();
  const ids = ['dirac-simultaneous', 'dirac-r1', 'bilinear-gda', 'bilinear-gda-am'];
  const results = minimax.runClaims(sd, { ids });
  const spec = claimsFigure(results) as unknown as { concat: Layered[] };
  const withSeries = results.filter((r) => r.series.length > 0);
  expect(withSeries.length).toBeGreaterThanOrEqual(3);
  expect(spec.concat.map((p) => p.title.text)).toEqual(withSeries.map((r) => `${r.id}: ${r.verdict}`));
  // one y scale per group: the two Dirac panels share theirs, and it is not the bilinear one
  const byId = new Map(withSeries.map((r, i) => [r.id, yDomain(spec.concat[i])]));
  expect(byId.get('dirac-simultaneous')).toEqual(byId.get('dirac-r1'));
  if (byId.has('bilinear-gda') && byId.has('bilinear-gda-am')) expect(byId.get('bilinear-gda')).toEqual(byId.get('bilinear-gda-am'));

  const svg = await claimsFigureSvg(results);
  const t = texts(svg);
  expect(t).toContain('Claims: distance to the solution over the iterations');
  for (const r of withSeries) expect(t).toContain(spec.concat[withSeries.indexOf(r)].title.text);
  expect(t).toContain('iteration');
  expect(t).toContain('distance to z*, relative to the start');
  expect(t).toEqual(expect.arrayContaining(['1', '0.1']));
  expect(t.some((s) => /\[-0\.0|NaN/.test(s)), 'no "[-0.0, 0.0]" titles or NaN').toBe(false);
  // log ticks sit at whole decades: 1e-12, 0.001, 1, 1e+6, never a fractional exponent (1e2.2)
  expect(t.filter((s) => /^1e[+-]?\d+$|^0\.0*1$|^1$|^10*$/.test(s)).length).toBeGreaterThan(4);
  expect(t.some((s) => /e[+-]?\d+\.\d/.test(s))).toBe(false);
  // legends name each trajectory
  for (const s of withSeries.flatMap((r) => r.series)) expect(t).toContain(s.label);
});
