/**
 * The TRPO step in matrix form (seed 000, issue 13 case 1): maximise g'*d subject to
 * d'*F*d/2 <= eps with F symmetric positive definite, derived for every n, then evaluated
 * at a 3-dimensional instance chosen so that the answer is known by hand: with
 * F = [[2,1,0],[1,2,1],[0,1,2]] and g = F*v for v = (1, -1, 2), inv(F)*g = v and
 * g'*inv(F)*g = g'*v = 6; with eps = 0.03 the step is d = sqrt(2*eps/6)*v = 0.1*v and
 * stationarity g = mu_1*F*d gives mu_1 = 10.
 */
import { matrixSolveJson, readMatrixProblem, solveMatrixProblem, checkInstance } from '../../lagrange/matrix/index.js';
import { closeTo, fact, rendersWithKatex, result } from './checks.js';
import type { Demo } from './types.js';

const PROBLEM = {
  variables: [{ name: 'd', shape: ['n'] }],
  parameters: [{ name: 'g', shape: ['n'] }, { name: 'F', shape: ['n', 'n'], properties: ['symmetric', 'positive_definite'] }, 'eps'],
  assume: ['eps > 0'],
  maximize: "g'*d",
  subject_to: ["d'*F*d/2 <= eps"],
  dimensions: { n: 3 },
  parameter_values: { g: [1, 1, 3], F: [[2, 1, 0], [1, 2, 1], [0, 1, 2]], eps: 0.03 },
};
/** The step and multiplier by hand (see the module comment). */
const HAND_D = [0.1, -0.1, 0.2];
const HAND_MU = 10;

interface Point {
  readonly text: string;
  readonly latex: string;
  readonly value?: unknown;
}

/** The demo case. */
export const trpoMatrixDemo: Demo = {
  name: 'trpo-matrix',
  description: "the TRPO trust-region step in matrix form: max g'*d s.t. d'*F*d/2 <= eps for every n, and a 3-dimensional instance checked by hand",
  async run(io) {
    const result0 = solveMatrixProblem(readMatrixProblem(PROBLEM));
    const check = checkInstance(result0);
    const json = matrixSolveJson(result0, check) as {
      status: string;
      solutions: { point: Record<string, Point>; multipliers: Record<string, Point>; classification: string }[];
      optimum: number[];
      instance_check?: { passed?: boolean; stationarity_residual?: number };
    };
    const best = json.solutions[json.optimum[0] ?? 0]!;
    const d = best.point['d']!;
    const mu = best.multipliers['mu_1']!;
    io.print("maximize g'*d  subject to  d'*F*d/2 <= eps   (F symmetric positive definite)");
    io.print(`  d    = ${d.text}`);
    io.print(`  mu_1 = ${mu.text}`);
    const dValue = (d.value as number[] | undefined) ?? [];
    const checks = [
      fact('the optimum is found and is a maximum', json.status === 'optimal' && best.classification === 'maximum', `${json.status}, ${best.classification}`),
      ...HAND_D.map((v, i) => closeTo(`d[${i + 1}] at the instance equals the hand value ${v}`, dValue[i] ?? NaN, v, 1e-12)),
      closeTo('mu_1 at the instance equals the hand value 10 (from g = mu_1*F*d)', Number(mu.value), HAND_MU, 1e-12),
      fact('the instance check substitutes back into the matrix KKT conditions and agrees with the scalarised objective', json.instance_check?.passed === true, `stationarity residual ${json.instance_check?.stationarity_residual ?? 'n/a'}`),
      rendersWithKatex('the step d renders with KaTeX in matrix notation', d.latex),
    ];
    return result(checks, { d: d.text, mu_1: mu.text });
  },
};
