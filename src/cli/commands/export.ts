/**
 * `lagrangian export EXPR|FILE --lang python|numpy|jax|c|js [--wrt x,y] [--hessian]
 * [--hvp] [--loops always|auto|never] [--dense] [--output PATH] [--json]`: f and its
 * gradient (or a problem's objective, constraints, Jacobian and Hessian of the
 * Lagrangian) as self-contained code in another language.
 */
import { existsSync } from 'node:fs';
import { jsonDocument, type Command } from '../command.js';
import { parseCommandArgs, stringValues } from '../args.js';
import { readSourceFile, writeOutputFile } from '../source-file.js';
import { CliError, EXIT } from '../errors.js';

const HELP = `Usage: lagrangian export EXPR --lang LANG [--wrt x,y] [--hessian] [--hvp] [options]
       lagrangian export FILE --lang LANG [options]          (a problem, as for solve)
       lagrangian export --lang LANG [options] -- EXPR       (when EXPR starts with "-")

Writes self-contained code for an expression f: f(x), grad(x), f_grad(x) (both,
sharing work), and optionally hess(x) and hvp(x, v); or for a problem FILE (the JSON
of lagrangian solve; FILE is a path ending in .json, an existing file, or - for stdin):
  --lang c        IPOPT's C callbacks eval_f, eval_grad_f, eval_g, eval_jac_g, eval_h
                  (0-based triplets; eval_h is the lower triangle of obj_factor *
                  Hessian(f) + sum lambda[i] * Hessian(c_i)), with bounds g_lower/g_upper
  other LANG      SciPy's layout: fun, jac, hess, eq_fun/eq_jac, ineq_fun/ineq_jac and
                  a constraints list for scipy.optimize.minimize; SciPy's "ineq" means
                  fun >= 0, so ineq_fun is -g for the problem's g <= 0
A maximised objective is exported negated (both SciPy and IPOPT minimise).

Common subexpressions are computed once and repeated structure becomes loops. Inputs
are positional arrays (x[0], x[1], ...); the header lists the variable order, with
names escaped; no other user text appears in the output.

Options:
  --lang LANG      python (math module, floats), numpy (vectorised: x[i] may be an
                   array of points), jax (jax.numpy, float64), c (C99, <math.h>),
                   js (ES module; erf, which JavaScript lacks, as a helper)
  --wrt x,y        variable order for EXPR (default: its variables alphabetically)
  --hessian        EXPR: also hess(x), n x n
  --hvp            EXPR: also hvp(x, v) = Hessian(x) v, without forming the Hessian
  --loops MODE     always (default: loops wherever a pattern repeats 4 or more times),
                   auto (only for programs over 1000 instructions), never
  --dense          FILE with --lang c: every Jacobian and lower-triangle Hessian entry,
                   not only the structurally nonzero ones
  --output PATH    write the code to PATH instead of standard output
  -q, --quiet      with --output, say nothing about the file written (the code itself
                   still goes to stdout without --output; --json still prints its document)
  --json           one JSON document: {"status", "language", "layout", "variables",
                   "functions": [{"name", "instructions", "loops"}], "code"}
  -h, --help       this help

Problem parameters need numbers ("parameter_values"); the code takes only the variables.
Exit status: 0 ok; 2 bad input (parse error, unknown language, a parameter without a
value).

Examples:
  lagrangian export "100*(y - x^2)^2 + (1 - x)^2" --lang c --hessian
  lagrangian export problem.json --lang numpy --output problem_scipy.py
`;

const LOOPS = ['always', 'auto', 'never'] as const;

/** A problem FILE rather than an expression. */
function isFile(arg: string): boolean {
  return arg === '-' || /\.json$/i.test(arg) || (!/[()+*^/\s]/.test(arg) && existsSync(arg));
}

/** The `export` command. */
export const exportCommand: Command = {
  name: 'export',
  summary: 'f and its derivatives, or a problem, as Python, NumPy, JAX, C or JavaScript code',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      lang: { type: 'string' },
      wrt: { type: 'string', multiple: true },
      hessian: { type: 'boolean' },
      hvp: { type: 'boolean' },
      loops: { type: 'string' },
      dense: { type: 'boolean' },
      output: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
    });
    const room = await import('../../export/index.js');
    const lang = stringValues(values['lang'])[0];
    if (lang === undefined) throw new CliError(`missing --lang: one of ${room.LANGUAGES.join(', ')}`, EXIT.BAD_INPUT);
    if (!(room.LANGUAGES as readonly string[]).includes(lang)) {
      throw new CliError(`unknown language: use one of ${room.LANGUAGES.join(', ')}`, EXIT.BAD_INPUT, { label: '--lang', text: lang, position: 1 });
    }
    const loops = stringValues(values['loops'])[0] ?? 'always';
    if (!(LOOPS as readonly string[]).includes(loops)) throw new CliError(`--loops is one of ${LOOPS.join(', ')}`, EXIT.BAD_INPUT, { label: '--loops', text: loops, position: 1 });
    if (positionals.length !== 1) throw new CliError(positionals.length === 0 ? 'missing EXPR or FILE' : `expected one EXPR or FILE, got ${positionals.length} arguments`, EXIT.BAD_INPUT);
    const options = { lang: lang as (typeof room.LANGUAGES)[number], hessian: Boolean(values['hessian']), hvp: Boolean(values['hvp']), loops: loops as (typeof LOOPS)[number], dense: Boolean(values['dense']) };
    const arg = positionals[0]!;
    let result;
    let variables: readonly string[];
    try {
      if (isFile(arg)) {
        if (options.hessian || options.hvp || stringValues(values['wrt']).length > 0) throw new CliError('--wrt, --hessian and --hvp are for EXPR; a problem FILE exports its own layout', EXIT.BAD_INPUT);
        const { fileName, source } = readSourceFile(positionals, 'a problem as JSON');
        const lagrange = await import('../../lagrange/index.js');
        let problem;
        try {
          problem = room.numericProblem(lagrange.parseProblemText(source, fileName), lagrange.withParameterValues);
        } catch (err) {
          if (err instanceof lagrange.ProblemError) {
            const label = err.field === fileName ? fileName : `${err.field} of ${fileName}`;
            if (err.text === undefined) throw new CliError(`${label}: ${err.reason}`, EXIT.BAD_INPUT);
            throw new CliError(err.reason, EXIT.BAD_INPUT, { label, text: err.text, position: err.position });
          }
          throw err;
        }
        variables = problem.variables;
        result = room.exportProblem(problem, options);
      } else {
        const [input, expr] = await Promise.all([import('../input.js'), import('../../expr/index.js')]);
        const f = input.parseExpression(arg);
        const wrt = input.parseWrt(stringValues(values['wrt']));
        const free = [...expr.freeSymbols(f)].sort();
        const missing = free.filter((s) => wrt.length > 0 && !wrt.includes(s));
        if (missing.length > 0) throw new CliError(`EXPR depends on ${missing.map((s) => `"${s}"`).join(', ')}, which --wrt does not list`, EXIT.BAD_INPUT, { label: 'EXPR', text: arg });
        variables = wrt.length > 0 ? wrt : free;
        if (variables.length === 0) throw new CliError('the expression has no variables; name them with --wrt x', EXIT.BAD_INPUT, { label: 'EXPR', text: arg });
        result = room.exportExpression(f, variables, options);
      }
    } catch (err) {
      if (err instanceof room.ExportError) throw new CliError(err.message, EXIT.BAD_INPUT);
      throw err;
    }
    const outPath = stringValues(values['output'])[0];
    if (outPath) writeOutputFile(outPath, result.code);
    if (values['json']) {
      io.out(jsonDocument({ status: 'ok', language: result.language, layout: result.layout, variables, functions: result.functions, code: result.code, ...(outPath ? { output: outPath } : {}) }));
    } else if (!outPath) io.out(result.code);
    else if (!values['quiet']) io.err(`lagrangian export: wrote ${result.functions.map((f) => f.name).join(', ')} (${result.language}) to ${outPath}\n`);
    return EXIT.OK;
  },
};
