/**
 * Plots a researcher would publish: every run marked at its start and end, a log colour
 * scale for fields spanning decades (Rosenbrock's valley), many runs thinned and
 * translucent, legends that never leave the picture, the loss plot's mean drawn once,
 * and a PNG beside the SVG. Asserted on the SVG's structure and on rendered pixels.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { drawnRuns, landscapeFigure, lossFigure, MAX_DRAWN_RUNS, runOpacity } from '../../src/cli/commands/optimize-plot.js';
import { runCli } from '../../src/cli/index.js';
import type { NamedRun } from '../../src/optimize/index.js';
import { fieldPlot, linePlot, viridis } from '../../src/render/index.js';
import { svgToPixels } from '../../src/render/plot/raster.js';
import { textWidth } from '../../src/render/plot/util.js';
import { xmlError } from './xml.js';

const bowl = (x: number, y: number) => Math.min((x - 1) ** 2 + (y - 1) ** 2, (x + 1) ** 2 + (y + 1) ** 2);
const rosenbrock = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;

/** A run that contracts from `start` towards the nearer of the bowl's minima (1, 1) and (−1, −1). */
function run(start: readonly [number, number], steps = 200): NamedRun {
  const m = start[0] + start[1] >= 0 ? [1, 1] : [-1, -1];
  const pts: number[] = [];
  const vals: number[] = [];
  for (let k = 0; k <= steps; k++) {
    const x = m[0]! + (start[0] - m[0]!) * 0.8 ** k;
    const y = m[1]! + (start[1] - m[1]!) * 0.8 ** k;
    pts.push(x, y);
    vals.push(bowl(x, y));
  }
  const x = Float64Array.from(pts.slice(-2));
  return { status: 'converged', reason: '', point: { x: x[0]!, y: x[1]! }, x, objective: vals.at(-1)!, iterations: steps, gradientNorm: 0, constraintViolation: 0, evaluations: steps, trajectory: { points: Float64Array.from(pts), values: Float64Array.from(vals) } };
}

/** n starts on a deterministic low-discrepancy spread over [−3, 3]². */
function starts(n: number): [number, number][] {
  return Array.from({ length: n }, (_, k) => [-3 + 6 * ((k * 0.618034) % 1), -3 + 6 * ((k * 0.754878 + 0.3) % 1)]);
}

const viewBox = (svg: string) => /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!.slice(1).map(Number) as [number, number];
const legendBox = (svg: string) => {
  const m = /<rect class="legend-box" x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
  return m.slice(1).map(Number) as [number, number, number, number];
};

describe('landscape: start and end markers per run', () => {
  const runs = starts(7).map((s) => run(s));
  const svg = landscapeFigure({ f: bowl, runs, dimension: 2, xLabel: 'x', yLabel: 'y', title: 'seven runs', xRange: [-3, 3], yRange: [-3, 3] });

  it('draws every run as its own path with one start ring and one end dot', () => {
    expect(xmlError(svg)).toBeUndefined();
    const groups = svg.split('<g class="run">').slice(1);
    expect(groups).toHaveLength(7);
    for (const g of groups) {
      expect(g.match(/class="start"/g)).toHaveLength(1);
      expect(g.match(/class="end"/g)).toHaveLength(1);
    }
    // Seven distinct starts, two ends (the two minima).
    const startAt = (g: string) => /class="start"[^>]*><circle cx="([\d.]+)" cy="([\d.]+)"/.exec(g)!.slice(1).join(',');
    const endAt = (g: string) => /class="end"><circle cx="([\d.]+)" cy="([\d.]+)"/.exec(g)!.slice(1).join(',');
    expect(new Set(groups.map(startAt)).size).toBe(7);
    expect(new Set(groups.map(endAt)).size).toBe(2);
  });
});

describe('colour scale', () => {
  const n = 60;
  const plot = (f: (x: number, y: number) => number, colorScale?: 'linear' | 'log') =>
    fieldPlot({ f, xRange: [-2, 2], yRange: [-1, 3], resolution: n, title: 'f', xLabel: 'x', yLabel: 'y', valueLabel: 'f', ...(colorScale ? { colorScale } : {}) });
  const tOf = (svg: string) => {
    const buf = Buffer.from(/href="data:image\/png;base64,([^"]+)"/.exec(svg)![1]!, 'base64');
    const w = buf.readUInt32BE(16);
    const raw = inflateSync(buf.subarray(41, 41 + buf.readUInt32BE(33)));
    // Inverse of viridis by nearest colour on a fine table.
    const table = Array.from({ length: 2001 }, (_, k) => viridis(k / 2000));
    return (x: number, y: number) => {
      const i = Math.round(((x + 2) / 4) * n);
      const row = n - Math.round(((y + 1) / 4) * n);
      const o = row * (3 * w + 1) + 1 + 3 * i;
      const c = [raw[o]!, raw[o + 1]!, raw[o + 2]!];
      let best = 0;
      let bestD = Infinity;
      table.forEach((t, k) => {
        const d = (t[0] - c[0]!) ** 2 + (t[1] - c[1]!) ** 2 + (t[2] - c[2]!) ** 2;
        if (d < bestD) [best, bestD] = [k, d];
      });
      return best / 2000;
    };
  };

  it("goes logarithmic by itself on Rosenbrock's function, and colour is monotone in log f", () => {
    const svg = plot(rosenbrock);
    expect(svg).toContain('data-scale="log"');
    expect(svg).toContain('f (log scale)');
    const t = tOf(svg);
    // Independently: the floor is the smallest positive sample, the top the largest (f(−2, −1) = 9 + 2500).
    let floor = Infinity;
    const nodes: [number, number, number][] = [];
    for (let j = 0; j <= n; j++)
      for (let i = 0; i <= n; i++) {
        const x = -2 + (4 * i) / n;
        const y = -1 + (4 * j) / n;
        const v = rosenbrock(x, y);
        if (v > 0) floor = Math.min(floor, v);
        nodes.push([x, y, v]);
      }
    const expected = (v: number) => (Math.log10(Math.max(v, floor)) - Math.log10(floor)) / (Math.log10(2509) - Math.log10(floor));
    for (const [x, y, v] of nodes.filter((_, k) => k % 37 === 0)) expect(Math.abs(t(x, y) - expected(v))).toBeLessThan(0.006);
    // Monotone: sorted by f, the recovered colour position never falls back by more than the colour quantisation.
    const sorted = nodes.filter((_, k) => k % 7 === 0).sort((a, b) => a[2] - b[2]);
    for (let k = 1; k < sorted.length; k++) expect(t(sorted[k]![0], sorted[k]![1])).toBeGreaterThanOrEqual(t(sorted[k - 1]![0], sorted[k - 1]![1]) - 0.006);
    // The valley is visible: f(0, 0) = 1 and f(0, 0.6) = 37 are far apart in colour (on a linear scale 36/2509 = 0.014).
    expect(t(0, 0.6) - t(0, 0)).toBeGreaterThan(0.2);
  });

  it('puts decade ticks of the log colour bar at equal spacing', () => {
    const svg = plot(rosenbrock);
    const bar = svg.slice(svg.indexOf('class="colour-bar"'));
    const ys = [...bar.matchAll(/<text class="bar-tick" x="[\d.]+" y="([\d.]+)"[^>]*>(1|10|100|1000)<\/text>/g)].map((m) => [Number(m[2]), Number(m[1])] as const);
    expect(ys.map((p) => p[0])).toEqual([1, 10, 100, 1000]);
    const gaps = ys.slice(1).map((p, k) => ys[k]![1] - p[1]);
    for (const g of gaps) expect(Math.abs(g - gaps[0]!)).toBeLessThan(0.02);
  });

  it('stays linear for a bowl (not skewed) and for a field with negative values, and obeys an explicit choice', () => {
    expect(plot((x, y) => x * x + y * y)).toContain('data-scale="linear"');
    expect(plot((x, y) => -Math.exp(-(x * x + y * y)))).toContain('data-scale="linear"');
    expect(plot(rosenbrock, 'linear')).toContain('data-scale="linear"');
    expect(plot((x, y) => 1 + x * x + y * y, 'log')).toContain('data-scale="log"');
  });
});

describe('many runs', () => {
  const runs = starts(500).map((s) => run(s, 60));
  const svg = landscapeFigure({ f: bowl, runs, dimension: 2, xLabel: 'x', yLabel: 'y', title: '500 runs', xRange: [-3, 3], yRange: [-3, 3] });

  it('draws at most MAX_DRAWN_RUNS trajectories, translucent, and says how many', () => {
    const drawn = svg.split('<g class="run">').length - 1;
    expect(drawn).toBeLessThanOrEqual(MAX_DRAWN_RUNS);
    expect(drawn).toBeGreaterThan(MAX_DRAWN_RUNS * 0.9);
    const opacities = [...svg.matchAll(/class="trajectory"[^>]*stroke-opacity="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(opacities).toHaveLength(drawn);
    for (const o of opacities) expect(o).toBeLessThanOrEqual(0.25);
    expect(svg).toContain(`${drawn} of 500 trajectories drawn`);
    expect(svg.length).toBeLessThan(1_000_000);
  });

  it('spreads the drawn runs over the groups in proportion, at least one each', () => {
    expect(drawnRuns([[1, 2, 3], [4]])).toEqual([[1, 2, 3], [4]]);
    const big = drawnRuns([Array.from({ length: 450 }, (_, i) => i), Array.from({ length: 49 }, (_, i) => 450 + i), [499]]);
    expect(big.map((g) => g.length)).toEqual([135, 14, 1]);
    expect(runOpacity(1)).toBe(1);
    expect(runOpacity(100)).toBeCloseTo(0.3, 10);
  });

  it('leaves most of the landscape visible (rendered pixels): not a solid blob', () => {
    // The same picture without runs, and with the runs drawn opaque (the old way), as references.
    const base = fieldPlot({ f: bowl, xRange: [-3, 3], yRange: [-3, 3], resolution: 120, title: '500 runs', xLabel: 'x', yLabel: 'y', valueLabel: 'objective', contours: 12 });
    const opaque = landscapeFigure({ f: bowl, runs: runs.slice(0, 9).concat(runs.slice(9)), dimension: 2, xLabel: 'x', yLabel: 'y', title: '500 runs', xRange: [-3, 3], yRange: [-3, 3] }).replace(/ stroke-opacity="0\.\d+"/g, '');
    const covered = (s: string) => coverage(s, base);
    const now = covered(svg);
    const before = covered(opaque);
    if (process.env['PLOT_COVERAGE']) console.info(`500 runs cover ${(100 * now).toFixed(1)}% of the plot (opaque: ${(100 * before).toFixed(1)}%)`);
    expect(now).toBeLessThan(0.1);
    expect(before).toBeGreaterThan(now + 0.15);
  });
});

/** Fraction of the plot box's pixels (x 80..500 of the picture) whose colour moved by more than 80/255 from the bare landscape. */
function coverage(svg: string, base: string): number {
  const a = svgToPixels(svg);
  const b = svgToPixels(base);
  let changed = 0;
  let total = 0;
  for (let y = 60; y < 480; y += 2)
    for (let x = 90; x < 500; x += 2) {
      const i = 4 * (y * a.width + x);
      const j = 4 * (y * b.width + x);
      const d = Math.max(Math.abs(a.rgba[i]! - b.rgba[j]!), Math.abs(a.rgba[i + 1]! - b.rgba[j + 1]!), Math.abs(a.rgba[i + 2]! - b.rgba[j + 2]!));
      total++;
      if (d > 80) changed++;
    }
  return changed / total;
}

describe('legends never clip', () => {
  const long = 'a label much longer than any legend should be, with a (0.123456, -7.891011) end point and more words';
  it('field plot: wraps long labels and grows the picture to hold the legend box', () => {
    const svg = fieldPlot({
      f: bowl,
      xRange: [-3, 3],
      yRange: [-3, 3],
      resolution: 20,
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      overlays: Array.from({ length: 20 }, (_, k) => ({ name: `${k}: ${long}`, points: [[0, 0], [k / 10, 1]] as [number, number][] })),
    });
    const [W, H] = viewBox(svg);
    const [x, y, w, h] = legendBox(svg);
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x + w).toBeLessThanOrEqual(W);
    expect(y + h).toBeLessThanOrEqual(H);
    const lines = [...svg.matchAll(/<tspan x="([\d.]+)"[^>]*>([^<]*)<\/tspan>/g)];
    expect(lines.length).toBeGreaterThan(40);
    for (const m of lines) expect(Number(m[1]) + textWidth(m[2]!)).toBeLessThanOrEqual(x + w);
  });

  it('line plot: the same, within its fixed width', () => {
    const svg = linePlot({ series: [0, 1, 2].map((k) => ({ name: `${k} ${long}`, points: [[0, k], [1, k + 1]] as [number, number][] })), xLabel: 'x', yLabel: 'y', title: 't' });
    const [W, H] = viewBox(svg);
    const [x, y, w, h] = legendBox(svg);
    expect(x + w).toBeLessThanOrEqual(W);
    expect(y + h).toBeLessThanOrEqual(H);
    for (const m of svg.matchAll(/<tspan x="([\d.]+)"[^>]*>([^<]*)<\/tspan>/g)) expect(Number(m[1]) + textWidth(m[2]!)).toBeLessThanOrEqual(x + w);
  });
});

describe('loss plot', () => {
  const labels = (svg: string) => [...svg.matchAll(/class="legend-label"[^>]*>(.*?)<\/text>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').trim());
  const curves = (svg: string) => [...svg.matchAll(/<g class="series"><path d="([^"]+)"/g)].map((m) => m[1]);

  it('with every run in one group, draws one curve, and says "mean" once (on the axis)', () => {
    const runs = [run([2, 2.5]), run([0.5, 3]), run([3, 0.2])];
    const svg = lossFigure({ runs, title: 'loss' });
    expect(curves(svg)).toHaveLength(1);
    expect(labels(svg)).toEqual(['3 runs → (1, 1)']);
    expect(svg.match(/mean/g)).toHaveLength(1);
    expect(svg).toContain('>mean objective</text>');
  });

  it('with two groups, draws each group and the overall mean, no two curves alike', () => {
    const runs = [run([2, 2.5]), run([0.5, 3]), run([-2, -3])];
    const svg = lossFigure({ runs, title: 'loss' });
    const c = curves(svg);
    expect(c).toHaveLength(3);
    expect(new Set(c).size).toBe(3);
    expect(labels(svg)).toEqual(['2 runs → (1, 1)', '1 run → (−1, −1)'.replace(/−/g, '-'), 'all 3 runs']);
    expect(svg.match(/mean/g)).toHaveLength(1);
  });
});

describe('PNG beside SVG', () => {
  it('optimize --plot out.svg writes out.png too (PNG signature, twice the SVG size); --plot out.png writes the PNG only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plot-'));
    const problem = join(dir, 'p.json');
    const fs = await import('node:fs');
    fs.writeFileSync(problem, JSON.stringify({ variables: ['x', 'y'], minimize: '(x-1)^2 + 2*(y+1)^2', start: [[2, 2], [-2, 1]], method: 'gd' }));
    const r = await runCli(['optimize', problem, '--plot', join(dir, 'land.svg'), '--loss-plot', join(dir, 'loss.png')]);
    expect(r.code).toBe(0);
    const svg = readFileSync(join(dir, 'land.svg'), 'utf8');
    const png = readFileSync(join(dir, 'land.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const [W, H] = viewBox(svg);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([2 * Math.ceil(W), 2 * Math.ceil(H)]);
    expect(existsSync(join(dir, 'loss.png'))).toBe(true);
    expect(existsSync(join(dir, 'loss.svg'))).toBe(false);
  });
});
