// Node-side rendering of the chart specs (bindings/charts/specs.ts): Vega-Lite compiled to Vega
// and drawn to SVG headlessly (renderer 'none'; without node-canvas vega estimates text widths),
// and SVG to PNG by resvg (WebAssembly, shipped inside @resvg/resvg-wasm) with the Roboto TTFs
// of @expo-google-fonts/roboto, so a PNG looks the same on every machine. CLI only: never
// imported by the core bundles.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';

const require = createRequire(import.meta.url);

// vega and vega-lite are ESM only: loaded by import() on first use, so the CJS build of the
// entries that reach this module (saddle/node's sweep) still loads by require() on Node 20.
let libraries: Promise<[typeof import('vega'), typeof import('vega-lite'), typeof import('@resvg/resvg-wasm')]> | undefined;
const chartLibraries = () => (libraries ??= Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-wasm')]));

/** Coordinates in path data and transforms rounded to 0.01 px (a third of the file for dense scatters; invisible at 2x). */
const rounded = (svg: string) => svg.replace(/ (d|transform|x|y|x1|x2|y1|y2)="([^"]*)"/g, (_, name: string, value: string) => ` ${name}="${value.replace(/-?\d+\.\d{3,}/g, (n) => String(Number(Number(n).toFixed(2))))}"`);

/** The chart as a standalone SVG document. */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await chartLibraries();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return rounded(await view.toSVG());
  } finally {
    view.finalize();
  }
}

let ready: Promise<Uint8Array[]> | undefined;

/** resvg's WebAssembly, started once, and the bundled fonts. */
function renderer(): Promise<Uint8Array[]> {
  ready ??= (async () => {
    const [, , { initWasm }] = await chartLibraries();
    await initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
    return ['400Regular/Roboto_400Regular.ttf', '700Bold/Roboto_700Bold.ttf'].map((f) => readFileSync(require.resolve(`@expo-google-fonts/roboto/${f}`)));
  })();
  return ready;
}

/** An SVG drawn to PNG at `scale` device pixels per SVG pixel (default 2, for high-DPI screens and print). */
export async function toPng(svg: string, { scale = 2 }: { scale?: number } = {}): Promise<Uint8Array> {
  const fontBuffers = await renderer();
  const [, , { Resvg }] = await chartLibraries();
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontBuffers, loadSystemFonts: false, defaultFontFamily: 'Roboto', sansSerifFamily: 'Roboto' },
  });
  const image = r.render();
  try {
    return image.asPng();
  } finally {
    image.free();
    r.free();
  }
}
