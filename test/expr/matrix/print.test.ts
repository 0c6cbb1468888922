/** Text and LaTeX printers of matrix expressions; converting hand-built syntax trees under declarations. */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { mgradient, mhessian } from '../../../src/diff/matrix/index.js';
import {
  declare, madd, mdet, mhadamard, minv, mlogdet, mmap, mmul, mnorm, mpow, mscalar, msub, msum, mtoLatex, mtoText, mtr, mtranspose,
  mvar, ones, shapeOf, syntaxToMatrix, MatrixInputError, mdiv, parseMatrix, declaredNode,
} from '../../../src/expr/matrix/index.js';
import type { Syntax } from '../../../src/expr/syntax.js';

const render = (tex: string): string => katex.renderToString(tex, { throwOnError: true, displayMode: true, strict: 'error' });
const x = mvar('x', shapeOf('n'));
const g = mvar('g', shapeOf('n'));
const A = mvar('A', shapeOf('n', 'n'));
const F = mvar('F', shapeOf('n', 'n'), ['symmetric', 'positive_definite']);

describe('text printer', () => {
  it('writes the contract syntax', () => {
    const d = mmul(mpow(mdiv(mmul(mscalar(2), mscalar('eps')), mmul(mtranspose(g), minv(F), g)), mscalar(0.5)), minv(F), g);
    expect(mtoText(d)).toBe("sqrt(2*eps/(g'*inv(F)*g))*inv(F)*g");
    expect(mtoText(madd(mmul(A, x), mmul(mtranspose(A), x)))).toBe("(A + A')*x");
    expect(mtoText(mhadamard(x, mpow(g, mscalar(-1))))).toBe('x ./ g');
    expect(mtoText(mmul(mscalar(-1), msub(x, g)))).toBe('-(x - g)');
  });
});

describe('LaTeX printer', () => {
  it('writes textbook notation that KaTeX renders', () => {
    const cases: [ReturnType<typeof mmul>, string][] = [
      [mmul(mtranspose(x), A, x), '\\boldsymbol{x}^{\\top} \\boldsymbol{A} \\boldsymbol{x}'],
      [minv(A), '\\boldsymbol{A}^{-1}'],
      [minv(mtranspose(A)), '\\boldsymbol{A}^{-\\top}'],
      [mtr(A), '\\operatorname{tr}\\left(\\boldsymbol{A}\\right)'],
      [mhadamard(x, g), '\\boldsymbol{g} \\odot \\boldsymbol{x}'],
      [mgradient(mmul(mtranspose(x), A, x), x), '\\left(\\boldsymbol{A} + \\boldsymbol{A}^{\\top}\\right) \\boldsymbol{x}'],
      [mnorm(msub(mmul(A, x), g)), '\\left\\lVert \\boldsymbol{A} \\boldsymbol{x} - \\boldsymbol{g} \\right\\rVert'],
    ];
    for (const [e, tex] of cases) {
      expect(mtoLatex(e)).toBe(tex);
      expect(render(mtoLatex(e))).toContain('katex');
    }
    for (const e of [
      mgradient(msum(mmap('log', madd(mmap('exp', x), ones('n')))), x),
      mhessian(msum(mmap('log', madd(mmap('exp', x), ones('n')))), x),
      mgradient(mmap('log', mdet(minv(A))), A),
      mlogdet(F),
      mdiv(mmul(mscalar(2), mscalar('eps')), mmul(mtranspose(g), minv(F), g)),
    ]) {
      expect(render(mtoLatex(e))).toContain('katex');
    }
  });
});

// Hand-built syntax trees (the shared parser is being written on another branch).
let at = 1;
const nm = (name: string): Syntax => ({ type: 'name', name, pos: at, len: name.length });
const tr = (arg: Syntax): Syntax => ({ type: 'transpose', arg, pos: arg.pos, len: arg.len + 1 });
const prod = (...operands: Syntax[]): Syntax => ({
  type: 'nary', op: '*', operands, signs: operands.map(() => 1 as const),
  opPos: operands.slice(1).map((o) => o.pos - 1), pos: operands[0]!.pos, len: 10,
});
const sum = (...operands: Syntax[]): Syntax => ({
  type: 'nary', op: '+', operands, signs: operands.map(() => 1 as const),
  opPos: operands.slice(1).map((o) => o.pos - 2), pos: operands[0]!.pos, len: 10,
});
const call = (name: string, ...args: Syntax[]): Syntax => ({ type: 'call', name, args, pos: 1, len: 10 });

describe('syntax to matrix expressions under declarations', () => {
  const decls = declare([
    { name: 'x', shape: ['n'] },
    { name: 'b', shape: ['m'] },
    { name: 'W', shape: ['m', 'n'] },
    { name: 'A', shape: ['n', 'n'], properties: ['symmetric'] },
  ]);

  it("x'*A*x is a scalar and its gradient is 2*A*x", () => {
    // x'*A*x
    at = 1;
    const xs = nm('x');
    at = 4;
    const a = nm('A');
    at = 6;
    const tree = prod(tr(xs), a, nm('x'));
    const e = syntaxToMatrix(tree, decls, "x'*A*x");
    expect(e.shape).toEqual({ rows: 1, cols: 1 });
    expect(mtoText(mgradient(e, mvar('x', shapeOf('n'))))).toBe('2*A*x');
  });

  it('tanh(W*x + b) is an m-vector; undeclared names are scalars', () => {
    at = 1;
    const tree = call('tanh', sum(prod(nm('W'), nm('x')), nm('b')));
    const e = syntaxToMatrix(tree, decls);
    expect(e.shape).toEqual({ rows: 'm', cols: 1 });
    expect(mtoText(e)).toBe('tanh(b + W*x)');
    expect(syntaxToMatrix(nm('c'), decls).shape).toEqual({ rows: 1, cols: 1 });
  });

  it('a shape mismatch names both shapes and the position of the operator', () => {
    // x*W at positions 1..3: the product operator is at 2.
    at = 1;
    const l = nm('x');
    at = 3;
    const r = nm('W');
    const tree = prod(l, r);
    let err: unknown;
    try {
      syntaxToMatrix(tree, decls, 'x*W');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MatrixInputError);
    expect((err as MatrixInputError).pos).toBe(2);
    expect((err as Error).message).toMatch(/cannot multiply n×1 by m×n.*position 2/);
  });

  it('unknown functions are refused', () => {
    at = 1;
    expect(() => syntaxToMatrix(call('frob', nm('x')), decls)).toThrow(/unknown function 'frob'/);
  });
});

describe('text parses back to the identical node under the same declarations', () => {
  const decls = declare([
    { name: 'x', shape: ['n'] }, { name: 'g', shape: ['n'] }, { name: 'w', shape: ['n'] }, { name: 'y', shape: ['m'] },
    { name: 'F', shape: ['n', 'n'] }, { name: 'S', shape: ['n', 'n'], properties: ['symmetric'] }, { name: 'X', shape: ['m', 'n'] },
  ]);
  it('inputs, their gradients and Hessians', () => {
    const inputs = [
      "x'*S*x", "sqrt(2*eps/(g'*inv(F)*g))*inv(F)*g", 'sum(log(exp(-y.*(X*w)) + ones(m)))', 'norm(X*w - y)^2',
      "x'*F*x", 'tanh(F*x + g)', "log(sum(exp(x))) - g'*x", "tr(F*S'*F)", 'log(det(inv(F)))', "x'*inv(F)*x", 'x ./ (g + 2*ones(n)) .^ 3',
      'diag(x)*F*diag(g)', "-(x - g)", "exp(x)'*S*exp(x)", 'sum(log(ones(n) + exp(x)))', 'sum(exp(x) ./ (ones(n) + exp(x)))',
      "-g'*log(exp(x)/sum(exp(x)))", 'sum(log(ones(m) + exp(-y.*(X*w))))', 'x ./ g.^2 - ones(n) ./ g', 'x .* g.^(-1/2)',
    ];
    for (const text of inputs) {
      const e = parseMatrix(text, decls);
      expect(parseMatrix(mtoText(e), decls), text).toBe(e);
      if (e.shape.rows === 1 && e.shape.cols === 1) {
        for (const v of ['x', 'F', 'w']) {
          const d = mgradient(e, declaredNode(v, decls));
          expect(parseMatrix(mtoText(d), decls), `${text} d/d${v}`).toBe(d);
          if (v !== 'F') {
            const h = mhessian(e, declaredNode(v, decls));
            expect(parseMatrix(mtoText(h), decls), `${text} d2/d${v}2`).toBe(h);
          }
        }
      }
    }
  });

  it("the contract's example: sqrt(2*eps/(g'*inv(F)*g))*inv(F)*g", () => {
    expect(mtoText(parseMatrix("sqrt(2*eps/(g'*inv(F)*g))*inv(F)*g", decls))).toBe("sqrt(2*eps/(g'*inv(F)*g))*inv(F)*g");
  });

  it('shape errors from text name both shapes, the position and an excerpt', () => {
    expect(() => parseMatrix('x*F', decls)).toThrow(/cannot multiply n×1 by n×n.*position 2 \('\*F'\)/);
    expect(() => parseMatrix('x + y', decls)).toThrow(/cannot add n×1 and m×1.*position 3/);
    expect(() => parseMatrix('F .* X', decls)).toThrow(/n×n and m×n/);
    expect(() => parseMatrix('tr(X)', decls)).toThrow(/tr needs a square matrix, got m×n/);
  });
});
