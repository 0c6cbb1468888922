/**
 * The registry of `lagrangian demo` cases: built-in problems that are derived,
 * printed and verified on every run. `demo` fails (exit 1) if any check fails.
 *
 * To add a case: create `demos/<name>.ts` exporting a `Demo` and add one line below.
 * This module is loaded only by the `demo` command (lazily), so demo files may import
 * the library's rooms directly.
 */
import { seed001 } from './seed001.js';
import { hessian2d } from './hessian.js';
import { swell } from './swell.js';
import { solveDemo } from './solve.js';
import { maxentDemo } from './maxent.js';
import { adjointDemo } from './adjoint.js';
import { optimizeDemo } from './optimize.js';

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
  /** Short identifier naming the case, used as `lagrangian demo <name>`. */
  readonly name: string;
  /** Former names still accepted on the command line (never listed), for scripts. */
  readonly aliases?: readonly string[];
  /** One line saying what the case shows. */
  readonly description: string;
  run(io: DemoIO): Promise<DemoResult>;
}

/** Every demo case, in the order `lagrangian demo` runs them. */
export const DEMOS: readonly Demo[] = [
  seed001,
  hessian2d,
  swell,
  solveDemo,
  maxentDemo,
  adjointDemo,
  optimizeDemo,
];
