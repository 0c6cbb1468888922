/**
 * The exponential composition: f(x) = exp(exp(x) + exp(x)^2) + sin(exp(x) + exp(x)^2), whose
 * derivative is known by hand. We derive it by reverse mode over the DAG,
 * print it as text and LaTeX, and verify it three ways: against the hand formula
 * (e^x + 2e^{2x})(exp(e^x + e^{2x}) + cos(e^x + e^{2x})), by central differences
 * (gradcheck), and by round-tripping its text through the parser.
 */
import { gradient } from '../../diff/index.js';
import { nodeCount, parse, toLatex, toText } from '../../expr/index.js';
import { evaluateCompiled } from '../input.js';
import { gradcheck } from '../../numeric/index.js';
import { closeTo, fact, rendersWithKatex, result } from './checks.js';
import type { Demo } from './types.js';

/** The function, as a user would type it. */
export const SEED001_TEXT = 'exp(exp(x)+exp(x)^2)+sin(exp(x)+exp(x)^2)';

/** The hand-derived derivative, in plain JavaScript (independent of the library). */
export function seed001Derivative(x: number): number {
  const a = Math.exp(x);
  const c = a + a * a;
  return (a + 2 * a * a) * (Math.exp(c) + Math.cos(c));
}

/** The demo case. */
export const seed001: Demo = {
  name: 'exp-composition',
  aliases: ['seed001'],
  description: 'derivative of the exponential composition f(x) = exp(exp(x)+exp(x)^2) + sin(exp(x)+exp(x)^2)',
  async run(io) {
    const f = parse(SEED001_TEXT);
    const df = gradient(f, ['x'])[0]!;
    const text = toText(df);
    const latex = toLatex(df);
    io.print(`f(x)   = ${toText(f)}`);
    io.print(`f'(x)  = ${text}`);
    io.print(`LaTeX: ${latex}`);
    io.print(`DAG nodes: f ${nodeCount(f)}, f' ${nodeCount(df)} (f and f' together ${nodeCount(f, df)})`);

    const checks = [rendersWithKatex("the LaTeX of f' renders with KaTeX", latex)];
    checks.push(fact("the text of f' parses back to the same expression", parse(text) === df));
    const points = [-1, 0, 0.3, 1];
    const values = points.map((x) => evaluateCompiled([df], [{ name: 'x', value: x }])[0]!);
    points.forEach((x, i) => {
      io.print(`f'(${x}) = ${values[i]}   hand formula: ${seed001Derivative(x)}`);
      checks.push(closeTo(`f'(${x}) equals the hand formula (e^x+2e^{2x})(exp(e^x+e^{2x})+cos(e^x+e^{2x}))`, values[i]!, seed001Derivative(x), 1e-13));
    });
    const gc = gradcheck({ expr: f, vars: ['x'] }, [0.3]);
    io.print(`gradcheck at x = 0.3: symbolic ${gc.components[0]!.symbolic}, central difference ${gc.components[0]!.numeric}, rel. error ${gc.max_rel_error.toExponential(1)}: ${gc.ok ? 'passed' : 'FAILED'}`);
    checks.push(fact('gradcheck (central differences) agrees at x = 0.3', gc.ok, `max rel. error ${gc.max_rel_error.toExponential(1)}`));
    return result(checks, {
      derivative: { text, latex },
      value_at_0_3: values[2],
      hand_formula_at_0_3: seed001Derivative(0.3),
      nodes: { f: nodeCount(f), derivative: nodeCount(df) },
    });
  },
};
