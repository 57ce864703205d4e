// Reads a PNG enough to check it: the signature, IHDR's size and colour type, and the IDAT
// stream inflated to exactly one filter byte plus width × channels bytes per row.
import { inflateSync } from 'node:zlib';

export function decodePng(png: Uint8Array): { width: number; height: number; channels: number } {
  const bytes = Buffer.from(png);
  if (!bytes.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))) throw new Error('not a PNG signature');
  let offset = 8, width = 0, height = 0, channels = 0;
  const idat: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset), type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      if (data[8] !== 8) throw new Error(`bit depth ${data[8]}`);
      channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[data[9]] ?? 0;
      if (!channels) throw new Error(`colour type ${data[9]}`);
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== height * (1 + width * channels)) throw new Error(`IDAT holds ${raw.length} bytes, not ${height} rows of ${width} pixels`);
  return { width, height, channels };
}
