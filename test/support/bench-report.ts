/**
 * Turns a `vitest bench --outputJson` file into the tables of docs/benchmarks.md:
 * per-call medians and the ratios against the goals, all from that one run.
 *
 *   npx vitest bench --run test/compile.bench.ts --outputJson bench-compile.json
 *   npx tsx test/support/bench-report.ts bench-compile.json
 *
 * Group names end in `[xK]`: each sample ran the function K times; times are divided by K.
 * Medians, not means: the machine is shared, and a few preempted samples move the mean.
 */
import { readFileSync } from 'node:fs';

interface Bench {
  readonly name: string;
  readonly median: number;
  readonly mean: number;
  readonly rme: number;
  readonly sampleCount: number;
}
interface Group {
  readonly fullName: string;
  readonly benchmarks: readonly Bench[];
}
interface Report {
  readonly files: readonly { readonly groups: readonly Group[] }[];
}

const file = process.argv[2];
if (!file) {
  console.error('usage: npx tsx test/support/bench-report.ts <vitest-bench-output.json>');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8')) as Report;

/** Per-call median time in microseconds, by group title (without the [xK]) and bench name. */
const times = new Map<string, Map<string, number>>();
const lines: string[] = ['| group | bench | per call | samples | ±rme |', '|---|---|---|---|---|'];
for (const f of report.files) {
  for (const g of f.groups) {
    const title = g.fullName.split(' > ').slice(1).join(' > ');
    const m = /\[x(\d+)\]$/.exec(title);
    const reps = m ? Number(m[1]) : 1;
    const key = title.replace(/\s*\[x\d+\]$/, '');
    const row = new Map<string, number>();
    for (const b of g.benchmarks) {
      const us = (b.median * 1000) / reps;
      row.set(b.name, us);
      lines.push(`| ${key} | ${b.name} | ${fmt(us)} | ${b.sampleCount} | ${b.rme.toFixed(0)}% |`);
    }
    times.set(key, row);
  }
}

function fmt(us: number): string {
  if (us < 1) return `${(us * 1000).toFixed(0)} ns`;
  if (us < 1000) return `${us.toFixed(us < 10 ? 2 : 1)} µs`;
  return `${(us / 1000).toFixed(us < 1e4 ? 2 : 1)} ms`;
}
const get = (group: string, name: string): number | undefined => times.get(group)?.get(name);
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}`);
const verdict = (r: string, ok: (v: number) => boolean): string => (r === '—' ? '' : ok(Number(r)) ? ' ✓' : ' ✗');

const problems: [string, string][] = [
  ['wells', 'seed 004 wells (2-D, 8 wells)'],
  ['rosenbrock 10', 'Rosenbrock n = 10'],
  ['rosenbrock 100', 'Rosenbrock n = 100'],
  ['rosenbrock 1000', 'Rosenbrock n = 1000'],
];
const out: string[] = [
  '| problem | f: compiled / hand | f+∇f: compiled / hand | f+∇f / f (compiled) | mathjs / compiled, f | mathjs / compiled, f+∇f |',
  '|---|---|---|---|---|---|',
];
for (const [key, label] of problems) {
  const f = `${key} f`;
  const fg = `${key} f+grad`;
  const r1 = ratio(get(f, 'compiled'), get(f, 'hand-written'));
  const r2 = ratio(get(fg, 'compiled'), get(fg, 'hand-written'));
  const r3 = ratio(get(fg, 'compiled'), get(f, 'compiled'));
  const r4 = ratio(get(f, 'mathjs'), get(f, 'compiled'));
  const r5 = ratio(get(fg, 'mathjs'), get(fg, 'compiled'));
  out.push(
    `| ${label} | ${r1}${verdict(r1, (v) => v <= 1.5)} | ${r2} | ${r3}${verdict(r3, (v) => v <= 3)} | ${r4}${verdict(r4, (v) => v >= 20)} | ${r5}${verdict(r5, (v) => v >= 20)} |`,
  );
}
const batch = ratio(get('wells f batch 1000', 'compiled'), get('wells f batch 1000', 'hand-written'));
console.log('Ratios (per-call medians of one run; ✓/✗ against the goals: f ≤ 1.5x hand, f+∇f ≤ 3x f, mathjs ≥ 20x):\n');
console.log(out.join('\n'));
console.log(`\nBatched wells f, 1000 points per call: compiled / hand-written loop = ${batch}.\n`);
console.log('Per-call medians:\n');
console.log(lines.join('\n'));
