/**
 * The adjoint method on a matrix program, in matrix notation. Each line `z_i = f_i(...)`
 * is an equality constraint with a multiplier `lambda_zi` of z_i's shape:
 *
 *   L = loss - sum_i <lambda_zi, z_i - f_i>      (<a, b> = a'*b for vectors)
 *
 * dL/dlambda_i = 0 is the forward pass; dL/dz_j = 0 gives the adjoint equations
 * `lambda_zj = sum over lines i reading z_j of VJP(f_i, z_j, lambda_zi)` (seed 000's
 * λ_j = Σ λ_i ∂f_i/∂z_j, each term the vector-Jacobian product of one line, never a
 * Jacobian or a tensor), with `lambda_loss = 1`; dL/dx for an input x is the gradient,
 * `sum over lines i reading x of VJP(f_i, x, lambda_zi)`.
 *
 * Each form is given twice: local (in the multipliers, as the equations read) and
 * closed (the multipliers eliminated in reverse order, in terms of the variables).
 * A right-hand side f_i inside a derivative is written as z_i, which it equals on the
 * forward solution (`1 - tanh(W1*x + b1).^2` becomes `1 - z1.^2`).
 */
import { inner, mvjp } from '../../diff/matrix/index.js';
import { madd, mmul, msub, mvar, mscalar, MONE, replaceNodes, zeros, type MExpr } from '../../expr/matrix/index.js';
import { multiplierName } from '../program.js';
import { namesRead, type MatrixProgram } from './program.js';

/** One derived quantity in both forms. */
export interface AdjointForms {
  /** In the multipliers of the lines that read the variable (the equation's right-hand side). */
  readonly local: MExpr;
  /** The multipliers eliminated: in terms of inputs and program variables. */
  readonly closed: MExpr;
}

/** Everything derived symbolically from a matrix program. */
export interface MatrixAdjoints {
  readonly program: MatrixProgram;
  /** The Lagrangian as a matrix expression (for checks: its derivatives are the conditions). */
  readonly lagrangian: MExpr;
  /** lambda_v nodes by variable name (each of v's shape). */
  readonly multipliers: ReadonlyMap<string, MExpr>;
  /** lambda_v by variable, in reverse program order (the output first). */
  readonly adjoints: ReadonlyMap<string, AdjointForms>;
  /** d loss / d x by input, in input order. */
  readonly gradient: ReadonlyMap<string, AdjointForms>;
}

/** The multiplier node of a variable: `lambda_z1`, of z1's shape (a scalar symbol for a scalar). */
export function multiplierNode(name: string, node: MExpr): MExpr {
  return node.kind === 'var' ? mvar(multiplierName(name), node.shape) : mscalar(multiplierName(name));
}

/** Derives the Lagrangian, the adjoint equations and the gradient of a matrix program. */
export function deriveMatrixAdjoints(program: MatrixProgram): MatrixAdjoints {
  const { assignments, output } = program;
  const multipliers = new Map(assignments.map((a) => [a.name, multiplierNode(a.name, a.node)]));
  const outputNode = assignments.find((a) => a.name === output)!.node;
  const lagrangian = madd(outputNode, ...assignments.map((a) => mmul(mscalar(-1), inner(multipliers.get(a.name)!, msub(a.node, a.rhs)))));

  // Which lines read each name (the children of a variable or input in the program graph).
  const readers = new Map<string, number[]>();
  assignments.forEach((a, i) => {
    for (const n of namesRead(a.rhs)) {
      const list = readers.get(n);
      if (list) list.push(i);
      else readers.set(n, [i]);
    }
  });
  const asVariables = new Map<MExpr, MExpr>();
  for (const a of assignments) if (a.rhs.kind !== 'scalar' || a.rhs.expr.kind !== 'num') asVariables.set(a.rhs, a.node);

  // Closed forms substitute the closed multipliers into the local forms AFTER differentiating:
  // differentiating with a closed multiplier as the seed would also differentiate the
  // multiplier itself when it depends on the variable (W in every layer's lambda).
  const closedMultiplier = new Map<MExpr, MExpr>();
  const formsOf = (name: string, wrt: MExpr): AdjointForms => {
    const local: MExpr[] = [];
    for (const i of readers.get(name) ?? []) {
      const a = assignments[i]!;
      local.push(mvjp(a.rhs, wrt, multipliers.get(a.name)!));
    }
    const sum = local.length === 0 ? zeros(wrt.shape) : replaceNodes(madd(...local), asVariables);
    return { local: sum, closed: replaceNodes(sum, closedMultiplier) };
  };

  const adjoints = new Map<string, AdjointForms>();
  for (let i = assignments.length - 1; i >= 0; i--) {
    const a = assignments[i]!;
    const forms = formsOf(a.name, a.node);
    // dL/dz_out = 1 - lambda_out + (reads of the output elsewhere): the output's multiplier carries the seed 1.
    const f = a.name === output ? { local: madd(MONE, forms.local), closed: madd(MONE, forms.closed) } : forms;
    adjoints.set(a.name, f);
    closedMultiplier.set(multipliers.get(a.name)!, f.closed);
  }
  const gradient = new Map<string, AdjointForms>();
  for (const inp of program.inputs) gradient.set(inp.name, formsOf(inp.name, inp.node));
  return { program, lagrangian, multipliers, adjoints, gradient };
}
