/**
 * `solve` in matrix form: the Lagrangian under INTERFACE.md's sign convention (one
 * multiplier per constraint, of the constraint's shape), stationarity by the matrix
 * gradient, and closed forms for the classes where they exist:
 * (a) stationarity linear in x, no constraints: `x = -inv(M)*r`;
 * (b) one scalar constraint active and the multiplier in M (TRPO): x(mu) from
 *     stationarity, the active constraint becomes a scalar equation in mu solved by the
 *     scalar solver, the sign picked by dual feasibility;
 * (c) linear equality constraints on a quadratic (minimum norm, portfolio): the block
 *     KKT system, multipliers first, in closed form;
 * (d) `P*x = lambda*x` with `x'*x = 1` (Rayleigh): characterised, not solved.
 */
import { Assumptions, isNonnegative, isPositive, num, pow, splitCoefficient, type Expr } from '../../expr/index.js';
import { eye, isScalarShape, isZeroM, madd, minv, mmul, mneg, mscalar, msub, mtranspose, mtoText, hasProperty, splitScalarCoefficient, type MExpr, type MScalar } from '../../expr/matrix/index.js';
import { mgradient } from '../../diff/matrix/index.js';
import { inline, matrixMathText as m, proseToText, tex, type MathText, type Prose } from '../../document/index.js';
import { solveSystem } from '../../solve/index.js';
import type { MatrixProblem } from './declarations.js';
import { mentionsLeaf, linearParts, ScalarBridge } from './linear.js';
import { rebuildWith } from './rebuild.js';

/** A sentence of the derivation: words, or prose whose formulas are math items (pages typeset them; JSON flattens them with proseToText). */
export type MatrixNote = string | Prose;

/** A derivation row: `lhs relation rhs`, with a note. */
export interface MatrixRow {
  readonly lhs: MExpr | string;
  readonly relation: '=' | '<=' | '>=' | ':=';
  readonly rhs: MExpr | string;
  readonly note?: MatrixNote;
}

const REL: Readonly<Record<'=' | '≠' | '≥' | '>', string>> = { '=': '=', '≠': '\\ne', '≥': '\\ge', '>': '>' };

/** `a op b` as one formula (b a matrix expression or a number). */
function rel(a: MExpr, op: keyof typeof REL, b: MExpr | number): MathText {
  const B = typeof b === 'number' ? { text: String(b), latex: String(b) } : m(b);
  return tex(`${mtoText(a)} ${op} ${B.text}`, `${m(a).latex} ${REL[op]} ${B.latex}`);
}

/** Math items separated by commas, as prose parts. */
function listMath(items: readonly MathText[]): (string | MathText)[] {
  return items.flatMap((x, i) => (i === 0 ? [x] : [', ', x]));
}

/** One step of the derivation. */
export interface MatrixStep {
  readonly title: string;
  readonly text?: MatrixNote;
  readonly rows: MatrixRow[];
}

/** One solution in matrix form. */
export interface MatrixSolution {
  readonly point: ReadonlyMap<string, MExpr>;
  readonly multipliers: ReadonlyMap<string, MExpr>;
  readonly objective?: MExpr;
  readonly classification: 'minimum' | 'maximum' | 'saddle' | 'degenerate' | 'unknown';
  readonly exact: boolean;
  /** For characterised solutions: the equation they satisfy (`A*x = lambda_1*x`). */
  readonly characterisation?: { readonly lhs: MExpr; readonly rhs: MExpr };
  /** Conditions under which the closed form holds (invertibility). */
  readonly conditions: readonly MatrixNote[];
}

/** The result of the matrix solver. */
export interface MatrixSolveResult {
  readonly problem: MatrixProblem;
  readonly lagrangian: MExpr;
  /** The gradient of the Lagrangian in the (single) variable. */
  readonly stationarity: MExpr;
  readonly status: 'optimal' | 'no_optimum_found';
  readonly reason: string;
  readonly method: 'linear' | 'active-constraint' | 'kkt-block' | 'eigen' | 'no-closed-form';
  readonly solutions: readonly MatrixSolution[];
  /** Indices of global optima (proved), empty when not proved. */
  readonly optimum: readonly number[];
  readonly notes: readonly MatrixNote[];
  /** The derivation, step by step. */
  readonly steps: readonly MatrixStep[];
  /** No closed form, and numeric instances are solved by the NLP path on the scalarised instance (a matrix variable). */
  readonly numericInstances?: 'nlp';
  /** For the no-closed-form path: stationarity M*x + r with constraints C*x + d (numeric instances). */
  readonly quadratic?: { readonly M: MExpr; readonly r: MExpr | null };
}

/** The matrix-form Lagrangian: f ± Σ λ_i'*h_i ± Σ μ_j'*g_j (INTERFACE.md's signs). */
export function matrixLagrangian(p: MatrixProblem): MExpr {
  const terms: MExpr[] = [p.objective];
  for (const c of p.constraints) {
    const t = isScalarShape(c.expr.shape) ? mmul(c.multiplier, c.expr) : mmul(mtranspose(c.multiplier), c.expr);
    terms.push(p.sense === 'minimize' ? t : mneg(t));
  }
  return madd(...terms);
}

/** Is `e` provably positive semidefinite (sums of nonnegative multiples of PD/PSD matrices, eye, P'*P, P'*Q*P)? */
export function provablyPsd(e: MExpr, a: Assumptions): boolean {
  if (e.kind === 'eye') return true;
  if (e.kind === 'var') return hasProperty(e, 'positive_definite') || hasProperty(e, 'positive_semidefinite');
  if (e.kind === 'inv') return e.arg.kind === 'var' && hasProperty(e.arg, 'positive_definite');
  if (e.kind === 'add') return e.terms.every((t) => provablyPsd(t, a));
  if (e.kind !== 'mul') return false;
  if (!e.scalars.every((s) => s.kind === 'scalar' && isNonnegative(s.expr, a))) return false;
  const ch = e.chain;
  if (ch.length === 1) return provablyPsd(ch[0]!, a);
  if (ch.length >= 2 && mtranspose(ch[0]!) === ch[ch.length - 1]) return ch.length === 2 || provablyPsd(ch.length === 3 ? ch[1]! : mmul(...ch.slice(1, -1)), a);
  return false;
}

/** Is `e` provably positive definite (used for invertibility)? */
function provablyPd(e: MExpr, a: Assumptions): boolean {
  if (e.kind === 'eye') return true;
  if (e.kind === 'var') return hasProperty(e, 'positive_definite');
  if (e.kind === 'inv') return provablyPd(e.arg, a);
  if (e.kind === 'add') return e.terms.every((t) => provablyPsd(t, a)) && e.terms.some((t) => provablyPd(t, a));
  if (e.kind !== 'mul') return false;
  if (!e.scalars.every((s) => s.kind === 'scalar' && isPositive(s.expr, a))) return false;
  return e.chain.length === 1 && provablyPd(e.chain[0]!, a);
}

/** Solves a problem with one vector variable in matrix form. */
export function solveMatrixProblem(p: MatrixProblem): MatrixSolveResult {
  const assumptions = new Assumptions(p.assume);
  const L = matrixLagrangian(p);
  const shaped = p.variables.filter((v) => !isScalarShape(v.shape));
  const x = p.variables[0]!;
  const notes: MatrixNote[] = [];
  const base = { problem: p, lagrangian: L, notes };
  if (p.variables.length === 1 && shaped.length === 1 && x.shape.cols !== 1) {
    // a matrix variable: stationarity is a matrix equation (2*X + lambda_1*a' = 0) that the
    // linear solver here, written for M*x, does not solve; instances are solved numerically
    const G = mgradient(L, x);
    const reason = 'no closed form for a matrix variable: stationarity is a matrix equation the matrix path does not solve (numeric instances are solved by the NLP path, exact: false)';
    notes.push(`No closed form: ${reason}.`);
    const steps = [
      { title: 'Lagrangian', text: INTRO(p), rows: [{ lhs: 'L', relation: '=' as const, rhs: L }] },
      { title: 'Stationarity', text: `The gradient of L with respect to ${mtoText(x)} vanishes.`, rows: [{ lhs: G, relation: '=' as const, rhs: mscalar(0), note: `∇_${mtoText(x)} L` }] },
    ];
    return { ...base, stationarity: G, status: 'no_optimum_found', reason, method: 'no-closed-form', solutions: [], optimum: [], steps, numericInstances: 'nlp' };
  }
  if (p.variables.length !== 1 || shaped.length !== 1 || x.shape.cols !== 1) {
    const G = mgradient(L, x);
    return { ...base, stationarity: G, status: 'no_optimum_found', reason: 'the matrix path solves problems in one vector variable; give the others as parameters or scalarise the problem', method: 'no-closed-form', solutions: [], optimum: [], steps: [] };
  }
  const G = mgradient(L, x);
  const zeroCol = mscalar(0);
  const steps: MatrixStep[] = [
    { title: 'Lagrangian', text: INTRO(p), rows: [{ lhs: 'L', relation: '=', rhs: L }] },
    { title: 'Stationarity', text: inline`The gradient of ${L_MATH} with respect to ${m(x)} vanishes.`, rows: [{ lhs: G, relation: '=', rhs: zeroCol, note: [tex(`∇_${mtoText(x)} L`, `\\nabla_{${m(x).latex}} \\mathcal{L}`)] }] },
  ];
  const lin = linearParts(G, x);
  if (!lin || lin.coef === null) {
    notes.push('Stationarity is not linear in the variable; no closed form in matrix notation.');
    return { ...base, stationarity: G, status: 'no_optimum_found', reason: 'stationarity is not linear in the variable', method: 'no-closed-form', solutions: [], optimum: [], steps };
  }
  const M = lin.coef;
  const multNames = p.constraints.map((c) => c.multiplier);
  const inM = multNames.filter((m) => mentionsLeaf(M, m));
  const linearIneq = p.constraints.filter((c) => c.kind === 'inequality' && linearParts(c.expr, x)?.coef != null && !mentionsLeaf(linearParts(c.expr, x)!.coef!, x) && isLinear(c.expr, x));
  if (linearIneq.length > 0) {
    notes.push([`The constraint${linearIneq.length > 1 ? 's' : ''} `, ...listMath(linearIneq.map((c) => c.math)), ` make${linearIneq.length > 1 ? '' : 's'} the KKT system a complementarity problem: which entries are active depends on the data, so there is no closed form for every n. Numeric instances are solved by enumerating active sets (exact: false).`]);
    return { ...base, stationarity: G, status: 'no_optimum_found', reason: 'no closed form: inequality constraints on the entries (numeric instances only)', method: 'no-closed-form', solutions: [], optimum: [], steps, quadratic: { M, r: lin.rest } };
  }
  if (inM.length === 0) return solveLinearClass(p, x, G, M, lin.rest, assumptions, steps, notes);
  if (inM.length === 1 && p.constraints.length === 1) {
    const c = p.constraints[0]!;
    if (lin.rest === null || isZeroM(lin.rest)) return characteriseEigen(p, x, G, M, c.multiplier, assumptions, steps, notes);
    return solveActiveConstraint(p, x, G, M, lin.rest, assumptions, steps, notes);
  }
  notes.push('The multipliers enter the Hessian of the Lagrangian in a way the matrix path does not solve in closed form.');
  return { ...base, stationarity: G, status: 'no_optimum_found', reason: 'no closed form in matrix notation for this stationarity system', method: 'no-closed-form', solutions: [], optimum: [], steps };
}

function isLinear(e: MExpr, x: MExpr): boolean {
  const p = linearParts(e, x);
  return p !== undefined && (p.coef === null || !mentionsLeaf(p.coef, x));
}

const L_MATH = tex('L', '\\mathcal{L}');
const MU_NONNEG = tex('μ_j ≥ 0', '\\mu_j \\ge 0');
const INTRO = (p: MatrixProblem): Prose =>
  p.sense === 'minimize'
    ? inline`${tex('L = f + Σ λ_i′ h_i + Σ μ_j′ g_j', '\\mathcal{L} = f + \\sum_i \\lambda_i^{\\top} h_i + \\sum_j \\mu_j^{\\top} g_j')}, one multiplier per constraint, of the constraint’s shape (${MU_NONNEG}).`
    : inline`Maximisation: ${tex('L = f − Σ λ_i′ h_i − Σ μ_j′ g_j', '\\mathcal{L} = f - \\sum_i \\lambda_i^{\\top} h_i - \\sum_j \\mu_j^{\\top} g_j')}, one multiplier per constraint, of the constraint’s shape (${MU_NONNEG}).`;

/** Classes (a) and (c): M free of multipliers; linear equality constraints solved by the block KKT system. */
function solveLinearClass(p: MatrixProblem, x: MExpr, G: MExpr, M: MExpr, R0: MExpr | null, a: Assumptions, steps: MatrixStep[], notes: MatrixNote[]): MatrixSolveResult {
  const conditions: MatrixNote[] = [];
  // R = c + Σ N_i ν_i
  let R: MExpr | null = R0;
  const N = new Map<string, MExpr>();
  for (const k of p.constraints) {
    if (k.kind !== 'equality') return fail(p, x, G, steps, notes, inline`the inequality ${k.math} is not handled in closed form`);
    const lp = R === null ? undefined : linearParts(R, k.multiplier);
    if (!lp || lp.coef === null) return fail(p, x, G, steps, notes, inline`the multiplier of ${k.math} does not enter stationarity linearly`);
    N.set(k.multiplierName, lp.coef);
    R = lp.rest;
  }
  const Minv = invert(M);
  if (provablyPd(M, a)) conditions.push(inline`${m(M)} is positive definite (declared properties and assumptions), hence invertible`);
  else conditions.push([m(M), ' is invertible', ...fullRankNote(M)]);
  const c = R;
  const negMinv = (v: MExpr | null): MExpr | null => (v === null ? null : mneg(mmul(Minv, v)));
  if (p.constraints.length === 0) {
    const sol = negMinv(c) ?? mscalar(0);
    steps.push({ title: 'Solve the linear stationarity condition', rows: [{ lhs: mmul(M, x), relation: '=', rhs: c === null ? mscalar(0) : mneg(c) }, { lhs: x, relation: '=', rhs: sol, note: conditions[0] }] });
    return finish(p, x, G, M, a, steps, notes, 'linear', new Map([[mtoText(x), sol]]), new Map(), conditions);
  }
  // constraints C_j x + d_j = 0; x = -inv(M)*(c + Σ N_i ν_i)
  const blocks = p.constraints.map((k) => {
    const lp = linearParts(k.expr, x)!;
    return { k, C: lp.coef!, d: lp.rest };
  });
  steps.push({
    title: 'Solve stationarity for the variable',
    text: 'Stationarity is linear in the variable; with the Hessian of the Lagrangian invertible:',
    rows: [{ lhs: x, relation: '=', rhs: mneg(mmul(Minv, madd(...[c, ...p.constraints.map((k) => mmul(N.get(k.multiplierName)!, k.multiplier))].filter((t): t is MExpr => t !== null)))), note: conditions[0] }],
  });
  // Σ_i K_ji ν_i = d_j - C_j inv(M) c, with K_ji = C_j inv(M) N_i ... sign: C_j x + d_j = 0
  const K = (j: number, i: number): MExpr => mmul(blocks[j]!.C, Minv, N.get(p.constraints[i]!.multiplierName)!);
  const rhs = (j: number): MExpr => {
    const parts: MExpr[] = [];
    if (blocks[j]!.d !== null) parts.push(blocks[j]!.d!);
    if (c !== null) parts.push(mneg(mmul(blocks[j]!.C, Minv, c)));
    return parts.length === 0 ? mscalar(0) : madd(...parts);
  };
  const multipliers = new Map<string, MExpr>();
  if (blocks.length === 1) {
    const k = K(0, 0);
    const nu = mmul(minv(k), rhs(0));
    conditions.push([m(k), ' is invertible', ...(blocks[0]!.C.kind === 'var' || blocks[0]!.C.kind === 'transpose' ? [' (', m(blocks[0]!.C), ' of full row rank)'] : [])]);
    steps.push({ title: 'Substitute into the constraint', text: 'The constraint, with the variable substituted, is linear in the multiplier:', rows: [{ lhs: mmul(k, p.constraints[0]!.multiplier), relation: '=', rhs: rhs(0) }, { lhs: p.constraints[0]!.multiplier, relation: '=', rhs: nu, note: conditions[conditions.length - 1] }] });
    multipliers.set(p.constraints[0]!.multiplierName, nu);
  } else {
    if (!blocks.every((b) => isScalarShape(b.k.expr.shape))) {
      if (blocks.length > MAX_ELIMINATED_BLOCKS) return fail(p, x, G, steps, notes, `more than ${MAX_ELIMINATED_BLOCKS} equality constraints with a vector among them: the block system is left to numeric instances`, { M, r: R0 });
      const nu = eliminateBlocks(blocks.map((_, j) => blocks.map((__, i) => K(j, i))), blocks.map((_, j) => rhs(j)));
      const names = p.constraints.map((k) => k.multiplierName);
      steps.push({
        title: 'Substitute into the constraints',
        text: 'The constraints, with the variable substituted, are a block linear system in the multipliers; block elimination (Schur complements, in the order the constraints are written) solves it:',
        rows: [
          ...blocks.map((_, j) => ({ lhs: madd(...names.map((_, i) => mmul(K(j, i), p.constraints[i]!.multiplier))), relation: '=' as const, rhs: rhs(j) })),
          ...names.map((n, i) => ({ lhs: p.constraints[i]!.multiplier, relation: '=' as const, rhs: nu.values[i]! })),
        ],
      });
      names.forEach((n, i) => multipliers.set(n, nu.values[i]!));
      for (const pivot of nu.pivots) conditions.push(`${mtoText(pivot)} is invertible`);
    } else {
    // a linear system in scalar multipliers whose coefficients are 1×1 matrix expressions
    const bridge = new ScalarBridge('q__');
    const names = p.constraints.map((k) => k.multiplierName);
    const eqs: Expr[] = blocks.map((_, j) => bridge.toScalar(msub(madd(...names.map((_, i) => mmul(K(j, i), p.constraints[i]!.multiplier))), rhs(j))));
    const solved = solveSystem(eqs, names, { parameters: [...new Set([...p.parameters, ...bridge.placeholders.map((q) => q.name)])], numeric: false, assumptions: a });
    if (solved.solutions.length !== 1 || !solved.solutions[0]!.exact) return fail(p, x, G, steps, notes, 'the linear system for the multipliers is singular for generic data');
    const s = solved.solutions[0]!;
    steps.push({ title: 'Substitute into the constraints', text: 'The constraints, with the variable substituted, are a linear system in the scalar multipliers, solved in closed form by the scalar solver (the 1×1 matrix products standing as symbols):', rows: blocks.map((_, j) => ({ lhs: madd(...names.map((_, i) => mmul(K(j, i), p.constraints[i]!.multiplier))), relation: '=' as const, rhs: rhs(j) })) });
    for (const n of names) multipliers.set(n, bridge.fromScalar(s.values.get(n)!));
    conditions.push('the determinant of that linear system is nonzero');
    steps[steps.length - 1]!.rows.push(...names.map((n) => ({ lhs: mscalar(n), relation: '=' as const, rhs: multipliers.get(n)! })));
    }
  }
  const terms: MExpr[] = [];
  if (c !== null) terms.push(c);
  for (const k of p.constraints) terms.push(mmul(N.get(k.multiplierName)!, multipliers.get(k.multiplierName)!));
  const sol = mneg(mmul(Minv, madd(...terms)));
  steps.push({ title: 'The solution', rows: [{ lhs: x, relation: '=', rhs: sol }] });
  return finish(p, x, G, M, a, steps, notes, 'kkt-block', new Map([[mtoText(x), sol]]), multipliers, conditions);
}

function fail(p: MatrixProblem, x: MExpr, G: MExpr, steps: MatrixSolveResult['steps'], notes: MatrixNote[], why: MatrixNote, quadratic?: MatrixSolveResult['quadratic']): MatrixSolveResult {
  notes.push(['No closed form: ', ...(typeof why === 'string' ? [why] : why), '.', ...(quadratic ? [' Numeric instances are solved from the KKT system (exact: false).'] : [])]);
  return { problem: p, lagrangian: matrixLagrangian(p), stationarity: G, status: 'no_optimum_found', reason: proseToText(why), method: 'no-closed-form', solutions: [], optimum: [], notes, steps, ...(quadratic ? { quadratic } : {}) };
}

/** Most equality constraints whose block system is eliminated symbolically (the texts grow with each block). */
const MAX_ELIMINATED_BLOCKS = 3;

/**
 * Block Gaussian elimination of Σ_i K[j][i]*ν_i = b_j (blocks of any compatible shapes,
 * 1×1 included): forward elimination by Schur complements, then back substitution. The
 * pivots (K11, then the Schur complements) must be invertible. A loop over the blocks.
 */
function eliminateBlocks(K: MExpr[][], b: MExpr[]): { values: MExpr[]; pivots: MExpr[] } {
  const k = b.length;
  const A = K.map((row) => [...row]);
  const r = [...b];
  for (let p = 0; p < k; p++) {
    const Pinv = minv(A[p]![p]!);
    for (let j = p + 1; j < k; j++) {
      const F = mmul(A[j]![p]!, Pinv);
      for (let i = p + 1; i < k; i++) A[j]![i] = msub(A[j]![i]!, mmul(F, A[p]![i]!));
      r[j] = msub(r[j]!, mmul(F, r[p]!));
    }
  }
  const values: MExpr[] = new Array(k);
  for (let p = k - 1; p >= 0; p--) {
    let acc = r[p]!;
    for (let i = p + 1; i < k; i++) acc = msub(acc, mmul(A[p]![i]!, values[i]!));
    values[p] = mmul(minv(A[p]![p]!), acc);
  }
  return { values, pivots: A.map((row, p) => row[p]!) };
}

/** Classification by convexity: a convex quadratic on an affine set is a global minimum (concave: maximum). */
function finish(p: MatrixProblem, x: MExpr, G: MExpr, M: MExpr, a: Assumptions, steps: MatrixSolveResult['steps'], notes: MatrixNote[], method: MatrixSolveResult['method'], point: Map<string, MExpr>, multipliers: Map<string, MExpr>, conditions: MatrixNote[]): MatrixSolveResult {
  const hess = p.sense === 'minimize' ? M : mneg(M);
  const convex = provablyPsd(hess, a);
  const classification = convex ? (p.sense === 'minimize' ? 'minimum' : 'maximum') : 'unknown';
  if (convex) notes.push(inline`Global ${p.sense === 'minimize' ? 'minimum' : 'maximum'}: the objective is ${p.sense === 'minimize' ? 'convex' : 'concave'} (its Hessian ${m(M)} is ${p.sense === 'minimize' ? 'positive' : 'negative'} semidefinite) and the constraints are affine, so the KKT point is optimal.`);
  else notes.push('The Hessian of the Lagrangian is not provably definite: the point is stationary, its nature not decided in matrix form.');
  const objective = substituteLeaf(p.objective, x, point.get(mtoText(x))!);
  return { problem: p, lagrangian: matrixLagrangian(p), stationarity: G, status: convex ? 'optimal' : 'no_optimum_found', reason: convex ? '' : 'second-order nature not decided', method, solutions: [{ point, multipliers, objective, classification, exact: true, conditions }], optimum: convex ? [0] : [], notes, steps };
}

/** Class (b): one scalar constraint, its multiplier in the Hessian; the constraint active. */
function solveActiveConstraint(p: MatrixProblem, x: MExpr, G: MExpr, M: MExpr, R: MExpr, a: Assumptions, steps: MatrixSolveResult['steps'] & MatrixStep[], notes: MatrixNote[]): MatrixSolveResult {
  const k = p.constraints[0]!;
  const mu = k.multiplier;
  const xOfMu = mneg(mmul(invert(M), R));
  steps.push({ title: 'Solve stationarity for the variable', text: inline`For ${rel(mu, '≠', 0)} the Hessian ${m(M)} is invertible:`, rows: [{ lhs: mmul(mneg(M), x), relation: '=', rhs: R }, { lhs: x, relation: '=', rhs: xOfMu }] });
  const Mat0 = substituteLeaf(M, mu, mscalar(0));
  if (k.kind === 'inequality' && isZeroM(Mat0)) notes.push(inline`The inactive case ${rel(mu, '=', 0)} leaves stationarity ${rel(R, '=', 0)}, which has no solution for nonzero data: the constraint is active.`);
  const active = substituteLeaf(k.expr, x, xOfMu);
  const bridge = new ScalarBridge('q__');
  const eq = bridge.toScalar(active);
  const placeholderFacts = bridge.placeholders.map((q) => [q.name, 'positive'] as const);
  const facts = new Assumptions([...p.assume, ...placeholderFacts, ...(k.kind === 'inequality' ? [[k.multiplierName, 'positive'] as const] : [])]);
  steps.push({ title: 'The constraint is active', text: 'Substitute the variable into the active constraint: a scalar equation in the multiplier.', rows: [{ lhs: active, relation: '=', rhs: mscalar(0) }] });
  const solved = solveSystem([eq], [k.multiplierName], { parameters: [...new Set([...p.parameters, ...bridge.placeholders.map((q) => q.name)])], assumptions: facts, numeric: false });
  const chosen = solved.solutions.filter((s) => s.exact && (k.kind === 'equality' || isPositive(s.values.get(k.multiplierName)!, facts)));
  if (chosen.length === 0) return fail(p, x, G, steps, notes, 'the scalar equation for the multiplier has no root of the right sign in closed form');
  const conditions: MatrixNote[] = bridge.placeholders.map((q) => inline`${rel(q.node, '>', 0)} (nonzero data${q.node.kind === 'norm' ? '' : ', positive definite form'})`);
  const solutions: MatrixSolution[] = [];
  for (const s of chosen) {
    const muValue = bridge.fromScalar(s.values.get(k.multiplierName)!);
    const xs = substituteLeaf(xOfMu, mu, muValue);
    solutions.push({ point: new Map([[mtoText(x), xs]]), multipliers: new Map([[k.multiplierName, muValue]]), objective: substituteLeaf(p.objective, x, xs), classification: 'unknown', exact: true, conditions });
    steps.push({ title: 'Solve for the multiplier', text: k.kind === 'inequality' ? inline`Dual feasibility (${rel(mu, '≥', 0)}) picks the positive root.` : undefined, rows: [{ lhs: mu, relation: '=', rhs: muValue }, { lhs: x, relation: '=', rhs: xs }] });
  }
  // global optimality: linear objective + convex constraint
  const objLin = linearParts(mgradient(p.objective, x), x);
  const objectiveLinear = objLin !== undefined && objLin.coef === null;
  const gHess = linearParts(mgradient(k.expr, x), x)?.coef;
  const convexSet = k.kind === 'inequality' && gHess != null && provablyPsd(gHess, facts);
  let optimum: number[] = [];
  if (objectiveLinear && convexSet && solutions.length === 1) {
    solutions[0] = { ...solutions[0]!, classification: p.sense === 'minimize' ? 'minimum' : 'maximum' };
    optimum = [0];
    notes.push(inline`Global ${p.sense === 'minimize' ? 'minimum' : 'maximum'}: the objective is linear and the feasible set ${k.math} is convex (the constraint's Hessian ${m(gHess!)} is positive semidefinite), so the KKT conditions are sufficient.`);
  } else notes.push('Second-order nature not decided in matrix form.');
  return { problem: p, lagrangian: matrixLagrangian(p), stationarity: G, status: optimum.length ? 'optimal' : 'no_optimum_found', reason: optimum.length ? '' : 'global optimality not proved', method: 'active-constraint', solutions, optimum, notes, steps };
}

/** Class (d): `P*x = lambda*Q*x` with a normalisation: characterised as an eigenproblem. */
function characteriseEigen(p: MatrixProblem, x: MExpr, G: MExpr, M: MExpr, mult: MExpr, a: Assumptions, steps: MatrixSolveResult['steps'] & MatrixStep[], notes: MatrixNote[]): MatrixSolveResult {
  const P = substituteLeaf(M, mult, mscalar(0));
  const lp = linearParts(msub(M, P), mult);
  const Q = lp?.coef ? mneg(lp.coef) : undefined;
  if (!Q || lp!.rest !== null) return fail(p, x, G, steps, notes, 'the multiplier does not enter linearly');
  // P*x = mult*Q*x; with Q = c*eye(n): (P/c)*x = mult*x
  const [cq, restQ]: [MScalar, MExpr] = Q.kind === 'mul' && Q.scalars.length === 1 && Q.scalars[0]!.kind === 'scalar' && Q.chain.length === 1 ? [Q.scalars[0] as MScalar, Q.chain[0]!] : [mscalar(1), Q];
  const lhsMat = restQ.kind === 'eye' ? mmul(mscalar(pow(cq.expr, num(-1))), P) : P;
  const lhs = mmul(lhsMat, x);
  const rhs = restQ.kind === 'eye' ? mmul(mult, x) : mmul(mult, Q, x);
  const symmetricP = provablyPsdOrSymmetric(lhsMat);
  const top = p.sense === 'maximize' ? 'largest' : 'smallest';
  notes.push(inline`Stationarity is the eigenproblem ${rel(lhs, '=', rhs)}: every unit eigenvector is a KKT point with the multiplier its eigenvalue; the ${p.sense === 'maximize' ? 'maximiser' : 'minimiser'} is a unit eigenvector for the ${top} eigenvalue of ${m(lhsMat)}, and the optimum is that eigenvalue${symmetricP ? ' (the spectral theorem: a symmetric matrix has real eigenvalues and an orthonormal eigenbasis)' : ''}. No closed form for every n: eigenvalues are roots of the characteristic polynomial.`);
  steps.push({ title: 'An eigenproblem', text: inline`Stationarity reads as an eigenproblem; with the constraint, ${m(x)} is a unit eigenvector and the objective equals the eigenvalue.`, rows: [{ lhs, relation: '=', rhs }] });
  const sol: MatrixSolution = { point: new Map(), multipliers: new Map(), classification: p.sense === 'maximize' ? 'maximum' : 'minimum', exact: false, characterisation: { lhs, rhs }, conditions: [] };
  return { problem: p, lagrangian: matrixLagrangian(p), stationarity: G, status: 'optimal', reason: '', method: 'eigen', solutions: [sol], optimum: [0], notes, steps };
}

/** `(X of full column rank)` when M is a multiple of X'*X: the condition a reader knows. */
function fullRankNote(M: MExpr): (string | MathText)[] {
  const core = splitScalarCoefficient(M)[1];
  if (core.kind === 'mul' && core.scalars.length === 0 && core.chain.length === 2 && mtranspose(core.chain[0]!) === core.chain[1]) return [' (', m(core.chain[1]!), ' of full column rank)'];
  return [];
}

/** inv(M) with a common scalar coefficient of M's terms taken out: inv(2*A + 2*B) = 1/2*inv(A + B). */
export function invert(M: MExpr): MExpr {
  const terms = M.kind === 'add' ? M.terms : [M];
  const parts = terms.map((t) => {
    const [c, rest] = splitScalarCoefficient(t);
    const [r, other] = splitCoefficient(c);
    return { r, rest: mmul(mscalar(other), rest) };
  });
  const r = parts[0]!.r;
  if (!r.isOne && parts.every((p) => p.r.equals(r))) return mmul(mscalar(num(r.inv())), minv(madd(...parts.map((p) => p.rest))));
  return minv(M);
}

function provablyPsdOrSymmetric(e: MExpr): boolean {
  return e === mtranspose(e);
}

/** Substitutes `value` for the leaf `v` in `e` (rebuilding through the canonical constructors). */
export function substituteLeaf(e: MExpr, v: MExpr, value: MExpr): MExpr {
  return rebuildWith(e, new Map([[v, value]]));
}

