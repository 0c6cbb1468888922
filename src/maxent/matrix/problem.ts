/**
 * A maximum-entropy file with a vector variable (INTERFACE.md, "Vectors and matrices"):
 *
 *   { "variable": {"name": "x", "shape": ["n"]}, "support": ["-inf", "inf"],
 *     "parameters": [{"name": "mu", "shape": ["n"]},
 *                    {"name": "Sigma", "shape": ["n", "n"], "properties": ["positive_definite"]}],
 *     "moments": [{"f": "x", "value": "mu"}, {"f": "(x - mu)*(x - mu)'", "value": "Sigma"}],
 *     "dimensions": {"n": 3}, "parameter_values": {"mu": [...], "Sigma": [[...], ...]} }
 *
 * Read strictly: every moment's function and value must have one shape (a mismatch is
 * bad input naming both shapes), every name must be declared, and the moments must be
 * a first moment E[x + c] and a second moment E[(x - c)*(x - c)'] (c free of x), the two
 * statistics whose maximum-entropy density is the multivariate normal.
 */
import { freeSymbols, NAME_PATTERN, num, ONE, ParseError, pow, type Expr } from '../../expr/index.js';
import { checkDeclarationNames, InputError, placed, readDeclaration, readDeclarationList, readDimensionValues, readFields } from '../../input/index.js';
import { readAssumeEntries } from '../../parameters/index.js';
import {
  declare, formatShape, isColumnShape, isScalarShape, isZeroM, madd, MatrixInputError, mmul, mneg, mscalar, msub, zeros, mtopologicalOrder, mtranspose, mvar, parseMatrix, sameShape, shapeOf, ShapeError, splitScalarCoefficient,
  type Dim, type MExpr, type MatrixDeclarations, type ShapeDeclaration,
} from '../../expr/matrix/index.js';

/** One moment of the matrix route, as written and as read. */
export interface MatrixMoment {
  readonly f: MExpr;
  readonly value: MExpr;
  readonly source: { readonly f: string; readonly value: string };
}

/** The statistics recognised in the moments: E[x] = mean (when given) and E[(x - c)*(x - c)'] = second. */
export interface GaussianMoments {
  /** Index in `moments` of the first moment, when there is one. */
  readonly meanIndex?: number;
  /** E[x], read from the first moment (c moved to the right). */
  readonly mean?: MExpr;
  readonly secondIndex: number;
  /** The centre c of the second moment (the zero vector for E[x*x']). */
  readonly centre: MExpr;
  /** E[(x - c)*(x - c)'], the second moment's value divided by its scalar factor. */
  readonly second: MExpr;
}

/** A parsed maximum-entropy problem with a vector variable. */
export interface MatrixMaxentProblem {
  readonly name?: string;
  readonly description?: string;
  readonly variable: MExpr;
  readonly variableName: string;
  /** The dimension of the variable (a name or a number). */
  readonly dim: Dim;
  readonly fnName: string;
  readonly declarations: MatrixDeclarations;
  readonly declarationList: readonly ShapeDeclaration[];
  readonly parameters: readonly string[];
  readonly assume: readonly string[];
  readonly moments: readonly MatrixMoment[];
  /** The moments recognised as a Gaussian problem, or why not (a well-formed problem the route does not solve). */
  readonly gaussian: GaussianMoments | { readonly unsupported: string; readonly status: 'unsupported' | 'unbounded' };
  readonly dimensions?: Readonly<Record<string, number>>;
  readonly parameterValues?: Readonly<Record<string, unknown>>;
}

/** The largest value of a dimension in `dimensions` (the instance check integrates and samples the density densely). */
const MAX_INSTANCE_DIMENSION = 1000;

/** The fields of the file (besides `name` and `description`). */
const FIELDS = ['variable', 'support', 'parameters', 'assume', 'moments', 'parameter_values', 'function', 'dimensions'] as const;

const hasShape = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && !Array.isArray(e) && Array.isArray((e as Record<string, unknown>)['shape']) && ((e as Record<string, unknown>)['shape'] as unknown[]).length > 0;

/** Does the file declare a vector variable or a shaped parameter (the route to this reader)? */
export function isShapedMaxent(file: unknown): boolean {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return false;
  const f = file as Record<string, unknown>;
  return hasShape(f['variable']) || (Array.isArray(f['parameters']) && f['parameters'].some(hasShape));
}

/** Every name an expression uses (declared vectors and matrices, and scalar symbols). */
function namesIn(e: MExpr): Set<string> {
  const out = new Set<string>();
  for (const node of mtopologicalOrder([e])) {
    if (node.kind === 'var') out.add(node.name);
    else if (node.kind === 'scalar') for (const s of freeSymbols(node.expr)) out.add(s);
  }
  return out;
}

/** Does the expression mention the leaf? */
export function mentions(e: MExpr, leaf: MExpr): boolean {
  return mtopologicalOrder([e]).includes(leaf);
}

function readExpr(v: unknown, field: string, decls: MatrixDeclarations, known: ReadonlySet<string>): { e: MExpr; text: string } {
  const text = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
  if (typeof text !== 'string') throw new InputError('expected an expression (a string) or a number', field, JSON.stringify(v) ?? String(v));
  let e: MExpr;
  try {
    e = parseMatrix(text, decls);
  } catch (err) {
    if (err instanceof ParseError) throw new InputError(err.reason, field, text, err.position);
    if (err instanceof MatrixInputError) throw new InputError(err.reason, field, text, err.pos);
    if (err instanceof ShapeError) throw new InputError(err.message, field, text);
    throw err;
  }
  for (const n of namesIn(e)) if (!known.has(n)) throw new InputError(`unknown name '${n}' (not the variable and not a declared parameter)`, field, text, text.indexOf(n) + 1 || undefined);
  return { e, text };
}

/** Reads and checks a file with a vector variable. Throws InputError (exit 2) for bad input. */
export function readMatrixMaxent(input: unknown): MatrixMaxentProblem {
  const doc = readFields(input, '', FIELDS, 'a JSON object with "variable", "support" and "moments"', true);
  const varDecl = readDeclaration(doc['variable'] ?? 'x', 'variable');
  const shape = varDecl.shape ?? [];
  if (shape.length !== 1) {
    throw new InputError(`the variable of a shaped maximum-entropy problem is a column vector (shape ["n"]), not ${shape.length === 0 ? 'a scalar' : 'a matrix'}; a scalar variable is a plain name`, 'variable', JSON.stringify(doc['variable']));
  }
  if (varDecl.properties?.length) throw new InputError('a vector variable has no matrix properties', 'variable.properties', JSON.stringify(varDecl.properties));
  const fnName = doc['function'] ?? 'p';
  if (typeof fnName !== 'string' || !NAME_PATTERN.test(fnName) || fnName === varDecl.name) throw new InputError('the density needs a name different from the variable', 'function', JSON.stringify(fnName));
  const paramsRaw = doc['parameters'];
  const assume = doc['assume'] ?? [];
  if (!Array.isArray(assume) || assume.some((a) => typeof a !== 'string')) throw new InputError('expected a list of relations such as "s > 0" or properties such as "Sigma positive definite"', 'assume', JSON.stringify(assume));
  const paramDecls = readDeclarationList(paramsRaw, 'parameters', false);
  const dimNames = checkDeclarationNames([{ declaration: varDecl, field: 'variable' }, ...placed(paramDecls, 'parameters')]);
  [varDecl, ...paramDecls].forEach((d, i) => {
    const field = i === 0 ? 'variable' : `parameters[${i - 1}]`;
    if (d.name === fnName) throw new InputError('a parameter cannot share the name of the density', field, d.name);
    if (/^(lambda_\d+|Lambda_\d+)$/.test(d.name)) throw new InputError('names lambda_0, lambda_1, Lambda_2, ... are the multipliers', field, d.name);
  });
  const all = [varDecl, ...readAssumeEntries(assume as string[], paramDecls).declarations];
  const declarations = declare(all);
  const dim = shape[0]!;
  const x = mvar(varDecl.name, shapeOf(dim));

  const support = doc['support'];
  const line = (v: unknown, inf: string): boolean => v === inf || v === `${inf}inity` || (inf === '-inf' ? v === -Infinity : v === Infinity || v === '+inf');
  if (support !== undefined && !(Array.isArray(support) && support.length === 2 && line(support[0], '-inf') && line(support[1], 'inf'))) {
    throw new InputError(`a vector variable lives on all of R^${dim}: give "support": ["-inf", "inf"] (or leave it out)`, 'support', JSON.stringify(support));
  }

  const withX = new Set(all.map((d) => d.name));
  const params = new Set(paramDecls.map((d) => d.name));
  const momentsRaw = doc['moments'] ?? [];
  if (!Array.isArray(momentsRaw)) throw new InputError('expected a list of {"f": ..., "value": ...}', 'moments', JSON.stringify(momentsRaw));
  const moments = momentsRaw.map((m, i): MatrixMoment => {
    const label = `moments[${i}]`;
    const rec = readFields(m, label, ['f', 'value'], 'an object {"f": ..., "value": ...}');
    const f = readExpr(rec['f'], `${label}.f`, declarations, withX);
    const value = readExpr(rec['value'], `${label}.value`, declarations, params);
    if (!sameShape(f.e.shape, value.e.shape)) {
      throw new InputError(`E[${f.text}] is ${formatShape(f.e.shape)} but its value ${value.text} is ${formatShape(value.e.shape)}: the shapes must agree`, `${label}.value`, value.text);
    }
    return { f: f.e, value: value.e, source: { f: f.text, value: value.text } };
  });

  const dimensions = readDimensionValues(doc['dimensions'], dimNames, MAX_INSTANCE_DIMENSION);
  const pv = doc['parameter_values'];
  if (pv !== undefined && (typeof pv !== 'object' || pv === null || Array.isArray(pv))) throw new InputError('expected an object from parameter name to a number or nested list', 'parameter_values', JSON.stringify(pv));
  if (pv) for (const k of Object.keys(pv)) if (!params.has(k)) throw new InputError(`"${k}" is not a declared parameter`, 'parameter_values', k);
  return {
    ...(typeof doc['name'] === 'string' ? { name: doc['name'] } : {}),
    ...(typeof doc['description'] === 'string' ? { description: doc['description'] } : {}),
    variable: x,
    variableName: varDecl.name,
    dim,
    fnName,
    declarations,
    declarationList: all,
    parameters: paramDecls.map((d) => d.name),
    assume: assume as string[],
    moments,
    gaussian: recognise(moments, x),
    ...(dimensions ? { dimensions } : {}),
    ...(pv ? { parameterValues: pv as Record<string, unknown> } : {}),
  };
}

/** The rest r when `a` is x + r with r free of x (the zero of x's shape when a is x). */
function offsetOf(a: MExpr, x: MExpr): MExpr | undefined {
  if (a === x) return zeros(x.shape);
  if (a.kind !== 'add' || a.terms.filter((t) => t === x).length !== 1) return undefined;
  const rest = madd(...a.terms.filter((t) => t !== x));
  return mentions(rest, x) ? undefined : rest;
}

/** The centre c when `a` is x - c with c free of x. */
function centreOf(a: MExpr, x: MExpr): MExpr | undefined {
  const r = offsetOf(a, x);
  return r && (isZeroM(r) ? r : mneg(r));
}

/** Recognises E[x + c] = m and E[k*(x - c)*(x - c)'] = S among the moments. */
function recognise(moments: readonly MatrixMoment[], x: MExpr): MatrixMaxentProblem['gaussian'] {
  const what = "the matrix route solves E[x] = m (optional) with E[(x - c)*(x - c)'] = S, c free of x (the multivariate normal)";
  let meanIndex: number | undefined;
  let mean: MExpr | undefined;
  let secondIndex: number | undefined;
  let centre: MExpr | undefined;
  let second: MExpr | undefined;
  for (const [i, m] of moments.entries()) {
    if (!mentions(m.f, x)) return { status: 'unsupported', unsupported: `moment ${i + 1}: E[${m.source.f}] does not depend on ${mtoName(x)}, so it constrains nothing about p` };
    if (isColumnShape(m.f.shape) && sameShape(m.f.shape, x.shape)) {
      const shift = offsetOf(m.f, x);
      if (!shift || meanIndex !== undefined) return { status: 'unsupported', unsupported: `moment ${i + 1}: E[${m.source.f}]: ${what}` };
      meanIndex = i;
      mean = isZeroM(shift) ? m.value : msub(m.value, shift);
      continue;
    }
    if (!isScalarShape(m.f.shape) && m.f.shape.rows === x.shape.rows && m.f.shape.cols === x.shape.rows && secondIndex === undefined) {
      const [k, rest] = splitScalarCoefficient(m.f);
      if (rest.kind === 'mul' && rest.scalars.length === 0 && rest.chain.length === 2 && rest.chain[1] === mtranspose(rest.chain[0]!)) {
        const c = centreOf(rest.chain[0]!, x);
        if (c) {
          secondIndex = i;
          centre = c;
          second = k === ONE ? m.value : scaleBy(m.value, k);
          continue;
        }
      }
    }
    return { status: 'unsupported', unsupported: `moment ${i + 1}: E[${m.source.f}]: ${what}` };
  }
  if (secondIndex === undefined) {
    return { status: 'unbounded', unsupported: `no second moment E[(x - c)*(x - c)'] confines p on R^n: densities spread ever wider keep ${meanIndex === undefined ? 'the constraints' : 'the mean'} with ever larger entropy, so H[p] has no maximum` };
  }
  return { ...(meanIndex !== undefined ? { meanIndex, mean: mean! } : {}), secondIndex, centre: centre!, second: second! };
}

function scaleBy(v: MExpr, k: Expr): MExpr {
  return mmul(mscalar(pow(k, num(-1))), v);
}

function mtoName(x: MExpr): string {
  return x.kind === 'var' ? x.name : 'x';
}
