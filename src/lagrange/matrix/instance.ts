/**
 * Numeric instances of a matrix problem (`dimensions` and `parameter_values`): every
 * closed form evaluated, substituted back into the matrix KKT conditions, and checked
 * against the scalarised problem (the scalariser's entries evaluated at the same point).
 * Where there is no closed form (eigenproblems, `w >= 0`), the instance is solved
 * numerically: the symmetric eigenproblem, or a convex quadratic programme by
 * enumerating active sets. Independently, the scalarised instance is solved without the
 * matrix path: exactly by the scalar `solve` path (two entries or fewer) or by the
 * interior-point method with multistart (up to 36 entries), and the optima compared.
 */
import { evaluateAll } from '../../compile/index.js';
import { neg, num, substitute, sym, toText, type Expr } from '../../expr/index.js';
import { evaluateMatrix, fromDense, resolveShape, toDense, type Dense, type Instance, type MatrixValue } from '../../compile/matrix/index.js';
import { isScalarShape, scalarise, variableGrid, type MExpr, type MVar } from '../../expr/matrix/index.js';
import { luSolve, symmetricEigen, SingularMatrixError } from '../../numeric/index.js';
import { solveNlp } from '../../numeric/nlp/index.js';
import type { MatrixProblem } from './declarations.js';
import { linearParts } from './linear.js';
import { parseProblem, type ProblemFile } from '../problem.js';
import { solveProblem } from '../solve-problem.js';
import type { MatrixSolveResult } from './solve.js';

/** The check of one instance (INTERFACE.md's `instance_check`). */
export interface InstanceCheck {
  readonly dimensions: Readonly<Record<string, number>>;
  /** Values of the solution's closed forms (or of the numeric solve), per name. */
  readonly values: Readonly<Record<string, MatrixValue>>;
  /** max |∇L| at the point, in matrix form. */
  readonly stationarity_residual: number;
  /** max violation of the constraints. */
  readonly primal_residual: number;
  /** Inequality multipliers nonnegative. */
  readonly dual_feasible: boolean;
  /** The objective in matrix form and from the scalarised problem, at the point. */
  readonly objective: number;
  readonly objective_scalarised?: number;
  /** How the point was obtained: the closed form, or a numeric solve (no closed form). */
  readonly method: 'closed_form' | 'eigen' | 'active_set' | 'numeric_nlp';
  /**
   * The scalarised instance solved independently of the matrix path: by the exact scalar
   * `solve` path (`path: "scalar_exact"`, variables of at most SCALAR_SOLVE_MAX_ENTRIES
   * entries), else by the interior-point method with multistart (`path: "numeric_nlp"`,
   * at most NLP_CHECK_MAX_ENTRIES entries): its status, optimal value, and agreement.
   */
  readonly scalar_solve?: { readonly path: 'scalar_exact' | 'numeric_nlp'; readonly status: string; readonly objective?: number; readonly agrees: boolean; readonly starts?: number; readonly iterations?: number };
  readonly passed: boolean;
}

const TOL = 1e-7;

function maxAbs(d: Dense): number {
  let m = 0;
  for (const v of d.data) m = Math.max(m, Math.abs(v));
  return m;
}

/** The instance of the problem's parameters, or undefined when it gives no numbers. */
export function problemInstance(p: MatrixProblem): Instance | undefined {
  if (!p.dimensions || !p.parameterValues) return undefined;
  return { dims: p.dimensions, values: p.parameterValues };
}

/** Evaluates the first solution (or solves numerically) on the problem's instance and checks it. */
export function checkInstance(result: MatrixSolveResult): InstanceCheck | undefined {
  const p = result.problem;
  const inst = problemInstance(p);
  if (!inst) return undefined;
  const x = p.variables[0]! as MVar;
  const values: Record<string, MatrixValue | Dense> = { ...inst.values };
  const sol = result.solutions[0];
  let method: InstanceCheck['method'] = 'closed_form';
  if (sol && !sol.characterisation && sol.point.size > 0) {
    for (const [name, e] of [...sol.point, ...sol.multipliers]) {
      const d = evaluateMatrix(e, inst);
      values[name] = isScalarShape(e.shape) ? d.data[0]! : d;
    }
  } else if (sol?.characterisation) {
    method = 'eigen';
    const A = evaluateMatrix(linearParts(sol.characterisation.lhs, x)!.coef!, inst);
    const n = A.rows;
    const rows = Array.from({ length: n }, (_, i) => Array.from(A.data.subarray(i * n, (i + 1) * n)));
    const { values: ev, vectors } = symmetricEigen(rows);
    let k = 0;
    for (let i = 1; i < ev.length; i++) if (p.sense === 'maximize' ? ev[i]! > ev[k]! : ev[i]! < ev[k]!) k = i;
    const v = vectors.length === n && vectors[0]!.length === n ? columnOf(vectors, k, n) : [];
    values[x.name] = toDense(x.name, v, n, 1);
    values[p.constraints[0]!.multiplierName] = ev[k]!;
  } else if (result.quadratic) {
    method = 'active_set';
    const solved = solveQuadraticInstance(p, x, result.quadratic.M, result.quadratic.r, inst);
    if (!solved) return undefined;
    Object.assign(values, solved);
  } else if (result.numericInstances === 'nlp') {
    method = 'numeric_nlp';
    const solved = solveInstanceByNlp(p, inst);
    if (!solved) return undefined;
    Object.assign(values, solved);
  } else return undefined;
  const at: Instance = { dims: inst.dims, values };
  const G = evaluateMatrix(result.stationarity, at);
  let primal = 0;
  let dual = true;
  for (const c of p.constraints) {
    const h = evaluateMatrix(c.expr, at);
    for (const v of h.data) primal = Math.max(primal, c.kind === 'equality' ? Math.abs(v) : Math.max(v, 0));
    if (c.kind === 'inequality') {
      const m = evaluateMatrix(c.multiplier, at);
      for (const v of m.data) if (v < -TOL) dual = false;
    }
  }
  const objective = evaluateMatrix(p.objective, at).data[0]!;
  const objectiveScalarised = scalarisedObjective(p, at);
  const out: Record<string, MatrixValue> = {};
  for (const [k, v] of Object.entries(values)) if (!(k in inst.values)) out[k] = isDense(v) ? fromDense(v) : v;
  const scale = 1 + Math.abs(objective);
  const scalarSolve = solveScalarised(p, at, objective, method !== 'numeric_nlp');
  const passed = (scalarSolve === undefined || scalarSolve.agrees) && maxAbs(G) <= TOL * scale * 10 && primal <= TOL * scale && dual && (objectiveScalarised === undefined || Math.abs(objectiveScalarised - objective) <= TOL * scale);
  return { dimensions: inst.dims, values: out, stationarity_residual: maxAbs(G), primal_residual: primal, dual_feasible: dual, objective, ...(objectiveScalarised !== undefined ? { objective_scalarised: objectiveScalarised } : {}), method, ...(scalarSolve ? { scalar_solve: scalarSolve } : {}), passed };
}

/** Largest variable (in entries) whose scalarised instance goes through the scalar solve path. */
export const SCALAR_SOLVE_MAX_ENTRIES = 2; // exact solves of 3×3 eigenproblems with full-precision doubles take seconds

/** Largest variable (in entries) whose scalarised instance is solved by the NLP path (a 6×1 vector, or a 6×6 matrix). */
export const NLP_CHECK_MAX_ENTRIES = 36;
/** The NLP path's budget: seeded random starts besides x = 0, and iterations per start (work, not seconds). */
const NLP_CHECK_STARTS = 8;
const NLP_CHECK_ITERATIONS = 500;

function solveScalarised(p: MatrixProblem, at: Instance, objective: number, nlp: boolean): InstanceCheck['scalar_solve'] {
  const x = p.variables[0]!;
  const [n, m] = resolveShape(x.shape, at.dims);
  const params: Instance = { dims: at.dims, values: Object.fromEntries(Object.entries(at.values).filter(([k]) => p.parameters.includes(k))) };
  if (n * m <= SCALAR_SOLVE_MAX_ENTRIES) {
    const r = solveProblem(parseProblem(scalarisedProblemFile(p, params) as unknown as ProblemFile));
    const best = r.optimum.length ? r.points[r.optimum[0]!]?.objectiveValue : undefined;
    const agrees = best !== undefined && Math.abs(best - objective) <= 1e-8 * (1 + Math.abs(best));
    return { path: 'scalar_exact', status: r.status, ...(best !== undefined ? { objective: best } : {}), agrees };
  }
  if (n * m > NLP_CHECK_MAX_ENTRIES || !nlp) return undefined;
  // the scalarised instance by the interior-point method: an optimum of the scalar problem,
  // found without the matrix path's closed forms (a maximisation as the minimum of -f)
  const { r, sign } = nlpSolve(p, params);
  const best = r.best ? sign * r.best.objective : undefined;
  const agrees = best !== undefined && Math.abs(best - objective) <= 1e-6 * (1 + Math.abs(best));
  return { path: 'numeric_nlp', status: r.best ? 'optimal' : r.allInfeasible ? 'infeasible' : 'no_optimum_found', ...(best !== undefined ? { objective: best } : {}), agrees, starts: r.starts, iterations: r.iterations };
}

/** The scalarised instance by the interior-point method with multistart (a maximisation as the minimum of -f). */
function nlpSolve(p: MatrixProblem, params: Instance): { r: ReturnType<typeof solveNlp>; sign: number; s: ReturnType<typeof scalarisedInstance> } {
  const s = scalarisedInstance(p, params);
  const sign = p.sense === 'minimize' ? 1 : -1;
  const r = solveNlp(
    { variables: s.variables, objective: sign === 1 ? s.objective : neg(s.objective), equalities: s.equalities, inequalities: s.inequalities },
    { randomStarts: NLP_CHECK_STARTS, maxIterations: NLP_CHECK_ITERATIONS, seed: 1 },
  );
  return { r, sign, s };
}

/**
 * A problem without a closed form (a matrix variable) on an instance: the NLP path's best
 * point, and its multipliers in the contract's convention (minimising -f for a
 * maximisation makes the NLP's multipliers those of L = f - λ'h - μ'g), in each
 * constraint's shape. Undefined when the search finds no feasible optimum or the variable
 * is too large.
 */
function solveInstanceByNlp(p: MatrixProblem, inst: Instance): Record<string, Dense | number> | undefined {
  const x = p.variables[0]! as MVar;
  const [n, m] = resolveShape(x.shape, inst.dims);
  if (n * m > NLP_CHECK_MAX_ENTRIES) return undefined;
  const { r, s } = nlpSolve(p, inst);
  if (!r.best) return undefined;
  const byName = new Map(s.variables.map((v, i) => [v, r.best!.x[i]!]));
  const out: Record<string, Dense | number> = { [x.name]: { rows: n, cols: m, data: Float64Array.from(s.grid.map((name) => (name === undefined ? 0 : byName.get(name)!))) } };
  let eq = 0;
  let ineq = 0;
  for (const c of p.constraints) {
    const [rows, cols] = resolveShape(c.expr.shape, inst.dims);
    const count = rows * cols;
    const source = c.kind === 'equality' ? r.best.lambda.slice(eq, (eq += count)) : r.best.mu.slice(ineq, (ineq += count));
    out[c.multiplierName] = count === 1 ? source[0]! : { rows, cols, data: Float64Array.from(source) };
  }
  return out;
}

function isDense(v: MatrixValue | Dense): v is Dense {
  return typeof v === 'object' && v !== null && 'data' in v;
}

function columnOf(vectors: number[][], k: number, n: number): number[] {
  // symmetricEigen returns the eigenvectors as the columns of `vectors`
  return Array.from({ length: n }, (_, i) => vectors[i]![k]!);
}

/** The objective through the scalariser, every entry symbol bound to its number. */
function scalarisedObjective(p: MatrixProblem, at: Instance): number | undefined {
  let grid;
  try {
    grid = scalarise(p.objective, at.dims);
  } catch {
    return undefined; // too large to scalarise: the matrix form alone
  }
  const env: Record<string, number> = {};
  for (const [name, decl] of p.declarations.symbols) {
    const v = at.values[name];
    if (v === undefined) continue;
    if (isScalarShape(decl.shape)) {
      env[name] = typeof v === 'number' ? v : (v as Dense).data[0]!;
      continue;
    }
    const [r, c] = resolveShape(decl.shape, at.dims);
    const dense = isDense(v) ? v : toDense(name, v, r, c);
    const grid2 = variableGrid({ kind: 'var', name, shape: decl.shape, props: decl.props } as unknown as MVar, r, c);
    grid2.entries.forEach((e, i) => {
      if (e.kind === 'sym') env[e.name] = dense.data[i]!;
    });
  }
  for (const [k, v] of Object.entries(at.dims)) env[k] = v;
  return evaluateAll([grid.entries[0]!], env)[0];
}

/**
 * A convex quadratic programme on an instance: stationarity `M*x + r(multipliers) = 0`
 * with linear constraints, solved by enumerating which inequality entries are active
 * (at most 2^12 sets), each an equality-constrained KKT system solved by LU.
 */
function solveQuadraticInstance(p: MatrixProblem, x: MVar, M: MExpr, r: MExpr | null, inst: Instance): Record<string, Dense | number> | undefined {
  const [n] = resolveShape(x.shape, inst.dims);
  const Mn = evaluateMatrix(M, inst);
  // the objective's linear part: r with every multiplier at zero
  const zeroMult: Record<string, MatrixValue | Dense> = { ...inst.values };
  const rows: { a: number[]; b: number; eq: boolean; owner: number; entry: number }[] = [];
  p.constraints.forEach((c, ci) => {
    const lp = linearParts(c.expr, x)!;
    const [m] = resolveShape(c.expr.shape, inst.dims);
    const C = lp.coef ? evaluateMatrix(lp.coef, inst) : { rows: m, cols: n, data: new Float64Array(m * n) };
    const d = lp.rest ? evaluateMatrix(lp.rest, inst) : { rows: m, cols: 1, data: new Float64Array(m) };
    for (let i = 0; i < m; i++) rows.push({ a: Array.from(C.data.subarray(i * n, (i + 1) * n)), b: -d.data[i]!, eq: c.kind === 'equality', owner: ci, entry: i });
    zeroMult[c.multiplierName] = m === 1 ? 0 : toDense(c.multiplierName, Array(m).fill(0), m, 1);
  });
  const q = r ? evaluateMatrix(r, { dims: inst.dims, values: zeroMult }).data : new Float64Array(n);
  const ineq = rows.map((row, i) => (row.eq ? -1 : i)).filter((i) => i >= 0);
  if (ineq.length > 12) return undefined;
  const sign = p.sense === 'minimize' ? 1 : -1;
  for (let mask = 0; mask < 1 << ineq.length; mask++) {
    const active = rows.filter((row, i) => row.eq || ineq.some((k, b) => k === i && (mask >> b) & 1));
    const k = active.length;
    const size = n + k;
    const K = new Float64Array(size * size);
    const rhs = new Float64Array(size);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) K[i * size + j] = Mn.data[i * n + j]!;
      rhs[i] = -q[i]!;
    }
    active.forEach((row, a) => {
      for (let j = 0; j < n; j++) {
        K[(n + a) * size + j] = row.a[j]!;
        K[j * size + n + a] = sign * row.a[j]!; // ∇(±ν'(Cx + d)) = ±C'ν
      }
      rhs[n + a] = row.b;
    });
    let z: Float64Array;
    try {
      z = luSolve(K, size, rhs);
    } catch (err) {
      if (err instanceof SingularMatrixError) continue;
      throw err;
    }
    const xv = z.subarray(0, n);
    const feasible = rows.every((row) => {
      const v = row.a.reduce((s, a, j) => s + a * xv[j]!, 0) - row.b;
      return row.eq ? Math.abs(v) <= 1e-9 : v <= 1e-9;
    });
    const dualOk = active.every((row, a) => row.eq || z[n + a]! >= -1e-9);
    if (!feasible || !dualOk) continue;
    const out: Record<string, Dense | number> = { [x.name]: { rows: n, cols: 1, data: Float64Array.from(xv) } };
    p.constraints.forEach((c, ci) => {
      const [m] = resolveShape(c.expr.shape, inst.dims);
      const data = new Float64Array(m);
      active.forEach((row, a) => {
        if (row.owner === ci) data[row.entry] = z[n + a]!;
      });
      out[c.multiplierName] = { rows: m, cols: 1, data };
      if (m === 1) out[c.multiplierName] = data[0]!;
    });
    return out;
  }
  return undefined;
}

/**
 * The scalarised instance as a scalar problem file (INTERFACE.md's scalar form): the
 * variable's entries as scalar variables `x_1, x_2, …`, every parameter entry replaced by
 * its number. For the existing scalar `solve` path, an independent check of the matrix
 * path on small instances.
 */
export function scalarisedProblemFile(p: MatrixProblem, inst: Instance): { variables: string[]; minimize?: string; maximize?: string; subject_to: string[] } {
  const s = scalarisedInstance(p, inst);
  const constraints = [...s.equalities.map((e) => `${toText(e)} = 0`), ...s.inequalities.map((e) => `${toText(e)} <= 0`)];
  return { variables: s.variables, [p.sense]: toText(s.objective), subject_to: constraints };
}

/**
 * The scalarised instance as scalar expressions: the variable's entries as scalar
 * variables `x_1, x_2, …`, every parameter entry replaced by its number; the
 * constraints as h = 0 and g <= 0 in INTERFACE.md's sign convention.
 */
function scalarisedInstance(p: MatrixProblem, inst: Instance): { variables: string[]; objective: Expr; equalities: Expr[]; inequalities: Expr[]; grid: (string | undefined)[] } {
  const x = p.variables[0]! as MVar;
  const [n, m] = resolveShape(x.shape, inst.dims);
  const subst: Record<string, Expr> = {};
  const names: string[] = [];
  // one scalar variable per distinct entry symbol (a symmetric X shares X_ij and X_ji;
  // a diagonal one has zeros off the diagonal): x_1, x_2, … for a vector, X_1_2 for a matrix
  const grid = variableGrid(x, n, m).entries.map((e, k) => {
    if (e.kind !== 'sym') return undefined;
    if (!(e.name in subst)) {
      const name = m === 1 ? `${x.name}_${k + 1}` : `${x.name}_${Math.floor(k / m) + 1}_${(k % m) + 1}`;
      names.push(name);
      subst[e.name] = sym(name);
    }
    return (subst[e.name] as { name: string }).name;
  });
  for (const [name, decl] of p.declarations.symbols) {
    const v = inst.values[name];
    if (v === undefined) continue;
    if (isScalarShape(decl.shape)) {
      subst[name] = exactNumber(typeof v === 'number' ? v : (v as Dense).data[0]!);
      continue;
    }
    const [r, c] = resolveShape(decl.shape, inst.dims);
    const dense = isDense(v) ? v : toDense(name, v, r, c);
    variableGrid({ kind: 'var', name, shape: decl.shape, props: decl.props } as unknown as MVar, r, c).entries.forEach((e, i) => {
      if (e.kind === 'sym') subst[e.name] = exactNumber(dense.data[i]!);
    });
  }
  const entries = (e: MExpr): Expr[] => scalarise(e, inst.dims).entries.map((s) => substitute(s, subst));
  return {
    variables: names,
    objective: entries(p.objective)[0]!,
    equalities: p.constraints.filter((c) => c.kind === 'equality').flatMap((c) => entries(c.expr)),
    inequalities: p.constraints.filter((c) => c.kind === 'inequality').flatMap((c) => entries(c.expr)),
    grid,
  };
}

function exactNumber(v: number): Expr {
  return num(v);
}
