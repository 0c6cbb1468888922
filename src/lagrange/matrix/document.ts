/**
 * The derivation of a matrix-form solve as a document (src/render's model): the
 * Lagrangian, stationarity, the class's steps, the notes and the instance check, every
 * formula in matrix notation.
 */
import { mtoLatex, mtoText, type MExpr } from '../../expr/matrix/index.js';
import { declarationMath, inline, tex, type Block, type Derivation, type EquationRow, type MathText, type Prose, type Step } from '../../document/index.js';
import type { ShapeDeclaration } from '../../expr/matrix/index.js';
import { sym, toLatex } from '../../expr/index.js';
import type { InstanceCheck } from './instance.js';
import type { MatrixNote, MatrixRow, MatrixSolveResult } from './solve.js';

/** A sentence as a block: prose when it carries formulas, else plain text. */
function note(n: MatrixNote): Block {
  return typeof n === 'string' ? { kind: 'text', text: n } : { kind: 'prose', parts: n };
}

function item(e: MExpr | string): MathText {
  if (typeof e === 'string') return { text: e, latex: e === 'L' ? '\\mathcal{L}' : toLatex(sym(e)) };
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
  for (const c of p.constraints) problemRows.push({ lhs: item(c.expr), relation: c.kind === 'equality' ? '=' : '<=', rhs: { text: '0', latex: '0' }, note: inline`${c.math} (multiplier ${item(c.multiplier)})` });
  const declared = p.declarationList.filter((d) => d.shape?.length).flatMap((d, i) => [...(i ? ['; '] : []), ...declarationMath(d)]);
  steps.push({ title: 'Problem', blocks: [{ kind: 'prose', parts: ['Declared: ', ...declared, '.'] }, { kind: 'equations', rows: problemRows }] });
  for (const s of r.steps) {
    const blocks: Block[] = [];
    if (s.text) blocks.push(note(s.text));
    if (s.rows.length) blocks.push({ kind: 'equations', rows: s.rows.map(row) });
    steps.push({ title: s.title, blocks });
  }
  const conclusion: Block[] = r.notes.map(note);
  for (const s of r.solutions) for (const c of s.conditions) conclusion.push(note(['Holds when ', ...(typeof c === 'string' ? [c] : c), '.']));
  steps.push({ title: r.status === 'optimal' ? 'Optimality' : 'Conclusion', blocks: conclusion.length ? conclusion : [{ kind: 'text', text: r.reason }] });
  if (check) {
    steps.push({
      title: 'Numeric instance',
      blocks: [
        { kind: 'prose', parts: ['Dimensions ', ...Object.entries(check.dimensions).flatMap(([k, v], i) => [...(i ? [', '] : []), tex(`${k} = ${v}`, `${item(k).latex} = ${v}`)]), `; point from ${check.method === 'closed_form' ? 'the closed form' : check.method === 'eigen' ? 'the symmetric eigenproblem' : check.method === 'numeric_nlp' ? 'the interior-point method on the scalarised instance (no closed form)' : 'active-set enumeration (no closed form)'}.`] },
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
  return { title: p.name ?? documentTitle(p), steps };
}

/** A sentence about the problem (never the raw objective), as the scalar solve's title reads. */
function documentTitle(p: MatrixSolveResult['problem']): string {
  const vars = p.variables.map((v) => mtoText(v));
  const m = p.constraints.length;
  return `A ${p.sense === 'maximize' ? 'maximisation' : 'minimisation'} in ${vars.join(', ')} ${m === 0 ? 'without constraints' : `under ${m} constraint${m === 1 ? '' : 's'}`}`;
}
