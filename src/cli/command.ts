/**
 * What a command is. Each command lives in `commands/<name>.ts` and is registered in
 * `commands/index.ts`. A command module must stay cheap to import (type-only imports
 * at the top, heavy rooms loaded inside `run` with `await import(...)`), so that
 * `lagrangian --help` and other commands start fast.
 */

/** Where a command writes. Text is written as given: add your own newlines. */
export interface CliIO {
  /** Standard output: results (and, with --json, exactly one JSON document). */
  readonly out: (text: string) => void;
  /** Standard error: messages for the human; never part of --json output. */
  readonly err: (text: string) => void;
  /** Environment variables (e.g. LAGRANGIAN_DEBUG). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Standard error is a terminal (long computations then show their progress there; progress.ts). */
  readonly stderrIsTerminal?: boolean;
}

/** One subcommand of `lagrangian`. */
export interface Command {
  /** The word after `lagrangian`. */
  readonly name: string;
  /** One line for `lagrangian --help`. */
  readonly summary: string;
  /** The full `--help` text: usage line, arguments, options, examples. */
  readonly help: string;
  /**
   * Runs the command on the arguments after its name (`--help` is handled before).
   * Returns the exit status (0, or 1 for a well-formed problem without an answer);
   * throws a `CliError` for bad input.
   */
  run(argv: readonly string[], io: CliIO): Promise<number>;
}

/** A JSON document as the whole of stdout (--json): two-space indents, one final newline; the one format of every command. */
export function jsonDocument(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
