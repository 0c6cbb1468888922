/**
 * Pictures of optimisation runs, built on the render room's `fieldPlot` and `linePlot`:
 * a 2-D landscape with the trajectories of many starts, and loss-versus-iteration
 * curves. Runs are grouped by where they end (converged runs: the point they reached;
 * runs stopped by the budget: the region they hover in); each group is one legend
 * entry and one colour in both pictures, so a hundred starts stay readable. Every drawn
 * run has its own start ring and end dot. Many runs are thinned (at most
 * MAX_DRAWN_RUNS trajectories, spread over the groups, fewer points each) and drawn
 * translucent, so 500 starts read as lines that darken where they agree rather than as
 * a solid blob; the legend says how many are drawn. `figureFiles` gives the SVG and a
 * PNG beside it.
 */
import { fieldPlot, linePlot, type Overlay, type Series } from '../../render/index.js';
import type { NamedRun } from '../../optimize/index.js';
import { svgToPng } from '../../render/plot/raster.js';
import type { OutputFile } from '../source-file.js';
import type { ProjectionPart } from '../../numeric/index.js';

/** Colours over the viridis field (each drawn on a dark halo). */
const FIELD_COLORS = ['#ff3b30', '#ff9f0a', '#ff2dc8', '#64d2ff', '#30d158', '#ffffff', '#bf5af2', '#ffd60a'] as const;
/** The same hues, darker, for lines on white. */
const LINE_COLORS = ['#d62728', '#e67e00', '#c2188f', '#1f77b4', '#2ca02c', '#555555', '#8e44ad', '#b8860b'] as const;

/** Legend rows a figure uses at most (the legend must fit beside the plot). */
export const MAX_LEGEND_ROWS = 14;
/** Points drawn per run at most (keeps a picture of 100 runs of 2000 iterations to a few hundred kB). */
export const MAX_POINTS_PER_RUN = 60;
/** Trajectories drawn in one landscape at most; beyond, each group keeps a share of its runs, evenly spaced. */
export const MAX_DRAWN_RUNS = 150;
/** Points drawn over all trajectories at most (each run keeps at least MIN_POINTS_PER_RUN). */
export const MAX_POINTS_TOTAL = 6000;
const MIN_POINTS_PER_RUN = 12;
/** Runs drawn at full opacity; with n drawn, opacity is sqrt(OPAQUE_RUNS / n), at least MIN_OPACITY. */
export const OPAQUE_RUNS = 9;
export const MIN_OPACITY = 0.12;

/** Runs that ended at (nearly) the same point. */
export interface RunGroup {
  readonly runs: readonly number[];
  /** The mean end point. */
  readonly end: Float64Array;
  /** Whether the runs converged (else they stopped by budget or stalled, near each other). */
  readonly converged: boolean;
  readonly label: string;
  readonly fieldColor: string;
  readonly lineColor: string;
}

/** What a figure draws and what it leaves out. */
export interface FigurePlan {
  readonly groups: readonly RunGroup[];
  /** Diverged runs (never drawn) and runs of groups beyond the legend's rows. */
  readonly diverged: number;
  readonly hidden: number;
}

/** How much farther apart the ends of non-converged runs in one group may be (they are still moving). */
export const LOOSE_FACTOR = 5;

/**
 * Groups converged runs by final point (within `radius`, Euclidean over all variables)
 * and non-converged ones within LOOSE_FACTOR·radius (a noisy run hovering in a well
 * ends somewhere in it); largest groups first, while legend rows remain.
 */
export function planFigure(runs: readonly NamedRun[], radius: number, reservedRows = 0): FigurePlan {
  const converged: { runs: number[]; sum: Float64Array }[] = [];
  const loose: { runs: number[]; sum: Float64Array }[] = [];
  let diverged = 0;
  runs.forEach((r, i) => {
    if (r.status === 'diverged' || !Array.from(r.x).every(Number.isFinite)) {
      diverged++;
      return;
    }
    const ok = r.status === 'converged';
    const pool = ok ? converged : loose;
    const within = ok ? radius : LOOSE_FACTOR * radius;
    const g = pool.find((g) => distance(g.sum, g.runs.length, r.x) <= within);
    if (g) {
      g.runs.push(i);
      r.x.forEach((v, j) => (g.sum[j]! += v));
    } else pool.push({ runs: [i], sum: Float64Array.from(r.x) });
  });
  // Largest first (a group of one is the first to be left out), converged before not on ties.
  const ordered = [...converged.map((g) => ({ ...g, ok: true })), ...loose.map((g) => ({ ...g, ok: false }))].sort((a, b) => b.runs.length - a.runs.length || Number(b.ok) - Number(a.ok));
  const rows = Math.max(1, MAX_LEGEND_ROWS - reservedRows);
  const kept = ordered.slice(0, rows);
  const hidden = ordered.slice(rows).reduce((s, g) => s + g.runs.length, 0);
  const groups = kept.map((g, k) => {
    const end = g.sum.map((v) => v / g.runs.length);
    const n = g.runs.length;
    const where = Array.from(end, (v) => fmt(Math.abs(v) < radius / 10 ? 0 : v)).join(', ');
    const label = g.ok ? `${n} run${n === 1 ? '' : 's'} → (${where})` : `${n} run${n === 1 ? '' : 's'} near (${where}), not converged`;
    return { runs: g.runs, end, converged: g.ok, label, fieldColor: FIELD_COLORS[k % FIELD_COLORS.length]!, lineColor: LINE_COLORS[k % LINE_COLORS.length]! };
  });
  return { groups, diverged, hidden };
}

function distance(sum: Float64Array, n: number, x: Float64Array): number {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += (sum[j]! / n - x[j]!) ** 2;
  return Math.sqrt(s);
}

function fmt(v: number): string {
  const r = Number(v.toPrecision(3));
  return Object.is(r, -0) ? '0' : String(r);
}

/** The title's note on what is not drawn, or ''. */
function notes(plan: FigurePlan): string {
  const parts: string[] = [];
  if (plan.diverged > 0) parts.push(`${plan.diverged} diverged`);
  if (plan.hidden > 0) parts.push(`${plan.hidden} more not drawn`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * Drops points closer than `minStep` to the last kept one, then, if more than
 * `maxPoints` remain, keeps every k-th (always the first and the last).
 */
export function thin(points: readonly (readonly [number, number])[], minStep: number, maxPoints = MAX_POINTS_PER_RUN): [number, number][] {
  if (points.length <= 2) return points.map((p) => [p[0], p[1]]);
  let out: [number, number][] = [[points[0]![0], points[0]![1]]];
  for (let i = 1; i < points.length - 1; i++) {
    const [px, py] = out[out.length - 1]!;
    const p = points[i]!;
    if (Math.hypot(p[0] - px, p[1] - py) >= minStep) out.push([p[0], p[1]]);
  }
  const last = points[points.length - 1]!;
  out.push([last[0], last[1]]);
  if (out.length > maxPoints) {
    const k = Math.ceil(out.length / maxPoints);
    out = out.filter((_, i) => i % k === 0 || i === out.length - 1);
  }
  return out;
}

function path2d(run: NamedRun, d: number): [number, number][] {
  const t = run.trajectory;
  if (!t) return [[run.x[0]!, run.x[1]!]];
  return Array.from({ length: t.values.length }, (_, k) => [t.points[k * d]!, t.points[k * d + 1]!] as [number, number]);
}

/** Options of `landscapeFigure`. */
export interface LandscapeFigure {
  /** The objective as the user wrote it, at (x, y). */
  readonly f: (x: number, y: number) => number;
  readonly runs: readonly NamedRun[];
  /** Number of variables (2: the figure is of the whole problem). */
  readonly dimension: number;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly title: string;
  readonly valueLabel?: string;
  readonly xRange?: readonly [number, number];
  readonly yRange?: readonly [number, number];
  /** The feasible set's parts (from the projection), drawn as their boundaries. */
  readonly feasible?: readonly ProjectionPart[];
  readonly resolution?: number;
  /** Colour scale of the landscape (default 'auto': logarithmic for a skewed nonnegative field spanning decades). */
  readonly colorScale?: 'linear' | 'log' | 'auto';
}

/** The landscape as a heat map with contours, the runs' trajectories, and the feasible set's boundary. */
export function landscapeFigure(o: LandscapeFigure): string {
  if (o.dimension !== 2) throw new RangeError(`a landscape picture needs 2 variables, the problem has ${o.dimension}`);
  const [xRange, yRange] = o.xRange && o.yRange ? [o.xRange, o.yRange] : autoRange(o.runs);
  const span = Math.hypot(xRange[1] - xRange[0], yRange[1] - yRange[0]);
  const boundaries = (o.feasible ?? []).flatMap((c) => boundaryOverlays(c, xRange, yRange));
  const plan = planFigure(o.runs, 0.01 * span, boundaries.length);
  const minStep = span / 500;
  const drawn = drawnRuns(plan.groups.map((g) => g.runs.filter((i) => o.runs[i]!.trajectory)));
  const total = drawn.reduce((s, d) => s + d.length, 0);
  const perRun = Math.max(MIN_POINTS_PER_RUN, Math.min(MAX_POINTS_PER_RUN, Math.floor(MAX_POINTS_TOTAL / Math.max(1, total))));
  const opacity = runOpacity(total);
  const overlays: Overlay[] = [...boundaries];
  plan.groups.forEach((g, k) => {
    const paths = drawn[k]!.map((i) => thin(path2d(o.runs[i]!, o.dimension), minStep, perRun));
    // A group without trajectories (runs given as end points only) still marks where it ends.
    overlays.push(paths.length > 0 ? { name: g.label, paths, color: g.fieldColor, opacity } : { name: g.label, points: [[g.end[0]!, g.end[1]!]], color: g.fieldColor });
  });
  const withPaths = plan.groups.reduce((s, g) => s + g.runs.filter((i) => o.runs[i]!.trajectory).length, 0);
  const note = total < withPaths ? `○ start   ● end; ${total} of ${withPaths} trajectories drawn, evenly over the groups` : undefined;
  return fieldPlot({
    f: o.f,
    xRange,
    yRange,
    resolution: o.resolution ?? 120,
    title: o.title + notes(plan),
    xLabel: o.xLabel,
    yLabel: o.yLabel,
    valueLabel: o.valueLabel ?? 'objective',
    contours: 12,
    overlays,
    ...(note ? { legendNote: note } : {}),
    ...(o.colorScale ? { colorScale: o.colorScale } : {}),
  });
}

/**
 * Which runs of each group to draw: all when there are at most MAX_DRAWN_RUNS, else a
 * share proportional to the group's size (at least one each), evenly spaced in the group.
 */
export function drawnRuns(groups: readonly (readonly number[])[]): number[][] {
  const n = groups.reduce((s, g) => s + g.length, 0);
  if (n <= MAX_DRAWN_RUNS) return groups.map((g) => [...g]);
  return groups.map((g) => {
    const keep = Math.min(g.length, Math.max(1, Math.floor((g.length * MAX_DRAWN_RUNS) / n)));
    return Array.from({ length: keep }, (_, k) => g[Math.floor((k * g.length) / keep)]!);
  });
}

/** Opacity of each of n drawn trajectories: opaque up to OPAQUE_RUNS, then falling as 1/sqrt(n). */
export function runOpacity(n: number): number {
  return n <= OPAQUE_RUNS ? 1 : Math.max(MIN_OPACITY, Math.sqrt(OPAQUE_RUNS / n));
}

/** A window around the starts and the finite end points, padded by 10% (at least 0.5). */
function autoRange(runs: readonly NamedRun[]): [[number, number], [number, number]] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const r of runs) {
    if (r.trajectory) {
      xs.push(r.trajectory.points[0]!);
      ys.push(r.trajectory.points[1]!);
    }
    if (r.status !== 'diverged') {
      xs.push(r.x[0]!);
      ys.push(r.x[1]!);
    }
  }
  const range = (v: number[]): [number, number] => {
    const finite = v.filter(Number.isFinite);
    if (finite.length === 0) return [-1, 1];
    const lo = Math.min(...finite);
    const hi = Math.max(...finite);
    const pad = Math.max(0.1 * (hi - lo), 0.5);
    return [lo - pad, hi + pad];
  };
  return [range(xs), range(ys)];
}

/** The boundary of one part of the feasible set, when it lives in the (x, y) plane. */
function boundaryOverlays(part: ProjectionPart, xr: readonly [number, number], yr: readonly [number, number]): Overlay[] {
  const color = '#ffffff';
  const at = (c: number) => part.coords.indexOf(c);
  switch (part.kind) {
    case 'sphere':
    case 'ball': {
      if (part.coords.length !== 2) return [];
      const [cx, cy] = [part.center[at(0)]!, part.center[at(1)]!];
      const pts = Array.from({ length: 181 }, (_, k) => {
        const t = (2 * Math.PI * k) / 180;
        return [cx + part.radius * Math.cos(t), cy + part.radius * Math.sin(t)] as [number, number];
      });
      return [{ name: part.kind === 'sphere' ? 'feasible set (circle)' : 'feasible set (disc boundary)', points: pts, color, ends: false }];
    }
    case 'box': {
      // Infinite sides are drawn just outside the window (the plot clips them).
      const side = (c: number, which: 'lower' | 'upper', r: readonly [number, number]) => {
        const i = at(c);
        const v = i < 0 ? (which === 'lower' ? -Infinity : Infinity) : part[which][i]!;
        return Math.min(r[1] + 1, Math.max(r[0] - 1, v));
      };
      const [x0, x1, y0, y1] = [side(0, 'lower', xr), side(0, 'upper', xr), side(1, 'lower', yr), side(1, 'upper', yr)];
      return [{ name: 'feasible set (box)', points: [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]], color, ends: false }];
    }
    case 'simplex': {
      if (part.coords.length !== 2) return [];
      const [l0, l1] = [part.lower[at(0)]!, part.lower[at(1)]!];
      return [{ name: 'feasible set (segment)', points: [[l0, part.total - l0], [part.total - l1, l1]], color, ends: false }];
    }
    case 'hyperplane':
    case 'halfspace': {
      if (part.coords.length !== 2) return [];
      const [a, b] = [part.normal[at(0)]!, part.normal[at(1)]!];
      const c = part.offset;
      const pts: [number, number][] =
        Math.abs(b) >= Math.abs(a) ? [xr[0] - 1, xr[1] + 1].map((x) => [x, (c - a * x) / b] as [number, number]) : [yr[0] - 1, yr[1] + 1].map((y) => [(c - b * y) / a, y] as [number, number]);
      return [{ name: part.kind === 'hyperplane' ? 'feasible set (line)' : 'feasible half-plane (boundary)', points: pts, color, ends: false }];
    }
  }
}

/** Options of `lossFigure`. */
export interface LossFigure {
  readonly runs: readonly NamedRun[];
  readonly title: string;
  readonly yLabel?: string;
  /** Radius within which converged runs count as ending at the same point (use the landscape's: 1% of its diagonal). */
  readonly radius?: number;
  /** Logarithmic y axis: true, false, or 'auto' (default: every value positive and spanning more than two decades). */
  readonly logY?: boolean | 'auto';
}

/**
 * Loss against iteration: the mean of each group of runs that ended at the same point
 * (the landscape's colours; dashed for converged groups, solid for groups stopped by
 * the budget) and the mean over all finite runs (black), drawn once when one group
 * holds every run; the y axis says "mean", the legend rows name the groups. A run that stopped early keeps its last value, as the
 * notebook's batched runs do; long runs are averaged over windows of iterations, so an
 * oscillating run shows as its running level rather than as aliasing.
 */
export function lossFigure(o: LossFigure): string {
  const finite = o.runs.map((_, i) => i).filter((i) => o.runs[i]!.trajectory && o.runs[i]!.status !== 'diverged');
  const length = Math.max(1, ...finite.map((i) => o.runs[i]!.trajectory!.values.length));
  const buckets = Math.min(length, 300);
  const curve = (idx: readonly number[]): [number, number][] => {
    const pts: [number, number][] = [];
    for (let b = 0; b < buckets; b++) {
      const k0 = Math.floor((b * length) / buckets);
      const k1 = Math.max(k0 + 1, Math.floor(((b + 1) * length) / buckets));
      let s = 0;
      for (const i of idx) {
        const v = o.runs[i]!.trajectory!.values;
        for (let k = k0; k < k1; k++) s += v[Math.min(k, v.length - 1)]!;
      }
      pts.push([k0, s / (idx.length * (k1 - k0))]);
    }
    return pts;
  };
  const radius = o.radius ?? defaultRadius(o.runs);
  const plan = planFigure(o.runs, radius, 1);
  const series: Series[] = [];
  const groups = plan.groups.map((g) => ({ g, idx: g.runs.filter((i) => o.runs[i]!.trajectory) })).filter((e) => e.idx.length > 0);
  if (finite.length === 1) series.push({ name: o.runs.length === 1 ? 'objective' : `run ${finite[0]! + 1}`, points: curve(finite), color: '#000000' });
  else if (groups.length === 1 && groups[0]!.idx.length === finite.length) {
    // One group holds every run: its mean is the overall mean, drawn once.
    series.push({ name: groups[0]!.g.label, points: curve(finite), color: '#000000' });
  } else if (finite.length > 1) {
    for (const { g, idx } of groups) series.push({ name: g.label, points: curve(idx), color: g.lineColor, dashed: g.converged });
    series.push({ name: `all ${finite.length} runs`, points: curve(finite), color: '#000000' });
  }
  const values = series.flatMap((s) => s.points.map((p) => p[1]));
  const positive = values.length > 0 && values.every((v) => v > 0);
  const spread = positive ? Math.log10(Math.max(...values) / Math.min(...values)) : 0;
  const logY = o.logY === 'auto' || o.logY === undefined ? positive && spread > 2 : o.logY && positive;
  const yLabel = o.yLabel ?? 'objective';
  // Each curve is a mean over its runs: the axis says so once instead of every legend row.
  return linePlot({ series, xLabel: 'iteration', yLabel: finite.length > 1 ? `mean ${yLabel}` : yLabel, title: o.title + notes(plan), logY });
}

/** 1% of the spread of the finite end points (at least 1e-6). */
export function defaultRadius(runs: readonly NamedRun[]): number {
  const ends = runs.filter((r) => r.status !== 'diverged').map((r) => r.x);
  if (ends.length === 0) return 1e-6;
  let s = 0;
  const d = ends[0]!.length;
  for (let j = 0; j < d; j++) {
    const v = ends.map((x) => x[j]!).filter(Number.isFinite);
    if (v.length) s += (Math.max(...v) - Math.min(...v)) ** 2;
  }
  return Math.max(1e-6, 0.01 * Math.sqrt(s));
}

/**
 * The files of one figure: the SVG and, beside it, a PNG of the same picture (a path
 * ending in .png gets the PNG only). Written by the CLI's staged writer, all or none.
 */
export function figureFiles(path: string, option: string, svg: string): OutputFile[] {
  if (/\.png$/i.test(path)) return [{ path, option, text: svgToPng(svg) }];
  const png = /\.svg$/i.test(path) ? path.replace(/\.svg$/i, '.png') : `${path}.png`;
  return [
    { path, option, text: svg },
    { path: png, option, text: svgToPng(svg) },
  ];
}
