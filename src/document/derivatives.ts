/**
 * The document of `diff`: the function, its gradient, its Hessian and their values at a
 * point, from the forms already printed. One owner, so `lagrangian diff --html` and the
 * playground's diff show the same page.
 */
import { sym, toLatex } from '../expr/index.js';
import type { Derivation, MathText, Step } from './model.js';

/** Printed mathematics with its value at the point, when there is one (null: not finite). */
export type ValuedMathText = MathText & { readonly value?: number | null };

/** The name of a second derivative in text: `d2f/dx^2`, `d2f/dx dy`. */
export function secondDerivativeName(x: string, y: string): string {
  return x === y ? `d2f/d${x}^2` : `d2f/d${x} d${y}`;
}

/**
 * The derivatives as a document: the function, the gradient (each derivative by its
 * variable in `wrt`), the upper triangle of the Hessian when given (rows and columns in
 * the order of `wrt`), and, when `at` names the point, a table of the values.
 */
export function diffDocument(
  fn: ValuedMathText,
  wrt: readonly string[],
  derivatives: Readonly<Record<string, ValuedMathText>>,
  hessian: readonly (readonly ValuedMathText[])[] | undefined,
  at: string | undefined,
): Derivation {
  const symbolLatex = (name: string): string => toLatex(sym(name));
  const d = (x: string): MathText => ({ text: `df/d${x}`, latex: `\\frac{\\partial f}{\\partial ${symbolLatex(x)}}` });
  const steps: Step[] = [
    { title: 'Function', blocks: [{ kind: 'equations', rows: [{ lhs: { text: 'f', latex: 'f' }, relation: '=', rhs: fn }] }] },
    {
      title: wrt.length === 1 ? 'Derivative' : 'Gradient',
      blocks: [{ kind: 'equations', rows: wrt.map((x) => ({ lhs: d(x), relation: '=' as const, rhs: derivatives[x]! })) }],
    },
  ];
  if (hessian) {
    const rows = wrt.flatMap((x, i) =>
      wrt.slice(i).map((y, k) => ({
        lhs: { text: secondDerivativeName(x, y), latex: x === y ? `\\frac{\\partial^2 f}{\\partial ${symbolLatex(x)}^2}` : `\\frac{\\partial^2 f}{\\partial ${symbolLatex(x)}\\,\\partial ${symbolLatex(y)}}` },
        relation: '=' as const,
        rhs: hessian[i]![i + k]!,
      })),
    );
    steps.push({ title: 'Hessian', blocks: [{ kind: 'equations', rows }] });
  }
  if (at !== undefined) {
    const value = (m: { value?: number | null }): string => (m.value === undefined || m.value === null ? 'not finite' : String(m.value));
    const rows: string[][] = [['f', value(fn)], ...wrt.map((x) => [`df/d${x}`, value(derivatives[x]!)])];
    steps.push({ title: `Values at ${at}`, blocks: [{ kind: 'table', header: ['quantity', 'value'], rows }] });
  }
  return { title: `Derivatives of f with respect to ${wrt.length <= 4 ? wrt.join(', ') : `${wrt.length} variables`}`, steps };
}
