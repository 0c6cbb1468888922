/**
 * Issue 10: 10^6 product terms parse, differentiate and print (text and LaTeX). The
 * objective is the 12 MB sum of x_a*y_b for a = i mod 1000, b = floor(i/1000), i < 10^6:
 * every monomial distinct, 2,000 variables. The expected texts are built here from the
 * documented display order (terms by their names in string order), not by the printer.
 */
import { describe, expect, it } from 'vitest';
import { parse, toLatex, toText } from '../../src/expr/index.js';
import { gradient } from '../../src/diff/index.js';

const N = 1_000_000;
const A = 1000;

describe('a sum of 10^6 products', () => {
  it('parses, differentiates and prints in display order', { timeout: 600_000 }, () => {
    const pairs: [string, string][] = [];
    for (let i = 0; i < N; i++) pairs.push([`${i % A}`, `${Math.floor(i / A)}`]);
    const f = parse(pairs.map(([a, b]) => `x${a}*y${b}`).join(' + '));
    expect(f.kind === 'add' && f.terms.length).toBe(N);

    // Display order: by the x name, then the y name, as strings (x0 < x1 < x10 < x100 ...).
    pairs.sort(([xa, ya], [xb, yb]) => (xa !== xb ? (`x${xa}` < `x${xb}` ? -1 : 1) : `y${ya}` < `y${yb}` ? -1 : `y${ya}` > `y${yb}` ? 1 : 0));
    expect(toText(f) === pairs.map(([a, b]) => `x${a}*y${b}`).join(' + ')).toBe(true);
    expect(toLatex(f) === pairs.map(([a, b]) => `x_{${a}} y_{${b}}`).join(' + ')).toBe(true);

    // d/dx0 = y0 + ... + y999, d/dy999 = x0 + ... + x999, each in name order.
    const [dx0, dy999] = gradient(f, ['x0', 'y999']);
    const names = (v: string): string[] => Array.from({ length: A }, (_, i) => `${v}${i}`).sort();
    expect(toText(dx0!)).toBe(names('y').join(' + '));
    expect(toText(dy999!)).toBe(names('x').join(' + '));
  });
});
