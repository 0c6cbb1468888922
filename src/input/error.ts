/**
 * The one error type for bad input files and fields. Every reader of user input (the
 * problem files of `solve`, `maxent`, `adjoint` and `optimize`, and their fields) throws
 * an `InputError`; the CLI translates it once into exit status 2 and a one-paragraph
 * message that quotes at most about 80 characters of the offending text.
 */
// The excerpt is the expression language's (one owner); its file has no imports, so the
// CLI's start-up does not load the parser.
import { ParseError, excerptAround } from '../expr/parse-error.js';

/** Bad input: which field or file, what is wrong, and where in its text. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    /** One sentence: what is wrong (no trailing period). */
    readonly reason: string,
    /** What the text is, as the user would name it: a file (`p.json`) or a field path (`subject_to[1]`). */
    readonly label: string,
    /** The offending text (a field's value, or one line of a file), when there is one. */
    readonly text?: string,
    /** 1-based position in `text`, when known. */
    readonly position?: number,
    /** 1-based line of the file that `text` is, for syntax errors of a whole file. */
    readonly fileLine?: number,
  ) {
    super(describeInput(reason, label, text, position, fileLine));
  }

  /** The field path (synonym of `label`, the name the problem readers used). */
  get field(): string {
    return this.label;
  }

  /** The same error with its label placed in `file` (`subject_to[1] of p.json`), unless it names the file already. */
  inFile(file: string): InputError {
    if (this.label === file || this.label.startsWith(`${file} `) || this.label.endsWith(` of ${file}`)) return this;
    return new InputError(this.reason, this.label === '' ? file : `${this.label} of ${file}`, this.text, this.position, this.fileLine);
  }
}

/** The message on one line: where (label, excerpt, position), then what is wrong. */
export function describeInput(reason: string, label: string, text?: string, position?: number, line?: number): string {
  if (text === undefined) return label === '' ? reason : `${label}: ${reason}`;
  const cut = excerptAround(text, position);
  if (line !== undefined) return cut.text.trim() === '' ? `in ${label}: ${reason}` : `in ${label}: ${reason}, in ${JSON.stringify(cut.text)}`;
  const where = position === undefined ? '' : ` at char ${position}`;
  return `in ${label} ${JSON.stringify(cut.text)}${where}: ${reason}`;
}

/**
 * Runs `read`, a parse of the text of one field (or of a part of it starting `offset`
 * characters in); a ParseError it throws becomes that field's InputError at the same
 * place in `text`. The one translation for the file readers.
 */
export function parsingField<T>(field: string, text: string, read: () => T, offset = 0): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ParseError) throw new InputError(err.reason, field, text, err.position === undefined ? undefined : err.position + offset);
    throw err;
  }
}
