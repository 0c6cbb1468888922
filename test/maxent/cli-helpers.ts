/** Helpers for the maxent CLI tests: every LaTeX string of a derivation document. */
import type { Derivation, MathItem } from '../../src/render/index.js';
import { mathLatex } from '../../src/render/index.js';
export { readMaxentProblem, solveMaxent, maxentDerivation } from '../../src/maxent/index.js';

/** The LaTeX of every mathematical item in a derivation (equation sides, display math, table cells). */
export function renderLatexOf(d: Derivation): string[] {
  const out: string[] = [];
  const add = (m: MathItem): void => {
    out.push(mathLatex(m));
  };
  for (const step of d.steps) {
    for (const b of step.blocks) {
      if (b.kind === 'math') add(b.item);
      if (b.kind === 'equations') for (const r of b.rows) (add(r.lhs), add(r.rhs));
      if (b.kind === 'table') for (const row of b.rows) for (const cell of row) if (typeof cell !== 'string' && !Array.isArray(cell)) add(cell as MathItem);
    }
  }
  return out.filter((t) => t !== '');
}
