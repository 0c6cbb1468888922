/**
 * Matrix programs: the assignments of a program file whose inputs are declared with
 * shapes (`z1 = tanh(W1*x + b1)`, `z2 = W2*z1 + b2`, `loss = norm(z2 - y)^2/2`). Each
 * right-hand side is read under the declarations of the inputs and of the variables
 * assigned before it, so every variable gets the shape of its right-hand side. A matrix
 * program is read in order: a line uses inputs and earlier variables only (implicit and
 * cyclic definitions are the scalar route's; a matrix one is refused with its line).
 */
import { freeSymbols, MATRIX_LANGUAGE_FUNCTION_NAMES } from '../../expr/index.js';
import { ParseError } from '../../expr/parse-error.js';
import {
  declare, declaredNode, isScalarShape, MatrixInputError, mtopologicalOrder, parseMatrix, ShapeError, formatShape,
  type MExpr, type ShapeDeclaration, type Dim,
} from '../../expr/matrix/index.js';
import type { MatrixValue } from '../../compile/matrix/index.js';
import { checkProgramName, ProgramError, readProgramFile } from '../program.js';
import { checkDeclarationNames, MAX_DIMENSION, placed, readDeclarationList, readDimensionValues } from '../../input/index.js';

/** One assignment `name = rhs` of a matrix program. */
export interface MatrixAssignment {
  readonly name: string;
  /** The variable as a node of the right-hand side's shape (a scalar symbol when 1×1). */
  readonly node: MExpr;
  /** f_name(parents) as a matrix expression. */
  readonly rhs: MExpr;
  /** 1-based line number and the line as written. */
  readonly line: number;
  readonly text: string;
}

/** A parsed, shape-checked matrix program. */
export interface MatrixProgram {
  /** Input declarations in the order given (a scalar input has no shape). */
  readonly declarations: readonly ShapeDeclaration[];
  /** Input nodes in the order given. */
  readonly inputs: readonly { readonly name: string; readonly node: MExpr }[];
  /** Assignments in the order written (which is topological). */
  readonly assignments: readonly MatrixAssignment[];
  /** The output variable: assigned, scalar. */
  readonly output: string;
  /** Values of the inputs (nested lists), when given. */
  readonly at?: Readonly<Record<string, MatrixValue>>;
  /** Numbers for the dimension names, from "dimensions" or read off the sizes in "at". */
  readonly dims: Readonly<Record<string, number>>;
}

/** The fields of a matrix program file (besides `name` and `description`); any other is refused. */
const MATRIX_PROGRAM_FIELDS = ['inputs', 'program', 'output', 'at', 'dimensions'] as const;

/**
 * Why a forward reference is refused: a matrix program is read in order. A variable
 * defined through itself or a later line is an implicit (fixed-point) program, whose
 * adjoint solves (I - J')*lambda = ... for the cycle's Jacobian J; the matrix route does
 * not derive that, the scalar route (inputs as scalar names) does.
 */
function usedBeforeAssigned(name: string, later: number, line: number): string {
  const what = later === line ? `"${name}" is defined through itself (a fixed point ${name} = f(${name}, …))` : `"${name}" is used before it is assigned (line ${later}): reorder the lines, unless they form a cycle`;
  return `${what}; the matrix route reads a program in order and does not derive implicit or cyclic programs (their adjoint solves (I - J')*lambda = ... for the cycle's Jacobian J); give the inputs as scalar names for the scalar route, which solves cycles`;
}

/** Parses a matrix program from its JSON text or decoded object. Throws ProgramError on bad input. */
export function parseMatrixProgram(input: string | unknown): MatrixProgram {
  const obj = readProgramFile(input, MATRIX_PROGRAM_FIELDS);
  const declarations = readDeclarationList(obj['inputs'], 'inputs', true);
  for (const d of declarations) checkProgramName(d.name, 'input', MATRIX_LANGUAGE_FUNCTION_NAMES);
  const dimNames = checkDeclarationNames(placed(declarations, 'inputs'));
  const seen = new Set(declarations.map((d) => d.name));
  const decls = declare(declarations);
  const inputs = declarations.map((d) => ({ name: d.name, node: declaredNode(d.name, decls) }));
  const assignments = readAssignments(readLines(obj['program']), declarations, seen, dimNames);
  const output = obj['output'];
  if (typeof output !== 'string') throw new ProgramError('"output" must be the name of an assigned variable');
  const out = assignments.find((a) => a.name === output);
  if (!out) throw new ProgramError(seen.has(output) ? `the output "${output}" is an input; the output must be an assigned variable` : `the output "${output}" is never assigned`);
  if (!isScalarShape(out.node.shape)) throw new ProgramError(`the output "${output}" is ${formatShape(out.node.shape)}; the output of a program is a scalar (a loss)`);
  const dims = readDimensionValues(obj['dimensions'], dimNames, MAX_DIMENSION) ?? {};
  const at = obj['at'] === undefined ? undefined : readAt(obj['at'], declarations, dims);
  return { declarations, inputs, assignments, output, ...(at ? { at } : {}), dims };
}

function readLines(raw: unknown): { text: string; line: number }[] {
  const list = typeof raw === 'string' ? raw.split(/\r?\n/) : raw;
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) throw new ProgramError('"program" must be a non-empty list of assignments, e.g. ["z1 = tanh(W1*x + b1)"]');
  const lines = (list as string[]).map((text, i) => ({ text, line: i + 1 })).filter((l) => l.text.trim() !== '');
  if (lines.length === 0) throw new ProgramError('"program" must be a non-empty list of assignments');
  return lines;
}

function readAssignments(lines: { text: string; line: number }[], inputs: readonly ShapeDeclaration[], inputNames: ReadonlySet<string>, dimNames: ReadonlySet<string>): MatrixAssignment[] {
  const allNames = new Map<string, number>();
  for (const { text, line } of lines) {
    const eq = text.indexOf('=');
    if (eq >= 0) allNames.set(text.slice(0, eq).trim(), line);
  }
  const declared: ShapeDeclaration[] = [...inputs];
  const assigned = new Set<string>();
  const out: MatrixAssignment[] = [];
  for (const { text, line } of lines) {
    const eq = text.indexOf('=');
    if (eq < 0) throw new ProgramError('an assignment has the form "name = expression"', line, text);
    const again = text.indexOf('=', eq + 1);
    if (again >= 0) throw new ProgramError('an assignment has exactly one "="', line, text, again + 1);
    const name = text.slice(0, eq).trim();
    if (name === '') throw new ProgramError('missing variable name before "="', line, text, 1);
    checkProgramName(name, 'variable', MATRIX_LANGUAGE_FUNCTION_NAMES, line, text);
    if (inputNames.has(name)) throw new ProgramError(`"${name}" is an input and cannot be assigned`, line, text, 1);
    if (dimNames.has(name)) throw new ProgramError(`"${name}" is a dimension name and cannot be assigned`, line, text, 1);
    if (assigned.has(name)) throw new ProgramError(`"${name}" is assigned twice; each variable is assigned once (for a later value use a new name)`, line, text, 1);
    const rhsText = text.slice(eq + 1);
    if (rhsText.trim() === '') throw new ProgramError('missing expression after "="', line, text, eq + 2);
    // Before reading: an undeclared name would be read as a scalar symbol and give a misleading shape error.
    for (const m of rhsText.matchAll(/[A-Za-z][A-Za-z0-9_]*/g)) {
      const later = allNames.get(m[0]);
      if (later !== undefined && !assigned.has(m[0])) {
        throw new ProgramError(usedBeforeAssigned(m[0], later, line), line, text, eq + 2 + m.index!);
      }
    }
    let rhs: MExpr;
    try {
      rhs = parseMatrix(rhsText, declare(declared));
    } catch (err) {
      if (err instanceof ParseError) throw new ProgramError(err.reason, line, text, eq + 1 + (err.position ?? 1));
      if (err instanceof MatrixInputError) throw new ProgramError(err.reason, line, text, eq + 1 + err.pos);
      if (err instanceof ShapeError) throw new ProgramError(err.message, line, text, eq + 2);
      throw err;
    }
    for (const used of namesRead(rhs)) {
      if (inputNames.has(used) || assigned.has(used) || dimNames.has(used)) continue;
      const later = allNames.get(used);
      const pos = eq + 1 + Math.max(1, rhsText.search(new RegExp(`\\b${used}\\b`)) + 1);
      if (later !== undefined) {
        throw new ProgramError(usedBeforeAssigned(used, later, line), line, text, pos);
      }
      throw new ProgramError(`"${used}" is neither an input nor an assigned variable`, line, text, pos);
    }
    const shape = rhs.shape;
    const decl: ShapeDeclaration = isScalarShape(shape) ? { name } : { name, shape: shape.cols === 1 ? [shape.rows] : [shape.rows, shape.cols] };
    declared.push(decl);
    assigned.add(name);
    out.push({ name, node: declaredNode(name, declare([decl])), rhs, line, text });
  }
  return out;
}

/** The input and variable names an expression reads: declared nodes and scalar symbols. */
export function namesRead(e: MExpr): Set<string> {
  const names = new Set<string>();
  for (const n of mtopologicalOrder([e])) {
    if (n.kind === 'var') names.add(n.name);
    else if (n.kind === 'scalar') for (const s of freeSymbols(n.expr)) names.add(s);
  }
  return names;
}

/** Reads "at" (a number, a list, or a list of rows per input), fixing dimension names from the sizes. */
function readAt(raw: unknown, declarations: readonly ShapeDeclaration[], dims: Record<string, number>): Record<string, MatrixValue> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ProgramError('"at" is an object giving every input a value');
  const obj = raw as Record<string, unknown>;
  const out: Record<string, MatrixValue> = {};
  const fix = (d: Dim, size: number, name: string): void => {
    if (typeof d === 'number') {
      if (d !== size) throw new ProgramError(`"at" gives "${name}" ${size} where its shape says ${d}`);
    } else if (dims[d] === undefined) dims[d] = size;
    else if (dims[d] !== size) throw new ProgramError(`"at" gives "${name}" the size ${size} for the dimension ${d}, which is ${dims[d]} elsewhere`);
  };
  for (const key of Object.keys(obj)) if (!declarations.some((d) => d.name === key)) throw new ProgramError(`"at" gives "${key}", which is not an input`);
  for (const d of declarations) {
    const v = obj[d.name];
    if (v === undefined) throw new ProgramError(`"at" gives no value for the input "${d.name}"`);
    const shape = d.shape ?? [];
    const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
    if (shape.length === 0) {
      if (!finite(v)) throw new ProgramError(`"at": "${d.name}" is a scalar and needs a finite number`);
    } else if (shape.length === 1) {
      if (!Array.isArray(v) || v.length === 0 || !v.every(finite)) throw new ProgramError(`"at": "${d.name}" is a vector and needs a list of finite numbers`);
      fix(shape[0]!, v.length, d.name);
    } else {
      const rows = Array.isArray(v) ? v : [];
      if (rows.length === 0 || !rows.every((r) => Array.isArray(r) && r.length === (rows[0] as unknown[]).length && r.every(finite)) || (rows[0] as unknown[]).length === 0) {
        throw new ProgramError(`"at": "${d.name}" is a matrix and needs a list of equally long rows of finite numbers`);
      }
      fix(shape[0]!, rows.length, d.name);
      fix(shape[1]!, (rows[0] as unknown[]).length, d.name);
    }
    out[d.name] = v as MatrixValue;
  }
  return out;
}
