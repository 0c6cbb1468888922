/**
 * The parts of a scalar instruction that `reroll` compares across instructions: its
 * operands (in a fixed walk order) and its constants (coefficients and constant
 * operands), the canonical order of commutative operands, and rebuilding an instruction
 * from replaced parts; and the shapes `reroll` finds (families, groups, operand refs).
 */
import type { Operand, Product, ScalarInstr, Term } from './program.js';

/** Operands that are not constants, and the constants, in walk order. */
export interface Parts {
  readonly operands: readonly Operand[];
  readonly consts: readonly number[];
}

/** Walks an instruction's parts in the one order shared by `partsOf` and `rebuildInstr`. */
function walk(ins: ScalarInstr, onOperand: (op: Operand) => void, onConst: (value: number) => void): void {
  const product = (p: Product): void => {
    onConst(p.coef);
    for (const op of [...p.num, ...p.den]) (op.kind === 'const' ? onConst(op.value) : onOperand(op));
  };
  const single = (op: Operand): void => (op.kind === 'const' ? onConst(op.value) : onOperand(op));
  switch (ins.op) {
    case 'sum':
      for (const t of ins.terms) product(t.product);
      break;
    case 'prod':
      product(ins.product);
      break;
    case 'call':
    case 'sqrt':
      single(ins.arg);
      break;
    case 'pow':
      single(ins.base);
      single(ins.exp);
      break;
  }
}

/** The operands and constants of an instruction. */
export function partsOf(ins: ScalarInstr): Parts {
  const operands: Operand[] = [];
  const consts: number[] = [];
  walk(ins, (op) => operands.push(op), (c) => consts.push(c));
  return { operands, consts };
}

/**
 * The instruction with its operands and constants replaced (same walk order) and a new
 * `out`. A constant replaced by an operand (a table element) becomes `coefAt` for a
 * coefficient and that operand elsewhere.
 */
export function rebuildInstr(ins: ScalarInstr, operands: readonly Operand[], consts: readonly (number | Operand)[], out: number): ScalarInstr {
  let o = 0;
  let c = 0;
  const nextConst = (): Operand => {
    const v = consts[c++]!;
    return typeof v === 'number' ? { kind: 'const', value: v } : v;
  };
  const single = (op: Operand): Operand => (op.kind === 'const' ? nextConst() : operands[o++]!);
  const product = (p: Product): Product => {
    const coef = consts[c++]!;
    const num = p.num.map(single);
    const den = p.den.map(single);
    return typeof coef === 'number' ? { coef, num, den } : { coef: 1, coefAt: coef, num, den };
  };
  switch (ins.op) {
    case 'sum':
      return { op: 'sum', out, terms: ins.terms.map((t) => ({ sign: t.sign, product: product(t.product) })) };
    case 'prod':
      return { op: 'prod', out, product: product(ins.product) };
    case 'call':
      return { op: 'call', out, fn: ins.fn, arg: single(ins.arg) };
    case 'sqrt':
      return { op: 'sqrt', out, arg: single(ins.arg) };
    case 'pow': {
      const base = single(ins.base);
      return { op: 'pow', out, base, exp: single(ins.exp) };
    }
  }
}

/** A term with replaced parts (the walk of a one-term sum). */
export function rebuildTerm(term: Term, operands: readonly Operand[], consts: readonly (number | Operand)[]): Term {
  const sum = rebuildInstr({ op: 'sum', out: -1, terms: [term] }, operands, consts, -1) as ScalarInstr & { op: 'sum' };
  return sum.terms[0]!;
}

/**
 * Commutative operands in a canonical order: the factors of each product by (source,
 * index), the terms of a sum by their shape, then their indices. Two instructions that
 * differ only in the IR's ordering of terms then have the same parts in the same places.
 */
export function normalize(ins: ScalarInstr, desc: (op: Operand) => string, index: (op: Operand) => number): ScalarInstr {
  const key = (op: Operand): string => (op.kind === 'const' ? 'K' : desc(op));
  const byOperand = (a: Operand, b: Operand): number => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : index(a) - index(b);
  };
  const sortProduct = (p: Product): Product => ({ ...p, num: [...p.num].sort(byOperand), den: [...p.den].sort(byOperand) });
  switch (ins.op) {
    case 'sum': {
      const terms = ins.terms.map((t) => ({ sign: t.sign, product: sortProduct(t.product) }));
      const shape = (t: Term): string => `${t.sign}|${t.product.num.map(key).join(',')}/${t.product.den.map(key).join(',')}`;
      const indices = (t: Term): number[] => [...t.product.num, ...t.product.den].map(index);
      const keyed = terms.map((t) => ({ t, shape: shape(t), idx: indices(t) }));
      keyed.sort((a, b) => {
        if (a.shape !== b.shape) return a.shape < b.shape ? -1 : 1;
        for (let p = 0; p < a.idx.length; p++) if (a.idx[p] !== b.idx[p]) return a.idx[p]! - b.idx[p]!;
        return 0;
      });
      return { op: 'sum', out: ins.out, terms: keyed.map((k) => k.t) };
    }
    case 'prod':
      return { op: 'prod', out: ins.out, product: sortProduct(ins.product) };
    default:
      return ins;
  }
}

/** How a template operand of a family reads its value at iteration j. */
export type Ref =
  | { readonly kind: 'fixed'; readonly op: Operand }
  | { readonly kind: 'input'; readonly offset: number; readonly stride: number }
  | { readonly kind: 'member'; readonly fam: number; readonly offset: number; readonly stride: number };

/** A family of instructions (map) or of sum terms (reduce) computed by one loop. */
export interface Family {
  readonly id: number;
  readonly kind: 'map' | 'reduce';
  readonly count: number;
  readonly level: number;
  /** In iteration order: member instructions (indices into the scalar program) of a map, term positions in its sum of a reduce. */
  readonly members: readonly number[];
  /** The member-0 instruction (map) or term (reduce) in canonical order, with its operand refs and constants. */
  readonly template: ScalarInstr | Term;
  readonly refs: readonly Ref[];
  /** Per constant position: the value shared by every member, or each member's value (a table column). */
  readonly consts: readonly (number | readonly number[])[];
  /** Reduce: the sum instruction it feeds and the accumulator slot. */
  readonly sum?: number;
  acc?: number;
  group?: number;
}

/** Families of one length computed by one loop, in dependency order. */
export interface Group {
  readonly count: number;
  readonly families: Family[];
  /** Groups this group's families read from (direct and through scalars). */
  readonly deps: Set<number>;
}
