import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { buildLagrangian, decompose, INTEGRAL_RULES, polynomialDegree, readMaxentProblem, solveForLogDensity } from '../../src/maxent/index.js';
import { jetSymbol, unknownFunction } from '../../src/diff/index.js';
import { add, log, mul, num, parse, sym, toText } from '../../src/expr/index.js';

describe('sufficient statistics', () => {
  it('splits (x - mu)^2 without expanding: mu^2 - 2 mu x + x^2', () => {
    const s = decompose([parse('x'), parse('(x - mu)^2')], 'x');
    expect(s.basis.map((b) => toText(b.expr))).toEqual(['x', 'x^2']);
    expect(s.constants.map(toText)).toEqual(['0', 'mu^2']);
    expect(s.coefficients.map((r) => r.map(toText))).toEqual([['1', '0'], ['-2*mu', '1']]);
  });
  it('keeps non-polynomial parts whole and normalises |mu - x| to |x - mu|', () => {
    const s = decompose([parse('3*abs(mu - x) + x'), parse('abs(x - mu)'), parse('2*log(x)')], 'x');
    expect(s.basis.map((b) => b.kind)).toEqual(['power', 'abs', 'log']);
    expect(s.coefficients.map((r) => r.map(toText))).toEqual([['1', '3', '0'], ['0', '1', '0'], ['0', '0', '2']]);
    const abs = s.basis[1]!;
    expect(abs.kind === 'abs' && toText(abs.center)).toBe('mu');
  });
  it('drops basis functions that cancel and detects polynomial degree structurally', () => {
    expect(decompose([parse('x^2 + 2*x - x^2')], 'x').basis.map((b) => toText(b.expr))).toEqual(['x']);
    expect(polynomialDegree(parse('(x + 1)^3*(x - a)'), 'x')).toBe(4);
    expect(polynomialDegree(parse('x^(1/2)'), 'x')).toBeUndefined();
    expect(polynomialDegree(parse('exp(x)'), 'x')).toBeUndefined();
  });
});

describe('Lagrangian and stationarity', () => {
  it('F = -p log p + lambda_0 p + sum lambda_k f_k p; solving gives log p = lambda_0 - 1 + sum lambda_k f_k', () => {
    const problem = readMaxentProblem({ support: [0, 'inf'], parameters: ['m'], moments: [{ f: 'x', value: 'm' }] });
    const lag = buildLagrangian(problem);
    expect(toText(lag.exponent)).toBe('lambda_1*x + lambda_0 - 1');
    expect(toText(lag.outside)).toBe('-lambda_1*m - lambda_0');
    expect(lag.multipliers.map((s) => s.name)).toEqual(['lambda_0', 'lambda_1']);
  });
  it('solveForLogDensity handles a coefficient on log p and refuses a non-linear condition', () => {
    const fn = unknownFunction('q', 't');
    const Q = jetSymbol(fn, 0);
    expect(toText(solveForLogDensity(add(mul(num(2), log(Q)), sym('t')), fn)!)).toBe('-t/2');
    expect(solveForLogDensity(add(log(Q), Q), fn)).toBeUndefined();
  });
  it('uses the variable and function names of the problem', () => {
    const problem = readMaxentProblem({ variable: 't', function: 'q', support: [0, 1], moments: [{ f: 't', value: 0.3 }] });
    expect(toText(buildLagrangian(problem).stationarity)).toBe('lambda_1*t + lambda_0 - log(q(t)) - 1');
  });
});

it('every integral rule renders with KaTeX and has a unique id', () => {
  const rules = Object.values(INTEGRAL_RULES);
  expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  for (const r of rules) expect(() => katex.renderToString(r.latex, { throwOnError: true })).not.toThrow();
});
