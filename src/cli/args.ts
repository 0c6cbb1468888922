/**
 * Argument parsing on node's `util.parseArgs`. An expression that starts with `-` must
 * follow `--`, after every option. The value syntaxes of name lists (`--wrt x,y`) and
 * points (`--at x=1,y=pi/4`) are compile's (point-text.ts), shared with the playground;
 * cli/input.ts turns their errors into CliErrors.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './errors.js';

/** Option declarations in `util.parseArgs` form. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

/** Parsed arguments of one command. */
export interface ParsedArgs {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  readonly positionals: string[];
}

/**
 * Parses a command's arguments strictly; unknown options, missing option values and
 * stray words become bad-input errors with a hint instead of node's generic text.
 */
export function parseCommandArgs(argv: readonly string[], options: OptionSpec): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (err) {
    throw translateParseArgsError(err, argv);
  }
}

function translateParseArgsError(err: unknown, argv: readonly string[]): CliError | unknown {
  const e = err as { code?: string; message?: string };
  const msg = e.message ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const opt = /'([^']*)'/.exec(msg)?.[1] ?? '';
      if (opt && !opt.startsWith('--') && opt.length > 1) {
        // Most likely an expression such as -x^2 read as options.
        const word = argv.find((a) => a.startsWith(opt)) ?? opt;
        return new CliError(
          `unknown option "${opt}"; an expression that starts with "-" must come last, after the options and "--" (as in ... --wrt x -- ${shellQuote(word)})`,
        );
      }
      return new CliError(`unknown option "${opt}" (see --help)`);
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const opt = /'(--?[A-Za-z-]+)/.exec(msg)?.[1] ?? 'an option';
      if (/argument missing/.test(msg)) return new CliError(`option ${opt} needs a value (see --help)`);
      if (/ambiguous/.test(msg)) {
        return new CliError(`the value of ${opt} starts with "-"; write it attached, as ${opt}=VALUE`);
      }
      return new CliError(`${opt}: ${msg.split('\n')[0]}`);
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new CliError(msg.split('\n')[0]!);
    default:
      return err;
  }
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_.,=+\-/^*]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The single expression argument of a command (bad input unless exactly one). */
export function singleExpression(positionals: readonly string[], command: string): string {
  if (positionals.length === 1) return positionals[0]!;
  if (positionals.length === 0) {
    throw new CliError(`missing the expression: lagrangian ${command} EXPR ... (see lagrangian ${command} --help)`);
  }
  const optionLike = positionals.find((p, i) => i > 0 && p.startsWith('-'));
  const hint = optionLike
    ? `; options such as ${optionLike} must come before "--"`
    : '; quote the expression so that the shell passes it as one argument';
  throw new CliError(
    `expected one expression, got ${positionals.length} arguments (${positionals.map((p) => JSON.stringify(p)).join(' ')})${hint}`,
  );
}

/** A string option's values; repeated options (`--at x=1 --at y=2`) give several. */
export function stringValues(value: ParsedArgs['values'][string]): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}
