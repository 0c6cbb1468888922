/**
 * The platform-neutral PNG encoder: a browser gets stored (uncompressed) deflate blocks,
 * which zlib's inflate (an independent decoder) must read back to the same pixels, over
 * more than one 65535-byte block; and the base64 of data: URLs matches Node's Buffer.
 */
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { base64, encodePng, zlibStored } from '../../src/render/plot/png.js';

/** Width, height and RGB of a filter-0 RGB PNG, read by hand (chunks, then zlib's inflate). */
function decodePng(b64: string): { width: number; height: number; rgb: Uint8Array } {
  const png = Buffer.from(b64, 'base64');
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgb = new Uint8Array(3 * width * height);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (3 * width + 1)]).toBe(0);
    rgb.set(raw.subarray(y * (3 * width + 1) + 1, (y + 1) * (3 * width + 1)), 3 * width * y);
  }
  return { width, height, rgb };
}

describe('encodePng without zlib', () => {
  it('stores bytes that inflate reads back, across several stored blocks', () => {
    const raw = Uint8Array.from({ length: 150_000 }, (_, k) => (k * 7919) % 251);
    expect(Buffer.compare(inflateSync(zlibStored(raw)), Buffer.from(raw))).toBe(0);
    expect([...inflateSync(zlibStored(new Uint8Array(0)))]).toEqual([]);
  });

  it('round-trips pixels through a PNG decoder; compressed and stored differ only in size', () => {
    const rgb = Uint8Array.from({ length: 3 * 30 * 20 }, (_, k) => (k * 37) % 256);
    for (const compress of [true, false]) {
      const back = decodePng(Buffer.from(encodePng(30, 20, rgb, { compress })).toString('base64'));
      expect([back.width, back.height]).toEqual([30, 20]);
      expect([...back.rgb]).toEqual([...rgb]);
    }
    // stored: 8 signature + 25 IHDR + 12 IEND + 12 IDAT frame + 2 zlib header + 5 block header + 20·(90+1) + 4 Adler-32
    expect(encodePng(30, 20, rgb, { compress: false }).length).toBe(8 + 25 + 12 + 12 + 2 + 5 + 20 * 91 + 4);
  });

  it('base64 agrees with Buffer for every remainder length', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100]) {
      const bytes = Uint8Array.from({ length: n }, (_, k) => (k * 101 + 7) % 256);
      expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
});
