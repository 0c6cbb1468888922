/**
 * `lagrangian gradcheck EXPR --at x=1,y=2 [--grad G] [--hessian | --hess H] [--directional]
 * [--atol A] [--rtol R] [--richardson] [--json]`: compares a gradient (ours, compiled from
 * the symbolic derivative, or the user's own with --grad) with central differences at a
 * point, one component per variable of --at; optionally a Hessian too. A point where f
 * is not differentiable (the kink of abs) or has an infinite derivative (sqrt at 0) is
 * reported as such, never as a pass or a plain mismatch.
 */
import { jsonDocument, type Command } from '../command.js';
import { parseCommandArgs, singleExpression, stringValues } from '../args.js';
import { splitTopLevel } from '../../input/index.js';
import { CliError, EXIT } from '../errors.js';
import { SHAPE_OPTIONS, hasShapes } from './shaped-options.js';
import type { Expr } from '../../expr/index.js';

const HELP = `Usage: lagrangian gradcheck EXPR --at x=1,y=2 [--grad "G1, G2"] [--hessian | --hess "H11, H12; H21, H22"]
                           [--directional [--seed N]] [--atol A] [--rtol R] [--richardson] [--json]
       lagrangian gradcheck --at x=1 [options] -- EXPR      (when EXPR starts with "-")

Checks a gradient of EXPR against central finite differences at a point: one component
per variable of --at, in that order. The gradient is the symbolic one, or with --grad
the one you wrote. The step for each component is scaled to the value (about
cbrt(machine epsilon) * max(1, |x_i|)); --richardson extrapolates two step sizes.

Arguments:
  EXPR             an expression (syntax as for lagrangian diff); quote it for the shell

Options:
  --at x=1,y=2     the point (required); every variable of EXPR needs a value; values
                   may be constant expressions (pi/4, 1/3); repeatable
  --grad "G1, G2"  check this gradient instead of ours: one expression per variable of
                   --at, in that order, separated by commas
  --hessian        also check the symbolic Hessian against differences of the gradient
  --hess "H11, H12; H21, H22"
                   check this Hessian instead (rows separated by ";", in --at order)
  --directional    also check the gradient along one seeded random unit direction v
                   (grad.v against (f(x+hv) - f(x-hv))/2h: 2 evaluations for any n)
  --seed N         seed of the direction (default 0)
  --atol A         absolute tolerance (default 1e-6; torch.autograd.gradcheck: 1e-5)
  --rtol R         relative tolerance (default 1e-4; torch.autograd.gradcheck: 1e-3)
  --richardson     Richardson extrapolation of the central differences
  --shape, --props, --dims   vectors and matrices, as for lagrangian diff; then --at
                   takes nested lists ('x=[1,2,3]') and every entry is checked
  --json           one JSON document: {"status", "ok", "max_abs_error", "max_rel_error",
                   "components": [{"wrt", "symbolic", "numeric", "abs_error",
                   "rel_error"}], "gradient": "symbolic" | "claimed", "hessian"?,
                   "directional"?, "reason"?} (docs/interface.md)
  -q, --quiet      print no report on stdout (--json still prints its document); the
                   exit status tells the outcome
  -h, --help       this help

A component passes when abs_error <= atol + rtol * |numeric| + noise: the rule of
torch.autograd.gradcheck plus an allowance for the rounding error of the difference
quotient (reported per component in --json); docs/guide.md explains the defaults.

Exit status: 0 every check passes; 1 a component fails, is not finite, or f is not
differentiable at the point (status "not_differentiable" or "infinite_derivative");
2 bad input.

Examples:
  lagrangian gradcheck "x^2*y + sin(x*y)" --at x=1,y=2
  lagrangian gradcheck "x^2*y" --grad "2*x*y, x^2" --hessian --at x=1,y=2
`;

/** The `gradcheck` command. */
export const gradcheckCommand: Command = {
  name: 'gradcheck',
  summary: 'check a gradient (ours or yours) and a Hessian against central differences at a point',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      at: { type: 'string', multiple: true },
      grad: { type: 'string' },
      hessian: { type: 'boolean' },
      hess: { type: 'string' },
      directional: { type: 'boolean' },
      seed: { type: 'string' },
      atol: { type: 'string' },
      rtol: { type: 'string' },
      richardson: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      ...SHAPE_OPTIONS,
    });
    const text = singleExpression(positionals, 'gradcheck');
    const atTexts = stringValues(values['at']);
    const atol = tolerance(values['atol'], '--atol');
    const rtol = tolerance(values['rtol'], '--rtol');
    if (hasShapes(values)) {
      const unsupported = ['grad', 'hessian', 'hess', 'directional'].find((k) => values[k] !== undefined);
      if (unsupported) throw new CliError(`--${unsupported} is not available with --shape yet (the shaped gradcheck checks our matrix gradient entry by entry)`);
      return (await import('./shaped.js')).shapedGradcheck(values, text, io, { atol, rtol, richardson: Boolean(values['richardson']) });
    }
    const seed = seedValue(values['seed']);
    const [input, format, numeric, expr] = await Promise.all([
      import('../input.js'),
      import('../format.js'),
      import('../../numeric/index.js'),
      import('../../expr/index.js'),
    ]);
    const f = input.parseExpression(text);
    if (atTexts.length === 0) throw new CliError('missing the point: give --at x=1,y=2 (every variable of EXPR needs a value)');
    const point = input.parsePoint(atTexts);
    input.requireBound(f, point, text);
    const names = point.map((c) => c.name);
    const x = point.map((c) => c.value);

    /** Expressions separated by commas (a row), each checked against the point's names. */
    const expressionList = (listText: string, label: string, offset = 0, whole = listText): Expr[] =>
      splitTopLevel(listText).map((piece) => {
        let e: Expr;
        try {
          e = expr.parse(piece.text);
        } catch (err) {
          if (!(err instanceof expr.ParseError)) throw err;
          const position = offset + piece.position + (err.position ?? 1) - 1;
          throw new CliError(err.reason, EXIT.BAD_INPUT, { label, text: whole, position });
        }
        input.requireBound(e, point, whole, label);
        return e;
      });

    const gradText = typeof values['grad'] === 'string' ? values['grad'] : undefined;
    const claimed = gradText === undefined ? undefined : expressionList(gradText, '--grad');
    if (claimed && claimed.length !== names.length) {
      throw new CliError(`--grad has ${claimed.length} components but --at names ${names.length} variables (${names.join(', ')}); give one per variable, in that order`, EXIT.BAD_INPUT, {
        label: '--grad',
        text: gradText!,
      });
    }
    const hessText = typeof values['hess'] === 'string' ? values['hess'] : undefined;
    let claimedHessian: Expr[][] | undefined;
    if (hessText !== undefined) {
      let offset = 0;
      claimedHessian = hessText.split(';').map((row) => {
        const r = expressionList(row, '--hess', offset, hessText);
        offset += row.length + 1;
        return r;
      });
      if (claimedHessian.length !== names.length || claimedHessian.some((row) => row.length !== names.length)) {
        throw new CliError(`--hess must be ${names.length}×${names.length} (rows separated by ";", entries by ","), in the order of --at`, EXIT.BAD_INPUT, {
          label: '--hess',
          text: hessText,
        });
      }
    }

    const options = { atol, rtol, richardson: Boolean(values['richardson']) };
    const target = claimed ? { expr: f, vars: names, claimed } : { expr: f, vars: names };
    const report = numeric.gradcheck(target, x, options);
    const hessian = values['hessian'] || claimedHessian ? numeric.hessianCheck({ expr: f, vars: names, claimed: claimedHessian }, x, options) : undefined;
    const directional = values['directional'] ? numeric.directionalCheck(target, x, { ...options, seed }) : undefined;
    const nonsmooth = numeric.findNonsmooth(f, names, x);
    const infinite = report.components.find((c) => c.symbolic === Infinity || c.symbolic === -Infinity);
    const reason = nonsmooth?.reason ?? (infinite ? `the derivative with respect to ${infinite.wrt} is infinite at the point` : undefined);
    const ok = !reason && report.ok && (hessian?.ok ?? true) && (directional?.ok ?? true);
    const status = nonsmooth ? nonsmooth.kind : infinite ? 'infinite_derivative' : ok ? 'passed' : 'failed';

    if (values['json']) {
      const doc: Record<string, unknown> = { status, ...report, ok, gradient: claimed ? 'claimed' : 'symbolic' };
      if (claimed) doc['claimed'] = claimed.map((g, i) => ({ wrt: names[i], ...format.exprJson(g) }));
      if (hessian) doc['hessian'] = { ...hessian, source: claimedHessian ? 'claimed' : 'symbolic' };
      if (directional) doc['directional'] = { ...directional, direction: Array.from(directional.direction), seed };
      if (reason) doc['reason'] = reason;
      doc['at'] = Object.fromEntries(point.map((c) => [c.name, c.value]));
      io.out(jsonDocument(doc));
    } else if (!values['quiet']) {
      const rows = [['wrt', claimed ? 'claimed' : 'symbolic', 'numeric', 'abs error', 'rel error', 'tolerance', 'verdict']];
      for (const c of report.components) {
        rows.push([c.wrt, format.formatNumber(c.symbolic), format.formatNumber(c.numeric), format.formatMagnitude(c.abs_error), format.formatMagnitude(c.rel_error), format.formatMagnitude(c.tolerance), c.ok ? 'ok' : 'FAIL']);
      }
      const lines = [
        `gradcheck of f = ${format.exprJson(f).text}${claimed ? ' (your gradient)' : ''}`,
        `at ${format.formatPoint(point)} (central differences${report.richardson ? ' with Richardson extrapolation' : ''})`,
        '',
        format.columns(rows),
        '',
        `max abs error ${format.formatMagnitude(report.max_abs_error)}, max rel error ${format.formatMagnitude(report.max_rel_error)}`,
      ];
      if (hessian) {
        const bad = hessian.entries.filter((e) => !e.ok);
        lines.push(
          `Hessian (${claimedHessian ? 'yours' : 'symbolic'}) against differences of the gradient: max abs error ${format.formatMagnitude(hessian.max_abs_error)}, ` +
            (bad.length === 0 ? 'every entry ok' : `FAIL in ${bad.map((e) => `(${e.row}, ${e.col})`).join(', ')}`),
        );
      }
      if (directional) {
        lines.push(`along a random direction (seed ${seed}): ${format.formatNumber(directional.symbolic)} vs ${format.formatNumber(directional.numeric)}, ${directional.ok ? 'ok' : 'FAIL'}`);
      }
      lines.push(`tolerance = atol + rtol*|numeric| + rounding noise, with atol ${short(report.atol)}, rtol ${short(report.rtol)}`);
      lines.push(reason ? `NOT DIFFERENTIABLE: ${reason}` : ok ? 'passed' : 'FAILED', '');
      io.out(lines.join('\n'));
    }
    if (reason) {
      io.err(`lagrangian gradcheck: no derivative to check at the point: ${reason}\n`);
      return EXIT.NO_ANSWER;
    }
    if (!ok) {
      const bad = report.components.filter((c) => !c.ok).map((c) => c.wrt);
      const parts: string[] = [];
      if (bad.length > 0) parts.push(`the ${claimed ? 'claimed' : 'symbolic'} and numeric derivatives differ beyond the tolerance in ${bad.join(', ')}`);
      if (hessian && !hessian.ok) parts.push(`the Hessian differs from differences of the gradient in ${hessian.entries.filter((e) => !e.ok).map((e) => `(${e.row}, ${e.col})`).join(', ')}`);
      if (directional && !directional.ok) parts.push('the directional derivative differs beyond the tolerance');
      io.err(`lagrangian gradcheck: ${parts.join('; ')}\n`);
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

function seedValue(value: unknown): number {
  if (typeof value !== 'string') return 0;
  const x = Number(value.trim());
  if (value.trim() === '' || !Number.isSafeInteger(x) || x < 0) {
    throw new CliError('--seed needs a non-negative integer', EXIT.BAD_INPUT, { label: '--seed', text: value, position: 1 });
  }
  return x;
}

/** 1e-6 rather than 0.000001. */
function short(x: number): string {
  return x !== 0 && Math.abs(x) < 0.01 ? x.toExponential() : String(x);
}
