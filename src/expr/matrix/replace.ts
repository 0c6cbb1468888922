/**
 * Replacing nodes of a matrix expression by others, rebuilding every ancestor through
 * the canonical constructors (so the result is canonical again). The adjoint room uses
 * it to write a derivative in terms of the program's variables: the node
 * `tanh(W1*x + b1)` inside `1 - tanh(W1*x + b1).^2` becomes `z1`, which it equals on
 * the forward solution. Iterative over the DAG: no recursion on the input's depth.
 */
import { madd, minv, mmul, mtranspose } from './build.js';
import { liftEntrywise, mdet, mdiag, mhadamard, mlogdet, mmap, mnorm, mpow, msum, mtr } from './entrywise.js';
import { mtopologicalOrder, type MExpr } from './nodes.js';
import { mscalar } from './leaves.js';
import { dependsOn, substitute, sym, type Expr } from '../index.js';

/**
 * The root with every node that is a key of `replacements` replaced by its value. A key
 * that is a scalar symbol (`mscalar('s')`) is also replaced where it occurs inside scalar
 * expressions (`2*s`), by the scalar IR's substitution when its value is a pure scalar,
 * and otherwise by lifting that scalar expression into matrix nodes.
 */
export function replaceNodes(root: MExpr, replacements: ReadonlyMap<MExpr, MExpr>): MExpr {
  if (replacements.size === 0) return root;
  const symbols = new Map<string, MExpr>();
  for (const [k, v] of replacements) if (k.kind === 'scalar' && k.expr.kind === 'sym') symbols.set(k.expr.name, v);
  const done = new Map<MExpr, MExpr>();
  const get = (k: MExpr): MExpr => done.get(k)!;
  for (const node of mtopologicalOrder([root])) {
    const hit = replacements.get(node);
    if (hit) {
      done.set(node, hit);
      continue;
    }
    done.set(node, node.kind === 'scalar' && symbols.size > 0 ? replaceInScalar(node.expr, symbols) : rebuildM(node, get));
  }
  return get(root);
}

/** A scalar expression with symbols replaced by matrix expressions (1×1), as a matrix node. */
function replaceInScalar(e: Expr, symbols: ReadonlyMap<string, MExpr>): MExpr {
  const names = [...symbols.keys()].filter((n) => dependsOn(e, n));
  if (names.length === 0) return mscalar(e);
  if (names.every((n) => symbols.get(n)!.kind === 'scalar')) {
    const map: Record<string, Expr> = {};
    for (const n of names) map[n] = (symbols.get(n) as Extract<MExpr, { kind: 'scalar' }>).expr;
    return mscalar(substitute(e, map));
  }
  const stands = new Map<Expr, MExpr>();
  for (const n of names) stands.set(sym(n), symbols.get(n)!);
  return liftEntrywise(e, stands);
}

/** The node rebuilt through the canonical constructors from its children's replacements (itself when none changed). */
export function rebuildM(node: MExpr, get: (k: MExpr) => MExpr): MExpr {
  switch (node.kind) {
    case 'scalar':
    case 'var':
    case 'eye':
    case 'ones':
    case 'zero':
      return node;
    case 'add': {
      const terms = node.terms.map(get);
      return terms.every((t, i) => t === node.terms[i]) ? node : madd(...terms);
    }
    case 'mul': {
      const scalars = node.scalars.map(get);
      const chain = node.chain.map(get);
      return scalars.every((t, i) => t === node.scalars[i]) && chain.every((t, i) => t === node.chain[i]) ? node : mmul(...scalars, ...chain);
    }
    case 'hadamard': {
      const fs = node.factors.map(get);
      return fs.every((t, i) => t === node.factors[i]) ? node : mhadamard(...fs);
    }
    case 'pow': {
      const b = get(node.base);
      const e = get(node.exp);
      return b === node.base && e === node.exp ? node : mpow(b, e);
    }
    default: {
      const arg = get(node.arg);
      if (arg === node.arg) return node;
      switch (node.kind) {
        case 'transpose':
          return mtranspose(arg);
        case 'inv':
          return minv(arg);
        case 'map':
          return mmap(node.fn, arg);
        case 'sum':
          return msum(arg);
        case 'norm':
          return mnorm(arg);
        case 'tr':
          return mtr(arg);
        case 'det':
          return mdet(arg);
        case 'logdet':
          return mlogdet(arg);
        case 'diag':
          return mdiag(arg);
      }
    }
  }
}
