/**
 * The problem model of `lagrangian solve` (INTERFACE.md): variables, parameters with
 * assumptions, one objective with its sense, constraints `=`, `<=`, `>=`.
 *
 * `parseProblem` validates a problem file (already JSON-decoded) and reports the first
 * defect as a `ProblemError` naming the field (`subject_to[2]`), the text and the
 * 1-based position in it, so that the CLI can print one paragraph with a caret. Nothing
 * that fails validation ever reaches the solver.
 */
import {
  NAME_PATTERN,
  ParseError,
  reservedKind,
  freeSymbols,
  parse,
  parseRelation,
  sub,
  substitute,
  sym,
  type Expr,
} from '../expr/index.js';
import { InputError as ProblemError, parsingField, readFields, readJson, jsonKind } from '../input/index.js';

/** The sense of the objective. */
export type Sense = 'minimize' | 'maximize';

/**
 * An input defect: which field (`label`, also `field`), what is wrong, and where in the
 * field's text. The one InputError of src/input, under the name this room always used.
 */
export { InputError as ProblemError } from '../input/index.js';

/** The relation of an assumption on parameters (strict ones are allowed here: `a > 0`). */
export type AssumptionOp = '>' | '>=' | '<' | '<=' | '!=' | '=';

/** One assumption `lhs op rhs` about the parameters. */
export interface Assumption {
  readonly text: string;
  readonly lhs: Expr;
  readonly op: AssumptionOp;
  readonly rhs: Expr;
}

/** One constraint, normalised to h(x) = 0 or g(x) <= 0 (INTERFACE.md conventions). */
export interface Constraint {
  /** Position in `subject_to` (0-based). */
  readonly index: number;
  /** The constraint as the user wrote it. */
  readonly text: string;
  /** `equality` (multiplier lambda_i) or `inequality` (multiplier mu_j). */
  readonly kind: 'equality' | 'inequality';
  /** 1-based number among constraints of the same kind. */
  readonly number: number;
  /** The multiplier's name: `lambda_i` or `mu_j`. */
  readonly multiplier: string;
  /** h_i = lhs - rhs; g_j = lhs - rhs for `<=`, rhs - lhs for `>=`. */
  readonly fn: Expr;
  readonly op: '=' | '<=' | '>=';
  readonly lhs: Expr;
  readonly rhs: Expr;
}

/** A validated problem. */
export interface Problem {
  /** Optional title from the file (`name`). */
  readonly name?: string;
  /** Optional free text from the file (`description`); shown only escaped. */
  readonly description?: string;
  readonly variables: readonly string[];
  readonly parameters: readonly string[];
  readonly assumptions: readonly Assumption[];
  readonly sense: Sense;
  readonly objective: Expr;
  readonly objectiveText: string;
  /** All constraints in file order. */
  readonly constraints: readonly Constraint[];
  readonly equalities: readonly Constraint[];
  readonly inequalities: readonly Constraint[];
  /**
   * Optional numbers for the parameters (`parameter_values`): used for numeric checks
   * (sensitivities by finite differences, feasibility and classification when a sign
   * cannot be decided symbolically). Answers stay symbolic in the parameters.
   */
  readonly parameterValues?: ReadonlyMap<string, number>;
  /** Starting points of `optimize` (`start`): one list of numbers per point, in the order of the variables. */
  readonly start?: readonly (readonly number[])[];
  /** The file's `options` for `optimize`, unread (the optimiser's table reads them), without a prototype. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** The file's `method` for `optimize`. */
  readonly method?: string;
}

/** The problem file as INTERFACE.md describes it (after JSON decoding). */
export interface ProblemFile {
  readonly name?: string;
  readonly variables: readonly string[];
  readonly parameters?: readonly string[];
  readonly assume?: readonly string[];
  readonly minimize?: string;
  readonly maximize?: string;
  readonly subject_to?: readonly string[];
  readonly parameter_values?: Readonly<Record<string, number>>;
  readonly description?: string;
  readonly start?: readonly number[] | readonly (readonly number[])[];
  readonly options?: Readonly<Record<string, unknown>>;
  readonly method?: string;
}

/** The fields of a problem file (besides `name` and `description`); any other is refused. */
export const PROBLEM_FIELDS = ['variables', 'parameters', 'assume', 'minimize', 'maximize', 'subject_to', 'parameter_values', 'start', 'options', 'method'] as const;

/**
 * Parses the text of a problem file (JSON). A syntax error names the line and column.
 * `label` names the file in messages.
 */
export function parseProblemText(text: string, label = 'problem file'): Problem {
  return parseProblem(readJson(text, label));
}

/** Validates a decoded problem file and builds the Problem. */
export function parseProblem(data: ProblemFile): Problem;
/** Validates a decoded problem file (JSON of unknown shape) and builds the Problem. */
export function parseProblem(data: unknown): Problem;
export function parseProblem(data: unknown): Problem {
  const file = readFields(data, '', PROBLEM_FIELDS, 'a problem file: a JSON object with "variables" and "minimize" or "maximize"', true);

  const name = optionalString(file, 'name');
  const description = optionalString(file, 'description');
  const variables = nameList(file, 'variables', true);
  if (variables.length === 0) throw new ProblemError('at least one variable is needed', 'variables');
  const parameters = nameList(file, 'parameters', false);
  for (const p of parameters) {
    if (variables.includes(p)) throw new ProblemError(`"${p}" is both a variable and a parameter`, 'parameters');
  }

  const hasMin = file['minimize'] !== undefined;
  const hasMax = file['maximize'] !== undefined;
  if (hasMin && hasMax) throw new ProblemError('give either "minimize" or "maximize", not both', 'problem file');
  if (!hasMin && !hasMax) throw new ProblemError('missing objective: add "minimize" or "maximize"', 'problem file');
  const sense: Sense = hasMin ? 'minimize' : 'maximize';
  const objectiveText = file[sense];
  if (typeof objectiveText !== 'string') throw new ProblemError('the objective must be an expression in a string', sense);
  const known = new Set([...variables, ...parameters]);
  const objective = parseField(objectiveText, sense, known);

  const assumeTexts = stringList(file, 'assume');
  const assumptions = assumeTexts.map((t, i) => parseAssumption(t, `assume[${i}]`, new Set(parameters), new Set(variables)));

  const constraintTexts = stringList(file, 'subject_to');
  const constraints: Constraint[] = [];
  let eqCount = 0;
  let ineqCount = 0;
  constraintTexts.forEach((text, index) => {
    const field = `subject_to[${index}]`;
    let rel;
    try {
      rel = parseRelation(text, { knownNames: known });
    } catch (err) {
      if (err instanceof ParseError) {
        const reason = /needs a relation/.test(err.reason)
          ? 'a constraint needs a relation: write lhs = rhs, lhs <= rhs or lhs >= rhs'
          : err.reason;
        throw new ProblemError(reason, field, text, err.position);
      }
      throw err;
    }
    const isEq = rel.op === '=';
    const number = isEq ? ++eqCount : ++ineqCount;
    const fn = rel.op === '>=' ? sub(rel.rhs, rel.lhs) : sub(rel.lhs, rel.rhs);
    const vars = [...freeSymbols(fn)].filter((s) => variables.includes(s));
    if (vars.length === 0) {
      throw new ProblemError(
        'the constraint does not involve any variable (a condition on parameters belongs in "assume")',
        field,
        text,
      );
    }
    constraints.push({
      index,
      text,
      kind: isEq ? 'equality' : 'inequality',
      number,
      multiplier: isEq ? `lambda_${number}` : `mu_${number}`,
      fn,
      op: rel.op,
      lhs: rel.lhs,
      rhs: rel.rhs,
    });
  });

  // Multiplier names must not collide with the user's names.
  for (const c of constraints) {
    if (known.has(c.multiplier)) {
      const where = variables.includes(c.multiplier) ? 'variables' : 'parameters';
      throw new ProblemError(
        `"${c.multiplier}" is the multiplier of constraint ${c.index + 1} ("${c.text}"); rename the ${where === 'variables' ? 'variable' : 'parameter'}`,
        where,
      );
    }
  }

  const parameterValues = parseParameterValues(file, parameters);
  const start = readStarts(file['start'], variables);
  const options = readOptionsObject(file['options']);
  const method = optionalString(file, 'method');
  return {
    ...(name !== undefined ? { name } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(start ? { start } : {}),
    ...(options ? { options } : {}),
    ...(method !== undefined ? { method } : {}),
    variables,
    parameters,
    assumptions,
    sense,
    objective,
    objectiveText,
    constraints,
    equalities: constraints.filter((c) => c.kind === 'equality'),
    inequalities: constraints.filter((c) => c.kind === 'inequality'),
    ...(parameterValues ? { parameterValues } : {}),
  };
}

function optionalString(file: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const v = file[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ProblemError(`must be a string, got ${jsonKind(v)}`, key);
  return v;
}

function stringList(file: Readonly<Record<string, unknown>>, key: string): string[] {
  const v = file[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ProblemError(`must be a list of strings, got ${jsonKind(v)}`, key);
  return v.map((item, i) => {
    if (typeof item !== 'string') throw new ProblemError(`must be a string, got ${JSON.stringify(item)}`, `${key}[${i}]`);
    return item;
  });
}

function nameList(file: Readonly<Record<string, unknown>>, key: string, required: boolean): string[] {
  if (required && file[key] === undefined) throw new ProblemError('missing: list the variables, e.g. ["x", "y"]', key);
  const names = stringList(file, key);
  const seen = new Set<string>();
  names.forEach((n, i) => {
    const field = `${key}[${i}]`;
    if (!NAME_PATTERN.test(n)) throw new ProblemError(`"${n}" is not a name (a letter, then letters, digits or _)`, field, n, 1);
    const reserved = reservedKind(n);
    if (reserved) throw new ProblemError(`"${n}" is a ${reserved}, not a name`, field, n, 1);
    if (seen.has(n)) throw new ProblemError(`"${n}" is listed twice`, field, n, 1);
    seen.add(n);
  });
  return names;
}

function parseField(text: string, field: string, known: ReadonlySet<string>): Expr {
  return parsingField(field, text, () => parse(text, { knownNames: known }));
}

const ASSUMPTION_RE = /(>=|<=|!=|==|=|>|<|≥|≤|≠)/;

/** Parses `a > 0`, `b >= a`, `c != 0`: relations between expressions in the parameters. */
function parseAssumption(text: string, field: string, parameters: ReadonlySet<string>, variables: ReadonlySet<string>): Assumption {
  const m = ASSUMPTION_RE.exec(text);
  if (!m) throw new ProblemError('an assumption needs a relation: >, >=, <, <=, != or =', field, text);
  const opText = m[1]!;
  const rest = text.slice(m.index + opText.length);
  const again = ASSUMPTION_RE.exec(rest);
  if (again) throw new ProblemError('an assumption has exactly one relation', field, text, m.index + opText.length + again.index + 1);
  const op: AssumptionOp =
    opText === '≥' ? '>=' : opText === '≤' ? '<=' : opText === '≠' ? '!=' : opText === '==' ? '=' : (opText as AssumptionOp);
  const all = new Set([...parameters, ...variables]);
  const side = (s: string, offset: number): Expr => {
    if (s.trim() === '') throw new ProblemError('missing expression beside the relation', field, text, offset + 1);
    return parsingField(field, text, () => parse(s, { knownNames: all }), offset);
  };
  const lhs = side(text.slice(0, m.index), 0);
  const rhs = side(rest, m.index + opText.length);
  for (const s of [...freeSymbols(lhs), ...freeSymbols(rhs)]) {
    if (variables.has(s)) {
      const at = new RegExp(`(?<![A-Za-z0-9_])${s}(?![A-Za-z0-9_])`).exec(text);
      throw new ProblemError(
        `"${s}" is a variable; assumptions are about parameters (put conditions on variables in "subject_to")`,
        field,
        text,
        at ? at.index + 1 : undefined,
      );
    }
  }
  if (freeSymbols(lhs).size === 0 && freeSymbols(rhs).size === 0) {
    throw new ProblemError('the assumption mentions no parameter', field, text);
  }
  return { text, lhs, op, rhs };
}

function parseParameterValues(file: Readonly<Record<string, unknown>>, parameters: readonly string[]): Map<string, number> | undefined {
  const v = file['parameter_values'];
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new ProblemError('must be an object from parameter name to number, e.g. {"a": 2}', 'parameter_values');
  }
  const out = new Map<string, number>();
  for (const [k, value] of Object.entries(v as Record<string, unknown>)) {
    if (!parameters.includes(k)) {
      throw new ProblemError(`"${k}" is not a parameter (declared: ${parameters.join(', ') || 'none'})`, 'parameter_values');
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ProblemError(`the value of "${k}" must be a finite number`, `parameter_values.${k}`);
    }
    out.set(k, value);
  }
  for (const p of parameters) {
    if (!out.has(p)) throw new ProblemError(`no value for the parameter "${p}"`, 'parameter_values');
  }
  return out;
}

/** "start": one point or a list of points, each with one finite number per variable. */
function readStarts(value: unknown, variables: readonly string[]): number[][] | undefined {
  if (value === undefined) return undefined;
  const d = variables.length;
  const example = `[${variables.map((_, i) => i + 1).join(', ')}]`;
  if (!Array.isArray(value) || value.length === 0) {
    throw new ProblemError(`must be a list of numbers (${variables.join(', ')}) or a list of such lists, e.g. ${example}; got ${Array.isArray(value) ? 'an empty list' : jsonKind(value)}`, 'start');
  }
  const points = value.every((v) => Array.isArray(v)) ? (value as unknown[][]) : [value];
  return points.map((p, i) => {
    const which = points.length === 1 ? 'the start' : `start ${i + 1}`;
    if (!Array.isArray(p) || p.some((v) => Array.isArray(v))) throw new ProblemError(`mixes numbers and lists; give one point ${example} or a list of points`, 'start');
    if (p.length !== d) {
      throw new ProblemError(`${which} has ${p.length} number${p.length === 1 ? '' : 's'}, but the problem has ${d} variable${d === 1 ? '' : 's'} (${variables.join(', ')}); give one number per variable, in that order`, 'start');
    }
    p.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ProblemError(`${which} has ${JSON.stringify(v) ?? String(v)} for ${variables[j]}; every coordinate must be a finite number`, 'start');
    });
    return p as number[];
  });
}

/** "options": an object, kept without a prototype so option names never meet Object.prototype. */
function readOptionsObject(value: unknown): Readonly<Record<string, unknown>> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProblemError(`must be an object, e.g. {"max_iter": 500, "lr": 0.05}; got ${jsonKind(value)}`, 'options');
  }
  const out = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(value)) Object.defineProperty(out, k, { value: (value as Record<string, unknown>)[k], enumerable: true });
  return out;
}

/**
 * The problem with some parameters replaced by expressions (numbers, for numeric checks
 * and re-solves). Assumptions that mention a replaced parameter are dropped.
 */
export function withParameterValues(problem: Problem, values: ReadonlyMap<string, Expr>): Problem {
  const map = new Map<Expr, Expr>();
  for (const [k, v] of values) map.set(sym(k), v);
  const s = (e: Expr): Expr => substitute(e, map);
  const constraints = problem.constraints.map((c) => ({ ...c, fn: s(c.fn), lhs: s(c.lhs), rhs: s(c.rhs) }));
  const remaining = problem.parameters.filter((p) => !values.has(p));
  const { parameterValues: _dropped, ...rest } = problem;
  void _dropped;
  return {
    ...rest,
    parameters: remaining,
    assumptions: problem.assumptions.filter((a) => [...freeSymbols(a.lhs), ...freeSymbols(a.rhs)].every((n) => remaining.includes(n))),
    objective: s(problem.objective),
    constraints,
    equalities: constraints.filter((c) => c.kind === 'equality'),
    inequalities: constraints.filter((c) => c.kind === 'inequality'),
  };
}
