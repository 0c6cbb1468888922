/**
 * The optimiser's settings as a user writes them: the options of a problem file
 * (`"options": {"max_iter": 2000, "lr": 0.1}`) or of `--option name=value`, by their
 * file names and checked by kind, and the method by its name. One table, read by the
 * CLI and the playground alike.
 */
import { InputError, nearestName, own, unknownNameReason } from '../input/index.js';
import { METHODS, type Method, type OptimizeOptions } from '../numeric/index.js';
import type { PreparedProblem } from './problem.js';

type Kind = 'number' | 'int' | 'bool' | readonly string[];
const OPTION_KINDS: Readonly<Record<string, { key: keyof OptimizeOptions; kind: Kind }>> = {
  max_iter: { key: 'maxIter', kind: 'int' },
  tol: { key: 'tol', kind: 'number' },
  lr: { key: 'lr', kind: 'number' },
  step: { key: 'step', kind: ['fixed', 'eigen'] },
  momentum: { key: 'momentum', kind: 'number' },
  noise: { key: 'noise', kind: 'number' },
  anneal: { key: 'anneal', kind: 'bool' },
  seed: { key: 'seed', kind: 'int' },
  memory: { key: 'memory', kind: 'int' },
  c1: { key: 'c1', kind: 'number' },
  c2: { key: 'c2', kind: 'number' },
  dual_lr: { key: 'dualLr', kind: 'number' },
  penalty: { key: 'penalty', kind: 'number' },
  multiplier0: { key: 'multiplier0', kind: 'number' },
  newton_solver: { key: 'newtonSolver', kind: ['auto', 'dense', 'cg'] },
  divergence_bound: { key: 'divergenceBound', kind: 'number' },
  trajectory: { key: 'trajectory', kind: 'bool' },
};

/** One option as given: a JSON value (from a file) or a text (from a command line), and where it was given, for the message. */
export interface OptionEntry {
  readonly name: string;
  /** The JSON value, from a file's "options". */
  readonly value?: unknown;
  /** The text after `=`, from `--option name=value`: read as the option's kind asks. */
  readonly text?: string;
  /** Where the option was given (`options of p.json`, `--option`): the error's label. */
  readonly where: string;
}

/** A bad option: an InputError about `where`, naming the option (so a page can point at it). */
export class OptionError extends InputError {
  override name = 'OptionError';
  constructor(
    reason: string,
    where: string,
    /** The option's name as given. */
    readonly option: string,
  ) {
    super(reason, where);
  }
}

/**
 * The options, read in order (a later entry of one name wins): each name must be known
 * and its value of the option's kind, else an OptionError. Entries are taken one at a
 * time, so an iterator that throws on a malformed entry throws in the order given.
 */
export function readOptimizeOptions(entries: Iterable<OptionEntry>): OptimizeOptions {
  const out: Record<string, unknown> = {};
  for (const { name, value, text, where } of entries) {
    // Own properties only: an option named "toString" or "__proto__" is unknown, not a member of Object.prototype.
    const spec = own(OPTION_KINDS, name);
    if (!spec) throw new OptionError(unknownNameReason('option', name, Object.keys(OPTION_KINDS)), where, name);
    const kind = spec.kind;
    let v = value;
    if (text !== undefined) {
      if (kind === 'bool') v = text === 'true' ? true : text === 'false' ? false : text;
      else if (kind === 'number' || kind === 'int') v = text.trim() === '' ? text : Number(text);
    }
    const bad = (want: string) => new OptionError(`option "${name}" must be ${want}, got ${JSON.stringify(text ?? value)}`, where, name);
    if (kind === 'bool') {
      if (typeof v !== 'boolean') throw bad('true or false');
    } else if (kind === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw bad('a finite number');
    } else if (kind === 'int') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw bad('a non-negative integer');
    } else if (typeof v !== 'string' || !kind.includes(v)) throw bad(`one of ${kind.map((k) => `"${k}"`).join(', ')}`);
    // Writable: a later entry of the same name (a flag after the file) replaces the earlier one.
    Object.defineProperty(out, spec.key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out as OptimizeOptions;
}

/** The entries of a file's "options" object, in the file's order. */
export function fileOptionEntries(options: Readonly<Record<string, unknown>> | undefined, where: string): OptionEntry[] {
  return Object.entries(options ?? {}).map(([name, value]) => ({ name, value, where }));
}

/** A method by its name; an unknown name is an InputError about `label` (`--method`, `method of p.json`) pointing at the name, with the nearest known one. */
export function readMethod(text: string, label: string): Method {
  if ((METHODS as readonly string[]).includes(text)) return text as Method;
  const near = nearestName(text, METHODS);
  throw new InputError(`unknown method "${text.length > 40 ? `${text.slice(0, 40)}…` : text}"${near ? `; did you mean "${near}"?` : ''}; choose one of ${METHODS.join(', ')}`, label, text, 1);
}

/** The method when none is named: L-BFGS for an unconstrained problem, else projected descent where the constraints allow it, else primal-dual. */
export function defaultMethod(p: PreparedProblem): Method {
  for (const m of ['lbfgs', 'projected', 'primal-dual'] as const) if (p.methods.includes(m)) return m;
  return 'lbfgs';
}
