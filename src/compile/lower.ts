/**
 * Lowering: the expression DAG becomes a topologically ordered list of scalar
 * instructions over numbered slots (the CasADi recipe). Each shared node is computed
 * once, into one slot. Nothing here is text: symbols are input indices, numbers are
 * doubles taken from the IR's own rationals, functions are FunctionName tags.
 *
 * The steps, one function each: `indexInputs` (variables to input positions),
 * `analyse` (topological order, constant nodes, use counts), `neededNodes` (which nodes
 * need a value of their own), then `Lowering` emits each needed node's instruction.
 *
 * Lowering decisions (why):
 * - Constant subexpressions (no free symbols) are folded to a double here, with the
 *   interpreter's node semantics, so `2*pi*x` costs one multiplication at run time.
 * - Small integer and half-integer powers become multiplications and `Math.sqrt`
 *   (x^2 → t*t, x^-1 → 1/t, x^(1/2) → sqrt(t), x^(3/2) → t*sqrt(t)); larger or
 *   non-integer exponents use `Math.pow`, which is more accurate than a long chain.
 *   Powers are memoised per (base, exponent), so x^2 and x^4 = (x^2)^2 share x^2.
 * - A product used only inside one sum is printed inside that sum (`a - 2*b*c` rather
 *   than a slot for `-2*b*c`), and a negative power used only inside one product becomes
 *   a divisor (`a/b` rather than a slot for `1/b`). Shared ones keep their own slot, so
 *   the rule never computes a node twice.
 * - Sums stay whole here; `splitLongSums` (schedule.ts) chains the long ones after
 *   `reroll` has had the chance to turn them into loops.
 */
import { Rational, topologicalOrder, children, type Expr, type Sym } from '../expr/index.js';
import { nodeValue } from './interpret.js';
import type { Operand, Product, ScalarInstr, ScalarProgram, Term } from './program.js';

export type { Instr, Operand, Product, Program, ScalarProgram, Term } from './program.js';

/** Raised when an expression depends on a symbol that is not one of the compiled variables. */
export class FreeSymbolError extends Error {
  override name = 'FreeSymbolError';
  constructor(
    readonly symbol: string,
    readonly variables: readonly string[],
  ) {
    super(`the expression depends on "${symbol}", which is not among the variables [${variables.map((v) => `"${v}"`).join(', ')}]`);
  }
}

const HALF = Rational.of(1n, 2n);

/** Largest integer exponent computed by repeated multiplication; beyond it Math.pow is more accurate. */
export const MAX_MULTIPLIED_POWER = 16;

/** Lowers the DAG under `roots` to scalar instructions; `vars[i]` is read from input i. */
export function lower(roots: readonly Expr[], vars: readonly Sym[]): ScalarProgram {
  const inputIndex = indexInputs(vars);
  const facts = analyse(roots, inputIndex, vars);
  const lowering = new Lowering(inputIndex, facts);
  const needed = neededNodes(roots, facts, lowering);
  for (const node of facts.order) {
    if (facts.isConst(node)) lowering.foldConstant(node);
    else if (needed.has(node)) lowering.lowerNode(node);
  }
  return {
    inputCount: vars.length,
    instructions: lowering.instructions,
    outputs: roots.map((r) => lowering.operandOf(r)),
    slotCount: lowering.instructions.length,
    nodeCount: facts.order.length,
    workSize: 0,
    table: [],
  };
}

/** Step 1: input positions of the variables (a variable listed twice is an error). */
function indexInputs(vars: readonly Sym[]): Map<Sym, number> {
  const inputIndex = new Map<Sym, number>();
  vars.forEach((v, i) => {
    if (inputIndex.has(v)) throw new RangeError(`the variable "${v.name}" is listed twice`);
    inputIndex.set(v, i);
  });
  return inputIndex;
}

/** What lowering needs to know about the DAG. */
interface DagFacts {
  readonly order: readonly Expr[];
  isConst(n: Expr): boolean;
  usedOnce(n: Expr): boolean;
}

/**
 * Step 2: topological order, constant nodes and use counts. A node is constant when no
 * symbol lies under it: one boolean per node, bottom-up (expr's freeSymbols keeps a set
 * per node, quadratic along chains of distinct symbols).
 */
function analyse(roots: readonly Expr[], inputIndex: ReadonlyMap<Sym, number>, vars: readonly Sym[]): DagFacts {
  const order = topologicalOrder(roots);
  const varying = new Set<Expr>();
  const uses = new Map<Expr, number>();
  const bump = (n: Expr): void => void uses.set(n, (uses.get(n) ?? 0) + 1);
  for (const node of order) {
    if (node.kind === 'sym') {
      if (!inputIndex.has(node)) throw new FreeSymbolError(node.name, vars.map((v) => v.name));
      varying.add(node);
    } else if (children(node).some((k) => varying.has(k))) varying.add(node);
    for (const k of children(node)) bump(k);
  }
  for (const r of roots) bump(r);
  return { order, isConst: (n) => !varying.has(n), usedOnce: (n) => uses.get(n) === 1 };
}

/** Step 3: which nodes need a value of their own (reverse topological order: parents first). */
function neededNodes(roots: readonly Expr[], facts: DagFacts, lowering: Lowering): Set<Expr> {
  const needed = new Set<Expr>(roots);
  for (let i = facts.order.length - 1; i >= 0; i--) {
    const node = facts.order[i]!;
    if (!needed.has(node) || facts.isConst(node)) continue;
    for (const d of lowering.valueDeps(node)) needed.add(d);
  }
  return needed;
}

type Mul = Expr & { kind: 'mul' };
type Pow = Expr & { kind: 'pow' };

/** Step 4: emits the instruction of each needed node, in topological order. */
class Lowering {
  readonly instructions: ScalarInstr[] = [];
  private readonly operands = new Map<Expr, Operand>();
  private readonly constValues = new Map<Expr, number>();
  /** base^r by `${base.id}^${r}`: each power of a base is computed once. */
  private readonly powers = new Map<string, Operand>();

  constructor(
    private readonly inputIndex: ReadonlyMap<Sym, number>,
    private readonly facts: DagFacts,
  ) {}

  /** A negative numeric power, used by one product only, that can be printed as a divisor. */
  private foldableDivisor(f: Expr): f is Pow {
    return f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value.isNegative && isSmallPower(f.exp.value.neg()) && this.facts.usedOnce(f) && !this.facts.isConst(f);
  }
  /** A product used by one sum only: printed inline as a signed term of that sum. */
  private foldableTerm(t: Expr): t is Mul {
    return t.kind === 'mul' && this.facts.usedOnce(t) && !this.facts.isConst(t);
  }

  /** The nodes whose values `node`'s instruction reads. */
  valueDeps(node: Expr): Expr[] {
    const out: Expr[] = [];
    const productDeps = (m: Mul): void => {
      for (const f of m.factors) if (!this.facts.isConst(f)) out.push(this.foldableDivisor(f) ? f.base : f);
    };
    switch (node.kind) {
      case 'add':
        for (const t of node.terms) {
          if (this.facts.isConst(t)) continue;
          if (this.foldableTerm(t)) productDeps(t);
          else if (this.foldableDivisor(t)) out.push(t.base);
          else out.push(t);
        }
        break;
      case 'mul':
        productDeps(node);
        break;
      case 'pow':
        out.push(node.base);
        if (node.exp.kind !== 'num') out.push(node.exp);
        break;
      case 'call':
        out.push(node.arg);
        break;
      default:
        break;
    }
    return out;
  }

  foldConstant(node: Expr): void {
    this.constValues.set(node, nodeValue(node, children(node).map((k) => this.constValues.get(k)!)));
  }

  operandOf(n: Expr): Operand {
    if (this.facts.isConst(n)) return { kind: 'const', value: this.constValues.get(n)! };
    const op = this.operands.get(n);
    if (!op) throw new Error(`internal: operand of node ${n.id} requested before it was lowered`);
    return op;
  }

  private emit(make: (out: number) => ScalarInstr): Operand {
    const out = this.instructions.length;
    this.instructions.push(make(out));
    return { kind: 'slot', slot: out };
  }

  lowerNode(node: Expr): void {
    this.operands.set(node, this.valueOf(node));
  }

  private valueOf(node: Expr): Operand {
    switch (node.kind) {
      case 'sym':
        return { kind: 'input', index: this.inputIndex.get(node)! };
      case 'add':
        return this.lowerSum(node);
      case 'mul': {
        const product = this.productOf(node.factors);
        return this.emit((out) => ({ op: 'prod', out, product }));
      }
      case 'pow':
        return this.lowerPower(node);
      case 'call': {
        const arg = this.operandOf(node.arg);
        const fn = node.fn;
        return this.emit((out) => ({ op: 'call', out, fn, arg }));
      }
      default:
        throw new Error(`internal: cannot lower a ${node.kind} node`);
    }
  }

  private lowerSum(node: Expr & { kind: 'add' }): Operand {
    const terms: Term[] = node.terms.map((t) => {
      let p: Product;
      if (this.facts.isConst(t)) p = { coef: this.constValues.get(t)!, num: [], den: [] };
      else if (this.foldableTerm(t)) p = this.productOf(t.factors);
      else if (this.foldableDivisor(t)) p = this.productOf([t]);
      else p = { coef: 1, num: [this.operandOf(t)], den: [] };
      return p.coef < 0 ? { sign: -1, product: { ...p, coef: -p.coef } } : { sign: 1, product: p };
    });
    return this.emit((out) => ({ op: 'sum', out, terms }));
  }

  private lowerPower(node: Pow): Operand {
    if (node.exp.kind === 'num') {
      const r = node.exp.value;
      if (!r.isNegative) return isSmallPower(r) ? this.power(node.base, r) : this.emitPow(node);
      if (isSmallPower(r.neg())) {
        const d = this.power(node.base, r.neg());
        return this.emit((out) => ({ op: 'prod', out, product: { coef: 1, num: [], den: [d] } }));
      }
    }
    return this.emitPow(node);
  }

  private emitPow(node: Pow): Operand {
    const base = this.operandOf(node.base);
    const exp = this.operandOf(node.exp);
    return this.emit((out) => ({ op: 'pow', out, base, exp }));
  }

  private productOf(factors: readonly Expr[]): Product {
    let coef = 1;
    const num: Operand[] = [];
    const den: Operand[] = [];
    for (const f of factors) {
      if (this.facts.isConst(f)) coef *= this.constValues.get(f)!;
      else if (this.foldableDivisor(f)) den.push(this.power(f.base, (f.exp as Expr & { kind: 'num' }).value.neg()));
      else num.push(this.operandOf(f));
    }
    return { coef, num, den };
  }

  /** base^r for a positive rational r, memoised per (base, r): multiplications and sqrt where small. */
  private power(base: Expr, r: Rational): Operand {
    const key = `${base.id}^${r}`;
    const found = this.powers.get(key);
    if (found) return found;
    let op: Operand;
    const b = this.operandOf(base);
    if (r.isOne) op = b;
    else if (r.isInteger && r.num <= BigInt(MAX_MULTIPLIED_POWER)) op = this.integerPower(base, Number(r.num));
    else if (r.den === 2n && r.num === 1n) op = this.emit((out) => ({ op: 'sqrt', out, arg: b }));
    else if (r.den === 2n && r.num < BigInt(2 * MAX_MULTIPLIED_POWER)) {
      const k = Number((r.num - 1n) / 2n); // r = k + 1/2
      const whole = this.integerPower(base, k);
      const half = this.power(base, HALF);
      op = this.emit((out) => ({ op: 'prod', out, product: { coef: 1, num: [whole, half], den: [] } }));
    } else op = this.emit((out) => ({ op: 'pow', out, base: b, exp: { kind: 'const', value: r.toNumber() } }));
    this.powers.set(key, op);
    return op;
  }

  /** Exponentiation by squaring over memoised slots: x^4 = (x^2)^2, x^5 = x^4 * x. */
  private integerPower(base: Expr, n: number): Operand {
    const key = `${base.id}^${n}`;
    const found = this.powers.get(key);
    if (found) return found;
    const b = this.operandOf(base);
    const square = (h: Operand): Operand => this.emit((out) => ({ op: 'prod', out, product: { coef: 1, num: [h, h], den: [] } }));
    let op: Operand;
    if (n === 1) op = b;
    else if (n === 2) op = square(b);
    else if (n === 3) op = this.emit((out) => ({ op: 'prod', out, product: { coef: 1, num: [b, b, b], den: [] } }));
    else if (n % 2 === 0) op = square(this.integerPower(base, n / 2));
    else {
      const h = this.integerPower(base, n - 1);
      op = this.emit((out) => ({ op: 'prod', out, product: { coef: 1, num: [h, b], den: [] } }));
    }
    this.powers.set(key, op);
    return op;
  }
}

/** Exponents printed without Math.pow: integers up to MAX_MULTIPLIED_POWER and their half-steps. */
function isSmallPower(r: Rational): boolean {
  if (r.isNegative || r.isZero) return false;
  if (r.isInteger) return r.num <= BigInt(MAX_MULTIPLIED_POWER);
  return r.den === 2n && r.num < BigInt(2 * MAX_MULTIPLIED_POWER);
}
