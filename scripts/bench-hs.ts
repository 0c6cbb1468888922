/**
 * The Hock–Schittkowski benchmark: `solve` (solveProblem) on every problem of
 * test/hock-schittkowski, against SciPy's SLSQP (Debian's python3-scipy) run by the same
 * script on the same files. Prints a Markdown table and a summary.
 *
 *   npx tsx scripts/bench-hs.ts [--no-scipy] [hs071 ...]
 *
 * A problem matches when the reported optimum's objective equals the published f* to
 * 1e-6 relative (|f − f*| ≤ 1e-6·max(1, |f*|)); "wrong" counts optimal answers that do
 * not match (a wrong optimum claimed).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { evaluateAt } from '../src/parameters/index.js';
import { parseProblemText } from '../src/lagrange/problem.js';
import { problemText } from '../test/problems/problem-set.js';
import { solveProblem } from '../src/lagrange/solve-problem.js';

const dir = new URL('../test/hock-schittkowski/', import.meta.url);
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const files = readdirSync(dir)
  .filter((f) => /^hs\d+\.json$/.test(f))
  .filter((f) => only.length === 0 || only.includes(f.replace('.json', '')))
  .sort();

interface Row {
  name: string;
  n: number;
  m: number;
  fstar: number;
  status: string;
  f?: number;
  exact?: boolean;
  certificate: string;
  ms: number;
  match: boolean;
  /** An optimum claimed that does not match f* and is not a feasible point below it. */
  wrong: boolean;
  /** Matches no f* but is a feasible point with a lower objective (the published value is a local optimum). */
  below: boolean;
  scipy?: { f: number | null; ms: number; match: boolean };
}

const matches = (f: number | undefined | null, fstar: number): boolean => f !== undefined && f !== null && Math.abs(f - fstar) <= 1e-6 * Math.max(1, Math.abs(fstar));

const rows: Row[] = [];
for (const file of files) {
  const text = readFileSync(new URL(file, dir), 'utf8');
  const raw = JSON.parse(text) as { expected: { objective_value: number } };
  const problem = parseProblemText(problemText(new URL(file, dir).pathname), file); // without the collection's own fields
  const t0 = performance.now();
  const r = solveProblem(problem, { sensitivities: false });
  const ms = performance.now() - t0;
  const best = r.status === 'optimal' ? r.points[r.optimum[0]!] : undefined;
  const f = best?.objectiveValue;
  const fstar = raw.expected.objective_value;
  const match = matches(f, fstar);
  let below = false;
  if (best && f !== undefined && !match && f < fstar) {
    // A lower objective than published counts only at a point that is feasible to 1e-8.
    const env = new Map(problem.variables.map((v) => [v, evaluateAt([best.values.get(v)!], new Map())[0]!] as [string, number]));
    const g = evaluateAt(problem.constraints.map((c) => c.fn), env);
    below = problem.constraints.every((c, i) => (c.kind === 'equality' ? Math.abs(g[i]!) : g[i]!) <= 1e-8);
  }
  rows.push({ name: file.replace('.json', ''), n: problem.variables.length, m: problem.constraints.length, fstar, status: r.status, f, exact: best?.exact, certificate: r.certificate, ms, match, below, wrong: r.status === 'optimal' && !match && !below });
  process.stderr.write(`${file} ${r.status} ${f} (${fstar}) ${ms.toFixed(0)} ms\n`);
}

if (!args.includes('--no-scipy')) {
  const out = execFileSync('python3', [new URL('./bench-hs-slsqp.py', import.meta.url).pathname, ...files.map((f) => new URL(f, dir).pathname)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const scipy = JSON.parse(out) as Record<string, { f: number | null; ms: number }>;
  for (const row of rows) {
    const s = scipy[row.name];
    if (s) row.scipy = { ...s, match: matches(s.f, row.fstar) };
  }
}

const fmt = (v: number | undefined | null): string => (v === undefined || v === null ? '—' : Number(v.toPrecision(10)).toString());
console.log('| problem | n | constraints | published f* | solve: status | f | exact | certificate | match | ms | SLSQP f | match | ms |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.n} | ${r.m} | ${fmt(r.fstar)} | ${r.status} | ${fmt(r.f)} | ${r.exact === undefined ? '—' : r.exact ? 'yes' : 'no'} | ${r.certificate} | ${r.match ? 'yes' : r.below ? 'below f* (feasible)' : r.wrong ? '**WRONG**' : 'no'} | ${r.ms.toFixed(0)} | ${fmt(r.scipy?.f)} | ${r.scipy ? (r.scipy.match ? 'yes' : 'no') : '—'} | ${r.scipy ? r.scipy.ms.toFixed(1) : '—'} |`,
  );
}
const matched = rows.filter((r) => r.match).length;
const wrong = rows.filter((r) => r.wrong).length;
const slowest = rows.reduce((a, b) => (b.ms > a.ms ? b : a), rows[0]!);
const total = rows.reduce((a, r) => a + r.ms, 0);
const sMatched = rows.filter((r) => r.scipy?.match).length;
const sTotal = rows.reduce((a, r) => a + (r.scipy?.ms ?? 0), 0);
console.log('');
const below = rows.filter((r) => r.below).map((r) => r.name);
console.log(`solve: ${matched} of ${rows.length} match f* (1e-6 relative); ${wrong} wrong optima claimed; feasible points below the published f*: ${below.join(', ') || 'none'}; slowest ${slowest.name} ${slowest.ms.toFixed(0)} ms; total ${(total / 1000).toFixed(1)} s; exact optima: ${rows.filter((r) => r.match && r.exact).length}`);
if (rows.some((r) => r.scipy)) console.log(`SLSQP: ${sMatched} of ${rows.length} match f*; total ${(sTotal / 1000).toFixed(1)} s`);
