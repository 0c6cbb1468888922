/**
 * `lagrangian gradcheck EXPR --at x=1,y=2 [--atol A] [--rtol R] [--richardson] [--json]`:
 * compares the compiled symbolic gradient with central differences at a point, one
 * component per variable of --at.
 */
import type { Command } from '../command.js';
import { parseCommandArgs, singleExpression, stringValues } from '../args.js';
import { CliError, EXIT } from '../errors.js';

const HELP = `Usage: lagrangian gradcheck EXPR --at x=1,y=2 [--atol A] [--rtol R] [--richardson] [--json]
       lagrangian gradcheck --at x=1 [options] -- EXPR      (when EXPR starts with "-")

Checks the symbolic gradient of EXPR against central finite differences at a point:
one component per variable of --at, in that order. The step for each component is
scaled to the value (about cbrt(machine epsilon) * max(1, |x_i|)); --richardson
extrapolates two step sizes for higher accuracy.

Arguments:
  EXPR             an expression (syntax as for lagrangian diff); quote it for the shell

Options:
  --at x=1,y=2     the point (required); every variable of EXPR needs a value; values
                   may be constant expressions (pi/4, 1/3); repeatable
  --atol A         absolute tolerance (default 1e-6; torch.autograd.gradcheck: 1e-5)
  --rtol R         relative tolerance (default 1e-4; torch.autograd.gradcheck: 1e-3)
  --richardson     Richardson extrapolation of the central differences
  --json           one JSON document: {"ok", "max_abs_error", "max_rel_error",
                   "components": [{"wrt", "symbolic", "numeric", "abs_error",
                   "rel_error"}], ...} (docs/interface.md)
  -h, --help       this help

A component passes when abs_error <= atol + rtol * |numeric| + noise: the rule of
torch.autograd.gradcheck plus an allowance for the rounding error of the difference
quotient (reported per component in --json); docs/guide.md explains the defaults.

Exit status: 0 every component passes; 1 a component fails (or is not finite);
2 bad input.

Example:
  lagrangian gradcheck "x^2*y + sin(x*y)" --at x=1,y=2
`;

/** The `gradcheck` command. */
export const gradcheck: Command = {
  name: 'gradcheck',
  summary: 'check the symbolic gradient against central differences at a point',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      at: { type: 'string', multiple: true },
      atol: { type: 'string' },
      rtol: { type: 'string' },
      richardson: { type: 'boolean' },
    });
    const text = singleExpression(positionals, 'gradcheck');
    const atTexts = stringValues(values['at']);
    const atol = tolerance(values['atol'], '--atol');
    const rtol = tolerance(values['rtol'], '--rtol');
    const [input, format, numeric] = await Promise.all([import('../input.js'), import('../format.js'), import('../../numeric/index.js')]);
    const f = input.parseExpression(text);
    if (atTexts.length === 0) throw new CliError('missing the point: give --at x=1,y=2 (every variable of EXPR needs a value)');
    const point = input.parsePoint(atTexts);
    input.requireBound(f, point, text);

    const report = numeric.gradcheck(
      { expr: f, vars: point.map((c) => c.name) },
      point.map((c) => c.value),
      { atol, rtol, richardson: Boolean(values['richardson']) },
    );
    if (values['json']) {
      io.out(format.jsonDocument({ status: report.ok ? 'passed' : 'failed', ...report, at: Object.fromEntries(point.map((c) => [c.name, c.value])) }));
    } else {
      const rows = [['wrt', 'symbolic', 'numeric', 'abs error', 'rel error', 'tolerance', 'verdict']];
      for (const c of report.components) {
        rows.push([
          c.wrt,
          format.formatNumber(c.symbolic),
          format.formatNumber(c.numeric),
          format.formatMagnitude(c.abs_error),
          format.formatMagnitude(c.rel_error),
          format.formatMagnitude(c.tolerance),
          c.ok ? 'ok' : 'FAIL',
        ]);
      }
      io.out(
        [
          `gradcheck of f = ${format.exprJson(f).text}`,
          `at ${format.formatPoint(point)} (central differences${report.richardson ? ' with Richardson extrapolation' : ''})`,
          '',
          format.columns(rows),
          '',
          `max abs error ${format.formatMagnitude(report.max_abs_error)}, max rel error ${format.formatMagnitude(report.max_rel_error)}`,
          `tolerance = atol + rtol*|numeric| + rounding noise, with atol ${short(report.atol)}, rtol ${short(report.rtol)}`,
          report.ok ? 'passed' : 'FAILED',
          '',
        ].join('\n'),
      );
    }
    if (!report.ok) {
      const bad = report.components.filter((c) => !c.ok).map((c) => c.wrt);
      io.err(`lagrangian gradcheck: the symbolic and numeric derivatives differ beyond the tolerance in ${bad.join(', ')}\n`);
      return EXIT.NO_ANSWER;
    }
    return EXIT.OK;
  },
};

function tolerance(value: unknown, label: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  const x = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(x) || x < 0) {
    throw new CliError(`${label} needs a finite number >= 0`, EXIT.BAD_INPUT, { label, text: value, position: 1 });
  }
  return x;
}

/** 1e-6 rather than 0.000001. */
function short(x: number): string {
  return x !== 0 && Math.abs(x) < 0.01 ? x.toExponential() : String(x);
}
