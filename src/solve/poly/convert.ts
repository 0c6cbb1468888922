/**
 * From expressions to polynomials: each equation becomes num/den, a rational function in
 * the unknowns and parameters, over one ring whose variables are the unknowns first
 * (lex-highest), then the parameters, then constant atoms (pi, sqrt(2), exp(c), ...) that
 * contain no unknown and are treated as extra parameters. A subterm that is not rational
 * in the unknowns (log(x), sqrt(x), exp(x*y)) makes the equation non-polynomial.
 */
import { dependsOn, sym, type Expr, Rational } from '../../expr/index.js';
import { rfAdd, rfConst, rfMul, rfPow, rfVar, type RatFunc } from './ratfunc.js';

/** The polynomial form of a system. */
export interface PolyForm {
  /** Number of ring variables. */
  readonly n: number;
  /** Number of unknowns (ring variables 0..nu-1). */
  readonly nu: number;
  /** Expression of every ring variable (symbols for unknowns and parameters, the atom itself for atoms). */
  readonly varExprs: readonly Expr[];
  /** Each equation as num/den in lowest terms. */
  readonly equations: readonly RatFunc[];
}

/** Result of the conversion: the polynomial form, or the subterms that prevent it. */
export type ConversionResult = { ok: true; form: PolyForm } | { ok: false; obstacles: Expr[] };

/** True when a node is handled structurally (rational operations on symbols and numbers). */
function isRationalNode(e: Expr): boolean {
  return e.kind === 'num' || e.kind === 'sym' || e.kind === 'add' || e.kind === 'mul' || (e.kind === 'pow' && e.exp.kind === 'num' && e.exp.value.isInteger);
}

/** Maximal non-rational subterms (atoms) of the expressions. */
export function collectAtoms(exprs: readonly Expr[]): Expr[] {
  const atoms: Expr[] = [];
  const seen = new Set<Expr>();
  const stack = [...exprs];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (seen.has(e)) continue;
    seen.add(e);
    if (!isRationalNode(e)) {
      atoms.push(e);
      continue;
    }
    if (e.kind === 'add') stack.push(...e.terms);
    else if (e.kind === 'mul') stack.push(...e.factors);
    else if (e.kind === 'pow') stack.push(e.base);
  }
  return atoms;
}

/**
 * Converts the equations. `unknowns` come first in the ring, then `parameters` (every other
 * free symbol must be among them), then constant atoms.
 */
export function toPolyForm(equations: readonly Expr[], unknowns: readonly string[], parameters: readonly Expr[]): ConversionResult {
  const atoms = collectAtoms(equations);
  const obstacles = atoms.filter((a) => unknowns.some((u) => dependsOn(a, u)));
  if (obstacles.length > 0) return { ok: false, obstacles };
  const constAtoms = atoms.filter((a) => a.kind !== 'sym');
  const varExprs: Expr[] = [...unknowns.map((u) => sym(u)), ...parameters, ...constAtoms];
  const n = varExprs.length;
  const index = new Map<Expr, number>();
  varExprs.forEach((v, i) => index.set(v, i));
  const memo = new Map<Expr, RatFunc>();
  // Post-order walk that stops at ring variables (atoms are never entered).
  const convert = (root: Expr): RatFunc => {
    const stack: { node: Expr; expanded: boolean }[] = [{ node: root, expanded: false }];
    while (stack.length > 0) {
      const top = stack.pop()!;
      const node = top.node;
      if (memo.has(node)) continue;
      const idx = index.get(node);
      if (idx !== undefined) {
        memo.set(node, rfVar(n, idx));
        continue;
      }
      const kids = node.kind === 'add' ? node.terms : node.kind === 'mul' ? node.factors : node.kind === 'pow' ? [node.base] : [];
      if (!top.expanded) {
        stack.push({ node, expanded: true });
        for (const k of kids) if (!memo.has(k)) stack.push({ node: k, expanded: false });
        continue;
      }
      let r: RatFunc;
      switch (node.kind) {
        case 'num':
          r = rfConst(n, node.value);
          break;
        case 'add':
          r = node.terms.reduce<RatFunc>((acc, t) => rfAdd(acc, memo.get(t)!), rfConst(n, Rational.ZERO));
          break;
        case 'mul':
          r = node.factors.reduce<RatFunc>((acc, t) => rfMul(acc, memo.get(t)!), rfConst(n, Rational.ONE));
          break;
        case 'pow':
          r = rfPow(memo.get(node.base)!, Number((node.exp as Extract<Expr, { kind: 'num' }>).value.num));
          break;
        case 'sym':
          throw new RangeError(`symbol ${node.name} is neither an unknown nor a parameter`);
        default:
          throw new Error('internal: unexpected atom in polynomial conversion');
      }
      memo.set(node, r);
    }
    return memo.get(root)!;
  };
  return { ok: true, form: { n, nu: unknowns.length, varExprs, equations: equations.map(convert) } };
}

