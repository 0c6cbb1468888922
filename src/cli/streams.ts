/**
 * The process's standard streams as the CLI's sinks. A failed write (stdout to
 * /dev/full, a reader that closed the pipe, a closed descriptor) ends the process with
 * one line on stderr (when stderr still works) and exit status EXIT.OUTPUT, never a stack
 * trace: the answer did not reach the user, so the run did not succeed.
 */
import { writeSync } from 'node:fs';
import { EXIT } from './errors.js';

/** The parts of a writable stream the sinks use (process.stdout, or a test double). */
export interface OutputStream {
  write(text: string): unknown;
  on(event: 'error', listener: (err: NodeJS.ErrnoException) => void): unknown;
}

/** What to do when a stream fails: report the line and end with the status. */
export interface StreamFailureHandler {
  (line: string | undefined, code: number): void;
}

/** The failure of a stream in words. */
export function streamFailureLine(name: string, err: NodeJS.ErrnoException): string {
  const why =
    err.code === 'EPIPE'
      ? 'the reading end of the pipe was closed (EPIPE)'
      : err.code === 'ENOSPC'
        ? 'no space left on the device (ENOSPC)'
        : err.code === 'EBADF'
          ? 'the descriptor is closed (EBADF)'
          : `${err.code ?? 'error'}: ${String(err.message ?? err).split('\n')[0]}`;
  return `lagrangian: cannot write to ${name}: ${why}`;
}

/**
 * Sinks writing to `stdout` and `stderr` that turn a write error (thrown, or emitted
 * later as an 'error' event) into `fail(line, EXIT.OUTPUT)` once. The line is undefined
 * when stderr itself failed (nowhere to say it).
 */
export function streamSinks(stdout: OutputStream, stderr: OutputStream, fail: StreamFailureHandler): { out: (t: string) => void; err: (t: string) => void } {
  let failed = false;
  const failure = (name: 'stdout' | 'stderr') => (e: NodeJS.ErrnoException) => {
    if (failed) return;
    failed = true;
    fail(name === 'stderr' ? undefined : streamFailureLine(name, e), EXIT.OUTPUT);
  };
  const onOut = failure('stdout');
  const onErr = failure('stderr');
  stdout.on('error', onOut);
  stderr.on('error', onErr);
  const guarded = (stream: OutputStream, onError: (e: NodeJS.ErrnoException) => void) => (t: string) => {
    if (failed) return;
    try {
      stream.write(t);
    } catch (e) {
      onError(e as NodeJS.ErrnoException);
    }
  };
  return { out: guarded(stdout, onOut), err: guarded(stderr, onErr) };
}

/** The failure handler of the real binary: the line straight to descriptor 2, then exit. */
export function exitOnStreamFailure(line: string | undefined, code: number): never {
  if (line !== undefined) {
    try {
      writeSync(2, `${line}\n`);
    } catch {
      /* stderr is gone too: the exit status is all that is left */
    }
  }
  process.exit(code);
}
