/**
 * Strict reading of the objects of an input file: unknown fields are refused with the
 * nearest known name (INTERFACE.md: "Input files are read strictly"), and a user's
 * string never indexes an object through its prototype (`constructor`, `toString`,
 * `__proto__` are ordinary names).
 */
import { InputError } from './error.js';

/** The fields every input file may carry, besides its own: a title and free text. */
export const COMMON_FIELDS = ['name', 'description'] as const;

/** `obj[key]` when `key` is an own property of `obj`, else undefined (never an inherited member). */
export function own<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** The known name nearest to `name` (edit distance, case ignored), when it is close enough to be a slip. */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** Levenshtein distance, two rows (names are short; long ones are capped). */
function editDistance(a: string, b: string): number {
  a = a.slice(0, 64);
  b = b.slice(0, 64);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The message for an unknown name: the nearest known one, or the list. */
export function unknownNameReason(what: string, name: string, known: readonly string[], plural = `${what}s`): string {
  const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  const near = nearestName(name, known);
  const list = known.join(', ');
  return near === undefined
    ? `unknown ${what} ${JSON.stringify(shown)}; known ${plural}: ${list}`
    : `unknown ${what} ${JSON.stringify(shown)}; did you mean "${near}"? (known ${plural}: ${list})`;
}

/**
 * Checks that `value` is a JSON object whose fields are all in `known` (plus `name` and
 * `description` when `common` is set), and returns its fields in an object without a
 * prototype, so that looking up any name finds only what the file holds.
 * `path` is the object's place in the file (`moments[0]`; empty for the whole file);
 * `expected` describes the object for the message when `value` is not one.
 */
export function readFields(
  value: unknown,
  path: string,
  known: readonly string[],
  expected: string,
  common = false,
): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`expected ${expected}, got ${jsonKind(value)}`, path === '' ? '' : path);
  }
  const all = common ? [...COMMON_FIELDS, ...known] : known;
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    if (!all.includes(key)) throw new InputError(unknownNameReason('field', key, all), path === '' ? key : `${path}.${key}`);
    Object.defineProperty(out, key, { value: (value as Record<string, unknown>)[key], enumerable: true });
  }
  if (common) {
    for (const key of COMMON_FIELDS) {
      const v = out[key];
      if (v !== undefined && typeof v !== 'string') throw new InputError(`must be a string, got ${jsonKind(v)}`, path === '' ? key : `${path}.${key}`);
    }
  }
  return out;
}

/** What a JSON value is, in words: `a number`, `a list`, `null`. */
export function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return typeof v;
}
