/**
 * Median wall time of `lagrangian solve --json` (in-process, after one warm-up run) on
 * each problem of test/problems, as a Markdown table for docs/benchmarks.md.
 *
 * Run: npx tsx scripts/bench-solve.ts [RUNS]   (default 7 runs per problem)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../src/cli/main.js';
import { problemOnly } from '../test/problems/problem-set.js';

const DIR = new URL('../test/problems/', import.meta.url).pathname;
const runs = Number(process.argv[2] ?? 7);
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const rows: string[] = [];
const all: number[] = [];
for (const f of files) {
  const source = join(DIR, f);
  const path = problemOnly(source);
  await runCli(['solve', path, '--json']); // warm-up
  const times: number[] = [];
  let out: { status: string; certificate: string; solutions: { exact: boolean }[] } | undefined;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await runCli(['solve', path, '--json']);
    times.push(performance.now() - t);
    out = JSON.parse(r.stdout);
  }
  const m = median(times);
  all.push(m);
  const exact = out!.solutions.length ? (out!.solutions.every((s) => s.exact) ? 'exact' : 'numeric') : '-';
  const vars = (JSON.parse(readFileSync(source, 'utf8')) as { variables: string[] }).variables.length;
  rows.push(`| ${f.replace(/\.json$/, '')} | ${vars} | ${out!.status} | ${out!.certificate} | ${exact} | ${m.toFixed(1)} |`);
}
console.log(`| problem | variables | status | certificate | solutions | median ms |`);
console.log(`|---|---|---|---|---|---|`);
for (const r of rows) console.log(r);
console.log(`\nmedian over problems: ${median(all).toFixed(1)} ms; max ${Math.max(...all).toFixed(1)} ms; ${runs} runs each`);
