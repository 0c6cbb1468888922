/**
 * Size is correctness: deep and wide matrix input is read, differentiated and printed
 * without recursion on its depth, and shape errors in large input stay one short line.
 */
import { describe, expect, it } from 'vitest';
import { mgradient } from '../../../src/diff/matrix/index.js';
import { declare, declaredNode, mtoText, parseMatrix, MatrixInputError } from '../../../src/expr/matrix/index.js';

const decls = declare([{ name: 'x', shape: ['n'] }, { name: 'A', shape: ['n', 'n'] }]);
const x = declaredNode('x', decls);

describe('deep and wide matrix input', () => {
  it('9000 nested parentheses and 9001 transposes', () => {
    const e = parseMatrix(`sum(${'('.repeat(9000)}A*x${')'.repeat(9000)})`, decls);
    expect(mtoText(mgradient(e, x))).toBe("A'*ones(n)");
    expect(mtoText(parseMatrix(`sum(x${"'".repeat(9001)})`, decls))).toBe('sum(x)');
  });

  it('a product of 2000 matrices and a vector differentiates through one term', () => {
    const e = parseMatrix(`norm(${'A*('.repeat(2000)}x${')'.repeat(2000)})`, decls);
    const g = mgradient(e, x);
    expect(mtoText(g).startsWith("1/norm(A*A*")).toBe(true);
    expect(mtoText(g).length).toBeLessThan(20_000);
  });

  it('a sum of 10^4 quadratic forms collects into one', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `${i + 1}*x'*A*x`).join(' + ');
    expect(mtoText(mgradient(parseMatrix(text, decls), x))).toBe("50005000*(A + A')*x");
  });

  it('a shape error in 10^5 characters of input is one line with an excerpt', () => {
    const text = `${Array.from({ length: 10_000 }, () => 'A*x').join(' + ')} + x*A`;
    let err: unknown;
    try {
      parseMatrix(text, decls);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MatrixInputError);
    expect((err as Error).message.length).toBeLessThan(300);
    expect((err as Error).message).toMatch(/cannot multiply n×1 by n×n/);
  });
});
