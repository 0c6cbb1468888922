/**
 * A minimal PNG encoder (8-bit RGB, no interlace, filter 0), used to embed a heat map in
 * an SVG as one small image instead of thousands of rectangles (which are large and show
 * seams between cells when antialiased). Platform-neutral: under Node the pixels are
 * compressed by zlib (found through `process.getBuiltinModule`, so no `node:` import
 * keeps the module out of a browser bundle); elsewhere, or on a Node without that
 * function, they go into stored (uncompressed) deflate blocks, a valid PNG of the same
 * pixels, only larger.
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function u32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  u32(out, 0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  u32(out, 8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

type Deflate = (raw: Uint8Array) => Uint8Array;

/** zlib's deflate at level 9 when the host is Node (looked up once), else undefined. */
const nodeDeflate: Deflate | undefined = (() => {
  const host = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const zlib = host?.getBuiltinModule?.('node:zlib') as { deflateSync(b: Uint8Array, o: { level: number }): Uint8Array } | undefined;
  return zlib ? (raw) => zlib.deflateSync(raw, { level: 9 }) : undefined;
})();

/** A zlib stream of stored deflate blocks (RFC 1950/1951: no compression), with its Adler-32. */
export function zlibStored(raw: Uint8Array): Uint8Array {
  const MAX = 65535;
  const blocks = Math.max(1, Math.ceil(raw.length / MAX));
  const out = new Uint8Array(2 + raw.length + 5 * blocks + 4);
  out[0] = 0x78; // deflate, 32 KiB window
  out[1] = 0x01; // no preset dictionary, fastest; (0x78 << 8 | 0x01) % 31 === 0
  let at = 2;
  for (let k = 0; k < blocks; k++) {
    const part = raw.subarray(k * MAX, Math.min(raw.length, (k + 1) * MAX));
    out[at] = k === blocks - 1 ? 1 : 0; // BFINAL on the last block, BTYPE 00 (stored)
    out[at + 1] = part.length & 0xff;
    out[at + 2] = part.length >>> 8;
    out[at + 3] = ~part.length & 0xff;
    out[at + 4] = (~part.length >>> 8) & 0xff;
    out.set(part, at + 5);
    at += 5 + part.length;
  }
  let a = 1;
  let b = 0;
  for (const byte of raw) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  u32(out, at, ((b << 16) | a) >>> 0);
  return out;
}

/**
 * PNG bytes of an RGB image given row by row from the top (rgb.length === 3 * width * height).
 * `compress: false` stores the pixels uncompressed (what a browser gets).
 */
export function encodePng(width: number, height: number, rgb: Uint8Array, options: { compress?: boolean } = {}): Uint8Array {
  if (rgb.length !== 3 * width * height) throw new RangeError(`encodePng: expected ${3 * width * height} bytes, got ${rgb.length}`);
  const raw = new Uint8Array((3 * width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (3 * width + 1)] = 0; // filter type: none
    raw.set(rgb.subarray(3 * width * y, 3 * width * (y + 1)), y * (3 * width + 1) + 1);
  }
  const ihdr = new Uint8Array(13);
  u32(ihdr, 0, width);
  u32(ihdr, 4, height);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, filter 0, no interlace
  const deflate = options.compress !== false && nodeDeflate ? nodeDeflate : zlibStored;
  const parts = [Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflate(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (RFC 4648, with padding) of bytes, for `data:` URLs. */
export function base64(bytes: Uint8Array): string {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const left = bytes.length - i;
    out.push(B64[n >>> 18]! + B64[(n >>> 12) & 63]! + (left > 1 ? B64[(n >>> 6) & 63]! : '=') + (left > 2 ? B64[n & 63]! : '='));
  }
  return out.join('');
}
