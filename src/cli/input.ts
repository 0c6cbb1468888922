/**
 * Reading the mathematical arguments of a command: the expression, a list of names
 * (`--wrt x,y`) and a point (`--at x=1,y=pi/4`; both read by compile's point-text.ts,
 * which the playground uses too). Every failure becomes a CliError that names the
 * argument, its text and the position of the offending character.
 *
 * This module loads the parser and the compiler, so commands import it lazily.
 */
import { compile, readConstantValue, readPointText, readVariableLists, requireValues, type Coordinate } from '../compile/index.js';
import { ParseError, parse, type Expr } from '../expr/index.js';
import { InputError } from '../input/index.js';
import { CliError, EXIT, inputErrorToCli } from './errors.js';

export type { Coordinate } from '../compile/index.js';

/** Parses the expression argument; a ParseError becomes bad input pointing into EXPR. */
export function parseExpression(text: string, label = 'EXPR'): Expr {
  try {
    return parse(text);
  } catch (err) {
    if (err instanceof ParseError) {
      throw new CliError(err.reason, EXIT.BAD_INPUT, { label, text, position: err.position });
    }
    throw err;
  }
}

/** Runs a reader of compile's point-text.ts; its InputError becomes the CLI's bad input (same reason, label and position). */
function asBadInput<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof InputError) throw inputErrorToCli(err);
    throw err;
  }
}

/** The names of every --wrt option (each `x,y`; the option may repeat), in order; each name once. */
export function parseWrt(texts: readonly string[]): string[] {
  return asBadInput(() => readVariableLists(texts, '--wrt'));
}

/**
 * Parses the values of `--at` (each `name=value,name=value`; the option may repeat).
 * A value is a constant expression in the syntax of EXPR (`0.3`, `-1/3`, `pi/4`,
 * `sqrt(2)`, `e^2`), evaluated to a finite double.
 */
export function parsePoint(texts: readonly string[], label = '--at'): Coordinate[] {
  return asBadInput(() => readPointText(texts, label));
}

/** One value of a shaped --at (`name=value` at 1-based `valueAt` of `text`), read as the scalar --at reads its values. */
export function parseConstantValue(name: string, valueText: string, valueAt: number, text: string, label = '--at'): number {
  return asBadInput(() => readConstantValue(name, valueText, valueAt, label, text));
}

/**
 * Fails (bad input) when a free symbol of `e` has no value in the point; `text` is the
 * expression's text, to point at the first occurrence of the missing name.
 */
export function requireBound(e: Expr, point: readonly Coordinate[], text: string, label = 'EXPR'): void {
  asBadInput(() => requireValues(e, point, text, label, '--at'));
}

/** Evaluates the expressions at the point (one compiled closure, common subexpressions once). */
export function evaluateCompiled(exprs: readonly Expr[], point: readonly { name: string; value: number }[]): number[] {
  const fn = compile(exprs, point.map((c) => c.name));
  return Array.from(fn.evaluate(Float64Array.from(point.map((c) => c.value))));
}
