/**
 * A Hessian of two variables: Rosenbrock's f(x, y) = (1 - x)^2 + 100 (y - x^2)^2.
 * The symbolic gradient and Hessian are checked against the textbook formulas
 * (f_x = -2(1-x) - 400x(y-x^2), f_y = 200(y-x^2), f_xx = 2 - 400y + 1200x^2,
 * f_xy = -400x, f_yy = 200) at two points, and each Hessian row is gradchecked as the
 * gradient of the corresponding gradient component.
 */
import { mathTextOf } from '../../document/index.js';
import { gradient, hessian } from '../../diff/index.js';
import { parse, toLatex, toText } from '../../expr/index.js';
import { evaluateCompiled } from '../input.js';
import { gradcheck } from '../../numeric/index.js';
import { closeTo, fact, rendersWithKatex, result } from './checks.js';
import type { Check, Demo } from './types.js';

const TEXT = '(1 - x)^2 + 100*(y - x^2)^2';

/** Textbook gradient and Hessian of Rosenbrock's function. */
function handGradient(x: number, y: number): number[] {
  return [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];
}
function handHessian(x: number, y: number): number[][] {
  return [
    [2 - 400 * y + 1200 * x * x, -400 * x],
    [-400 * x, 200],
  ];
}


/** The demo case. */
export const hessian2d: Demo = {
  name: 'hessian',
  description: "gradient and Hessian of Rosenbrock's function (1-x)^2 + 100(y-x^2)^2",
  async run(io) {
    const vars = ['x', 'y'];
    const f = parse(TEXT);
    const g = gradient(f, vars);
    const H = hessian(f, vars);
    io.print(`f(x, y) = ${toText(f)}`);
    vars.forEach((v, i) => io.print(`df/d${v} = ${toText(g[i]!)}`));
    io.print(`Hessian [[${H.map((row) => row.map(toText).join(', ')).join('], [')}]]`);
    io.print(`LaTeX of d2f/dx^2: ${toLatex(H[0]![0]!)}`);

    const checks: Check[] = [];
    H.flat().forEach((h, k) => checks.push(rendersWithKatex(`the LaTeX of H[${k >> 1}][${k & 1}] renders with KaTeX`, toLatex(h))));
    checks.push(fact('the Hessian is exactly symmetric', H[0]![1] === H[1]![0]));
    for (const [x, y] of [
      [1, 1],
      [-1.2, 1],
    ] as const) {
      const values = evaluateCompiled([...g, ...H.flat()], [
        { name: 'x', value: x },
        { name: 'y', value: y },
      ]);
      const hg = handGradient(x, y);
      const hh = handHessian(x, y).flat();
      io.print(`at (${x}, ${y}): gradient [${values.slice(0, 2).join(', ')}], Hessian [[${values.slice(2, 4).join(', ')}], [${values.slice(4).join(', ')}]]`);
      hg.forEach((v, i) => checks.push(closeTo(`df/d${vars[i]} at (${x}, ${y}) equals the textbook formula`, values[i]!, v, 1e-14, 1e-12)));
      hh.forEach((v, k) =>
        checks.push(closeTo(`H[${k >> 1}][${k & 1}] at (${x}, ${y}) equals the textbook formula`, values[2 + k]!, v, 1e-14, 1e-12)),
      );
    }
    g.forEach((gi, i) => {
      const gc = gradcheck({ expr: gi, vars }, [-1.2, 1]);
      io.print(`gradcheck of Hessian row ${i} (the gradient of df/d${vars[i]}) at (-1.2, 1): max rel. error ${gc.max_rel_error.toExponential(1)}: ${gc.ok ? 'passed' : 'FAILED'}`);
      checks.push(fact(`Hessian row ${i} agrees with central differences of df/d${vars[i]} at (-1.2, 1)`, gc.ok, `max rel. error ${gc.max_rel_error.toExponential(1)}`));
    });
    return result(checks, { hessian: H.map((row) => row.map(mathTextOf)) });
  },
};
