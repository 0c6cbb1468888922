/**
 * Lowering: the expression DAG becomes a topologically ordered list of instructions
 * over numbered slots (the CasADi recipe). Each shared node is computed once, into one
 * slot. Nothing here is text: symbols are input indices, numbers are doubles taken from
 * the IR's own rationals, functions are FunctionName tags. Printing is `emit.ts`'s job.
 *
 * Lowering decisions (why):
 * - Constant subexpressions (no free symbols) are folded to a double here, with the
 *   interpreter's node semantics, so `2*pi*x` costs one multiplication at run time.
 * - Small integer and half-integer powers become multiplications and `Math.sqrt`
 *   (x^2 → t*t, x^-1 → 1/t, x^(1/2) → sqrt(t), x^(3/2) → t*sqrt(t)); larger or
 *   non-integer exponents use `Math.pow`, which is more accurate than a long chain.
 * - A product used only inside one sum is printed inside that sum (`a - 2*b*c` rather
 *   than a slot for `-2*b*c`), and a negative power used only inside one product becomes
 *   a divisor (`a/b` rather than a slot for `1/b`). Shared ones keep their own slot, so
 *   the rule never computes a node twice.
 * - Sums longer than MAX_SUM_TERMS become chains of partial sums (same order of additions).
 * - `schedule` then reorders the instructions depth-first from the outputs, so values
 *   are consumed soon after they are made (short live ranges; see its comment).
 */
import { Rational, topologicalOrder, children, type Expr, type FunctionName, type Sym } from '../expr/index.js';
import { nodeValue } from './interpret.js';

/** Where an instruction reads a value from. */
export type Operand =
  | { readonly kind: 'input'; readonly index: number }
  | { readonly kind: 'slot'; readonly slot: number }
  | { readonly kind: 'const'; readonly value: number };

/** coef * (product of num) / (product of den). */
export interface Product {
  readonly coef: number;
  readonly num: readonly Operand[];
  readonly den: readonly Operand[];
}

/** One signed term of a sum. */
export interface Term {
  readonly sign: 1 | -1;
  readonly product: Product;
}

/** One instruction: computes the value of slot `out`. */
export type Instr =
  | { readonly op: 'sum'; readonly out: number; readonly terms: readonly Term[] }
  | { readonly op: 'prod'; readonly out: number; readonly product: Product }
  | { readonly op: 'call'; readonly out: number; readonly fn: FunctionName; readonly arg: Operand }
  | { readonly op: 'sqrt'; readonly out: number; readonly arg: Operand }
  | { readonly op: 'pow'; readonly out: number; readonly base: Operand; readonly exp: Operand };

/** The lowered program: instructions in execution order and the operand of each output. */
export interface Program {
  /** Number of input values (the variables, in order). */
  readonly inputCount: number;
  readonly instructions: readonly Instr[];
  readonly outputs: readonly Operand[];
  /** Number of slots (= instructions; every instruction defines a fresh slot). */
  readonly slotCount: number;
  /** Distinct DAG nodes under the outputs. */
  readonly nodeCount: number;
}

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

/**
 * Most terms in one printed sum. TurboFan took 2.7 s to optimise one function holding
 * a 2,000-term sum (1000-D Rosenbrock); chained partial sums of this size compile in
 * milliseconds and add in the same order.
 */
export const MAX_SUM_TERMS = 32;

/** Largest integer exponent computed by repeated multiplication; beyond it Math.pow is more accurate. */
export const MAX_MULTIPLIED_POWER = 16;

/** Lowers the DAG under `roots` to instructions; `vars[i]` is read from input i. */
export function lower(roots: readonly Expr[], vars: readonly Sym[]): Program {
  const inputIndex = new Map<Sym, number>();
  vars.forEach((v, i) => {
    if (inputIndex.has(v)) throw new RangeError(`the variable "${v.name}" is listed twice`);
    inputIndex.set(v, i);
  });
  const order = topologicalOrder(roots);
  // A node is constant when no symbol lies under it: one boolean per node, bottom-up
  // (expr's freeSymbols keeps a set per node, quadratic along chains of distinct symbols).
  const varying = new Set<Expr>();
  for (const node of order) {
    if (node.kind === 'sym') {
      if (!inputIndex.has(node)) throw new FreeSymbolError(node.name, vars.map((v) => v.name));
      varying.add(node);
    } else if (children(node).some((k) => varying.has(k))) varying.add(node);
  }
  const uses = new Map<Expr, number>();
  const bump = (n: Expr): void => void uses.set(n, (uses.get(n) ?? 0) + 1);
  for (const node of order) for (const k of children(node)) bump(k);
  for (const r of roots) bump(r);
  const isConst = (n: Expr): boolean => !varying.has(n);
  const usedOnce = (n: Expr): boolean => uses.get(n) === 1;

  // A negative numeric power, used by one product only, that can be printed as a divisor.
  const foldableDivisor = (f: Expr): f is Expr & { kind: 'pow' } =>
    f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value.isNegative && isSmallPower(f.exp.value.neg()) && usedOnce(f) && !isConst(f);
  // A product used by one sum only: printed inline as a signed term of that sum.
  const foldableTerm = (t: Expr): t is Expr & { kind: 'mul' } => t.kind === 'mul' && usedOnce(t) && !isConst(t);

  const productDeps = (m: Expr & { kind: 'mul' }, out: Expr[]): void => {
    for (const f of m.factors) {
      if (isConst(f)) continue;
      out.push(foldableDivisor(f) ? f.base : f);
    }
  };
  const valueDeps = (node: Expr): Expr[] => {
    const out: Expr[] = [];
    switch (node.kind) {
      case 'add':
        for (const t of node.terms) {
          if (isConst(t)) continue;
          if (foldableTerm(t)) productDeps(t, out);
          else if (foldableDivisor(t)) out.push(t.base);
          else out.push(t);
        }
        break;
      case 'mul':
        productDeps(node, out);
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
  };

  // Which nodes need a value of their own (reverse topological order: parents first).
  const needed = new Set<Expr>(roots);
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    if (!needed.has(node) || isConst(node)) continue;
    for (const d of valueDeps(node)) needed.add(d);
  }

  const instructions: Instr[] = [];
  const operands = new Map<Expr, Operand>();
  const constValues = new Map<Expr, number>();
  const powers = new Map<string, Operand>();
  const fresh = (): number => instructions.length;
  const emit = (make: (out: number) => Instr): Operand => {
    const out = fresh();
    instructions.push(make(out));
    return { kind: 'slot', slot: out };
  };

  const constValue = (n: Expr): number => constValues.get(n)!;
  const operandOf = (n: Expr): Operand => {
    if (isConst(n)) return { kind: 'const', value: constValue(n) };
    const op = operands.get(n);
    if (!op) throw new Error(`internal: operand of node ${n.id} requested before it was lowered`);
    return op;
  };

  // base^r for a positive rational r, memoised per (base, r): multiplications and sqrt where small.
  const power = (base: Expr, r: Rational): Operand => {
    const key = `${base.id}^${r}`;
    const found = powers.get(key);
    if (found) return found;
    let op: Operand;
    const b = operandOf(base);
    if (r.isOne) op = b;
    else if (r.isInteger && r.num <= BigInt(MAX_MULTIPLIED_POWER)) op = integerPower(base, Number(r.num));
    else if (r.den === 2n && r.num === 1n) op = emit((out) => ({ op: 'sqrt', out, arg: b }));
    else if (r.den === 2n && r.num < BigInt(2 * MAX_MULTIPLIED_POWER)) {
      const k = Number((r.num - 1n) / 2n); // r = k + 1/2
      const whole = integerPower(base, k);
      const half = power(base, HALF);
      op = emit((out) => ({ op: 'prod', out, product: { coef: 1, num: [whole, half], den: [] } }));
    } else op = emit((out) => ({ op: 'pow', out, base: b, exp: { kind: 'const', value: r.toNumber() } }));
    powers.set(key, op);
    return op;
  };
  // Exponentiation by squaring over memoised slots: x^4 = (x^2)^2, x^5 = x^4 * x.
  const integerPower = (base: Expr, n: number): Operand => {
    const key = `${base.id}^${n}`;
    const found = powers.get(key);
    if (found) return found;
    const b = operandOf(base);
    let op: Operand;
    if (n === 1) op = b;
    else if (n === 2) op = emit((out) => ({ op: 'prod', out, product: { coef: 1, num: [b, b], den: [] } }));
    else if (n === 3) op = emit((out) => ({ op: 'prod', out, product: { coef: 1, num: [b, b, b], den: [] } }));
    else if (n % 2 === 0) {
      const h = integerPower(base, n / 2);
      op = emit((out) => ({ op: 'prod', out, product: { coef: 1, num: [h, h], den: [] } }));
    } else {
      const h = integerPower(base, n - 1);
      op = emit((out) => ({ op: 'prod', out, product: { coef: 1, num: [h, b], den: [] } }));
    }
    powers.set(key, op);
    return op;
  };

  const productOf = (factors: readonly Expr[]): Product => {
    let coef = 1;
    const num: Operand[] = [];
    const den: Operand[] = [];
    for (const f of factors) {
      if (isConst(f)) coef *= constValue(f);
      else if (foldableDivisor(f)) den.push(power(f.base, (f.exp as Expr & { kind: 'num' }).value.neg()));
      else num.push(operandOf(f));
    }
    return { coef, num, den };
  };

  const lowerNode = (node: Expr): Operand => {
    switch (node.kind) {
      case 'sym':
        return { kind: 'input', index: inputIndex.get(node)! };
      case 'add': {
        const terms: Term[] = [];
        for (const t of node.terms) {
          let p: Product;
          if (isConst(t)) p = { coef: constValue(t), num: [], den: [] };
          else if (foldableTerm(t)) p = productOf(t.factors);
          else if (foldableDivisor(t)) p = productOf([t]);
          else p = { coef: 1, num: [operandOf(t)], den: [] };
          terms.push(p.coef < 0 ? { sign: -1, product: { ...p, coef: -p.coef } } : { sign: 1, product: p });
        }
        // Long sums become a chain of partial sums: the same left-to-right additions (so
        // the same rounding), but no single expression for the optimiser to choke on.
        let acc = emit((out) => ({ op: 'sum', out, terms: terms.slice(0, MAX_SUM_TERMS) }));
        for (let i = MAX_SUM_TERMS; i < terms.length; i += MAX_SUM_TERMS - 1) {
          const part: Term[] = [{ sign: 1, product: { coef: 1, num: [acc], den: [] } }, ...terms.slice(i, i + MAX_SUM_TERMS - 1)];
          acc = emit((out) => ({ op: 'sum', out, terms: part }));
        }
        return acc;
      }
      case 'mul': {
        const product = productOf(node.factors);
        return emit((out) => ({ op: 'prod', out, product }));
      }
      case 'pow': {
        if (node.exp.kind === 'num') {
          const r = node.exp.value;
          if (!r.isNegative) return isSmallPower(r) ? power(node.base, r) : emitPow(node);
          if (isSmallPower(r.neg())) {
            const d = power(node.base, r.neg());
            return emit((out) => ({ op: 'prod', out, product: { coef: 1, num: [], den: [d] } }));
          }
        }
        return emitPow(node);
      }
      case 'call': {
        const arg = operandOf(node.arg);
        const fn = node.fn;
        return emit((out) => ({ op: 'call', out, fn, arg }));
      }
      default:
        throw new Error(`internal: cannot lower a ${node.kind} node`);
    }
  };
  const emitPow = (node: Expr & { kind: 'pow' }): Operand => {
    const base = operandOf(node.base);
    const exp = operandOf(node.exp);
    return emit((out) => ({ op: 'pow', out, base, exp }));
  };

  for (const node of order) {
    if (isConst(node)) {
      constValues.set(node, nodeValue(node, children(node).map(constValue)));
      continue;
    }
    if (needed.has(node)) operands.set(node, lowerNode(node));
  }

  return {
    inputCount: vars.length,
    instructions,
    outputs: roots.map(operandOf),
    slotCount: instructions.length,
    nodeCount: order.length,
  };
}

/** Exponents printed without Math.pow: integers up to MAX_MULTIPLIED_POWER and their half-steps. */
function isSmallPower(r: Rational): boolean {
  if (r.isNegative || r.isZero) return false;
  if (r.isInteger) return r.num <= BigInt(MAX_MULTIPLIED_POWER);
  return r.den === 2n && r.num < BigInt(2 * MAX_MULTIPLIED_POWER);
}

/** The operands an instruction reads, in printing order. */
export function operandsOf(ins: Instr): Operand[] {
  switch (ins.op) {
    case 'sum':
      return ins.terms.flatMap((t) => [...t.product.num, ...t.product.den]);
    case 'prod':
      return [...ins.product.num, ...ins.product.den];
    case 'call':
    case 'sqrt':
      return [ins.arg];
    case 'pow':
      return [ins.base, ins.exp];
  }
}

/**
 * Reorders instructions depth-first from the outputs, so each value is computed just
 * before its first consumer: a chained sum interleaves with the terms it adds, and
 * values stay live briefly. Short live ranges keep V8's optimising compile fast and
 * keep chunks nearly self-contained (few values cross through the work buffer).
 * Slots are renumbered in the new order; the result computes the same values.
 */
export function schedule(program: Program): Program {
  const { instructions } = program;
  const bySlot = new Map<number, Instr>();
  for (const ins of instructions) bySlot.set(ins.out, ins);
  const renumber = new Map<number, number>();
  const order: Instr[] = [];
  const visit = (root: number): void => {
    if (renumber.has(root)) return;
    const stack: { slot: number; next: number; reads: Operand[] }[] = [{ slot: root, next: 0, reads: operandsOf(bySlot.get(root)!) }];
    const onStack = new Set<number>([root]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.reads.length) {
        const op = top.reads[top.next++]!;
        if (op.kind === 'slot' && !renumber.has(op.slot) && !onStack.has(op.slot)) {
          onStack.add(op.slot);
          stack.push({ slot: op.slot, next: 0, reads: operandsOf(bySlot.get(op.slot)!) });
        }
      } else {
        stack.pop();
        renumber.set(top.slot, order.length);
        order.push(bySlot.get(top.slot)!);
      }
    }
  };
  for (const op of program.outputs) if (op.kind === 'slot') visit(op.slot);
  const map = (op: Operand): Operand => (op.kind === 'slot' ? { kind: 'slot', slot: renumber.get(op.slot)! } : op);
  const mapProduct = (p: Product): Product => ({ coef: p.coef, num: p.num.map(map), den: p.den.map(map) });
  const rewritten = order.map((ins, k): Instr => {
    switch (ins.op) {
      case 'sum':
        return { op: 'sum', out: k, terms: ins.terms.map((t) => ({ sign: t.sign, product: mapProduct(t.product) })) };
      case 'prod':
        return { op: 'prod', out: k, product: mapProduct(ins.product) };
      case 'call':
        return { op: 'call', out: k, fn: ins.fn, arg: map(ins.arg) };
      case 'sqrt':
        return { op: 'sqrt', out: k, arg: map(ins.arg) };
      case 'pow':
        return { op: 'pow', out: k, base: map(ins.base), exp: map(ins.exp) };
    }
  });
  return { ...program, instructions: rewritten, outputs: program.outputs.map(map), slotCount: rewritten.length };
}
