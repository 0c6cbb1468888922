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
import { Assumptions, NAME_PATTERN, parse, reservedKind, type Expr } from '../expr/index.js';
import { unknownFunction, type Bound, type UnknownFunction } from '../diff/index.js';
import { InputError as MaxentInputError, parsingField, readFields, readJson } from '../input/index.js';

/**
 * Bad input: names the field (`moments[1].f`), the text and a 1-based position. The one
 * InputError of src/input, under the name this room always used.
 */
export { InputError as MaxentInputError } from '../input/index.js';

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
  /** Optional title from the file (`name`). */
  readonly name?: string;
  /** Optional free text from the file (`description`); shown only escaped. */
  readonly description?: string;
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

/** The fields of a maximum-entropy file (besides `name` and `description`); any other is refused. */
export const MAXENT_FIELDS = ['variable', 'support', 'parameters', 'assume', 'moments', 'parameter_values', 'function'] as const;

/** Reads and validates a problem from parsed JSON. Throws MaxentInputError or ParseError-derived MaxentInputError. */
export function readMaxentProblem(input: unknown): MaxentProblem {
  const doc = readFields(input, '', MAXENT_FIELDS, 'a JSON object with "support" and "moments"', true);
  const name = doc['name'] as string | undefined;
  const description = doc['description'] as string | undefined;
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
    assumptions = parsingField(`assume[${i}]`, text, () => Assumptions.parse([...(assumeRaw as string[]).slice(0, i + 1)], { knownNames: parameters }));
  });

  const support = readSupport(doc['support'], paramSet);
  const momentsRaw = doc['moments'] ?? [];
  if (!Array.isArray(momentsRaw)) throw new MaxentInputError('expected a list of {"f": ..., "value": ...}', 'moments', JSON.stringify(momentsRaw));
  const moments = momentsRaw.map((m, i): MomentConstraint => {
    const label = `moments[${i}]`;
    if (typeof m !== 'object' || m === null || Array.isArray(m)) {
      throw new MaxentInputError('expected an object {"f": ..., "value": ...}', label, JSON.stringify(m));
    }
    const rec = readFields(m, label, ['f', 'value'], 'an object {"f": ..., "value": ...}');
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
    ...(name !== undefined ? { name } : {}),
    ...(description !== undefined ? { description } : {}),
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
  if (typeof v !== 'string' || !NAME_PATTERN.test(v)) {
    throw new MaxentInputError('expected a name (a letter, then letters, digits or _)', label, typeof v === 'string' ? v : JSON.stringify(v));
  }
  // The words of the other routes (and of the matrix maxent route's declarations).
  const reserved = reservedKind(v);
  if (reserved) throw new MaxentInputError(`"${v}" is a ${reserved}, not a name`, label, v);
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
  return parsingField(label, text, () => parse(text, { knownNames: known }));
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
    const rec = readFields(v, 'support', ['values'], '{"values": [...]}');
    const values = rec['values'];
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

/** Reads a problem from JSON text; a JSON syntax error names the file, the line and the column. */
export function parseMaxentText(source: string, fileName = 'FILE'): MaxentProblem {
  return readMaxentProblem(readJson(source, fileName));
}
