// The PNG encoder against an independent reading: chunk CRCs by node:zlib's crc32, the
// image data by inflating IDAT and undoing the per-row filter bytes.
import { crc32, inflateSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { encodePng } from '../../bindings/cli/png.js';
import { Raster, diverging } from '../../bindings/cli/raster.js';

function chunks(png: Uint8Array): Array<{ type: string; data: Uint8Array }> {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: Array<{ type: string; data: Uint8Array }> = [];
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at), type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    expect(view.getUint32(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    out.push({ type, data });
    at += 12 + length;
  }
  return out;
}

test('encodePng writes a valid RGBA PNG whose pixels read back exactly', () => {
  const width = 5, height = 3;
  const rgba = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 37) & 255);
  const png = encodePng(width, height, rgba);
  expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const parts = chunks(png);
  expect(parts.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  const ihdr = new DataView(parts[0].data.buffer, parts[0].data.byteOffset, 13);
  expect([ihdr.getUint32(0), ihdr.getUint32(4), ...parts[0].data.subarray(8)]).toEqual([5, 3, 8, 6, 0, 0, 0]);
  const raw = inflateSync(parts[1].data);
  expect(raw.length).toBe(height * (1 + 4 * width));
  for (let y = 0; y < height; y++) {
    expect(raw[y * (1 + 4 * width)]).toBe(0);
    expect(Array.from(raw.subarray(y * (1 + 4 * width) + 1, (y + 1) * (1 + 4 * width)))).toEqual(Array.from(rgba.subarray(y * 4 * width, (y + 1) * 4 * width)));
  }
  expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(RangeError);
});

test('the raster blends, draws lines within bounds, and maps signs to the diverging colours', () => {
  const r = new Raster(4, 4, [0, 0, 0, 255]);
  r.blend(1, 1, [255, 255, 255, 128]);
  expect(Array.from(r.rgba.subarray(4 * 5, 4 * 5 + 4))).toEqual([128, 128, 128, 255]);
  r.line(-10, 0, 10, 0, [255, 0, 0, 255]); // clipped, no throw
  expect(r.rgba[0]).toBe(255);
  expect(diverging(0)).toEqual([255, 255, 255, 255]);
  expect(diverging(1)[2]).toBeLessThan(50);   // positive: orange, little blue
  expect(diverging(-1)[0]).toBeLessThan(50);  // negative: blue, little red
  expect(diverging(NaN)).toEqual([255, 255, 255, 255]);
});
