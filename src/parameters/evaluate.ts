/** Safe numeric evaluation of expressions at parameter values: NaN where undefined, never a throw. */
import { freeSymbols, type Expr } from '../expr/index.js';
import { evaluateAll } from '../compile/index.js';

/** Values of the expressions at one binding of their symbols (NaN where undefined or unbound). */
export function evaluateAt(es: readonly Expr[], env: ReadonlyMap<string, number>): number[] {
  try {
    return evaluateAll(es, env);
  } catch {
    return es.map(() => NaN);
  }
}

/** The value of one expression at a binding of its symbols (NaN where undefined or unbound). */
export function valueAt(e: Expr, env: ReadonlyMap<string, number>): number {
  return evaluateAt([e], env)[0]!;
}

/** Does the expression mention any of the parameters? */
export function isParametric(e: Expr, parameters: readonly string[]): boolean {
  for (const s of freeSymbols(e)) if (parameters.includes(s)) return true;
  return false;
}
