/**
 * CLI start-up (issue 10 item 4): the whole process `node dist/bin/cli.js diff "x^2" --wrt x
 * --json` (the bundled binary package.json names; tsc's unbundled `dist/cli.js` too) against
 * `node -e 0` in the same run; the goal is the CLI within about 110 ms
 * of bare node (under 150 ms where node alone takes ~40 ms). Also the parser's share:
 * `node -e "import('./dist/expr/index.js')"` (the expression room alone).
 *
 *   npm run build && npx vitest bench --run test/startup.bench.ts
 *
 * Needs a built dist/ (the bench refuses to run on a stale or missing build rather than
 * measure the wrong thing). Figures and how to read them: docs/benchmarks.md, "Start-up".
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { bench, describe } from 'vitest';

const CLI = new URL('../dist/bin/cli.js', import.meta.url).pathname;
const UNBUNDLED = new URL('../dist/cli.js', import.meta.url).pathname;
if (!existsSync(CLI) || !existsSync(UNBUNDLED)) throw new Error('dist/bin/cli.js or dist/cli.js is missing: run npm run build first');
const cwd = new URL('..', import.meta.url).pathname;
const run = (args: string[]): void => void execFileSync(process.execPath, args, { cwd, stdio: 'ignore' });
const OPTIONS = { iterations: 20, warmupIterations: 2, time: 0 };

describe('start-up, whole process', () => {
  bench('node -e 0 (baseline)', () => run(['-e', '0']), OPTIONS);
  bench('lagrangian diff "x^2" --wrt x --json', () => run([CLI, 'diff', 'x^2', '--wrt', 'x', '--json']), OPTIONS);
  bench('the same, unbundled (node dist/cli.js)', () => run([UNBUNDLED, 'diff', 'x^2', '--wrt', 'x', '--json']), OPTIONS);
  bench('import the expression room (parser, IR, printers)', () => run(['--input-type=module', '-e', "await import('./dist/expr/index.js')"]), OPTIONS);
  bench('lagrangian --version (dispatch only)', () => run([CLI, '--version']), OPTIONS);
});
