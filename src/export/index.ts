/**
 * The export room: an expression (f, gradient, optionally Hessian and Hessian-vector
 * product) or a problem (objective, constraints, Jacobian, Hessian of the Lagrangian in
 * SciPy's or IPOPT's layout) as self-contained Python, NumPy, JAX, C or JavaScript.
 * Every language prints the same lowered Program (src/compile): common subexpressions
 * once, repeated structure as loops.
 */
import type { Expr } from '../expr/index.js';
import { instructionCount, type BodyStep } from '../compile/program.js';
import { printC } from './c.js';
import type { ExportFunction } from './core.js';
import { ExportError, LANGUAGES, type Language } from './functions.js';
import { printJs } from './js.js';
import { headerLines, type ModuleParts } from './module.js';
import { printPython } from './python.js';
import { expressionFunctions, ipoptFunctions, scipyFunctions, type ExportProblem, type LoopPolicy } from './specs.js';

export { ExportError, LANGUAGES, type Language } from './functions.js';
export { escapeName, printDouble } from './core.js';
export { numericProblem, type ExportProblem, type LoopPolicy, type IpoptFacts, type Triplets } from './specs.js';
export { STACK_WORK } from './c.js';
export { ERF_HELPER } from './js.js';

/** Options of an export. */
export interface ExportOptions {
  readonly lang: Language;
  /** Expressions: also the Hessian (`hess`). */
  readonly hessian?: boolean;
  /** Expressions: also the Hessian-vector product (`hvp(x, v)`). */
  readonly hvp?: boolean;
  /** Repeated structure as loops: `always` (default: wherever a pattern repeats 4 or more times), `auto` (only programs over 1000 instructions), `never`. */
  readonly loops?: LoopPolicy;
  /** IPOPT layout: every Jacobian and lower-triangle Hessian entry, not only the structurally nonzero ones. */
  readonly dense?: boolean;
}

/** Exported code and what it holds. */
export interface Exported {
  readonly language: Language;
  readonly code: string;
  /** `expression`, `scipy` (problem in Python/NumPy/JAX/JS) or `ipopt` (problem in C). */
  readonly layout: 'expression' | 'scipy' | 'ipopt';
  readonly functions: readonly { readonly name: string; readonly instructions: number; readonly loops: number }[];
}

function checkLanguage(lang: string): asserts lang is Language {
  if (!(LANGUAGES as readonly string[]).includes(lang)) throw new ExportError(`unknown language "${lang}": use one of ${LANGUAGES.join(', ')}`);
}

function loopCount(fn: ExportFunction): number {
  let count = 0;
  const stack: BodyStep[] = [...fn.program.instructions];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (s.op === 'loop') {
      count++;
      stack.push(...s.body);
    }
  }
  return count;
}

function print(lang: Language, parts: ModuleParts, layout: Exported['layout']): Exported {
  const code = lang === 'c' ? printC(parts) : lang === 'js' ? printJs(parts) : printPython(lang, parts);
  return {
    language: lang,
    code,
    layout,
    functions: parts.functions.map((fn) => ({ name: fn.name, instructions: instructionCount(fn.program.instructions), loops: loopCount(fn) })),
  };
}

/** Exports f over the variables (in this order: x[0], x[1], ...). */
export function exportExpression(e: Expr, variables: readonly string[], options: ExportOptions): Exported {
  checkLanguage(options.lang);
  const functions = expressionFunctions(e, variables, options);
  const header = headerLines({ language: options.lang, what: `f, its gradient${options.hessian ? ', its Hessian' : ''}${options.hvp ? ', Hessian-vector products' : ''}`, variables, functions });
  return print(options.lang, { header, functions }, 'expression');
}

/**
 * Exports a problem: C gets IPOPT's callbacks, the other languages SciPy's layout
 * (`fun`, `jac`, `hess`, `eq_fun`/`eq_jac`, `ineq_fun`/`ineq_jac` with −g ≥ 0, and a
 * `constraints` list). The problem's parameters must already be numbers (numericProblem).
 */
export function exportProblem(problem: ExportProblem, options: ExportOptions): Exported {
  checkLanguage(options.lang);
  const sense = problem.sense === 'maximize' ? ['The problem maximises f: the exported objective is -f (SciPy and IPOPT minimise).'] : [];
  if (options.lang === 'c') {
    const { functions, facts } = ipoptFunctions(problem, options);
    const notes = [
      ...sense,
      `IPOPT layout: n = ${problem.variables.length}, m = ${facts.m}, ${facts.jacobian.rows.length} Jacobian and ${facts.hessian.rows.length} Hessian entries (0-based triplets: index_style 0).`,
      'Constraints in file order; bounds in g_lower and g_upper.',
    ];
    const header = headerLines({ language: 'c', what: 'a constrained problem for IPOPT', variables: problem.variables, notes, functions });
    return print('c', { header, functions, ipopt: facts }, 'ipopt');
  }
  const functions = scipyFunctions(problem, options.loops);
  const kinds = (['eq', 'ineq'] as const).filter((k) => problem.constraints.some((c) => c.kind === (k === 'eq' ? 'equality' : 'inequality')));
  const notes = [...sense, 'SciPy layout: "ineq" constraints are fun(x) >= 0, so ineq_fun is -g for the problem\'s g(x) <= 0.'];
  const header = headerLines({ language: options.lang, what: 'a constrained problem for scipy.optimize.minimize', variables: problem.variables, notes, functions });
  return print(options.lang, { header, functions, scipyConstraints: kinds }, 'scipy');
}
