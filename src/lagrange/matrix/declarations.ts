/**
 * Shaped declarations of a problem file (INTERFACE.md, "Vectors and matrices"): entries
 * of `variables` and `parameters` may be `{"name", "shape", "properties"}` objects. This
 * module reads them into matrix declarations and reads the objective and constraints as
 * matrix expressions; the scalar reader (problem.ts) stays untouched and routes here
 * when any declaration is shaped.
 */
import { readAssumeEntries } from '../../parameters/index.js';
import { checkDeclarationNames, InputError, placed, readDeclarationList, readDimensionValues, readFields } from '../../input/index.js';
import { parseMatrix, mtoLatex, declare, mvar, mscalar, MatrixInputError, ShapeError, isScalarShape, shapeOf, msub, formatShape, isZeroM, zeros, type MExpr, type MatrixDeclarations, type ShapeDeclaration } from '../../expr/matrix/index.js';
import type { MatrixValue } from '../../compile/matrix/index.js';
import type { MathText } from '../../document/index.js';

/** Bad input in a shaped problem file: the field, the reason and, where known, the text and position. */
export class MatrixProblemError extends InputError {
  override name = 'MatrixProblemError';
  constructor(field: string, reason: string, text?: string, position?: number) {
    super(reason, field, text, position);
  }
}

/** One constraint in the sign convention of INTERFACE.md: `h = 0` (equality) or `g <= 0`. */
export interface MatrixConstraint {
  readonly kind: 'equality' | 'inequality';
  /** The source text. */
  readonly text: string;
  /** The constraint as mathematics (the source text, and its LaTeX), for prose that names it. */
  readonly math: MathText;
  /** h = lhs − rhs, or g = lhs − rhs for `<=` and rhs − lhs for `>=`. */
  readonly expr: MExpr;
  /** The multiplier: `lambda_i` or `mu_j`, of the constraint's shape. */
  readonly multiplier: MExpr;
  readonly multiplierName: string;
}

/** A problem with vector and matrix variables, read under its declarations. */
export interface MatrixProblem {
  readonly name?: string;
  readonly sense: 'minimize' | 'maximize';
  readonly declarations: MatrixDeclarations;
  readonly declarationList: readonly ShapeDeclaration[];
  readonly variables: readonly MExpr[];
  readonly parameters: readonly string[];
  readonly objective: MExpr;
  readonly objectiveText: string;
  readonly constraints: readonly MatrixConstraint[];
  readonly assume: readonly string[];
  /** Bound dimension names, when the file gives `dimensions`. */
  readonly dimensions?: Readonly<Record<string, number>>;
  /** Parameter values (nested lists), when the file gives `parameter_values`. */
  readonly parameterValues?: Readonly<Record<string, MatrixValue>>;
}

/** Does any entry of `variables` or `parameters` carry a shape (the route to the matrix path)? */
export function hasShapedDeclarations(file: unknown): boolean {
  if (typeof file !== 'object' || file === null) return false;
  const f = file as Record<string, unknown>;
  return [f['variables'], f['parameters']].some((list) => Array.isArray(list) && list.some((e) => typeof e === 'object' && e !== null));
}

/** Reads `text` (a side of a relation starting at `offset` in `whole`, when given: errors then point into the whole constraint). */
function readExpr(text: unknown, decls: MatrixDeclarations, field: string, whole?: string, offset = 0): MExpr {
  if (typeof text !== 'string') throw new MatrixProblemError(field, 'must be a string');
  try {
    return parseMatrix(text, decls);
  } catch (err) {
    if (err instanceof MatrixInputError) throw new MatrixProblemError(field, err.reason, whole ?? text, err.pos + offset);
    if (err instanceof ShapeError || err instanceof Error) throw new MatrixProblemError(field, err.message, whole ?? text);
    throw err;
  }
}

/** Splits `lhs <= rhs` at its relation (outside parentheses). */
function splitRelation(text: string, field: string): [string, '=' | '<=' | '>=', string, number] {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && (c === '<' || c === '>') && text[i + 1] === '=') return [text.slice(0, i), c === '<' ? '<=' : '>=', text.slice(i + 2), i + 1];
    else if (depth === 0 && c === '=' && text[i - 1] !== '<' && text[i - 1] !== '>') return [text.slice(0, i), '=', text.slice(i + 1), i + 1];
  }
  throw new MatrixProblemError(field, 'a constraint needs a relation (=, <= or >=)', text);
}

/** The largest value of a dimension in `dimensions` (an instance is scalarised and solved numerically). */
const MAX_INSTANCE_DIMENSION = 10000;

/** The fields of a problem file with shaped declarations (besides `name` and `description`). */
const MATRIX_PROBLEM_FIELDS = ['variables', 'parameters', 'assume', 'minimize', 'maximize', 'subject_to', 'dimensions', 'parameter_values'] as const;

/** Reads a problem file whose declarations may be shaped. */
export function readMatrixProblem(file: unknown): MatrixProblem {
  // Read strictly, as every input file is: an unknown field is refused with the nearest known name.
  const f = readFields(file, '', MATRIX_PROBLEM_FIELDS, 'a problem as a JSON object', true);
  const varDecls = readDeclarationList(f['variables'], 'variables', true);
  const paramDecls = readDeclarationList(f['parameters'], 'parameters', false);
  const dimNames = checkDeclarationNames([...placed(varDecls, 'variables'), ...placed(paramDecls, 'parameters')]);
  const seen = new Set([...varDecls, ...paramDecls].map((d) => d.name));
  const assume = f['assume'] ?? [];
  if (!Array.isArray(assume) || assume.some((a) => typeof a !== 'string')) throw new MatrixProblemError('assume', 'must be a list of strings');
  const { signs, declarations: all } = readAssumeEntries(assume as string[], [...varDecls, ...paramDecls]);
  const declarations = declare(all);
  const sense = 'maximize' in f ? 'maximize' : 'minimize';
  if ('maximize' in f && 'minimize' in f) throw new MatrixProblemError('problem', 'give either "minimize" or "maximize", not both');
  const objectiveText = f[sense];
  const objective = readExpr(objectiveText, declarations, sense);
  if (!isScalarShape(objective.shape)) throw new MatrixProblemError(sense, `the objective must be a scalar, it is ${formatShape(objective.shape)}`, String(objectiveText));
  const subject = f['subject_to'] ?? [];
  if (!Array.isArray(subject)) throw new MatrixProblemError('subject_to', 'must be a list');
  let eq = 0;
  let ineq = 0;
  const constraints: MatrixConstraint[] = subject.map((text, i) => {
    const field = `subject_to[${i}]`;
    if (typeof text !== 'string') throw new MatrixProblemError(field, 'must be a string');
    const [l, rel, r, relAt] = splitRelation(text, field);
    let lhs = readExpr(l, declarations, field, text);
    let rhs = readExpr(r, declarations, field, text, text.length - r.length);
    // `w >= 0`: a scalar zero against a vector is the zero vector
    if (isZeroM(rhs) && !isScalarShape(lhs.shape)) rhs = zeros(lhs.shape);
    if (isZeroM(lhs) && !isScalarShape(rhs.shape)) lhs = zeros(rhs.shape);
    let expr: MExpr;
    try {
      expr = rel === '>=' ? msub(rhs, lhs) : msub(lhs, rhs);
    } catch (err) {
      if (err instanceof ShapeError) throw new MatrixProblemError(field, `the two sides have different shapes (${formatShape(lhs.shape)} and ${formatShape(rhs.shape)})`, text, relAt);
      throw err;
    }
    const kind = rel === '=' ? 'equality' : 'inequality';
    const multiplierName = kind === 'equality' ? `lambda_${++eq}` : `mu_${++ineq}`;
    if (seen.has(multiplierName)) throw new MatrixProblemError(field, `the multiplier name '${multiplierName}' is already declared`);
    const multiplier = isScalarShape(expr.shape) ? mscalar(multiplierName) : mvar(multiplierName, expr.shape);
    return { kind, text, math: { text, latex: `${mtoLatex(lhs)} ${rel === '=' ? '=' : rel === '<=' ? '\\le' : '\\ge'} ${mtoLatex(rhs)}` }, expr, multiplier, multiplierName };
  });
  const dimensions = readDimensionValues(f['dimensions'], dimNames, MAX_INSTANCE_DIMENSION);
  const parameterValues = f['parameter_values'] as Record<string, MatrixValue> | undefined;
  if (parameterValues !== undefined && (typeof parameterValues !== 'object' || parameterValues === null || Array.isArray(parameterValues))) throw new MatrixProblemError('parameter_values', 'must be an object of values');
  return {
    ...(typeof f['name'] === 'string' ? { name: f['name'] } : {}),
    sense,
    declarations,
    declarationList: all,
    variables: all.slice(0, varDecls.length).map((d) => (d.shape?.length ? mvar(d.name, shapeOf(d.shape[0]!, d.shape[1] ?? 1), d.properties) : mscalar(d.name))),
    parameters: paramDecls.map((d) => d.name),
    objective,
    objectiveText: String(objectiveText),
    constraints,
    assume: signs,
    ...(dimensions ? { dimensions } : {}),
    ...(parameterValues ? { parameterValues } : {}),
  };
}
