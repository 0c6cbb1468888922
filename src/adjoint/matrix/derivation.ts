/**
 * (Here in cli, not in the adjoint room, because rooms below render may not import the
 * document model.) The derivation document of a matrix program, in matrix notation: the program as
 * constraints, the Lagrangian, the forward equations, the adjoint equations (one
 * vector-Jacobian product per line that reads a variable), the multipliers eliminated in
 * reverse order, the gradient, and at a point the values and the central-difference check.
 */
import { formatShape, mtoLatex, mtoText, type MExpr } from '../../expr/matrix/index.js';
import type { Block, Derivation, EquationRow, MathText, Step } from '../../document/index.js';
import { multiplierName } from '../program.js';
import { programLagrangian, printableMatrix, type MatrixAdjointAnalysis } from './analysis.js';

const m = (e: MExpr): MathText => ({ text: mtoText(e), latex: mtoLatex(e) });
const text = (t: string): Block => ({ kind: 'text', text: t });

/** Builds the derivation document of an analysed matrix program. */
export function matrixAdjointDerivation(a: MatrixAdjointAnalysis, title?: string): Derivation {
  const { program, derived } = a;
  const steps: Step[] = [];
  steps.push({
    title: 'The program as equality constraints',
    blocks: [
      text(`Inputs: ${program.inputs.map((i) => `${i.name} (${formatShape(i.node.shape)})`).join(', ')}. Each line z = f(...) is a constraint with a multiplier lambda_z of z's shape.`),
      { kind: 'table', header: ['line', 'variable', 'shape', 'definition'], rows: program.assignments.map((as) => [String(as.line), m(as.node), formatShape(as.node.shape), m(as.rhs)]) },
    ],
  });
  steps.push({
    title: 'The Lagrangian',
    blocks: [
      text('For a vector constraint the multiplier enters through the inner product lambda\'*(z - f); for a matrix through tr(lambda\'*(Z - F)).'),
      { kind: 'math', item: { text: `L = ${programLagrangian(program).text}`, latex: `\\mathcal{L} = ${programLagrangian(program).latex}` } },
    ],
  });
  steps.push({
    title: 'Forward pass: dL/dlambda = 0',
    blocks: [{ kind: 'equations', rows: program.assignments.map((as): EquationRow => ({ lhs: m(as.node), relation: '=', rhs: m(as.rhs) })) }],
  });
  const adjRows: EquationRow[] = [];
  for (const [name, forms] of derived.adjoints) {
    adjRows.push({ lhs: m(derived.multipliers.get(name)!), relation: '=', rhs: m(forms.local), note: name === program.output ? 'the output: dL/dz = 1 - lambda' : `dL/d${name} = 0` });
  }
  steps.push({
    title: 'Adjoint equations: dL/dz = 0',
    blocks: [
      text('Each term is the vector-Jacobian product of one line that reads the variable, lambda_j = sum_i (df_i/dz_j)\'*lambda_i, written without forming a Jacobian; an entrywise function contributes its derivative entry by entry, with f_i written as z_i (equal on the forward solution).'),
      { kind: 'equations', rows: adjRows },
    ],
  });
  steps.push({
    title: 'Back-substitution in reverse order',
    blocks: [
      { kind: 'equations', rows: [...derived.adjoints].filter(([, f]) => printableMatrix(f.closed)).map(([name, f]): EquationRow => ({ lhs: m(derived.multipliers.get(name)!), relation: '=', rhs: m(f.closed) })) },
      ...([...derived.adjoints].some(([, f]) => !printableMatrix(f.closed)) ? [text('The other multipliers nest every later one; their closed forms are too large to print and are used in the local form above.')] : []),
    ],
  });
  const gradRows: EquationRow[] = [];
  for (const inp of program.inputs) {
    const f = derived.gradient.get(inp.name)!;
    gradRows.push({ lhs: { text: `dL/d${inp.name}`, latex: `\\frac{\\partial \\mathcal{L}}{\\partial ${mtoLatex(inp.node)}}` }, relation: '=', rhs: m(f.local) });
    if (printableMatrix(f.closed)) gradRows.push({ lhs: { text: '', latex: '' }, relation: '=', rhs: m(f.closed), note: formatShape(inp.node.shape) });
  }
  steps.push({ title: `The gradient of ${program.output}: dL/dx`, blocks: [{ kind: 'equations', rows: gradRows }] });
  if (a.values) {
    const blocks: Block[] = [text(`At the given point (${Object.entries(program.dims).map(([k, v]) => `${k} = ${v}`).join(', ')}): ${program.output} = ${a.values.value.toPrecision(8)}.`)];
    if (a.check) {
      blocks.push(text(`Central differences of the compiled forward pass in all ${a.check.components.length} input entries against the compiled backward pass: ${a.check.ok ? 'agree' : 'DISAGREE'} (largest absolute error ${a.check.maxAbsError.toExponential(2)}, relative ${a.check.maxRelError.toExponential(2)}).`));
    }
    for (const n of a.notes) blocks.push(text(n));
    steps.push({ title: 'Values and check', blocks });
  }
  return { title: title ?? `Adjoints of ${program.output} by Lagrange multipliers (matrix form; multipliers ${program.assignments.map((x) => multiplierName(x.name)).join(', ')})`, steps };
}
