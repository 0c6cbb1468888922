/**
 * The derivation of a solve as a document (src/document), in the order a reader
 * follows it: the problem, the Lagrangian with its sign convention, the KKT conditions,
 * the active-set systems solved, each solution with its multipliers and classification,
 * the verification residuals, the optimum with the reason it is global (or why there
 * is none), and the sensitivities last. Every formula, in prose, notes, headings and
 * tables, is a math item, so pages typeset it.
 */
import { parse, sym, toLatex, toText, type Expr } from '../expr/index.js';
import { decimalMathText, formulasInText, inline, mathTextOf, prose, tex, type Block, type Derivation, type EquationRow, type MathText, type Prose, type Step } from '../document/index.js';
import type { SolveProblemResult } from './solve-problem.js';
import type { SolvedPoint } from './types.js';

const L_ITEM: MathText = { text: 'L', latex: '\\mathcal{L}' };

/** A number of a solution as math: exact form, or the double for numeric points. */
function valueItem(e: Expr, exact: boolean): MathText {
  if (!exact && e.kind === 'num') {
    return decimalMathText(e.value.toNumber());
  }
  return mathTextOf(e);
}

/** A double in LaTeX (1.5e-7 as 1.5 \times 10^{-7}). */
function latexNumber(v: number): string {
  return decimalMathText(v).latex;
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

/** The derivation document of a solve result: one function per step, in the reader's order. */
export function solveDerivation(result: SolveProblemResult): Derivation {
  const steps: (Step | undefined)[] = [
    problemStep(result),
    lagrangianStep(result),
    conditionsStep(result),
    systemsStep(result),
    ...solutionSteps(result),
    optimumStep(result),
    sensitivitiesStep(result),
  ];
  return { title: documentTitle(result), steps: steps.filter((x): x is Step => x !== undefined) };
}

/** The title: the problem's name, or a sentence about it (never the raw objective). */
function documentTitle({ problem }: SolveProblemResult): string {
  if (problem.name !== undefined && problem.name.trim() !== '') return problem.name.trim();
  const what = problem.sense === 'minimize' ? 'A minimisation' : 'A maximisation';
  const n = problem.variables.length;
  const vars = n <= 4 ? `in ${listWords(problem.variables)}` : `in ${n} variables`;
  const m = problem.constraints.length;
  const cons = m === 0 ? 'without constraints' : `under ${m} constraint${m === 1 ? '' : 's'}`;
  return `${what} ${vars} ${cons}`;
}

function listWords(xs: readonly string[]): string {
  return xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** A list of names as one math item: `x, y, z`. */
function namesMath(names: readonly string[]): MathText {
  return tex(names.join(', '), names.map((n) => toLatex(sym(n))).join(', '));
}


/** Step 1: the problem as stated, with h_i and g_j named. */
function problemStep({ problem }: SolveProblemResult): Step {
  const sense = problem.sense === 'minimize' ? 'Minimise' : 'Maximise';
  const statement: Block[] = [
    problem.parameters.length
      ? prose`${sense} over ${namesMath(problem.variables)} (parameters ${namesMath(problem.parameters)}):`
      : prose`${sense} over ${namesMath(problem.variables)}:`,
    { kind: 'equations', rows: [{ lhs: tex('f', 'f'), relation: '=', rhs: problem.objective }] },
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
          note:
            c.kind === 'equality'
              ? inline`${tex(`h_${c.number} = ${toText(c.fn)} = 0`, `h_{${c.number}} = ${toLatex(c.fn)} = 0`)}`
              : inline`${tex(`g_${c.number} = ${toText(c.fn)} <= 0`, `g_{${c.number}} = ${toLatex(c.fn)} \\le 0`)}`,
        }),
      ),
    });
  }
  if (problem.assumptions.length) {
    const list = problem.assumptions.map((a) => tex(a.text, `${toLatex(a.lhs)} ${RELATION_LATEX[a.op]} ${toLatex(a.rhs)}`));
    statement.push({ kind: 'prose', parts: ['Assumptions: ', ...joinMath(list), '.'] });
  }
  if (problem.parameterValues) {
    const list = [...problem.parameterValues].map(([k, v]) => tex(`${k} = ${v}`, `${toLatex(sym(k))} = ${latexNumber(v)}`));
    statement.push({ kind: 'prose', parts: ['Parameter values for numeric checks: ', ...joinMath(list), '.'] });
  }
  return { title: 'Problem', blocks: statement };
}

const RELATION_LATEX: Readonly<Record<string, string>> = { '>': '>', '>=': '\\ge', '<': '<', '<=': '\\le', '!=': '\\ne', '=': '=' };

/** Math items separated by commas, as prose parts. */
function joinMath(items: readonly MathText[]): (string | MathText)[] {
  return items.flatMap((m, i) => (i === 0 ? [m] : [', ', m]));
}

/** Step 2: the sign convention and the Lagrangian, with each multiplier's constraint. */
function lagrangianStep(result: SolveProblemResult): Step {
  const { problem } = result;
  const conv: MathText =
    problem.sense === 'minimize'
      ? tex('L = f + sum_i lambda_i*h_i + sum_j mu_j*g_j', '\\mathcal{L} = f + \\sum_i \\lambda_i h_i + \\sum_j \\mu_j g_j')
      : tex('L = f - sum_i lambda_i*h_i - sum_j mu_j*g_j', '\\mathcal{L} = f - \\sum_i \\lambda_i h_i - \\sum_j \\mu_j g_j');
  const h = tex('h_i = 0', 'h_i = 0');
  const g = tex('g_j <= 0', 'g_j \\le 0');
  const mu = tex('mu_j >= 0', '\\mu_j \\ge 0');
  const blocks: Block[] = [
    problem.sense === 'minimize'
      ? prose`Convention: constraints as ${h} and ${g}, one multiplier each, ${mu}:`
      : prose`Convention: constraints as ${h} and ${g}, one multiplier each, ${mu}; for a maximisation the constraint terms are subtracted (the multipliers of minimising ${tex('-f', '-f')}):`,
    { kind: 'math', item: conv },
    { kind: 'equations', rows: [{ lhs: L_ITEM, relation: '=', rhs: result.lagrangian }] },
  ];
  if (result.multipliers.length) {
    blocks.push({
      kind: 'table',
      header: ['multiplier', 'constraint'],
      rows: result.multipliers.map((m) => [sym(m.name), tex(m.constraint.text, `${toLatex(m.constraint.lhs)} ${RELATION_LATEX[m.constraint.op]} ${toLatex(m.constraint.rhs)}`)]),
    });
  }
  return { title: 'Lagrangian', heading: ['Lagrangian ', L_ITEM], blocks };
}

/** Step 3: the KKT conditions, by family. */
function conditionsStep(result: SolveProblemResult): Step {
  const kinds: [string, Prose][] = [
    ['stationarity', inline`Stationarity (the gradient of ${L_ITEM} in the variables vanishes):`],
    ['primal', ['Primal feasibility:']],
    ['dual', ['Dual feasibility:']],
    ['complementary', ['Complementary slackness:']],
  ];
  const blocks: Block[] = [];
  for (const [kind, title] of kinds) {
    const rows = result.conditions.filter((c) => c.kind === kind);
    if (!rows.length) continue;
    blocks.push({ kind: 'prose', parts: title });
    blocks.push({ kind: 'equations', rows: rows.map((c) => ({ lhs: c.lhs, relation: c.op, rhs: c.rhs, ...(c.note ? { note: noteMath(c.note) } : {}) })) });
  }
  return { title: 'KKT conditions', blocks };
}

/** A condition's note (`dL/dx = 0`, `mu_1*g_1 = 0`) as mathematics when it is a formula, else words. */
function noteMath(note: string): string | Prose {
  const m = /^dL\/d([A-Za-z][A-Za-z0-9_]*) = 0$/.exec(note);
  if (m) return inline`${tex(note, `\\partial \\mathcal{L} / \\partial ${toLatex(sym(m[1]!))} = 0`)}`;
  return formulasInText(note);
}

/** A sentence of the solver's (reason, fact, note) with its formulas typeset. */
function sentence(text: string): Block {
  return { kind: 'prose', parts: formulasInText(text) };
}

/** Step 4: one smooth system per active set, and what each gave. */
function systemsStep(result: SolveProblemResult): Step | undefined {
  const { problem } = result;
  if (!result.records.length) return undefined;
  const blocks: Block[] = [];
  const n = result.records.length;
  if (problem.inequalities.length) {
    blocks.push(prose`Complementary slackness splits the conditions into one smooth system per set of active inequalities (${tex('mu_j = 0', '\\mu_j = 0')} for the inactive ones): ${n} system${n === 1 ? '' : 's'}.`);
  }
  for (const r of result.records) {
    const active = r.active.map((j) => sym(problem.inequalities[j]!.multiplier));
    const name: Prose = r.active.length
      ? ['Active ', tex(`{${active.map((a) => toText(a)).join(', ')}}`, `\\{${active.map((a) => toLatex(a)).join(', ')}\\}`)]
      : [problem.inequalities.length ? 'No inequality active' : 'The system'];
    const outcome =
      r.completeness === 'inconsistent'
        ? 'no real solution'
        : r.completeness === 'failed' || r.completeness === 'skipped'
          ? r.notes.join('; ')
          : `${r.found} solution${r.found === 1 ? '' : 's'} (${r.method}${r.completeness === 'partial' ? ', numeric: may be incomplete' : ''}), ${r.kept} kept`;
    blocks.push({ kind: 'prose', parts: [...name, ...formulasInText(`: ${outcome}.${r.rejected.length ? ` Rejected: ${r.rejected.join('; ')}.` : ''}`)] });
    if (r.kept > 0 || n <= 2) blocks.push({ kind: 'equations', rows: r.equations.map((e) => ({ lhs: e, relation: '=', rhs: tex('0', '0') })) });
  }
  for (const note of result.notes) blocks.push(sentence(note));
  return { title: 'Systems solved', blocks };
}

/** Steps 5 and 6: the solutions with their classification, and the verification residuals. */
function solutionSteps(result: SolveProblemResult): Step[] {
  const { problem } = result;
  if (!result.points.length) return [];
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
  const blocks: Block[] = [{ kind: 'table', header: ['#', 'point', 'multipliers', tex('f', 'f'), 'classification', 'form'], rows }];
  result.points.forEach((p, i) => {
    const why: string[] = [];
    if (p.kind === 'kkt' && !p.free?.length && p.tangentDimension >= 0) {
      const ev = p.reducedEigenvalues.length ? ` (eigenvalues of the reduced Hessian of the Lagrangian: ${p.reducedEigenvalues.map((v) => Number(v.toPrecision(6))).join(', ')})` : '';
      why.push(`second-order test on a tangent space of dimension ${p.tangentDimension}${ev}, ${p.classificationEvidence === 'exact' ? 'decided exactly' : p.classificationEvidence === 'sampled' ? 'decided on parameter samples' : 'decided in double precision'}`);
    }
    why.push(...p.notes);
    const valid: Prose = p.conditions.length ? ['; valid when ', ...joinMath(p.conditions.map(conditionMath))] : [];
    // A continuum's members are KKT points only on its domain (INTERFACE.md `domain`).
    const domain: Prose = p.free?.length
      ? p.domain?.length
        ? ['; a member is a KKT point where ', ...joinMath(p.domain.map(conditionMath))]
        : ['; every member is a KKT point']
      : [];
    blocks.push({ kind: 'prose', parts: [...formulasInText(`Point ${i + 1}: ${p.classification}${why.length ? `; ${why.join('; ')}` : ''}`), ...valid, ...domain, '.'] });
  });
  const where = problem.parameters.length ? (problem.parameterValues ? ' (at the given parameter values)' : ' (at a parameter sample)') : '';
  const verification: Step = {
    title: 'Verification',
    blocks: [
      { kind: 'text', text: `Each point substituted into every condition${where}. "exact" means the residuals cancel identically in exact arithmetic.` },
      {
        kind: 'table',
        header: ['#', 'stationarity', 'primal', 'dual', 'complementary', 'verified'],
        rows: result.points.map((p, i) => [
          String(i + 1),
          residualMath(p.residuals.stationarity),
          residualMath(p.residuals.primal),
          residualMath(p.residuals.dual),
          residualMath(p.residuals.complementary),
          p.residuals.exact ? 'exact' : 'numeric',
        ]),
      },
    ],
  };
  return [{ title: 'Solutions', blocks }, verification];
}

/** A side condition (`a > 0`, text in the input syntax) as mathematics, when it parses; else as written. */
function conditionMath(text: string): MathText {
  const m = /^(.*?)\s*(>=|<=|!=|>|<|=)\s*(.*)$/.exec(text);
  if (!m) return tex(text, `\\text{${text.replace(/[\\{}$&#^_%~]/g, '')}}`);
  try {
    return tex(text, `${toLatex(parse(m[1]!))} ${RELATION_LATEX[m[2]!]} ${toLatex(parse(m[3]!))}`);
  } catch {
    return tex(text, `\\text{${text.replace(/[\\{}$&#^_%~]/g, '')}}`);
  }
}

/** A residual as a number in mathematics (1.5e-7 as 1.5 × 10^-7). */
function residualMath(x: number): MathText {
  const t = residualText(x);
  return tex(t, Number.isFinite(x) ? latexNumber(Number(t)) : '\\infty');
}

/** Step 7: the optimum, or the reason there is none, and the facts established on the way. */
function optimumStep(result: SolveProblemResult): Step {
  const { problem } = result;
  const blocks: Block[] = [];
  if (result.status === 'optimal') {
    const which = result.optimum.map((i) => `point ${i + 1}`).join(' and ');
    blocks.push(sentence(`Status: optimal. The global ${problem.sense === 'minimize' ? 'minimum' : 'maximum'} is at ${which}: ${result.reason}.`));
    const best = result.points[result.optimum[0]!]!;
    blocks.push({ kind: 'equations', rows: [{ lhs: tex('f*', 'f^{*}'), relation: '=', rhs: valueItem(best.objective, best.exact) }] });
  } else {
    blocks.push(sentence(`Status: ${result.status}. ${result.reason.charAt(0).toUpperCase()}${result.reason.slice(1)}.`));
  }
  for (const f of result.facts.filter((x) => !result.reason.includes(x.replace(/^[a-z ]+: /, '')))) blocks.push(sentence(`Established: ${f}.`));
  return { title: 'Optimum', blocks };
}

/**
 * Step 8: the sensitivities of the optimal value. Exact ones print exactly; where the
 * optimum is numeric, the derivative prints as a decimal (never a fraction of a double).
 */
function sensitivitiesStep(result: SolveProblemResult): Step | undefined {
  const { problem } = result;
  if (!result.sensitivities.length) return undefined;
  const best = result.points[result.optimum[0] ?? -1];
  const exact = best?.exact ?? false;
  const hasFd = result.sensitivities.some((s) => s.finiteDifference !== undefined);
  const V = tex('V', 'V');
  const header = ['with respect to', tex('dV/d', '\\mathrm{d}V/\\mathrm{d}\\,\\cdot'), 'value', ...(hasFd ? ['finite difference', 'rel. error'] : []), 'reading'];
  const decimal = (v: number | undefined): string | MathText => (v === undefined || !Number.isFinite(v) ? '-' : numberMath(Number(v.toPrecision(10))));
  return {
    title: 'Sensitivities',
    blocks: [
      prose`Envelope theorem: the derivative of the optimal value ${V} with respect to a parameter is the partial derivative of ${L_ITEM} at the optimum; for a constraint right-hand side it is the multiplier (the shadow price). Each is checked against a central difference of the re-solved problem.`,
      {
        kind: 'table',
        header,
        rows: result.sensitivities.map((s) => [
          targetMath(s, problem.constraints),
          exact || s.derivative.kind !== 'num' ? mathTextOf(s.derivative) : decimal(s.derivative.value.toNumber()),
          decimal(s.value),
          ...(hasFd ? [decimal(s.finiteDifference), s.relativeError !== undefined ? numberMath(Number(s.relativeError.toExponential(1))) : '-'] : []),
          readingMath(s, problem.constraints),
        ]),
      },
    ],
  };
}

type Sens = SolveProblemResult['sensitivities'][number];
type Cons = SolveProblemResult['problem']['constraints'];

/** What a sensitivity varies: a parameter, or the right-hand side of a constraint. */
function targetMath(s: Sens, constraints: Cons): MathText | string {
  if (s.kind === 'parameter') return mathTextOf(sym(s.target));
  const c = s.constraint === undefined ? undefined : constraints[s.constraint];
  return c ? tex(`rhs of ${c.text}`, `\\text{rhs of } ${toLatex(c.lhs)} ${RELATION_LATEX[c.op]} ${toLatex(c.rhs)}`) : s.target;
}

/** How a sensitivity reads, as mathematics: dV/dp = dL/dp, or dV/db = ±(multiplier), the shadow price. */
function readingMath(s: Sens, constraints: Cons): MathText | string {
  if (s.kind === 'parameter') {
    const p = toLatex(sym(s.target));
    return tex(s.note, `\\frac{\\partial V}{\\partial ${p}} = \\frac{\\partial \\mathcal{L}}{\\partial ${p}}\\Big|_{*}`);
  }
  const c = s.constraint === undefined ? undefined : constraints[s.constraint];
  const m = /= (-?)([A-Za-z][A-Za-z0-9_]*)/.exec(s.note);
  if (!c || !m) return s.note;
  return tex(s.note, `\\frac{\\mathrm{d}V}{\\mathrm{d}b} = ${m[1]}${toLatex(sym(m[2]!))} \\text{ (shadow price)}`);
}

/** A decimal as mathematics (1.5e-7 as 1.5 × 10^-7). */
function numberMath(v: number): MathText {
  return decimalMathText(v);
}
