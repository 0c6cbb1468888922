/**
 * The maximum-entropy problem model and its reading from the JSON of INTERFACE.md:
 *
 *   { "variable": "x", "support": ["-inf", "inf"], "parameters": ["mu", "sigma"],
 *     "assume": ["sigma > 0"], "moments": [{"f": "x", "value": "mu"}, ...],
 *     "parameter_values": {"mu": 0, "sigma": 1} }
 *
 * `support` is an interval [lower, upper] (numbers, "-inf"/"inf", or expressions in the
 * parameters) or, for a discrete problem, {"values": [1, 2, 3, 4, 5, 6]}.
 * Every failure names the field, the offending text and, for expressions, the position.
 */
import { Assumptions, NAME_PATTERN, parse, ParseError, type Expr } from '../expr/index.js';
import { unknownFunction, type Bound, type UnknownFunction } from '../diff/index.js';

/** Bad input: names the field (`moments[1].f`), the text and a 1-based position. */
export class MaxentInputError extends Error {
  override name = 'MaxentInputError';
  constructor(
    readonly reason: string,
    /** The field, as a path into the input document. */
    readonly label: string,
    /** The offending text (the field's value, as written). */
    readonly text: string,
    /** 1-based position in `text`, when known. */
    readonly position?: number,
  ) {
    super(`${reason} in ${label} ${JSON.stringify(text)}${position === undefined ? '' : ` at char ${position}`}`);
  }
}

/** One moment constraint E[f(x)] = value. */
export interface MomentConstraint {
  readonly f: Expr;
  readonly value: Expr;
  /** The texts as written (for messages). */
  readonly source: { readonly f: string; readonly value: string };
}

/** Where the random variable lives. */
export type MaxentSupport =
  | { readonly kind: 'interval'; readonly lower: Bound; readonly upper: Bound }
  | { readonly kind: 'discrete'; readonly values: readonly Expr[] };

/** A parsed, validated maximum-entropy problem. */
export interface MaxentProblem {
  /** The variable's name (`x`). */
  readonly variable: string;
  /** The unknown density p(variable). */
  readonly fn: UnknownFunction;
  readonly support: MaxentSupport;
  readonly parameters: readonly string[];
  /** The assumptions as written (`sigma > 0`). */
  readonly assume: readonly string[];
  /** The assumptions, read (sign facts about the parameters). */
  readonly assumptions: Assumptions;
  readonly moments: readonly MomentConstraint[];
  /** Numbers for the parameters, when given. */
  readonly parameterValues?: ReadonlyMap<string, number>;
}

const KNOWN_FIELDS = new Set(['variable', 'support', 'parameters', 'assume', 'moments', 'parameter_values', 'function']);

/** Reads and validates a problem from parsed JSON. Throws MaxentInputError or ParseError-derived MaxentInputError. */
export function readMaxentProblem(input: unknown): MaxentProblem {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new MaxentInputError('the problem must be a JSON object', 'FILE', JSON.stringify(input) ?? String(input));
  }
  const doc = input as Record<string, unknown>;
  for (const key of Object.keys(doc)) {
    if (!KNOWN_FIELDS.has(key)) {
      throw new MaxentInputError(`unknown field (known: ${[...KNOWN_FIELDS].join(', ')})`, key, JSON.stringify(doc[key]));
    }
  }
  const variable = readName(doc['variable'] ?? 'x', 'variable');
  const fnName = readName(doc['function'] ?? 'p', 'function');
  if (fnName === variable) throw new MaxentInputError('the density and the variable need different names', 'function', fnName);

  const parameters = readNameList(doc['parameters'] ?? [], 'parameters');
  for (const p of parameters) {
    if (p === variable) throw new MaxentInputError('a parameter cannot share the name of the variable', 'parameters', p);
    if (p === fnName) throw new MaxentInputError('a parameter cannot share the name of the density', 'parameters', p);
    if (/^lambda_\d+$/.test(p)) throw new MaxentInputError('names lambda_0, lambda_1, ... are the multipliers', 'parameters', p);
  }
  const paramSet = new Set(parameters);
  const withX = new Set([...parameters, variable]);

  const assumeRaw = doc['assume'] ?? [];
  if (!Array.isArray(assumeRaw) || assumeRaw.some((a) => typeof a !== 'string')) {
    throw new MaxentInputError('expected a list of relations such as "sigma > 0"', 'assume', JSON.stringify(assumeRaw));
  }

  let assumptions: Assumptions = Assumptions.NONE;
  (assumeRaw as string[]).forEach((text, i) => {
    try {
      assumptions = Assumptions.parse([...(assumeRaw as string[]).slice(0, i + 1)], { knownNames: parameters });
    } catch (err) {
      if (err instanceof ParseError) throw new MaxentInputError(err.reason, `assume[${i}]`, text, err.position);
      throw err;
    }
  });

  const support = readSupport(doc['support'], paramSet);
  const momentsRaw = doc['moments'] ?? [];
  if (!Array.isArray(momentsRaw)) throw new MaxentInputError('expected a list of {"f": ..., "value": ...}', 'moments', JSON.stringify(momentsRaw));
  const moments = momentsRaw.map((m, i): MomentConstraint => {
    const label = `moments[${i}]`;
    if (typeof m !== 'object' || m === null || Array.isArray(m)) {
      throw new MaxentInputError('expected an object {"f": ..., "value": ...}', label, JSON.stringify(m));
    }
    const rec = m as Record<string, unknown>;
    for (const k of Object.keys(rec)) if (k !== 'f' && k !== 'value') throw new MaxentInputError('unknown field (expected f and value)', `${label}.${k}`, JSON.stringify(rec[k]));
    const fText = expressionText(rec['f'], `${label}.f`);
    const vText = expressionText(rec['value'], `${label}.value`);
    return {
      f: parseField(fText, `${label}.f`, withX),
      value: parseField(vText, `${label}.value`, paramSet),
      source: { f: fText, value: vText },
    };
  });

  const pvRaw = doc['parameter_values'];
  let parameterValues: Map<string, number> | undefined;
  if (pvRaw !== undefined) {
    if (typeof pvRaw !== 'object' || pvRaw === null || Array.isArray(pvRaw)) {
      throw new MaxentInputError('expected an object from parameter name to number', 'parameter_values', JSON.stringify(pvRaw));
    }
    parameterValues = new Map();
    for (const [k, v] of Object.entries(pvRaw as Record<string, unknown>)) {
      if (!paramSet.has(k)) throw new MaxentInputError(`"${k}" is not a declared parameter`, 'parameter_values', k);
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new MaxentInputError('expected a finite number', `parameter_values.${k}`, JSON.stringify(v));
      parameterValues.set(k, v);
    }
  }
  return {
    variable,
    fn: unknownFunction(fnName, variable),
    support,
    parameters,
    assume: assumeRaw as string[],
    assumptions,
    moments,
    ...(parameterValues ? { parameterValues } : {}),
  };
}

function readName(v: unknown, label: string): string {
  if (typeof v !== 'string' || !NAME_PATTERN.test(v) || v === 'e' || v === 'pi') {
    throw new MaxentInputError('expected a name (a letter, then letters, digits or _; not e or pi)', label, typeof v === 'string' ? v : JSON.stringify(v));
  }
  return v;
}

function readNameList(v: unknown, label: string): string[] {
  if (!Array.isArray(v)) throw new MaxentInputError('expected a list of names', label, JSON.stringify(v));
  const seen = new Set<string>();
  return v.map((n, i) => {
    const name = readName(n, `${label}[${i}]`);
    if (seen.has(name)) throw new MaxentInputError('declared twice', `${label}[${i}]`, name);
    seen.add(name);
    return name;
  });
}

function expressionText(v: unknown, label: string): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string') return v;
  throw new MaxentInputError('expected an expression (a string) or a number', label, JSON.stringify(v) ?? String(v));
}

function parseField(text: string, label: string, known: ReadonlySet<string>): Expr {
  try {
    return parse(text, { knownNames: known });
  } catch (err) {
    if (err instanceof ParseError) throw new MaxentInputError(err.reason, label, text, err.position);
    throw err;
  }
}

function readBound(v: unknown, label: string, params: ReadonlySet<string>): Bound {
  if (v === '-inf' || v === '-Infinity' || v === -Infinity) return '-inf';
  if (v === 'inf' || v === '+inf' || v === 'Infinity' || v === Infinity) return 'inf';
  return parseField(expressionText(v, label), label, params);
}

function readSupport(v: unknown, params: ReadonlySet<string>): MaxentSupport {
  if (v === undefined) throw new MaxentInputError('missing: give ["-inf", "inf"], [0, "inf"], [a, b] or {"values": [...]}', 'support', '');
  if (Array.isArray(v)) {
    if (v.length !== 2) throw new MaxentInputError('an interval support has exactly two ends', 'support', JSON.stringify(v));
    const lower = readBound(v[0], 'support[0]', params);
    const upper = readBound(v[1], 'support[1]', params);
    if (lower === 'inf') throw new MaxentInputError('the lower end cannot be +inf', 'support[0]', String(v[0]));
    if (upper === '-inf') throw new MaxentInputError('the upper end cannot be -inf', 'support[1]', String(v[1]));
    return { kind: 'interval', lower, upper };
  }
  if (typeof v === 'object' && v !== null) {
    const rec = v as Record<string, unknown>;
    const values = rec['values'];
    for (const k of Object.keys(rec)) if (k !== 'values') throw new MaxentInputError('unknown field (expected values)', `support.${k}`, JSON.stringify(rec[k]));
    if (!Array.isArray(values) || values.length === 0) {
      throw new MaxentInputError('expected a non-empty list of values', 'support.values', JSON.stringify(values));
    }
    const parsed = values.map((x, i) => parseField(expressionText(x, `support.values[${i}]`), `support.values[${i}]`, params));
    const seen = new Set<Expr>();
    parsed.forEach((e, i) => {
      if (seen.has(e)) throw new MaxentInputError('value listed twice', `support.values[${i}]`, String(values[i]));
      seen.add(e);
    });
    return { kind: 'discrete', values: parsed };
  }
  throw new MaxentInputError('expected ["lower", "upper"] or {"values": [...]}', 'support', JSON.stringify(v));
}

/** Reads a problem from JSON text; a JSON syntax error names the file and the position. */
export function parseMaxentText(source: string, fileName = 'FILE'): MaxentProblem {
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch (err) {
    const message = (err as Error).message;
    const reason = `not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '')})`;
    const at = /position (\d+)/.exec(message);
    if (!at) throw new MaxentInputError(reason, fileName, source.slice(0, 200));
    // Point at the line and column of the offending character.
    const offset = Number(at[1]);
    const before = source.slice(0, offset);
    const lineNo = before.split('\n').length;
    const lineStart = before.lastIndexOf('\n') + 1;
    const lineEnd = source.indexOf('\n', offset);
    const line = source.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
    throw new MaxentInputError(reason, `${fileName} line ${lineNo}`, line, offset - lineStart + 1);
  }
  return readMaxentProblem(doc);
}
