/**
 * The one reader of shaped declarations (INTERFACE.md, "Vectors and matrices") for every
 * route: the entries of a file's `variables`, `parameters`, `inputs` and `variable`, its
 * `dimensions`, and the command line's `--shape`, `--props` and `--dims`. A plain name is
 * a scalar; an object {"name", "shape", "properties"} declares a vector or a matrix.
 *
 * One set of messages, as strict as the strictest of the readers it replaced: an unknown
 * field or property, a dimension that is neither a positive integer (at most 10^6) nor a
 * name, more than two dimensions, a property on a shape that is not square, a name that
 * is not a name or is e, pi or a function, a name declared twice or also used as a
 * dimension, and a dimension value for a dimension no declaration uses are bad input.
 * Errors are InputErrors naming the field (or the option), with an excerpt and, on the
 * command line, the position; each route reports them as it reports any bad input.
 */
import { formatShape, isDimension, MATRIX_PROPERTIES, shapeOf, type Dim, type MatrixProperty } from '../expr/matrix/shape.js';
import type { ShapeDeclaration } from '../expr/matrix/convert.js';
import { NAME_PATTERN } from '../expr/names.js';
import { MATRIX_LANGUAGE_FUNCTION_NAMES, reservedKind } from '../expr/reserved.js';
import { InputError } from './error.js';
import { jsonKind, readFields, unknownNameReason } from './fields.js';
import { leadingSpace, splitTopLevel } from './pieces.js';

/** The largest number a shape may give as a dimension (and the largest value of `--dims`). */
export const MAX_DIMENSION = 1_000_000;

const ENTRY_FIELDS = ['name', 'shape', 'properties'] as const;
// INTERFACE.md: `e` and `pi` are constants, not variable names (a declared pi would hide
// the constant); a function's name (scalar, `sqrt`, `ln`, or of the matrix language)
// declared as a symbol would make `f(x)` ambiguous. The words of the scalar solve route;
// the names from the one owner, reserved.ts.

/** A value as a message quotes it: JSON (one line), at most about 40 characters. */
function shown(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function limitText(max: number): string {
  const k = Math.log10(max);
  return Number.isInteger(k) && k >= 5 ? `10^${k}` : String(max);
}

// The reasons: the same words for a file and for the command line.

const notNameReason = (name: string): string => `${shown(name)} is not a name (a letter, then letters, digits or _)`;

function nameReason(name: string): string | undefined {
  if (!NAME_PATTERN.test(name)) return notNameReason(name);
  const reserved = reservedKind(name, MATRIX_LANGUAGE_FUNCTION_NAMES);
  return reserved && `${shown(name)} is a ${reserved}, not a name`;
}

function dimensionReason(d: unknown): string | undefined {
  if (isDimension(d) && !(typeof d === 'number' && d > MAX_DIMENSION)) return undefined;
  return `the dimension ${shown(d)} is neither a positive integer (at most ${limitText(MAX_DIMENSION)}) nor a dimension name`;
}

const lengthReason = (n: number): string => `a shape has one dimension (a vector) or two (a matrix), got ${n} dimensions`;

function propertyReason(p: unknown): string | undefined {
  if (typeof p !== 'string') return `a property is a string such as "symmetric", got ${jsonKind(p)}`;
  return (MATRIX_PROPERTIES as readonly string[]).includes(p) ? undefined : unknownNameReason('property', p, MATRIX_PROPERTIES, 'properties');
}

/**
 * Why properties do not fit a shape (each of them needs a square matrix), or undefined.
 * `words` are the properties as the user wrote them (`positive definite` in `assume`).
 */
export function squareReason(name: string, shape: readonly Dim[], words: readonly string[]): string | undefined {
  if (words.length === 0 || (shape.length === 2 && shape[0] === shape[1])) return undefined;
  const has = shape.length === 0 ? 'a scalar' : formatShape(shapeOf(shape[0]!, shape[1] ?? 1));
  return `${shown(name)} is ${has}; ${words.join(', ')} ${words.length > 1 ? 'need' : 'needs'} a square matrix`;
}

const unknownDimensionReason = (name: string): string => `${shown(name)} is not a dimension of any declaration`;
const dimensionValueReason = (name: string, max: number): string => `the dimension ${shown(name)} needs a positive integer (at most ${limitText(max)})`;

// A file's declarations.

/** Reads one entry of a declaration list: a plain name (a scalar) or {"name", "shape", "properties"}. `field` is its place (`parameters[1]`). */
export function readDeclaration(entry: unknown, field: string): ShapeDeclaration {
  if (typeof entry === 'string') {
    const why = nameReason(entry);
    if (why) throw new InputError(why, field);
    return { name: entry };
  }
  const rec = readFields(entry, field, ENTRY_FIELDS, 'a name or an object {"name", "shape", "properties"}');
  const name = rec['name'];
  if (typeof name !== 'string') {
    throw name === undefined ? new InputError('a declaration needs a "name"', field) : new InputError(`"name" must be a string, got ${jsonKind(name)}`, `${field}.name`);
  }
  const why = nameReason(name);
  if (why) throw new InputError(why, `${field}.name`);
  const shape = readShape(rec['shape'], `${field}.shape`);
  const properties = readProperties(rec['properties'], `${field}.properties`);
  const square = squareReason(name, shape, properties);
  if (square) throw new InputError(square, `${field}.properties`);
  return { name, shape, properties };
}

function readShape(raw: unknown, field: string): Dim[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new InputError(`"shape" must be a list of dimensions such as ["n"] or ["h", "n"], got ${jsonKind(raw)}`, field);
  if (raw.length > 2) throw new InputError(lengthReason(raw.length), field, shown(raw));
  return raw.map((d, i) => {
    const why = dimensionReason(d);
    if (why) throw new InputError(why, `${field}[${i}]`);
    return d as Dim;
  });
}

function readProperties(raw: unknown, field: string): MatrixProperty[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new InputError(`"properties" must be a list such as ["symmetric"], got ${jsonKind(raw)}`, field);
  return raw.map((p, i) => {
    const why = propertyReason(p);
    if (why) throw new InputError(why, `${field}[${i}]`);
    return p as MatrixProperty;
  });
}

/** Reads a list of declarations (`variables`, `parameters`, `inputs`); `required` refuses a missing or empty list. */
export function readDeclarationList(raw: unknown, field: string, required: boolean): ShapeDeclaration[] {
  if (raw === undefined && !required) return [];
  if (!Array.isArray(raw) || (required && raw.length === 0)) {
    const got = raw === undefined ? 'nothing' : Array.isArray(raw) ? 'an empty list' : jsonKind(raw);
    throw new InputError(`must be a ${required ? 'non-empty ' : ''}list of names or declarations such as {"name": "W", "shape": ["h", "n"]}, got ${got}`, field);
  }
  return raw.map((entry, i) => readDeclaration(entry, `${field}[${i}]`));
}

/** A declaration and where it was read, for the checks across declarations. */
export interface PlacedDeclaration {
  readonly declaration: ShapeDeclaration;
  /** The field (`parameters[1]`) or option (`--shape`). */
  readonly field: string;
  /** The option's text and the 1-based position of the name in it (the command line). */
  readonly text?: string;
  readonly position?: number;
}

/** The entries of a list with their places (`parameters[0]`, `parameters[1]`, ...). */
export function placed(list: readonly ShapeDeclaration[], field: string): PlacedDeclaration[] {
  return list.map((declaration, i) => ({ declaration, field: `${field}[${i}]` }));
}

/** The dimension names the declarations use. */
export function dimensionNames(list: readonly ShapeDeclaration[]): Set<string> {
  return new Set(list.flatMap((d) => (d.shape ?? []).filter((k): k is string => typeof k === 'string')));
}

/** Checks names across declarations: none declared twice, none also a dimension name. Returns the dimension names. */
export function checkDeclarationNames(list: readonly PlacedDeclaration[]): Set<string> {
  const dims = dimensionNames(list.map((p) => p.declaration));
  const seen = new Set<string>();
  for (const { declaration: d, field, text, position } of list) {
    if (seen.has(d.name)) throw new InputError(`${shown(d.name)} is declared twice`, field, text, position);
    if (dims.has(d.name)) throw new InputError(`${shown(d.name)} is both a declared name and a dimension name`, field, text, position);
    seen.add(d.name);
  }
  return dims;
}

/**
 * Reads `dimensions` ({"n": 3}): each key a dimension name of `names` (those the
 * declarations use), each value a positive integer at most `max` (the route's size
 * budget: instances are dense). Undefined when the field is absent.
 */
export function readDimensionValues(raw: unknown, names: ReadonlySet<string>, max: number, field = 'dimensions'): Record<string, number> | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InputError(`must be an object such as {"n": 3}, got ${jsonKind(raw)}`, field);
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(raw)) {
    if (!names.has(k)) throw new InputError(unknownDimensionReason(k), field);
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > max) throw new InputError(dimensionValueReason(k, max), `${field}.${k}`, shown(n));
    out[k] = n;
  }
  return out;
}

// The command line's declarations.

/** `NAME=VALUE` in an option's text: the name, the value's text and its 1-based position in `whole`. */
export interface OptionAssignment {
  readonly name: string;
  readonly value: string;
  readonly valueAt: number;
}

/**
 * Splits one `NAME=VALUE` of an option (`piece`, starting at the 1-based `at` of the
 * option's text `whole`); errors point into `whole`.
 */
export function splitAssignment(piece: string, label: string, whole = piece, at = 1): OptionAssignment {
  const eq = piece.indexOf('=');
  const nameAt = at + leadingSpace(piece);
  if (eq < 0) throw new InputError('expected NAME=VALUE', label, whole, nameAt);
  const name = piece.slice(0, eq).trim();
  if (!NAME_PATTERN.test(name)) throw new InputError(notNameReason(name), label, whole, nameAt);
  return { name, value: piece.slice(eq + 1), valueAt: at + eq + 1 };
}

/** A dimension as written on the command line: a number when it spells one, else the text (a name, or bad input). */
function dimensionFromText(s: string): Dim {
  return /^[0-9]+(\.[0-9]+)?$/.test(s) && String(Number(s)) === s ? Number(s) : s;
}

/** What `--shape`, `--props` and `--dims` declare. */
export interface ShapeOptions {
  readonly declarations: ShapeDeclaration[];
  readonly dims: Record<string, number>;
}

/** Reads the texts of `--shape NAME=n[,m]`, `--props NAME=p[,q]` and `--dims n=3[,m=2]` (each option may repeat). */
export function readShapeOptions(shapeTexts: readonly string[], propTexts: readonly string[], dimTexts: readonly string[]): ShapeOptions {
  const list: { name: string; shape: Dim[]; properties: MatrixProperty[] }[] = [];
  const where: PlacedDeclaration[] = [];
  for (const text of shapeTexts) {
    const { name, value, valueAt } = splitAssignment(text, '--shape');
    const nameAt = 1 + leadingSpace(text);
    const bad = nameReason(name);
    if (bad) throw new InputError(bad, '--shape', text, nameAt);
    const pieces = splitTopLevel(value);
    if (pieces.length > 2) throw new InputError(lengthReason(pieces.length), '--shape', text, valueAt);
    const shape = pieces.map((p) => {
      const d = dimensionFromText(p.text.trim());
      const why = dimensionReason(d);
      if (why) throw new InputError(why, '--shape', text, valueAt + p.position - 1 + leadingSpace(p.text));
      return d;
    });
    const declaration = { name, shape, properties: [] as MatrixProperty[] };
    list.push(declaration);
    where.push({ declaration, field: '--shape', text, position: nameAt });
  }
  const dimNames = checkDeclarationNames(where);
  for (const text of propTexts) {
    const { name, value, valueAt } = splitAssignment(text, '--props');
    const words = splitTopLevel(value).map((p) => {
      const word = p.text.trim();
      const why = propertyReason(word);
      if (why) throw new InputError(why, '--props', text, valueAt + p.position - 1 + leadingSpace(p.text));
      return word as MatrixProperty;
    });
    const d = list.find((x) => x.name === name);
    const square = squareReason(name, d?.shape ?? [], words);
    if (square) throw new InputError(square, '--props', text, 1 + leadingSpace(text));
    d!.properties.push(...words);
  }
  const dims: Record<string, number> = {};
  for (const text of dimTexts) {
    for (const piece of splitTopLevel(text, '()[]')) {
      const { name, value, valueAt } = splitAssignment(piece.text, '--dims', text, piece.position);
      const nameAt = piece.position + leadingSpace(piece.text);
      if (!dimNames.has(name)) throw new InputError(unknownDimensionReason(name), '--dims', text, nameAt);
      if (Object.hasOwn(dims, name)) throw new InputError(`the dimension ${shown(name)} is given twice`, '--dims', text, nameAt);
      const v = value.trim();
      if (!/^[1-9][0-9]*$/.test(v) || Number(v) > MAX_DIMENSION) throw new InputError(dimensionValueReason(name, MAX_DIMENSION), '--dims', text, valueAt + leadingSpace(value));
      dims[name] = Number(v);
    }
  }
  return { declarations: list, dims };
}
