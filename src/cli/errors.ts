/**
 * The CLI's error model. Every failure a user can cause is a `CliError` carrying the
 * exit status of INTERFACE.md (2 bad input, 1 well-formed but no answer) and, where it
 * is about a piece of text, that text and a 1-based position in it, so the message can
 * point at the offending character. Anything else that escapes a command is a bug in
 * this program (exit 70, see `main.ts`).
 */
import { describeInput, excerptAround, type InputError } from '../input/index.js';


/** Exit statuses of the `lagrangian` binary (documented in docs/guide.md). */
export const EXIT = {
  /** Success. */
  OK: 0,
  /** Well-formed input without an answer: a failed check, an undefined value, a solver that gave up. */
  NO_ANSWER: 1,
  /** Bad input: a parse error, an unknown option or variable, a malformed value. */
  BAD_INPUT: 2,
  /** The answer could not be written: stdout or stderr failed (a full disk, a closed pipe); sysexits' EX_IOERR. */
  OUTPUT: 74,
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
  /** The whole text of that argument (or one line of a file), when the error is about text. */
  readonly text?: string;
  /** 1-based position of the offending part of `text`, when known. */
  readonly position?: number;
  /** 1-based line of the file that `text` is (syntax errors of an input file). */
  readonly line?: number;
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
 * The human-readable message: one paragraph, naming the text (at most about 80
 * characters of it, around the position) and the position, with a caret under the
 * offending character.
 */
export function formatError(prefix: string, err: CliError): string {
  let out = `${prefix}: ${describeError(err)}`;
  const loc = err.location;
  if (loc?.text !== undefined && loc.position !== undefined) {
    const cut = excerptAround(loc.text, loc.position);
    if (cut.text.trim() !== '' && !/[\n\r]/.test(cut.text)) out += `\n    ${cut.text}\n    ${' '.repeat(Math.max(0, (cut.position ?? 1) - 1))}^`;
  }
  return out;
}

/** The message on one line: where (argument, an excerpt of its text, position), then what is wrong. */
export function describeError(err: CliError): string {
  const loc = err.location;
  if (!loc) return err.reason;
  return describeInput(err.reason, loc.label, loc.text, loc.position, loc.line);
}

/** An input file's error as a CliError (exit 2), its label placed in the file when given. */
export function inputErrorToCli(e: InputError, file?: string): CliError {
  const q = file === undefined ? e : e.inFile(file);
  if (q.text === undefined) return new CliError(q.label === '' ? q.reason : `${q.label}: ${q.reason}`, EXIT.BAD_INPUT);
  return new CliError(q.reason, EXIT.BAD_INPUT, {
    label: q.label,
    text: q.text,
    ...(q.position !== undefined ? { position: q.position } : {}),
    ...(q.fileLine !== undefined ? { line: q.fileLine } : {}),
  });
}
