/**
 * `lagrangian diff` over thousands of variables. The command listed the names of all n^2
 * second derivatives (for messages and the width of the report) even without --hessian:
 * 25 M strings and 2.7 GB at n = 5,000. Names are now made when asked for; the test
 * counts them. Values are checked against the derivatives worked out by hand.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { manyVarNames, manyVarsHand, manyVarsText } from '../support/many-vars.js';
import { oneJson } from './helpers.js';

// Count the second-derivative names made.
const named = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/document/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/document/index.js')>();
  return {
    ...real,
    secondDerivativeName: (...args: Parameters<typeof real.secondDerivativeName>) => {
      named.count++;
      return real.secondDerivativeName(...args);
    },
  };
});
afterEach(() => void (named.count = 0));

const dir = mkdtempSync(join(tmpdir(), 'lagrangian-many-vars-'));
const n = 2000;
const exprFile = join(dir, 'chain.txt');
writeFileSync(exprFile, manyVarsText('chain', n));
const names = manyVarNames(n);
const x = (i: number): number => i / n;
const at = names.map((name, i) => `${name}=${i + 1}/${n}`).join(',');

describe('diff over 2,000 variables', () => {
  it('--json: makes no second-derivative name without --hessian; values by hand', async () => {
    const r = await runCli(['diff', '--expr-file', exprFile, '--wrt', names.join(','), '--at', at, '--json']);
    expect(r.code).toBe(0);
    expect(named.count).toBe(0); // was n^2 = 4,000,000
    const j = oneJson(r.stdout);
    expect(j.wrt).toHaveLength(n);
    for (const k of [1, 2, 3, 1000, n - 1, n]) expect(j.derivatives[`x${k}`].value).toBeCloseTo(manyVarsHand.chain(x, k, n), 12);
    // k = 1: 2(x1 - x2) + cos(x1) x3, the text as derived by hand.
    expect(j.derivatives.x1.text).toBe('2*x1 - 2*x2 + x3*cos(x1)');
  });

  it('the text report: one line per derivative, aligned to the longest name, none of the n^2 names made', async () => {
    const r = await runCli(['diff', '--expr-file', exprFile, '--wrt', names.join(','), '--at', at]);
    expect(r.code).toBe(0);
    expect(named.count).toBe(0);
    const lines = r.stdout.split('\n');
    // The widest label is df/dx1000 (9 characters): df/dx1 is padded to it.
    expect(lines.some((l) => l.startsWith(`  ${'df/dx1'.padEnd(9)} = 2*x1`))).toBe(true);
    expect(lines.filter((l) => l.startsWith('  df/dx')).length).toBe(2 * n); // the gradient and its values
  });

  it('with --hessian the names are made for the report (a small case: n = 3, each entry of the triangle once)', async () => {
    const r = await runCli(['diff', 'x*y*z', '--wrt', 'x,y,z', '--hessian', '--at', 'x=1,y=2,z=3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  d2f/dx dy = z');
    expect(r.stdout).toContain('  d2f/dx dy = 3');
    expect(named.count).toBeGreaterThan(0);
  });
});
