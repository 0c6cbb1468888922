/**
 * Python printers: `python` (scalar floats, the `math` module, no dependency),
 * `numpy` (vectorised: x[i] may be an array of points, every operation is NumPy's) and
 * `jax` (jax.numpy, functional array updates, float64 enabled). One printer with three
 * flavours; the body comes from the shared BodyPrinter.
 */
import type { FunctionName } from '../expr/index.js';
import { BodyPrinter, printDouble, scalarFirst, type ExportFunction, type LanguageSyntax } from './core.js';
import { functionIn } from './functions.js';
import { usedFunctions, type ModuleParts } from './module.js';

/** The Python flavours. */
export type PythonFlavour = 'python' | 'numpy' | 'jax';

const ARRAY_NS: Record<Exclude<PythonFlavour, 'python'>, string> = { numpy: 'np', jax: 'jnp' };

function syntax(flavour: PythonFlavour): LanguageSyntax {
  const ns = flavour === 'python' ? 'math' : ARRAY_NS[flavour];
  return {
    number: (v) => printDouble(v, { inf: `${ns}.inf`, nan: `${ns}.nan` }),
    call: (fn: FunctionName, a) => `${functionIn(fn, flavour)}(${a})`,
    sqrt: (a) => `${ns}.sqrt(${a})`,
    pow: (a, b) => (flavour === 'python' ? `math.pow(${a}, ${b})` : `${ns}.power(${a}, ${b})`),
    define: (name, rhs) => `${name} = ${rhs}`,
    accumulator: (name) => `${name} = 0.0`,
    accumulate: (name, sign, rhs) => `${name} ${sign < 0 ? '-' : '+'}= ${rhs}`,
    store: (array, index, value) => (flavour === 'jax' ? `${array} = ${array}.at[${index}].set(${value})` : `${array}[${index}] = ${value}`),
    loopOpen: (j, count) => `for ${j} in range(${count}):`,
    loopClose: () => null,
    element: (array, index) => `${array}[${index}]`,
  };
}

/** `(n,) + batch shape` for the array flavours. */
function alloc(flavour: PythonFlavour, size: number): string {
  if (flavour === 'python') return `[0.0] * ${size}`;
  const ns = ARRAY_NS[flavour];
  return `${ns}.${flavour === 'jax' ? 'zeros' : 'empty'}((${size},) + x.shape[1:])`;
}

function table(flavour: PythonFlavour, name: string, values: readonly number[], sx: LanguageSyntax): string {
  const items = values.map((v) => sx.number(v)).join(', ');
  if (flavour === 'python') return `${name} = (${items},)`;
  return `${name} = ${ARRAY_NS[flavour]}.array([${items}])`;
}

/** One `def`. */
function printFunction(flavour: PythonFlavour, fn: ExportFunction): string[] {
  const sx = syntax(flavour);
  const nOut = fn.program.outputs.length;
  const first = scalarFirst(fn);
  const arraySize = fn.result.kind === 'scalar+vector' ? nOut - 1 : fn.result.kind === 'scalar' ? 0 : nOut;
  const target = { array: 'out', shift: fn.result.kind === 'scalar+vector' ? -1 : 0, ...(first ? { scalar: { index: 0, name: 'value' } } : {}) };
  const body = new BodyPrinter(sx, fn, target, `k_${fn.name}`, '    ');
  const params = fn.inputs.map((a) => a.name);
  const lines = [`def ${fn.name}(${params.join(', ')}):`, `    """${fn.doc}."""`];
  if (flavour !== 'python') {
    const ns = ARRAY_NS[flavour];
    for (const a of fn.inputs) lines.push(`    ${a.name} = ${ns}.asarray(${a.name}, dtype=${ns}.float64)`);
  }
  if (arraySize > 0 || (first && fn.program.outputs[0] === null)) lines.push(`    out = ${alloc(flavour, Math.max(arraySize, 1))}`);
  if (fn.program.workSize > 0) lines.push(`    u = ${alloc(flavour, fn.program.workSize)}`);
  lines.push(...body.body('    '));
  const value = first && flavour !== 'python' && fn.program.outputs[0]?.kind === 'const' ? `value + ${ARRAY_NS[flavour as Exclude<PythonFlavour, 'python'>]}.zeros(x.shape[1:])` : 'value';
  switch (fn.result.kind) {
    case 'scalar':
      lines.push(`    return ${value}`);
      break;
    case 'scalar+vector':
      lines.push(`    return ${value}, out`);
      break;
    case 'vector':
      lines.push('    return out');
      break;
    case 'matrix': {
      const { rows, cols } = fn.result;
      if (flavour === 'python') lines.push(`    return [out[i * ${cols}:(i + 1) * ${cols}] for i in range(${rows})]`);
      else lines.push(`    return out.reshape((${rows}, ${cols}) + x.shape[1:])`);
    }
  }
  return lines;
}

/** The whole Python module. */
export function printPython(flavour: PythonFlavour, parts: ModuleParts): string {
  const sx = syntax(flavour);
  const used = usedFunctions(parts.functions);
  const lines: string[] = parts.header.map((l) => (l === '' ? '#' : `# ${l}`));
  if (flavour === 'numpy' && used.has('erf')) {
    lines.push('# erf: scipy.special.erf when SciPy imports, else numpy.vectorize(math.erf) (same values, slower).');
  }
  if (flavour !== 'python') lines.push('# Inputs may carry extra trailing axes (x[i] an array of points): every output gets them too.');
  lines.push('');
  lines.push('import math');
  if (flavour === 'numpy') lines.push('import numpy as np');
  if (flavour === 'jax') lines.push('import jax', 'import jax.numpy as jnp', 'import jax.scipy.special', '', 'jax.config.update("jax_enable_x64", True)');
  lines.push('');
  if (flavour === 'python' && used.has('sign')) {
    lines.push('', 'def sign_(a):', '    """Math.sign: -1, 0 or 1, and a itself at 0 and NaN."""', '    return 1.0 if a > 0 else (-1.0 if a < 0 else a)', '');
  }
  if (flavour === 'numpy' && used.has('erf')) {
    lines.push('try:', '    from scipy.special import erf as erf_', 'except ImportError:', '    erf_ = np.vectorize(math.erf, otypes=[np.float64])', '');
  }
  for (const fn of parts.functions) if (fn.program.table.length > 0) lines.push(table(flavour, `k_${fn.name}`, fn.program.table, sx));
  for (const fn of parts.functions) lines.push('', '', ...printFunction(flavour, fn));
  if (parts.scipyConstraints) {
    lines.push('', '');
    lines.push('# For scipy.optimize.minimize(fun, x0, jac=jac, hess=hess, constraints=constraints, method="trust-constr" or "SLSQP").');
    lines.push('constraints = [');
    for (const kind of parts.scipyConstraints) lines.push(`    {"type": "${kind}", "fun": ${kind}_fun, "jac": ${kind}_jac},`);
    lines.push(']');
  }
  return `${lines.join('\n')}\n`;
}
