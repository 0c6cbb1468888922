/**
 * Programs as sets of equations.
 *
 * A program is a list of assignments `v = expr` over named scalar inputs and other
 * assigned variables, with one scalar output (INTERFACE.md, `lagrangian adjoint`). Each
 * assignment is read as an equality constraint z_v = f_v(parents); the intermediate
 * variables stay SYMBOLS (they are never inlined), so every equation is local.
 *
 * The rule for cycles: every variable is assigned exactly once, and a right-hand side may
 * name any input or assigned variable, including one assigned later, itself, or one that
 * refers back to it. A variable reached again through its own definition is defined
 * implicitly (`z = 0.5*cos(z) + x`); the forward pass solves for it. Assigning the same
 * name twice is always an error: a program is a set of equations, not a sequence of
 * updates, so `a = a + 1` after `a = exp(x)` has no meaning (write `a2 = a + 1`).
 */
import { InputError, readFields, readJson } from '../input/index.js';
import { E, freeSymbols, NAME_PATTERN, parse, ParseError, SCALAR_FUNCTION_NAMES, substitute, sym, topologicalOrder, type Expr, type Sym } from '../expr/index.js';

/** One assignment `name = rhs` of a program, with where it came from. */
export interface Assignment {
  /** The assigned variable. */
  readonly name: string;
  /** Its symbol z_name. */
  readonly symbol: Sym;
  /** The right-hand side f_name(parents), over input and variable symbols. */
  readonly rhs: Expr;
  /** 1-based index of the line in the program. */
  readonly line: number;
  /** The line as written. */
  readonly text: string;
}

/** A parsed, validated program. */
export interface AdjointProgram {
  /** Input names, in the order given. */
  readonly inputs: readonly string[];
  /** Assignments, in the order written (not necessarily topological). */
  readonly assignments: readonly Assignment[];
  /** The output variable (always an assigned variable). */
  readonly output: string;
  /** Values of the inputs, when given: the point where values are computed. */
  readonly at?: Readonly<Record<string, number>>;
  /** Starting guesses for implicitly defined variables (default 0). */
  readonly start?: Readonly<Record<string, number>>;
}

/** The JSON form of a program (INTERFACE.md). */
export interface ProgramSpec {
  inputs: string[];
  program: string[] | string;
  output: string;
  at?: Record<string, number>;
  start?: Record<string, number>;
}

/**
 * Bad input in a program: names the offending line (1-based number and text) and, when
 * known, the 1-based character position within that line.
 */
export class ProgramError extends InputError {
  override name = 'ProgramError';
  constructor(
    reason: string,
    /** 1-based program line, when the error is in a line. */
    readonly line?: number,
    /** The text of that line. */
    readonly lineText?: string,
    position?: number,
    /** The file-level error this one restates (a JSON syntax error keeps its line and column). */
    cause?: InputError,
  ) {
    super(reason, cause?.label ?? (line === undefined ? '' : `program line ${line}`), cause?.text ?? lineText, cause?.position ?? position, cause?.fileLine);
    this.message = formatProgramMessage(reason, line, lineText, position);
  }

  /** A program line already says where it is; only errors about the whole file are placed in it. */
  override inFile(file: string): InputError {
    return this.line === undefined ? super.inFile(file) : this;
  }
}

function formatProgramMessage(reason: string, line?: number, text?: string, position?: number): string {
  if (line === undefined) return reason;
  const head = `program line ${line} ("${text}"): ${reason}`;
  if (position === undefined || text === undefined) return head;
  return `${head}\n  ${text}\n  ${' '.repeat(Math.max(0, position - 1))}^`;
}

/** The fields of a program file (besides `name` and `description`); any other is refused. */
export const PROGRAM_FIELDS = ['inputs', 'program', 'output', 'at', 'start'] as const;

/** Prefix of the multiplier names (`lambda_a` is the multiplier of the constraint defining a). */
export const MULTIPLIER_PREFIX = 'lambda_';

/** The multiplier name of a variable. */
export function multiplierName(variable: string): string {
  return MULTIPLIER_PREFIX + variable;
}

/** Parses a program from its JSON text or an already-decoded object. Throws ProgramError on bad input. */
export function parseProgram(input: string | unknown): AdjointProgram {
  const obj = readProgramFile(input, PROGRAM_FIELDS);
  const inputs = readInputs(obj['inputs']);
  const lines = readLines(obj['program']);
  const assignments = readAssignments(lines, inputs);
  const output = readOutput(obj['output'], assignments, inputs);
  const at = readPoint(obj['at'], 'at', inputs, 'input', true);
  const implicitNames = assignments.map((a) => a.name);
  const start = readPoint(obj['start'], 'start', implicitNames, 'assigned variable', false);
  return { inputs, assignments, output, ...(at ? { at } : {}), ...(start ? { start } : {}) };
}

/**
 * Reads a program file of either route (JSON text or a decoded object) as an object whose
 * fields are `fields`, `name` and `description` (the unknown-field message suggests the
 * nearest). Throws ProgramError.
 */
export function readProgramFile(input: string | unknown, fields: readonly string[]): Readonly<Record<string, unknown>> {
  let spec: unknown = input;
  if (typeof input === 'string') {
    try {
      spec = readJson(input, '');
    } catch (err) {
      if (err instanceof InputError) throw new ProgramError(`the program file is ${err.reason}`, undefined, undefined, undefined, err);
      throw err;
    }
  }
  try {
    return readFields(spec, '', fields, 'a program file: a JSON object with "inputs", "program" and "output"', true);
  } catch (err) {
    // The cause keeps the field's name as the label (`description` must be a string).
    if (err instanceof InputError) throw new ProgramError(err.reason, undefined, undefined, undefined, err);
    throw err;
  }
}

/**
 * Checks the name of an input or an assigned variable (`what`) of a program, scalar or
 * matrix route: a name, none of `functions` (SCALAR_FUNCTION_NAMES, or
 * MATRIX_LANGUAGE_FUNCTION_NAMES on the matrix route), not a multiplier's.
 */
export function checkProgramName(name: string, what: string, functions: ReadonlySet<string>, line?: number, text?: string): void {
  const fail = (reason: string): never => {
    throw new ProgramError(reason, line, text, line === undefined ? undefined : 1);
  };
  if (!NAME_PATTERN.test(name)) fail(`"${name}" is not a valid ${what} name (a letter, then letters, digits or _)`);
  if (functions.has(name)) fail(`"${name}" is a function name and cannot be ${what === 'input' ? 'an input' : 'assigned'}`);
  if (name.startsWith(MULTIPLIER_PREFIX)) {
    fail(`names starting with "${MULTIPLIER_PREFIX}" are reserved for the Lagrange multipliers; rename "${name}"`);
  }
}

function readInputs(raw: unknown): string[] {
  if (!Array.isArray(raw) || raw.some((x) => typeof x !== 'string')) {
    throw new ProgramError('"inputs" must be a list of names, e.g. ["x", "y"]');
  }
  const seen = new Set<string>();
  for (const name of raw as string[]) {
    checkProgramName(name, 'input', SCALAR_FUNCTION_NAMES);
    if (seen.has(name)) throw new ProgramError(`input "${name}" is listed twice in "inputs"`);
    seen.add(name);
  }
  return raw as string[];
}

/**
 * The program's lines with their 1-based numbers: the index in the list, or, for a
 * program given as one string, the line in that string (blank lines skipped, not renumbered).
 */
function readLines(raw: unknown): { text: string; line: number }[] {
  if (typeof raw === 'string') {
    const lines = raw
      .split(/\r?\n/)
      .map((text, i) => ({ text, line: i + 1 }))
      .filter((l) => l.text.trim() !== '');
    if (lines.length > 0) return lines;
  }
  if (!Array.isArray(raw) || raw.length === 0 || raw.some((x) => typeof x !== 'string')) {
    throw new ProgramError('"program" must be a non-empty list of assignments, e.g. ["a = exp(x)", "f = a^2"]');
  }
  return (raw as string[]).map((text, i) => ({ text, line: i + 1 }));
}

/** Splits `name = rhs`, returning the name, the right-hand side and its offset in the line. */
function splitAssignment(text: string, line: number): { name: string; rhs: string; offset: number } {
  const eq = text.indexOf('=');
  if (eq < 0) throw new ProgramError('an assignment has the form "name = expression"', line, text);
  const next = text.charAt(eq + 1);
  const prev = eq > 0 ? text.charAt(eq - 1) : '';
  if (next === '=' || prev === '<' || prev === '>' || prev === '!') {
    throw new ProgramError('an assignment uses a single "=" (comparisons are not assignments)', line, text, eq + 1);
  }
  const again = text.indexOf('=', eq + 1);
  if (again >= 0) throw new ProgramError('an assignment has exactly one "="', line, text, again + 1);
  const name = text.slice(0, eq).trim();
  if (name === '') throw new ProgramError('missing variable name before "="', line, text, 1);
  const rhs = text.slice(eq + 1);
  if (rhs.trim() === '') throw new ProgramError('missing expression after "="', line, text, eq + 2);
  return { name, rhs, offset: eq + 1 };
}

function readAssignments(lines: { text: string; line: number }[], inputs: string[]): Assignment[] {
  const inputSet = new Set(inputs);
  const firstLine = new Map<string, number>();
  const split = lines.map(({ text, line }) => {
    const parts = splitAssignment(text, line);
    checkProgramName(parts.name, 'variable', SCALAR_FUNCTION_NAMES, line, text);
    if (inputSet.has(parts.name)) {
      throw new ProgramError(`"${parts.name}" is an input and cannot be assigned`, line, text, 1);
    }
    const before = firstLine.get(parts.name);
    if (before !== undefined) {
      throw new ProgramError(
        `"${parts.name}" is assigned twice (first on line ${before}); each variable is assigned once. ` +
          `To define a variable implicitly write it on its own right-hand side (z = 0.5*cos(z) + x); ` +
          `for a later value use a new name (${parts.name}2 = ...)`,
        line,
        text,
        1,
      );
    }
    firstLine.set(parts.name, line);
    return { ...parts, line, text };
  });
  const known = new Set<string>([...inputs, ...firstLine.keys()]);
  return split.map(({ name, rhs, offset, line, text }) => {
    let expr: Expr;
    try {
      expr = parseInProgram(rhs, known);
    } catch (err) {
      if (err instanceof ParseError) {
        const reason = err.reason.startsWith('unknown name')
          ? err.reason.replace(/^unknown name "([^"]*)".*$/, 'undefined variable "$1" (neither an input nor assigned)')
          : err.reason;
        throw new ProgramError(reason, line, text, err.position === undefined ? undefined : err.position + offset);
      }
      throw err;
    }
    return { name, symbol: sym(name), rhs: expr, line, text };
  });
}

function readOutput(raw: unknown, assignments: Assignment[], inputs: string[]): string {
  if (Array.isArray(raw)) {
    throw new ProgramError(`the output must be one scalar variable, not a list (${JSON.stringify(raw)}); a program has a single scalar output`);
  }
  if (typeof raw !== 'string') throw new ProgramError('"output" must name the assigned variable whose value the program computes');
  if (!assignments.some((a) => a.name === raw)) {
    if (inputs.includes(raw)) throw new ProgramError(`the output "${raw}" is an input; the output must be an assigned variable`);
    if (NAME_PATTERN.test(raw)) throw new ProgramError(`the output "${raw}" is never assigned in the program`);
    throw new ProgramError(`the output "${raw}" is not a variable name; it must name one assigned scalar variable`);
  }
  return raw;
}

function readPoint(
  raw: unknown,
  field: string,
  names: readonly string[],
  what: string,
  complete: boolean,
): Record<string, number> | undefined {
  if (raw === undefined) return undefined;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ProgramError(`"${field}" must be an object from ${what} name to number, e.g. {"x": 0.3}`);
  }
  const point = raw as Record<string, unknown>;
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [k, v] of Object.entries(point)) {
    if (!names.includes(k)) throw new ProgramError(`"${field}" names "${k}", which is not an ${what}`);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ProgramError(`"${field}.${k}" must be a finite number`);
    out[k] = v;
  }
  if (complete) {
    const missing = names.filter((n) => !(n in out));
    if (missing.length > 0) throw new ProgramError(`"${field}" gives no value for ${missing.map((m) => `"${m}"`).join(', ')}`);
  }
  return out;
}

/** The JSON form of a program (inverse of parseProgram up to whitespace). */
export function programSpec(p: AdjointProgram): ProgramSpec {
  return {
    inputs: [...p.inputs],
    program: p.assignments.map((a) => a.text),
    output: p.output,
    ...(p.at ? { at: { ...p.at } } : {}),
    ...(p.start ? { start: { ...p.start } } : {}),
  };
}

/** The constants that a program may reuse as variable names (seed 001's program assigns `e`). */
const SHADOWABLE = ['e', 'pi'] as const;

/**
 * Parses an expression of a program whose names are `known`. When the program uses `e`
 * or `pi` as a variable (seed 001 assigns `e = sin(c)`), that name means the variable
 * throughout the program and the constant is not available in it: printed, Euler's
 * number reads `e`, so a program with a variable `e` that also uses exp(1) is rejected
 * rather than printed ambiguously. Positions in errors refer to the text as written.
 */
export function parseInProgram(text: string, known: ReadonlySet<string>): Expr {
  const shadowed = SHADOWABLE.filter((c) => known.has(c));
  if (shadowed.length === 0) return parseKnown(text, known);
  // Rename the shadowing names to fresh legal names the constant table does not know, parse, rename back.
  const fresh = new Map<string, string>();
  for (const c of shadowed) {
    let candidate = `${c}Variable`;
    for (let k = 0; known.has(candidate) || text.includes(candidate); k++) candidate = `${c}Variable${k}`;
    fresh.set(c, candidate);
  }
  // Scan numbers (with their exponents: 1e3 stays a number, 2e is 2*e) and names; rename whole names only.
  const token = /(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[A-Za-z][A-Za-z0-9_]*/g;
  const shifts: { at: number; extra: number }[] = [];
  let delta = 0;
  const renamed = text.replace(token, (m: string, numberPart: string | undefined, _exp: string | undefined, at: number) => {
    const replacement = numberPart === undefined ? fresh.get(m) : undefined;
    if (replacement === undefined || /^\s*\(/.test(text.slice(at + m.length))) return m;
    shifts.push({ at: at + delta + m.length, extra: replacement.length - m.length });
    delta += replacement.length - m.length;
    return replacement;
  });
  const names = new Set([...known].filter((n) => !fresh.has(n)));
  for (const f of fresh.values()) names.add(f);
  try {
    const e = parseKnown(renamed, names);
    if (fresh.has('e') && topologicalOrder([e]).includes(E)) {
      // Printed, Euler's number reads "e": in this program that would be the variable.
      const at = /exp\s*\(/.exec(text);
      throw new ParseError(
        'this program names a variable "e", so Euler\'s number cannot appear in it (printed, it would read as the variable); rename the variable',
        text,
        at ? at.index + 1 : undefined,
      );
    }
    return substitute(e, new Map([...fresh].map(([c, f]) => [sym(f), sym(c)] as [Expr, Expr])));
  } catch (err) {
    if (err instanceof ParseError) {
      const back = (p: number | undefined): number | undefined => {
        if (p === undefined) return undefined;
        let q = p;
        for (const s of shifts) if (p - 1 >= s.at) q -= s.extra;
        return q;
      };
      let reason = err.reason;
      for (const [c, f] of fresh) reason = reason.split(f).join(c);
      throw new ParseError(reason, text, back(err.position));
    }
    throw err;
  }
}

/**
 * `parse` with a check that every name is known. The check is done here rather than by
 * `parse`'s `knownNames`, which copies the set on every call: over a program of N lines
 * with N names that copying alone is quadratic.
 */
function parseKnown(text: string, known: ReadonlySet<string>): Expr {
  const e = parse(text);
  for (const name of freeSymbols(e)) {
    if (known.has(name)) continue;
    const at = new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`).exec(text);
    throw new ParseError(`unknown name "${name}"`, text, at ? at.index + 1 : undefined);
  }
  return e;
}
