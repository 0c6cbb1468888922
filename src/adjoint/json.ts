/**
 * The JSON document of `lagrangian adjoint FILE --json` (INTERFACE.md):
 * `{status, lagrangian: {text, latex}, adjoints: {lambda_v: {text, latex, value?}},
 * gradient: {x: {text, latex, value?}}}`, plus fields this tool adds (never renames):
 * `output`, `value`, `multipliers` (which constraint each λ belongs to), `conditions`
 * (the three families: `forward` and `adjoint` as relations, `gradient` as the
 * expression dL/dx with `wrt`), `variables` (forward values), per-adjoint `equation` (the
 * local backpropagation equation) and `closed_form` (true when `text` is λ after
 * back-substitution, over the variables only; false when that closed form is unavailable
 * or too large to print, and `text` is then the right-hand side of `equation`),
 * per-gradient `in_terms_of` (`inputs`, `variables`, or `variables and multipliers`),
 * `gradcheck`, and `message` when the status is not `ok`.
 */
import { gradcheckJson } from './check.js';
import { toLatex, toText } from '../expr/index.js';
import { exprJson } from '../document/index.js';
import { printable, type AdjointAnalysis } from './analysis.js';
import { lagrangianMath } from './display.js';
import { multiplierName } from './program.js';

/** JSON has no Infinity or NaN; they become null (the status then says why). */
function jsonNumber(v: number): number {
  return (Number.isFinite(v) ? v : null) as number;
}

/** Builds the JSON document of an analysed program. */
export function adjointJson(a: AdjointAnalysis): Record<string, unknown> {
  const { program, system, backsub, values } = a;
  const L = lagrangianMath(program);
  const conditions: { kind: string; wrt?: string; text: string; latex: string }[] = [];
  for (const f of system.forward) conditions.push({ kind: 'forward', text: `${f.name} = ${toText(f.rhs)}`, latex: `${toLatex(f.lhs)} = ${toLatex(f.rhs)}` });
  for (const eq of system.adjoint) {
    const lam = system.multipliers.get(eq.name)!;
    conditions.push({ kind: 'adjoint', text: `${lam.name} = ${toText(eq.rawRhs)}`, latex: `${toLatex(lam)} = ${toLatex(eq.rawRhs)}` });
  }
  for (const g of system.gradient) {
    // dL/dx itself (not a relation): `wrt` names the input; the text is the expression, so it parses back.
    conditions.push({ kind: 'gradient', wrt: g.name, text: toText(g.rawRhs), latex: toLatex(g.rawRhs) });
  }


  const adjoints: Record<string, unknown> = {};
  for (const eq of system.adjoint) {
    const name = multiplierName(eq.name);
    const found = backsub.adjoints.get(eq.name);
    const closed = found && printable(a, found) ? found : undefined;
    const value = values?.multipliers.get(eq.name);
    adjoints[name] = {
      ...exprJson(closed ?? eq.rhs, value),
      closed_form: closed !== undefined,
      equation: { text: `${name} = ${toText(eq.rhs)}`, latex: `${toLatex(system.multipliers.get(eq.name)!)} = ${toLatex(eq.rhs)}` },
    };
  }

  const gradient: Record<string, unknown> = {};
  for (const g of system.gradient) {
    const inlined = a.inlinedGradient?.get(g.name);
    const found = backsub.gradient.get(g.name);
    const closed = found && printable(a, found) ? found : undefined;
    const e = inlined ?? closed ?? g.rhs;
    gradient[g.name] = {
      ...exprJson(e, values?.gradient.get(g.name)),
      in_terms_of: inlined ? 'inputs' : closed ? 'variables' : 'variables and multipliers',
    };
  }

  return {
    status: a.status,
    ...(a.message ? { message: a.message } : {}),
    output: program.output,
    ...(values ? { value: jsonNumber(values.value) } : {}),
    lagrangian: { text: L.text, latex: L.latex },
    multipliers: Object.fromEntries(program.assignments.map((as) => [multiplierName(as.name), as.text.trim()])),
    conditions,
    adjoints,
    gradient,
    ...(values ? { variables: Object.fromEntries([...values.variables].map(([k, v]) => [k, jsonNumber(v)])) } : {}),
    ...(a.check ? { gradcheck: gradcheckJson(a.check) } : {}),
  };
}
