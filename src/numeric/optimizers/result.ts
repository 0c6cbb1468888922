/** Wraps per-start results into a BatchResult with its best run. */
import { bestRun } from './common.js';
import type { BatchResult, Method, RunResult } from './types.js';

/** The BatchResult of a method's runs. */
export function bestRunResult(method: Method, runs: readonly RunResult[]): BatchResult {
  return { method, runs, best: bestRun(runs) };
}
