/**
 * The CLI's error model. Every failure a user can cause is a `CliError` carrying the
 * exit status of INTERFACE.md (2 bad input, 1 well-formed but no answer) and, where it
 * is about a piece of text, that text and a 1-based position in it, so the message can
 * point at the offending character. Anything else that escapes a command is a bug in
 * this program (exit 70, see `main.ts`).
 */

import { excerpt } from '../expr/parse-error.js';

/** Exit statuses of the `lagrangian` binary (documented in docs/guide.md). */
export const EXIT = {
  /** Success. */
  OK: 0,
  /** Well-formed input without an answer: a failed check, an undefined value, a solver that gave up. */
  NO_ANSWER: 1,
  /** Bad input: a parse error, an unknown option or variable, a malformed value. */
  BAD_INPUT: 2,
  /** An internal error: a bug in lagrangian (sysexits' EX_SOFTWARE), never caused by input alone. */
  INTERNAL: 70,
} as const;

/** LAGRANGIAN_DEBUG=1 (any value but empty or 0) asks for stack traces of internal errors. */
export function isDebug(env: Readonly<Record<string, string | undefined>>): boolean {
  const v = env['LAGRANGIAN_DEBUG'];
  return v !== undefined && v !== '' && v !== '0';
}

/** Where an error points: the text of one argument and a 1-based character position in it. */
export interface ErrorLocation {
  /** What the text is, as the user would name it: `EXPR`, `--at`, `--wrt`. */
  readonly label: string;
  /** The whole text of that argument. */
  readonly text: string;
  /** 1-based position of the offending part of `text`, when known. */
  readonly position?: number;
}

/** An error the user can act on; its message is shown without a stack trace. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    /** One sentence saying what is wrong (no trailing period needed). */
    readonly reason: string,
    /** Exit status: EXIT.BAD_INPUT or EXIT.NO_ANSWER. */
    readonly code: number = EXIT.BAD_INPUT,
    /** The text and position the error is about. */
    readonly location?: ErrorLocation,
  ) {
    super(reason);
  }
}

/**
 * The human-readable message: one paragraph, naming the text and the position, with a
 * caret under the offending character when the text fits on a line.
 */
export function formatError(prefix: string, err: CliError): string {
  let out = `${prefix}: ${describeError(err)}`;
  const loc = err.location;
  if (loc?.position !== undefined && loc.text.length <= 200 && !/[\n\r]/.test(loc.text)) {
    out += `\n    ${loc.text}\n    ${' '.repeat(Math.max(0, loc.position - 1))}^`;
  }
  return out;
}

/** The message on one line: where (argument, text, position), then what is wrong. */
export function describeError(err: CliError): string {
  const loc = err.location;
  if (!loc) return err.reason;
  const where = loc.position === undefined ? '' : ` at char ${loc.position}`;
  // An excerpt of about 80 characters around the position, never the whole (maybe huge) text.
  return `in ${loc.label} ${JSON.stringify(excerpt(loc.text, loc.position))}${where}: ${err.reason}`;
}
