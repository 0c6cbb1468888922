/**
 * `lagrangian solve --json` in-process on every problem of the problem set
 * (test/problems/*.json): the whole pipeline (parse, KKT enumeration and solving,
 * verification, classification, global decision, sensitivities, JSON). The medians
 * per problem in docs/benchmarks.md come from `npx tsx scripts/bench-solve.ts`, which
 * times the same calls.
 *
 * Run: npx vitest bench --run test/solve.bench.ts
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { problemOnly } from './problems/problem-set.js';

const DIR = new URL('./problems/', import.meta.url).pathname;
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

describe('lagrangian solve --json, problem set', () => {
  for (const f of FILES) {
    bench(f.replace(/\.json$/, ''), async () => {
      const r = await runCli(['solve', problemOnly(join(DIR, f)), '--json']);
      if (r.code > 1) throw new Error(`${f}: exit ${r.code}: ${r.stderr}`);
    }, { iterations: 5, time: 0, warmupIterations: 1 });
  }
});
