/**
 * The JSON document of `lagrangian maxent --json` (INTERFACE.md): `status`, `density`
 * {text, latex}, `multipliers`, `conditions`, `family`, plus added fields (`exact`,
 * `method`, `family_parameters`, `integrals`, `checks`, `probabilities`, `message`,
 * `convention`, `notes`). Fields are only ever added.
 */
import { toLatex, toText } from '../expr/index.js';
import { functionalLatex } from '../diff/index.js';
import { constraintPrinted } from './notation.js';
import type { MaxentResult } from './result.js';

/** The sign convention of the Lagrangian, as stated in the output. */
export const MAXENT_CONVENTION =
  'L[p] = H[p] + lambda_0*(integral of p - 1) + sum_k lambda_k*(integral of f_k*p - m_k), H[p] = -integral of p*log(p); stationarity gives p = exp(lambda_0 - 1 + sum_k lambda_k*f_k)';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const finite = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);

/** The JSON document of a result. */
export function maxentJson(result: MaxentResult): { [key: string]: Json } {
  const { problem, lagrangian: lag } = result;
  const fn = problem.fn;
  const conditions: Json[] = [
    { kind: 'stationarity', text: `${toText(lag.stationarity)} = 0`, latex: `${functionalLatex(lag.stationarity, fn)} = 0` },
    { kind: 'normalization', ...constraintPrinted(problem, 0) },
    ...problem.moments.map((_, i) => ({ kind: 'moment', ...constraintPrinted(problem, i + 1) })),
    ...result.conditions.map((c) => ({ kind: 'validity', text: `${toText(c.expr)} > 0`, latex: `${toLatex(c.expr)} > 0`, reason: c.reason })),
  ];
  const multipliers: { [key: string]: Json } = {};
  if (result.multipliers.length > 0) {
    for (const m of result.multipliers) {
      multipliers[m.name] = {
        text: m.value.text,
        latex: m.value.latex,
        ...(finite(m.numeric) ? { value: m.numeric } : {}),
        constraint: { text: m.constraint.text, latex: m.constraint.latex },
      };
    }
  } else {
    // No values: name each multiplier's constraint, as `solve` does.
    for (let k = 0; k <= problem.moments.length; k++) multipliers[`lambda_${k}`] = { constraint: { ...constraintPrinted(problem, k) } };
  }
  const out: { [key: string]: Json } = {
    status: result.status,
    ...(result.message ? { message: result.message } : {}),
    ...(result.family ? { family: result.family } : {}),
    exact: result.exact,
    ...(result.method ? { method: result.method } : {}),
    ...(result.densityPrinted ? { density: { text: result.densityPrinted.text, latex: result.densityPrinted.latex } } : {}),
    multipliers,
    conditions,
    convention: MAXENT_CONVENTION,
  };
  if (result.familyParameters.length > 0) {
    out['family_parameters'] = Object.fromEntries(
      result.familyParameters.map((f) => [f.name, { text: f.value.text, latex: f.value.latex, ...(finite(f.numeric) ? { value: f.numeric } : {}) }]),
    );
  }
  if (result.rules.length > 0) out['integrals'] = result.rules.map((r) => ({ id: r.id, title: r.title, text: r.text, latex: r.latex }));
  if (result.checks.length > 0) {
    out['checks'] = result.checks.map((c) => ({ f: c.f, target: c.target, reached: c.reached, error: c.error, at: { ...c.at } }));
  }
  if (result.probabilities && result.probabilities.length > 0) out['probabilities'] = result.probabilities.map((q) => ({ value: q.value, p: q.p, ...(q.exact ? { text: toText(q.exact), latex: toLatex(q.exact) } : {}) }));
  if (result.numeric) {
    out['numeric'] = {
      iterations: result.numeric.iterations,
      residual: result.numeric.residual,
      log_z: result.numeric.logZ,
      parameter_values: { ...result.numeric.parameterValues },
      ...(result.numeric.closedFormLogZ
        ? { closed_form_log_z: { rule: result.numeric.closedFormLogZ.rule, value: result.numeric.closedFormLogZ.value, quadrature: result.numeric.closedFormLogZ.quadrature } }
        : {}),
    };
  }
  if (result.exactRoot) {
    out['exact_root'] = { polynomial: { text: `${toText(result.exactRoot.polynomial)} = 0`, latex: `${toLatex(result.exactRoot.polynomial)} = 0` }, t: { text: toText(result.exactRoot.t), latex: toLatex(result.exactRoot.t) }, step: toText(result.exactRoot.step) };
  }
  if (result.notes.length > 0) out['notes'] = [...result.notes];
  return out;
}
