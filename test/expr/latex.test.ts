import fc from 'fast-check';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { EXP_INLINE_MAX_SYMBOLS, visibleLength, PI, Rational, add, call, exp, latexSymbolName, mul, num, parse, pow, sqrt, sym, toLatex, type Expr } from '../../src/expr/index.js';
import { exprArbitrary } from '../support/arbitrary.js';
import { evaluate } from '../support/expr-eval.js';
import { evaluateLatex } from '../support/katex-eval.js';

/** Renders with KaTeX exactly as the HTML reports will; throws on any error. */
function render(latex: string): string {
  return katex.renderToString(latex, { throwOnError: true, displayMode: true, strict: 'error' });
}

/** toLatex, with every string checked by KaTeX before it is compared. */
function tex(e: Expr | string): string {
  const s = toLatex(typeof e === 'string' ? parse(e) : e);
  expect(() => render(s)).not.toThrow();
  return s;
}

describe('toLatex: hand-checked strings', () => {
  // Each pair was checked by eye against how the formula is written in print.
  const cases: [string, string][] = [
    ['x^2 + 2*x + 1', 'x^{2} + 2x + 1'],
    ['-1/(2*sigma^2)', '-\\frac{1}{2\\sigma^{2}}'],
    ['exp(-(x-mu)^2/(2*sigma^2))/sqrt(2*pi*sigma^2)', '\\frac{\\exp\\left(-\\frac{\\left(x - \\mu\\right)^{2}}{2\\sigma^{2}}\\right)}{\\sqrt{2\\pi \\sigma^{2}}}'],
    ['exp(x)', '\\mathrm{e}^{x}'],
    ['exp(-x^2)', '\\mathrm{e}^{-x^{2}}'],
    ['exp(exp(x)+exp(x)^2) + sin(exp(x)+exp(x)^2)', '\\mathrm{e}^{\\mathrm{e}^{2x} + \\mathrm{e}^{x}} + \\sin\\left(\\mathrm{e}^{2x} + \\mathrm{e}^{x}\\right)'],
    ['e^(x/2)', '\\exp\\left(\\frac{x}{2}\\right)'],
    ['exp(x+y+z+w)', '\\mathrm{e}^{w + x + y + z}'],
    ['exp(x*y*z*w*u*v*t*s)', '\\mathrm{e}^{s t u v w x y z}'],
    ['exp(-lambda_0 - lambda_1*x - lambda_2*x^2)', '\\mathrm{e}^{-\\lambda_{2} x^{2} - \\lambda_{1} x - \\lambda_{0}}'],
    ['exp(a*x^4 + b*x^3 + c*x^2 + d*x + f)', '\\exp\\left(a x^{4} + b x^{3} + c x^{2} + d x + f\\right)'],
    ['1/(1+exp(-x))', '\\frac{1}{\\mathrm{e}^{-x} + 1}'],
    ['e', '\\mathrm{e}'],
    ['pi*x', '\\pi x'],
    ['sin(x)*(y+1)', '\\left(y + 1\\right) \\sin x'],
    ['sin(x)^2 + cos(x)^2', '\\cos^{2} x + \\sin^{2} x'],
    ['sin(x+y)', '\\sin\\left(x + y\\right)'],
    ['sin(x)^y', '\\left(\\sin x\\right)^{y}'],
    ['cosh(x)^3', '\\cosh^{3} x'],
    ['log(x)*log(y)', '\\log x \\log y'],
    ['log(x)/x', '\\frac{\\log x}{x}'],
    ['exp(x)*sin(x)', '\\mathrm{e}^{x} \\sin x'],
    ['abs(x)', '\\left|x\\right|'],
    ['sign(x)', '\\operatorname{sign} x'],
    ['sqrt(8)', '2\\sqrt{2}'],
    ['sqrt(x^2+1)', '\\sqrt{x^{2} + 1}'],
    ['x^(1/3)', '\\sqrt[3]{x}'],
    ['2^(1/3)', '\\sqrt[3]{2}'],
    ['x^(3/2)', 'x^{3/2}'],
    ['x^(-1/2)', '\\frac{1}{\\sqrt{x}}'],
    ['sqrt(2)*x/3', '\\frac{\\sqrt{2} x}{3}'],
    ['3*2^x', '3 \\cdot 2^{x}'],
    ['x*y', 'x y'],
    ['(x+1)*(y-1)', '\\left(x + 1\\right) \\left(y - 1\\right)'],
    ['3*x/2', '\\frac{3x}{2}'],
    ['-x/2', '-\\frac{x}{2}'],
    ['1/2', '\\frac{1}{2}'],
    ['x/(y*(x+1))', '\\frac{x}{y \\left(x + 1\\right)}'],
    ['-(x+1)^2', '-\\left(x + 1\\right)^{2}'],
    ['x^y^z', 'x^{y^{z}}'],
    ['(x*y)^z', '\\left(x y\\right)^{z}'],
    ['(1/2)^x', '\\left(\\frac{1}{2}\\right)^{x}'],
    ['(-2)^x', '\\left(-2\\right)^{x}'],
    ['x - mu', 'x - \\mu'],
    ['1 - x*y', '1 - x y'],
    ['lambda_1*(x+y-1) + x^2 + y^2', 'x^{2} + y^{2} + \\lambda_{1} \\left(x + y - 1\\right)'],
  ];
  for (const [input, expected] of cases) {
    it(`${input}`, () => {
      expect(tex(input)).toBe(expected);
    });
  }
});

describe('names', () => {
  const cases: [string, string][] = [
    ['lambda_0', '\\lambda_{0}'],
    ['sigma', '\\sigma'],
    ['Sigma', '\\Sigma'],
    ['mu_12', '\\mu_{12}'],
    ['x_1', 'x_{1}'],
    ['x1', 'x_{1}'],
    ['lambda0', '\\lambda_{0}'],
    ['x_i_j', 'x_{i,j}'],
    ['x_max', 'x_{\\mathrm{max}}'],
    ['sigma_x', '\\sigma_{x}'],
    ['x_alpha', 'x_{\\alpha}'],
    ['rate', '\\mathit{rate}'],
    ['abc1', '\\mathit{abc1}'],
    ['lambdax', '\\mathit{lambdax}'],
    ['epsilon', '\\epsilon'],
    ['varepsilon', '\\varepsilon'],
    ['varphi', '\\varphi'],
    ['Omega', '\\Omega'],
    ['x_', '\\mathit{x\\_}'],
    ['a__b', '\\mathit{a\\_\\_b}'],
    ['constructor', '\\mathit{constructor}'],
  ];
  for (const [name, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      expect(latexSymbolName(name)).toBe(expected);
      expect(tex(sym(name))).toBe(expected);
    });
  }

  it('never lets a name break KaTeX or escape into commands', () => {
    const evil = ['x); process.exit(1); (', '__proto__', '', '\\def\\x{1}', '}', '{', '$x$', '#1', '%', '^_^', '~', 'a\nb', 'λ', '😀', '\\textbackslash', '\\\\'];
    for (const name of evil) {
      const s = tex(sym(name));
      expect(s.startsWith('\\text{') || s === '\\varnothing').toBe(true);
      expect(tex(pow(sym(name), num(2)))).toContain('^{2}');
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (name) => {
        render(toLatex(sym(name)));
        render(toLatex(add(mul(num(2), sym(name)), call('sin', sym(name)), pow(sym(name), sym('x')))));
      }),
      { seed: 5, numRuns: 500 },
    );
  });
});

describe('Euler\'s number is upright, a variable named e is not', () => {
  it('exp(c) prints \\mathrm{e}^{c}, so d = exp(c) beside a program variable e = sin(c) is unambiguous (issue 15)', () => {
    expect(tex(exp(sym('c')))).toBe('\\mathrm{e}^{c}');
    expect(toLatex(sym('e'))).toBe('e');
    expect(toLatex(sym('e'))).not.toBe(tex(exp(sym('c'))).slice(0, 10));
  });
});

describe('exp: e^{...} or \\exp by size', () => {
  it(`inlines exponents of at most ${EXP_INLINE_MAX_SYMBOLS} visible symbols without fractions`, () => {
    expect(tex(exp(sym('x')))).toBe('\\mathrm{e}^{x}');
    expect(tex('exp(-x^2 - y^2)')).toBe('\\mathrm{e}^{-x^{2} - y^{2}}');
    expect(tex('exp(x/2)')).toBe('\\exp\\left(\\frac{x}{2}\\right)');
    expect(tex('exp(sin(x)*cos(y)*tan(z)*w*v*u*t*s)')).toBe('\\mathrm{e}^{s t u v w \\cos y \\sin x \\tan z}'); // 11 symbols
    expect(tex('exp(x^2*y^2*z^2 + x*y*z + x + y + z)')).toBe('\\exp\\left(x^{2} y^{2} z^{2} + x y z + x + y + z\\right)'); // 16
    expect(visibleLength('-\\lambda_{0} - \\lambda_{1} x')).toBe(7);
    expect(visibleLength('\\left(x + y\\right)^{2}')).toBe(6);
  });
});

describe('every string renders with KaTeX', () => {
  it('random expressions over x, y, z (depth up to 6)', () => {
    fc.assert(
      fc.property(exprArbitrary({ maxDepth: 6 }), (e) => {
        render(toLatex(e));
        expectSameStructure(e);
      }),
      { seed: 1234, numRuns: 1000 },
    );
  });

  it('random expressions over greek, subscripted and odd names', () => {
    const vars = ['lambda_0', 'sigma', 'Sigma', 'mu_12', 'x_i_j', 'rate', 'x_', 'constructor', 'x); (', 'in'];
    fc.assert(
      fc.property(exprArbitrary({ vars, maxDepth: 4 }), (e) => {
        render(toLatex(e));
      }),
      { seed: 4321, numRuns: 500 },
    );
  });

  it('huge numbers and nodes the parser never builds', () => {
    tex(num(10n ** 200n));
    tex(num(Rational.of(-(10n ** 50n), 3n)));
    tex(pow(num(2), num(1000000000)));
    tex(pow(num(2), num(-1000000000)));
    tex(mul(PI, sqrt(num(2)), pow(sym('x'), num(Rational.of(-7, 3)))));
    tex(pow(sqrt(sym('x')), sym('y')));
    tex(pow(pow(sym('x'), sym('y')), sym('z')));
  });
});

/**
 * What KaTeX parsed, read back as arithmetic (test/support/katex-eval.ts), has the value
 * of the expression at two points: numerator and denominator, exponents, signs and
 * grouping as rendered match the tree. Points where the value is not a finite double
 * (or is too large to compare) prove nothing and are skipped.
 */
function expectSameStructure(e: Expr): void {
  const latex = toLatex(e);
  for (const at of [{ x: 0.7, y: 1.3, z: 0.4 }, { x: 1.9, y: 0.6, z: 2.3 }]) {
    const want = evaluate(e, at);
    if (!Number.isFinite(want) || Math.abs(want) > 1e12) continue;
    // Ill-conditioned at this point (tan(pi) is 1e-16 in doubles, a quotient by it is noise): skip.
    const nudged = evaluate(e, { x: at.x * (1 + 1e-10), y: at.y * (1 + 1e-10), z: at.z * (1 + 1e-10) });
    if (!(Math.abs(nudged - want) <= 1e-8 * (1 + Math.abs(want)))) continue;
    const got = evaluateLatex(latex, at);
    expect(Math.abs(got - want), `${latex} at ${JSON.stringify(at)}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(want)));
  }
}

describe('the rendered structure is the tree', () => {
  /** The KaTeX parse tree of a string, without positions. */
  const tree = (latex: string): unknown[] => JSON.parse(JSON.stringify((katex as unknown as { __parse(s: string, o: object): unknown }).__parse(latex, {}), (k, v) => (k === 'loc' || k === 'mode' ? undefined : v)));

  it('puts the numerator and denominator of a quotient in \\frac', () => {
    const [frac] = tree(toLatex(parse('x^2/(y + 1)'))) as { type: string; numer: unknown; denom: unknown }[];
    expect(frac!.type).toBe('genfrac');
    expect(frac!.numer).toEqual(tree('{x^{2}}')[0]);
    expect(frac!.denom).toEqual(tree('{y + 1}')[0]);
    expect(evaluateLatex(toLatex(parse('x^2/(y + 1)')), { x: 3, y: 1 })).toBe(4.5);
  });

  it('puts exponents in the superscript of their own base', () => {
    const [power] = tree(toLatex(parse('(x + 1)^(y + 2)'))) as { type: string; base: { type: string }; sup: unknown }[];
    expect(power!.type).toBe('supsub');
    expect(power!.base.type).toBe('leftright');
    expect(power!.sup).toEqual(tree('{y + 2}')[0]);
    expect(evaluateLatex(toLatex(parse('2^x^2')), { x: 2 })).toBe(16);
    expect(evaluateLatex(toLatex(parse('(2^x)^2')), { x: 3 })).toBe(64);
    expect(evaluateLatex(toLatex(parse('x^(3/2)')), { x: 4 })).toBeCloseTo(8, 12);
  });

  it('reads hand-checked forms back to their values', () => {
    const at = { x: 0.6, y: 1.7, z: 0.3 };
    for (const text of ['-1/(2*y^2)', 'sin(x)^2 + cos(x)^2', 'exp(-x^2 - y^2)', 'x/(y*(x+1))', '3*2^x', 'sqrt(x^2+1)', 'x^(1/3)', 'abs(x - y)', 'sign(x - y)*log(y)', '-(x+1)^2', 'pi*x/3']) {
      expectSameStructure(parse(text));
      expect(Number.isFinite(evaluateLatex(toLatex(parse(text)), at))).toBe(true);
    }
  });

  it('catches a printer that drops a denominator (the reader is not vacuous)', () => {
    expect(evaluateLatex('\\frac{x}{y}', { x: 1, y: 4 })).toBe(0.25);
    expect(evaluateLatex('x', { x: 1, y: 4 })).not.toBe(0.25);
    expect(evaluateLatex('-\\sin^{2} x \\cdot 12', { x: 0.5 })).toBeCloseTo(-12 * Math.sin(0.5) ** 2, 12);
  });
});
