/**
 * Dispatch and the one place where failures become exit statuses and messages.
 *
 * Exit statuses: 0 success; 1 a well-formed problem without an answer (reported in
 * the JSON); 2 bad input, with a one-paragraph message naming the text and position;
 * 70 an internal error (a bug: short message, "please report", the stack only with
 * LAGRANGIAN_DEBUG=1). With --json, stdout holds exactly one JSON document, failures
 * included: `{"status": "error", "error": {"message", "position"?}}`.
 */
import { readFileSync } from 'node:fs';
import { COMMANDS } from './commands/index.js';
import { jsonDocument, type CliIO, type Command } from './command.js';
import { CliError, EXIT, describeError, formatError, inputErrorToCli, isDebug } from './errors.js';
import { InputError, excerptAround } from '../input/index.js';

/** What a run of the CLI produced. */
export interface CliResult {
  /** The exit status. */
  readonly code: number;
  /** Everything written to stdout. */
  readonly stdout: string;
  /** Everything written to stderr. */
  readonly stderr: string;
}

/** Optional sinks: the real binary forwards to process streams; tests just collect. */
export interface RunOptions {
  readonly out?: (text: string) => void;
  readonly err?: (text: string) => void;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The command set (default: the registry); tests inject failing commands here. */
  readonly commands?: readonly Command[];
  /** Standard error is a terminal (the binary passes process.stderr.isTTY). */
  readonly stderrIsTerminal?: boolean;
}

/** The package version, read from package.json (two levels above both src/cli and dist/cli). */
export function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Options that every command takes, read before the command's own (main.ts handles them); shown under each command's help. */
const COMMON_HELP = `
Every command also takes:
  --timeout S      stop after S seconds of wall-clock time: exit 1 with status
                   no_optimum_found (error for diff and gradcheck) and a reason that
                   says so; the only limit that looks at the clock
`;

/** A command's help with the options every command takes. */
function commandHelp(c: { readonly help: string }): string {
  return ensureNewline(c.help) + COMMON_HELP;
}

/** The text of `lagrangian --help`. */
export function mainHelp(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `lagrangian: symbolic derivatives, Lagrangians and verified optimisation.

Usage: lagrangian <command> [options]
       lagrangian <command> --help

Commands:
${list}

Options:
  --json      print exactly one JSON document on stdout (see docs/interface.md)
  --help, -h  show help (for a command: lagrangian <command> --help)
  --version   print the version
  --timeout S (every command) stop after S seconds of wall-clock time: exit 1 with
              status no_optimum_found (error for diff and gradcheck) and a reason
              that says so; the only limit that looks at the clock

Exit status: 0 success; 1 well-formed but no answer (a failed check, an undefined
value); 2 bad input (message on stderr names the text and position); 70 internal error;
74 the output could not be written (stdout or stderr failed).
Expressions that start with "-" go last, after "--": lagrangian diff --wrt x -- -x^2
`;
}

/**
 * Runs the CLI in-process on the arguments after the program name, without calling
 * process.exit. Output is collected (and forwarded to the sinks, if given).
 */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const err = (t: string): void => {
    stderr += t;
    options.err?.(t);
  };
  const out = (t: string): void => {
    stdout += t;
    options.out?.(t);
  };
  const env = options.env ?? process.env;
  const commands = options.commands ?? COMMANDS;
  const findCommand = (name: string): Command | undefined => commands.find((c) => c.name === name);
  const dash = argv.indexOf('--');
  const flags = dash < 0 ? argv : argv.slice(0, dash);
  const json = flags.includes('--json');
  // With --json the command's stdout is held back, so a failure can replace it by the error document.
  let held = '';
  const stderrIsTerminal = options.stderrIsTerminal === true;
  const io: CliIO = { out: json ? (t) => void (held += t) : out, err, env, stderrIsTerminal };

  const first = argv[0];
  let command: Command | undefined;
  let prefix = 'lagrangian';
  try {
    if (flags.includes('--timeout') || flags.some((a) => a.startsWith('--timeout='))) {
      // The one wall-clock limit: the command runs in a worker thread that is ended when time runs out.
      const { splitTimeout, runWithTimeout } = await import('./timeout.js');
      const split = splitTimeout(argv);
      if (split.seconds !== undefined) return done(await runWithTimeout(split.rest, split.seconds, { out, err }, stderrIsTerminal));
    }
    if (first === undefined) {
      err(mainHelp(commands));
      return done(EXIT.BAD_INPUT);
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      const topic = first === 'help' ? argv[1] : undefined;
      if (topic === undefined) {
        out(mainHelp(commands));
        return done(EXIT.OK);
      }
      const c = findCommand(topic);
      if (!c) throw unknownCommand(topic, commands);
      out(commandHelp(c));
      return done(EXIT.OK);
    }
    if (first === '--version' || first === '-V') {
      out(`${version()}\n`);
      return done(EXIT.OK);
    }
    command = findCommand(first);
    if (!command) throw unknownCommand(first, commands);
    prefix = `lagrangian ${command.name}`;
    if (flags.includes('--help') || flags.includes('-h')) {
      out(commandHelp(command));
      return done(EXIT.OK);
    }
    const code = await command.run(argv.slice(1), io);
    if (json) out(held);
    return done(code);
  } catch (e) {
    return done(report(e));
  }

  function done(code: number): CliResult {
    return { code, stdout, stderr };
  }

  function report(e: unknown): number {
    const known = asCliError(e);
    if (known) {
      err(`${formatError(prefix, known)}\n`);
      if (known.code === EXIT.BAD_INPUT && command) err(`Run "lagrangian ${command.name} --help" for usage.\n`);
      if (json) {
        const error: Record<string, unknown> = { message: describeError(known) };
        if (known.location?.position !== undefined) error['position'] = known.location.position;
        if (known.location) {
          if (known.location.text !== undefined) error['text'] = excerptAround(known.location.text, known.location.position).text;
          if (known.location.line !== undefined) error['line'] = known.location.line;
          error['argument'] = known.location.label;
        }
        out(jsonDocument({ status: 'error', error }));
      }
      return known.code;
    }
    const message = e instanceof Error ? e.message : String(e);
    err(
      `${prefix}: internal error: ${message}\n` +
        `This is a bug in lagrangian ${version()}; please report it with the command line that caused it.` +
        (isDebug(env) ? `\n${e instanceof Error ? e.stack : ''}\n` : ' Set LAGRANGIAN_DEBUG=1 to see the stack trace.\n'),
    );
    if (json) out(jsonDocument({ status: 'error', error: { message: `internal error: ${message}`, internal: true } }));
    return EXIT.INTERNAL;
  }
}

/** Errors from the library that mean bad input or no answer, seen as CliErrors. */
export function asCliError(e: unknown): CliError | undefined {
  if (e instanceof CliError) return e;
  if (e instanceof InputError) return inputErrorToCli(e);
  if (e instanceof Error && e.name === 'ParseError') {
    const p = e as Error & { reason?: string; text?: string; position?: number };
    return new CliError(p.reason ?? p.message, EXIT.BAD_INPUT, { label: 'the expression', text: p.text ?? '', position: p.position });
  }
  if (e instanceof Error && e.name === 'DomainError') {
    return new CliError(`no real value: ${e.message}`, EXIT.NO_ANSWER);
  }
  // A printed tree can outgrow V8's largest string (2^29 characters) even where the DAG is
  // small: a well-formed request without a printable answer, not a bug.
  if (e instanceof RangeError && /Invalid string length/.test(e.message)) {
    return new CliError('the result is too large to print as text (over the 512 MB string limit of the JavaScript engine); the library API keeps it as a DAG', EXIT.NO_ANSWER);
  }
  return undefined;
}

function unknownCommand(name: string, commands: readonly Command[]): CliError {
  const names = commands.map((c) => c.name).join(', ');
  return new CliError(`unknown command "${name}" (commands: ${names}; see lagrangian --help)`, EXIT.BAD_INPUT);
}

function ensureNewline(s: string): string {
  return s.endsWith('\n') ? s : `${s}\n`;
}
