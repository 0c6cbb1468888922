/**
 * Hostile variable names never reach exported code: they appear only in the header's
 * variable list, escaped so they cannot close the comment; the code runs and agrees
 * with the closures. Also: every printed number reads back as the same double.
 */
import { describe, expect, it } from 'vitest';
import { add, exp, mul, num, pow, sin, sym } from '../../src/expr/index.js';
import { compileGradient } from '../../src/compile/index.js';
import { ERF_HELPER, escapeName, exportExpression, LANGUAGES, printDouble, type Language } from '../../src/export/index.js';
import { flatJs, HAS_GCC, HAS_PYTHON, importJs, runC, runPython, worstError, type Call } from './run-exported.js';

const NAMES = ['x); import os; os.system("echo pwned") #', '*/ system("x"); /*', '__import__', 'constructor'];
const [a, b, c, d] = NAMES.map((n) => sym(n));
const E = add(mul(pow(a!, num(2)), b!), exp(c!), sin(mul(d!, a!)), mul(num(3), b!, d!));

/** The code after the header comment: everything from the first line that is not part of it. */
function body(lang: Language, code: string): string {
  const lines = code.split('\n');
  if (lang === 'c' || lang === 'js') return code.slice(code.indexOf(' */') + 3);
  return lines.filter((l) => !l.startsWith('#')).join('\n');
}

const POINT = [0.3, -0.7, 1.1, 0.25];
const CALLS: Call[] = [{ fn: 'f_grad', args: [POINT] }];

describe('hostile variable names', () => {
  const ref = compileGradient(E, NAMES);
  const g = new Float64Array(4);
  const want = [ref.valueAndGradient(Float64Array.from(POINT), g), ...g];

  for (const lang of LANGUAGES) {
    it(`${lang}: no user text outside the escaped header`, () => {
      const code = exportExpression(E, NAMES, { lang, hessian: true, hvp: true }).code;
      const rest = body(lang, code);
      for (const name of NAMES) expect(rest).not.toContain(name);
      for (const piece of ['pwned', 'system', 'import os', '__import__', 'constructor']) expect(rest).not.toContain(piece);
      expect(code).not.toContain('pwned")');
      // The header lists each name escaped, in order.
      NAMES.forEach((n, i) => expect(code).toContain(`x[${i}] = ${escapeName(n)}`));
      // Nothing in the header closes the comment early (C/JS) or starts a new line of code (Python).
      if (lang === 'c' || lang === 'js') expect(code.indexOf('*/')).toBe(code.indexOf(' */') + 1);
    });
  }

  it('escapes everything but ASCII letters, digits and _', () => {
    expect(escapeName('*/ system("x"); /*')).toBe('\\u002a\\u002f\\u0020system\\u0028\\u0022x\\u0022\\u0029\\u003b\\u0020\\u002f\\u002a');
    expect(escapeName('x_1')).toBe('x_1');
    expect(escapeName('a\nb')).toBe('a\\u000ab');
  });

  it('JavaScript runs and agrees', async () => {
    const mod = await importJs(exportExpression(E, NAMES, { lang: 'js' }).code);
    expect(worstError(flatJs(mod['f_grad']!(POINT)), want)).toBeLessThanOrEqual(1);
  });

  it.skipIf(!HAS_PYTHON)('Python and NumPy run and agree (nothing is printed, no command runs) [needs python3]', () => {
    for (const lang of ['python', 'numpy'] as const) {
      const { results, extraOutput } = runPython(exportExpression(E, NAMES, { lang }).code, CALLS);
      expect(extraOutput).toEqual([]);
      expect(worstError(results[0]!, want)).toBeLessThanOrEqual(1);
    }
  });

  it.skipIf(!HAS_GCC)('C compiles warning-free and agrees [needs gcc]', () => {
    const got = runC(exportExpression(E, NAMES, { lang: 'c' }).code, CALLS, { f_grad: 'scalar+vector' }, { f_grad: 4 });
    expect(worstError(got[0]!, want)).toBeLessThanOrEqual(1);
  });
});

describe('printed numbers', () => {
  it('read back as the same double, with a decimal point or exponent, at most 17 significant digits', () => {
    const specials = { inf: 'INF', nan: 'NAN' };
    for (const v of [0.1, 1 / 3, -2, 1e21, 5e-324, 1.7976931348623157e308, 123456789012345680, -0.5, 2 ** 53 + 2]) {
      const s = printDouble(v, specials);
      const bare = s.replace(/^\((.*)\)$/, '$1');
      expect(Number(bare)).toBe(v);
      expect(bare).toMatch(/[.e]/);
      expect(bare.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length).toBeLessThanOrEqual(17);
    }
    expect(printDouble(Infinity, specials)).toBe('INF');
    expect(printDouble(-Infinity, specials)).toBe('(-INF)');
    expect(printDouble(NaN, specials)).toBe('NAN');
    expect(printDouble(-0, specials)).toBe('(-0.0)');
  });
});

describe('erf helper of the JavaScript export', () => {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const erf = new Function(`${ERF_HELPER.join('\n')}\nreturn erf_;`)() as (a: number) => number;

  it('gives tabulated values (Abramowitz and Stegun, table 7.1, to 16 digits)', () => {
    const table: [number, number][] = [[0.5, 0.5204998778130465], [1, 0.8427007929497149], [1.5, 0.9661051464753107], [2, 0.9953222650189527], [3, 0.9999779095030014]];
    for (const [x, v] of table) {
      expect(Math.abs(erf(x) - v)).toBeLessThanOrEqual(4e-16);
      expect(Math.abs(erf(-x) + v)).toBeLessThanOrEqual(4e-16);
    }
    expect(erf(0)).toBe(0);
    expect(erf(7)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(NaN)).toBeNaN();
  });

  it.skipIf(!HAS_PYTHON)('agrees with Python math.erf to 5e-15 relative (a few ulp) at 400 points in [-7, 7] [needs python3]', () => {
    const xs = Array.from({ length: 400 }, (_, i) => -7 + (14 * (i + 0.5)) / 400);
    const code = 'import math\n\ndef f(x):\n    return [math.erf(v) for v in x]\n';
    const { results } = runPython(code, [{ fn: 'f', args: [xs] }]);
    xs.forEach((x, i) => expect(Math.abs(erf(x) - results[0]![i]!)).toBeLessThanOrEqual(5e-15 * Math.abs(results[0]![i]!)));
  });
});
