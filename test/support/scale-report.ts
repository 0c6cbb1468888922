/**
 * Turns one run of test/compile-scale.bench.ts into the ratio tables of
 * docs/benchmarks.md ("Compiled code at scale"):
 *
 *   npx vitest bench --run test/compile-scale.bench.ts --outputJson bench-scale.json
 *   npx tsx test/support/scale-report.ts bench-scale.json bench-scale-sympy.json
 *
 * Medians per call (group titles end in [xK]: K calls per sample) and per point for the
 * batch groups ("batch of P points"). SymPy's times come from the same run (the bench
 * writes them before measuring anything).
 */
import { readFileSync } from 'node:fs';

interface Bench {
  readonly name: string;
  readonly median: number;
}
interface Report {
  readonly files: readonly { readonly groups: readonly { readonly fullName: string; readonly benchmarks: readonly Bench[] }[] }[];
}
type PyTimes = { one_us: number; batch_per_point_us: number; build_s: number };
interface Sympy {
  readonly sympy?: string;
  readonly numpy?: string;
  readonly python?: string;
  readonly skipped?: string;
  readonly problems: readonly { name: string; f?: PyTimes; fg?: PyTimes }[];
}

const [benchFile, sympyFile] = process.argv.slice(2);
if (!benchFile || !sympyFile) {
  console.error('usage: npx tsx test/support/scale-report.ts <bench-scale.json> <bench-scale-sympy.json>');
  process.exit(2);
}
const report = JSON.parse(readFileSync(benchFile, 'utf8')) as Report;
const sympy = JSON.parse(readFileSync(sympyFile, 'utf8')) as Sympy;

/** µs per call (or per point), by group key and bench name. */
const times = new Map<string, Map<string, number>>();
for (const f of report.files) {
  for (const g of f.groups) {
    const title = g.fullName.split(' > ').slice(1).join(' > ');
    const reps = Number(/\[x(\d+)\]$/.exec(title)?.[1] ?? 1);
    const points = Number(/batch of (\d+) points/.exec(title)?.[1] ?? 1);
    const key = title.replace(/\s*\[x\d+\]$/, '').replace(/ of \d+ points/, '');
    times.set(key, new Map(g.benchmarks.map((b) => [b.name, (b.median * 1000) / reps / points])));
  }
}
const t = (group: string, name: string): number | undefined => times.get(group)?.get(name);
const py = (name: string): { f?: PyTimes; fg?: PyTimes } | undefined => sympy.problems.find((p) => p.name === name);
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? '—' : (a / b).toFixed(2));
const fmt = (us: number | undefined): string =>
  us === undefined ? '—' : us < 1 ? `${(us * 1000).toFixed(0)} ns` : us < 1000 ? `${us.toFixed(us < 10 ? 2 : 1)} µs` : `${(us / 1000).toFixed(2)} ms`;

const problems = [...times.keys()].filter((k) => / f$/.test(k)).map((k) => k.replace(/ f$/, ''));
const label = (p: string): string => (p === 'wells' ? "seed 004's wells" : p.replace(/^rosenbrock (\d+)$/, 'Rosenbrock n = $1'));
const pyName = (p: string): string => p;

const ratios = [
  '| problem | f: compiled / hand | f+∇f: compiled / hand | batch f: compiled / hand | batch f+∇f: compiled / hand | SymPy / ours, f per point | SymPy / ours, f+∇f per point | SymPy / ours, f batched | SymPy / ours, f+∇f batched |',
  '|---|---|---|---|---|---|---|---|---|',
];
const medians = [
  '| problem | f compiled | f hand | f+∇f compiled | f+∇f hand | batch f compiled, per point | batch f+∇f compiled, per point | SymPy f | SymPy f+∇f | SymPy f batched, per point | SymPy f+∇f batched, per point |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
];
for (const p of problems) {
  const s = py(pyName(p));
  const f = t(`${p} f`, 'compiled');
  const fg = t(`${p} f+grad`, 'compiled');
  const bf = t(`${p} batch`, 'compiled f');
  const bfg = t(`${p} batch`, 'compiled f+grad');
  ratios.push(
    `| ${label(p)} | ${ratio(f, t(`${p} f`, 'hand-written'))} | ${ratio(fg, t(`${p} f+grad`, 'hand-written'))} | ${ratio(bf, t(`${p} batch`, 'hand-written f'))} | ${ratio(bfg, t(`${p} batch`, 'hand-written f+grad'))} | ${ratio(s?.f?.one_us, f)} | ${ratio(s?.fg?.one_us, fg)} | ${ratio(s?.f?.batch_per_point_us, bf)} | ${ratio(s?.fg?.batch_per_point_us, bfg)} |`,
  );
  medians.push(
    `| ${label(p)} | ${fmt(f)} | ${fmt(t(`${p} f`, 'hand-written'))} | ${fmt(fg)} | ${fmt(t(`${p} f+grad`, 'hand-written'))} | ${fmt(bf)} | ${fmt(bfg)} | ${fmt(s?.f?.one_us)} | ${fmt(s?.fg?.one_us)} | ${fmt(s?.f?.batch_per_point_us)} | ${fmt(s?.fg?.batch_per_point_us)} |`,
  );
}
const note = sympy.skipped ? `SymPy baseline skipped: ${sympy.skipped}` : `SymPy ${sympy.sympy}, NumPy ${sympy.numpy} (${sympy.python})`;
const builds = sympy.problems.map((p) => `${p.name}: f ${p.f?.build_s.toFixed(1) ?? '—'} s${p.fg ? `, f+∇f ${p.fg.build_s.toFixed(1)} s` : ''}`).join('; ');
console.log([note, '', ...ratios, '', ...medians, '', `SymPy build + lambdify time: ${builds}`].join('\n'));
