/**
 * Text and LaTeX of the pieces of an adjoint derivation that are not single expressions:
 * the Lagrangian in program order, ∂L/∂v labels, and the matrix equation of a cycle.
 * Every text here parses back with the program's parser (`parseInProgram`) to the
 * mathematics it shows.
 */
import { latexSymbolName, sym, toLatex, toText, type Expr } from '../expr/index.js';
import type { MathText } from '../document/index.js';
import type { CycleSystem } from './backsub.js';
import { multiplierName, type AdjointProgram } from './program.js';

/** A piece of prepared mathematics. */
export function math(text: string, latex: string): MathText {
  return { text, latex };
}

/** LaTeX of the multiplier of a variable, exactly as the expression printer prints the symbol `lambda_<variable>`. */
export function multiplierLatex(variable: string): string {
  return toLatex(sym(multiplierName(variable)));
}

/** ∂L/∂v, for a variable, an input or a multiplier name. */
export function partialOfL(name: string, latexName = latexSymbolName(name)): MathText {
  return math(`dL/d${name}`, `\\frac{\\partial \\mathcal{L}}{\\partial ${latexName}}`);
}

function wrapText(e: Expr): string {
  const t = toText(e);
  return e.kind === 'add' || t.startsWith('-') ? `(${t})` : t;
}

function wrapLatex(e: Expr): string {
  const t = toLatex(e);
  return e.kind === 'add' || t.startsWith('-') ? `\\left(${t}\\right)` : t;
}

/** The constraint z_i − f_i of one assignment, as text and LaTeX. */
export function constraintMath(name: string, rhs: Expr): MathText {
  return math(`${name} - ${wrapText(rhs)}`, `${latexSymbolName(name)} - ${wrapLatex(rhs)}`);
}

/**
 * L = z_out − Σ λ_i (z_i − f_i), terms in program order (the canonical expression
 * orders its terms differently; this is the form a reader expects).
 */
export function lagrangianMath(program: AdjointProgram): MathText {
  const text = [program.output];
  const latex = [latexSymbolName(program.output)];
  for (const a of program.assignments) {
    const c = constraintMath(a.name, a.rhs);
    text.push(`${multiplierName(a.name)}*(${c.text})`);
    latex.push(`${multiplierLatex(a.name)}\\left(${c.latex}\\right)`);
  }
  return math(text.join(' - '), latex.join(' - '));
}

/**
 * The Lagrangian for display: `L = ...` with the constraint terms in program order, two
 * per line in an aligned LaTeX block, and only the first `maxTerms` of them (then an
 * ellipsis) so that a large program's page stays readable.
 */
export function lagrangianDisplay(program: AdjointProgram, maxTerms: number): MathText {
  const terms = program.assignments.map((a) => {
    const c = constraintMath(a.name, a.rhs);
    return { text: `${multiplierName(a.name)}*(${c.text})`, latex: `${multiplierLatex(a.name)}\\left(${c.latex}\\right)` };
  });
  const shown = terms.slice(0, maxTerms);
  const more = terms.length > shown.length;
  const text = `L = ${[program.output, ...shown.map((t) => t.text)].join(' - ')}${more ? ' - ...' : ''}`;
  const lines: string[] = [];
  for (let i = 0; i < shown.length; i += 2) lines.push(`&- ${shown.slice(i, i + 2).map((t) => t.latex).join(' - ')}`);
  if (more) lines.push('&- \\ldots');
  const latex = `\\begin{aligned} \\mathcal{L} = {}& ${latexSymbolName(program.output)} \\\\ ${lines.join(' \\\\ ')} \\end{aligned}`;
  return math(text, latex);
}

/** An expression as MathText, followed by `= 0`. */
export function equalsZero(e: Expr): MathText {
  return math(`${toText(e)} = 0`, `${toLatex(e)} = 0`);
}

/** `a = b` where both sides differ; just `b` otherwise. */
export function chain(first: Expr, second: Expr): MathText {
  if (first === second) return math(toText(first), toLatex(first));
  return math(`${toText(first)} = ${toText(second)}`, `${toLatex(first)} = ${toLatex(second)}`);
}

/** The matrix equation (I − ∂F/∂z)ᵀ λ_S = b of a cycle. */
export function cycleMath(cycle: CycleSystem): MathText {
  const rows = cycle.matrix.map((row) => row.map(toLatex).join(' & ')).join(' \\\\ ');
  const lambdas = cycle.names.map(multiplierLatex).join(' \\\\ ');
  const rhs = cycle.rhs.map(toLatex).join(' \\\\ ');
  const latex = `\\begin{pmatrix} ${rows} \\end{pmatrix} \\begin{pmatrix} ${lambdas} \\end{pmatrix} = \\begin{pmatrix} ${rhs} \\end{pmatrix}`;
  const text =
    `[${cycle.matrix.map((row) => `[${row.map(toText).join(', ')}]`).join(', ')}] * ` +
    `[${cycle.names.map(multiplierName).join(', ')}] = [${cycle.rhs.map(toText).join(', ')}]`;
  return math(text, latex);
}

/** The residual system of a cycle, r(z) = z − F(z) = 0, with its Jacobian I − ∂F/∂z. */
export function jacobianMath(names: readonly string[], jacobian: readonly (readonly Expr[])[]): MathText {
  const rows = jacobian.map((row) => row.map(toLatex).join(' & ')).join(' \\\\ ');
  const latex = `I - \\frac{\\partial F}{\\partial z} = \\begin{pmatrix} ${rows} \\end{pmatrix}`;
  const text = `I - dF/d(${names.join(', ')}) = [${jacobian.map((row) => `[${row.map(toText).join(', ')}]`).join(', ')}]`;
  return math(text, latex);
}

/** A number for tables: 12 significant digits, exact integers as they are. */
export function formatTableNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  return Number(v.toPrecision(12)).toString();
}
