/**
 * `diff` prints the small form of a derivative and, with --cse, the named-subexpression
 * form of INTERFACE.md; values come from the DAG either way.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { parse } from '../../src/expr/index.js';
import { evaluate } from '../support/expr-eval.js';

const run = (...argv: string[]) => runCli(argv, { env: {} });

/** sin(x*x + x) composed n times, as text. */
function sinSquare(n: number): string {
  let u = 'x';
  for (let i = 0; i < n; i++) u = `sin(${u}*${u} + ${u})`;
  return u;
}

describe('diff output size', () => {
  it('prints the 8-fold sin(x*x + x) derivative within 2x of SymPy (33,549 characters), value from the DAG', async () => {
    const r = await run('diff', sinSquare(8), '--wrt', 'x', '--at', 'x=0.3', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const d = doc.derivatives.x;
    expect(d.text.length).toBeLessThanOrEqual(2 * 33_549);
    // The printed text is the same derivative: its value at the point is the reported one.
    expect(Math.abs(evaluate(parse(d.text), { x: 0.3 }) - d.value)).toBeLessThan(1e-9 * (1 + Math.abs(d.value)));
    expect(d.cse).toBeUndefined();
  });

  it('adds the cse form with --cse: bindings in order, names that are not inputs, the same value', async () => {
    const r = await run('diff', 'sin(t1*x)^2 + exp(sin(t1*x)) + x*sin(t1*x)', '--wrt', 'x,t1', '--at', 'x=0.4,t1=1.3', '--json', '--cse');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    for (const obj of [doc.function, doc.derivatives.x, doc.derivatives.t1]) {
      const { bindings, text } = obj.cse as { bindings: { name: string; text: string }[]; text: string };
      expect(bindings.length).toBeGreaterThan(0);
      const env: Record<string, number> = { x: 0.4, t1: 1.3 };
      for (const b of bindings) {
        expect(['x', 't1']).not.toContain(b.name);
        env[b.name] = evaluate(parse(b.text), env); // only inputs and earlier bindings are defined
      }
      const want = evaluate(parse(obj.text), { x: 0.4, t1: 1.3 });
      expect(Math.abs(evaluate(parse(text), env) - want)).toBeLessThan(1e-12 * (1 + Math.abs(want)));
    }
    expect(Math.abs(doc.function.value - (Math.sin(0.52) ** 2 + Math.exp(Math.sin(0.52)) + 0.4 * Math.sin(0.52)))).toBeLessThan(1e-12);
  });
});
