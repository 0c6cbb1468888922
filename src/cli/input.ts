/**
 * Reading the mathematical arguments of a command: the expression, a list of names
 * (`--wrt x,y`) and a point (`--at x=1,y=pi/4`). Every failure becomes a CliError that
 * names the argument, its text and the position of the offending character.
 *
 * This module loads the parser and the compiler, so commands import it lazily.
 */
import { compile } from '../compile/index.js';
import { FUNCTION_NAMES, NAME_PATTERN, ParseError, freeSymbols, parse, type Expr } from '../expr/index.js';
import { leadingSpace, splitTopLevel } from './args.js';
import { CliError, EXIT } from './errors.js';

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

const RESERVED = new Set<string>(['e', 'pi', 'sqrt', ...FUNCTION_NAMES]);

/** Checks that `name` can be a variable; `position` is its 1-based place in `text`. */
function checkName(name: string, label: string, text: string, position: number): void {
  if (name === '') throw new CliError('empty variable name', EXIT.BAD_INPUT, { label, text, position });
  if (!NAME_PATTERN.test(name)) {
    throw new CliError(`"${name}" is not a variable name (a letter, then letters, digits or _)`, EXIT.BAD_INPUT, {
      label,
      text,
      position,
    });
  }
  if (RESERVED.has(name)) {
    const what = name === 'e' || name === 'pi' ? 'a constant' : 'a function';
    throw new CliError(`"${name}" is ${what}, not a variable`, EXIT.BAD_INPUT, { label, text, position });
  }
}

/** Parses `x,y,z` (the value of --wrt); names must be distinct. */
export function parseNames(text: string, label = '--wrt'): string[] {
  const names: string[] = [];
  for (const piece of splitTopLevel(text)) {
    const name = piece.text.trim();
    const position = piece.position + leadingSpace(piece.text);
    checkName(name, label, text, position);
    if (names.includes(name)) {
      throw new CliError(`"${name}" is listed twice`, EXIT.BAD_INPUT, { label, text, position });
    }
    names.push(name);
  }
  return names;
}

/** The names of every --wrt option (each `x,y`; the option may repeat), in order; each name once. */
export function parseWrt(texts: readonly string[]): string[] {
  const wrt: string[] = [];
  for (const w of texts) {
    for (const name of parseNames(w)) {
      if (wrt.includes(name)) throw new CliError(`"${name}" is listed twice`, EXIT.BAD_INPUT, { label: '--wrt', text: w });
      wrt.push(name);
    }
  }
  return wrt;
}

/** One coordinate of a point: the name, the value as the user wrote it, and its double. */
export interface Coordinate {
  readonly name: string;
  /** The value as the user wrote it (trimmed), e.g. `pi/4`. */
  readonly text: string;
  readonly value: number;
}

/**
 * Parses the values of `--at` (each `name=value,name=value`; the option may repeat).
 * A value is a constant expression in the syntax of EXPR (`0.3`, `-1/3`, `pi/4`,
 * `sqrt(2)`, `e^2`), evaluated to a finite double.
 */
export function parsePoint(texts: readonly string[], label = '--at'): Coordinate[] {
  const point: Coordinate[] = [];
  for (const text of texts) {
    for (const piece of splitTopLevel(text)) {
      const eq = piece.text.indexOf('=');
      const at = piece.position + leadingSpace(piece.text);
      if (piece.text.trim() === '') {
        throw new CliError('empty entry; expected name=value', EXIT.BAD_INPUT, { label, text, position: at });
      }
      if (eq < 0) throw new CliError('expected name=value', EXIT.BAD_INPUT, { label, text, position: at });
      const name = piece.text.slice(0, eq).trim();
      checkName(name, label, text, at);
      if (point.some((c) => c.name === name)) {
        throw new CliError(`"${name}" is given twice`, EXIT.BAD_INPUT, { label, text, position: at });
      }
      const valueText = piece.text.slice(eq + 1);
      const valueAt = piece.position + eq + 1;
      let exact: Expr;
      try {
        exact = parse(valueText);
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        const position = err.position === undefined ? valueAt + leadingSpace(valueText) : valueAt + err.position - 1;
        throw new CliError(`value of ${name}: ${err.reason}`, EXIT.BAD_INPUT, { label, text, position });
      }
      const free = [...freeSymbols(exact)];
      if (free.length > 0) {
        throw new CliError(`value of ${name} must be a number, but it contains the variable "${free[0]}"`, EXIT.BAD_INPUT, {
          label,
          text,
          position: valueAt + leadingSpace(valueText),
        });
      }
      const value = evaluateCompiled([exact], [])[0]!;
      if (!Number.isFinite(value)) {
        throw new CliError(`value of ${name} is not a finite number (${value})`, EXIT.BAD_INPUT, {
          label,
          text,
          position: valueAt + leadingSpace(valueText),
        });
      }
      point.push({ name, text: valueText.trim(), value });
    }
  }
  return point;
}

/**
 * Fails (bad input) when a free symbol of `e` has no value in the point; `text` is the
 * expression's text, to point at the first occurrence of the missing name.
 */
export function requireBound(e: Expr, point: readonly Coordinate[], text: string, label = 'EXPR'): void {
  const bound = new Set(point.map((c) => c.name));
  const missing = [...freeSymbols(e)].filter((n) => !bound.has(n)).sort();
  if (missing.length === 0) return;
  const first = missing[0]!;
  const m = new RegExp(`(?<![A-Za-z0-9_])${first}(?![A-Za-z0-9_])`).exec(text);
  const list = missing.map((n) => `"${n}"`).join(', ');
  throw new CliError(
    `no value for ${missing.length === 1 ? 'the variable' : 'the variables'} ${list}; add ${missing
      .map((n) => `${n}=...`)
      .join(',')} to --at`,
    EXIT.BAD_INPUT,
    { label, text, position: m ? m.index + 1 : undefined },
  );
}

/** Evaluates the expressions at the point (one compiled closure, common subexpressions once). */
export function evaluateCompiled(exprs: readonly Expr[], point: readonly { name: string; value: number }[]): number[] {
  const fn = compile(exprs, point.map((c) => c.name));
  return Array.from(fn.evaluate(Float64Array.from(point.map((c) => c.value))));
}
