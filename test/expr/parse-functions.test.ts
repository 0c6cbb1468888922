/**
 * The functions and syntax of issue 11: asin acos atan asinh acosh atanh erf and ln, each
 * with value, derivative, LaTeX and generated code from the one rules table; domain
 * errors at construction with a position; `**`, max and min refused with a hint.
 * Reference values: Abramowitz & Stegun table 7.1 (erf), closed forms (asin(1/2) = pi/6).
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, ParseError, PI, call, log, mul, num, parse, parseRelation, sym, toLatex, toText, Rational } from '../../src/expr/index.js';
import { compile, evaluate } from '../../src/compile/index.js';
import { derivative } from '../../src/diff/index.js';

const x = sym('x');

function parseError(text: string): ParseError {
  try {
    parse(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error(`no error for ${text}`);
}

const NEW = ['asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh', 'erf'] as const;

describe('the new functions', () => {
  it('parse, print and parse back; ln is log', () => {
    for (const f of NEW) {
      const e = parse(`${f}(x/3 + 1/2)`);
      expect(e.kind === 'call' && e.fn).toBe(f);
      expect(parse(toText(e))).toBe(e);
    }
    expect(parse('ln(x)')).toBe(log(x));
    expect(toText(parse('ln(x^2 + 1)'))).toBe('log(x^2 + 1)');
  });

  it('erf matches tabulated values (A&S table 7.1) in the table and in generated code', () => {
    const table: [number, number][] = [
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
      [-0.5, -0.5204998778130465],
    ];
    const compiled = compile([call('erf', x)], ['x']);
    expect(compiled.source).toContain('h.erf(');
    for (const [t, v] of table) {
      expect(Math.abs(FUNCTIONS.erf.evaluate(t) - v)).toBeLessThan(2e-15);
      expect(Math.abs(compiled.evaluate(Float64Array.of(t))[0]! - v)).toBeLessThan(2e-15);
    }
  });

  it('generated code computes the same values as the table for every new function', () => {
    const points: Record<(typeof NEW)[number], number[]> = {
      asin: [-0.9, 0.3], acos: [-0.2, 0.7], atan: [-3, 0.5], asinh: [-2, 4], acosh: [1.5, 9], atanh: [-0.6, 0.95], erf: [-1.2, 0.8],
    };
    for (const f of NEW) {
      const c = compile([call(f, x)], ['x']);
      for (const t of points[f]) {
        const hand = { asin: Math.asin, acos: Math.acos, atan: Math.atan, asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh, erf: FUNCTIONS.erf.evaluate }[f](t);
        expect(c.evaluate(Float64Array.of(t))[0]).toBeCloseTo(hand, 14);
      }
    }
  });

  it('derivatives agree with central differences inside each domain', () => {
    const at: Record<(typeof NEW)[number], number> = { asin: 0.4, acos: -0.3, atan: 2, asinh: -1.5, acosh: 2.5, atanh: 0.5, erf: 0.7 };
    for (const f of NEW) {
      const e = call(f, mul(num(2), x)); // chain rule too
      const t = at[f] / 2;
      const h = 1e-6;
      const numeric = (evaluate(e, { x: t + h }) - evaluate(e, { x: t - h })) / (2 * h);
      expect(Math.abs(evaluate(derivative(e, x), { x: t }) - numeric)).toBeLessThan(1e-7 * Math.max(1, Math.abs(numeric)));
    }
  });

  it('LaTeX renders with KaTeX and names the function', () => {
    const names = { asin: '\\arcsin', acos: '\\arccos', atan: '\\arctan', asinh: 'arsinh', acosh: 'arcosh', atanh: 'artanh', erf: 'erf' };
    for (const f of NEW) {
      const tex = toLatex(call(f, mul(num(2), x)));
      expect(tex).toContain(names[f]);
      expect(() => katex.renderToString(tex, { throwOnError: true })).not.toThrow();
    }
  });

  it('folds exact values: asin(1/2) = pi/6, acos(0) = pi/2, atan(1) = pi/4, acosh(1) = 0', () => {
    expect(parse('asin(1/2)')).toBe(mul(num(Rational.of(1, 6)), PI));
    expect(parse('acos(0)')).toBe(mul(num(Rational.of(1, 2)), PI));
    expect(parse('acos(-1)')).toBe(PI);
    expect(parse('atan(-1)')).toBe(mul(num(Rational.of(-1, 4)), PI));
    expect(parse('acosh(1) + erf(0) + atanh(0) + asinh(0)')).toBe(num(0));
  });
});

describe('no real value at construction: a ParseError at the place', () => {
  const cases: [string, number, RegExp][] = [
    ['tan(pi/2)*x', 1, /tan is not finite at odd multiples of pi\/2/],
    ['x + tan(3*pi/2)', 5, /tan/],
    ['tan(-pi/2)', 1, /tan/],
    ['log(0)', 1, /log\(0\)/],
    ['ln(1 - 1)', 1, /log\(0\)/],
    ['x + 0^-1', 6, /division by zero/],
    ['x/(2 - 2)', 2, /division by zero/],
    ['asin(2)', 1, /no real value/],
    ['acos(-3/2)', 1, /no real value/],
    ['acosh(1/2)', 1, /no real value/],
    ['atanh(1)', 1, /not finite/],
    ['atanh(-2)', 1, /no real value/],
  ];
  for (const [text, position, reason] of cases) {
    it(text, () => {
      const err = parseError(text);
      expect(err.reason).toMatch(reason);
      expect(err.position).toBe(position);
    });
  }
  it('tan elsewhere is fine', () => {
    expect(parse('tan(pi/4)').kind).toBe('call');
    expect(parse('tan(pi)').kind).toBe('call');
  });
});

describe('syntax users type from other languages', () => {
  it('x**2 is refused with a hint to write ^', () => {
    const err = parseError('x**2');
    expect(err.reason).toMatch(/"\*\*" is not the power operator; write \^/);
    expect(err.position).toBe(2);
  });

  it('max and min are refused: not differentiable, with a constraint or a smooth surrogate to write instead', () => {
    const err = parseError('max(x, 0) + y');
    expect(err.position).toBe(1);
    expect(err.reason).toMatch(/max is not differentiable/);
    expect(err.reason).toMatch(/constraint/);
    expect(err.reason).toMatch(/sqrt\(x\^2 \+ eps\^2\)/);
    expect(parseError('min(a, b)').reason).toMatch(/min is not differentiable.*-log\(exp\(-a\) \+ exp\(-b\)\)/);
  });

  it('matrix syntax is refused by the scalar converter with what it needs', () => {
    expect(parseError("x'*y").reason).toMatch(/transpose \('\) needs a vector or matrix declared with --shape/);
    expect(parseError('x .* y').reason).toMatch(/entry by entry.*--shape/);
    expect(parseError('sum(x)').reason).toMatch(/sum\(\.\.\.\) needs a vector or matrix/);
  });

  it('relations keep their positions', () => {
    expect(parseRelation('asin(x) <= 1').op).toBe('<=');
  });
});
