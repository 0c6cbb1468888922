/**
 * `lagrangian diff EXPR --wrt x,y [--at x=1,y=2] [--hessian] [--json] [--html F] [--latex F]`:
 * symbolic first (and second) derivatives by reverse mode over the expression DAG,
 * printed as text and LaTeX and, with --at, evaluated at the point.
 */
import { jsonDocument, type CliIO, type Command } from '../command.js';
import { parseCommandArgs, singleExpression, stringValues, type ParsedArgs } from '../args.js';
import { CliError, EXIT } from '../errors.js';
import { SHAPE_OPTIONS, hasShapes } from './shaped-options.js';
import { FILE_OUTPUT_HELP, FILE_OUTPUT_OPTIONS, documentFiles, documentPaths, readFileOutputs, type FileOutputs } from '../file-command.js';
import { checkOutputPaths, readSourceFile, writeOutputFiles } from '../source-file.js';
import { lineColumn } from '../../input/index.js';
import { PRINT_BUDGET_NODES, formatNodes, omittedReason, planPrinting } from '../print-budget.js';
import type { CseForm, Expr } from '../../expr/index.js';

type DiffValues = ParsedArgs['values'];

const HELP = `Usage: lagrangian diff EXPR [--wrt x,y] [--at x=1,y=2] [--hessian] [--json] [--cse]
                      [--html out.html] [--latex out.tex [--standalone]] [--quiet]
       lagrangian diff [options] -- EXPR      (when EXPR starts with "-")
       lagrangian diff --expr-file PATH [options]   (EXPR read from a file; - for stdin)

Differentiates EXPR symbolically (reverse mode over the shared expression DAG, so the
derivative stays linear in the size of EXPR) and prints each partial derivative, as
the smaller tree of the reverse- and forward-mode forms (the same value).

Arguments:
  EXPR             an expression: + - * / ^, parentheses, 2x, exp log ln sqrt sin cos
                   tan sinh cosh tanh asin acos atan asinh acosh atanh erf abs,
                   constants pi and e; quote it for the shell

  --expr-file PATH read EXPR from the file PATH instead (- for stdin), for expressions
                   too long for the command line (the shell passes at most 128 KiB per
                   argument); line breaks are spaces; errors name the file, line, column

Options:
  --wrt x,y        variables to differentiate with respect to, in this order
                   (default: the variables of EXPR in natural order, x2 before x10);
                   a variable that EXPR does not contain has derivative 0
  --at x=1,y=2     also evaluate at this point; values may be constant expressions
                   (pi/4, 1/3, sqrt(2), -0.5); every variable of EXPR needs a value;
                   repeatable (--at x=1 --at y=2)
  --hessian        also the Hessian, rows and columns in the order of --wrt
  --latex          (no FILE) the old spelling: also print the LaTeX of each expression
                   beside its text (LaTeX is always present in --json)
${FILE_OUTPUT_HELP}
  --shape d=n      declare a vector (d=n) or matrix (F=n,n); derivatives then come out
                   in matrix notation (repeatable; docs/interface.md "Vectors and matrices")
  --props F=symmetric,positive_definite   properties of a declared matrix
  --dims n=3       a number for a dimension (then --at takes nested lists: 'd=[1,2,3]')
  --json           one JSON document: {"status", "function", "derivatives": {"x":
                   {"text", "latex", "value"?}}, "hessian"?: [[...]]} (docs/interface.md)
  --cse            with --json, each expression also as {"cse": {"bindings": [{"name",
                   "text"}], "text"}}: shared subexpressions named t1, t2, ... (linear
                   in the size of the expression DAG, however deep the sharing);
                   an expression whose tree is over the print budget (10^7 nodes)
                   then has only its cse form: "text" "", and "text_omitted" says why
  -h, --help       this help

Exit status: 0 ok; 1 a value is not finite at the point (e.g. 1/x at x=0; the
JSON status is "not_finite" and the value null) or f is not differentiable there (the
kink of abs(x) at x=0: status "not_differentiable", with a "reason"), or the printed
trees would pass the print budget of 10^7 nodes (without --json --cse); 2 bad input.

Examples:
  lagrangian diff "exp(exp(x)+exp(x)^2)+sin(exp(x)+exp(x)^2)" --wrt x --at x=0.3
  lagrangian diff "x^2*y + exp(x*y)" --wrt x,y --hessian --at x=1/2,y=-1
  lagrangian diff --wrt x --json -- "-x^2 + 3x"
  lagrangian diff "x'*A*x" --wrt x --shape x=n --shape A=n,n --props A=symmetric
`;

/** The `diff` command. */
export const diff: Command = {
  name: 'diff',
  summary: 'symbolic gradient (and Hessian) of an expression, optionally evaluated at a point',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(latexLinesAlias(argv), {
      wrt: { type: 'string', multiple: true },
      at: { type: 'string', multiple: true },
      hessian: { type: 'boolean' },
      'latex-lines': { type: 'boolean' },
      ...FILE_OUTPUT_OPTIONS,
      ...SHAPE_OPTIONS,
      cse: { type: 'boolean' },
      'expr-file': { type: 'string' },
    });
    const outputs = readFileOutputs(values);
    const exprFile = typeof values['expr-file'] === 'string' ? values['expr-file'] : undefined;
    checkOutputPaths(documentPaths(outputs), exprFile !== undefined ? [exprFile] : []);
    if (exprFile !== undefined) {
      if (positionals.length > 0) throw new CliError('give the expression either as EXPR or with --expr-file, not both', EXIT.BAD_INPUT);
      const { fileName, source } = readSourceFile([exprFile], 'an expression');
      try {
        return await differentiate(values, source, io, outputs, fileName);
      } catch (err) {
        throw err instanceof CliError ? inFile(err, source, fileName) : err;
      }
    }
    return differentiate(values, singleExpression(positionals, 'diff'), io, outputs, 'EXPR');
  },
};

/**
 * An error about the expression read from a file, placed in that file: the position in the
 * whole text becomes a line and column, and the excerpt is taken from that line (the
 * convention of the input files' syntax errors, src/input/json.ts).
 */
function inFile(err: CliError, source: string, fileName: string): CliError {
  const loc = err.location;
  if (loc?.text !== source) return err; // about the expression (the shaped reader labels it EXPR)
  if (loc.position === undefined) return new CliError(err.reason, err.code, { label: fileName });
  const { line, column, lineText } = lineColumn(source, loc.position - 1);
  return new CliError(`${err.reason} (line ${line}, column ${column})`, err.code, { label: fileName, text: lineText, position: column, line });
}

async function differentiate(values: DiffValues, text: string, io: CliIO, outputs: FileOutputs, label: string): Promise<number> {
  if (hasShapes(values)) return (await import('./shaped.js')).shapedDiff(values, text, io, outputs);
  const [input, format, calculus, expr, document] = await Promise.all([
    import('../input.js'),
    import('../format.js'),
    import('../../diff/index.js'),
    import('../../expr/index.js'),
    import('../../document/index.js'),
  ]);
  const secondName = document.secondDerivativeName;
  const f = input.parseExpression(text, label);

  let wrt = input.parseWrt(stringValues(values['wrt']));
  if (wrt.length === 0) {
    wrt = expr.naturalOrder([...expr.freeSymbols(f)]);
    if (wrt.length === 0) {
      throw new CliError('the expression has no variables; say what to differentiate with respect to with --wrt x', EXIT.BAD_INPUT, {
        label: 'EXPR',
        text,
      });
    }
  }
  const atTexts = stringValues(values['at']);
  const point = atTexts.length > 0 ? input.parsePoint(atTexts) : undefined;
  if (point) input.requireBound(f, point, text, label);

  const gradient = calculus.gradient(f, wrt);
  const hess = values['hessian'] ? calculus.hessian(f, wrt) : undefined;
  const all = [f, ...gradient, ...(hess?.flat() ?? [])];
  const vals = point ? input.evaluateCompiled(all, point) : undefined;
  const valueOf = (i: number): number | undefined => vals?.[i];

  const n = wrt.length;
  // Values come from the DAG forms; text and LaTeX from the smallest printed form.
  const shownGradient = calculus.displayGradient(f, wrt, gradient);
  const shownHessian = hess ? calculus.displayHessian(f, wrt, shownGradient, hess) : undefined;
  const withCse = Boolean(values['cse']);
  const omitted = overBudget(f, wrt, shownGradient, shownHessian, secondName, withCse && Boolean(values['json']) && outputs.html === undefined && outputs.latex === undefined);
  const json = (e: Expr, value: number | undefined): ReturnType<typeof format.exprJson> & { cse?: CseForm; text_omitted?: string } => {
    const reason = omitted.get(e);
    if (reason !== undefined) {
      // Printed only as cse: `text` stays (the contract's field) but is empty, and says why.
      return { text: '', latex: '', text_omitted: reason, ...(value !== undefined ? { value: Number.isFinite(value) ? value : null } : {}), cse: expr.toCse(e) };
    }
    return withCse ? { ...format.exprJson(e, value), cse: expr.toCse(e) } : format.exprJson(e, value);
  };
  const fn = json(f, valueOf(0));
  const derivatives = Object.fromEntries(wrt.map((x, i) => [x, json(shownGradient[i]!, valueOf(1 + i))]));
  const hessian = shownHessian?.map((row, i) => row.map((h, j) => json(h, valueOf(1 + n + i * n + j))));

  // The name of the i-th quantity of `all`, for messages and human output: made when asked
  // (a list of the n^2 second-derivative names cost 25 M strings at n = 5,000 without --hessian).
  const nameOf = (i: number): string =>
    i === 0 ? 'f' : i <= n ? `df/d${wrt[i - 1]!}` : secondName(wrt[Math.floor((i - 1 - n) / n)]!, wrt[(i - 1 - n) % n]!);
  const bad = vals ? vals.findIndex((v) => !Number.isFinite(v)) : -1;
  // At the kink of abs or sign the rules give a value (sign(0) = 0) where f has no derivative.
  const kink = point ? (await import('../../numeric/smoothness.js')).findNonsmooth(f, point.map((c) => c.name), point.map((c) => c.value)) : undefined;
  const notDifferentiable = kink?.kind === 'not_differentiable' ? kink : undefined;
  const status = notDifferentiable ? 'not_differentiable' : bad < 0 ? 'ok' : 'not_finite';

  if (outputs.html !== undefined || outputs.latex !== undefined) {
    const render = await import('../../render/index.js');
    const doc = document.diffDocument(fn, wrt, derivatives, hessian, point && vals ? point.map((c) => `${c.name} = ${c.text}`).join(', ') : undefined);
    writeOutputFiles(documentFiles(outputs, doc, render));
    if (outputs.latex === '-') io.out(render.renderLatex(doc, { standalone: outputs.standalone }));
    else if (outputs.html === '-') io.out(render.renderHtml(doc)); // --html - prints the page, as on every command
  }
  if (outputs.latex === '-' || outputs.html === '-' || (outputs.quiet && !values['json'])) {
    /* the LaTeX (or nothing, with --quiet) is the whole of stdout */
  } else if (values['json']) {
    const doc: Record<string, unknown> = { status, function: fn, wrt, derivatives };
    if (hessian) doc['hessian'] = hessian;
    if (point) doc['at'] = Object.fromEntries(point.map((c) => [c.name, c.value]));
    if (kink) doc['reason'] = kink.reason;
    io.out(jsonDocument(doc));
  } else {
    const showLatex = Boolean(values['latex-lines']);
    const lines: string[] = [];
    const item = (label: string, e: { text: string; latex: string }): void => {
      lines.push(`  ${label} = ${e.text}`);
      if (showLatex) lines.push(`  ${' '.repeat(label.length)}   LaTeX: ${e.latex}`);
    };
    lines.push(`f(${expr.naturalOrder([...expr.freeSymbols(f)]).join(', ')}) = ${fn.text}`);
    if (showLatex) lines.push(`  LaTeX: ${fn.latex}`);
    lines.push('', n === 1 ? 'Derivative' : `Gradient (in the order ${wrt.join(', ')})`);
    // The widest name shown (a loop: a spread of n^2 Hessian names would overflow the stack).
    let width = 1;
    for (const x of wrt) width = Math.max(width, `df/d${x}`.length);
    if (hessian) for (const x of wrt) for (const y of wrt) width = Math.max(width, secondName(x, y).length);
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
  if (notDifferentiable) {
    io.err(`lagrangian diff: f is not differentiable at the point: ${notDifferentiable.reason}; the derivative values printed there are the rules' convention (sign(0) = 0), not derivatives\n`);
    return EXIT.NO_ANSWER;
  }
  if (bad >= 0) {
    io.err(
      `lagrangian diff: ${nameOf(bad)} is not finite at the point (${format.formatNumber(vals![bad]!)}); ` +
        'the point is outside the domain of the expression or at a singularity\n',
    );
    return EXIT.NO_ANSWER;
  }
  return EXIT.OK;
}

/**
 * The expressions of the answer whose tree text is over the print budget, with the
 * reason to show in `text_omitted`, decided on tree sizes counted over the DAG before any
 * text is built. Without `cseOnly` (--json --cse, no documents) such an answer is
 * refused: exit 1, naming the size and the --cse way out.
 */
function overBudget(
  f: Expr,
  wrt: readonly string[],
  gradient: readonly Expr[],
  hessian: readonly (readonly Expr[])[] | undefined,
  secondName: (x: string, y: string) => string,
  cseOnly: boolean,
): Map<Expr, string> {
  const printed: Expr[] = [f, ...gradient];
  const names = ['f', ...wrt.map((x) => `df/d${x}`)];
  hessian?.forEach((row, i) => row.forEach((h, j) => void (j >= i && (printed.push(h), names.push(secondName(wrt[i]!, wrt[j]!))))));
  const plan = planPrinting(printed);
  const out = new Map<Expr, string>();
  if (plan.omitted.size === 0) return out;
  if (!cseOnly) {
    const largest = [...plan.omitted][0]!;
    throw new CliError(
      `the tree text of ${names[largest]} would have ${formatNodes(plan.sizes[largest]!)} nodes (${formatNodes(plan.total)} in all), ` +
        `over the print budget of ${formatNodes(PRINT_BUDGET_NODES)} nodes (about 250 MB of JSON), so it is not printed; ` +
        'rerun with --json --cse for the form with shared subexpressions named, linear in the size of the DAG',
      EXIT.NO_ANSWER,
    );
  }
  for (const i of plan.omitted) out.set(printed[i]!, omittedReason(plan.sizes[i]!));
  return out;
}

/** The bare `--latex` of older scripts (a switch: LaTeX lines beside the text) is `--latex-lines`; `--latex FILE` is the common flag. */
function latexLinesAlias(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    out.push(a === '--latex' && (next === undefined || (next.startsWith('-') && next !== '-') || next === '--') ? '--latex-lines' : a);
  }
  return out;
}
