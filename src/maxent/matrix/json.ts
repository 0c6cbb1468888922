/**
 * The JSON of `lagrangian maxent --json` for a vector variable (INTERFACE.md, maxent and
 * "Vectors and matrices"): `status`, `density` {text, latex}, `multipliers` (each with its
 * constraint and shape, `value` as nested lists on an instance), `conditions`, `family`
 * `normal`, plus `exact`, `method`, `family_parameters` (mean, covariance), `integrals`,
 * `declarations`, `assumed`, `notes`, `convention` and `instance_check`.
 */
import { mtoLatex, mtoText, type MExpr, type Shape } from '../../expr/matrix/index.js';
import { proseToText } from '../../document/index.js';
import type { InstanceFigure, MaxentInstanceCheck } from './instance.js';
import { exponentPrinted, matrixConstraintPrinted } from './document.js';
import type { MatrixMaxentResult } from './solve.js';

/** The convention of the matrix route, as stated in the output. */
export const MATRIX_MAXENT_CONVENTION =
  "L[p] = H[p] + lambda_0*(integral of p - 1) + lambda_1'*(integral of x*p - m) + tr(Lambda_2'*(integral of (x - c)*(x - c)'*p - S)), H[p] = -integral of p*log(p); stationarity gives p = exp(lambda_0 - 1 + lambda_1'*x + (x - c)'*Lambda_2*(x - c))";

const math = (e: MExpr): { text: string; latex: string } => ({ text: mtoText(e), latex: mtoLatex(e) });
const shapeJson = (s: Shape): (string | number)[] => (s.rows === 1 && s.cols === 1 ? [] : s.cols === 1 ? [s.rows] : [s.rows, s.cols]);

/** The JSON document of a matrix-route result. */
export function matrixMaxentJson(r: MatrixMaxentResult, check?: MaxentInstanceCheck, infeasible?: string): Record<string, unknown> {
  const p = r.problem;
  const status = infeasible ? 'infeasible' : r.status;
  const out: Record<string, unknown> = {
    status,
    ...(infeasible ? { message: infeasible } : r.message ? { message: r.message } : {}),
    ...(r.status === 'optimal' ? { family: 'normal' } : {}),
    exact: r.status === 'optimal',
    ...(r.status === 'optimal' ? { method: 'closed-form' } : {}),
    ...(r.density ? { density: math(r.density) } : {}),
  };
  const multipliers: Record<string, unknown> = {};
  for (const q of r.multipliers) {
    const c = matrixConstraintPrinted(r, q.constraint);
    const v = check?.values[q.name];
    multipliers[q.name] = { ...math(q.value), ...(v !== undefined ? { value: v } : {}), shape: shapeJson(q.symbol.shape), constraint: { text: c.text, latex: c.latex } };
  }
  out['multipliers'] = multipliers;
  const conditions: unknown[] = [];
  if (r.status === 'optimal') {
    const e = exponentPrinted(r);
    conditions.push({ kind: 'stationarity', text: `-log(${p.fnName}(${mtoText(p.variable)})) + ${e.text} = 0`, latex: `-\\log ${p.fnName}(${mtoLatex(p.variable)}) + ${e.latex} = 0` });
  }
  for (let k = 0; k <= p.moments.length; k++) {
    const c = matrixConstraintPrinted(r, k);
    conditions.push({ kind: k === 0 ? 'normalization' : 'moment', text: c.text, latex: c.latex });
  }
  for (const a of r.assumed) conditions.push({ kind: 'validity', text: `${mtoText(r.covariance!)} positive definite`, latex: `${mtoLatex(r.covariance!)} \\succ 0`, reason: a });
  out['conditions'] = conditions;
  out['convention'] = MATRIX_MAXENT_CONVENTION;
  if (r.status === 'optimal') {
    out['family_parameters'] = {
      mean: { ...math(r.mean!), ...(check ? { value: check.values['mean'] } : {}) },
      covariance: { ...math(r.covariance!), ...(check ? { value: check.values['covariance'] } : {}) },
    };
    out['integrals'] = r.rules.map((q) => ({ id: q.id, title: q.title, text: q.text, latex: q.latex }));
  }
  // the shapes of the multipliers, so that texts mentioning them parse back
  out['declarations'] = [
    ...p.declarationList.map((d) => ({ name: d.name, shape: d.shape ?? [], ...(d.properties?.length ? { properties: d.properties } : {}) })),
    ...r.multipliers.map((q) => ({ name: q.name, shape: shapeJson(q.symbol.shape), ...(q.name === 'Lambda_2' ? { properties: ['symmetric'] } : {}) })),
  ];
  if (r.assumed.length) out['assumed'] = r.assumed;
  if (r.notes.length) out['notes'] = r.notes.map(proseToText);
  if (check) out['instance_check'] = checkJson(check);
  return out;
}

/** The instance check as JSON: each figure's description as plain text (its typeset form is for pages). */
function checkJson(c: MaxentInstanceCheck): MaxentInstanceCheck {
  const plain = (fs: readonly InstanceFigure[]): InstanceFigure[] => fs.map(({ prose: _, ...f }) => f);
  return {
    ...c,
    identity: plain(c.identity),
    ...(c.quadrature ? { quadrature: plain(c.quadrature) } : {}),
    monte_carlo: plain(c.monte_carlo),
    ...(c.scalar_path ? { scalar_path: plain(c.scalar_path) } : {}),
  };
}
