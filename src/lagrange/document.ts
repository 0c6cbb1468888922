/**
 * The derivation of a solve as a document (render/document.ts), in the order a reader
 * follows it: the problem, the Lagrangian with its sign convention, the KKT conditions,
 * the active-set systems solved, each solution with its multipliers and classification,
 * the verification residuals, the optimum with the reason it is global (or why there
 * is none), and the sensitivities last. Only types come from the render room.
 */
import { sym, toLatex, toText, type Expr } from '../expr/index.js';
import { mathTextOf, type Block, type Derivation, type EquationRow, type MathText, type Step } from '../document/index.js';
import type { SolveProblemResult } from './solve-problem.js';
import type { SolvedPoint } from './types.js';

const L_ITEM: MathText = { text: 'L', latex: '\\mathcal{L}' };

/** A number of a solution as math: exact form, or the double for numeric points. */
function valueItem(e: Expr, exact: boolean): MathText {
  if (!exact && e.kind === 'num') {
    const v = e.value.toNumber();
    return { text: String(v), latex: latexNumber(v) };
  }
  return mathTextOf(e);
}

/** A double in LaTeX (1.5e-7 as 1.5 \times 10^{-7}). */
function latexNumber(v: number): string {
  const s = String(v);
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
  return m ? `${m[1]} \\times 10^{${Number(m[2])}}` : s;
}

/** `x = 1/2, y = 1/2` as one MathText. */
function assignments(names: readonly string[], p: SolvedPoint): MathText {
  const items = names.map((n) => ({ n, v: valueItem(p.values.get(n) ?? sym(n), p.exact) }));
  return {
    text: items.map(({ n, v }) => `${n} = ${v.text}`).join(', '),
    latex: items.map(({ n, v }) => `${toLatex(sym(n))} = ${v.latex}`).join(',\\; ') || '\\varnothing',
  };
}

function residualText(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  return x.toExponential(1);
}

/** The derivation document of a solve result. */
export function solveDerivation(result: SolveProblemResult): Derivation {
  const { problem } = result;
  const steps: Step[] = [];
  const sense = problem.sense === 'minimize' ? 'Minimise' : 'Maximise';

  // 1. The problem.
  const statement: Block[] = [
    { kind: 'text', text: `${sense} over ${problem.variables.join(', ')}${problem.parameters.length ? ` (parameters ${problem.parameters.join(', ')})` : ''}:` },
    { kind: 'equations', rows: [{ lhs: { text: 'f', latex: 'f' }, relation: '=', rhs: problem.objective }] },
  ];
  if (problem.constraints.length) {
    statement.push({ kind: 'text', text: 'subject to' });
    statement.push({
      kind: 'equations',
      rows: problem.constraints.map(
        (c): EquationRow => ({
          lhs: c.lhs,
          relation: c.op,
          rhs: c.rhs,
          note: c.kind === 'equality' ? `h_${c.number} = ${toText(c.fn)} = 0` : `g_${c.number} = ${toText(c.fn)} <= 0`,
        }),
      ),
    });
  }
  if (problem.assumptions.length) statement.push({ kind: 'text', text: `Assumptions: ${problem.assumptions.map((a) => a.text).join(', ')}.` });
  if (problem.parameterValues) {
    statement.push({ kind: 'text', text: `Parameter values for numeric checks: ${[...problem.parameterValues].map(([k, v]) => `${k} = ${v}`).join(', ')}.` });
  }
  steps.push({ title: 'Problem', blocks: statement });

  // 2. The Lagrangian.
  const conv: MathText =
    problem.sense === 'minimize'
      ? { text: 'L = f + sum_i lambda_i*h_i + sum_j mu_j*g_j', latex: '\\mathcal{L} = f + \\sum_i \\lambda_i h_i + \\sum_j \\mu_j g_j' }
      : { text: 'L = f - sum_i lambda_i*h_i - sum_j mu_j*g_j', latex: '\\mathcal{L} = f - \\sum_i \\lambda_i h_i - \\sum_j \\mu_j g_j' };
  const lagBlocks: Block[] = [
    {
      kind: 'text',
      text:
        problem.sense === 'minimize'
          ? 'Convention: constraints as h_i = 0 and g_j <= 0, one multiplier each, mu_j >= 0:'
          : 'Convention: constraints as h_i = 0 and g_j <= 0, one multiplier each, mu_j >= 0; for a maximisation the constraint terms are subtracted (the multipliers of minimising -f):',
    },
    { kind: 'math', item: conv },
    { kind: 'equations', rows: [{ lhs: L_ITEM, relation: '=', rhs: result.lagrangian }] },
  ];
  if (result.multipliers.length) {
    lagBlocks.push({
      kind: 'table',
      header: ['multiplier', 'constraint'],
      rows: result.multipliers.map((m) => [sym(m.name), m.constraint.text]),
    });
  }
  steps.push({ title: 'Lagrangian', blocks: lagBlocks });

  // 3. The KKT conditions.
  const kinds: [string, string][] = [
    ['stationarity', 'Stationarity (gradient of L in the variables):'],
    ['primal', 'Primal feasibility:'],
    ['dual', 'Dual feasibility:'],
    ['complementary', 'Complementary slackness:'],
  ];
  const condBlocks: Block[] = [];
  for (const [kind, title] of kinds) {
    const rows = result.conditions.filter((c) => c.kind === kind);
    if (!rows.length) continue;
    condBlocks.push({ kind: 'text', text: title });
    condBlocks.push({ kind: 'equations', rows: rows.map((c) => ({ lhs: c.lhs, relation: c.op, rhs: c.rhs, note: c.note })) });
  }
  steps.push({ title: 'KKT conditions', blocks: condBlocks });

  // 4. The systems solved.
  if (result.records.length) {
    const blocks: Block[] = [];
    if (problem.inequalities.length) {
      blocks.push({
        kind: 'text',
        text: `Complementary slackness splits the conditions into one smooth system per set of active inequalities (mu_j = 0 for the inactive ones): ${result.records.length} system${result.records.length === 1 ? '' : 's'}.`,
      });
    }
    for (const r of result.records) {
      const name = r.active.length ? `active {${r.active.map((j) => problem.inequalities[j]!.multiplier).join(', ')}}` : problem.inequalities.length ? 'no inequality active' : 'the system';
      const outcome =
        r.completeness === 'inconsistent'
          ? 'no real solution'
          : r.completeness === 'failed' || r.completeness === 'skipped'
            ? r.notes.join('; ')
            : `${r.found} solution${r.found === 1 ? '' : 's'} (${r.method}${r.completeness === 'partial' ? ', numeric: may be incomplete' : ''}), ${r.kept} kept`;
      blocks.push({ kind: 'text', text: `${name.charAt(0).toUpperCase()}${name.slice(1)}: ${outcome}.${r.rejected.length ? ` Rejected: ${r.rejected.join('; ')}.` : ''}` });
      if (r.kept > 0 || result.records.length <= 2) {
        blocks.push({ kind: 'equations', rows: r.equations.map((e) => ({ lhs: e, relation: '=', rhs: { text: '0', latex: '0' } })) });
      }
    }
    for (const n of result.notes) blocks.push({ kind: 'text', text: n });
    steps.push({ title: 'Systems solved', blocks });
  }

  // 5. Solutions.
  if (result.points.length) {
    const names = problem.variables;
    const mults = result.multipliers.map((m) => m.name);
    const rows = result.points.map((p, i) => [
      String(i + 1),
      assignments(names, p),
      p.kind === 'kkt' ? assignments(mults, p) : 'irregular point',
      valueItem(p.objective, p.exact),
      p.classification,
      p.exact ? 'exact' : 'numeric',
    ]);
    const blocks: Block[] = [{ kind: 'table', header: ['#', 'point', 'multipliers', 'f', 'classification', 'form'], rows }];
    result.points.forEach((p, i) => {
      const why: string[] = [];
      if (p.kind === 'kkt' && p.tangentDimension >= 0) {
        const ev = p.reducedEigenvalues.length ? ` (eigenvalues of the reduced Hessian of L: ${p.reducedEigenvalues.map((v) => Number(v.toPrecision(6))).join(', ')})` : '';
        why.push(`second-order test on a tangent space of dimension ${p.tangentDimension}${ev}, ${p.classificationEvidence === 'exact' ? 'decided exactly' : p.classificationEvidence === 'sampled' ? 'decided on parameter samples' : 'decided in double precision'}`);
      }
      why.push(...p.notes);
      if (p.conditions.length) why.push(`valid when ${p.conditions.join(', ')}`);
      blocks.push({ kind: 'text', text: `Point ${i + 1}: ${p.classification}; ${why.join('; ')}.` });
    });
    steps.push({ title: 'Solutions', blocks });

    // 6. Verification.
    const where = problem.parameters.length ? (problem.parameterValues ? ' (at parameter_values)' : ' (at a parameter sample)') : '';
    steps.push({
      title: 'Verification',
      blocks: [
        {
          kind: 'text',
          text: `Each point substituted into every condition${where}. "exact" means the residuals cancel identically in exact arithmetic.`,
        },
        {
          kind: 'table',
          header: ['#', 'stationarity', 'primal', 'dual', 'complementary', 'verified'],
          rows: result.points.map((p, i) => [
            String(i + 1),
            residualText(p.residuals.stationarity),
            residualText(p.residuals.primal),
            residualText(p.residuals.dual),
            residualText(p.residuals.complementary),
            p.residuals.exact ? 'exact' : 'numeric',
          ]),
        },
      ],
    });
  }

  // 7. The optimum.
  const optBlocks: Block[] = [];
  if (result.status === 'optimal') {
    const which = result.optimum.map((i) => `point ${i + 1}`).join(' and ');
    optBlocks.push({ kind: 'text', text: `Status: optimal. The global ${problem.sense === 'minimize' ? 'minimum' : 'maximum'} is at ${which}: ${result.reason}.` });
    const best = result.points[result.optimum[0]!]!;
    optBlocks.push({ kind: 'equations', rows: [{ lhs: { text: 'f*', latex: 'f^{*}' }, relation: '=', rhs: valueItem(best.objective, best.exact) }] });
  } else {
    optBlocks.push({ kind: 'text', text: `Status: ${result.status}. ${result.reason.charAt(0).toUpperCase()}${result.reason.slice(1)}.` });
  }
  for (const f of result.facts.filter((x) => !result.reason.includes(x.replace(/^[a-z ]+: /, '')))) optBlocks.push({ kind: 'text', text: `Established: ${f}.` });
  steps.push({ title: 'Optimum', blocks: optBlocks });

  // 8. Sensitivities.
  if (result.sensitivities.length) {
    const hasFd = result.sensitivities.some((s) => s.finiteDifference !== undefined);
    const header = ['with respect to', 'dV/d', 'value', ...(hasFd ? ['finite difference', 'rel. error'] : []), 'reading'];
    steps.push({
      title: 'Sensitivities',
      blocks: [
        {
          kind: 'text',
          text: 'Envelope theorem: the derivative of the optimal value V with respect to a parameter is the partial derivative of L at the optimum; for a constraint right-hand side it is the multiplier (the shadow price). Each is checked against a central difference of the re-solved problem.',
        },
        {
          kind: 'table',
          header,
          rows: result.sensitivities.map((s) => [
            s.target,
            s.derivative,
            Number.isFinite(s.value) ? String(Number(s.value.toPrecision(10))) : '-',
            ...(hasFd ? [s.finiteDifference !== undefined ? String(Number(s.finiteDifference.toPrecision(10))) : '-', s.relativeError !== undefined ? s.relativeError.toExponential(1) : '-'] : []),
            s.note,
          ]),
        },
      ],
    });
  }

  const title = problem.name ?? `${sense} ${problem.objectiveText}${problem.constraints.length ? ` subject to ${problem.constraints.map((c) => c.text).join(', ')}` : ''}`;
  return { title, steps };
}
