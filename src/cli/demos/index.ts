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
import { backpropMatrixDemo } from './backprop-matrix.js';
import { trpoMatrixDemo } from './trpo-matrix.js';
import { optimizeDemo } from './optimize.js';

export type { Check, DemoIO, DemoResult, Demo } from './types.js';
import type { Demo } from './types.js';

/** Every demo case, in the order `lagrangian demo` runs them. */
export const DEMOS: readonly Demo[] = [
  seed001,
  hessian2d,
  swell,
  solveDemo,
  maxentDemo,
  adjointDemo,
  trpoMatrixDemo,
  backpropMatrixDemo,
  optimizeDemo,
];
