/** Small helpers for demo checks: numeric comparisons with the numbers shown. */
import katex from 'katex';
import type { Check } from './types.js';

/** |got - expected| <= atol + rtol*|expected|, with the numbers in the detail. */
export function closeTo(what: string, got: number, expected: number, rtol = 1e-12, atol = 0): Check {
  const err = Math.abs(got - expected);
  const ok = Number.isFinite(got) && err <= atol + rtol * Math.abs(expected);
  const rel = expected === 0 ? err : err / Math.abs(expected);
  return { what, ok, detail: `got ${got}, expected ${expected}, rel. error ${rel.toExponential(1)}` };
}

/** A yes/no fact with its detail. */
export function fact(what: string, ok: boolean, detail?: string): Check {
  return detail === undefined ? { what, ok } : { what, ok, detail };
}

/** Renders LaTeX with KaTeX (throwOnError), as every LaTeX we print must render. */
export function rendersWithKatex(what: string, latex: string): Check {
  try {
    katex.renderToString(latex, { throwOnError: true, displayMode: true });
    return { what, ok: true };
  } catch (err) {
    return { what, ok: false, detail: (err as Error).message };
  }
}

/** The verdict of a list of checks. */
export function result(checks: readonly Check[], data?: Record<string, unknown>): { ok: boolean; checks: readonly Check[]; data?: Record<string, unknown> } {
  return data === undefined ? { ok: checks.every((c) => c.ok), checks } : { ok: checks.every((c) => c.ok), checks, data };
}
