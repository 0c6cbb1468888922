/**
 * The gradient with respect to a scalar symbol that occurs inside scalar expressions
 * (`c*s`) as well as beside matrix nodes: d(c*s + norm(Z))/ds = c by hand. (The reverse
 * sweep once dropped these contributions and answered 0.)
 */
import { describe, expect, it } from 'vitest';
import { mgradient } from '../../../src/diff/matrix/index.js';
import { declare, mscalar, parseMatrix } from '../../../src/expr/matrix/index.js';

describe('gradient with respect to a scalar symbol', () => {
  const D = declare([{ name: 'Z', shape: ['h', 'k'] }, { name: 'x', shape: ['n'] }]);
  const P = (t: string) => parseMatrix(t, D);
  it.each([
    ['c*s + norm(Z)', 'c'],
    ['lambda*(c*s + norm(Z))', 'c*lambda'],
    ['s^2*sum(x) + s', '2*s*sum(x) + 1'],
    ['s', '1'],
    ["s*x'*x", "x'*x"],
  ])('d(%s)/ds = %s', (f, g) => {
    expect(mgradient(P(f), mscalar('s'))).toBe(P(g));
  });
});
