/**
 * Batched compiled f (and the wells' f+∇f) against SymPy `lambdify(cse=True)` over NumPy,
 * per point, in one run: SymPy first (a child process, test/support/sympy_baseline.py,
 * Debian's python3-sympy and python3-numpy), then ours over the same number of points,
 * with the default batch (WebAssembly where the program has a vector form) and with the
 * JS batch (`batchBackend: 'js'`), each timed twice, alternating, best of the two medians;
 * wall clock and process CPU time (both sides), since other jobs on a shared machine
 * move wall-clock figures by up to 10x.
 * Chained Rosenbrock for the sizes on the command line (default 10 100 1000) and seed
 * 004's wells; batches of min(10⁵, 10⁷/n) points. SymPy 1.11-1.14 cannot lambdify the
 * n = 10⁴ Rosenbrock f (Python's compiler: "maximum recursion depth exceeded"), so a size
 * SymPy fails on is reported as such, and ours is still timed.
 *
 *   npx tsx test/compile-batch-sympy.ts 10 100 1000 10000
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { compile, compileGradient, type CompileOptions } from '../src/compile/index.js';
import { rosenbrock } from '../src/optimize/index.js';
import { WELL_CENTERS, WELL_WEIGHTS, WELL_WIDTHS, wellsExpr } from './support/wells-004.js';

const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [10, 100, 1000];
const pointsFor = (n: number): number => Math.min(100_000, Math.round(1e7 / n));
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
type PyTimes = { batch_per_point_us: number; batch_cpu_per_point_us?: number };

/** SymPy's per-point batch time for one problem, or why there is none. */
function sympy(problem: object): { f?: PyTimes; fg?: PyTimes } | string {
  try {
    const text = execFileSync(python, ['test/support/sympy_baseline.py'], { input: JSON.stringify({ budget: 600, problems: [problem] }), encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['pipe', 'pipe', 'pipe'] });
    return (JSON.parse(text) as { problems: { f?: PyTimes; fg?: PyTimes }[] }).problems[0]!;
  } catch (err) {
    const lines = String((err as { stderr?: string }).stderr ?? (err as Error).message).trim().split('\n');
    return lines[lines.length - 1]!;
  }
}
/** Median milliseconds of one call, wall clock and process CPU time (other jobs on a shared machine move the first by up to 10x). */
function median(fn: () => void, rounds = 7): { wall: number; cpu: number } {
  for (let r = 0; r < 3; r++) fn(); // WebAssembly tiers up from Liftoff to TurboFan in the background meanwhile
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    fn();
    const d = process.cpuUsage(c);
    wall.push(performance.now() - t);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall: wall.sort((a, b) => a - b)[rounds >> 1]!, cpu: cpu.sort((a, b) => a - b)[rounds >> 1]! };
}
const fmt = (us: number | undefined): string => (us === undefined ? '—' : us < 1 ? `${(us * 1000).toFixed(0)} ns` : `${us.toFixed(2)} µs`);
type Ours = { wall: number; cpu: number; jsWall: number; jsCpu: number; backend: string };
const row = (name: string, ours: Ours, theirs: PyTimes | undefined | string): void => {
  const t = typeof theirs === 'string' || theirs === undefined ? undefined : theirs;
  const ratio = (a: number | undefined, b: number): string => (a === undefined ? '—' : (a / b).toFixed(2));
  const sympyText = t === undefined ? `— (${theirs ?? 'not run'})` : fmt(t.batch_per_point_us);
  console.log(`| ${name} | ${fmt(ours.wall)} | ${fmt(ours.jsWall)} | ${sympyText} | ${ratio(t?.batch_per_point_us, ours.wall)} | ${fmt(ours.cpu)} | ${fmt(ours.jsCpu)} | ${fmt(t?.batch_cpu_per_point_us)} | ${ratio(t?.batch_cpu_per_point_us, ours.cpu)} |`);
};
/** Ours per point (µs), and the same with the JS batch (`batchBackend: 'js'`, the path before the WebAssembly kernel); each timed twice, alternating, the better median kept. */
function both(make: (o: CompileOptions) => { evaluateBatch(x: Float64Array, n: number, out: Float64Array): Float64Array; batchBackend: string }, X: Float64Array, P: number, out: Float64Array): Ours {
  const f = make({});
  const j = make({ batchBackend: 'js' });
  const runs = [median(() => f.evaluateBatch(X, P, out)), median(() => j.evaluateBatch(X, P, out)), median(() => f.evaluateBatch(X, P, out)), median(() => j.evaluateBatch(X, P, out))];
  const per = (ms: number): number => (ms * 1000) / P;
  return {
    wall: per(Math.min(runs[0]!.wall, runs[2]!.wall)),
    cpu: per(Math.min(runs[0]!.cpu, runs[2]!.cpu)),
    jsWall: per(Math.min(runs[1]!.wall, runs[3]!.wall)),
    jsCpu: per(Math.min(runs[1]!.cpu, runs[3]!.cpu)),
    backend: f.batchBackend,
  };
}

console.log('| problem | ours, per point | ours with the JS batch | SymPy + NumPy, per point | SymPy / ours | ours, CPU per point | JS batch, CPU | NumPy, CPU | SymPy / ours, CPU |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const n of sizes) {
  const P = pointsFor(n);
  const theirs = sympy({ name: `rosenbrock ${n}`, kind: 'rosenbrock', n, points: P, grad: false });
  const { expression, variables } = rosenbrock(n);
  const X = new Float64Array(P * n);
  for (let r = 0; r < P; r++) for (let i = 0; i < n; i++) X[r * n + i] = 0.5 + 0.4 * Math.sin(i) + 0.001 * ((r * 7919 + i) % 13);
  const out = new Float64Array(P);
  const ours = both((o) => compile(expression, variables, o), X, P, out);
  row(`Rosenbrock n = ${n}, f (${P} points, ${ours.backend})`, ours, typeof theirs === 'string' ? theirs : theirs.f);
}
{
  const P = 100_000;
  const theirs = sympy({ name: 'wells', kind: 'wells', weights: WELL_WEIGHTS, centers: WELL_CENTERS, widths: WELL_WIDTHS, points: P, grad: true });
  const e = wellsExpr();
  const X = Float64Array.from({ length: 2 * P }, (_, i) => -3 + (6 * ((i * 7919) % P)) / P);
  const f = both((o) => compile(e, ['x', 'y'], o), X, P, new Float64Array(P));
  row(`seed 004's wells, f (${P} points, ${f.backend})`, f, typeof theirs === 'string' ? theirs : theirs.f);
  const g = both((o) => compileGradient(e, ['x', 'y'], o), X, P, new Float64Array(3 * P));
  row(`seed 004's wells, f+∇f (${P} points, ${g.backend})`, g, typeof theirs === 'string' ? theirs : theirs.fg);
}
