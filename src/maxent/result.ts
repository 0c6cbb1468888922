/**
 * The result of a maximum-entropy solve: everything the JSON of INTERFACE.md and the
 * derivation document are built from.
 */
import type { MathText } from '../document/index.js';
import type { Expr } from '../expr/index.js';
import type { FamilyName } from './families.js';
import type { IntegralRule } from './rules.js';
import type { Statistics } from './statistics.js';
import type { MaxentLagrangian } from './lagrangian.js';
import type { MaxentProblem } from './problem.js';

/**
 * `optimal`: the density was found; `infeasible`: no density on the support has these
 * moments; `unbounded`: the entropy has no maximum (no normalisable density of the
 * exponential form exists, e.g. no moments on an infinite support); `unsupported`: a
 * construct the tool does not handle (or a parametric problem without closed form and
 * without `parameter_values`); `no_optimum_found`: the numeric solve did not converge.
 */
export type MaxentStatus = 'optimal' | 'infeasible' | 'unbounded' | 'unsupported' | 'no_optimum_found';


/** One multiplier's value. */
export interface MultiplierValue {
  readonly name: string;
  /** The constraint it belongs to, printed. */
  readonly constraint: MathText;
  /** Exact value (closed forms) or undefined (numeric). */
  readonly exact?: Expr;
  /** MathText value (exact text, or the decimal of the numeric value). */
  readonly value: MathText;
  /** Double value when known (numeric solve, or closed form without parameters / at parameter_values). */
  readonly numeric?: number;
}

/** A named parameter of the family (mean, variance, rate, shape). */
export interface FamilyParameterValue {
  readonly name: string;
  readonly value: MathText;
  readonly numeric?: number;
}

/** A numeric check of the answer. */
export interface MomentCheck {
  /** What was integrated: `1` (normalisation) or the moment function's text. */
  readonly f: string;
  readonly target: number;
  readonly reached: number;
  /** |reached − target| / max(1, |target|). */
  readonly error: number;
  /** The parameter values the check was made at (empty without parameters). */
  readonly at: Readonly<Record<string, number>>;
}

/** A side condition of a parametric closed form that could not be decided (`sigma^2 > 0`). */
export interface StatedCondition {
  readonly expr: Expr;
  readonly reason: string;
}

/** How the multipliers were found. */
export type MaxentMethod = 'closed-form' | 'gamma-shape-newton' | 'dual-newton' | 'uniform-finite' | 'exact-polynomial';

/** Details of a numeric solve. */
export interface NumericDetails {
  readonly iterations: number;
  /** max scaled moment residual at the end of Newton. */
  readonly residual: number;
  /** The values the parameters were given. */
  readonly parameterValues: Readonly<Record<string, number>>;
  /** Natural parameters θ_j per basis function (numeric), when the basis is known. */
  readonly theta?: readonly number[];
  /** log Z at the solution. */
  readonly logZ: number;
  /** A closed-form normaliser for the identified family, compared with quadrature's. */
  readonly closedFormLogZ?: { readonly rule: string; readonly value: number; readonly quadrature: number };
}

/** Everything known about a maximum-entropy problem after solving. */
export interface MaxentResult {
  readonly status: MaxentStatus;
  /** Why there is no answer (status other than optimal), in one paragraph. */
  readonly message?: string;
  readonly problem: MaxentProblem;
  readonly lagrangian: MaxentLagrangian;
  readonly statistics?: Statistics;
  readonly family?: FamilyName;
  /** True when density and multipliers are exact closed forms. */
  readonly exact: boolean;
  readonly method?: MaxentMethod;
  /** The density; exact closed form, or with decimal numbers (see densityPrinted). */
  readonly density?: Expr;
  readonly densityPrinted?: MathText;
  readonly multipliers: readonly MultiplierValue[];
  readonly familyParameters: readonly FamilyParameterValue[];
  /** Expectations E[g_j] of the basis functions solved from the constraints (closed forms). */
  readonly expectations?: readonly Expr[];
  /** θ_j (closed forms). */
  readonly theta?: readonly Expr[];
  readonly logZ?: Expr;
  readonly conditions: readonly StatedCondition[];
  readonly rules: readonly IntegralRule[];
  readonly checks: readonly MomentCheck[];
  /** Discrete problems: p_i per value. */
  readonly probabilities?: readonly { readonly value: number; readonly p: number; readonly exact?: Expr }[];
  /** Finite sets solved exactly: the polynomial in t = exp(lambda_1*d) whose positive root gives lambda_1. */
  readonly exactRoot?: { readonly polynomial: Expr; readonly step: Expr; readonly t: Expr };
  readonly numeric?: NumericDetails;
  /** Remarks worth showing (fallbacks, identifications). */
  readonly notes: readonly string[];
}
