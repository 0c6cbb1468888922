/**
 * `--timeout SECONDS`, the one wall-clock limit (INTERFACE.md): every budget inside the
 * library counts work, so the same input gives the same answer everywhere; only this
 * option looks at the clock. A synchronous computation cannot be interrupted from inside,
 * so the command runs in a worker thread and is terminated when the time runs out; the
 * run then ends with exit 1 and a reason that says so (with --json, one document:
 * status `no_optimum_found`, or `error` for diff and gradcheck, which answer no problem).
 */
import { Worker } from 'node:worker_threads';
import { jsonDocument } from './command.js';
import { CliError, EXIT } from './errors.js';

/** The arguments without `--timeout S`, and S in seconds when it was given. */
export interface TimeoutSplit {
  readonly seconds?: number;
  readonly rest: readonly string[];
}

/** Takes `--timeout S` or `--timeout=S` out of the options (never after `--`). */
export function splitTimeout(argv: readonly string[]): TimeoutSplit {
  const rest: string[] = [];
  let seconds: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    let value: string | undefined;
    if (a === '--timeout') {
      value = argv[++i];
      if (value === undefined) throw new CliError('--timeout needs a number of seconds (--timeout 30)', EXIT.BAD_INPUT);
    } else if (a.startsWith('--timeout=')) value = a.slice('--timeout='.length);
    else {
      rest.push(a);
      continue;
    }
    const s = Number(value);
    if (!/^\s*[0-9.eE+]+\s*$/.test(value) || !(s > 0) || !Number.isFinite(s)) {
      throw new CliError(`--timeout takes a positive number of seconds, got "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`, EXIT.BAD_INPUT);
    }
    seconds = s;
  }
  return seconds === undefined ? { rest } : { seconds, rest };
}

/** What the worker sends: output as it comes, then the exit status. */
type WorkerMessage = { readonly out: string } | { readonly err: string } | { readonly code: number };

/**
 * Runs the CLI on `argv` in a worker thread, forwarding its output, and ends it after
 * `seconds`. Resolves to the exit status (1 when the time ran out).
 */
export function runWithTimeout(argv: readonly string[], seconds: number, sinks: { out: (t: string) => void; err: (t: string) => void }, stderrIsTerminal = false): Promise<number> {
  const worker = startWorker([...argv], stderrIsTerminal);
  const json = (argv.indexOf('--') < 0 ? argv : argv.slice(0, argv.indexOf('--'))).includes('--json');
  const command = argv[0] ?? '';
  return new Promise((resolve) => {
    let finished = false;
    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      resolve(code);
    };
    const timer = setTimeout(() => {
      if (finished) return;
      void worker.terminate();
      const reason = `the --timeout of ${seconds} s ran out before the work finished (the answer does not depend on the machine's speed; only this limit does)`;
      sinks.err(`lagrangian ${command}: ${reason}\n`);
      if (json) {
        const status = command === 'diff' || command === 'gradcheck' ? 'error' : 'no_optimum_found';
        const doc = status === 'error' ? { status, error: { message: reason, timeout: seconds } } : { status, reason, timeout: seconds };
        sinks.out(jsonDocument(doc));
      }
      finish(EXIT.NO_ANSWER);
    }, seconds * 1000);
    worker.on('message', (m: WorkerMessage) => {
      if ('out' in m) sinks.out(m.out);
      else if ('err' in m) sinks.err(m.err);
      else finish(m.code);
    });
    worker.on('error', (e) => {
      sinks.err(`lagrangian ${command}: internal error in the timed run: ${e instanceof Error ? e.message : String(e)}\n`);
      finish(EXIT.INTERNAL);
    });
    worker.on('exit', () => finish(EXIT.INTERNAL));
  });
}

/**
 * The worker thread. Built, it is `timeout-worker.js`; under the test runner this module
 * is TypeScript, so the worker first registers tsx's loader (a development dependency,
 * resolved here only in that case) and then imports `timeout-worker.ts`.
 */
function startWorker(argv: string[], stderrIsTerminal: boolean): Worker {
  // The worker's stderr is a pipe to this thread: whether the real one is a terminal is passed along.
  const workerData = { argv, stderrIsTerminal };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./timeout-worker.js', import.meta.url), { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./timeout-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData });
}
