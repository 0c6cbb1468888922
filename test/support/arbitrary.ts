/**
 * fast-check arbitraries for random expressions, shared by the property tests of every
 * room (print round trip, LaTeX rendering, compile and diff checks).
 *
 * Expressions are built through the IR's smart constructors, so every generated value is
 * a canonical, interned node. Constructions with no real value (0^-1, log(0)) are
 * replaced by their left operand instead of throwing.
 */
import fc from 'fast-check';
import {
  DomainError,
  E,
  FUNCTION_NAMES,
  PI,
  Rational,
  add,
  call,
  div,
  mul,
  neg,
  num,
  pow,
  sqrt,
  sub,
  sym,
  type Expr,
  type FunctionName,
} from '../../src/expr/index.js';

/** A function the generator may apply: a built-in or `sqrt`. */
export type GeneratedFunction = FunctionName | 'sqrt';

/** Options of `exprArbitrary`. */
export interface ExprArbitraryOptions {
  /** Symbol names (default x, y, z). */
  readonly vars?: readonly string[];
  /** Maximum nesting depth of operations (default 4; leaves are depth 0). */
  readonly maxDepth?: number;
  /** Functions to apply (default: every built-in and sqrt). An empty list means none. */
  readonly functions?: readonly GeneratedFunction[];
  /** Include the constants pi and e among the leaves (default true). */
  readonly constants?: boolean;
  /** Exponents a power may take (default: integers -3..3 and 1/2, -1/2, 1/3, 3/2, 2/3). */
  readonly exponents?: readonly Rational[];
  /** Allow symbolic exponents, x^y (default true). */
  readonly symbolicExponents?: boolean;
  /** Allow division (default true). */
  readonly division?: boolean;
}

/** Every function of the syntax, plus sqrt. */
export const ALL_FUNCTIONS: readonly GeneratedFunction[] = [...FUNCTION_NAMES, 'sqrt'];

const DEFAULT_EXPONENTS: readonly Rational[] = [
  ...[-3, -2, -1, 2, 3].map((k) => Rational.of(k)),
  Rational.of(1, 2),
  Rational.of(-1, 2),
  Rational.of(1, 3),
  Rational.of(3, 2),
  Rational.of(2, 3),
];

/** Small exact rationals: integers -5..5 and fractions with denominators up to 7. */
export function rationalArbitrary(): fc.Arbitrary<Rational> {
  return fc.oneof(
    { arbitrary: fc.integer({ min: -5, max: 5 }).map((n) => Rational.of(n)), weight: 3 },
    { arbitrary: fc.tuple(fc.integer({ min: -9, max: 9 }), fc.integer({ min: 1, max: 7 })).map(([p, q]) => Rational.of(p, q)), weight: 1 },
  );
}

/** Builds, replacing a construction with no real value by the fallback. */
function safely(build: () => Expr, fallback: Expr): Expr {
  try {
    return build();
  } catch (err) {
    if (err instanceof DomainError) return fallback;
    throw err;
  }
}

/** Random canonical expressions (see ExprArbitraryOptions). */
export function exprArbitrary(options: ExprArbitraryOptions = {}): fc.Arbitrary<Expr> {
  const vars = options.vars ?? ['x', 'y', 'z'];
  const maxDepth = options.maxDepth ?? 4;
  const functions = options.functions ?? ALL_FUNCTIONS;
  const exponents = options.exponents ?? DEFAULT_EXPONENTS;
  const symbolicExponents = options.symbolicExponents ?? true;
  const division = options.division ?? true;

  const leaves: fc.Arbitrary<Expr>[] = [];
  if (vars.length > 0) leaves.push(fc.constantFrom(...vars).map((v) => sym(v)));
  leaves.push(rationalArbitrary().map((r) => num(r)));
  if (options.constants ?? true) leaves.push(fc.constantFrom<Expr>(PI, E));
  const leaf = fc.oneof(...leaves);

  const levels: fc.Arbitrary<Expr>[] = [leaf];
  for (let d = 1; d <= maxDepth; d++) {
    const sub1 = levels[d - 1]!;
    const ops: { arbitrary: fc.Arbitrary<Expr>; weight: number }[] = [
      { arbitrary: leaf, weight: 2 },
      { arbitrary: fc.tuple(sub1, sub1).map(([a, b]) => add(a, b)), weight: 3 },
      { arbitrary: fc.tuple(sub1, sub1).map(([a, b]) => sub(a, b)), weight: 2 },
      { arbitrary: fc.tuple(sub1, sub1).map(([a, b]) => mul(a, b)), weight: 3 },
      { arbitrary: sub1.map((a) => neg(a)), weight: 1 },
    ];
    if (division) ops.push({ arbitrary: fc.tuple(sub1, sub1).map(([a, b]) => safely(() => div(a, b), a)), weight: 2 });
    if (exponents.length > 0) {
      ops.push({
        arbitrary: fc.tuple(sub1, fc.constantFrom(...exponents)).map(([a, r]) => safely(() => pow(a, num(r)), a)),
        weight: 2,
      });
    }
    if (symbolicExponents) ops.push({ arbitrary: fc.tuple(sub1, sub1).map(([a, b]) => safely(() => pow(a, b), a)), weight: 1 });
    if (functions.length > 0) {
      ops.push({
        arbitrary: fc.tuple(fc.constantFrom(...functions), sub1).map(([f, a]) => safely(() => (f === 'sqrt' ? sqrt(a) : call(f, a)), a)),
        weight: 3,
      });
    }
    levels.push(fc.oneof(...ops));
  }
  return levels[maxDepth]!;
}
