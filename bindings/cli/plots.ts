// The run folder's PNG plots: data vs samples, the discriminator's heat-map with the
// generator's gradient arrows, and curves (losses, metrics) against iterations.

import { encodePng } from './png.js';
import { Raster, Window, diverging, label, type Rgba } from './raster.js';

const SIZE = 480, MARGIN = 36;
const GREY: Rgba = [110, 110, 110, 255];

/** A square window around every finite point, padded by 5%. */
export function squareBounds(...sets: Float32Array[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const points of sets) for (const v of points) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!(hi > lo)) { lo = -1; hi = 1; }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

function axes(win: Window): void {
  win.frame();
  const r = win.raster;
  r.text(win.left, win.top + win.h + 8, label(win.xLo), GREY);
  const hiX = label(win.xHi);
  r.text(win.left + win.w - 8 * hiX.length, win.top + win.h + 8, hiX, GREY);
  r.text(2, win.top + win.h - 10, label(win.yLo), GREY, 1);
  r.text(2, win.top, label(win.yHi), GREY, 1);
}

function points(win: Window, xy: Float32Array, radius: number, c: Rgba): void {
  for (let i = 0; i + 1 < xy.length; i += 2) if (Number.isFinite(xy[i]) && Number.isFinite(xy[i + 1])) win.raster.disc(win.px(xy[i]), win.py(xy[i + 1]), radius, c);
}

/** Data (dark grey), mode centres (blue rings) and generated samples (red), 2-D. */
export function samplesPng(r: { data: Float32Array; samples: Float32Array; centres?: Float32Array }): Uint8Array {
  const [lo, hi] = squareBounds(r.data, r.samples, r.centres ?? new Float32Array(0));
  const raster = new Raster(SIZE, SIZE);
  const win = new Window(raster, MARGIN, 8, SIZE - MARGIN - 8, SIZE - MARGIN - 8, lo, hi, lo, hi);
  if (r.centres) points(win, r.centres, 7, [30, 100, 220, 60]);
  points(win, r.data, 1.2, [40, 40, 40, 150]);
  points(win, r.samples, 1.6, [215, 50, 35, 140]);
  axes(win);
  return encodePng(SIZE, SIZE, raster.rgba);
}

/**
 * The discriminator's output on a grid (blue where it says fake, orange where it says real,
 * white at 0; scaled by the largest |D| shown), generated samples, and the generator-side
 * gradient at each of them as an arrow (lengths scaled so the longest is 6% of the window).
 */
export function discriminatorPng(r: {
  bounds: [number, number]; grid: number; values: Float32Array; samples: Float32Array; arrows: Float32Array; data?: Float32Array;
}): Uint8Array {
  const [lo, hi] = r.bounds;
  const raster = new Raster(SIZE, SIZE);
  const win = new Window(raster, MARGIN, 8, SIZE - MARGIN - 8, SIZE - MARGIN - 8, lo, hi, lo, hi);
  let scale = 0;
  for (const v of r.values) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  const cell = win.w / r.grid;
  for (let j = 0; j < r.grid; j++) {
    for (let i = 0; i < r.grid; i++) {
      const v = r.values[j * r.grid + i];
      raster.fillRect(win.left + i * cell, win.top + win.h - (j + 1) * cell, cell + 1, cell + 1, diverging(scale > 0 ? v / scale : 0));
    }
  }
  if (r.data) points(win, r.data, 1, [40, 40, 40, 90]);
  let longest = 0;
  for (let i = 0; i + 1 < r.arrows.length; i += 2) longest = Math.max(longest, Math.hypot(r.arrows[i], r.arrows[i + 1]));
  const k = longest > 0 ? (0.06 * (hi - lo)) / longest : 0;
  for (let i = 0; i + 1 < r.arrows.length && i + 1 < r.samples.length; i += 2) {
    const x = r.samples[i], y = r.samples[i + 1];
    raster.arrow(win.px(x), win.py(y), win.px(x + k * r.arrows[i]), win.py(y + k * r.arrows[i + 1]), [20, 20, 20, 200]);
  }
  points(win, r.samples, 1.8, [215, 50, 35, 200]);
  axes(win);
  return encodePng(SIZE, SIZE, raster.rgba);
}

/** Curves against iterations: each series' (x, y) pairs, moving-averaged into ≤ 400 buckets. */
export function curvesPng(series: Array<{ x: ArrayLike<number>; y: ArrayLike<number>; color: Rgba }>, range?: [number, number]): Uint8Array {
  const width = 640, height = 260;
  let xLo = Infinity, xHi = -Infinity, yLo = Infinity, yHi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.y.length; i++) {
      if (!Number.isFinite(s.y[i])) continue;
      xLo = Math.min(xLo, s.x[i]); xHi = Math.max(xHi, s.x[i]); yLo = Math.min(yLo, s.y[i]); yHi = Math.max(yHi, s.y[i]);
    }
  }
  if (range) [yLo, yHi] = range;
  if (!(xHi > xLo)) { xLo = 0; xHi = Math.max(1, xHi); }
  if (!(yHi > yLo)) { yLo -= 1; yHi += 1; }
  const raster = new Raster(width, height);
  const win = new Window(raster, MARGIN + 20, 8, width - MARGIN - 30, height - MARGIN - 8, xLo, xHi, yLo, yHi);
  for (const s of series) {
    const n = s.y.length, buckets = Math.min(n, 400), per = n / buckets;
    let previous: [number, number] | undefined;
    for (let b = 0; b < buckets; b++) {
      let sx = 0, sy = 0, c = 0;
      for (let i = Math.floor(b * per); i < Math.floor((b + 1) * per); i++) if (Number.isFinite(s.y[i])) { sx += s.x[i]; sy += s.y[i]; c++; }
      if (c === 0) continue;
      const point: [number, number] = [win.px(sx / c), win.py(sy / c)];
      if (previous) raster.line(previous[0], previous[1], point[0], point[1], s.color, 2);
      else raster.disc(point[0], point[1], 1, s.color);
      previous = point;
    }
  }
  axes(win);
  return encodePng(width, height, raster.rgba);
}
