// A tiny raster canvas for the CLI's PNG plots: alpha-blended points, lines and arrows,
// heat-maps, and a 3×5 pixel font for axis numbers. Plot windows map data coordinates to
// pixels with y up.

export type Rgba = readonly [number, number, number, number];

/** 3×5 glyphs, one 15-bit row-major mask each (bit 14 = top-left). */
const GLYPHS: Record<string, number> = {
  '0': 0b111101101101111, '1': 0b010110010010111, '2': 0b111001111100111, '3': 0b111001111001111,
  '4': 0b101101111001001, '5': 0b111100111001111, '6': 0b111100111101111, '7': 0b111001010010010,
  '8': 0b111101111101111, '9': 0b111101111001111, '.': 0b000000000000010, '-': 0b000000111000000,
  '+': 0b000010111010000, 'e': 0b000111111100111, ' ': 0, '%': 0b101001010100101, '/': 0b001001010100100,
  'k': 0b100101110101101, 'x': 0b000101010101000,
};

export class Raster {
  readonly rgba: Uint8Array;
  constructor(readonly width: number, readonly height: number, background: Rgba = [255, 255, 255, 255]) {
    this.rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) this.rgba.set(background, 4 * i);
  }

  /** Blends colour c (alpha in [0, 255]) over pixel (x, y); outside the canvas is ignored. */
  blend(x: number, y: number, c: Rgba): void {
    x = Math.round(x); y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = 4 * (y * this.width + x), a = c[3] / 255;
    for (let k = 0; k < 3; k++) this.rgba[i + k] = Math.round(c[k] * a + this.rgba[i + k] * (1 - a));
    this.rgba[i + 3] = 255;
  }

  fillRect(x0: number, y0: number, w: number, h: number, c: Rgba): void {
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(this.height, Math.ceil(y0 + h)); y++) {
      for (let x = Math.max(0, Math.floor(x0)); x < Math.min(this.width, Math.ceil(x0 + w)); x++) this.blend(x, y, c);
    }
  }

  disc(cx: number, cy: number, r: number, c: Rgba): void {
    for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++) {
      for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) this.blend(x, y, c);
    }
  }

  /** A line sampled every half pixel. */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgba, width = 1): void {
    const steps = Math.max(1, Math.ceil(2 * Math.hypot(x1 - x0, y1 - y0)));
    for (let s = 0; s <= steps; s++) {
      const t = s / steps, x = x0 + t * (x1 - x0), y = y0 + t * (y1 - y0);
      if (width <= 1) this.blend(x, y, c); else this.disc(x, y, width / 2, c);
    }
  }

  /** A line from (x0, y0) to (x1, y1) with a two-stroke head at the end. */
  arrow(x0: number, y0: number, x1: number, y1: number, c: Rgba): void {
    this.line(x0, y0, x1, y1, c);
    const length = Math.hypot(x1 - x0, y1 - y0);
    if (length < 1) return;
    const ux = (x1 - x0) / length, uy = (y1 - y0) / length, head = Math.min(5, length / 2);
    for (const s of [1, -1]) this.line(x1, y1, x1 - head * (ux + 0.5 * s * uy), y1 - head * (uy - 0.5 * s * ux), c);
  }

  /** Text in the 3×5 font scaled by `scale` (unknown characters are skipped). */
  text(x: number, y: number, s: string, c: Rgba, scale = 2): void {
    for (const ch of s) {
      const mask = GLYPHS[ch];
      if (mask !== undefined) {
        for (let r = 0; r < 5; r++) for (let col = 0; col < 3; col++) {
          if (mask & (1 << (14 - (r * 3 + col)))) this.fillRect(x + col * scale, y + r * scale, scale, scale, c);
        }
      }
      x += 4 * scale;
    }
  }
}

/** Maps a data window [xLo, xHi] × [yLo, yHi] onto a rectangle of a raster (y up). */
export class Window {
  constructor(readonly raster: Raster, readonly left: number, readonly top: number, readonly w: number, readonly h: number,
    readonly xLo: number, readonly xHi: number, readonly yLo: number, readonly yHi: number) {}
  px(x: number): number { return this.left + ((x - this.xLo) / (this.xHi - this.xLo)) * this.w; }
  py(y: number): number { return this.top + this.h - ((y - this.yLo) / (this.yHi - this.yLo)) * this.h; }
  frame(c: Rgba = [190, 190, 190, 255]): void {
    const r = this.raster;
    r.line(this.left, this.top, this.left + this.w, this.top, c); r.line(this.left, this.top + this.h, this.left + this.w, this.top + this.h, c);
    r.line(this.left, this.top, this.left, this.top + this.h, c); r.line(this.left + this.w, this.top, this.left + this.w, this.top + this.h, c);
  }
}

/** A short label for an axis value. */
export function label(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-2) return v.toExponential(1).replace('e+', 'e');
  return Number(v.toPrecision(3)).toString();
}

/** Diverging colour for t in [−1, 1]: blue (negative), white (0), orange (positive). */
export function diverging(t: number, alpha = 255): Rgba {
  const u = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  return u >= 0
    ? [255, Math.round(255 - 120 * u), Math.round(255 - 230 * u), alpha]
    : [Math.round(255 + 215 * u), Math.round(255 + 120 * u), 255, alpha];
}
