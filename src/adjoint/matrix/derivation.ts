/**
 * (Here in cli, not in the adjoint room, because rooms below render may not import the
 * document model.) The derivation document of a matrix program, in matrix notation: the program as
 * constraints, the Lagrangian, the forward equations, the adjoint equations (one
 * vector-Jacobian product per line that reads a variable), the multipliers eliminated in
 * reverse order, the gradient, and at a point the values and the central-difference check.
 */
import { formatShape, mtoLatex, mtoText, type MExpr } from '../../expr/matrix/index.js';
import { inline, prose, tex, type Block, type Derivation, type EquationRow, type MathText, type Step } from '../../document/index.js';
import { programLagrangian, printableMatrix, type MatrixAdjointAnalysis } from './analysis.js';

const m = (e: MExpr): MathText => ({ text: mtoText(e), latex: mtoLatex(e) });
const text = (t: string): Block => ({ kind: 'text', text: t });
/** `∂L/∂z` with z's LaTeX. */
const partial = (name: string, latex: string, rhs: string): MathText => tex(`dL/d${name} = ${rhs}`, `\\partial \\mathcal{L} / \\partial ${latex} = ${rhs}`);

/** Builds the derivation document of an analysed matrix program. */
export function matrixAdjointDerivation(a: MatrixAdjointAnalysis, title?: string): Derivation {
  const { program, derived } = a;
  const nodeLatex = (name: string): string => {
    const node = program.assignments.find((x) => x.name === name)?.node ?? program.inputs.find((x) => x.name === name)?.node;
    return node ? mtoLatex(node) : name;
  };
  const steps: Step[] = [];
  steps.push({
    title: 'The program as equality constraints',
    blocks: [
      {
        kind: 'prose',
        parts: [
          'Inputs: ',
          ...program.inputs.flatMap((i, k) => [
            ...(k ? [', '] : []),
            tex(`${i.name} (${formatShape(i.node.shape)})`, `${mtoLatex(i.node)} \\in \\mathbb{R}^{${formatShape(i.node.shape).split('×').map((d) => (d.length > 1 && !/^\d+$/.test(d) ? `\\mathit{${d}}` : d)).join(' \\times ')}}`),
          ]),
          ...inline`. Each line ${tex('z = f(...)', 'z = f(\\dots)')} is a constraint with a multiplier ${tex('lambda_z', '\\lambda_z')} of ${tex('z', 'z')}'s shape.`,
        ],
      },
      { kind: 'table', header: ['line', 'variable', 'shape', 'definition'], rows: program.assignments.map((as) => [String(as.line), m(as.node), formatShape(as.node.shape), m(as.rhs)]) },
    ],
  });
  steps.push({
    title: 'The Lagrangian',
    blocks: [
      prose`For a vector constraint the multiplier enters through the inner product ${tex("lambda'*(z - f)", '\\lambda^{\\top} (z - f)')}; for a matrix through ${tex("tr(lambda'*(Z - F))", '\\operatorname{tr}\\left(\\lambda^{\\top} (Z - F)\\right)')}.`,
      { kind: 'math', item: { text: `L = ${programLagrangian(program).text}`, latex: `\\mathcal{L} = ${programLagrangian(program).latex}` } },
    ],
  });
  steps.push({
    title: 'Forward pass: dL/dlambda = 0',
    heading: ['Forward pass: ', tex('dL/dlambda = 0', '\\partial \\mathcal{L} / \\partial \\lambda = 0')],
    blocks: [{ kind: 'equations', rows: program.assignments.map((as): EquationRow => ({ lhs: m(as.node), relation: '=', rhs: m(as.rhs) })) }],
  });
  const adjRows: EquationRow[] = [];
  for (const [name, forms] of derived.adjoints) {
    adjRows.push({ lhs: m(derived.multipliers.get(name)!), relation: '=', rhs: m(forms.local), note: name === program.output ? ['the output: ', tex('dL/dz = 1 - lambda', '\\partial \\mathcal{L} / \\partial z = 1 - \\lambda')] : [partial(name, nodeLatex(name), '0')] });
  }
  steps.push({
    title: 'Adjoint equations: dL/dz = 0',
    heading: ['Adjoint equations: ', tex('dL/dz = 0', '\\partial \\mathcal{L} / \\partial z = 0')],
    blocks: [
      prose`Each term is the vector-Jacobian product of one line that reads the variable, ${tex("lambda_j = sum_i (df_i/dz_j)'*lambda_i", '\\lambda_j = \\sum_i \\left(\\partial f_i / \\partial z_j\\right)^{\\top} \\lambda_i')}, written without forming a Jacobian; an entrywise function contributes its derivative entry by entry, with ${tex('f_i', 'f_i')} written as ${tex('z_i', 'z_i')} (equal on the forward solution).`,
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
  steps.push({ title: `The gradient of ${program.output}: dL/dx`, heading: inline`The gradient of ${tex(program.output, m(program.assignments.find((x) => x.name === program.output)?.node ?? program.inputs[0]!.node).latex)}: ${tex('dL/dx', '\\partial \\mathcal{L} / \\partial x')}`, blocks: [{ kind: 'equations', rows: gradRows }] });
  if (a.values) {
    const dims = Object.entries(program.dims);
    const point = tex(dims.map(([k, v]) => `${k} = ${v}`).join(', '), dims.map(([k, v]) => `${k.length > 1 ? `\\mathit{${k}}` : k} = ${v}`).join(',\\; '));
    const out = program.assignments.find((x) => x.name === program.output)!;
    const blocks: Block[] = [prose`At the given point (${point}): ${tex(`${program.output} = ${a.values.value.toPrecision(8)}`, `${m(out.node).latex} = ${a.values.value.toPrecision(8)}`)}.`];
    if (a.check) {
      blocks.push(text(`Central differences of the compiled forward pass in all ${a.check.components.length} input entries against the compiled backward pass: ${a.check.ok ? 'agree' : 'DISAGREE'} (largest absolute error ${a.check.maxAbsError.toExponential(2)}, relative ${a.check.maxRelError.toExponential(2)}).`));
    }
    for (const n of a.notes) blocks.push(text(n));
    steps.push({ title: 'Values and check', blocks });
  }
  return { title: title ?? `Adjoints of ${program.output} by Lagrange multipliers, in matrix notation`, steps };
}
