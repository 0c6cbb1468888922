/**
 * The derivation of the multivariate maximum-entropy density as a document, in matrix
 * notation throughout (bold vectors and matrices, the trace inner product, no indices):
 * problem, Lagrangian, stationarity of the functional, the exponential-family form,
 * the named Gaussian integrals, the moment conditions solved, the result, the instance.
 */
import { isZeroM, mmul, mscalar, mtoLatex, mtoText, mtranspose, msub, type MExpr } from '../../expr/matrix/index.js';
import { declarationMath, inline, matrixMathText, prose, tex, type Block, type Derivation, type EquationRow, type MathText, type Prose, type Step } from '../../document/index.js';
import { multiplierSymbols, type MatrixMaxentResult } from './solve.js';
import type { MaxentInstanceCheck } from './instance.js';

const m = matrixMathText;
const rows = (...r: EquationRow[]): Block => ({ kind: 'equations', rows: r });
const row = (lhs: MathText, relation: EquationRow['relation'], rhs: MathText, note?: string | Prose): EquationRow => ({ lhs, relation, rhs, ...(note ? { note } : {}) });
const text = (t: string): Block => ({ kind: 'text', text: t });

/** ∫ over R^n of a body, in text and LaTeX. */
function integralOf(body: MathText, x: string, xl: string, dim: string): MathText {
  return tex(`integral over R^${dim} of ${body.text} d${x}`, `\\int_{\\mathbb{R}^{${dim}}} ${body.latex}\\,d${xl}`);
}

/** The printed constraint k (0 normalisation): its left side and value. */
export function matrixConstraintPrinted(r: MatrixMaxentResult, k: number): { lhs: MathText; rhs: MathText; text: string; latex: string } {
  const p = r.problem;
  const x = m(p.variable);
  const dim = String(p.dim);
  const dens = tex(`${p.fnName}(${x.text})`, `${p.fnName}(${x.latex})`);
  if (k === 0) {
    const lhs = integralOf(dens, x.text, x.latex, dim);
    return { lhs, rhs: tex('1', '1'), text: `${lhs.text} = 1`, latex: `${lhs.latex} = 1` };
  }
  const mo = p.moments[k - 1]!;
  const f = m(mo.f);
  const body = tex(`${mo.f.kind === 'add' ? `(${f.text})` : f.text}*${dens.text}`, `${mo.f.kind === 'add' ? `\\left(${f.latex}\\right)` : f.latex} \\, ${dens.latex}`);
  const lhs = integralOf(body, x.text, x.latex, dim);
  const rhs = m(mo.value);
  return { lhs, rhs, text: `${lhs.text} = ${rhs.text}`, latex: `${lhs.latex} = ${rhs.latex}` };
}

/** The Lagrangian as text and LaTeX: H[p] + lambda_0*(...) + lambda_1'*(...) + tr(Lambda_2'*(...)). */
export function matrixLagrangianPrinted(r: MatrixMaxentResult): MathText {
  const { l0, l1, L2 } = multiplierSymbols(r.problem);
  const parts: MathText[] = [tex('H[p]', 'H[p]')];
  const c0 = matrixConstraintPrinted(r, 0);
  parts.push(tex(`${mtoText(l0)}*(${c0.lhs.text} - 1)`, `${mtoLatex(l0)}\\left(${c0.lhs.latex} - 1\\right)`));
  const g = r.gaussian!;
  r.problem.moments.forEach((_, i) => {
    const c = matrixConstraintPrinted(r, i + 1);
    // a sum on the right is parenthesised: ∫... - (Sigma + mu*mu')
    const sum = r.problem.moments[i]!.value.kind === 'add';
    const rt = sum ? `(${c.rhs.text})` : c.rhs.text;
    const rl = sum ? `\\left(${c.rhs.latex}\\right)` : c.rhs.latex;
    if (i === g.meanIndex) parts.push(tex(`${mtoText(mtranspose(l1))}*(${c.lhs.text} - ${rt})`, `${mtoLatex(mtranspose(l1))}\\left(${c.lhs.latex} - ${rl}\\right)`));
    else parts.push(tex(`tr(${mtoText(L2)}'*(${c.lhs.text} - ${rt}))`, `\\operatorname{tr}\\left(${mtoLatex(L2)}^{\\top}\\left(${c.lhs.latex} - ${rl}\\right)\\right)`));
  });
  return tex(parts.map((q) => q.text).join(' + '), parts.map((q) => q.latex).join(' + '));
}

/** log p from stationarity, written term by term (the canonical sum would factor x out). */
export function exponentPrinted(r: MatrixMaxentResult): MathText {
  const p = r.problem;
  const { l0, l1, L2 } = multiplierSymbols(p);
  const g = r.gaussian!;
  const x = p.variable;
  const xc = isZeroM(g.centre) ? x : msub(x, g.centre);
  const terms: MExpr[] = [l0, mscalar(-1), ...(g.meanIndex !== undefined ? [mmul(mtranspose(l1), x)] : []), mmul(mtranspose(xc), L2, xc)];
  return tex(terms.map(mtoText).join(' + ').replace(/\+ -/g, '- '), terms.map(mtoLatex).join(' + ').replace(/\+ -/g, '- '));
}

/** The derivation document (with the instance check when there is one). */
export function matrixMaxentDerivation(r: MatrixMaxentResult, check?: MaxentInstanceCheck, infeasible?: string): Derivation {
  const p = r.problem;
  const x = m(p.variable);
  const dim = String(p.dim);
  const dens = tex(`${p.fnName}(${x.text})`, `${p.fnName}(${x.latex})`);
  const steps: Step[] = [];
  const declared = p.declarationList.filter((d) => d.shape?.length).flatMap((d, i) => [...(i ? ['; '] : []), ...declarationMath(d)]);
  const constraintRows = [0, ...p.moments.map((_, i) => i + 1)].map((k) => {
    const c = matrixConstraintPrinted(r, k);
    return row(c.lhs, '=', c.rhs, k === 0 ? 'normalisation' : `moment ${k}`);
  });
  steps.push({
    title: 'Problem',
    blocks: [
      { kind: 'prose', parts: ['Declared: ', ...declared, '. A vector is a column.'] },
      prose`Find the density ${dens} on ${tex(`R^${dim}`, `\\mathbb{R}^{${dim}}`)} with the largest entropy among those that satisfy the constraints below.`,
      rows(row(tex('H[p]', 'H[p]'), '=', tex(`-(integral over R^${dim} of p(${x.text})*log(p(${x.text})) d${x.text})`, `-\\int_{\\mathbb{R}^{${dim}}} p(${x.latex}) \\log p(${x.latex})\\,d${x.latex}`), 'the entropy, with its minus sign')),
      rows(...constraintRows),
    ],
  });
  if (r.status !== 'optimal' || !r.gaussian) {
    steps.push({ title: `No answer: ${r.status}`, blocks: [text(r.message ?? 'no answer')] });
    return { title: p.name ?? 'Maximum-entropy density of a vector variable', steps };
  }
  const { l0, l1, L2 } = multiplierSymbols(p);
  const g = r.gaussian;
  const lag = matrixLagrangianPrinted(r);
  steps.push({
    title: 'Lagrangian',
    blocks: [
      prose`Each constraint enters with a plus sign, as in the scalar route. A vector constraint pairs with a vector multiplier through ${tex("lambda_1'*v", '\\boldsymbol{\\lambda}_1^{\\top}\\boldsymbol{v}')}, a matrix constraint with a matrix multiplier through the trace inner product ${tex("tr(Lambda_2'*M)", '\\operatorname{tr}(\\boldsymbol{\\Lambda}_2^{\\top}\\boldsymbol{M})')}.`,
      rows(row(tex('L[p]', '\\mathcal{L}[p]'), '=', lag)),
    ],
  });
  const logp = tex(`log(${dens.text})`, `\\log ${dens.latex}`);
  const expo = exponentPrinted(r);
  const xc = isZeroM(g.centre) ? p.variable : msub(p.variable, g.centre);
  steps.push({
    title: 'Stationarity: the functional derivative',
    blocks: [
      prose`${tex('L', '\\mathcal{L}')} is an integral over ${tex(`R^${dim}`, `\\mathbb{R}^{${dim}}`)} of ${tex('F(x, p)', 'F(\\boldsymbol{x}, p)')} (plus constants), and ${tex('F', 'F')} involves no derivative of ${tex('p', 'p')}: the functional derivative is the pointwise ${tex('dF/dp', '\\partial F/\\partial p')}, and it vanishes at every ${x}. With ${tex(`tr(Lambda_2'*v*v') = v'*Lambda_2*v`, '\\operatorname{tr}(\\boldsymbol{\\Lambda}_2^{\\top}\\boldsymbol{v}\\boldsymbol{v}^{\\top}) = \\boldsymbol{v}^{\\top}\\boldsymbol{\\Lambda}_2\\boldsymbol{v}')} for ${tex('Lambda_2', '\\boldsymbol{\\Lambda}_2')} symmetric (only its symmetric part enters) and ${m(xc)} as ${tex('v', '\\boldsymbol{v}')}:`,
      rows(
        row(tex('delta L/delta p', '\\frac{\\delta \\mathcal{L}}{\\delta p}'), '=', tex(`-${logp.text} + ${expo.text}`, `-${logp.latex} + ${expo.latex}`)),
        row(tex('', ''), '=', tex('0', '0'), 'stationarity'),
      ),
    ],
  });
  const A = tex('A', '\\boldsymbol{A}');
  const bText = g.meanIndex !== undefined ? (isZeroM(g.centre) ? 'lambda_1' : `lambda_1 + A*${mtoText(g.centre)}`) : isZeroM(g.centre) ? '0' : `A*${mtoText(g.centre)}`;
  const bLatex = g.meanIndex !== undefined ? (isZeroM(g.centre) ? '\\boldsymbol{\\lambda}_{1}' : `\\boldsymbol{\\lambda}_{1} + \\boldsymbol{A} ${mtoLatex(g.centre)}`) : isZeroM(g.centre) ? '\\boldsymbol{0}' : `\\boldsymbol{A} ${mtoLatex(g.centre)}`;
  steps.push({
    title: 'The exponential-family form',
    blocks: [
      prose`The condition is linear in ${logp}; solving it gives the density in exponential form:`,
      rows(row(logp, '=', expo), row(dens, '=', tex(`exp(${expo.text})`, `\\exp\\left(${expo.latex}\\right)`))),
      prose`Expanded in ${x}, the exponent is a quadratic ${tex("-x'*A*x/2 + b'*x + const", '-\\tfrac{1}{2}\\boldsymbol{x}^{\\top}\\boldsymbol{A}\\boldsymbol{x} + \\boldsymbol{b}^{\\top}\\boldsymbol{x} + \\text{const}')} with`,
      rows(row(A, '=', tex('-2*Lambda_2', '-2\\boldsymbol{\\Lambda}_{2}')), row(tex('b', '\\boldsymbol{b}'), '=', tex(bText, bLatex))),
      prose`${dens} is integrable on ${tex(`R^${dim}`, `\\mathbb{R}^{${dim}}`)} exactly when ${A} is positive definite; then the Gaussian integrals below close every constraint.`,
    ],
  });
  steps.push({
    title: 'The Gaussian integrals',
    blocks: [{ kind: 'table', header: ['rule', 'identity'], rows: r.rules.map((q) => [q.id, tex(q.text, q.latex)]) }],
  });
  const Sigma = m(r.covariance!);
  const mean = m(r.mean!);
  const solveRows: EquationRow[] = [];
  if (g.meanIndex !== undefined) solveRows.push(row(tex('E[x]', `\\mathbb{E}[${x.latex}]`), '=', tex('inv(A)*b', '\\boldsymbol{A}^{-1}\\boldsymbol{b}'), inline`equals ${mean} (moment ${g.meanIndex + 1})`));
  else solveRows.push(row(tex('E[x]', `\\mathbb{E}[${x.latex}]`), '=', tex('inv(A)*b', '\\boldsymbol{A}^{-1}\\boldsymbol{b}'), inline`equals ${mean} (${tex(`b = A*${mtoText(g.centre)}`, `\\boldsymbol{b} = \\boldsymbol{A} ${mtoLatex(g.centre)}`)}: no first moment is constrained)`));
  const shift = msub(r.mean!, g.centre);
  const second = m(g.second);
  const outer = m(mmul(shift, mtranspose(shift)));
  const xcText = m(isZeroM(g.centre) ? p.variable : msub(p.variable, g.centre));
  solveRows.push(
    row(tex('Cov[x]', `\\operatorname{Cov}[${x.latex}]`), '=', tex('inv(A)', '\\boldsymbol{A}^{-1}'), `gaussian-moments-rn`),
    ...(isZeroM(shift)
      ? [row(tex('', ''), '=', second, `moment ${g.secondIndex + 1}`)]
      : [
          isZeroM(g.centre)
            ? row(tex('', ''), '=', tex(`E[${x.text}*${x.text}'] - E[${x.text}]*E[${x.text}]'`, `\\mathbb{E}\\left[${x.latex} ${x.latex}^{\\top}\\right] - \\mathbb{E}[${x.latex}]\\,\\mathbb{E}[${x.latex}]^{\\top}`))
            : row(tex('', ''), '=', tex(`E[(${xcText.text})*(${xcText.text})'] - (E[x] - ${mtoText(g.centre)})*(E[x] - ${mtoText(g.centre)})'`, `\\mathbb{E}\\left[\\left(${xcText.latex}\\right) \\left(${xcText.latex}\\right)^{\\top}\\right] - \\left(\\mathbb{E}[${x.latex}] - ${mtoLatex(g.centre)}\\right)\\left(\\mathbb{E}[${x.latex}] - ${mtoLatex(g.centre)}\\right)^{\\top}`)),
          row(tex('', ''), '=', tex(`${g.second.kind === 'add' ? `(${second.text})` : second.text} - ${outer.text}`, `${g.second.kind === 'add' ? `\\left(${second.latex}\\right)` : second.latex} - ${outer.latex}`), `moments ${(g.meanIndex ?? 0) + 1} and ${g.secondIndex + 1}`),
          row(tex('', ''), '=', Sigma),
        ]),
  );
  const mult = (name: string): MExpr => r.multipliers.find((q) => q.name === name)!.value;
  const bAE = tex('b = A*E[x]', `\\boldsymbol{b} = \\boldsymbol{A}\\,\\mathbb{E}[${x.latex}]`);
  const lrows: EquationRow[] = [row(m(L2), '=', m(mult('Lambda_2')), inline`from ${tex(`A = -2*Lambda_2 = inv(${Sigma.text})`, `\\boldsymbol{A} = -2\\boldsymbol{\\Lambda}_{2} = \\left(${Sigma.latex}\\right)^{-1}`)}`)];
  if (g.meanIndex !== undefined) lrows.push(row(m(l1), '=', m(mult('lambda_1')), isZeroM(shift) ? inline`from ${bAE}: ${tex(`lambda_1 + A*${mtoText(g.centre)} = A*${mtoText(g.centre)}`, `\\boldsymbol{\\lambda}_{1} + \\boldsymbol{A} ${mtoLatex(g.centre)} = \\boldsymbol{A} ${mtoLatex(g.centre)}`)}` : inline`from ${bAE}`));
  lrows.push(row(m(l0), '=', m(mult('lambda_0')), 'normalisation, by gaussian-integral-rn'));
  steps.push({
    title: 'Solving the moment conditions',
    blocks: [
      prose`Under the density, the first and second moments follow from the rule ${tex('gaussian-moments-rn', '\\texttt{gaussian-moments-rn}')}; setting them equal to the constraints fixes ${A} and ${tex('b', '\\boldsymbol{b}')}:`,
      rows(...solveRows),
      prose`Hence the multipliers (normalisation, ${tex(`integral of p d${x.text} = 1`, `\\int p\\,d${x.latex} = 1`)}, fixes ${tex('lambda_0', '\\lambda_{0}')} once ${A} and ${tex('b', '\\boldsymbol{b}')} are known):`,
      rows(...lrows),
    ],
  });
  const resultBlocks: Block[] = [
    rows(row(dens, '=', m(r.density!), inline`normal, mean ${mean}, covariance ${Sigma}`)),
    { kind: 'table', header: ['multiplier', 'constraint', 'value'], rows: r.multipliers.map((q) => [m(q.symbol), tex(matrixConstraintPrinted(r, q.constraint).text, matrixConstraintPrinted(r, q.constraint).latex), m(q.value)]) },
    ...r.assumed.map((a) => text(`Assumed: ${a}.`)),
    ...r.notes.map((n): Block => ({ kind: 'prose', parts: n })),
  ];
  steps.push({ title: 'Result', blocks: resultBlocks });
  if (infeasible) steps.push({ title: 'Numeric instance: no density', blocks: [text(infeasible)] });
  if (check) {
    const figs = [
      ...check.identity.map((f) => ['identity', f] as const),
      ...(check.quadrature ?? []).map((f) => ['quadrature', f] as const),
      ...check.monte_carlo.map((f) => ['Monte Carlo', f] as const),
      ...(check.scalar_path ?? []).map((f) => ['scalar route', f] as const),
    ];
    steps.push({
      title: 'Numeric instance',
      blocks: [
        { kind: 'prose', parts: [...inline`Dimensions `, ...Object.entries(check.dimensions).flatMap(([k, v], i) => [...(i ? [', '] : []), tex(`${k} = ${v}`, `${k} = ${v}`)]), ...inline`. The density is evaluated from its closed form and checked against the constraints by the Gaussian integral identities (its quadratic exponent recovered from values of log p)${check.quadrature ? ', by adaptive quadrature' : ''}, by importance sampling (${check.monte_carlo_samples} samples)${check.scalar_path ? ', and against the scalar maxent route' : ''}.`] },
        { kind: 'table', header: ['method', 'check', 'error', 'tolerance', 'ok'], rows: figs.map(([how, f]) => [how, f.prose ?? f.what, f.error.toExponential(1), f.tolerance.toExponential(1), f.ok ? 'yes' : 'NO']) },
        text(`Passed: ${check.passed}.`),
      ],
    });
  }
  return { title: p.name ?? 'Maximum-entropy density of a vector variable', steps };
}
