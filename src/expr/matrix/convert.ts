/**
 * The converter from the shape-blind syntax tree (`../syntax.ts`) to matrix
 * expressions, under declarations of shapes and properties. Undeclared names are scalar
 * symbols. Shapes are checked as the tree is read; a mismatch is a `MatrixInputError`
 * naming both shapes and the position. The walk is iterative (explicit stack): deep
 * and wide trees never deepen the JavaScript call stack.
 */
import { DomainError, FUNCTION_NAMES, PI, E, num, type FunctionName } from '../nodes.js';
import { Rational } from '../rational.js';
import type { Syntax } from '../syntax.js';
import { parseSyntax } from '../parser.js';
import { mvar, mscalar, eye, ones } from './leaves.js';
import { madd, minv, mmul, mneg, mtranspose } from './build.js';
import { mdet, mdiag, mdiv, mediv, mhadamard, mlogdet, mmap, mnorm, mpow, msum, mtr } from './entrywise.js';
import type { MExpr } from './nodes.js';
import { formatShape, isDimension, isScalarShape, shapeOf, ShapeError, type Dim, type MatrixProperty, type Shape } from './shape.js';

/** One declared vector or matrix: `{"name": "F", "shape": ["n", "n"], "properties": ["symmetric"]}`. */
export interface ShapeDeclaration {
  readonly name: string;
  /** [] or absent: scalar; [n]: column vector; [m, n]: matrix. */
  readonly shape?: readonly Dim[];
  readonly properties?: readonly MatrixProperty[];
}

/** The declarations a matrix expression is read under. */
export interface MatrixDeclarations {
  readonly symbols: ReadonlyMap<string, { readonly shape: Shape; readonly props: readonly MatrixProperty[] }>;
}

/** Builds declarations from declaration objects. */
export function declare(list: readonly ShapeDeclaration[]): MatrixDeclarations {
  const symbols = new Map<string, { shape: Shape; props: readonly MatrixProperty[] }>();
  for (const d of list) {
    const dims = d.shape ?? [];
    if (dims.length > 2) throw new ShapeError(`'${d.name}' has ${dims.length} dimensions; only scalars, vectors and matrices are supported`);
    for (const k of dims) {
      if (!isDimension(k)) {
        throw new ShapeError(`'${d.name}' has the dimension '${String(k)}'; a dimension is a positive integer or a name`);
      }
    }
    const shape = dims.length === 0 ? shapeOf(1, 1) : shapeOf(dims[0]!, dims[1] ?? 1);
    symbols.set(d.name, { shape, props: d.properties ?? [] });
  }
  return { symbols };
}

/** The declared node of a name under declarations (a scalar symbol when undeclared). */
export function declaredNode(name: string, decls: MatrixDeclarations): MExpr {
  const d = decls.symbols.get(name);
  return d ? mvar(name, d.shape, d.props) : mscalar(name);
}

/** Bad matrix input: a shape mismatch, an unknown function, a misused operator, with its place. */
export class MatrixInputError extends Error {
  override name = 'MatrixInputError';
  constructor(
    readonly reason: string,
    /** 1-based position in the source text. */
    readonly pos: number,
    readonly excerpt: string,
  ) {
    super(`${reason} at position ${pos}${excerpt ? ` ('${excerpt}')` : ''}`);
  }
}

function excerptAt(source: string | undefined, pos: number, len: number): string {
  if (!source) return '';
  const start = Math.max(0, pos - 1);
  const text = source.slice(start, start + Math.max(1, Math.min(len, 80)));
  return text.length < len ? `${text}...` : text;
}

function childrenOf(s: Syntax): readonly Syntax[] {
  switch (s.type) {
    case 'number':
    case 'name':
      return [];
    case 'call':
      return s.name === 'eye' || s.name === 'ones' ? [] : s.args;
    case 'unary':
    case 'transpose':
      return [s.arg];
    case 'binary':
      return [s.left, s.right];
    case 'nary':
      return s.operands;
  }
}

/**
 * Converts a syntax tree to a matrix expression under the declarations. `source` (the
 * text the tree was parsed from) gives error messages their excerpt.
 */
export function syntaxToMatrix(tree: Syntax, decls: MatrixDeclarations, source?: string): MExpr {
  const done = new Map<Syntax, MExpr>();
  const stack: { node: Syntax; next: number }[] = [{ node: tree, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const kids = childrenOf(top.node);
    if (top.next < kids.length) {
      stack.push({ node: kids[top.next++]!, next: 0 });
      continue;
    }
    stack.pop();
    const s = top.node;
    const args = kids.map((k) => done.get(k)!);
    for (const k of kids) done.delete(k);
    try {
      done.set(s, convertNode(s, args, decls));
    } catch (err) {
      if (err instanceof MatrixInputError) throw err;
      if (err instanceof ShapeError || err instanceof DomainError) {
        const at = errorPosition(s, args);
        throw new MatrixInputError(err.message, at.pos, excerptAt(source, at.pos, at.len));
      }
      throw err;
    }
  }
  return done.get(tree)!;
}

/** Where a failing node's error points: the operator between the operands that do not fit, else the node. */
function errorPosition(s: Syntax, args: readonly MExpr[]): { pos: number; len: number } {
  if (s.type === 'nary') {
    const bad = firstMisfit(s.op, args);
    if (bad !== undefined) return { pos: s.opPos[bad - 1] ?? s.pos, len: s.len - ((s.opPos[bad - 1] ?? s.pos) - s.pos) };
  }
  if (s.type === 'binary') return { pos: s.opPos, len: s.len - (s.opPos - s.pos) };
  return { pos: s.pos, len: s.len };
}

/** Index of the first operand that does not fit the ones before it, if any. */
function firstMisfit(op: '+' | '*' | '.*', args: readonly MExpr[]): number | undefined {
  let last: Shape | undefined;
  for (let i = 0; i < args.length; i++) {
    const sh = args[i]!.shape;
    if (op === '+') {
      if (i > 0 && (sh.rows !== args[0]!.shape.rows || sh.cols !== args[0]!.shape.cols)) return i;
    } else if (!isScalarShape(sh)) {
      if (last && (op === '*' ? last.cols !== sh.rows : last.rows !== sh.rows || last.cols !== sh.cols)) return i;
      last = op === '*' && last ? shapeOf(last.rows, sh.cols) : sh;
      if (op === '*' && isScalarShape(last)) last = undefined;
    }
  }
  return undefined;
}

const REDUCERS: Record<string, (x: MExpr) => MExpr> = {
  sum: msum, norm: mnorm, tr: mtr, det: mdet, logdet: mlogdet, inv: minv, diag: mdiag,
  sqrt: (x) => mpow(x, mscalar(num(Rational.of(1n, 2n)))),
};

function dimArgument(s: Syntax): Dim {
  if (s.type === 'number' && /^[1-9][0-9]*$/.test(s.text)) return Number(s.text);
  if (s.type === 'name') return s.name;
  throw new ShapeError('a dimension is a positive integer or a dimension name');
}

function convertNode(s: Syntax, args: readonly MExpr[], decls: MatrixDeclarations): MExpr {
  switch (s.type) {
    case 'number': {
      const r = Rational.parseDecimal(s.text);
      if (!r) throw new ShapeError(`'${s.text}' is not a number`);
      return mscalar(num(r));
    }
    case 'name':
      if (!decls.symbols.has(s.name)) {
        if (s.name === 'pi') return mscalar(PI);
        if (s.name === 'e') return mscalar(E);
      }
      return declaredNode(s.name, decls);
    case 'unary':
      return s.op === '-' ? mneg(args[0]!) : args[0]!;
    case 'transpose':
      return mtranspose(args[0]!);
    case 'binary':
      return convertBinary(s.op, args[0]!, args[1]!);
    case 'nary':
      if (s.op === '+') return madd(...args.map((a, i) => (s.signs[i] === -1 ? mneg(a) : a)));
      if (s.op === '*') return mmul(...args);
      return mhadamard(...args);
    case 'call':
      return convertCall(s.name, s.args, args);
  }
}

function convertBinary(op: '/' | './' | '^' | '.^', a: MExpr, b: MExpr): MExpr {
  switch (op) {
    case '/':
      return mdiv(a, b);
    case './':
      return mediv(a, b);
    case '.^':
      return mpow(a, b);
    case '^': {
      if (isScalarShape(a.shape)) return mpow(a, b);
      if (a.shape.rows !== a.shape.cols) throw new ShapeError(`^ needs a scalar or a square matrix, got ${formatShape(a.shape)} (use .^ for entrywise powers)`);
      const k = b.kind === 'scalar' && b.expr.kind === 'num' && b.expr.value.isInteger ? Number(b.expr.value.num) : undefined;
      if (k === -1) return minv(a);
      if (k !== undefined && k >= 1 && k <= 64) return mmul(...Array.from({ length: k }, () => a));
      throw new ShapeError('a matrix power needs an integer exponent from 1 to 64, or -1 (use .^ for entrywise powers)');
    }
  }
}

function convertCall(name: string, raw: readonly Syntax[], args: readonly MExpr[]): MExpr {
  if (name === 'eye' || name === 'ones') {
    if (raw.length < 1 || raw.length > 2 || (name === 'eye' && raw.length !== 1)) {
      throw new ShapeError(`${name} takes ${name === 'eye' ? 'one dimension' : 'one or two dimensions'}`);
    }
    const dims = raw.map(dimArgument);
    return name === 'eye' ? eye(dims[0]!) : ones(dims[0]!, dims[1] ?? 1);
  }
  const fn = (FUNCTION_NAMES as readonly string[]).includes(name) ? (name as FunctionName) : undefined;
  const reducer = REDUCERS[name];
  if (!fn && !reducer) throw new ShapeError(`unknown function '${name}'`);
  if (args.length !== 1) throw new ShapeError(`${name} takes one argument, got ${args.length}`);
  return fn ? mmap(fn, args[0]!) : reducer!(args[0]!);
}

/**
 * Parses text in the contract's syntax (the shared parser, `../parser.ts`) and converts
 * it under the declarations. Throws ParseError for bad syntax and MatrixInputError for
 * shapes that do not fit, both with the position.
 */
export function parseMatrix(text: string, decls: MatrixDeclarations): MExpr {
  return syntaxToMatrix(parseSyntax(text), decls, text);
}
