/**
 * The syntax tree of the expression language of INTERFACE.md, before any meaning is
 * given to it: what the parser produces and what the converters (to the scalar IR in
 * `parse.ts`, to shaped matrix expressions in the matrix room) consume.
 *
 * The tree is shape-blind: `A*B`, `A'`, `x .* y` and `sum(x)` are all syntax. Whether a
 * name is a scalar, a vector or a matrix is decided by the converter that reads the tree
 * under the user's declarations. Every node carries the 1-based character position
 * (`pos`) and length (`len`) of its text in the source, so a converter can report an
 * error at the exact place (shape mismatch, unknown name, ...).
 *
 * Invariant for converters: the tree may be deep (10^4 nesting) and wide (10^6 terms).
 * Chains of the same associative operator are flattened into one `nary` node, and
 * converters must walk the tree with an explicit stack, never by recursion on depth.
 */

/** Fields every syntax node has. */
export interface SyntaxBase {
  /** 1-based position of the node's first character in the source text. */
  readonly pos: number;
  /** Number of characters of source text the node spans. */
  readonly len: number;
}

/** A decimal literal exactly as written (`0.1`, `1.5e-3`, `1e-200000`). */
export interface NumberSyntax extends SyntaxBase {
  readonly type: 'number';
  readonly text: string;
}

/** A name: a variable, a parameter, a dimension, or a constant (`pi`, `e`). */
export interface NameSyntax extends SyntaxBase {
  readonly type: 'name';
  readonly name: string;
}

/** A function applied to arguments: `sin(x)`, `norm(A*x - b)`, `eye(n)`. */
export interface CallSyntax extends SyntaxBase {
  readonly type: 'call';
  readonly name: string;
  /** Position of the function name (the node's `pos`) is where errors about the name go. */
  readonly args: readonly Syntax[];
}

/** Unary minus or plus: `-x`, `+x`. (`-x^2` is `-(x^2)`.) */
export interface UnarySyntax extends SyntaxBase {
  readonly type: 'unary';
  readonly op: '-' | '+';
  readonly arg: Syntax;
}

/** Operators of two operands that are not flattened (`/`, `./`, `^`, `.^`). */
export interface BinarySyntax extends SyntaxBase {
  readonly type: 'binary';
  readonly op: '/' | './' | '^' | '.^';
  readonly left: Syntax;
  readonly right: Syntax;
  /** 1-based position of the operator itself. */
  readonly opPos: number;
}

/**
 * A flattened chain of one associative operator, left to right: `a + b - c` is
 * `{op: '+', operands: [a, b, c], signs: [1, 1, -1]}`; `a*b*c` and implicit products
 * (`2x`) are `{op: '*'}`; `a .* b .* c` is `{op: '.*'}`. Matrix products are not
 * commutative, so converters keep the operand order.
 */
export interface NarySyntax extends SyntaxBase {
  readonly type: 'nary';
  readonly op: '+' | '*' | '.*';
  readonly operands: readonly Syntax[];
  /** For `+`: +1 or -1 per operand (the first is +1 unless written with a leading minus handled as unary). For `*` and `.*`: all +1. */
  readonly signs: readonly (1 | -1)[];
  /** 1-based positions of the operators between operands (length operands.length - 1); an implicit product has the position of its right operand. */
  readonly opPos: readonly number[];
}

/** Postfix transpose: `A'`. */
export interface TransposeSyntax extends SyntaxBase {
  readonly type: 'transpose';
  readonly arg: Syntax;
}

/** Any syntax node. */
export type Syntax = NumberSyntax | NameSyntax | CallSyntax | UnarySyntax | BinarySyntax | NarySyntax | TransposeSyntax;

/** A relation `lhs = rhs`, `lhs <= rhs` or `lhs >= rhs`, as syntax. */
export interface RelationSyntax {
  readonly lhs: Syntax;
  readonly op: '=' | '<=' | '>=';
  readonly rhs: Syntax;
  /** 1-based position of the relation operator. */
  readonly opPos: number;
}
