/**
 * The JSON output of `solve` in matrix form (INTERFACE.md's solve section with the
 * "Vectors and matrices" additions): texts parse back under the problem's declarations,
 * LaTeX in bold matrix notation, `value` as nested lists when an instance is given.
 */
import { isScalarShape, mtoLatex, mtoText, mtranspose, mmul, mscalar, type MExpr } from '../../expr/matrix/index.js';
import type { MatrixValue } from '../../compile/matrix/index.js';
import { proseToText } from '../../document/index.js';
import { checkInstance, type InstanceCheck } from './instance.js';
import type { MatrixSolveResult } from './solve.js';

/** A piece of mathematics in the output. */
export interface MathJson {
  readonly text: string;
  readonly latex: string;
  readonly value?: MatrixValue;
}

function math(e: MExpr, value?: MatrixValue): MathJson {
  return { text: mtoText(e), latex: mtoLatex(e), ...(value !== undefined ? { value } : {}) };
}

function relationJson(lhs: MExpr, rel: string, rhs: MExpr): { text: string; latex: string } {
  const latexRel = rel === '<=' ? '\\le' : rel === '>=' ? '\\ge' : '=';
  return { text: `${mtoText(lhs)} ${rel} ${mtoText(rhs)}`, latex: `${mtoLatex(lhs)} ${latexRel} ${mtoLatex(rhs)}` };
}

/** The solve result as INTERFACE.md's JSON (plus `method`, `notes`, `instance_check`). */
export function matrixSolveJson(r: MatrixSolveResult, check: InstanceCheck | undefined = checkInstance(r)): Record<string, unknown> {
  const p = r.problem;
  const multipliers: Record<string, string> = {};
  for (const c of p.constraints) multipliers[c.multiplierName] = c.text;
  const conditions: { kind: string; text: string; latex: string }[] = [{ kind: 'stationarity', ...relationJson(r.stationarity, '=', mscalar(0)) }];
  for (const c of p.constraints) conditions.push({ kind: 'primal', ...relationJson(c.expr, c.kind === 'equality' ? '=' : '<=', mscalar(0)) });
  for (const c of p.constraints.filter((k) => k.kind === 'inequality')) {
    conditions.push({ kind: 'dual', ...relationJson(c.multiplier, '>=', mscalar(0)) });
    const comp = isScalarShape(c.expr.shape) ? mmul(c.multiplier, c.expr) : mmul(mtranspose(c.multiplier), c.expr);
    conditions.push({ kind: 'complementary', ...relationJson(comp, '=', mscalar(0)) });
  }
  const v = (name: string): MatrixValue | undefined => check?.values[name];
  const solutions = r.solutions.map((s) => ({
    point: Object.fromEntries([...s.point].map(([k, e]) => [k, math(e, v(k))])),
    multipliers: Object.fromEntries([...s.multipliers].map(([k, e]) => [k, math(e, v(k))])),
    ...(s.objective ? { objective: math(s.objective, s.point.size && check ? check.objective : undefined) } : {}),
    classification: s.classification,
    exact: s.exact,
    ...(s.characterisation ? { characterisation: relationJson(s.characterisation.lhs, '=', s.characterisation.rhs) } : {}),
    ...(s.conditions.length ? { conditions: s.conditions.map(proseToText) } : {}),
  }));
  if (r.solutions.length === 0 && check?.method === 'active_set') {
    // no closed form: the instance's numeric solution (convex quadratic programme, active sets)
    const names = [...p.variables.map((x) => mtoText(x)), ...p.constraints.map((c) => c.multiplierName)];
    solutions.push({
      point: Object.fromEntries(names.slice(0, p.variables.length).map((k) => [k, { value: check.values[k]! }])) as never,
      multipliers: Object.fromEntries(names.slice(p.variables.length).map((k) => [k, { value: check.values[k]! }])) as never,
      objective: { value: check.objective } as never,
      classification: p.sense === 'minimize' ? 'minimum' : 'maximum',
      exact: false,
    });
  }
  return {
    status: r.status,
    ...(r.reason ? { reason: r.reason } : {}),
    lagrangian: math(r.lagrangian),
    multipliers,
    // the shapes of vector multipliers, so that texts mentioning them parse back
    multiplier_declarations: p.constraints.filter((c) => !isScalarShape(c.expr.shape)).map((c) => ({ name: c.multiplierName, shape: c.expr.shape.cols === 1 ? [c.expr.shape.rows] : [c.expr.shape.rows, c.expr.shape.cols] })),
    conditions,
    solutions,
    optimum: r.optimum,
    method: r.method,
    notes: r.notes.map(proseToText),
    ...(check ? { instance_check: check } : {}),
  };
}
