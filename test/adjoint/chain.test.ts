/**
 * The adjoint method at size: the 10⁴-line chain a_0 = sin(x), a_i = sin(a_{i−1}).
 * Its gradient is the product of cosines Π_i cos(a_{i−1}) (a_{−1} = x), computed here
 * by a plain loop, independently of the library. No timing assertion: the test pins that
 * the whole analysis (derivation of the conditions, back-substitution under its budget,
 * compiled passes, gradient check, JSON) finishes and is right; before the walks were made
 * linear this size ran out of memory (3 GB). `test/adjoint.bench.ts` measures the time.
 */
import { describe, expect, it } from 'vitest';
import { adjointJson, analyzeProgram, backSubstitute, treeSize } from '../../src/adjoint/index.js';
import { add, mul, sym } from '../../src/expr/index.js';

const N = 10_000;
const X = 0.7;

function chainSpec(n: number): { inputs: string[]; program: string[]; output: string; at: Record<string, number> } {
  const program = ['a0 = sin(x)'];
  for (let i = 1; i < n; i++) program.push(`a${i} = sin(a${i - 1})`);
  return { inputs: ['x'], program, output: `a${n - 1}`, at: { x: X } };
}

/** The chain's value and derivative by hand: a_i = sin(a_{i−1}), d/dx = Π cos(a_{i−1}). */
function chainByHand(n: number, x: number): { value: number; derivative: number; lambda0: number } {
  let a = x;
  let d = 1;
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    d *= Math.cos(a);
    a = Math.sin(a);
    values.push(a);
  }
  // λ_0 = d a_{n−1} / d a_0 = Π_{i≥1} cos(a_{i−1}).
  let lambda0 = 1;
  for (let i = 1; i < n; i++) lambda0 *= Math.cos(values[i - 1]!);
  return { value: a, derivative: d, lambda0 };
}

describe('the 10⁴-line chain a_i = sin(a_{i−1})', () => {
  it('gives the product of cosines as its gradient, with the multipliers of backprop', () => {
    const analysis = analyzeProgram(chainSpec(N));
    expect(analysis.status).toBe('ok');
    const hand = chainByHand(N, X);
    expect(hand.derivative).toBeGreaterThan(1e-7); // far from underflow: a real check
    const v = analysis.values!;
    expect(Math.abs(v.value - hand.value)).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(v.gradient.get('x')! - hand.derivative)).toBeLessThanOrEqual(1e-10 * hand.derivative);
    expect(Math.abs(v.multipliers.get('a0')! - hand.lambda0)).toBeLessThanOrEqual(1e-10 * hand.lambda0);
    expect(v.multipliers.get(`a${N - 1}`)).toBe(1);
    expect(analysis.check!.ok).toBe(true);
    // Closed forms past the budget are left out, and the JSON is still produced.
    expect(analysis.backsub.complete).toBe(false);
    const json = adjointJson(analysis) as { gradient: Record<string, { value?: number }> };
    expect(json.gradient['x']!.value).toBe(v.gradient.get('x'));
  });

  it('back-substitution stops at its budget where flattened products would grow quadratically', () => {
    // Each closed form λ_i holds the N − i cosines after it: 5·10⁷ operands in all.
    const analysis = analyzeProgram(chainSpec(2000), { gradcheck: false });
    const b = backSubstitute(analysis.system, 50_000);
    expect(b.complete).toBe(false);
    expect(b.adjoints.size).toBeLessThan(400); // sum of k for k < 316 is about 50,000
    expect(b.adjoints.size).toBeGreaterThan(100);
  });
});

describe('treeSize', () => {
  it('counts a shared node once per use and stops at the cap', () => {
    const x = sym('x');
    let e = add(x, sym('y'));
    for (let i = 0; i < 60; i++) e = mul(e, add(e, sym(`z${i}`))); // a DAG of ~200 nodes, a tree of ~3^60
    expect(treeSize(add(x, sym('y')), 100)).toBe(3);
    expect(treeSize(mul(add(x, sym('y')), add(x, sym('y'))), 100)).toBe(5); // (x+y)^2 is a pow: base, exponent
    expect(treeSize(e, 400)).toBe(401);
  });
});
