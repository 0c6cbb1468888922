/**
 * Newton's method with regularisation for indefinite Hessians, globalised by a
 * backtracking (Armijo) line search. Each step solves (H + τI) p = −∇f:
 * - `dense`: H from the compiled Hessian, τ the smallest shift of the sequence 0, β, 2β,
 *   ... for which H + τI has a Cholesky factor (Nocedal and Wright, Algorithm 3.3), so p
 *   is always a descent direction, and τ = 0 (the pure Newton step, quadratic
 *   convergence) near a minimum;
 * - `cg`: truncated conjugate gradient on Hessian-vector products (Newton-CG, Nocedal and
 *   Wright Algorithm 7.1), stopped at the first direction of negative curvature; for
 *   large n, where H would be dense n×n.
 * Near the minimum, where the decrease falls below the rounding of f, a step that
 * shrinks ‖∇f‖ is accepted instead (Newton is then a root finder for ∇f).
 * Seed 004 took 1% of the raw Newton step (−0.01·H⁻¹∇f) and noted that it "acts weird"
 * where H is not positive definite; the shift and the line search are the remedy.
 */
import { checkStarts, finishRun, resolve, stopTest, TrajectoryRecorder } from './common.js';
import { conjugateGradient } from '../../linalg/cg.js';
import { choleskySolve, choleskyWithShift } from '../../linalg/cholesky.js';
import { bestRunResult } from './result.js';
import type { BatchResult, Objective, OptimizeOptions, RunResult } from './types.js';
import { dot, norm2 } from '../../linalg/vector.js';
import { APPROXIMATE_EPSILON } from './linesearch.js';

/** Largest dimension for which `auto` chooses the dense solver. */
export const DENSE_NEWTON_LIMIT = 200;

/** Newton's method from each of n starts (one after another). */
export function newton(objective: Objective, starts: Float64Array, n: number, options: OptimizeOptions = {}): BatchResult {
  const d = objective.dimension;
  checkStarts(starts, n, d);
  const solver = chooseSolver(objective, options.newtonSolver ?? 'auto');
  const runs: RunResult[] = [];
  for (let s = 0; s < n; s++) runs.push(newtonRun(objective, starts.subarray(s * d, s * d + d), options, solver));
  return bestRunResult('newton', runs);
}

function chooseSolver(objective: Objective, requested: 'auto' | 'dense' | 'cg'): 'dense' | 'cg' {
  const canDense = objective.hessian !== undefined;
  const canCg = objective.hvp !== undefined;
  if (requested === 'dense' && !canDense) throw new RangeError('Newton (dense) needs the Hessian of the objective');
  if (requested === 'cg' && !canCg) throw new RangeError('Newton-CG needs Hessian-vector products of the objective');
  if (requested !== 'auto') return requested;
  if (canDense && (objective.dimension <= DENSE_NEWTON_LIMIT || !canCg)) return 'dense';
  if (canCg) return 'cg';
  throw new RangeError("Newton's method needs the Hessian or Hessian-vector products of the objective");
}

function newtonRun(objective: Objective, start: Float64Array, options: OptimizeOptions, solver: 'dense' | 'cg'): RunResult {
  const r = resolve('newton', options);
  const d = objective.dimension;
  const c1 = options.c1 ?? 1e-4;
  const x = Float64Array.from(start);
  const g = new Float64Array(d);
  const trialX = new Float64Array(d);
  const trialG = new Float64Array(d);
  const H = new Float64Array(solver === 'dense' ? d * d : 0);
  const L = new Float64Array(solver === 'dense' ? d * d : 0);
  const p = new Float64Array(d);
  const recorder = r.trajectory ? new TrajectoryRecorder(d) : undefined;
  let f = objective.valueAndGradient(x, g);
  let evaluations = 1;
  let maxTau = 0;
  let hessianProducts = 0;
  let negativeCurvatureSteps = 0;
  const end = (status: RunResult['status'], reason: string, k: number) =>
    finishRun(
      {
        status,
        reason,
        x,
        value: f,
        iterations: k,
        gradientNorm: norm2(g),
        evaluations,
        ...(recorder ? { trajectory: recorder } : {}),
        info: solver === 'dense' ? { max_shift: maxTau } : { hessian_vector_products: hessianProducts, negative_curvature_steps: negativeCurvatureSteps },
      },
      options.constraints,
    );

  for (let k = 0; ; k++) {
    recorder?.record(x, f);
    const gnorm = norm2(g);
    const stop = stopTest(x, f, g, gnorm, r, k);
    if (stop) return end(stop.status, stop.reason, k);

    // The direction: p = −(H + τI)⁻¹ g.
    if (solver === 'dense') {
      objective.hessian!(x, H);
      for (let i = 0; i < d * d; i++) if (!Number.isFinite(H[i]!)) return end('diverged', `the Hessian became ${H[i]} at iteration ${k}`, k);
      const { tau } = choleskyWithShift(H, d, L);
      maxTau = Math.max(maxTau, tau);
      for (let i = 0; i < d; i++) p[i] = -g[i]!;
      choleskySolve(L, d, p, p);
    } else {
      const minusG = Float64Array.from(g, (v) => -v);
      const eta = Math.min(0.5, Math.sqrt(gnorm));
      const cg = conjugateGradient(
        (v, out) => {
          hessianProducts++;
          objective.hvp!(x, v, out);
        },
        minusG,
        { rtol: eta, maxIter: 20 * d },
      );
      if (cg.negativeCurvature) negativeCurvatureSteps++;
      if (cg.negativeCurvature && norm2(cg.x) === 0) {
        // Negative curvature along −∇f itself: steepest descent, scaled by that curvature's size
        // (|gᵀg / gᵀHg|, as SciPy's Newton-CG does) so the unit step is of a sensible length.
        const curvature = Math.abs(cg.negativeCurvature.curvature);
        const scale = curvature > 0 ? (gnorm * gnorm) / curvature : 1 / Math.max(1, gnorm);
        for (let i = 0; i < d; i++) p[i] = scale * minusG[i]!;
      } else p.set(cg.x);
    }
    let slope = dot(g, p);
    if (!(slope < 0)) {
      // Rounding made the direction useless; steepest descent always descends.
      for (let i = 0; i < d; i++) p[i] = -g[i]!;
      slope = -gnorm * gnorm;
    }

    // Backtracking from the full step α = 1 (accepted near a minimum, giving quadratic convergence).
    let alpha = 1;
    let accepted = false;
    let ft = NaN;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < d; i++) trialX[i] = x[i]! + alpha * p[i]!;
      ft = objective.valueAndGradient(trialX, trialG);
      evaluations++;
      if (Number.isFinite(ft) && ft <= f + c1 * alpha * slope) {
        accepted = true;
        break;
      }
      // Near the minimum the decrease falls below the rounding of f (as in the approximate
      // Wolfe conditions of linesearch.ts): then a step that shrinks the gradient is progress.
      if (Math.abs(ft - f) <= APPROXIMATE_EPSILON * Math.abs(f) && norm2(trialG) < gnorm) {
        accepted = true;
        break;
      }
      alpha /= 2;
    }
    if (!accepted) return end('stalled', `no step along the Newton direction decreased f (|grad f| = ${gnorm.toExponential(2)} at iteration ${k})`, k);
    x.set(trialX);
    g.set(trialG);
    f = ft;
  }
}
