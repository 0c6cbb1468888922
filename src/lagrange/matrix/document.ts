/**
 * The derivation of a matrix-form solve as a document (src/render's model): the
 * Lagrangian, stationarity, the class's steps, the notes and the instance check, every
 * formula in matrix notation.
 */
import { mtoLatex, mtoText, type MExpr } from '../../expr/matrix/index.js';
import type { Block, Derivation, EquationRow, MathText, Step } from '../../document/index.js';
import type { InstanceCheck } from './instance.js';
import type { MatrixRow, MatrixSolveResult } from './solve.js';

function item(e: MExpr | string): MathText {
  if (typeof e === 'string') return { text: e, latex: e.length === 1 ? e : `\\mathrm{${e}}` };
  return { text: mtoText(e), latex: mtoLatex(e) };
}

function row(r: MatrixRow): EquationRow {
  return { lhs: item(r.lhs), relation: r.relation, rhs: item(r.rhs), ...(r.note ? { note: r.note } : {}) };
}

/** The derivation document of a matrix-form solve (with the instance check when there is one). */
export function matrixSolveDerivation(r: MatrixSolveResult, check?: InstanceCheck): Derivation {
  const p = r.problem;
  const steps: Step[] = [];
  const problemRows: EquationRow[] = [{ lhs: { text: p.sense, latex: `\\text{${p.sense}}` }, relation: ':=', rhs: item(p.objective) }];
  for (const c of p.constraints) problemRows.push({ lhs: item(c.expr), relation: c.kind === 'equality' ? '=' : '<=', rhs: { text: '0', latex: '0' }, note: `${c.text} (multiplier ${c.multiplierName})` });
  const declared = p.declarationList.filter((d) => d.shape?.length).map((d) => `${d.name}: ${d.shape!.join('×')}${d.properties?.length ? ` (${d.properties.join(', ')})` : ''}`);
  steps.push({ title: 'Problem', blocks: [{ kind: 'text', text: `Declared: ${declared.join('; ')}.` }, { kind: 'equations', rows: problemRows }] });
  for (const s of r.steps) {
    const blocks: Block[] = [];
    if (s.text) blocks.push({ kind: 'text', text: s.text });
    if (s.rows.length) blocks.push({ kind: 'equations', rows: s.rows.map(row) });
    steps.push({ title: s.title, blocks });
  }
  const conclusion: Block[] = r.notes.map((text) => ({ kind: 'text', text }));
  for (const s of r.solutions) for (const c of s.conditions) conclusion.push({ kind: 'text', text: `Holds when ${c}.` });
  steps.push({ title: r.status === 'optimal' ? 'Optimality' : 'Conclusion', blocks: conclusion.length ? conclusion : [{ kind: 'text', text: r.reason }] });
  if (check) {
    steps.push({
      title: 'Numeric instance',
      blocks: [
        { kind: 'text', text: `Dimensions ${Object.entries(check.dimensions).map(([k, v]) => `${k} = ${v}`).join(', ')}; point from ${check.method === 'closed_form' ? 'the closed form' : check.method === 'eigen' ? 'the symmetric eigenproblem' : check.method === 'numeric_nlp' ? 'the interior-point method on the scalarised instance (no closed form)' : 'active-set enumeration (no closed form)'}.` },
        {
          kind: 'table',
          header: ['check', 'value'],
          rows: [
            ['stationarity residual', check.stationarity_residual.toExponential(2)],
            ['primal residual', check.primal_residual.toExponential(2)],
            ['dual feasible', String(check.dual_feasible)],
            ['objective (matrix form)', String(check.objective)],
            ['objective (scalarised)', check.objective_scalarised === undefined ? 'n/a' : String(check.objective_scalarised)],
            ...(check.scalar_solve ? [[`independent solve (${check.scalar_solve.path === 'scalar_exact' ? 'exact scalar solve' : 'interior point'})`, `${check.scalar_solve.objective ?? check.scalar_solve.status} (${check.scalar_solve.agrees ? 'agrees' : 'disagrees'})`]] : []),
            ['passed', String(check.passed)],
          ],
        },
      ],
    });
  }
  return { title: p.name ?? `${p.sense === 'maximize' ? 'Maximise' : 'Minimise'} ${mtoText(p.objective)}`, steps };
}
