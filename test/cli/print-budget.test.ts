/**
 * The print budget of `diff` (issue 10): the derivative of sin nested D = 10^4 deep is a
 * product of D cosines of nested sines, a tree of D(D-1)/2 + 2D + 1 = 50,015,001 nodes
 * (cos(sin^k(x)) has k + 2 nodes, k < D, plus the product) over a DAG of about 2D. Its
 * tree text would pass V8's 512 MB string limit, so it is refused before any text is
 * built (exit 1, naming the size and --cse), and with --json --cse it is printed in the
 * cse form only, whose value is the chain-rule product.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { parse } from '../../src/expr/index.js';
import { evaluate, sinChainDerivative } from '../support/expr-eval.js';

// Count the expression objects built (each prints a text and a LaTeX tree).
const printed = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/document/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/document/index.js')>();
  return {
    ...real,
    exprJson: (...args: Parameters<typeof real.exprJson>) => {
      printed.count++;
      return real.exprJson(...args);
    },
  };
});
afterEach(() => void (printed.count = 0));

const D = 10_000;
const sinChain = (depth: number): string => `${'sin('.repeat(depth)}x${')'.repeat(depth)}`;
const run = (...argv: string[]) => runCli(argv, { env: {} });


describe('diff: a tree text over the print budget', () => {
  it('prints small results as before (the counter sees them)', async () => {
    const r = await run('diff', sinChain(3), '--wrt', 'x', '--json');
    expect(r.code).toBe(0);
    expect(printed.count).toBe(2); // f and df/dx
  });

  it('refuses sin nested 10^4 deep with exit 1, the size and --cse, without printing any tree', async () => {
    const r = await run('diff', sinChain(D), '--wrt', 'x', '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('df/dx would have 50,015,001 nodes (50,025,002 in all)');
    expect(r.stderr).toContain('--cse');
    expect(JSON.parse(r.stdout).status).toBe('error');
    expect(printed.count).toBe(0);
  });

  it('refuses without --json too (--cse applies to the JSON document)', async () => {
    const r = await run('diff', sinChain(D), '--wrt', 'x', '--cse');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/over the print budget of 10,000,000 nodes/);
    expect(r.stdout).toBe('');
    expect(printed.count).toBe(0);
  });

  it('with --json --cse prints the cse form only, which parses back to the chain-rule product at x = 0.3', async () => {
    const r = await run('diff', sinChain(D), '--wrt', 'x', '--json', '--cse', '--at', 'x=0.3');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const d = doc.derivatives.x;
    expect(d.text).toBe('');
    expect(d.latex).toBe('');
    expect(d.text_omitted).toMatch(/50,015,001 nodes, over the print budget/);
    // f (10,001 nodes) is small and keeps its tree text.
    expect(doc.function.text).toBe(sinChain(D));
    expect(doc.function.text_omitted).toBeUndefined();
    const want = sinChainDerivative(D, 0.3);
    expect(Math.abs(d.value - want)).toBeLessThan(1e-12 * Math.abs(want));
    const env: Record<string, number> = { x: 0.3 };
    for (const b of d.cse.bindings as { name: string; text: string }[]) env[b.name] = evaluate(parse(b.text), env);
    const got = evaluate(parse(d.cse.text), env);
    expect(Math.abs(got - want)).toBeLessThan(1e-12 * Math.abs(want));
    // Linear in the DAG: about one binding per level, and a few characters each.
    expect(r.stdout.length).toBeLessThan(200 * D);
  });
});
