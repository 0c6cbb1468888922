/**
 * The C printer: C99 with <math.h> only. Expression exports give `double f(const
 * double *x)`, `void grad(const double *x, double *out)`, `double f_grad(const double
 * *x, double *grad)`, `void hess(...)` (n·n row-major) and `void hvp(x, v, out)`.
 * Problem exports give IPOPT's C callbacks (IpStdCInterface.h signatures, 0-based
 * triplets): eval_f, eval_grad_f, eval_g, eval_jac_g, eval_h, with the bounds of g.
 * Work arrays up to STACK_WORK doubles live on the stack, larger ones are malloc'd.
 */
import type { FunctionName } from '../expr/index.js';
import { BodyPrinter, printDouble, type ExportFunction, type ExportTarget, type LanguageSyntax } from './core.js';
import { functionIn } from './functions.js';
import { usedFunctions, type ModuleParts } from './module.js';
import type { IpoptFacts } from './specs.js';

/** Largest work array (in doubles) declared on the stack. */
export const STACK_WORK = 4096;
/** IPOPT treats bounds at or below −1e19 as −∞ (its nlp_lower_bound_inf). */
const IPOPT_MINUS_INF = -2e19;

const SYNTAX: LanguageSyntax = {
  number: (v) => printDouble(v, { inf: 'INFINITY', nan: 'NAN' }),
  call: (fn: FunctionName, a) => `${functionIn(fn, 'c')}(${a})`,
  sqrt: (a) => `sqrt(${a})`,
  pow: (a, b) => `pow(${a}, ${b})`,
  define: (name, rhs) => `const double ${name} = ${rhs};`,
  accumulator: (name) => `double ${name} = 0.0;`,
  accumulate: (name, sign, rhs) => `${name} ${sign < 0 ? '-' : '+'}= ${rhs};`,
  store: (array, index, value) => `${array}[${index}] = ${value};`,
  loopOpen: (j, count) => `for (int ${j} = 0; ${j} < ${count}; ${j}++) {`,
  loopClose: () => '}',
  element: (array, index) => `${array}[${index}]`,
};

/** Work array declaration and release. */
function work(fn: ExportFunction): { open: string[]; close: string[] } {
  const w = fn.program.workSize;
  if (w === 0) return { open: [], close: [] };
  if (w <= STACK_WORK) return { open: [`    double u[${w}];`], close: [] };
  return { open: [`    double *u = (double *)malloc(${w} * sizeof(double));`, '    if (u == NULL) abort();'], close: ['    free(u);'] };
}

/** The body of fn writing into `target`, with work array handling; `value` defined when the target has a scalar. */
function body(fn: ExportFunction, target: ExportTarget): { lines: string[]; close: string[] } {
  const printer = new BodyPrinter(SYNTAX, fn, target, `k_${fn.name}`, '    ');
  const w = work(fn);
  return { lines: [...w.open, ...printer.body('    ')], close: w.close };
}

function plainFunction(fn: ExportFunction): string[] {
  const params = fn.inputs.map((a) => (a.scalar ? `double ${a.name}` : `const double *${a.name}`));
  const lines = [`/* ${fn.doc}. */`];
  // Every parameter is marked used: a constant f or a derivative free of v reads none.
  const unused = `    ${fn.inputs.map((a) => `(void)${a.name};`).join(' ')}`;
  const open = (signature: string): string[] => [signature, unused];
  switch (fn.result.kind) {
    case 'scalar': {
      const b = body(fn, { array: 'out', shift: 0, scalar: { index: 0, name: 'value' } });
      lines.push(...open(`double ${fn.name}(${params.join(', ')}) {`), ...b.lines, ...b.close, '    return value;', '}');
      break;
    }
    case 'scalar+vector': {
      const b = body(fn, { array: 'grad', shift: -1, scalar: { index: 0, name: 'value' } });
      lines.push(...open(`double ${fn.name}(${[...params, 'double *grad'].join(', ')}) {`), ...b.lines, ...b.close, '    return value;', '}');
      break;
    }
    default: {
      const b = body(fn, { array: 'out', shift: 0 });
      lines.push(...open(`void ${fn.name}(${[...params, 'double *out'].join(', ')}) {`), ...b.lines, ...b.close, '}');
    }
  }
  return lines;
}

function intArray(name: string, values: readonly number[]): string {
  return `static const int ${name}[] = {${values.length > 0 ? values.join(', ') : '0'}};`;
}

/** IPOPT's callbacks around the bodies. */
function ipoptFunctions(functions: readonly ExportFunction[], facts: IpoptFacts): string[] {
  const byName = new Map(functions.map((f) => [f.name, f]));
  const get = (name: string): ExportFunction => byName.get(name)!;
  const n = get('eval_f').inputs[0]!.count;
  const unused = (names: string[]): string => `    ${names.map((v) => `(void)${v};`).join(' ')}`;
  const lines = [
    '#ifndef __IPSTDCINTERFACE_H__',
    '/* The types of IpStdCInterface.h; include that header before this file to use its own. */',
    'typedef int Index;',
    'typedef double Number;',
    'typedef int Bool;',
    'typedef void *UserDataPtr;',
    '#endif',
    '',
    `enum { N_VARIABLES = ${n}, M_CONSTRAINTS = ${facts.m}, NELE_JAC = ${facts.jacobian.rows.length}, NELE_HESS = ${facts.hessian.rows.length} };`,
    `/* Bounds of eval_g: 0 <= h <= 0 and -inf < g <= 0 (${IPOPT_MINUS_INF} is -inf for IPOPT). */`,
    `static const double g_lower[] = {${facts.kinds.length > 0 ? facts.kinds.map((k) => SYNTAX.number(k === 'equality' ? 0 : IPOPT_MINUS_INF)).join(', ') : '0.0'}};`,
    `static const double g_upper[] = {${facts.kinds.length > 0 ? facts.kinds.map(() => '0.0').join(', ') : '0.0'}};`,
    intArray('jac_rows', facts.jacobian.rows),
    intArray('jac_cols', facts.jacobian.cols),
    intArray('hess_rows', facts.hessian.rows),
    intArray('hess_cols', facts.hessian.cols),
    '',
  ];
  const f = body(get('eval_f'), { array: 'out', shift: 0, scalar: { index: 0, name: 'value' } });
  lines.push('/* The objective (minimised; a maximised f is negated). */');
  lines.push('Bool eval_f(Index n, Number *x, Bool new_x, Number *obj_value, UserDataPtr user_data) {', unused(['n', 'x', 'new_x', 'user_data']), ...f.lines, ...f.close, '    *obj_value = value;', '    return 1;', '}', '');
  const grad = body(get('eval_grad_f'), { array: 'grad_f', shift: 0 });
  lines.push('/* The gradient of eval_f. */');
  lines.push('Bool eval_grad_f(Index n, Number *x, Bool new_x, Number *grad_f, UserDataPtr user_data) {', unused(['n', 'x', 'new_x', 'user_data']), ...grad.lines, ...grad.close, '    return 1;', '}', '');
  const g = body(get('eval_g'), { array: 'g', shift: 0 });
  lines.push('/* The constraints in file order: equalities h (bounds 0, 0) and inequalities g (bounds -inf, 0). */');
  lines.push('Bool eval_g(Index n, Number *x, Bool new_x, Index m, Number *g, UserDataPtr user_data) {', unused(['n', 'x', 'new_x', 'm', 'g', 'user_data']), ...g.lines, ...g.close, '    return 1;', '}', '');
  const jac = body(get('eval_jac_g'), { array: 'values', shift: 0 });
  lines.push('/* The Jacobian of eval_g: the structure (iRow, jCol; 0-based) when values is NULL, else the values. */');
  lines.push(
    'Bool eval_jac_g(Index n, Number *x, Bool new_x, Index m, Index nele_jac, Index *iRow, Index *jCol, Number *values, UserDataPtr user_data) {',
    unused(['n', 'x', 'new_x', 'm', 'nele_jac', 'user_data']),
    '    if (values == NULL) {',
    '        for (int k = 0; k < NELE_JAC; k++) {',
    '            iRow[k] = jac_rows[k];',
    '            jCol[k] = jac_cols[k];',
    '        }',
    '        return 1;',
    '    }',
    ...jac.lines,
    ...jac.close,
    '    return 1;',
    '}',
    '',
  );
  const h = body(get('eval_h'), { array: 'values', shift: 0 });
  lines.push('/* The lower triangle of obj_factor * Hessian(f) + sum lambda[i] * Hessian(g_i): structure when values is NULL, else values. */');
  lines.push(
    'Bool eval_h(Index n, Number *x, Bool new_x, Number obj_factor, Index m, Number *lambda, Bool new_lambda, Index nele_hess, Index *iRow, Index *jCol, Number *values, UserDataPtr user_data) {',
    unused(['n', 'x', 'new_x', 'obj_factor', 'm', 'lambda', 'new_lambda', 'nele_hess', 'user_data']),
    '    if (values == NULL) {',
    '        for (int k = 0; k < NELE_HESS; k++) {',
    '            iRow[k] = hess_rows[k];',
    '            jCol[k] = hess_cols[k];',
    '        }',
    '        return 1;',
    '    }',
    ...h.lines,
    ...h.close,
    '    return 1;',
    '}',
  );
  return lines;
}

/** The whole C file. */
export function printC(parts: ModuleParts): string {
  const used = usedFunctions(parts.functions);
  const lines = ['/*', ...parts.header.map((l) => ` * ${l}`.trimEnd()), ' */', '#include <math.h>', '#include <stdlib.h>', ''];
  if (used.has('sign')) lines.push('/* Math.sign: -1, 0 or 1, and a itself at 0 and NaN. */', 'static double sign_(double a) { return a > 0 ? 1.0 : (a < 0 ? -1.0 : a); }', '');
  for (const fn of parts.functions) {
    if (fn.program.table.length > 0) lines.push(`static const double k_${fn.name}[] = {${fn.program.table.map((v) => SYNTAX.number(v)).join(', ')}};`);
  }
  lines.push('');
  if (parts.ipopt) lines.push(...ipoptFunctions(parts.functions, parts.ipopt));
  else for (const fn of parts.functions) lines.push(...plainFunction(fn), '');
  return `${lines.join('\n')}\n`;
}
