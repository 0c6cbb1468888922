/**
 * The adjoint method as a derivation document: the program as constraints, the
 * Lagrangian, the three families of stationarity conditions, the back-substitution in
 * reverse topological order (with the linear system of each cycle), the gradient in
 * terms of the inputs, and, at a point, the values of both passes and the
 * central-difference check.
 */
import { derivative } from '../diff/index.js';
import { latexSymbolName, sub, sym, toLatex, toText, type Expr } from '../expr/index.js';
import { prose, tex, type Block, type Derivation, type EquationRow, type Step } from '../document/index.js';
import { printable, type AdjointAnalysis } from './analysis.js';
import { chain, constraintMath, cycleMath, equalsZero, formatTableNumber, jacobianMath, lagrangianDisplay, math, multiplierLatex, partialOfL } from './display.js';
import { multiplierName } from './program.js';

/** Options of `adjointDerivation`. */
export interface DerivationOptions {
  /** Title of the document (default: "Adjoints of <output> by Lagrange multipliers"). */
  readonly title?: string;
  /** Rows per equation block before the rest is summarised (default 60; large programs stay readable). */
  readonly maxRows?: number;
}

const text = (t: string): Block => ({ kind: 'text', text: t });
const LAMBDA_I = tex('lambda_i', '\\lambda_i');
/** Names as one math item (`x, y`), or "(none)". */
const names = (xs: readonly string[]) => (xs.length === 0 ? '(none)' : tex(xs.join(', '), xs.map(latexSymbolName).join(', ')));

/** Builds the derivation document of an analysed program: one step per function below, in the reader's order. */
export function adjointDerivation(a: AdjointAnalysis, options: DerivationOptions = {}): Derivation {
  const c = context(a, options.maxRows ?? 60);
  const values = valuesStep(c);
  return {
    title: options.title ?? `Adjoints of ${a.program.output} by Lagrange multipliers`,
    steps: [programStep(c), lagrangianStep(c), forwardStep(c), adjointStep(c), gradientStep(c), backSubstitutionStep(c), ...(values ? [values] : [])],
  };
}

/** What every step reads: the analysis, its parts, and the row limit. */
interface StepContext {
  readonly a: AdjointAnalysis;
  readonly program: AdjointAnalysis['program'];
  readonly system: AdjointAnalysis['system'];
  readonly backsub: AdjointAnalysis['backsub'];
  readonly graph: AdjointAnalysis['system']['graph'];
  /** The first rows of a long list, and a note for the rest. */
  readonly clip: <T>(rows: readonly T[], what: string) => { rows: T[]; note?: Block };
  readonly withNote: (blocks: Block[], note?: Block) => Block[];
  /** The multiplier symbol of a variable. */
  readonly lambda: (v: string) => Expr;
  /** Variables defined implicitly (members of a cycle). */
  readonly cyclicNames: ReadonlySet<string>;
  /** Rows per equation block before the rest is summarised. */
  readonly maxRows: number;
}

function context(a: AdjointAnalysis, maxRows: number): StepContext {
  const { program, system, backsub } = a;
  const { graph } = system;
  return {
    a,
    program,
    system,
    backsub,
    graph,
    clip: <T>(rows: readonly T[], what: string) =>
      rows.length <= maxRows ? { rows: [...rows] } : { rows: rows.slice(0, maxRows), note: text(`... and ${rows.length - maxRows} more ${what} of the same form.`) },
    withNote: (blocks, note) => (note ? [...blocks, note] : blocks),
    lambda: (v) => system.multipliers.get(v)!,
    cyclicNames: new Set(graph.blocks.filter((b) => b.cyclic).flatMap((b) => b.members.map((m) => m.name))),
    maxRows,
  };
}

/** Step 1: the program as a table of equality constraints. */
function programStep({ program, graph, clip, withNote, cyclicNames }: StepContext): Step {
  const rows = program.assignments.map((as) => [
    String(as.line),
    math(as.name, toLatex(as.symbol)),
    math(toText(as.rhs), toLatex(as.rhs)),
    ((ps) => (ps.length ? names(ps) : '-'))(graph.parents.get(as.name)!.concat(graph.inputParents.get(as.name)!)),
    cyclicNames.has(as.name) ? 'implicit (cycle)' : 'explicit',
  ]);
  const c = clip(rows, 'lines');
  return {
    title: 'The program as equality constraints',
    blocks: withNote(
      [
        prose`Inputs: ${names(program.inputs)}. Output: ${names([program.output])}. Each line ${tex('z_i = f_i(parents)', 'z_i = f_i(\\text{parents})')} is an equality constraint; the intermediate variables stay symbols, so every equation below is local to one line.`,
        { kind: 'table', header: ['line', 'variable', 'definition', 'parents', 'kind'], rows: c.rows },
      ],
      c.note,
    ),
  };
}

/** Step 2: the Lagrangian and its sign convention. */
function lagrangianStep({ program, maxRows }: StepContext): Step {
  return {
    title: 'The Lagrangian',
    blocks: [
      prose`One multiplier per constraint; the objective is the output itself, and each constraint enters with a minus sign, ${tex(`L = ${program.output} - sum_i lambda_i*(z_i - f_i)`, `\\mathcal{L} = ${latexSymbolName(program.output)} - \\sum_i \\lambda_i \\left(z_i - f_i\\right)`)}, so that the multiplier of the output's own constraint is 1 and each ${LAMBDA_I} is the sensitivity of the output to the constraint of ${tex('z_i', 'z_i')} (its backpropagated adjoint).`,
      { kind: 'math', item: lagrangianDisplay(program, maxRows) },
    ],
  };
}

/** Step 3: stationarity in the multipliers, the forward pass (and Newton on each cycle). */
function forwardStep({ program, graph, clip, cyclicNames }: StepContext): Step {
  const rows: EquationRow[] = graph.order.map((as) => ({
    lhs: partialOfL(multiplierName(as.name), multiplierLatex(as.name)),
    relation: '=',
    rhs: math(`-(${constraintMath(as.name, as.rhs).text}) = 0`, `-\\left(${constraintMath(as.name, as.rhs).latex}\\right) = 0`),
  }));
  const solved: EquationRow[] = graph.order.map((as) => ({
    lhs: as.symbol,
    relation: '=',
    rhs: as.rhs,
    ...(cyclicNames.has(as.name) ? { note: 'implicit: solved with its cycle' } : {}),
  }));
  const c1 = clip(rows, 'conditions');
  const c2 = clip(solved, 'assignments');
  const blocks: Block[] = [
    text('Stationarity in each multiplier gives back the constraints: the forward pass, in topological order.'),
    { kind: 'equations', rows: c1.rows },
    ...(c1.note ? [c1.note] : []),
    { kind: 'equations', rows: c2.rows },
    ...(c2.note ? [c2.note] : []),
  ];
  for (const b of graph.blocks.filter((bl) => bl.cyclic)) {
    const names = b.members.map((m) => m.name);
    const jac = b.members.map((m) => b.members.map((n) => derivative(sub(m.symbol, m.rhs), n.symbol)));
    const from = tex(names.map((n) => `${n} = ${program.start?.[n] ?? 0}`).join(', '), names.map((n) => `${latexSymbolName(n)} = ${program.start?.[n] ?? 0}`).join(',\\; '));
    blocks.push(
      prose`The variables ${tex(names.join(', '), names.map(latexSymbolName).join(', '))} are defined through each other (a cycle). The forward pass solves ${tex('r(z) = z - F(z) = 0', 'r(z) = z - F(z) = 0')} by Newton's method, ${tex('z <- z - (I - dF/dz)^(-1)*r(z)', 'z \\leftarrow z - \\left(I - \\partial F/\\partial z\\right)^{-1} r(z)')}, with a backtracking line search, from ${from}; its Jacobian is`,
      { kind: 'math', item: jacobianMath(names, jac) },
    );
  }
  return { title: 'Forward pass: ∂L/∂λ_i = 0', heading: ['Forward pass: ', tex('dL/dlambda_i = 0', '\\partial \\mathcal{L} / \\partial \\lambda_i = 0')], blocks };
}

/** Step 4: stationarity in the variables, the adjoint (backpropagation) equations. */
function adjointStep({ system, clip, lambda }: StepContext): Step {
  const eqs = system.adjoint;
  const conditions: EquationRow[] = eqs.map((eq) => ({
    lhs: partialOfL(eq.name),
    relation: '=',
    rhs: equalsZero(sub(eq.rawRhs, lambda(eq.name))),
  }));
  const solved: EquationRow[] = eqs.map((eq) => ({
    lhs: lambda(eq.name),
    relation: '=',
    rhs: eq.rawRhs,
    note: eq.seed === 1 ? 'the output: seed 1' : eq.terms.length === 0 ? 'no children: the output does not depend on it' : ['children: ', names(eq.terms.map((t) => t.child))],
  }));
  const c1 = clip(conditions, 'conditions');
  const c2 = clip(solved, 'equations');
  return {
    title: 'Adjoint equations: ∂L/∂z_j = 0',
    heading: ['Adjoint equations: ', tex('dL/dz_j = 0', '\\partial \\mathcal{L} / \\partial z_j = 0')],
    blocks: [
      prose`Stationarity in each variable: ${tex('[j = output] - lambda_j + sum_{i child of j} lambda_i*df_i/dz_j = 0', '[j = \\text{output}] - \\lambda_j + \\sum_{i \\in \\text{children}(j)} \\lambda_i \\frac{\\partial f_i}{\\partial z_j} = 0')}. Solved for ${tex('lambda_j', '\\lambda_j')}, these are the backpropagation equations.`,
      { kind: 'equations', rows: c1.rows },
      ...(c1.note ? [c1.note] : []),
      { kind: 'equations', rows: c2.rows },
      ...(c2.note ? [c2.note] : []),
    ],
  };
}

/** Step 5: stationarity in the inputs, the gradient. */
function gradientStep({ program, system }: StepContext): Step {
  return {
    title: 'Gradient: ∂L/∂x',
    heading: ['Gradient: ', tex('dL/dx', '\\partial \\mathcal{L} / \\partial x')],
    blocks: [
      prose`At a point that satisfies the forward and adjoint equations, the derivative of ${tex('L', '\\mathcal{L}')} in an input is the derivative of the output.`,
      {
        kind: 'equations',
        rows: system.gradient.map((g) => ({
          lhs: math(`d${program.output}/d${g.name}`, `\\frac{d ${toLatex(sym(program.output))}}{d ${toLatex(sym(g.name))}}`),
          relation: '=' as const,
          rhs: chain(g.rawRhs, g.rhs),
        })),
      },
    ],
  };
}

/** Step 6: the adjoints solved in reverse topological order, cycles by their linear systems. */
function backSubstitutionStep({ a, program, system, backsub, graph, clip, lambda, cyclicNames }: StepContext): Step {
  const blocks: Block[] = [
    prose`Solve the adjoint equations in reverse topological order (${names([...graph.order].reverse().map((x) => x.name))}): every ${tex('lambda', '\\lambda')} on the right is already known. On the forward solution ${tex('f_i = z_i', 'f_i = z_i')}, so a rule that reuses its own value reads the stored variable (${tex('d/du exp(u) = exp(u)', '\\frac{d}{du} e^{u} = e^{u}')} is the stored ${tex('z', 'z')}): the backward pass reuses the forward values.`,
  ];
  if (!backsub.complete) {
    blocks.push(
      text(
        backsub.cycles.some((c) => c.unsolved)
          ? 'A cycle below has no symbolic solution, so the closed forms stop there; the recursive equations above are what the compiled backward pass evaluates.'
          : 'The closed forms grew past the node budget; the recursive equations above are what the compiled backward pass evaluates.',
      ),
    );
  }
  const rows: EquationRow[] = [];
  const eqByName = new Map(system.adjoint.map((e) => [e.name, e] as const));
  for (const as of [...graph.order].reverse()) {
    const closed = backsub.adjoints.get(as.name);
    if (cyclicNames.has(as.name)) continue;
    const local = eqByName.get(as.name)!.rhs;
    if (closed && printable(a, closed)) rows.push({ lhs: lambda(as.name), relation: '=', rhs: chain(local, closed) });
    else rows.push({ lhs: lambda(as.name), relation: '=', rhs: local, note: closed ? 'closed form too large to print' : 'no closed form' });
  }
  const c = clip(rows, 'adjoints');
  blocks.push({ kind: 'equations', rows: c.rows }, ...(c.note ? [c.note] : []));
  for (const cycle of backsub.cycles) {
    blocks.push(
      prose`The cycle ${tex(`{${cycle.names.join(', ')}}`, `\\{${cycle.names.map(latexSymbolName).join(', ')}\\}`)}: ${
        `its adjoint equations are coupled (the system below), with the seed and ` +
          `the contributions of the children outside the cycle (the implicit function theorem). ` +
          (cycle.unsolved
            ? cycle.eliminated
              ? 'Elimination without pivoting met an exact zero pivot, so no closed form is given; the numbers come from LU with pivoting.'
              : 'Its determinant is identically zero: I − ∂F/∂z is singular for every value of the variables, the implicit function theorem does not apply and the adjoints do not exist.'
            : cycle.eliminated
              ? 'Solved symbolically by Gaussian elimination (assuming nonzero symbolic pivots); the numbers come from LU with pivoting.'
              : "Solved symbolically by Cramer's rule; the numbers come from LU with pivoting.")
      }`,
      { kind: 'math', item: cycleMath(cycle) },
    );
    if (!cycle.unsolved) {
      blocks.push({
        kind: 'equations',
        rows: cycle.names.map((n) => {
          const closed = backsub.adjoints.get(n)!;
          return printable(a, closed)
            ? { lhs: lambda(n), relation: '=' as const, rhs: closed }
            : { lhs: lambda(n), relation: '=' as const, rhs: math('...', '\\ldots'), note: 'closed form too large to print' };
        }),
      });
    }
  }
  const grads = [...backsub.gradient].filter(([, g]) => printable(a, g)).map(([x, g]) => ({
    lhs: math(`d${program.output}/d${x}`, `\\frac{d ${toLatex(sym(program.output))}}{d ${toLatex(sym(x))}}`),
    relation: '=' as const,
    rhs: g,
  }));
  if (grads.length > 0) blocks.push(text('The gradient, in terms of the variables:'), { kind: 'equations', rows: clip(grads, 'components').rows });
  if (a.inlinedGradient) {
    blocks.push(text('And with every variable replaced by its definition, in terms of the inputs alone:'), {
      kind: 'equations',
      rows: [...a.inlinedGradient].map(([x, g]) => ({
        lhs: math(`d${program.output}/d${x}`, `\\frac{d ${toLatex(sym(program.output))}}{d ${toLatex(sym(x))}}`),
        relation: '=' as const,
        rhs: g,
      })),
    });
  }
  return { title: 'Back-substitution', blocks };
}

/** Step 7: the values of both passes at the point and the central-difference check (none without a point). */
function valuesStep({ a, program, clip, cyclicNames }: StepContext): Step | undefined {
  if (a.status !== 'ok') return { title: 'Values', blocks: [text(`No values: ${a.message ?? a.status}.`)] };
  if (!a.values || !program.at) return undefined;
  const v = a.values;
  const at = tex(
    program.inputs.map((x) => `${x} = ${formatTableNumber(program.at![x]!)}`).join(', '),
    program.inputs.map((x) => `${latexSymbolName(x)} = ${formatTableNumber(program.at![x]!)}`).join(',\\; '),
  );
  const rows = a.compiled.variables.map((name) => [
    math(name, toLatex(sym(name))),
    formatTableNumber(v.variables.get(name)!),
    math(multiplierName(name), multiplierLatex(name)),
    formatTableNumber(v.multipliers.get(name)!),
  ]);
  const c = clip(rows, 'rows');
  const blocks: Block[] = [
    prose`At ${at}, the compiled forward pass and the compiled backward pass (one shared state vector) give:`,
    { kind: 'table', header: ['variable', 'value', 'multiplier', 'value'], rows: c.rows },
    ...(c.note ? [c.note] : []),
  ];
  if (a.check) {
    blocks.push(
      text(
        `Check: central differences of the forward pass${cyclicNames.size > 0 ? ' (re-solving every cycle)' : ''} against the ` +
          `adjoint gradient: ${a.check.ok ? 'passed' : 'FAILED'} (largest relative error ${a.check.maxRelError.toExponential(2)}).`,
      ),
      {
        kind: 'table',
        header: ['input', 'adjoint', 'central difference', 'relative error'],
        rows: clip(
          a.check.components.map((cmp) => [math(cmp.wrt, toLatex(sym(cmp.wrt))), formatTableNumber(cmp.symbolic), formatTableNumber(cmp.numeric), cmp.relError.toExponential(2)]),
          'inputs',
        ).rows,
      },
    );
  }
  return { title: `Values at ${at.text}`, heading: ['Values at ', at], blocks };
}
