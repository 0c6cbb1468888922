/**
 * The derivation of a maximum-entropy result as a document (render/document.ts): the
 * problem, the Lagrangian with its sign convention, the functional derivative, the
 * exponential form, the sufficient statistics, how the multipliers were closed (naming
 * every integral rule), the density, and the numeric checks.
 */
import { add, mul, parse, sym, toLatex, toText, ZERO, type Expr } from '../expr/index.js';
import { derivative, functionalLatex, jetSymbol } from '../diff/index.js';
import { formulasInText, inline, prose, tex, type Block, type Derivation, type EquationRow, type MathText, type Prose, type Step } from '../document/index.js';
import { numberLatex, numberText } from './format.js';
import { momentMultiplierName } from './lagrangian.js';
import { constraintPrinted, densityAt, integral, supportLatex, supportText } from './notation.js';
import type { MaxentResult } from './result.js';

const mt = (text: string, latex: string): MathText => ({ text, latex });
const asMath = (p: MathText): MathText => mt(p.text, p.latex);
const text = (t: string): Block => ({ kind: 'text', text: t });
const L_MATH = tex('L', '\\mathcal{L}');
/** A decimal as mathematics. */
const numberMathText = (v: number, digits: number): MathText => tex(numberText(v, digits), numberLatex(v, digits));

/** An assumption (`sigma > 0`) as mathematics, when it reads as a relation; else as written. */
function relationMath(text: string): MathText {
  const m = /^(.*?)\s*(>=|<=|!=|>|<|=)\s*(.*)$/.exec(text);
  const op: Readonly<Record<string, string>> = { '>': '>', '>=': '\\ge', '<': '<', '<=': '\\le', '!=': '\\ne', '=': '=' };
  if (!m) return tex(text, `\\text{${text.replace(/[\\{}$&#^_%~]/g, '')}}`);
  try {
    return tex(text, `${toLatex(parse(m[1]!))} ${op[m[2]!]} ${toLatex(parse(m[3]!))}`);
  } catch {
    return tex(text, `\\text{${text.replace(/[\\{}$&#^_%~]/g, '')}}`);
  }
}
const rows = (...r: EquationRow[]): Block => ({ kind: 'equations', rows: r });
const row = (lhs: MathText | Expr, relation: EquationRow['relation'], rhs: MathText | Expr, note?: string | Prose): EquationRow => ({ lhs, relation, rhs, ...(note ? { note } : {}) });

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
  const lam = (k: number): MathText => mt(momentMultiplierName(k), toLatex(sym(momentMultiplierName(k))));

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
      prose`Find the ${discrete ? 'distribution' : 'density'} ${p} on ${tex(supportText(problem.support), supportLatex(problem.support))} with the largest entropy among those that satisfy the constraints below.`,
      rows(row(mt('H[p]', 'H[p]'), '=', mt(`-(${H.text})`, `-${H.latex}`), 'the entropy, with its minus sign')),
      rows(...constraintRows),
      ...(problem.assume.length > 0 ? [{ kind: 'prose' as const, parts: ['Assumptions: ', ...problem.assume.flatMap((a, i) => (i === 0 ? [relationMath(a)] : [', ', relationMath(a)])), '.'] }] : []),
      ...(problem.parameterValues ? [prose`Parameter values: ${tex([...problem.parameterValues].map(([k, v]) => `${k} = ${v}`).join(', '), [...problem.parameterValues].map(([k, v]) => `${toLatex(sym(k))} = ${numberLatex(v)}`).join(',\\; '))}.`] : []),
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
      prose`Convention: each constraint enters with a plus sign, ${tex('L = H + sum_k lambda_k*(constraint_k)', '\\mathcal{L} = H + \\sum_k \\lambda_k \\left(\\text{constraint}_k\\right)')}, so that stationarity reads ${tex('log(p) = lambda_0 - 1 + sum_k lambda_k*f_k', '\\log p = \\lambda_0 - 1 + \\sum_k \\lambda_k f_k')}. (With the convention of lagrangian solve for a maximisation, ${tex('L = H - sum lambda*h', '\\mathcal{L} = H - \\sum \\lambda h')}, every multiplier would change sign.)`,
      rows(
        row(mt('L[p]', '\\mathcal{L}[p]'), '=', generic, [tex('f_k, m_k', 'f_k, m_k'), ': the moment functions and values above']),
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
      discrete
        ? prose`On a finite set ${L_MATH} is an ordinary function of the probabilities ${tex('p(v)', 'p(v)')} and its partial derivatives vanish at the maximum. Each has the form of the Euler-Lagrange expression below, evaluated at ${tex(`${x} = v`, `${xl} = v`)}.`
        : prose`${L_MATH} is stationary when its functional derivative vanishes for every ${tex(x, xl)} in the support. For ${tex(`J[p] = integral of F(${x}, p, p')`, `J[p] = \\int F(${xl}, p, p')\\, d${xl}`)} the Euler-Lagrange expression is ${tex(`dF/dp - d/d${x} dF/dp'`, `\\frac{\\partial F}{\\partial p} - \\frac{d}{d${xl}} \\frac{\\partial F}{\\partial p'}`)}; here ${tex('F', 'F')} does not involve ${tex("p'", "p'")}, so the second term is 0.`,
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
      prose`The condition is linear in ${logp}; solving it gives the exponential form, positive wherever it is defined.`,
      rows(row(logp, '=', lag.exponent), row(p, '=', lag.density)),
      prose`The multipliers are fixed by the ${K + 1} constraint${K === 0 ? '' : 's'}: normalisation determines ${lam(0)} once the others are known.`,
    ],
  });

  // 5. Sufficient statistics.
  const stats = result.statistics;
  if (stats && stats.basis.length > 0) {
    const headers = ['basis function', tex('theta_j', '\\theta_j')];
    const table = stats.basis.map((b, j) => {
      const th = add(...problem.moments.map((_, k) => mul(stats.coefficients[k]![j]!, sym(momentMultiplierName(k + 1)))));
      return [b.expr, th] as Expr[];
    });
    const constant = add(...problem.moments.map((_, k) => mul(stats.constants[k]!, sym(momentMultiplierName(k + 1)))));
    steps.push({
      title: 'Sufficient statistics',
      blocks: [
        prose`Each moment function is split into a constant plus multiples of basis functions ${tex('g_j', 'g_j')} of ${tex(x, xl)} (polynomial parts by their coefficients), so that the exponent reads ${tex(`lambda_0 - 1 + c + sum_j theta_j*g_j(${x})`, `\\lambda_0 - 1 + c + \\sum_j \\theta_j g_j(${xl})`)}; ${tex('theta_j', '\\theta_j')} is the coefficient of ${tex('g_j', 'g_j')} in the exponent.`,
        { kind: 'table', header: headers, rows: table },
        rows(row(mt('c', 'c'), '=', constant, ['constant part of ', tex('sum_k lambda_k*f_k', '\\sum_k \\lambda_k f_k')])),
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
      blocks.push({ kind: 'table', header: [`${x}`, `${fn.name}(${x})`], rows: result.probabilities.map((q) => [numberText(q.value), q.exact ? mt(`${toText(q.exact)} = ${numberText(q.p, 10)}`, `${toLatex(q.exact)} \\approx ${numberLatex(q.p)}`) : mt(numberText(q.p, 10), numberLatex(q.p))]) });
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
          rows: result.checks.map((c) => [formulasInText(c.f), numberText(c.target, 12), numberText(c.reached, 12), c.error.toExponential(1)]),
        },
      ],
    });
  }
  if (result.notes.length > 0) steps.push({ title: 'Notes', blocks: result.notes.map(text) });
  return { title: title ?? problem.name ?? `Maximum-entropy ${discrete ? 'distribution' : 'density'} on ${supportText(problem.support).replace(/-inf/g, '−∞').replace(/inf/g, '∞')}`, steps };
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
    const thetaRows = stats.basis.map((b, j) => row(mt(`theta_${j + 1}`, `\\theta_{${j + 1}}`), '=', result.theta![j]!, ['coefficient of ', mt(toText(b.expr), toLatex(b.expr))]));
    steps.push({
      title: `The ${result.family} family`,
      blocks: [
        prose`With this support and these basis functions the exponent is that of the ${result.family ?? "numeric"} family. Its normaliser ${tex('Z = integral of exp(sum_j theta_j*g_j)', 'Z = \\int \\exp\\left(\\sum_j \\theta_j g_j\\right)')} and its moments have closed forms; matching the moments gives the natural parameters and ${tex('log(Z)', '\\log Z')}:`,
        ...rulesBlock(),
        ...(thetaRows.length > 0 ? [rows(...thetaRows)] : []),
        rows(row(mt('log Z', '\\log Z'), '=', result.logZ)),
      ],
    });
    const lRows = result.multipliers.slice(1).map((m) => row(mt(m.name, toLatex(sym(m.name))), '=', m.exact!));
    const l0 = result.multipliers[0]!;
    const c = add(...problem.moments.map((_, k) => mul(stats.constants[k]!, sym(momentMultiplierName(k + 1)))));
    steps.push({
      title: 'Multipliers',
      blocks: [
        prose`${tex('theta = C^T*lambda', '\\theta = C^{\\top} \\lambda')} (${tex('C_kj', 'C_{kj}')} the coefficient of ${tex('g_j', 'g_j')} in ${tex('f_k', 'f_k')}) is solved for ${tex('lambda_1, ...', '\\lambda_1, \\ldots')}, and normalisation gives ${tex('lambda_0 = 1 - c - log(Z)', '\\lambda_0 = 1 - c - \\log Z')}:`,
        ...(lRows.length > 0 ? [rows(...lRows)] : []),
        rows(
          row(mt('lambda_0', toLatex(sym('lambda_0'))), '=', mt(`1 - (${toText(c)}) - log(Z)`, `1 - \\left(${toLatex(c)}\\right) - \\log Z`)),
          row(mt('', ''), '=', l0.exact!),
        ),
      ],
    });
    return steps;
  }
  if (result.method === 'exact-polynomial' && result.exactRoot) {
    const { polynomial, step, t } = result.exactRoot;
    const stepText = toText(step);
    steps.push({
      title: 'The moment condition as a polynomial',
      blocks: [
        prose`On the finite set the values of ${tex(toText(problem.moments[0]!.f), toLatex(problem.moments[0]!.f))} are evenly stepped by ${tex(stepText, toLatex(step))}. Normalisation makes ${tex('p(v) = t^k(v)/Z', 'p(v) = t^{k(v)}/Z')} with ${tex(`t = exp(lambda_1*${stepText})`, `t = \mathrm{e}^{\lambda_1 ${toLatex(step)}}`)} and ${tex('k(v)', 'k(v)')} the number of steps above the smallest value, so the moment condition ${tex('sum_v (f(v) - m)*p(v) = 0', '\sum_v (f(v) - m)\, p(v) = 0')} is a polynomial in ${tex('t', 't')} with rational coefficients. They change sign once, so by Descartes' rule of signs it has exactly one positive root:`,
        rows(row(mt('P(t)', 'P(t)'), '=', polynomial), row(mt('', ''), '=', ZERO), row(mt('t', 't'), '=', t, 'the positive root, exactly')),
        prose`The probabilities ${tex('t^k/Z', 't^{k}/Z')} were computed in the field of the root and satisfy normalisation and the moment exactly; then ${tex(`lambda_1 = log(t)/${stepText}`, `\lambda_1 = \log(t)/${toLatex(step)}`)} and ${tex('lambda_0 = 1 - log(Z) - lambda_1*f_min', '\lambda_0 = 1 - \log Z - \lambda_1 f_{\min}')}.`,
        ...rulesBlock(),
      ],
    });
    return steps;
  }
  if (result.method === 'gamma-shape-newton') {
    steps.push({
      title: 'The gamma family',
      blocks: [
        prose`With ${tex('E[x]', '\\mathbb{E}[x]')} and ${tex('E[log(x)]', '\\mathbb{E}[\\log x]')} on ${tex('[0, inf)', '[0, \\infty)')} the density is ${tex('x^(k-1)*exp(-r*x)/Z', 'x^{k-1} e^{-r x} / Z')}: a gamma density. Normalisation and the two moments follow from the gamma integral; the shape ${tex('k', 'k')} has no closed form and solves a scalar equation.`,
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
        prose`Normalisation fixes ${tex('lambda_0 - 1 = -log(Z(lambda))', '\\lambda_0 - 1 = -\\log Z(\\lambda)')} with ${tex('Z(lambda) = integral of exp(sum_k lambda_k*f_k)', 'Z(\\lambda) = \\int \\exp\\left(\\sum_k \\lambda_k f_k\\right)')}. The remaining multipliers minimise the convex dual ${tex('D(lambda) = log(Z(lambda)) - sum_k lambda_k*m_k', 'D(\\lambda) = \\log Z(\\lambda) - \\sum_k \\lambda_k m_k')}; its gradient is ${tex('E[f] - m', '\\mathbb{E}_{\\lambda}[f] - m')} and its Hessian is ${tex('Cov[f]', '\\operatorname{Cov}_{\\lambda}[f]')}, so Newton's method with a backtracking line search converges quadratically.`,
        rows(
          row(mt('D(lambda)', 'D(\\lambda)'), '=', mt('log(Z(lambda)) - sum_k lambda_k*m_k', '\\log Z(\\lambda) - \\sum_{k} \\lambda_{k} m_{k}')),
          row(mt('grad D', '\\nabla D'), '=', mt('E[f] - m', '\\mathbb{E}_{\\lambda}[f] - m')),
          row(mt('hess D', '\\nabla^{2} D'), '=', mt('Cov[f]', '\\operatorname{Cov}_{\\lambda}[f]')),
        ),
        ...rulesBlock(),
        ...(result.numeric
          ? [
              {
                kind: 'prose' as const,
                parts: [
                  ...inline`${discrete ? 'Sums over the values' : 'Quadrature'}: Newton stopped after ${result.numeric.iterations} iterations with a scaled moment residual of ${numberMathText(result.numeric.residual, 2)}; ${tex(`log(Z) = ${numberText(result.numeric.logZ, 12)}`, `\\log Z = ${numberLatex(result.numeric.logZ, 12)}`)}.`,
                  ...(result.numeric.closedFormLogZ
                    ? inline` The ${result.family ?? 'numeric'} family's closed-form normaliser (${result.numeric.closedFormLogZ.rule}) gives ${tex(`log(Z) = ${numberText(result.numeric.closedFormLogZ.value, 12)}`, `\\log Z = ${numberLatex(result.numeric.closedFormLogZ.value, 12)}`)} against ${numberMathText(result.numeric.closedFormLogZ.quadrature, 12)} by quadrature.`
                    : []),
                ],
              },
            ]
          : []),
      ],
    });
  }
  return steps;
}
