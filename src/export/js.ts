/**
 * The JavaScript printer: an ES module of plain functions over arrays (any array-like
 * input; results are Float64Arrays). `f_grad` returns `[value, grad]`; matrices are
 * flat, row-major.
 */
import type { FunctionName } from '../expr/index.js';
import { BodyPrinter, printDouble, scalarFirst, type ExportFunction, type Syntax } from './core.js';
import { functionIn } from './functions.js';
import type { ModuleParts } from './module.js';

const SYNTAX: Syntax = {
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
