/**
 * Which form of a derivative is printed (src/diff/display.ts): the given DAG unless it
 * is large against f, and f's own tree is only walked when a lower bound read off its
 * top two levels does not decide. Whether f was walked is seen through one hand-made
 * node two levels down in f that counts the reads of its argument.
 */
import { describe, expect, it } from 'vitest';
import { displayGradient, displayHessian, gradient, hessian } from '../../src/diff/index.js';
import { add, addAll, mul, num, pow, sin, sym, treeSizes, type Expr } from '../../src/expr/index.js';
import { evaluate } from '../support/expr-eval.js';

/** sin(z), hand-made so that reading its argument is counted. */
function countingSin(): { node: Expr; reads: () => number } {
  let reads = 0;
  const z = sym('z');
  const node = { kind: 'call', fn: 'sin', id: -7, hash: 0x5eed, get arg() {
    reads++;
    return z;
  } } as unknown as Expr;
  return { node, reads: () => reads };
}

const x = sym('x');
const y = sym('y');
const terms = 2000;
/** Σ x_i² + y·sin(z) + x², with the sin(z) node counting: 2,000 terms, each small. */
function bigSum(extra: Expr): { f: Expr; reads: () => number } {
  const probe = countingSin();
  const squares = Array.from({ length: terms }, (_, i) => pow(sym(`x${i}`), num(2)));
  return { f: addAll([...squares, mul(y, probe.node), extra]), reads: probe.reads };
}
/** x ↦ sin(x·x + x) composed d times: its reverse-mode derivatives print far larger than f. */
function composition(d: number): Expr {
  let e: Expr = x;
  for (let i = 0; i < d; i++) e = sin(add(mul(e, e), e));
  return e;
}

describe('the printed forms of the gradient and the Hessian', () => {
  it('small entries are kept without walking a large f (Hessian and gradient alike)', () => {
    const { f, reads } = bigSum(pow(x, num(2)));
    const wrt = ['x', 'x7'];
    const g = gradient(f, wrt);
    const h = hessian(f, wrt);
    const before = reads();
    const shownG = displayGradient(f, wrt, g);
    const shownH = displayHessian(f, wrt, shownG, h);
    expect(reads() - before).toBe(0);
    expect(shownG).toEqual(g);
    expect(shownH).toEqual(h);
    // By hand: d²/dx² x² = 2, d²/dx7² x7² = 2, mixed 0.
    expect(shownH.flat().map((e) => evaluate(e, {}))).toEqual([2, 0, 0, 2]);
  });

  it('a swollen entry makes it walk f and print the smaller forward form, of the same value', () => {
    const { f, reads } = bigSum(composition(6));
    const wrt = ['x', 'y'];
    const g = gradient(f, wrt);
    const h = hessian(f, wrt);
    const before = reads();
    const shownG = displayGradient(f, wrt, g);
    const shownH = displayHessian(f, wrt, shownG, h);
    expect(reads() - before).toBeGreaterThan(0);
    const [given, shown] = [treeSizes([h[0]![0]!])[0]!, treeSizes([shownH[0]![0]!])[0]!];
    expect(shown).toBeLessThan(given);
    const at: Record<string, number> = { x: 0.3, y: -0.4, z: 0.9 };
    for (let i = 0; i < terms; i++) at[`x${i}`] = 0.1;
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const want = evaluate(h[i]![j]!, at);
        expect(Math.abs(evaluate(shownH[i]![j]!, at) - want)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(want)));
        expect(shownH[i]![j]).toBe(shownH[j]![i]);
      }
    }
  });

  it("the issue's case, sin(x·x + x) composed 10, 20, 40 times: the printed tree stays within 2·d trees of f", () => {
    // SymPy's str(diff(f)) is 13.9 times str(f) at d = 10 (sympy-sizes.json: 171,021 and
    // 12,277), about 1.4·d; the reverse-mode tree is 1,700 times f's at d = 10 and grows
    // exponentially against it. At d = 20 and 40 no tree can be printed (f alone has
    // 5·10^6 and 5·10^12 nodes), but the choice must still land on the small form.
    for (const d of [10, 20, 40]) {
      const f = composition(d);
      const [g] = gradient(f, ['x']);
      const [shown] = displayGradient(f, ['x'], [g!]);
      const [tf, tg, ts] = treeSizes([f, g!, shown!]);
      expect(ts! / tf!, `d = ${d}`).toBeLessThanOrEqual(2 * d);
      expect(tg! / ts!, `d = ${d}`).toBeGreaterThan(100);
      const at = { x: 0.3 };
      const want = evaluate(g!, at);
      expect(Math.abs(evaluate(shown!, at) - want)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(want)));
    }
  });
});
