/**
 * Everything about a built-in function in one table entry: its numeric value, its
 * derivative rule, its LaTeX and the JavaScript that computes it. The record is
 * declared `satisfies Record<FunctionName, OpSpec>`, so adding a name to
 * FUNCTION_NAMES without a full entry is a compile error.
 */
import { add, call, neg, num, ONE, pow, sub, ZERO, type Expr, type FunctionName } from './nodes.js';

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
  /** JavaScript for f(a), where `a` is generated code (a slot name), never user text. */
  readonly js: (a: string) => string;
  /** Where the function is smooth; used by samplers and by the gradcheck of property tests. */
  readonly domain: 'all' | 'positive' | 'cos-nonzero' | 'nonzero';
  /** Short description of the derivative rule, used when a derivation explains a step. */
  readonly rule: string;
}

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
} as const satisfies Record<FunctionName, OpSpec>;

/** Looks up a function's specification. */
export function functionSpec(fn: FunctionName): OpSpec {
  return FUNCTIONS[fn];
}

