/**
 * The JavaScript printer: an ES module of plain functions over arrays (any array-like
 * input; results are Float64Arrays). `f_grad` returns `[value, grad]`; matrices are
 * flat, row-major.
 */
import type { FunctionName } from '../expr/index.js';
import { BodyPrinter, printDouble, scalarFirst, type ExportFunction, type LanguageSyntax } from './core.js';
import { functionIn } from './functions.js';
import { usedFunctions, type ModuleParts } from './module.js';

/**
 * erf for the JavaScript export (JavaScript has none): the series with positive terms
 * only, 2/√π · e^(−a²) · Σ 2^k a^(2k+1) / (1·3···(2k+1)), which has no cancellation; ±1
 * beyond |a| = 6, where 1 − erf is below half an ulp of 1. Tested against Python's
 * math.erf (test/export/security.test.ts, "erf helper").
 */
export const ERF_HELPER = [
  '/** erf(a): 2/sqrt(pi) * exp(-a^2) * sum of 2^k a^(2k+1) / (1*3*...*(2k+1)); +-1 beyond |a| = 6. */',
  'function erf_(a) {',
  '  const x = Math.abs(a);',
  '  if (!(x < 6)) return Number.isNaN(a) ? a : Math.sign(a);',
  '  const x2 = 2 * x * x;',
  '  let term = x;',
  '  let sum = x;',
  '  for (let k = 1; term > sum * 1e-17; k++) {',
  '    term *= x2 / (2 * k + 1);',
  '    sum += term;',
  '  }',
  '  const value = 1.1283791670955126 * Math.exp(-x * x) * sum;',
  '  return a < 0 ? -value : value;',
  '}',
];

const SYNTAX: LanguageSyntax = {
  number: (v) => printDouble(v, { inf: 'Infinity', nan: 'NaN' }),
  call: (fn: FunctionName, a) => `${functionIn(fn, 'js')}(${a})`,
  sqrt: (a) => `Math.sqrt(${a})`,
  pow: (a, b) => `Math.pow(${a}, ${b})`,
  define: (name, rhs) => `const ${name} = ${rhs};`,
  accumulator: (name) => `let ${name} = 0;`,
  accumulate: (name, sign, rhs) => `${name} ${sign < 0 ? '-' : '+'}= ${rhs};`,
  store: (array, index, value) => `${array}[${index}] = ${value};`,
  loopOpen: (j, count) => `for (let ${j} = 0; ${j} < ${count}; ${j}++) {`,
  loopClose: () => '}',
  element: (array, index) => `${array}[${index}]`,
};

function printFunction(fn: ExportFunction): string[] {
  const nOut = fn.program.outputs.length;
  const first = scalarFirst(fn);
  const size = fn.result.kind === 'scalar+vector' ? nOut - 1 : fn.result.kind === 'scalar' ? 0 : nOut;
  const target = { array: 'out', shift: fn.result.kind === 'scalar+vector' ? -1 : 0, ...(first ? { scalar: { index: 0, name: 'value' } } : {}) };
  const printer = new BodyPrinter(SYNTAX, fn, target, `k_${fn.name}`, '  ');
  const lines = [`/** ${fn.doc}. */`, `export function ${fn.name}(${fn.inputs.map((a) => a.name).join(', ')}) {`];
  if (size > 0) lines.push(`  const out = new Float64Array(${size});`);
  if (fn.program.workSize > 0) lines.push(`  const u = new Float64Array(${fn.program.workSize});`);
  lines.push(...printer.body('  '));
  if (fn.result.kind === 'scalar') lines.push('  return value;');
  else if (fn.result.kind === 'scalar+vector') lines.push('  return [value, out];');
  else lines.push('  return out;');
  lines.push('}');
  return lines;
}

/** The whole module. */
export function printJs(parts: ModuleParts): string {
  const lines = ['/*', ...parts.header.map((l) => ` * ${l}`.trimEnd()), ' */', ''];
  if (usedFunctions(parts.functions).has('erf')) lines.push(...ERF_HELPER, '');
  for (const fn of parts.functions) {
    if (fn.program.table.length > 0) lines.push(`const k_${fn.name} = Float64Array.of(${fn.program.table.map((v) => SYNTAX.number(v)).join(', ')});`);
  }
  for (const fn of parts.functions) lines.push('', ...printFunction(fn));
  if (parts.scipyConstraints) {
    lines.push('', '/** The constraints, SciPy-style: eq means fun(x) = 0, ineq means fun(x) >= 0. */', 'export const constraints = [');
    for (const kind of parts.scipyConstraints) lines.push(`  { type: '${kind}', fun: ${kind}_fun, jac: ${kind}_jac },`);
    lines.push('];');
  }
  return `${lines.join('\n')}\n`;
}
