/**
 * The text forms of a compiled function's inputs, as people type them: a variable list
 * (`x,y`, the CLI's --wrt) and a point (`x=1,y=pi/4`, the CLI's --at). One reader for
 * the CLI and the playground, so both accept the same texts and say the same things
 * about bad ones: an InputError naming the field (`label`), its text and the 1-based
 * position of the offending character. It sits in compile because a value is a constant
 * expression evaluated by the compiler; named.ts has the object form of a point.
 */
import { NAME_PATTERN, ParseError, freeSymbols, parse, reservedKind, type Expr } from '../expr/index.js';
import { InputError, leadingSpace, splitTopLevel } from '../input/index.js';
import { compile } from './compile.js';

/** Checks that `name` can be a variable; `position` is its 1-based place in `text`. */
function checkName(name: string, label: string, text: string, position: number): void {
  if (name === '') throw new InputError('empty variable name', label, text, position);
  if (!NAME_PATTERN.test(name)) {
    throw new InputError(`"${name}" is not a variable name (a letter, then letters, digits or _)`, label, text, position);
  }
  const reserved = reservedKind(name);
  if (reserved) throw new InputError(`"${name}" is a ${reserved}, not a variable`, label, text, position);
}

/** Reads `x,y,z`: variable names, each once. */
export function readVariableList(text: string, label: string): string[] {
  const names: string[] = [];
  const seen = new Set<string>(); // not names.includes: n^2/2 comparisons for n names
  for (const piece of splitTopLevel(text)) {
    const name = piece.text.trim();
    const position = piece.position + leadingSpace(piece.text);
    checkName(name, label, text, position);
    if (seen.has(name)) throw new InputError(`"${name}" is listed twice`, label, text, position);
    seen.add(name);
    names.push(name);
  }
  return names;
}

/** Reads several lists (an option given more than once), in order; each name once over all of them. */
export function readVariableLists(texts: readonly string[], label: string): string[] {
  const all: string[] = [];
  const seen = new Set<string>();
  for (const text of texts) {
    for (const name of readVariableList(text, label)) {
      if (seen.has(name)) throw new InputError(`"${name}" is listed twice`, label, text);
      seen.add(name);
      all.push(name);
    }
  }
  return all;
}

/** One coordinate of a point: the name, the value as the user wrote it, and its double. */
export interface Coordinate {
  readonly name: string;
  /** The value as the user wrote it (trimmed), e.g. `pi/4`. */
  readonly text: string;
  readonly value: number;
}

/**
 * Reads a point from one or more texts (each `name=value,name=value`). A value is a
 * constant expression in the expression syntax (`0.3`, `-1/3`, `pi/4`, `sqrt(2)`, `e^2`),
 * evaluated to a finite double; each name once over all the texts.
 */
export function readPointText(texts: readonly string[], label: string): Coordinate[] {
  const point: Coordinate[] = [];
  const seen = new Set<string>();
  for (const text of texts) {
    for (const piece of splitTopLevel(text)) {
      const eq = piece.text.indexOf('=');
      const at = piece.position + leadingSpace(piece.text);
      if (piece.text.trim() === '') throw new InputError('empty entry; expected name=value', label, text, at);
      if (eq < 0) throw new InputError('expected name=value', label, text, at);
      const name = piece.text.slice(0, eq).trim();
      checkName(name, label, text, at);
      if (seen.has(name)) throw new InputError(`"${name}" is given twice`, label, text, at);
      seen.add(name);
      const valueText = piece.text.slice(eq + 1);
      point.push({ name, text: valueText.trim(), value: readConstantValue(name, valueText, piece.position + eq + 1, label, text) });
    }
  }
  return point;
}

/**
 * The value of `name` written as `valueText`, which starts at the 1-based position
 * `valueAt` of the option's whole `text`: a constant expression evaluated to a finite
 * double. The shaped --at reads its scalar entries with it too.
 */
export function readConstantValue(name: string, valueText: string, valueAt: number, label: string, text: string): number {
  const valueStart = valueAt + leadingSpace(valueText);
  let exact: Expr;
  try {
    exact = parse(valueText);
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    throw new InputError(`value of ${name}: ${err.reason}`, label, text, err.position === undefined ? valueStart : valueAt + err.position - 1);
  }
  const free = [...freeSymbols(exact)];
  if (free.length > 0) throw new InputError(`value of ${name} must be a number, but it contains the variable "${free[0]}"`, label, text, valueStart);
  const value = compile([exact], []).evaluate(new Float64Array(0))[0]!;
  if (!Number.isFinite(value)) throw new InputError(`value of ${name} is not a finite number (${value})`, label, text, valueStart);
  return value;
}

/**
 * Fails when a free symbol of `e` has no value in the point: an InputError about the
 * expression's `text` (labelled `label`) at the first place the first missing name
 * stands, saying what to add to the point's field (`pointLabel`).
 */
export function requireValues(e: Expr, point: readonly { readonly name: string }[], text: string, label: string, pointLabel: string): void {
  const bound = new Set(point.map((c) => c.name));
  const missing = [...freeSymbols(e)].filter((n) => !bound.has(n)).sort();
  if (missing.length === 0) return;
  const first = missing[0]!;
  const m = new RegExp(`(?<![A-Za-z0-9_])${first}(?![A-Za-z0-9_])`).exec(text);
  const list = missing.map((n) => `"${n}"`).join(', ');
  const add = missing.map((n) => `${n}=...`).join(',');
  throw new InputError(`no value for ${missing.length === 1 ? 'the variable' : 'the variables'} ${list}; add ${add} to ${pointLabel}`, label, text, m ? m.index + 1 : undefined);
}
