/**
 * Hessians as a textbook writes them: the entrywise part of each Hessian below is the
 * scalar simplifier's combination of its representative entry (one fraction, not a
 * difference of two). Each printed form is the hand derivation's, its value on random
 * instances (dimensions 1 to 5, seeded) equals the scalar path's Hessian and central
 * differences of the scalar path's gradient, its text parses back under the same
 * declarations to the identical node, and its LaTeX renders through KaTeX.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { mgradient, mhessian } from '../../../src/diff/matrix/index.js';
import { evaluateMatrix } from '../../../src/compile/matrix/index.js';
import { declare, declaredNode, mtoLatex, mtoText, parseMatrix, type MVar } from '../../../src/expr/matrix/index.js';
import { gradientReferences, hessianReferences, maxRelativeError, randomInstance } from './check.js';

const render = (tex: string): string => katex.renderToString(tex, { throwOnError: true, displayMode: true, strict: 'error' });

const logisticDecls = declare([{ name: 'X', shape: ['m', 'n'] }, { name: 'y', shape: ['m'] }, { name: 'w', shape: ['n'] }]);
const vectorDecls = declare([{ name: 'x', shape: ['n'] }, { name: 'y', shape: ['n'] }]);
const layerDecls = declare([{ name: 'W', shape: ['m', 'n'] }, { name: 'x', shape: ['n'] }, { name: 'b', shape: ['m'] }, { name: 'u', shape: ['m'] }]);

interface Case {
  readonly f: string;
  readonly wrt: string;
  readonly decls: ReturnType<typeof declare>;
  /** The hand derivation's Hessian, in the printer's syntax. */
  readonly hessian: string;
}

const CASES: Case[] = [
  {
    // t = y .* (X*w): (log(1 + exp(-t)))'' = exp(-t)/(1 + exp(-t))^2, times y^2 (y is not ±1 here).
    f: 'sum(log(ones(m) + exp(-y.*(X*w))))', wrt: 'w', decls: logisticDecls,
    hessian: "X'*diag(exp(-(y .* (X*w))) .* y.^2 ./ (ones(m) + exp(-(y .* (X*w)))).^2)*X",
  },
  {
    // softplus: (log(1 + e^x))'' = e^x/(1 + e^x)^2, the logistic sigmoid's derivative.
    f: 'sum(log(ones(n) + exp(x)))', wrt: 'x', decls: vectorDecls,
    hessian: 'diag(exp(x) ./ (ones(n) + exp(x)).^2)',
  },
  {
    // (e^x/(1 + e^x))'' = (e^x (1 + e^x) - 2 e^2x)/(1 + e^x)^3 = (e^x - e^2x)/(1 + e^x)^3.
    f: 'sum(exp(x) ./ (ones(n) + exp(x)))', wrt: 'x', decls: vectorDecls,
    hessian: 'diag((exp(x) - exp(2*x)) ./ (ones(n) + exp(x)).^3)',
  },
  {
    // Softmax cross-entropy: sum(y)*(diag(p) - p*p') with p = exp(x)/sum(exp(x)).
    f: "-y'*log(exp(x)/sum(exp(x)))", wrt: 'x', decls: vectorDecls,
    hessian: "sum(y)/sum(exp(x))*diag(exp(x)) - sum(y)/sum(exp(x))^2*exp(x)*exp(x')",
  },
  {
    // log-sum-exp: diag(p) - p*p'.
    f: "log(sum(exp(x))) - y'*x", wrt: 'x', decls: vectorDecls,
    hessian: "1/sum(exp(x))*diag(exp(x)) - 1/sum(exp(x))^2*exp(x)*exp(x')",
  },
  {
    // tanh'' = -2 tanh (1 - tanh^2): already the textbook form, left as it is.
    f: "u'*tanh(W*x + b)", wrt: 'x', decls: layerDecls,
    hessian: "-2*W'*diag(u .* tanh(b + W*x) .* (ones(m) - tanh(b + W*x).^2))*W",
  },
];

describe('Hessians in matrix notation with the entrywise part combined', () => {
  for (const c of CASES) {
    it(`${c.f} w.r.t. ${c.wrt}: ${c.hessian}`, () => {
      const f = parseMatrix(c.f, c.decls);
      const x = declaredNode(c.wrt, c.decls) as MVar;
      const H = mhessian(f, x);
      expect(mtoText(H)).toBe(c.hessian);
      // The text parses back to the identical node, and LaTeX renders.
      const back = parseMatrix(mtoText(H), c.decls);
      expect(back).toBe(H);
      expect(render(mtoLatex(H))).toContain('katex');
      for (let seed = 1; seed <= 8; seed++) {
        const n = 1 + ((seed * 7) % 5);
        const m = 1 + ((seed * 3) % 5);
        const inst = randomInstance([f], { n, m }, seed);
        const r = hessianReferences(f, x, H, inst);
        expect(maxRelativeError(r.matrix, r.scalar)).toBeLessThan(1e-9);
        expect(maxRelativeError(r.matrix, r.central)).toBeLessThan(1e-6);
        expect(maxRelativeError(evaluateMatrix(back, inst).data, r.matrix)).toBe(0);
      }
    });
  }
});

describe('an entrywise part that simplifies to a constant keeps its shape', () => {
  it("y'*(exp(x) .* exp(-x)) w.r.t. y is ones(n), not the scalar 1; w.r.t. x it is zero", () => {
    const f = parseMatrix("y'*(exp(x) .* exp(-x))", vectorDecls);
    const y = declaredNode('y', vectorDecls) as MVar;
    const x = declaredNode('x', vectorDecls) as MVar;
    const G = mgradient(f, y);
    expect(mtoText(G)).toBe('ones(n)');
    expect(G.shape).toEqual(y.shape);
    expect(mtoText(mgradient(f, x))).toBe('0*ones(n)');
    for (let seed = 1; seed <= 4; seed++) {
      const inst = randomInstance([f], { n: seed + 1 }, seed);
      const r = gradientReferences(f, y, G, inst);
      expect(maxRelativeError(r.matrix, r.scalar)).toBeLessThan(1e-12);
      expect(maxRelativeError(r.matrix, r.central)).toBeLessThan(1e-6);
    }
  });
});
