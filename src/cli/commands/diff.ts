/**
 * `lagrangian diff EXPR --wrt x,y [--at x=1,y=2] [--hessian] [--latex] [--json]`:
 * symbolic first (and second) derivatives by reverse mode over the expression DAG,
 * printed as text and LaTeX and, with --at, evaluated at the point.
 */
import type { Command } from '../command.js';
import { parseCommandArgs, singleExpression, stringValues } from '../args.js';
import { CliError, EXIT } from '../errors.js';
import type { CseForm, Expr } from '../../expr/index.js';

const HELP = `Usage: lagrangian diff EXPR [--wrt x,y] [--at x=1,y=2] [--hessian] [--latex] [--json] [--cse]
       lagrangian diff [options] -- EXPR      (when EXPR starts with "-")

Differentiates EXPR symbolically (reverse mode over the shared expression DAG, so the
derivative stays linear in the size of EXPR) and prints each partial derivative, as
the smaller tree of the reverse- and forward-mode forms (the same value).

Arguments:
  EXPR             an expression: + - * / ^, parentheses, 2x, exp log sqrt sin cos tan
                   sinh cosh tanh abs, constants pi and e; quote it for the shell

Options:
  --wrt x,y        variables to differentiate with respect to, in this order
                   (default: the variables of EXPR in alphabetical order); a variable
                   that EXPR does not contain has derivative 0
  --at x=1,y=2     also evaluate at this point; values may be constant expressions
                   (pi/4, 1/3, sqrt(2), -0.5); every variable of EXPR needs a value;
                   repeatable (--at x=1 --at y=2)
  --hessian        also the Hessian, rows and columns in the order of --wrt
  --latex          also print the LaTeX of each expression (always present in --json)
  --json           one JSON document: {"status", "function", "derivatives": {"x":
                   {"text", "latex", "value"?}}, "hessian"?: [[...]]} (INTERFACE.md)
  --cse            with --json, each expression also as {"cse": {"bindings": [{"name",
                   "text"}], "text"}}: shared subexpressions named t1, t2, ... (linear
                   in the size of the expression DAG, however deep the sharing)
  -h, --help       this help

Exit status: 0 ok; 1 a value is not finite at the point (e.g. 1/x at x=0; the
JSON status is "not_finite" and the value null); 2 bad input.

Examples:
  lagrangian diff "exp(exp(x)+exp(x)^2)+sin(exp(x)+exp(x)^2)" --wrt x --at x=0.3
  lagrangian diff "x^2*y + exp(x*y)" --wrt x,y --hessian --at x=1/2,y=-1
  lagrangian diff --wrt x --json -- "-x^2 + 3x"
`;

/** The `diff` command. */
export const diff: Command = {
  name: 'diff',
  summary: 'symbolic gradient (and Hessian) of an expression, optionally evaluated at a point',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      wrt: { type: 'string', multiple: true },
      at: { type: 'string', multiple: true },
      hessian: { type: 'boolean' },
      latex: { type: 'boolean' },
      cse: { type: 'boolean' },
    });
    const text = singleExpression(positionals, 'diff');
    const [input, format, calculus, expr] = await Promise.all([
      import('../input.js'),
      import('../format.js'),
      import('../../diff/index.js'),
      import('../../expr/index.js'),
    ]);
    const f = input.parseExpression(text);

    let wrt: string[] = [];
    for (const w of stringValues(values['wrt'])) {
      for (const name of input.parseNames(w)) {
        if (wrt.includes(name)) throw new CliError(`"${name}" is listed twice`, EXIT.BAD_INPUT, { label: '--wrt', text: w });
        wrt.push(name);
      }
    }
    if (wrt.length === 0) {
      wrt = [...expr.freeSymbols(f)].sort();
      if (wrt.length === 0) {
        throw new CliError('the expression has no variables; say what to differentiate with respect to with --wrt x', EXIT.BAD_INPUT, {
          label: 'EXPR',
          text,
        });
      }
    }
    const atTexts = stringValues(values['at']);
    const point = atTexts.length > 0 ? input.parsePoint(atTexts) : undefined;
    if (point) input.requireBound(f, point, text);

    const gradient = calculus.gradient(f, wrt);
    const hess = values['hessian'] ? calculus.hessian(f, wrt) : undefined;
    const all = [f, ...gradient, ...(hess?.flat() ?? [])];
    const vals = point ? input.evaluateAt(all, point) : undefined;
    const valueOf = (i: number): number | undefined => vals?.[i];

    const n = wrt.length;
    // Values come from the DAG forms; text and LaTeX from the smallest printed form.
    const shownGradient = calculus.displayGradient(f, wrt, gradient);
    const shownHessian = hess ? calculus.displayHessian(f, wrt, shownGradient, hess) : undefined;
    const withCse = Boolean(values['cse']);
    const json = (e: Expr, value: number | undefined): ReturnType<typeof format.exprJson> & { cse?: CseForm } =>
      withCse ? { ...format.exprJson(e, value), cse: expr.toCse(e) } : format.exprJson(e, value);
    const fn = json(f, valueOf(0));
    const derivatives = Object.fromEntries(wrt.map((x, i) => [x, json(shownGradient[i]!, valueOf(1 + i))]));
    const hessian = shownHessian?.map((row, i) => row.map((h, j) => json(h, valueOf(1 + n + i * n + j))));

    // Names of the quantities in the order of `all`, for messages and human output.
    const names = ['f', ...wrt.map((x) => `df/d${x}`), ...wrt.flatMap((x) => wrt.map((y) => secondName(x, y)))];
    const bad = vals ? vals.findIndex((v) => !Number.isFinite(v)) : -1;
    const status = bad < 0 ? 'ok' : 'not_finite';

    if (values['json']) {
      const doc: Record<string, unknown> = { status, function: fn, wrt, derivatives };
      if (hessian) doc['hessian'] = hessian;
      if (point) doc['at'] = Object.fromEntries(point.map((c) => [c.name, c.value]));
      io.out(format.jsonDocument(doc));
    } else {
      const showLatex = Boolean(values['latex']);
      const lines: string[] = [];
      const item = (label: string, e: { text: string; latex: string }): void => {
        lines.push(`  ${label} = ${e.text}`);
        if (showLatex) lines.push(`  ${' '.repeat(label.length)}   LaTeX: ${e.latex}`);
      };
      lines.push(`f(${[...expr.freeSymbols(f)].sort().join(', ')}) = ${fn.text}`);
      if (showLatex) lines.push(`  LaTeX: ${fn.latex}`);
      lines.push('', n === 1 ? 'Derivative' : `Gradient (in the order ${wrt.join(', ')})`);
      const shown = hessian ? names : names.slice(0, 1 + n);
      const width = Math.max(...shown.map((s) => s.length));
      wrt.forEach((x, i) => item(`df/d${x}`.padEnd(width), derivatives[x]!));
      if (hessian) {
        lines.push('', n === 1 ? 'Second derivative' : `Hessian (symmetric; rows and columns in the order ${wrt.join(', ')})`);
        for (let i = 0; i < n; i++) for (let j = i; j < n; j++) item(secondName(wrt[i]!, wrt[j]!).padEnd(width), hessian[i]![j]!);
      }
      if (point && vals) {
        lines.push('', `Values at ${format.formatPoint(point)}`);
        const value = (label: string, v: number): void => void lines.push(`  ${label.padEnd(width)} = ${format.formatNumber(v)}`);
        value('f', vals[0]!);
        wrt.forEach((x, i) => value(`df/d${x}`, vals[1 + i]!));
        if (hess) {
          for (let i = 0; i < n; i++) for (let j = i; j < n; j++) value(secondName(wrt[i]!, wrt[j]!), vals[1 + n + i * n + j]!);
        }
      }
      io.out(`${lines.join('\n')}\n`);
    }
    if (bad >= 0) {
      io.err(
        `lagrangian diff: ${names[bad]} is not finite at the point (${format.formatNumber(vals![bad]!)}); ` +
          'the point is outside the domain of the expression or at a singularity\n',
      );
      return EXIT.NO_ANSWER;
    }
    return EXIT.OK;
  },
};

function secondName(x: string, y: string): string {
  return x === y ? `d2f/d${x}^2` : `d2f/d${x} d${y}`;
}
