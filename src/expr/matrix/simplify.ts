/**
 * Simplification of the entrywise parts of matrix expressions by the scalar simplifier.
 *
 * A maximal entrywise part (sums, `.*`, `.^`, scalar functions applied entry by entry,
 * scaling) computes every entry by one scalar formula of the entries of its leaves (the
 * products, transposes, reductions, declared symbols below it). That formula, the
 * representative entry, is written in the scalar IR with one placeholder symbol per
 * leaf, simplified there (`simplify`'s safe rules, then `together`: the logistic
 * Hessian's `e.^2 ./ (1 + e).^2 - e ./ (1 + e)` becomes `-e ./ (1 + e).^2`), and lifted
 * back; the lifted form is kept when it is smaller. So the scalar rules have one owner,
 * and the matrix room only translates.
 */
import { add, call, mul, nodeCount, pow, simplify, sym, together, DomainError, ONE, ZERO, type Expr } from '../index.js';
import { postOrder } from '../traverse.js';
import { mmul, mtranspose } from './build.js';
import { ones } from './leaves.js';
import { liftEntrywise, mhadamard, msum } from './entrywise.js';
import { mchildren, mtopologicalOrder, type MExpr } from './nodes.js';
import { rebuildM } from './replace.js';
import { isScalarShape, ShapeError } from './shape.js';

/** Nodes that act entry by entry on their children: sums, `.*`, `.^`, maps, and scalings of one matrix. */
function isEntrywise(e: MExpr): boolean {
  switch (e.kind) {
    case 'add':
    case 'hadamard':
    case 'pow':
    case 'map':
      return true;
    case 'mul':
      return e.chain.length <= 1;
    default:
      return false;
  }
}

/** Bound on the entrywise nodes of a part that a later part may read through again. */
const SMALL_PART = 12;

/** Does the entrywise tree under k have at most SMALL_PART nodes? (At most that many steps.) */
function isSmall(k: MExpr): boolean {
  const stack = [k];
  let n = 0;
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (++n > SMALL_PART) return false;
    if (isEntrywise(x)) stack.push(...mchildren(x));
  }
  return true;
}

/**
 * The representative entry of an entrywise part: a scalar expression, with the leaf each
 * placeholder stands for. Parts read before are leaves unless small (see `msimplify`).
 */
function representative(root: MExpr, claimed: Set<MExpr>): { expr: Expr; stands: Map<Expr, MExpr> } {
  const stands = new Map<Expr, MExpr>();
  const rep = new Map<MExpr, Expr>();
  const r = (k: MExpr): Expr => rep.get(k)!;
  const within = new Set<MExpr>();
  const inside = (k: MExpr): boolean => k === root || (isEntrywise(k) && (!claimed.has(k) || isSmall(k)));
  const order = postOrder([root], (k) => {
    if (!inside(k)) return [];
    within.add(k);
    return mchildren(k);
  });
  for (const n of within) claimed.add(n);
  for (const n of order) {
    let x: Expr;
    if (n.kind === 'scalar') x = n.expr;
    else if (n.kind === 'ones') x = ONE;
    else if (n.kind === 'zero') x = ZERO;
    else if (!within.has(n)) {
      // A name no parsed text can produce, so it never meets a user's symbol.
      x = sym(`\u0000m${stands.size}`);
      stands.set(x, n);
    } else {
      switch (n.kind) {
        case 'add':
          x = add(...n.terms.map(r));
          break;
        case 'mul':
          x = mul(...n.scalars.map(r), ...n.chain.map(r));
          break;
        case 'hadamard':
          x = mul(...n.factors.map(r));
          break;
        case 'pow':
          x = pow(r(n.base), r(n.exp));
          break;
        default:
          x = call((n as Extract<MExpr, { kind: 'map' }>).fn, r((n as Extract<MExpr, { kind: 'map' }>).arg));
      }
    }
    rep.set(n, x);
  }
  return { expr: r(root), stands };
}

/** One entrywise part simplified through its representative entry, when that is smaller. */
function simplifyPart(part: MExpr, claimed: Set<MExpr>): MExpr {
  try {
    const { expr, stands } = representative(part, claimed);
    const s = together(simplify(expr, { expand: false }));
    // Sizes of the representatives: local to the part (leaves are one symbol each).
    if (s === expr || nodeCount(s) >= nodeCount(expr)) return part;
    const lifted = liftEntrywise(s, stands);
    // An entry that no longer depends on a vector (exp(x) .* exp(-x) is 1) is still one entry of each.
    return isScalarShape(lifted.shape) && !isScalarShape(part.shape) ? mmul(lifted, ones(part.shape.rows, part.shape.cols)) : lifted;
  } catch (err) {
    // A rewrite the matrix constructors cannot express (a vector exponent) or a form
    // undefined everywhere: keep the part as it was.
    if (err instanceof ShapeError || err instanceof DomainError) return part;
    throw err;
  }
}

/**
 * An inner product u'*v of entrywise parts, as sum(u .* v) when the entrywise product
 * simplifies (`exp(x')*(y .* exp(-x))` is `sum(y)`).
 */
function simplifyInner(n: Extract<MExpr, { kind: 'mul' }>, claimed: Set<MExpr>): MExpr {
  const [a, b] = n.chain as [MExpr, MExpr];
  if (!isEntrywise(a) && !isEntrywise(b)) return n;
  const h = mhadamard(mtranspose(a), b);
  const s = isEntrywise(h) ? simplifyPart(h, claimed) : h;
  return s === h ? n : mmul(...n.scalars, msum(s));
}

/**
 * The expression with each maximal entrywise part simplified by the scalar simplifier
 * on its representative entry (the rest rebuilt through the canonical constructors).
 * Equal to the input wherever the input is defined. Iterative over the DAG.
 */
export function msimplify(root: MExpr): MExpr {
  const order = mtopologicalOrder([root]);
  const partRoots = new Set<MExpr>([root]);
  for (const n of order) if (!isEntrywise(n)) for (const k of mchildren(n)) partRoots.add(k);
  const done = new Map<MExpr, MExpr>();
  const get = (k: MExpr): MExpr => done.get(k)!;
  // Nodes a part has read are leaves of the parts after it unless they are small, so
  // every node is read a bounded number of times and the pass stays linear in the DAG.
  const claimed = new Set<MExpr>();
  for (const n of order) {
    let out = rebuildM(n, get);
    if (partRoots.has(n) && isEntrywise(out)) {
      out = simplifyPart(out, claimed);
      claimed.add(out);
    } else if (out.kind === 'mul' && isScalarShape(out.shape) && out.chain.length === 2) out = simplifyInner(out, claimed);
    done.set(n, out);
  }
  return get(root);
}
