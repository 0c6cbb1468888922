/**
 * The adjoint method on a matrix program end to end: parse, derive in matrix notation,
 * and, when the file gives "at", compile both passes at the dimensions the values fix,
 * evaluate them there and check the gradient by central differences.
 */
import { fromDense, InstanceError, type MatrixValue } from '../../compile/matrix/index.js';
import { mchildren, mtoLatex, mtoText, mtopologicalOrder, isColumnShape, isScalarShape, type MExpr } from '../../expr/matrix/index.js';
import type { ProgramGradcheck } from '../check.js';
import { multiplierName, ProgramError } from '../program.js';
import { deriveMatrixAdjoints, multiplierNode, type MatrixAdjoints } from './adjoints.js';
import { checkMatrixGradient, compileMatrixPasses, inputValues, MAX_CHECKED_ENTRIES, type MatrixPasses } from './numeric.js';
import { parseMatrixProgram, type MatrixProgram } from './program.js';
import { scalarProgram } from './scalarised.js';
import { analyzeProgram } from '../analysis.js';

/** Values of both passes at the program's point, as nested lists. */
export interface MatrixAdjointValues {
  readonly value: number;
  readonly variables: ReadonlyMap<string, MatrixValue>;
  readonly multipliers: ReadonlyMap<string, MatrixValue>;
  readonly gradient: ReadonlyMap<string, MatrixValue>;
}

/** Everything the matrix route produced for one program. */
export interface MatrixAdjointAnalysis {
  readonly status: 'ok' | 'not_finite';
  readonly message?: string;
  readonly program: MatrixProgram;
  readonly derived: MatrixAdjoints;
  readonly passes?: MatrixPasses;
  readonly values?: MatrixAdjointValues;
  readonly check?: ProgramGradcheck;
  /** The gradient against the scalarised program through the scalar adjoint route (small instances). */
  readonly instanceCheck?: { readonly ok: boolean; readonly maxAbsError: number; readonly scalarLines: number };
  /** Sentences about what was or was not done (a check skipped for size). */
  readonly notes: readonly string[];
}

/** Parses, derives and (with "at") evaluates and checks a matrix program. Throws ProgramError on bad input. */
export function analyzeMatrixProgram(source: string | unknown): MatrixAdjointAnalysis {
  const program = parseMatrixProgram(source);
  const derived = deriveMatrixAdjoints(program);
  const notes: string[] = [];
  if (!program.at) return { status: 'ok', program, derived, notes };
  let passes: MatrixPasses;
  try {
    passes = compileMatrixPasses(derived, program.dims);
  } catch (err) {
    if (err instanceof InstanceError) throw new ProgramError(`"at": ${err.message}`);
    throw err;
  }
  let inputs;
  try {
    inputs = inputValues(passes, program.at);
  } catch (err) {
    if (err instanceof InstanceError) throw new ProgramError(`"at": ${err.message}`);
    throw err;
  }
  const vars = passes.forward(inputs).map((v) => Float64Array.from(v));
  const back = passes.backward(inputs, vars).map((v) => Float64Array.from(v));
  const shapeOf = (i: number): [number, number] => passes.inputShapes[i]! as [number, number];
  // A declared vector or matrix stays a list even when its dimensions are 1.
  const asList = (data: Float64Array, rows: number, cols: number, scalar: boolean): MatrixValue =>
    scalar ? data[0]! : cols === 1 ? Array.from(data) : rows === 1 ? [Array.from(data)] : fromDense({ rows, cols, data });
  const n = program.inputs.length;
  const gradient = new Map(program.inputs.map((inp, i) => [inp.name, asList(back[i]!, ...shapeOf(i), inp.node.kind === 'scalar')]));
  const dimsOf = (e: MExpr): [number, number] => {
    const r = typeof e.shape.rows === 'number' ? e.shape.rows : program.dims[e.shape.rows]!;
    const c = typeof e.shape.cols === 'number' ? e.shape.cols : program.dims[e.shape.cols]!;
    return [r, c];
  };
  const variables = new Map(program.assignments.map((a, i) => [a.name, asList(vars[i]!, ...dimsOf(a.node), a.node.kind === 'scalar')]));
  const multipliers = new Map(program.assignments.map((a, i) => [a.name, asList(back[n + i]!, ...dimsOf(a.node), a.node.kind === 'scalar')]));
  const value = vars[program.assignments.findIndex((a) => a.name === program.output)]![0]!;
  const values = { value, variables, multipliers, gradient };
  const finite = [...vars, ...back].every((v) => v.every(Number.isFinite));
  if (!finite) return { status: 'not_finite', message: 'a value of the forward or backward pass is not finite at the point', program, derived, passes, values, notes };
  const entries = passes.inputShapes.reduce((s, [r, c]) => s + r * c, 0);
  if (entries > MAX_CHECKED_ENTRIES) {
    notes.push(`The central-difference check was skipped: the inputs have ${entries} entries (the check differentiates at most ${MAX_CHECKED_ENTRIES}).`);
    return { status: 'ok', program, derived, passes, values, notes };
  }
  const check = checkMatrixGradient(passes, inputs);
  const instanceCheck = scalarRouteCheck(program, values, entries, notes);
  return { status: 'ok', program, derived, passes, values, check, ...(instanceCheck ? { instanceCheck } : {}), notes };
}

/**
 * Largest printed size (tree nodes) of a closed form that the JSON and the derivation
 * print. Closed forms are DAGs; printed as trees they grow with the depth of the program
 * (each multiplier nests every later one), so larger ones are given in their local form.
 */
export const MATRIX_PRINT_LIMIT = 400;

/** Is the expression's printed (tree) size at most the limit? Iterative, sizes capped. */
export function printableMatrix(e: MExpr, limit = MATRIX_PRINT_LIMIT): boolean {
  const size = new Map<MExpr, number>();
  for (const n of mtopologicalOrder([e])) {
    let s = 1;
    for (const k of mchildren(n)) s = Math.min(limit + 1, s + size.get(k)!);
    size.set(n, s);
  }
  return size.get(e)! <= limit;
}

/** Largest instance (input entries) that is also scalarised and run through the scalar route. */
export const MAX_SCALARISED_ENTRIES = 120;

/** The matrix route's gradient against the scalar route on the scalarised program, or undefined when too large. */
function scalarRouteCheck(program: MatrixProgram, values: MatrixAdjointValues, entries: number, notes: string[]): MatrixAdjointAnalysis['instanceCheck'] {
  if (entries > MAX_SCALARISED_ENTRIES) {
    notes.push(`The instance has ${entries} input entries; it is scalarised and checked against the scalar route up to ${MAX_SCALARISED_ENTRIES}.`);
    return undefined;
  }
  const scalar = analyzeProgram(scalarProgram(program));
  if (scalar.status !== 'ok' || !scalar.values) return { ok: false, maxAbsError: Infinity, scalarLines: scalar.program.assignments.length };
  const mine = program.inputs.flatMap((i) => [values.gradient.get(i.name)!].flat(2) as number[]);
  let maxAbsError = 0;
  let ok = true;
  scalar.program.inputs.forEach((name, i) => {
    const theirs = scalar.values!.gradient.get(name)!;
    const err = Math.abs(theirs - mine[i]!);
    maxAbsError = Math.max(maxAbsError, err);
    if (!(err <= 1e-9 * Math.max(1, Math.abs(theirs)))) ok = false;
  });
  return { ok, maxAbsError, scalarLines: scalar.program.assignments.length };
}

/** The Lagrangian written as the derivation states it: `loss - lambda_z1'*(z1 - tanh(W1*x + b1)) - ...`. */
export function programLagrangian(program: MatrixProgram): { text: string; latex: string } {
  const text: string[] = [program.output];
  const latex: string[] = [mtoLatex(program.assignments.find((a) => a.name === program.output)!.node)];
  for (const a of program.assignments) {
    const lam = multiplierName(a.name);
    // Parentheses around f only where it is a sum (z1 - tanh(...), but z2 - (b2 + W2*z1)).
    const sum = a.rhs.kind === 'add' || mtoText(a.rhs).startsWith('-');
    const rhsText = sum ? `(${mtoText(a.rhs)})` : mtoText(a.rhs);
    const lamLatex = mtoLatex(multiplierNode(a.name, a.node));
    const zl = mtoLatex(a.node);
    const fl = sum ? `\\left(${mtoLatex(a.rhs)}\\right)` : mtoLatex(a.rhs);
    if (isScalarShape(a.node.shape)) {
      text.push(`${lam}*(${a.name} - ${rhsText})`);
      latex.push(`${lamLatex} \\left(${zl} - ${fl}\\right)`);
    } else if (isColumnShape(a.node.shape)) {
      text.push(`${lam}'*(${a.name} - ${rhsText})`);
      latex.push(`${lamLatex}^{\\top} \\left(${zl} - ${fl}\\right)`);
    } else {
      text.push(`tr(${lam}'*(${a.name} - ${rhsText}))`);
      latex.push(`\\operatorname{tr}\\left(${lamLatex}^{\\top} \\left(${zl} - ${fl}\\right)\\right)`);
    }
  }
  return { text: text.join(' - '), latex: latex.join(' - ') };
}
