/**
 * Differentiation and printing at size (issue 10): a sum of 10^6 terms and 10^4-deep
 * nesting differentiate and print without recursing on depth, in memory linear in the
 * input. Built with the constructors (the parser is tested at size on its own).
 */
import { describe, expect, it } from 'vitest';
import { derivative, gradient, hessian } from '../../src/diff/index.js';
import { ONE, add, mul, nodeCount, num, pow, sin, sym, toCse, toLatex, toText, type Expr } from '../../src/expr/index.js';
import { jsonLinesOf } from '../support/child-json.js';

interface Report {
  n: number;
  terms: number;
  derivative: string;
  gradientLength: number;
  gradientSample: string[];
  gradientLatex: string;
  textLength: number;
  textHead: string;
  textTail: string;
  latexLength: number;
  retained: number;
}

function bigSums(args: number[]): Promise<Report[]> {
  return jsonLinesOf<Report>('test/support/big-sum.ts', args);
}

/** Characters of `x0^2 + x1^2 + ... + x(n-1)^2`, counted from the digits of the indices. */
function sumTextLength(n: number): number {
  let digits = 0;
  for (let i = 0; i < n; i++) digits += String(i).length;
  return digits + n * 3 + (n - 1) * 3; // "x" + "^2" per term, " + " between
}

describe('a sum of 10^6 terms', () => {
  it('differentiates with respect to one variable and to all, and prints, in linear memory', async () => {
    const [small, large] = await bigSums([100_000, 1_000_000]);
    console.log(`retained per term: ${(small!.retained / small!.n).toFixed(0)} B at 10^5, ${(large!.retained / large!.n).toFixed(0)} B at 10^6`);
    for (const r of [small!, large!]) {
      expect(r.terms).toBe(r.n);
      expect(r.derivative).toBe(`2*x${r.n >> 1}`);
      expect(r.gradientLength).toBe(r.n);
      expect(r.gradientSample).toEqual(['2*x0', `2*x${r.n >> 1}`, `2*x${r.n - 1}`]);
      expect(r.gradientLatex).toBe(`2x_{${r.n - 1}}`);
      expect(r.textLength).toBe(sumTextLength(r.n));
      expect(r.textHead).toBe('x0^2 + x1^2 + x10^2 ');
      expect(r.textTail).toBe(` + x${r.n - 2}^2 + x${r.n - 1}^2`.slice(-20));
    }
    // Ten times the terms: the memory held by the sum and its gradient per term may not grow by half.
    expect(large!.retained / large!.n).toBeLessThan(1.5 * (small!.retained / small!.n));
  }, 1_800_000);
});

describe('10^4-deep nesting', () => {
  const x = sym('x');
  const y = sym('y');
  const D = 10_000;

  it('prints a chain of 10^4 functions as text and LaTeX', () => {
    let f: Expr = x;
    for (let i = 0; i < D; i++) f = sin(f);
    expect(toText(f)).toBe(`${'sin('.repeat(D)}x${')'.repeat(D)}`);
    expect(toLatex(f)).toBe(`${'\\sin\\left('.repeat(D - 1)}\\sin x${'\\right)'.repeat(D - 1)}`);
  });

  it('differentiates Horner nesting 10^4 deep by forward and reverse mode and prints the results', () => {
    // p = ((x*y + 1)*y + 1)*y + ...: dp/dx = y^D, exactly.
    let p: Expr = x;
    for (let i = 0; i < D; i++) p = add(mul(p, y), ONE);
    const yD = pow(y, num(D));
    expect(derivative(p, 'x')).toBe(yD);
    const [gx, gy] = gradient(p, ['x', 'y']);
    expect(gx).toBe(yD);
    expect(toText(gx!)).toBe(`y^${D}`);
    const text = toText(p);
    expect(text.startsWith('y*('.repeat(D - 1))).toBe(true);
    expect(text.endsWith(`x*y${' + 1)'.repeat(D - 1)} + 1`)).toBe(true);
    expect(toLatex(p).length).toBeGreaterThan(text.length);
    // dp/dy is a tree of size D^2: its cse form stays linear in the DAG.
    const form = toCse(gy!);
    const total = form.text.length + form.bindings.reduce((s, b) => s + b.text.length + b.name.length, 0);
    expect(total).toBeLessThan(60 * nodeCount(gy!));
    expect(hessian(p, ['x'])[0]![0]).toBe(derivative(yD, 'x'));
  });

  it('differentiates a chain of 10^3 sines (a chain-rule product of 10^3 factors)', () => {
    let f: Expr = x;
    for (let i = 0; i < 1000; i++) f = sin(f);
    const d = derivative(f, 'x');
    expect(d.kind).toBe('mul');
    expect(d.kind === 'mul' && d.factors.length).toBe(1000);
    expect(gradient(f, ['x'])[0]).toBe(d);
  });
});
