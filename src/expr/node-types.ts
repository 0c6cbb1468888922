/**
 * The node union of the expression IR and its structural access: what every other
 * expression module may depend on without depending on construction (nodes.ts).
 */
import type { Rational } from './rational.js';

/** Functions of one argument known to every room (value, derivative, LaTeX, JS live in `functions.ts`). */
export const FUNCTION_NAMES = [
  'exp', 'log', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'abs', 'sign',
  'asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh', 'erf',
] as const;
/** Name of a built-in function of one argument. */
export type FunctionName = (typeof FUNCTION_NAMES)[number];
/** Named constants other than e (which is exp(1)). */
export type ConstantName = 'pi';

interface NodeBase {
  /** Unique per structurally distinct node within this process. */
  readonly id: number;
  /** Structural hash, stable across processes; used to order children deterministically. 32 bits held as a signed integer (a small integer for the engine), ordered as unsigned (`unsignedHash` in intern.ts). */
  readonly hash: number;
}
/** An exact rational constant. */
export interface Num extends NodeBase {
  readonly kind: 'num';
  readonly value: Rational;
}
/** A variable or parameter. */
export interface Sym extends NodeBase {
  readonly kind: 'sym';
  readonly name: string;
}
/** A named transcendental constant (pi). */
export interface Const extends NodeBase {
  readonly kind: 'const';
  readonly name: ConstantName;
}
/** A sum of at least two terms, like terms collected, at most one number (first in canonical order). */
export interface Add extends NodeBase {
  readonly kind: 'add';
  readonly terms: readonly Expr[];
}
/** A product of at least two factors; a numeric coefficient, if any, comes first. */
export interface Mul extends NodeBase {
  readonly kind: 'mul';
  readonly factors: readonly Expr[];
}
/** base^exp with exp not 0 or 1. */
export interface Pow extends NodeBase {
  readonly kind: 'pow';
  readonly base: Expr;
  readonly exp: Expr;
}
/** A built-in function applied to one argument. */
export interface Call extends NodeBase {
  readonly kind: 'call';
  readonly fn: FunctionName;
  readonly arg: Expr;
}
/** Every expression node. */
export type Expr = Num | Sym | Const | Add | Mul | Pow | Call;
/** The kind tag of a node. */
export type ExprKind = Expr['kind'];

/** Raised when a construction has no real value (1/0, 0^-1). */
export class DomainError extends Error {
  override name = 'DomainError';
}

const NO_CHILDREN: readonly Expr[] = Object.freeze([]);

/** The direct children of a node, in canonical order. */
export function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'num':
    case 'sym':
    case 'const':
      return NO_CHILDREN;
    case 'add':
      return e.terms;
    case 'mul':
      return e.factors;
    case 'pow':
      return [e.base, e.exp];
    case 'call':
      return [e.arg];
  }
}
