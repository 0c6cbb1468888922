/** The shapes every demo case shares (kept apart from the registry, so that the cases do not import it back). */

/** One verification inside a demo. */
export interface Check {
  /** What was verified, in a short sentence. */
  readonly what: string;
  readonly ok: boolean;
  /** Numbers or text behind the verdict (e.g. "got 1.23, expected 1.23, rel. error 2e-16"). */
  readonly detail?: string;
}

/** Where a demo writes its human-readable narrative (discarded under --json). */
export interface DemoIO {
  /** Prints one line (or several, separated by newlines). */
  print(text?: string): void;
}

/** What a demo reports: every check it made; `ok` when all passed. */
export interface DemoResult {
  readonly ok: boolean;
  readonly checks: readonly Check[];
  /** Machine-readable figures for `demo --json` (node counts, values). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A built-in case of `lagrangian demo`. */
export interface Demo {
  /** Short identifier, used as `lagrangian demo <name>`. */
  readonly name: string;
  /** Former names still accepted on the command line (never listed), for scripts. */
  readonly aliases?: readonly string[];
  /** One line saying what the case shows. */
  readonly description: string;
  run(io: DemoIO): Promise<DemoResult>;
}
