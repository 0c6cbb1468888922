import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fieldPlot, linePlot, viridis } from '../../src/render/index.js';
import { contourLines } from '../../src/render/plot/contour.js';
import { encodePng } from '../../src/render/plot/png.js';
import { formatLinear, linearScale, logScale } from '../../src/render/plot/ticks.js';
import { descentErrors, HOSTILE } from './fixtures.js';
import { xmlError } from './xml.js';

/** Text content of every <text> element, tags inside (tspans) removed, entities decoded. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

/** Decodes our own PNG (8-bit RGB, filter 0) back to pixels. */
function decodePng(b64: string): { width: number; height: number; rgb: Uint8Array } {
  const buf = Buffer.from(b64, 'base64');
  expect([...buf.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const idatLen = buf.readUInt32BE(33);
  expect(buf.toString('ascii', 37, 41)).toBe('IDAT');
  const raw = inflateSync(buf.subarray(41, 41 + idatLen));
  const rgb = new Uint8Array(3 * width * height);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (3 * width + 1)]).toBe(0);
    rgb.set(raw.subarray(y * (3 * width + 1) + 1, (y + 1) * (3 * width + 1)), 3 * width * y);
  }
  return { width, height, rgb };
}

describe('the XML checker used below', () => {
  it('accepts well-formed documents and rejects broken ones', () => {
    expect(xmlError('<svg a="1"><g><text>x &amp; y</text></g><path d="M0 0"/></svg>')).toBeUndefined();
    expect(xmlError('<svg><g></svg>')).toMatch(/does not match/);
    expect(xmlError('<svg><text>a & b</text></svg>')).toMatch(/bad entity/);
    expect(xmlError('<svg a="1" a="2"/>')).toMatch(/duplicate/);
    expect(xmlError('<svg a=1/>')).toMatch(/malformed attribute/);
    expect(xmlError('<svg><text>x</text>')).toMatch(/unclosed/);
    expect(xmlError('<svg/><svg/>')).toMatch(/second root/);
    expect(xmlError('<svg a="<"/>')).toMatch(/malformed attribute/);
  });
});

describe('ticks', () => {
  it('chooses 1-2-5 steps covering the data', () => {
    expect(linearScale(0, 1, 6).ticks.map((t) => t.value)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearScale(0, 1, 6).ticks.map((t) => t.text)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    const s = linearScale(-3.7, 12.2, 6);
    expect(s.domain).toEqual([-5, 15]);
    expect(s.ticks.map((t) => t.text)).toEqual(['\u22125', '0', '5', '10', '15']);
    // Not widened: ticks inside the exact range only.
    expect(linearScale(-1.5, 2.5, 5, false).ticks.map((t) => t.text)).toEqual(['\u22121', '0', '1', '2']);
    expect(linearScale(-1.5, 2.5, 5, false).domain).toEqual([-1.5, 2.5]);
  });
  it('widens a single value around itself', () => {
    const s = linearScale(3, 3, 5);
    expect(s.domain[0]).toBeLessThan(3);
    expect(s.domain[1]).toBeGreaterThan(3);
  });
  it('formats large and tiny magnitudes in exponent form', () => {
    expect(formatLinear(2e6, 1e6, 5e6)).toBe('2e6');
    expect(formatLinear(2.5e-5, 5e-6, 5e-5)).toBe('2.5e\u22125');
    expect(formatLinear(0.25, 0.05, 1)).toBe('0.25');
  });
  it('puts log ticks on decades, with 10^k labels outside 0.01..1000', () => {
    const s = logScale(3e-12, 2.5, 8);
    expect(s.domain[0]).toBeCloseTo(1e-12, 25);
    expect(s.domain[1]).toBe(10);
    const values = s.ticks.map((t) => Math.log10(t.value));
    for (const v of values) expect(Math.abs(v - Math.round(v))).toBeLessThan(1e-9);
    expect(s.ticks.map((t) => t.text)).toContain('10^\u221212');
    expect(s.ticks.map((t) => t.text)).toContain('1');
    // A short log axis gets 2 and 5 as well.
    expect(logScale(1.2, 40, 6).ticks.map((t) => t.text)).toEqual(['1', '2', '5', '10', '20', '50', '100']);
  });
});

describe('linePlot', () => {
  const plot = linePlot({
    title: 'Convergence',
    xLabel: 'iteration',
    yLabel: 'error',
    logY: true,
    series: [
      { name: 'gradient descent', points: descentErrors() },
      { name: 'newton', points: [[0, 2.5], [1, 0.1], [2, 1e-4], [3, 0], [4, NaN]], marker: 'square', dashed: true },
    ],
  });

  it('is well-formed XML with axis titles, title and legend entries', () => {
    expect(xmlError(plot)).toBeUndefined();
    const t = texts(plot);
    for (const label of ['Convergence', 'iteration', 'error', 'gradient descent', 'newton']) expect(t).toContain(label);
    expect(plot).toContain('<title>Convergence</title>');
  });

  it('has decade ticks on the log axis and integer ticks on the iteration axis', () => {
    const t = texts(plot);
    expect(t).toContain('1');
    expect(t).toContain('0.01');
    expect(t).toContain('10\u22126'); // 10 with superscript -6
    expect(t).toEqual(expect.arrayContaining(['0', '10', '20']));
    expect(t).not.toContain('30'); // the x axis ends at the last iteration, 25
  });

  it('breaks the line at points a log axis cannot show (y = 0, NaN)', () => {
    const newton = plot.split('<g class="series">')[2]!.split('</g>')[0]!;
    const d = /d="([^"]+)"/.exec(newton)![1]!;
    expect(d.match(/M/g)).toHaveLength(1);
    expect(d.match(/L/g)).toHaveLength(2); // 3 drawable points
    expect(newton.match(/<rect/g)).toHaveLength(3); // square markers on the drawable points only
  });

  it('maps data to the right pixels: y decreases upward, first point at the left edge', () => {
    const p = linePlot({ title: '', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: [[0, 0], [10, 10]] }] });
    const m = /<g class="series"><path d="M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)"/.exec(p)!;
    const [x0, y0, x1, y1] = m.slice(1).map(Number) as [number, number, number, number];
    expect(x1).toBeGreaterThan(x0);
    expect(y1).toBeLessThan(y0);
    const frame = /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="none" stroke="#333333"/.exec(p)!;
    expect(x0).toBeCloseTo(Number(frame[1]), 1);
    expect(y0).toBeCloseTo(Number(frame[2]) + Number(frame[4]), 1);
  });

  it('is deterministic and escapes all text', () => {
    const opts = { title: HOSTILE, xLabel: HOSTILE, yLabel: HOSTILE, series: [{ name: HOSTILE, color: '"/><script>', points: [[0, 1], [1, 2]] as [number, number][] }] };
    const a = linePlot(opts);
    expect(linePlot(opts)).toBe(a);
    expect(xmlError(a)).toBeUndefined();
    expect(a).not.toContain('<script');
    expect(texts(a).filter((t) => t === HOSTILE).length).toBeGreaterThanOrEqual(3);
  });

  it('still draws axes for empty data', () => {
    const p = linePlot({ title: 'empty', xLabel: 'x', yLabel: 'y', series: [] });
    expect(xmlError(p)).toBeUndefined();
    expect(texts(p)).toEqual(expect.arrayContaining(['x', 'y', '0', '1.0']));
  });
});

describe('viridis', () => {
  it('matches the published end points and midpoint', () => {
    expect(viridis(0)).toEqual([0x44, 0x01, 0x54]);
    expect(viridis(0.5)).toEqual([0x21, 0x91, 0x8c]);
    expect(viridis(1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(viridis(-3)).toEqual(viridis(0));
  });
  it('brightens monotonically (perceptual ordering)', () => {
    const lum = (t: number) => {
      const [r, g, b] = viridis(t);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let t = 0; t < 1; t += 0.05) expect(lum(t + 0.05)).toBeGreaterThan(lum(t));
  });
});

describe('contourLines', () => {
  it('traces the unit circle of x^2 + y^2 as one closed loop', () => {
    const n = 41;
    const h = 4 / (n - 1);
    const z = new Float64Array(n * n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) z[j * n + i] = (-2 + i * h) ** 2 + (-2 + j * h) ** 2;
    const lines = contourLines(z, n, n, 1);
    expect(lines).toHaveLength(1);
    const loop = lines[0]!;
    expect(loop[0]).toEqual(loop[loop.length - 1]);
    for (const [i, j] of loop) {
      const r = Math.hypot(-2 + i * h, -2 + j * h);
      expect(Math.abs(r - 1)).toBeLessThan(0.01); // linear interpolation error on a 0.1 grid
    }
    expect(loop.length).toBeGreaterThan(40);
  });
  it('traces an open line across the grid and skips non-finite cells', () => {
    const n = 5;
    const z = new Float64Array(n * n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) z[j * n + i] = i + (i === 4 && j === 4 ? NaN : 0);
    const lines = contourLines(z, n, n, 1.5);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.map(([i]) => i)).toEqual([1.5, 1.5, 1.5, 1.5, 1.5]);
    expect(lines[0]!.map(([, j]) => j).sort()).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('encodePng', () => {
  it('round-trips pixels through inflate', () => {
    const rgb = Uint8Array.from({ length: 3 * 4 * 3 }, (_, k) => (k * 37) % 256);
    const back = decodePng(Buffer.from(encodePng(4, 3, rgb)).toString('base64'));
    expect(back.width).toBe(4);
    expect(back.height).toBe(3);
    expect([...back.rgb]).toEqual([...rgb]);
  });
});

describe('fieldPlot', () => {
  const plot = fieldPlot({
    f: (x, y) => x * x + y * y,
    xRange: [-2, 2],
    yRange: [-1, 3],
    resolution: 40,
    title: 'Bowl',
    xLabel: 'x axis',
    yLabel: 'y axis',
    valueLabel: 'f(x, y)',
    contours: 6,
    overlays: [
      { name: 'descent', points: [[1.5, 2.5], [0.8, 1.2], [0.2, 0.3], [0, 0]], marker: 'circle' },
      { name: 'minimum', points: [[0, 0]], marker: 'diamond' },
    ],
  });

  it('is well-formed XML with title, axis titles, colour-bar title and legend', () => {
    expect(xmlError(plot)).toBeUndefined();
    const t = texts(plot);
    for (const label of ['Bowl', 'x axis', 'y axis', 'f(x, y)', 'descent', 'minimum', '○ start   ● end']) expect(t).toContain(label);
  });

  it('colours the samples with viridis: darkest at the minimum (0, 0), brightest at the far corner', () => {
    const b64 = /href="data:image\/png;base64,([^"]+)"/.exec(plot)![1]!;
    const { width, height, rgb } = decodePng(b64);
    expect([width, height]).toEqual([41, 41]);
    const pixel = (x: number, y: number) => {
      const i = Math.round(((x + 2) / 4) * 40);
      const row = 40 - Math.round(((y + 1) / 4) * 40);
      return [...rgb.subarray(3 * (row * width + i), 3 * (row * width + i) + 3)];
    };
    expect(pixel(0, 0)).toEqual(viridis(0));
    // Maximum over the grid is at (±2, 3): 13.
    expect(pixel(2, 3)).toEqual(viridis(1));
    expect(pixel(-2, 3)).toEqual(viridis(1));
    // (1, 1) has value 2 on the [0, 13] scale.
    expect(pixel(1, 1)).toEqual(viridis(2 / 13));
  });

  it('draws contours at nice levels and marks them on the colour bar', () => {
    const contours = plot.match(/<path class="contour"/g) ?? [];
    expect(contours.length).toBeGreaterThanOrEqual(4);
    expect(contours.length).toBeLessThanOrEqual(12);
    expect(texts(plot)).toEqual(expect.arrayContaining(['0', '2', '4', '6', '8', '10', '12']));
  });

  it('uses distinct ids per plot, stable per input, with no randomness', () => {
    const again = fieldPlot({ f: (x, y) => x * x + y * y, xRange: [-2, 2], yRange: [-1, 3], resolution: 40, title: 'Bowl', xLabel: 'x axis', yLabel: 'y axis', valueLabel: 'f(x, y)', contours: 6, overlays: [{ name: 'descent', points: [[1.5, 2.5], [0.8, 1.2], [0.2, 0.3], [0, 0]], marker: 'circle' }, { name: 'minimum', points: [[0, 0]], marker: 'diamond' }] });
    expect(again).toBe(plot);
    const other = fieldPlot({ f: (x) => x, xRange: [0, 1], yRange: [0, 1], title: 't', xLabel: 'x', yLabel: 'y' });
    const id = (s: string) => /clipPath id="([^"]+)"/.exec(s)![1];
    expect(id(other)).not.toBe(id(plot));
    expect(plot).toContain(`clip-path="url(#${id(plot)})"`);
  });

  it('survives a field that throws or is not finite (grey samples) and escapes text', () => {
    const p = fieldPlot({
      f: (x, y) => {
        if (x < 0) throw new Error('outside');
        return Math.log(y);
      },
      xRange: [-1, 1],
      yRange: [-1, 1],
      resolution: 10,
      title: HOSTILE,
      xLabel: HOSTILE,
      yLabel: 'y',
      overlays: [{ name: HOSTILE, points: [[0.5, 0.5], [0.6, 0.7]] }],
    });
    expect(xmlError(p)).toBeUndefined();
    expect(p).not.toContain('<script');
    const { rgb, width } = decodePng(/base64,([^"]+)"/.exec(p)![1]!);
    expect([...rgb.subarray(0, 3)]).toEqual([190, 190, 190]); // top-left sample: x < 0
    expect([...rgb.subarray(3 * (width - 1), 3 * width)]).not.toEqual([190, 190, 190]); // top-right: log(1) = 0
  });

  it('rejects an empty or reversed range with a message naming it', () => {
    expect(() => fieldPlot({ f: () => 0, xRange: [1, 1], yRange: [0, 1], title: '', xLabel: '', yLabel: '' })).toThrow(/xRange/);
    expect(() => fieldPlot({ f: () => 0, xRange: [0, 1], yRange: [2, 1], title: '', xLabel: '', yLabel: '' })).toThrow(/yRange/);
  });
});
