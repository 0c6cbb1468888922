/**
 * `lagrangian demo [NAME...] [--list] [--json]`: derives, prints and verifies the
 * built-in cases of `demos/index.ts`. Exits 1 if any check fails.
 */
import { jsonDocument, type Command } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { CliError, EXIT, isDebug } from '../errors.js';

const HELP = `Usage: lagrangian demo [NAME...] [--list] [--json]

Derives, prints and verifies the built-in cases (all of them, or those named). Every
case checks its answers against independent ones (hand formulas, central differences,
KaTeX rendering of the LaTeX); the command fails if any check fails.

Options:
  --list      list the cases and exit
  --json      one JSON document: {"status": "passed" | "failed", "ok", "demos": [{"name",
              "description", "ok", "checks": [{"what", "ok", "detail"?}], "data"?}]}
  -q, --quiet nothing on stdout; failures still go to stderr, the exit status tells
              the outcome
  -h, --help  this help

Exit status: 0 every check passed; 1 a check failed; 2 an unknown case name.
`;

/** The `demo` command. */
export const demo: Command = {
  name: 'demo',
  summary: 'derive, print and verify the built-in examples',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { list: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' } });
    const { DEMOS } = await import('../demos/index.js');
    const json = Boolean(values['json']);
    // --quiet: nothing on stdout (failures still go to stderr; the exit status tells the outcome).
    if (values['quiet'] && !json) io = { ...io, out: () => {} };
    if (values['list']) {
      if (json) io.out(jsonDocument({ demos: DEMOS.map((d) => ({ name: d.name, description: d.description })) }));
      else io.out(`${DEMOS.map((d) => `${d.name.padEnd(Math.max(...DEMOS.map((x) => x.name.length)))}  ${d.description}`).join('\n')}\n`);
      return EXIT.OK;
    }
    for (const name of positionals) {
      if (!DEMOS.some((d) => d.name === name || d.aliases?.includes(name))) {
        throw new CliError(`unknown demo "${name}" (demos: ${DEMOS.map((d) => d.name).join(', ')})`, EXIT.BAD_INPUT, {
          label: 'NAME',
          text: name,
          position: 1,
        });
      }
    }
    const chosen = positionals.length > 0 ? DEMOS.filter((d) => positionals.includes(d.name) || d.aliases?.some((a) => positionals.includes(a))) : DEMOS;
    const print = json ? () => {} : (text = '') => io.out(`${text.replace(/^(?=.)/gm, '  ')}\n`);
    const reports: Record<string, unknown>[] = [];
    let failedChecks = 0;
    let totalChecks = 0;
    for (const d of chosen) {
      if (!json) io.out(`\n== ${d.name}: ${d.description}\n\n`);
      let report: Record<string, unknown>;
      try {
        const r = await d.run({ print });
        totalChecks += r.checks.length;
        const failed = r.checks.filter((c) => !c.ok);
        failedChecks += failed.length;
        const ok = r.ok && failed.length === 0 && r.checks.length > 0;
        report = { name: d.name, description: d.description, ok, checks: r.checks };
        if (r.data) report['data'] = r.data;
        if (!json) {
          io.out('\n');
          for (const c of r.checks) io.out(`  ${c.ok ? 'pass' : 'FAIL'}  ${c.what}${c.detail && !c.ok ? ` (${c.detail})` : ''}\n`);
          if (r.checks.length === 0) io.out('  FAIL  the case made no checks\n');
        }
      } catch (err) {
        // A demo that throws is a failed verification, reported without hiding the rest.
        failedChecks++;
        totalChecks++;
        const message = err instanceof Error ? err.message : String(err);
        report = { name: d.name, description: d.description, ok: false, checks: [], error: message };
        io.err(`lagrangian demo: case "${d.name}" failed with an error: ${message}\n`);
        if (isDebug(io.env) && err instanceof Error) io.err(`${err.stack}\n`);
      }
      reports.push(report);
    }
    const ok = reports.every((r) => r['ok'] === true);
    if (json) {
      io.out(jsonDocument({ status: ok ? 'passed' : 'failed', ok, demos: reports }));
    } else {
      const failedCases = reports.filter((r) => !r['ok']).map((r) => r['name']);
      io.out(
        ok
          ? `\nAll ${totalChecks} checks of ${reports.length} ${reports.length === 1 ? 'case' : 'cases'} passed.\n`
          : `\n${failedChecks} of ${totalChecks} checks failed (cases: ${failedCases.join(', ')}).\n`,
      );
    }
    return ok ? EXIT.OK : EXIT.NO_ANSWER;
  },
};
