import katex from 'katex';
import { describe, expect, it } from 'vitest';
import {
  eulerLagrange,
  functionalLatex,
  jetOrder,
  jetOrderOf,
  jetSymbol,
  totalDerivative,
  unknownFunction,
} from '../../src/diff/index.js';
import { add, log, mul, neg, num, parse, pow, sin, sqrt, sym, substitute, toText, ParseError, type Expr } from '../../src/expr/index.js';
import { evaluate } from '../../src/compile/index.js';

const fn = unknownFunction('p', 'x');
const P = jetSymbol(fn, 0);
const P1 = jetSymbol(fn, 1);
const P2 = jetSymbol(fn, 2);
const x = sym('x');

/** Value of an expression in x and the jet symbols at a point. */
function at(e: Expr, values: { x: number; p: number; p1: number; p2?: number; p3?: number; p4?: number }): number {
  const env = new Map<string, number>([
    ['x', values.x],
    [P.name, values.p],
    [P1.name, values.p1],
    [P2.name, values.p2 ?? 0],
    [jetSymbol(fn, 3).name, values.p3 ?? 0],
    [jetSymbol(fn, 4).name, values.p4 ?? 0],
  ]);
  return evaluate(e, env);
}

describe('jet symbols', () => {
  it('names p(x), p\'(x), p\'\'(x) that the parser cannot produce, so they never clash with user names', () => {
    expect(P.name).toBe('p(x)');
    expect(P1.name).toBe("p'(x)");
    expect(P2.name).toBe("p''(x)");
    expect(() => parse("p'(x)")).toThrow(ParseError);
    expect(() => parse('p(x)')).toThrow(ParseError); // p is not a function of the syntax
    expect(jetOrderOf(fn, "p''(x)")).toBe(2);
    expect(jetOrderOf(fn, 'p(y)')).toBeUndefined();
    expect(jetOrder(mul(P1, x), fn)).toBe(1);
    expect(jetOrder(x, fn)).toBe(-1);
  });
  it('rejects illegal names', () => {
    expect(() => unknownFunction('p', 'p')).toThrow(RangeError);
    expect(() => unknownFunction('2p', 'x')).toThrow(RangeError);
  });
});

describe('total derivative d/dx', () => {
  it('applies the chain rule through p(x), p\'(x): d/dx (x p p\') = p p\' + x p\'^2 + x p p\'\'', () => {
    const d = totalDerivative(mul(x, P, P1), fn);
    for (const v of [{ x: 0.3, p: 1.7, p1: -0.4, p2: 2.2 }, { x: -1.1, p: 0.2, p1: 3, p2: -0.5 }]) {
      const expected = v.p * v.p1 + v.x * v.p1 ** 2 + v.x * v.p * v.p2;
      expect(at(d, v)).toBeCloseTo(expected, 12);
    }
  });
  it('agrees with differentiating a concrete function: p(x) = sin(x) substituted after d/dx', () => {
    const G = add(mul(P, P), mul(sym('x'), P1)); // p^2 + x p'
    const d = totalDerivative(G, fn);
    // With p = sin x: d/dx (sin^2 x + x cos x) = 2 sin x cos x + cos x - x sin x.
    for (const xv of [0.2, 1.3, -2.4]) {
      const v = { x: xv, p: Math.sin(xv), p1: Math.cos(xv), p2: -Math.sin(xv) };
      expect(at(d, v)).toBeCloseTo(2 * Math.sin(xv) * Math.cos(xv) + Math.cos(xv) - xv * Math.sin(xv), 12);
    }
  });
});

describe('Euler–Lagrange expression', () => {
  it('entropy with linear constraints: -log p - 1 + lambda_0 + lambda_1 x', () => {
    const F = add(neg(mul(P, log(P))), mul(sym('lambda_0'), P), mul(sym('lambda_1'), x, P));
    const el = eulerLagrange(F, fn);
    expect(toText(el)).toBe('lambda_1*x + lambda_0 - log(p(x)) - 1');
  });
  it('harmonic oscillator F = p\'^2/2 - p^2/2 gives -p\'\' - p', () => {
    const F = add(mul(num(1 / 2), pow(P1, num(2))), neg(mul(num(1 / 2), pow(P, num(2)))));
    expect(toText(eulerLagrange(F, fn))).toBe("-p''(x) - p(x)");
  });
  it('arc length F = sqrt(1 + p\'^2) gives -p\'\'/(1 + p\'^2)^(3/2) (the curvature)', () => {
    const el = eulerLagrange(sqrt(add(num(1), pow(P1, num(2)))), fn);
    for (const v of [{ x: 0, p: 0, p1: 0.7, p2: 1.3 }, { x: 2, p: 1, p1: -2.1, p2: -0.4 }]) {
      expect(at(el, v)).toBeCloseTo(-v.p2 / (1 + v.p1 ** 2) ** 1.5, 12);
    }
  });
  it('a term with x and p\' together: F = x p\'^2 gives -(p\'^2... ) = -2 p\' - 2 x p\'\'', () => {
    const el = eulerLagrange(mul(x, pow(P1, num(2))), fn);
    for (const v of [{ x: 0.5, p: 0, p1: 1.5, p2: -2 }]) expect(at(el, v)).toBeCloseTo(-2 * v.p1 - 2 * v.x * v.p2, 12);
  });
  it('second order: F = p\'\'^2/2 gives p\'\'\'\' (the beam equation)', () => {
    expect(toText(eulerLagrange(mul(num(1 / 2), pow(P2, num(2))), fn))).toBe("p''''(x)");
  });
  it('potential term: F = p\'^2/2 + sin(p) gives cos(p) - p\'\'', () => {
    const el = eulerLagrange(add(mul(num(1 / 2), pow(P1, num(2))), sin(P)), fn);
    const v = { x: 0, p: 0.4, p1: 1, p2: 0.3 };
    expect(at(el, v)).toBeCloseTo(Math.cos(0.4) - 0.3, 14);
  });
  it('vanishes on a known extremal: straight lines for arc length', () => {
    const el = eulerLagrange(sqrt(add(num(1), pow(P1, num(2)))), fn);
    // p = 3x + 1: p' = 3, p'' = 0.
    expect(Math.abs(at(el, { x: 0.7, p: 3.1, p1: 3, p2: 0 }))).toBe(0);
  });
  it('is 0 when F does not involve p', () => {
    expect(eulerLagrange(mul(x, x), fn)).toBe(num(0));
  });
});

describe('functionalLatex', () => {
  it("prints p(x) and p'(x) as such and renders with KaTeX", () => {
    const e = add(neg(log(P)), mul(sym('lambda_1'), x), pow(P1, num(2)), neg(P2));
    const tex = functionalLatex(e, fn);
    expect(tex).toContain('\\log p(x)');
    expect(tex).toContain("p'(x)^{2}");
    expect(tex).toContain("p''(x)");
    expect(tex).not.toContain('zzjet');
    expect(() => katex.renderToString(tex, { throwOnError: true })).not.toThrow();
  });
  it('uses the variable and function names given (greek included)', () => {
    const g = unknownFunction('rho', 't');
    const tex = functionalLatex(mul(sym('t'), jetSymbol(g, 0)), g);
    expect(tex).toContain('\\rho(t)');
    expect(() => katex.renderToString(tex, { throwOnError: true })).not.toThrow();
  });
  it('keeps a user symbol that happens to look like a placeholder', () => {
    const tex = functionalLatex(mul(sym('zzjetq'), P), fn);
    expect(tex).toContain('p(x)');
    expect(tex).toContain('zzjetq');
  });
});

it('substitute leaves jet symbols usable like any symbol', () => {
  const e = substitute(mul(P, x), { x: num(2) });
  expect(toText(e)).toBe('2*p(x)');
});
