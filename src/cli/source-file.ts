/**
 * The files of the file-driven commands (solve, maxent, adjoint, optimize): reading the
 * one FILE argument (a path, or `-` for standard input) and writing the pages, LaTeX and
 * plots they are asked for. Kept free of heavy imports so that a command pays for the
 * parser only after its input has been read.
 *
 * Outputs are written all or nothing: every output goes to a temporary file in its own
 * directory first, and only when all of them are written are they renamed into place,
 * so a failed write never leaves a truncated page nor destroys the previous one. An
 * output path that is an input of the same call is refused before anything is written.
 */
import { readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
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
    if (file !== '-' && statSync(file).isDirectory()) throw new CliError(`cannot read "${file}": it is a directory`, EXIT.BAD_INPUT);
    return { file, fileName, source: readFileSync(file === '-' ? 0 : file, 'utf8') };
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot read ${file === '-' ? 'stdin' : `"${file}"`}: ${systemMessage(err)}`, EXIT.BAD_INPUT);
  }
}

/** One output file: where, and its text (or a function that builds it, called only when the outputs are accepted). */
export interface OutputFile {
  /** The path as the user gave it. */
  readonly path: string;
  /** The option that named it (`--html`), for messages. */
  readonly option: string;
  /** Text, or bytes (a PNG). */
  readonly text: string | Uint8Array;
}

/**
 * Refuses output paths that would overwrite an input of the call or another output.
 * Call it before the work, so a refused call costs nothing.
 */
export function checkOutputPaths(outputs: readonly { path: string; option: string }[], inputs: readonly string[]): void {
  const inputIds = new Map<string, string>();
  for (const input of inputs) {
    if (input === '-') continue;
    const id = fileIdentity(input);
    if (id) inputIds.set(id, input);
  }
  const seen = new Map<string, string>();
  for (const out of outputs) {
    if (out.path === '') throw new CliError(`${out.option} needs a file name`, EXIT.BAD_INPUT);
    const id = fileIdentity(out.path) ?? `path:${resolve(out.path)}`;
    const input = inputIds.get(id);
    if (input !== undefined) {
      throw new CliError(`${out.option} "${out.path}" is the input file of this call; refusing to overwrite it (choose another output path)`, EXIT.BAD_INPUT);
    }
    const other = seen.get(id);
    if (other !== undefined) throw new CliError(`${out.option} "${out.path}" is also the file of ${other}; give each output its own path`, EXIT.BAD_INPUT);
    seen.set(id, out.option);
  }
}

/** Device and inode of an existing file (so links and `./x` match `x`), else its real path; undefined when absent. */
function fileIdentity(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `ino:${st.dev}:${st.ino}`;
  } catch {
    try {
      return `path:${realpathSync(dirname(resolve(path)))}/${basename(path)}`;
    } catch {
      return undefined;
    }
  }
}

/**
 * Writes every output or none: each to a temporary file beside its target, then renames
 * them all. A failure removes the temporary files and leaves every target as it was;
 * it is bad input (exit 2) naming the path.
 */
export function writeOutputFiles(outputs: readonly OutputFile[]): void {
  const staged: { tmp: string; out: OutputFile }[] = [];
  const cleanUp = () => {
    for (const s of staged) rmSync(s.tmp, { force: true });
  };
  for (const out of outputs) {
    const tmp = join(dirname(out.path), `.${basename(out.path)}.${process.pid}.${staged.length}.tmp`);
    try {
      if (isSpecialFile(out.path)) {
        // A device or pipe (/dev/stdout, /dev/null, a FIFO) cannot be renamed onto: write it directly, last.
        staged.push({ tmp: '', out });
        continue;
      }
      writeFileSync(tmp, out.text, { flag: 'wx' });
      staged.push({ tmp, out });
    } catch (err) {
      cleanUp();
      throw new CliError(`cannot write "${out.path}" (${out.option}): ${systemMessage(err)}; no output file was written`, EXIT.BAD_INPUT);
    }
  }
  // Devices first (they cannot be staged), then the renames, which rarely fail.
  const ordered = [...staged.filter((s) => s.tmp === ''), ...staged.filter((s) => s.tmp !== '')];
  for (const s of ordered) {
    try {
      if (s.tmp === '') writeFileSync(s.out.path, s.out.text);
      else renameSync(s.tmp, s.out.path);
    } catch (err) {
      cleanUp();
      throw new CliError(`cannot write "${s.out.path}" (${s.out.option}): ${systemMessage(err)}`, EXIT.BAD_INPUT);
    }
  }
}

/** Writes one output file (an SVG plot, a page), atomically. */
export function writeOutputFile(path: string, text: string, option = 'output'): void {
  writeOutputFiles([{ path, option, text }]);
}

function isSpecialFile(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

/** A system error in words: node's message without the syscall noise (`ENOENT: no such file or directory, open '...'`). */
function systemMessage(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const m = /^[A-Z]+: ([^,]+)/.exec(e.message ?? '');
  if (e.code === 'EISDIR') return 'it is a directory';
  return m ? m[1]! : (e.message ?? String(err));
}
