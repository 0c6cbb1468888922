/**
 * Primal–dual Lagrangian descent–ascent (seed 004's `GradientDescentLagrange`, in the
 * sign convention of INTERFACE.md): with L(x, λ, μ) = f + Σ λ_i h_i + Σ μ_j g_j,
 *   x ← x − η ∇ₓL_ρ(x, λ, μ),   λ ← λ + η_d h(x),   μ ← max(0, μ + η_d g(x)),
 * descent in x, ascent in the multipliers (projected onto μ ≥ 0 for inequalities).
 * With a penalty ρ > 0 the x-step uses the augmented Lagrangian
 * f + Σ(λ_i h_i + ρ/2 h_i²) + Σ (max(0, μ_j + ρ g_j)² − μ_j²)/(2ρ), which has the same
 * stationary points and damps the oscillation of plain descent–ascent.
 * Stationary when ‖∇ₓL‖, the violation and the complementarity max_j |μ_j g_j| all
 * fall below tol.
 */
import { checkOption, resolve } from './common.js';
import { runLockstep, stepSizer } from './lockstep.js';
import { bestRunResult } from './result.js';
import type { BatchResult, Objective, OptimizeOptions } from './types.js';

/** Descent–ascent from n starts; needs `options.constraints` with at least one constraint. */
export function primalDual(objective: Objective, starts: Float64Array, n: number, options: OptimizeOptions = {}): BatchResult {
  const constraints = options.constraints;
  const mE = constraints?.equalities ?? 0;
  const mI = constraints?.inequalities ?? 0;
  if (!constraints || mE + mI === 0) throw new RangeError('primal-dual descent-ascent needs constraints (an unconstrained problem has no multipliers: use gd or lbfgs)');
  const r = resolve('primal-dual', options);
  const dualLr = checkOption('dual_lr', options.dualLr ?? r.lr, 0, Infinity);
  const rho = checkOption('penalty', options.penalty ?? 0, 0, Infinity, true);
  const mult0 = options.multiplier0 ?? 0;
  if (!Number.isFinite(mult0)) throw new RangeError(`the initial multiplier must be a finite number, got ${mult0}`);
  const d = objective.dimension;
  const m = mE + mI;
  const block = m * (1 + d);
  const multipliers = new Float64Array(n * m).fill(mult0);
  for (let s = 0; s < n; s++) for (let j = 0; j < mI; j++) multipliers[s * m + mE + j] = Math.max(0, mult0);
  const values = new Float64Array(n * block);
  const rowOf = new Int32Array(n);
  const gradL = new Float64Array(d);
  const steps = stepSizer(objective, options, r.lr, n);

  const runs = runLockstep(objective, starts, n, r, constraints, {
    measure: 'max(|grad_x L|, violation, |mu*g|)',
    prepare(active, count, xs) {
      const out = values.subarray(0, count * block);
      if (constraints.evaluateBatch) constraints.evaluateBatch(xs, count, out);
      else for (let a = 0; a < count; a++) constraints.evaluate(xs.subarray(a * d, a * d + d), out.subarray(a * block, (a + 1) * block));
      for (let a = 0; a < count; a++) rowOf[active[a]!] = a;
    },
    stationarity(s, _x, g) {
      const row = values.subarray(rowOf[s]! * block, (rowOf[s]! + 1) * block);
      const lam = multipliers.subarray(s * m, s * m + m);
      gradL.set(g);
      let violation = 0;
      let complementarity = 0;
      for (let c = 0; c < m; c++) {
        const h = row[c * (1 + d)]!;
        for (let i = 0; i < d; i++) gradL[i]! += lam[c]! * row[c * (1 + d) + 1 + i]!;
        if (c < mE) violation = Math.max(violation, Math.abs(h));
        else {
          violation = Math.max(violation, Math.max(0, h));
          complementarity = Math.max(complementarity, Math.abs(lam[c]! * h));
        }
      }
      let norm = 0;
      for (let i = 0; i < d; i++) norm += gradL[i]! * gradL[i]!;
      const result = Math.max(Math.sqrt(norm), violation, complementarity);
      return Number.isNaN(violation) ? NaN : result;
    },
    step(s, x, g) {
      const eta = steps.size(s, x);
      const row = values.subarray(rowOf[s]! * block, (rowOf[s]! + 1) * block);
      const lam = multipliers.subarray(s * m, s * m + m);
      gradL.set(g);
      for (let c = 0; c < m; c++) {
        const h = row[c * (1 + d)]!;
        const weight = c < mE ? lam[c]! + rho * h : Math.max(0, lam[c]! + rho * h);
        for (let i = 0; i < d; i++) gradL[i]! += weight * row[c * (1 + d) + 1 + i]!;
      }
      for (let i = 0; i < d; i++) x[i]! -= eta * gradL[i]!;
      for (let c = 0; c < m; c++) {
        const h = row[c * (1 + d)]!;
        lam[c] = c < mE ? lam[c]! + dualLr * h : Math.max(0, lam[c]! + dualLr * h);
      }
    },
    report: (s) => ({ multipliers: multipliers.subarray(s * m, s * m + m), info: steps.info(s) }),
  });
  return bestRunResult('primal-dual', runs);
}
