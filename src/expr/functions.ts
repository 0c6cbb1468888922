/**
 * Everything about a built-in function in one table entry: its numeric value, its
 * derivative rule, its LaTeX and the JavaScript that computes it. The record is
 * declared `satisfies Record<FunctionName, OpSpec>`, so adding a name to
 * FUNCTION_NAMES without a full entry is a compile error.
 */
import { erf } from './erf.js';
import { add, call, mul, neg, num, ONE, PI, pow, sub, ZERO, type Expr, type FunctionName } from './nodes.js';
import { Rational } from './rational.js';

/** The specification of one built-in function of one argument. */
export interface OpSpec {
  /** Numeric value at a double. */
  readonly evaluate: (x: number) => number;
  /**
   * d f(u) / du, given the argument u and the node f(u) itself (so exp and tanh can
   * reuse their own value, keeping derivative DAGs small).
   */
  readonly derivative: (u: Expr, self: Expr) => Expr;
  /** LaTeX operator name, e.g. `\sin`. */
  readonly latex: string;
  /**
   * JavaScript for f(a), where `a` is generated code (a slot name), never user text. It
   * may call `Math.*` or a function of GENERATED_HELPERS as `h.<name>(...)`.
   */
  readonly js: (a: string) => string;
  /**
   * Where the function is smooth; used by samplers and by the gradcheck of property
   * tests. `unit-open`: (-1, 1); `above-one`: (1, inf).
   */
  readonly domain: 'all' | 'positive' | 'cos-nonzero' | 'nonzero' | 'unit-open' | 'above-one';
  /** Short description of the derivative rule, used when a derivation explains a step. */
  readonly rule: string;
}

/**
 * Numeric helpers that generated code may call as `h.<name>(a)`: part of the code
 * generator's own vocabulary (the compiler passes this object in), never a user name.
 */
export const GENERATED_HELPERS = { erf } as const;

/** Name of a generated-code helper. */
export type HelperName = keyof typeof GENERATED_HELPERS;

const TWO_OVER_SQRT_PI = mul(num(2), pow(PI, num(Rational.of(-1n, 2n))));
const squared = (u: Expr): Expr => pow(u, num(2));

/** The one table of built-in functions. */
export const FUNCTIONS = {
  exp: {
    evaluate: Math.exp,
    derivative: (_u, self) => self,
    latex: '\\exp',
    js: (a) => `Math.exp(${a})`,
    domain: 'all',
    rule: 'd/du exp(u) = exp(u)',
  },
  log: {
    evaluate: Math.log,
    derivative: (u) => pow(u, num(-1)),
    latex: '\\log',
    js: (a) => `Math.log(${a})`,
    domain: 'positive',
    rule: 'd/du log(u) = 1/u',
  },
  sin: {
    evaluate: Math.sin,
    derivative: (u) => call('cos', u),
    latex: '\\sin',
    js: (a) => `Math.sin(${a})`,
    domain: 'all',
    rule: 'd/du sin(u) = cos(u)',
  },
  cos: {
    evaluate: Math.cos,
    derivative: (u) => neg(call('sin', u)),
    latex: '\\cos',
    js: (a) => `Math.cos(${a})`,
    domain: 'all',
    rule: 'd/du cos(u) = -sin(u)',
  },
  tan: {
    evaluate: Math.tan,
    derivative: (_u, self) => add(ONE, pow(self, num(2))),
    latex: '\\tan',
    js: (a) => `Math.tan(${a})`,
    domain: 'cos-nonzero',
    rule: 'd/du tan(u) = 1 + tan(u)^2',
  },
  sinh: {
    evaluate: Math.sinh,
    derivative: (u) => call('cosh', u),
    latex: '\\sinh',
    js: (a) => `Math.sinh(${a})`,
    domain: 'all',
    rule: 'd/du sinh(u) = cosh(u)',
  },
  cosh: {
    evaluate: Math.cosh,
    derivative: (u) => call('sinh', u),
    latex: '\\cosh',
    js: (a) => `Math.cosh(${a})`,
    domain: 'all',
    rule: 'd/du cosh(u) = sinh(u)',
  },
  tanh: {
    evaluate: Math.tanh,
    derivative: (_u, self) => sub(ONE, pow(self, num(2))),
    latex: '\\tanh',
    js: (a) => `Math.tanh(${a})`,
    domain: 'all',
    rule: 'd/du tanh(u) = 1 - tanh(u)^2',
  },
  abs: {
    evaluate: Math.abs,
    // Not differentiable at u = 0; sign(u) is the derivative everywhere else.
    derivative: (u) => call('sign', u),
    latex: '',
    js: (a) => `Math.abs(${a})`,
    domain: 'nonzero',
    rule: 'd/du |u| = sign(u) for u != 0',
  },
  sign: {
    evaluate: Math.sign,
    derivative: () => ZERO,
    latex: '\\operatorname{sign}',
    js: (a) => `Math.sign(${a})`,
    domain: 'nonzero',
    rule: 'd/du sign(u) = 0 for u != 0',
  },
  asin: {
    evaluate: Math.asin,
    derivative: (u) => pow(sub(ONE, squared(u)), num(Rational.of(-1n, 2n))),
    latex: '\\arcsin',
    js: (a) => `Math.asin(${a})`,
    domain: 'unit-open',
    rule: 'd/du asin(u) = 1/sqrt(1 - u^2)',
  },
  acos: {
    evaluate: Math.acos,
    derivative: (u) => neg(pow(sub(ONE, squared(u)), num(Rational.of(-1n, 2n)))),
    latex: '\\arccos',
    js: (a) => `Math.acos(${a})`,
    domain: 'unit-open',
    rule: 'd/du acos(u) = -1/sqrt(1 - u^2)',
  },
  atan: {
    evaluate: Math.atan,
    derivative: (u) => pow(add(ONE, squared(u)), num(-1)),
    latex: '\\arctan',
    js: (a) => `Math.atan(${a})`,
    domain: 'all',
    rule: 'd/du atan(u) = 1/(1 + u^2)',
  },
  asinh: {
    evaluate: Math.asinh,
    derivative: (u) => pow(add(squared(u), ONE), num(Rational.of(-1n, 2n))),
    latex: '\\operatorname{arsinh}',
    js: (a) => `Math.asinh(${a})`,
    domain: 'all',
    rule: 'd/du asinh(u) = 1/sqrt(u^2 + 1)',
  },
  acosh: {
    evaluate: Math.acosh,
    derivative: (u) => pow(sub(squared(u), ONE), num(Rational.of(-1n, 2n))),
    latex: '\\operatorname{arcosh}',
    js: (a) => `Math.acosh(${a})`,
    domain: 'above-one',
    rule: 'd/du acosh(u) = 1/sqrt(u^2 - 1) for u > 1',
  },
  atanh: {
    evaluate: Math.atanh,
    derivative: (u) => pow(sub(ONE, squared(u)), num(-1)),
    latex: '\\operatorname{artanh}',
    js: (a) => `Math.atanh(${a})`,
    domain: 'unit-open',
    rule: 'd/du atanh(u) = 1/(1 - u^2)',
  },
  erf: {
    evaluate: erf,
    derivative: (u) => mul(TWO_OVER_SQRT_PI, call('exp', neg(squared(u)))),
    latex: '\\operatorname{erf}',
    js: (a) => `h.erf(${a})`,
    domain: 'all',
    rule: 'd/du erf(u) = 2/sqrt(pi)*exp(-u^2)',
  },
} as const satisfies Record<FunctionName, OpSpec>;

/** Looks up a function's specification. */
export function functionSpec(fn: FunctionName): OpSpec {
  return FUNCTIONS[fn];
}

