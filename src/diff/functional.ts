/**
 * Functional derivatives: for J[p] = ∫ F(x, p(x), p'(x), p''(x), ...) dx, the
 * Euler–Lagrange expression
 *     δJ/δp = ∂F/∂p − d/dx ∂F/∂p' + d²/dx² ∂F/∂p'' − ...
 *
 * The model, and why it lives here rather than in the IR's closed union of nodes: the
 * integrand F is an ordinary Expr in which p(x), p'(x), p''(x), ... are *jet symbols*,
 * plain symbols whose names are `p(x)`, `p'(x)`, `p''(x)`. Those names cannot be written
 * by a user (they fail NAME_PATTERN, the parser's rule for names), so they never clash
 * with a variable or parameter, and every existing transform (derivative, substitute,
 * compile) works on F unchanged: ∂F/∂p is `derivative(F, p(x))`. What the IR lacks, an
 * unknown function of x, is supplied by the total derivative below, which treats the jet
 * symbols as functions of x by the chain rule. The integral itself, ∫ over a support, is
 * data (`Functional`); the maxent room prints it (src/maxent/notation.ts).
 *
 * Printing: `toText` prints a jet symbol by its name, so text reads `log(p(x))`;
 * `functionalLatex` prints an expression containing jet symbols with p(x), p'(x) in LaTeX.
 */
import { NAME_PATTERN, add, dependsOn, freeSymbols, mul, neg, substitute, sym, toLatex, ZERO, type Expr, type Sym } from '../expr/index.js';
import { derivative } from './derivative.js';

/** An unknown function of one variable, e.g. p(x). */
export interface UnknownFunction {
  /** The function's name, e.g. `p` (a legal name). */
  readonly name: string;
  /** The name of its argument, e.g. `x`. */
  readonly variable: string;
}

/** Highest derivative order of the unknown function that the jet symbols cover. */
export const MAX_JET_ORDER = 8;

/** Makes an unknown function after checking both names are legal user names. */
export function unknownFunction(name: string, variable: string): UnknownFunction {
  if (!NAME_PATTERN.test(name)) throw new RangeError(`"${name}" is not a valid function name`);
  if (!NAME_PATTERN.test(variable)) throw new RangeError(`"${variable}" is not a valid variable name`);
  if (name === variable) throw new RangeError(`the function and its variable are both named "${name}"`);
  return { name, variable };
}

/**
 * The jet symbol standing for the k-th derivative of the unknown function:
 * k = 0 → `p(x)`, k = 1 → `p'(x)`, k = 2 → `p''(x)`.
 */
export function jetSymbol(fn: UnknownFunction, k = 0): Sym {
  if (!Number.isInteger(k) || k < 0 || k > MAX_JET_ORDER) throw new RangeError(`derivative order ${k} is out of range 0..${MAX_JET_ORDER}`);
  return sym(`${fn.name}${"'".repeat(k)}(${fn.variable})`);
}

/** The jet symbols p(x), p'(x), ... up to order n (inclusive). */
export function jetSymbols(fn: UnknownFunction, n: number): Sym[] {
  return Array.from({ length: n + 1 }, (_, k) => jetSymbol(fn, k));
}

/** Is the name one of the function's jet symbols? Returns its order, or undefined. */
export function jetOrderOf(fn: UnknownFunction, name: string): number | undefined {
  const prefix = fn.name;
  const suffix = `(${fn.variable})`;
  if (!name.startsWith(prefix) || !name.endsWith(suffix)) return undefined;
  const primes = name.slice(prefix.length, name.length - suffix.length);
  return /^'*$/.test(primes) && primes.length <= MAX_JET_ORDER ? primes.length : undefined;
}

/** The highest derivative order of the unknown function in e (−1 when e does not involve it). */
export function jetOrder(e: Expr, fn: UnknownFunction): number {
  let order = -1;
  for (const name of freeSymbols(e)) {
    const k = jetOrderOf(fn, name);
    if (k !== undefined && k > order) order = k;
  }
  return order;
}

/**
 * The total derivative d/dx of an expression in x and the jet symbols, treating p(x),
 * p'(x), ... as functions of x: d/dx G = ∂G/∂x + Σ_k ∂G/∂p^(k) · p^(k+1).
 */
export function totalDerivative(e: Expr, fn: UnknownFunction): Expr {
  const order = jetOrder(e, fn);
  if (order + 1 > MAX_JET_ORDER) throw new RangeError(`the total derivative would need p with ${order + 1} primes (max ${MAX_JET_ORDER})`);
  const terms: Expr[] = [derivative(e, fn.variable)];
  for (let k = 0; k <= order; k++) {
    const pk = jetSymbol(fn, k);
    if (!dependsOn(e, pk)) continue;
    terms.push(mul(derivative(e, pk), jetSymbol(fn, k + 1)));
  }
  return add(...terms);
}

/**
 * The Euler–Lagrange expression (the functional derivative δJ/δp) of J[p] = ∫ F dx:
 * Σ_k (−d/dx)^k ∂F/∂p^(k), over the derivative orders k present in F. Setting it to 0
 * gives the stationarity condition of J (with fixed or natural boundary terms ignored).
 */
export function eulerLagrange(F: Expr, fn: UnknownFunction): Expr {
  const order = jetOrder(F, fn);
  if (order < 0) return ZERO;
  const terms: Expr[] = [];
  for (let k = 0; k <= order; k++) {
    let t = derivative(F, jetSymbol(fn, k));
    for (let i = 0; i < k; i++) t = neg(totalDerivative(t, fn));
    terms.push(t);
  }
  return add(...terms);
}

/** One end of a support interval: an expression (number or parameters) or an infinity. */
export type Bound = Expr | '-inf' | 'inf';

/** The interval of integration of a functional. */
export interface Support {
  readonly lower: Bound;
  readonly upper: Bound;
}

/** A functional J[p] = ∫_support F(x, p(x), p'(x), ...) dx. */
export interface Functional {
  readonly fn: UnknownFunction;
  /** F, with p(x), p'(x), ... as jet symbols (see jetSymbol). */
  readonly integrand: Expr;
  readonly support: Support;
}

/** The functional derivative δJ/δp of a functional (its Euler–Lagrange expression). */
export function functionalDerivative(J: Functional): Expr {
  return eulerLagrange(J.integrand, J.fn);
}

/**
 * LaTeX of an expression containing jet symbols, with p(x), p'(x), p''(x) written as
 * such (the expr printer would set the unusual symbol names as upright text). Each jet
 * symbol is swapped for a placeholder symbol whose LaTeX is one unique token, the
 * expression is printed, and the tokens are replaced: the printer's layout decisions
 * (fractions, parentheses, bare `\log p(x)`) are those it makes for a plain symbol.
 */
export function functionalLatex(e: Expr, fn: UnknownFunction): string {
  const order = jetOrder(e, fn);
  if (order < 0) return toLatex(e);
  const mapping = new Map<Expr, Expr>();
  const tokens: [string, string][] = [];
  const used = freeSymbols(e);
  for (let k = 0; k <= order; k++) {
    let name = `zzjet${'q'.repeat(k + 1)}`;
    while (used.has(name)) name = `z${name}`;
    const placeholder = sym(name);
    mapping.set(jetSymbol(fn, k), placeholder);
    tokens.push([toLatex(placeholder), jetLatex(fn, k)]);
  }
  let out = toLatex(substitute(e, mapping));
  // Longest token first, so no token is replaced inside a longer one.
  tokens.sort((a, b) => b[0].length - a[0].length);
  for (const [token, replacement] of tokens) out = out.split(token).join(replacement);
  return out;
}

/** LaTeX of the k-th derivative of the unknown function: p(x), p'(x), p''(x), p^{(3)}(x). */
export function jetLatex(fn: UnknownFunction, k: number): string {
  const name = toLatex(sym(fn.name));
  const v = toLatex(sym(fn.variable));
  const primes = k === 0 ? '' : k <= 2 ? "'".repeat(k) : `^{(${k})}`;
  return `${name}${primes}(${v})`;
}
