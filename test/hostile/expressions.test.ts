/**
 * Hostile and edge-case expressions through the CLI entry (issue 11): each input with the
 * exit status and a fragment of the message it must give. None may exit 70 (internal
 * error), print a stack trace, or answer wrongly: where an input is accepted, the
 * derivative's value is checked against a hand derivation at the point.
 *
 * Categories: syntax, numbers, names, functions, values of --at, sizes.
 * Decisions this table pins (documented at the top of src/expr/parser.ts): juxtaposition
 * binds like `*` and left to right (`1/2x` is x/2, `1/x y` is y/x); a name directly
 * followed by `(` is a call; a number may not follow a value (`x 2`); `1e` is 1·e and
 * `0x` is 0·x, while `0x1F` is a refused hexadecimal literal.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { STACK_LINE } from '../cli/helpers.js';

const run = (...argv: string[]) => runCli(argv, { env: {} });

async function diffOf(expr: string, at?: string, json = false) {
  const argv = ['diff', '--wrt', 'x'];
  if (at !== undefined) argv.push('--at', at);
  if (json) argv.push('--json');
  const r = await run(...argv, '--', expr);
  expect(r.code, `${expr.slice(0, 80)}: ${r.stderr.slice(0, 300)}`).not.toBe(70);
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.stderr).not.toMatch(/internal error/);
  return r;
}

const GREEK = 'spell greek letters out';
const UNKNOWN = 'unknown function';

/** Bad input: exit 2 and a fragment of the one-paragraph message, at a position. */
const BAD: [expr: string, fragment: string, position?: number][] = [
  // syntax
  ['', 'empty expression'],
  [' ', 'empty expression'],
  ['\t', 'empty expression'],
  ['\n', 'empty expression'],
  ['x +', 'unexpected end of expression', 4],
  ['+', 'unexpected end of expression', 2],
  ['*x', 'value expected', 1],
  ['x * * y', 'value expected', 5],
  ['x**2', '"**" is not the power operator; write ^', 2],
  ['2**x', '"**" is not the power operator', 2],
  ['x ** -1', '"**" is not the power operator', 3],
  ['x^', 'unexpected end of expression', 3],
  ['^x', 'value expected', 1],
  ['x^^2', 'value expected', 3],
  ['x//y', 'value expected', 3],
  ['x/ /y', 'value expected', 4],
  ['(x', 'parenthesis ")" expected', 3],
  ['x)', 'unexpected ")"', 2],
  ['((x)', 'parenthesis ")" expected', 5],
  ['()', 'value expected', 2],
  ['(,)', 'value expected', 2],
  ['(x, y)', 'commas separate the arguments of a function', 3],
  ['x,y', 'unexpected ","', 2],
  ['sin(', 'unexpected end of expression', 5],
  ['sin()', 'sin takes one argument, got 0', 1],
  ['sin(x,y)', 'sin takes one argument, got 2', 1],
  ['exp(x,)', 'value expected', 7],
  ['sin x', '"sin" is a function; write sin(...)', 1],
  ['x(y+1)', 'for a product write x*(...)', 1],
  ['x(1)', 'unknown function "x"', 1],
  ['pi(2)', 'unknown function "pi"', 1],
  ['e(x)', 'unknown function "e"', 1],
  ['foo(x)', UNKNOWN, 1],
  ['2 3', 'a number cannot follow a value directly', 3],
  ['x 2', 'a number cannot follow a value directly', 3],
  ['(x)2', 'a number cannot follow a value directly', 4],
  ['x.5', 'a number cannot follow a value directly', 2],
  ['1.2.3', 'a number cannot follow a value directly', 4],
  ['..', 'a lone "."', 1],
  ['.', 'a lone "."', 1],
  ['x.', 'a lone "."', 2],
  ['a.b', 'property access', 1],
  ['Math.sin(x)', 'property access', 1],
  ['process.exit(1)', 'property access', 1],
  ['x); process.exit(1); (', 'unexpected ")"', 2],
  ['require("fs")', 'unexpected character "\\""', 9],
  ['x!', 'factorial "!" is not supported', 2],
  ['x#y', '"#" is not allowed', 2],
  ['x # comment', '"#" is not allowed', 3],
  ['x;y', 'unexpected character ";"', 2],
  ['x = 1', 'a relation ("=") is not allowed in an expression', 3],
  ['x == 1', 'a relation ("==")', 3],
  ['x < 1', 'a relation ("<")', 3],
  ['x >= 1', 'a relation (">=")', 3],
  ['x ≤ 1', 'a relation ("≤")', 3],
  ['x & y', '"&" is not supported', 3],
  ['x | y', '"|" is not supported', 3],
  ['~x', '"~" is not supported', 1],
  ['x % 2', '"%" is not supported', 3],
  ['[1,2]', 'matrices and lists are not supported', 1],
  ['{x}', 'unexpected character "{"', 1],
  ['"x"', 'unexpected character', 1],
  ['`x`', 'unexpected character "`"', 1],
  ['$x', 'unexpected character "$"', 1],
  ['@x', 'unexpected character "@"', 1],
  ['\\x', 'unexpected character', 1],
  ['x\\y', 'unexpected character', 2],
  ['x?y:1', 'unexpected character "?"', 2],
  ['−x', 'write - (the ASCII minus)', 1],
  ['2×x', 'write *', 2],
  ['2·x', 'write *', 2],
  ['x÷2', 'write /', 2],
  ['x²', 'write ^2', 2],
  ['√x', 'write sqrt(...)', 1],
  ['∞', 'infinity is not a number', 1],
  ['λ', GREEK, 1],
  ['αx', GREEK, 1],
  ['xé', GREEK, 2],
  ['x\u0000', 'unexpected character', 2],
  ["x'", "transpose (') needs a vector or matrix declared with --shape", 2],
  ["x'*y", "transpose (')", 2],
  ['x .* y', '".*" (entry by entry) needs a vector or matrix', 3],
  ['x ./ y', '"./" (entry by entry)', 3],
  ['x .^ 2', '".^" (entry by entry)', 3],
  ['sum(x)', 'sum(...) needs a vector or matrix', 1],
  ['norm(x)', 'norm(...) needs a vector or matrix', 1],
  ['inv(x)', 'inv(...) needs a vector or matrix', 1],
  // names and vocabulary
  ['exp', '"exp" is a function; write exp(...)', 1],
  ['sqrt', '"sqrt" is a function', 1],
  ['ln', '"ln" is a function', 1],
  ['ln x', '"ln" is a function', 1],
  ['asin', '"asin" is a function', 1],
  ['x + erf', '"erf" is a function', 5],
  ['__proto__', '"__proto__" is not a valid name', 1],
  ['_x', 'is not a valid name', 1],
  ['x + __defineGetter__', 'is not a valid name', 5],
  ['1_000*x', '"_000" is not a valid name', 2],
  ['if(x)', UNKNOWN, 1],
  ['sin2(x)', UNKNOWN, 1],
  ['Sin(x)', UNKNOWN, 1],
  ['SIN(x)', UNKNOWN, 1],
  ['exp2(x)', UNKNOWN, 1],
  ['log10(x)', UNKNOWN, 1],
  ['log2(x)', UNKNOWN, 1],
  ['arcsin(x)', UNKNOWN, 1],
  ['constructor(x)', UNKNOWN, 1],
  ['toString(x)', UNKNOWN, 1],
  ['max(x,0)', 'max is not differentiable', 1],
  ['x + max(x, y)', 'smooth surrogate', 5],
  ['min(x,y)', 'min is not differentiable', 1],
  // numbers
  ['0x1F', 'hexadecimal, binary and octal literals are not supported', 1],
  ['0b101', 'hexadecimal', 1],
  ['0o17', 'hexadecimal', 1],
  ['0X1', 'hexadecimal', 1],
  ['x + 0xFF', 'hexadecimal', 5],
  ['1e+', 'unexpected end of expression', 4],
  ['1e1000001*x', 'at most 1000000 in size', 1],
  ['1e99999999999999999999*x', 'at most 1000000', 1],
  ['1,000', 'unexpected ","', 2],
  ['١٢', 'unexpected character', 1],
  ['1/0', 'division by zero', 2],
  ['x/0', 'division by zero', 2],
  ['x/(1 - 1)', 'division by zero', 2],
  ['x/0.0', 'division by zero', 2],
  ['0^-1', 'division by zero', 2],
  ['x*0^(-2)', 'division by zero', 4],
  // functions off their domain, at exact arguments
  ['log(0)', 'log(0) is not finite', 1],
  ['ln(0)*x', 'log(0) is not finite', 1],
  ['tan(pi/2)', 'tan is not finite at odd multiples of pi/2', 1],
  ['tan(pi/2)*x', 'tan is not finite', 1],
  ['x + tan(-3*pi/2)', 'tan is not finite', 5],
  ['asin(2)', 'asin(2) has no real value', 1],
  ['acos(2)*x', 'acos(2) has no real value', 1],
  ['acosh(0)', 'acosh(0) has no real value', 1],
  ['atanh(1)', 'atanh(1) is not finite', 1],
  ['atanh(-1)*x', 'atanh(-1) is not finite', 1],
  ['x*atanh(3/2)', 'no real value', 3],
];

describe('bad input: exit 2 with a message that names the place', () => {
  it.each(BAD)('%j', async (expr, fragment, position) => {
    const r = await diffOf(expr);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(fragment);
    if (position !== undefined) expect(r.stderr).toContain(`at char ${position}:`);
    expect(r.stdout).toBe('');
  });

  it('with --json the error document carries the position', async () => {
    const r = await diffOf('x + * y', undefined, true);
    expect(JSON.parse(r.stdout).error.position).toBe(5);
  });
});

const S = 2; // the value of every other name
const h = 0.5;
/** Accepted input: the derivative d/dx at x = 0.5 (other names = 2), derived by hand. */
const GOOD: [expr: string, dfdx: number, names?: string[]][] = [
  ['2x', 2],
  ['x y', S, ['y']],
  ['3 x y', 3 * S, ['y']],
  ['1/2x', 0.5],
  ['1/x y', -S / h ** 2, ['y']], // (1/x)*y
  ['3 (x)', 3],
  ['(x)(x)', 2 * h],
  ['2(x + 1)', 2],
  ['sin(x)(y)', S * Math.cos(h), ['y']],
  ['x ++ y', 1, ['y']],
  ['x -- y', 1, ['y']],
  ['---x', -1],
  ['+-+x', -1],
  ['x^-y', -S * h ** (-S - 1), ['y']],
  ['-x^2', -2 * h],
  ['2^3^2*x', 512],
  ['-2^2*x', -4],
  ['e^x', Math.exp(h)],
  ['pi*x', Math.PI],
  ['x^2 - 2x + 1', 2 * h - 2],
  ['  x  ', 1],
  ['\tx\n+\n1', 1],
  ['((((x))))', 1],
  ['x__*x', S, ['x__']],
  ['constructor*x', S, ['constructor']],
  ['toString + x', 1, ['toString']],
  ['hasOwnProperty*x', S, ['hasOwnProperty']],
  ['valueOf^x', S ** h * Math.log(S), ['valueOf']],
  ['prototype*x', S, ['prototype']],
  ['Infinity*x', S, ['Infinity']],
  ['NaN + x', 1, ['NaN']],
  ['undefined*x', S, ['undefined']],
  ['null + x', 1, ['null']],
  ['in*x', S, ['in']],
  ['E*x', S, ['E']],
  ['PI*x', S, ['PI']],
  ['i*x', S, ['i']],
  ['x1*x', S, ['x1']],
  ['X*x', S, ['X']],
  ['sin_x*x', S, ['sin_x']],
  ['sinx*x', S, ['sinx']],
  ['lambda_0*x', S, ['lambda_0']],
  ['1x', 1],
  ['0x', 0],
  ['1e*x', Math.E],
  ['1e-5x', 1e-5],
  ['1E5*x', 1e5],
  ['2.5e+2*x', 250],
  ['00012*x', 12],
  ['0.*x', 0],
  ['.5x', 0.5],
  ['5.x', 5],
  ['0^0*x', 1],
  ['0.1*x + 0.2*x', 0.30000000000000004], // exact 3/10, printed as the double nearest
  ['ln(x)', 1 / h],
  ['ln(x^2+1)', (2 * h) / (h * h + 1)],
  ['asin(x)', 1 / Math.sqrt(1 - h * h)],
  ['acos(x)', -1 / Math.sqrt(1 - h * h)],
  ['atan(x)', 1 / (1 + h * h)],
  ['asinh(x)', 1 / Math.sqrt(h * h + 1)],
  ['acosh(x + 1)', 1 / Math.sqrt((h + 1) ** 2 - 1)],
  ['atanh(x)', 1 / (1 - h * h)],
  ['erf(x)', (2 / Math.sqrt(Math.PI)) * Math.exp(-h * h)],
  ['erf(x)^2', 2 * 0.5204998778130465 * (2 / Math.sqrt(Math.PI)) * Math.exp(-h * h)],
  ['asin(x)(x)', Math.asin(h) + h / Math.sqrt(1 - h * h)],
  ['abs(x)', 1],
  ['abs(x - 1)', -1],
  ['sign(x)', 0],
  ['tanh(x)', 1 - Math.tanh(h) ** 2],
  ['tan(pi/4)*x', 1],
  ['sqrt(x)', 0.5 / Math.sqrt(h)],
  ['exp(-1000)*x', 0], // e^-1000 underflows as a double; the derivative's text stays exact
];

describe('accepted input: the right derivative at x = 0.5', () => {
  it.each(GOOD)('%j', async (expr, dfdx, names = []) => {
    const at = ['x=0.5', ...names.map((n) => `${n}=${S}`)].join(',');
    const r = await diffOf(expr, at, true);
    expect(r.code, r.stderr).toBe(0);
    const value = JSON.parse(r.stdout).derivatives.x.value;
    expect(Math.abs(value - dfdx)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(dfdx)));
  });
});

/** Accepted, but no finite derivative value at the point: exit 1 with the reason. */
const NO_VALUE: [expr: string, at: string, fragment: string][] = [
  ['1e400*x', 'x=1', 'not finite'],
  ['1e200000*x', 'x=1', 'not finite'],
  ['exp(1000)*x', 'x=1', 'not finite'],
  ['exp(exp(exp(1000)))*x', 'x=1', 'not finite'],
  ['2^1000000000*x', 'x=1', 'not finite'],
  ['log(-1)*x', 'x=1', 'not finite'],
  ['sqrt(-1)*x', 'x=1', 'not finite'],
  ['(-1)^(1/2)*x', 'x=1', 'not finite'],
  ['1/x', 'x=0', 'not finite'],
  ['log(x)', 'x=0', 'not finite'],
  ['sqrt(x)', 'x=0', 'not finite'],
  ['asin(x)', 'x=1', 'not finite'],
  ['abs(x)', 'x=0', 'not differentiable'],
  ['abs(x - 1/2)', 'x=0.5', 'not differentiable'],
  ['sign(x)*x', 'x=0', 'not differentiable'],
  ['abs(x)^2', 'x=0', 'not differentiable'],
];

describe('no finite derivative at the point: exit 1 naming why', () => {
  it.each(NO_VALUE)('%j at %s', async (expr, at, fragment) => {
    const r = await diffOf(expr, at);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(fragment);
  });
});

describe('exact numbers beyond doubles', () => {
  it('1e-200000*x + y has the derivative 10^-200000 in x, not 0 (text exact, value underflows)', async () => {
    const r = await diffOf('1e-200000*x + y', 'x=1,y=1', true);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout).derivatives.x;
    expect(d.text).toBe(`1/1${'0'.repeat(200000)}`);
    expect(d.value).toBe(0);
  });

  it('1e-400*x: text exact', async () => {
    const r = await diffOf('1e-400*x', undefined, true);
    expect(JSON.parse(r.stdout).derivatives.x.text).toBe(`1/1${'0'.repeat(400)}`);
  });
});

/** --at values are expressions too. */
const AT: [at: string, fragment: string][] = [
  ['x=1/0', 'division by zero'],
  ['x=tan(pi/2)', 'tan is not finite'],
  ['x=1e400', 'not a finite number'],
  ['x=', 'empty expression'],
  ['x=y', 'contains the variable "y"'],
  ['x=0x1F', 'hexadecimal'],
  ['x=**2', '"**" is not the power operator'],
  ['x=2**3', '"**" is not the power operator'],
  ['x=asin(3)', 'no real value'],
];

describe('hostile --at values: exit 2', () => {
  it.each(AT)('%s', async (at, fragment) => {
    const r = await diffOf('x^2', at);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(fragment);
  });
});

describe('sizes', () => {
  const n = 10_000;
  it('10^4 nested parentheses work', async () => {
    const r = await diffOf('('.repeat(n) + 'x^2' + ')'.repeat(n), 'x=3', true);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).derivatives.x.value).toBe(6);
  });

  it.each([
    ['10^4 + 1 parentheses', '('.repeat(n + 1) + 'x' + ')'.repeat(n + 1), n + 1],
    ['20,001 minus signs', '-'.repeat(2 * n + 1) + 'x', n + 1],
    ['a power tower 10^4 + 1 high', 'x^'.repeat(n + 1) + 'x', 2 * n + 2],
    ['10^4 + 1 nested calls', 'exp('.repeat(n + 1) + 'x' + ')'.repeat(n + 1), 4 * n + 4],
  ])('%s: refused naming the limit, with a short excerpt', async (_label, expr, position) => {
    const r = await diffOf(expr);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nested more than 10000 levels deep');
    expect(r.stderr).toContain(`at char ${position}:`);
    expect(r.stderr.length).toBeLessThan(600);
  });

  it('a sum of 20,000 terms (2,000 crashed the mathjs front end)', async () => {
    const terms = Array.from({ length: 20_000 }, (_, i) => `x${i}^2`);
    const r = await diffOf(`${terms.join(' + ')} + 3x`, undefined, true);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).derivatives.x.text).toBe('3');
  });

  it('a literal of 150,000 digits is read whole', async () => {
    const digits = '7'.repeat(150_000);
    const r = await diffOf(`${digits}*x`, undefined, true);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).derivatives.x.text).toBe(digits);
  });

  it('a name of 100,000 letters is an ordinary name', async () => {
    const name = 'a'.repeat(100_000);
    const r = await diffOf(`${name}*x`, undefined, true);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).derivatives.x.text).toBe(name);
  });

  it('an error at the end of 200,000 characters quotes an excerpt, not the input', async () => {
    const r = await diffOf(`${'x + '.repeat(50_000)}*`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('at char 200001: value expected');
    expect(r.stderr).toContain('…');
    expect(r.stderr.length).toBeLessThan(600);
  });
});

it('the table holds at least 150 inputs', () => {
  expect(BAD.length + GOOD.length + NO_VALUE.length + AT.length + 2 + 8).toBeGreaterThanOrEqual(150);
});
