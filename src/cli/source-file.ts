/**
 * The files of the file-driven commands (solve, maxent, adjoint, optimize): reading the
 * one FILE argument (a path, or `-` for standard input) and writing the pages and plots
 * they are asked for. Kept free of heavy imports so that a
 * command pays for the parser only after its input has been read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CliError, EXIT } from './errors.js';

/** The text of the command's input file and the name to use for it in messages. */
export interface SourceFile {
  /** The argument as given (`-` for stdin). */
  readonly file: string;
  /** How messages name the input: the path, or `stdin`. */
  readonly fileName: string;
  /** The whole text. */
  readonly source: string;
}

/**
 * Reads the single FILE positional. `what` describes the expected content for the
 * "missing FILE" message (e.g. "a problem as JSON").
 */
export function readSourceFile(positionals: readonly string[], what: string): SourceFile {
  if (positionals.length !== 1) {
    throw new CliError(
      positionals.length === 0 ? `missing FILE (${what}, or - for stdin)` : `expected one FILE, got ${positionals.length} arguments`,
      EXIT.BAD_INPUT,
    );
  }
  const file = positionals[0]!;
  const fileName = file === '-' ? 'stdin' : file;
  try {
    return { file, fileName, source: readFileSync(file === '-' ? 0 : file, 'utf8') };
  } catch (err) {
    throw new CliError(`cannot read ${file === '-' ? 'stdin' : `"${file}"`}: ${(err as Error).message}`, EXIT.BAD_INPUT);
  }
}

/** Writes an output file (an HTML page, LaTeX, an SVG plot); failure is bad input naming the path. */
export function writeOutputFile(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new CliError(`cannot write "${path}": ${(err as Error).message}`, EXIT.BAD_INPUT);
  }
}
