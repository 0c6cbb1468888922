/**
 * The derivation of a maximum-entropy result as a document (render/document.ts): the
 * problem, the Lagrangian with its sign convention, the functional derivative, the
 * exponential form, the sufficient statistics, how the multipliers were closed (naming
 * every integral rule), the density, and the numeric checks.
 */
import { add, mul, sym, toLatex, toText, ZERO, type Expr } from '../expr/index.js';
import { derivative, functionalLatex, jetSymbol } from '../diff/index.js';
import type { Block, Derivation, EquationRow, MathText, Step } from '../document/index.js';
import { numberLatex, numberText } from './format.js';
import { multiplierName } from './lagrangian.js';
import { constraintPrinted, densityAt, integral, supportText } from './notation.js';
import type { MaxentResult } from './result.js';

const mt = (text: string, latex: string): MathText => ({ text, latex });
const asMath = (p: MathText): MathText => mt(p.text, p.latex);
const text = (t: string): Block => ({ kind: 'text', text: t });
const rows = (...r: EquationRow[]): Block => ({ kind: 'equations', rows: r });
const row = (lhs: MathText | Expr, relation: EquationRow['relation'], rhs: MathText | Expr, note?: string): EquationRow => ({ lhs, relation, rhs, ...(note ? { note } : {}) });

/** Builds the derivation document of a result (whatever its status). */
export function maxentDerivation(result: MaxentResult, title?: string): Derivation {
  const { problem, lagrangian: lag } = result;
  const fn = problem.fn;
  const p = densityAt(fn);
  const x = problem.variable;
  const xl = toLatex(sym(x));
  const discrete = problem.support.kind === 'discrete';
  const steps: Step[] = [];
  const K = problem.moments.length;
  const lam = (k: number): MathText => mt(multiplierName(k), toLatex(sym(multiplierName(k))));

  // 1. The problem.
  const H = integral(problem, mt(`${p.text}*log(${p.text})`, `${p.latex} \\log ${p.latex}`));
  const constraintRows = [0, ...problem.moments.map((_, i) => i + 1)].map((k) => {
    const c = constraintPrinted(problem, k);
    const [lhs, rhs] = splitAtEquals(c);
    return row(lhs, '=', rhs, k === 0 ? 'normalisation' : `moment ${k}`);
  });
  steps.push({
    title: 'Problem',
    blocks: [
      text(`Find the ${discrete ? 'distribution' : 'density'} ${p.text} on ${supportText(problem.support)} with the largest entropy among those that satisfy the constraints below.`),
      rows(row(mt('H[p]', 'H[p]'), '=', mt(`-(${H.text})`, `-${H.latex}`), 'the entropy, with its minus sign')),
      rows(...constraintRows),
      ...(problem.assume.length > 0 ? [text(`Assumptions: ${problem.assume.join(', ')}.`)] : []),
      ...(problem.parameterValues ? [text(`Parameter values: ${[...problem.parameterValues].map(([k, v]) => `${k} = ${v}`).join(', ')}.`)] : []),
    ],
  });

  // 2. The Lagrangian.
  const generic =
    K === 0
      ? mt(`H[p] + lambda_0*(${integral(problem, p).text} - 1)`, `H[p] + \\lambda_{0}\\left(${integral(problem, p).latex} - 1\\right)`)
      : mt(
          `H[p] + lambda_0*(${integral(problem, p).text} - 1) + sum over k = 1..${K} of lambda_k*(${integral(problem, mt(`f_k(${x})*${p.text}`, '')).text} - m_k)`,
          `H[p] + \\lambda_{0}\\left(${integral(problem, p).latex} - 1\\right) + \\sum_{k=1}^{${K}} \\lambda_{k}\\left(${integral(problem, mt('', `f_{k}(${xl})\\, ${p.latex}`)).latex} - m_{k}\\right)`,
        );
  steps.push({
    title: 'Lagrangian',
    blocks: [
      text(
        'Convention: each constraint enters with a plus sign, L = H + sum_k lambda_k (constraint_k), so that stationarity reads log p = lambda_0 - 1 + sum_k lambda_k f_k. ' +
          '(With the convention of `lagrangian solve` for a maximisation, L = H - sum lambda h, every multiplier would change sign.)',
      ),
      rows(
        row(mt('L[p]', '\\mathcal{L}[p]'), '=', generic, 'f_k, m_k: the moment functions and values above'),
        row(mt('', ''), '=', mt(`${integral(problem, mt('F', 'F')).text} + (${toText(lag.outside)})`, `${integral(problem, mt('F', 'F')).latex} ${signed(toLatex(lag.outside))}`), 'the constants outside the integral'),
        row(mt(`F(${x}, ${p.text})`, `F(${xl}, ${p.latex})`), '=', mt(toText(lag.integrand), functionalLatex(lag.integrand, fn))),
      ),
    ],
  });

  // 3. Stationarity.
  const P = jetSymbol(fn, 0);
  const dFdp = derivative(lag.integrand, P);
  const dFdp1 = derivative(lag.integrand, jetSymbol(fn, 1));
  steps.push({
    title: discrete ? 'Stationarity' : 'Stationarity: the functional derivative',
    blocks: [
      text(
        discrete
          ? `On a finite set L is an ordinary function of the probabilities p(v) and its partial derivatives vanish at the maximum. Each has the form of the Euler-Lagrange expression below, evaluated at ${x} = v.`
          : `L is stationary when its functional derivative vanishes for every ${x} in the support. For J[p] = integral of F(${x}, p, p') the Euler-Lagrange expression is dF/dp - d/d${x} dF/dp'; here F does not involve p', so the second term is 0.`,
      ),
      rows(
        row(mt(`dF/dp`, `\\frac{\\partial F}{\\partial p}`), '=', mt(toText(dFdp), functionalLatex(dFdp, fn))),
        row(mt(`dF/dp'`, `\\frac{\\partial F}{\\partial p'}`), '=', mt(toText(dFdp1), functionalLatex(dFdp1, fn))),
        row(mt('delta L/delta p', '\\frac{\\delta \\mathcal{L}}{\\delta p}'), '=', mt(toText(lag.stationarity), functionalLatex(lag.stationarity, fn))),
        row(mt('', ''), '=', ZERO, 'stationarity'),
      ),
    ],
  });

  // 4. The exponential form.
  const logp = mt(`log(${p.text})`, `\\log ${p.latex}`);
  steps.push({
    title: 'Solving for the density',
    blocks: [
      text(`The condition is linear in log ${p.text}; solving it gives the exponential form, positive wherever it is defined.`),
      rows(row(logp, '=', lag.exponent), row(p, '=', lag.density)),
      text(`The multipliers are fixed by the ${K + 1} constraint${K === 0 ? '' : 's'}: normalisation determines lambda_0 once the others are known.`),
    ],
  });

  // 5. Sufficient statistics.
  const stats = result.statistics;
  if (stats && stats.basis.length > 0) {
    const headers = ['basis function g_j', 'theta_j (coefficient of g_j in the exponent)'];
    const table = stats.basis.map((b, j) => {
      const th = add(...problem.moments.map((_, k) => mul(stats.coefficients[k]![j]!, sym(multiplierName(k + 1)))));
      return [b.expr, th] as Expr[];
    });
    const constant = add(...problem.moments.map((_, k) => mul(stats.constants[k]!, sym(multiplierName(k + 1)))));
    steps.push({
      title: 'Sufficient statistics',
      blocks: [
        text(`Each moment function is split into a constant plus multiples of basis functions of ${x} (polynomial parts by their coefficients), so that the exponent reads lambda_0 - 1 + c + sum_j theta_j g_j(${x}).`),
        { kind: 'table', header: headers, rows: table },
        rows(row(mt('c', 'c'), '=', constant, 'constant part of sum_k lambda_k f_k')),
      ],
    });
  }

  // 6. Closing the multipliers.
  steps.push(...closingSteps(result));

  // 7. Result or failure.
  if (result.status === 'optimal' && result.densityPrinted) {
    const blocks: Block[] = [
      rows(row(p, '=', asMath(result.densityPrinted), result.family ? `${result.family}${result.exact ? '' : ' (numeric)'}` : undefined)),
      { kind: 'table', header: ['multiplier', 'constraint', 'value'], rows: result.multipliers.map((m) => [lam(Number(m.name.slice(7))), asMath(m.constraint), asMath(m.value)]) },
    ];
    if (result.familyParameters.length > 0) {
      blocks.push({ kind: 'table', header: ['family parameter', 'value'], rows: result.familyParameters.map((f) => [f.name, asMath(f.value)]) });
    }
    if (result.conditions.length > 0) {
      blocks.push(text(`Valid under: ${result.conditions.map((c) => `${toText(c.expr)} > 0 (${c.reason})`).join('; ')}.`));
    }
    if (result.probabilities && result.probabilities.length > 0) {
      blocks.push({ kind: 'table', header: [`${x}`, `${fn.name}(${x})`], rows: result.probabilities.map((q) => [numberText(q.value), mt(numberText(q.p, 10), numberLatex(q.p))]) });
    }
    steps.push({ title: 'Result', blocks });
  } else {
    steps.push({ title: `No answer: ${result.status}`, blocks: [text(result.message ?? 'no answer')] });
  }

  // 8. Checks.
  if (result.checks.length > 0) {
    const at = result.checks[0]!.at;
    const where = Object.keys(at).length > 0 ? ` at ${Object.entries(at).map(([k, v]) => `${k} = ${numberText(v, 6)}`).join(', ')}` : '';
    steps.push({
      title: 'Check',
      blocks: [
        text(`${discrete ? 'Sums' : 'Adaptive Gauss-Kronrod quadrature'} of the density against 1 and each moment function${where}; tolerance ${MOMENT_TOL_TEXT} relative to max(1, |target|).`),
        {
          kind: 'table',
          header: ['f', 'target', 'reached', 'error'],
          rows: result.checks.map((c) => [c.f, numberText(c.target, 12), numberText(c.reached, 12), c.error.toExponential(1)]),
        },
      ],
    });
  }
  if (result.notes.length > 0) steps.push({ title: 'Notes', blocks: result.notes.map(text) });
  return { title: title ?? `Maximum-entropy ${discrete ? 'distribution' : 'density'} on ${supportText(problem.support)}`, steps };
}

const MOMENT_TOL_TEXT = '1e-8';

function signed(latex: string): string {
  return latex.startsWith('-') ? latex : `+ ${latex}`;
}

/** Splits `lhs = rhs` printed constraint into its two sides. */
function splitAtEquals(c: MathText): [MathText, MathText] {
  const ti = c.text.lastIndexOf(' = ');
  const li = c.latex.lastIndexOf(' = ');
  return [mt(c.text.slice(0, ti), c.latex.slice(0, li)), mt(c.text.slice(ti + 3), c.latex.slice(li + 3))];
}

/** The steps that close the multipliers, by method. */
function closingSteps(result: MaxentResult): Step[] {
  const { problem } = result;
  const steps: Step[] = [];
  const stats = result.statistics;
  const rulesBlock = (): Block[] =>
    result.rules.length === 0
      ? []
      : [text('Integral rules used:'), { kind: 'table', header: ['rule', 'identity'], rows: result.rules.map((r) => [r.id, mt(r.text, r.latex)]) }];

  if (result.method === 'closed-form' && stats && result.expectations && result.theta && result.logZ) {
    const eRows = stats.basis.map((b, j) => row(mt(`E[${toText(b.expr)}]`, `\\mathbb{E}\\left[${toLatex(b.expr)}\\right]`), '=', result.expectations![j]!));
    steps.push({
      title: 'Moment equations',
      blocks: [
        text('The constraints, written in terms of the expectations of the basis functions, form a linear system; its exact solution:'),
        ...(eRows.length > 0 ? [rows(...eRows)] : [text('There are no moment constraints.')]),
      ],
    });
    const thetaRows = stats.basis.map((b, j) => row(mt(`theta_${j + 1}`, `\\theta_{${j + 1}}`), '=', result.theta![j]!, `coefficient of ${toText(b.expr)}`));
    steps.push({
      title: `The ${result.family} family`,
      blocks: [
        text(`With this support and these basis functions the exponent is that of the ${result.family} family. Its normaliser Z = integral of exp(sum_j theta_j g_j) and its moments have closed forms; matching the moments gives the natural parameters and log Z:`),
        ...rulesBlock(),
        ...(thetaRows.length > 0 ? [rows(...thetaRows)] : []),
        rows(row(mt('log Z', '\\log Z'), '=', result.logZ)),
      ],
    });
    const lRows = result.multipliers.slice(1).map((m) => row(mt(m.name, toLatex(sym(m.name))), '=', m.exact!));
    const l0 = result.multipliers[0]!;
    const c = add(...problem.moments.map((_, k) => mul(stats.constants[k]!, sym(multiplierName(k + 1)))));
    steps.push({
      title: 'Multipliers',
      blocks: [
        text('theta = C^T lambda (C_kj the coefficient of g_j in f_k) is solved for lambda_1, ..., and normalisation gives lambda_0 = 1 - c - log Z:'),
        ...(lRows.length > 0 ? [rows(...lRows)] : []),
        rows(
          row(mt('lambda_0', toLatex(sym('lambda_0'))), '=', mt(`1 - (${toText(c)}) - log(Z)`, `1 - \\left(${toLatex(c)}\\right) - \\log Z`)),
          row(mt('', ''), '=', l0.exact!),
        ),
      ],
    });
    return steps;
  }
  if (result.method === 'gamma-shape-newton') {
    steps.push({
      title: 'The gamma family',
      blocks: [
        text('With E[x] and E[log(x)] on [0, inf) the density is x^(k-1) exp(-r x)/Z: a gamma density. Normalisation and the two moments follow from the gamma integral; the shape k has no closed form and solves a scalar equation.'),
        ...rulesBlock(),
      ],
    });
    return steps;
  }
  if (result.method === 'dual-newton') {
    const discrete = problem.support.kind === 'discrete';
    steps.push({
      title: 'The dual, solved by Newton\'s method',
      blocks: [
        text(
          'Normalisation fixes lambda_0 - 1 = -log Z(lambda) with Z(lambda) = integral of exp(sum_k lambda_k f_k). The remaining multipliers minimise the convex dual D(lambda) = log Z(lambda) - sum_k lambda_k m_k; ' +
            'its gradient is E[f] - m and its Hessian is Cov[f], so Newton\'s method with a backtracking line search converges quadratically.',
        ),
        rows(
          row(mt('D(lambda)', 'D(\\lambda)'), '=', mt('log(Z(lambda)) - sum_k lambda_k*m_k', '\\log Z(\\lambda) - \\sum_{k} \\lambda_{k} m_{k}')),
          row(mt('grad D', '\\nabla D'), '=', mt('E[f] - m', '\\mathbb{E}_{\\lambda}[f] - m')),
          row(mt('hess D', '\\nabla^{2} D'), '=', mt('Cov[f]', '\\operatorname{Cov}_{\\lambda}[f]')),
        ),
        ...rulesBlock(),
        ...(result.numeric
          ? [
              text(
                `${discrete ? 'Sums over the values' : 'Quadrature'}: Newton stopped after ${result.numeric.iterations} iterations with a scaled moment residual of ${result.numeric.residual.toExponential(1)}; log Z = ${numberText(result.numeric.logZ, 12)}.` +
                  (result.numeric.closedFormLogZ
                    ? ` The ${result.family} family's closed-form normaliser (${result.numeric.closedFormLogZ.rule}) gives log Z = ${numberText(result.numeric.closedFormLogZ.value, 12)} against ${numberText(result.numeric.closedFormLogZ.quadrature, 12)} by quadrature.`
                    : ''),
              ),
            ]
          : []),
      ],
    });
  }
  return steps;
}
