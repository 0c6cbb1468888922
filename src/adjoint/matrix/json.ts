/**
 * The JSON document of `lagrangian adjoint FILE --json` for a matrix program
 * (INTERFACE.md, `adjoint` and "Vectors and matrices"): the fields of the scalar route
 * (`status`, `lagrangian`, `adjoints`, `gradient`, `multipliers`, `conditions`,
 * `variables`, `gradcheck`), with texts in matrix notation that parse back under the
 * declarations, values as nested lists, and added fields: `shape` of every adjoint and
 * gradient, `local` (the form in the multipliers) beside the closed `text`,
 * `closed_form` (false when the closed form is too large to print: `text` is then the
 * local form), `dimensions`, `instance_check` (the gradient against the scalarised program through
 * the scalar route, on small instances), `notes`.
 */
import { gradcheckJson } from '../check.js';
import { mtoLatex, mtoText, type MExpr, type Shape } from '../../expr/matrix/index.js';
import { multiplierName } from '../program.js';
import { programLagrangian, printableMatrix, type MatrixAdjointAnalysis } from './analysis.js';
import type { MatrixValue } from '../../compile/matrix/index.js';

const shapeJson = (s: Shape): (string | number)[] => (s.rows === 1 && s.cols === 1 ? [] : s.cols === 1 ? [s.rows] : [s.rows, s.cols]);
const math = (e: MExpr) => ({ text: mtoText(e), latex: mtoLatex(e) });

/** Builds the JSON document of an analysed matrix program. */
export function matrixAdjointJson(a: MatrixAdjointAnalysis): Record<string, unknown> {
  const { program, derived, values } = a;
  const conditions: { kind: string; wrt?: string; text: string; latex: string }[] = [];
  for (const as of program.assignments) conditions.push({ kind: 'forward', text: `${as.name} = ${mtoText(as.rhs)}`, latex: `${mtoLatex(as.node)} = ${mtoLatex(as.rhs)}` });
  const adjoints: Record<string, unknown> = {};
  for (const [name, forms] of derived.adjoints) {
    const lam = derived.multipliers.get(name)!;
    const node = program.assignments.find((x) => x.name === name)!.node;
    conditions.push({ kind: 'adjoint', text: `${multiplierName(name)} = ${mtoText(forms.local)}`, latex: `${mtoLatex(lam)} = ${mtoLatex(forms.local)}` });
    const value = values?.multipliers.get(name);
    const closed = printableMatrix(forms.closed);
    adjoints[multiplierName(name)] = {
      ...math(closed ? forms.closed : forms.local),
      ...(value !== undefined ? { value } : {}),
      closed_form: closed,
      shape: shapeJson(node.shape),
      equation: { text: `${multiplierName(name)} = ${mtoText(forms.local)}`, latex: `${mtoLatex(lam)} = ${mtoLatex(forms.local)}` },
    };
  }
  const gradient: Record<string, unknown> = {};
  for (const inp of program.inputs) {
    const forms = derived.gradient.get(inp.name)!;
    conditions.push({ kind: 'gradient', wrt: inp.name, ...math(forms.local) });
    const value = values?.gradient.get(inp.name);
    const closed = printableMatrix(forms.closed);
    gradient[inp.name] = {
      ...math(closed ? forms.closed : forms.local),
      ...(value !== undefined ? { value } : {}),
      in_terms_of: closed ? 'variables' : 'variables and multipliers',
      shape: shapeJson(inp.node.shape),
      local: math(forms.local),
    };
  }
  const L = programLagrangian(program);
  return {
    status: a.status,
    ...(a.message ? { message: a.message } : {}),
    output: program.output,
    ...(values ? { value: values.value } : {}),
    ...(Object.keys(program.dims).length > 0 ? { dimensions: program.dims } : {}),
    lagrangian: { text: L.text, latex: L.latex },
    multipliers: Object.fromEntries(program.assignments.map((as) => [multiplierName(as.name), as.text.trim()])),
    conditions,
    adjoints,
    gradient,
    ...(values ? { variables: Object.fromEntries(values.variables) } : {}),
    ...(a.check ? { gradcheck: gradcheckJson(a.check) } : {}),
    ...(a.instanceCheck
      ? { instance_check: { ok: a.instanceCheck.ok, against: 'the scalarised program through the scalar adjoint route', scalar_lines: a.instanceCheck.scalarLines, max_abs_error: a.instanceCheck.maxAbsError } }
      : {}),
    ...(a.notes.length > 0 ? { notes: a.notes } : {}),
  };
}
