/**
 * A solved constrained problem: minimise x*y on the circle x^2 + y^2 = 4.
 * The Lagrangian and KKT conditions are derived, all four KKT points found exactly,
 * verified by substitution, classified by the second-order test, and the global minima
 * (sqrt 2, -sqrt 2) and (-sqrt 2, sqrt 2) with value -2 decided on the compact circle.
 * Checked against the hand derivation xy = 2 sin 2t on x = 2 cos t, y = 2 sin t.
 */
import { parse, toLatex, toText } from '../../expr/index.js';
import { parseProblem, solveProblem } from '../../lagrange/index.js';
import { closeTo, fact, rendersWithKatex, result } from './checks.js';
import type { Check, Demo } from './types.js';

/** The demo case. */
export const solveDemo: Demo = {
  name: 'solve',
  description: 'minimise x*y subject to x^2 + y^2 = 4: all four KKT points, classified, the global minima',
  async run(io) {
    const problem = parseProblem({ variables: ['x', 'y'], minimize: 'x*y', subject_to: ['x^2 + y^2 = 4'] });
    const r = solveProblem(problem);
    io.print('minimise x*y subject to x^2 + y^2 = 4');
    io.print(`L = ${toText(r.lagrangian)}`);
    for (const c of r.conditions) io.print(`  ${c.kind}: ${toText(c.lhs)} ${c.op} ${toText(c.rhs)}`);
    r.points.forEach((p, i) => {
      io.print(
        `  point ${i + 1}: x = ${toText(p.values.get('x')!)}, y = ${toText(p.values.get('y')!)}, lambda_1 = ${toText(p.values.get('lambda_1')!)}, f = ${toText(p.objective)}, ${p.classification}`,
      );
    });
    io.print(`status: ${r.status} (${r.reason})`);

    const checks: Check[] = [];
    checks.push(fact('four KKT points, all exact', r.points.length === 4 && r.points.every((p) => p.exact)));
    checks.push(fact('every KKT residual is exactly 0', r.points.every((p) => p.residuals.exact)));
    const minima = r.optimum.map((i) => r.points[i]!);
    const want = new Set(['sqrt(2),-sqrt(2)', '-sqrt(2),sqrt(2)']);
    checks.push(
      fact(
        'the global minima are (sqrt 2, -sqrt 2) and (-sqrt 2, sqrt 2)',
        r.status === 'optimal' && minima.length === 2 && minima.every((p) => want.has(`${toText(p.values.get('x')!)},${toText(p.values.get('y')!)}`)),
      ),
    );
    // Hand derivation: on x = 2cos t, y = 2sin t, xy = 2 sin 2t has minimum -2.
    checks.push(closeTo('the minimum value equals min of 2 sin 2t', minima[0] ? minima[0].objectiveValue : NaN, -2));
    checks.push(fact('the other two points are classified as maxima', r.points.filter((p) => p.classification === 'maximum').length === 2));
    checks.push(fact('lambda_1 = 1/2 at the minima', minima.every((p) => p.values.get('lambda_1') === parse('1/2'))));
    checks.push(rendersWithKatex('the LaTeX of the Lagrangian renders with KaTeX', toLatex(r.lagrangian)));
    return result(checks, { status: r.status, points: r.points.length });
  },
};
