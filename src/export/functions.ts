/**
 * The name of each built-in function in each export language. The table covers every
 * FunctionName (checked by the type of `LANGUAGE_FUNCTIONS` below) and the names the
 * parser adds (asin … atanh, erf), so a merge that adds them needs no change here.
 *
 * Spellings that are not a library call: `sign` is a helper in C and scalar Python
 * (`sign_`, returning its argument at 0 and NaN as Math.sign does); `erf` in NumPy is
 * `scipy.special.erf` when SciPy imports and `numpy.vectorize(math.erf)` otherwise
 * (both correctly rounded to about 1 ulp; the fallback is slower); JavaScript has no erf,
 * so a JavaScript export that uses it carries a helper `erf_` (js.ts, ERF_HELPER).
 * A null spelling would make `functionIn` refuse the export with a message.
 */
import type { FunctionName } from '../expr/index.js';

/** Export languages. */
export type Language = 'python' | 'numpy' | 'jax' | 'c' | 'js';

/** Every export language, in the order the help lists them. */
export const LANGUAGES: readonly Language[] = ['python', 'numpy', 'jax', 'c', 'js'];

type Spellings = Readonly<Record<Language, string | null>>;

const TABLE = {
  exp: { python: 'math.exp', numpy: 'np.exp', jax: 'jnp.exp', c: 'exp', js: 'Math.exp' },
  log: { python: 'math.log', numpy: 'np.log', jax: 'jnp.log', c: 'log', js: 'Math.log' },
  sin: { python: 'math.sin', numpy: 'np.sin', jax: 'jnp.sin', c: 'sin', js: 'Math.sin' },
  cos: { python: 'math.cos', numpy: 'np.cos', jax: 'jnp.cos', c: 'cos', js: 'Math.cos' },
  tan: { python: 'math.tan', numpy: 'np.tan', jax: 'jnp.tan', c: 'tan', js: 'Math.tan' },
  sinh: { python: 'math.sinh', numpy: 'np.sinh', jax: 'jnp.sinh', c: 'sinh', js: 'Math.sinh' },
  cosh: { python: 'math.cosh', numpy: 'np.cosh', jax: 'jnp.cosh', c: 'cosh', js: 'Math.cosh' },
  tanh: { python: 'math.tanh', numpy: 'np.tanh', jax: 'jnp.tanh', c: 'tanh', js: 'Math.tanh' },
  abs: { python: 'math.fabs', numpy: 'np.abs', jax: 'jnp.abs', c: 'fabs', js: 'Math.abs' },
  sign: { python: 'sign_', numpy: 'np.sign', jax: 'jnp.sign', c: 'sign_', js: 'Math.sign' },
  asin: { python: 'math.asin', numpy: 'np.arcsin', jax: 'jnp.arcsin', c: 'asin', js: 'Math.asin' },
  acos: { python: 'math.acos', numpy: 'np.arccos', jax: 'jnp.arccos', c: 'acos', js: 'Math.acos' },
  atan: { python: 'math.atan', numpy: 'np.arctan', jax: 'jnp.arctan', c: 'atan', js: 'Math.atan' },
  asinh: { python: 'math.asinh', numpy: 'np.arcsinh', jax: 'jnp.arcsinh', c: 'asinh', js: 'Math.asinh' },
  acosh: { python: 'math.acosh', numpy: 'np.arccosh', jax: 'jnp.arccosh', c: 'acosh', js: 'Math.acosh' },
  atanh: { python: 'math.atanh', numpy: 'np.arctanh', jax: 'jnp.arctanh', c: 'atanh', js: 'Math.atanh' },
  erf: { python: 'math.erf', numpy: 'erf_', jax: 'jax.scipy.special.erf', c: 'erf', js: 'erf_' },
} satisfies Record<string, Spellings>;

/** Every FunctionName has a row (a compile error otherwise). */
const LANGUAGE_FUNCTIONS: Readonly<Record<FunctionName, Spellings>> = TABLE;

/** The spelling of fn in the language; throws a clear error when the language has none. */
export function functionIn(fn: FunctionName, lang: Language): string {
  const name = LANGUAGE_FUNCTIONS[fn]?.[lang];
  if (name === undefined || name === null) throw new ExportError(`the function ${fn} has no ${lang} spelling: export to another language (python, numpy, jax or c)`);
  return name;
}

/** A request the exporter cannot honour (bad input, exit 2 at the CLI). */
export class ExportError extends Error {
  override name = 'ExportError';
}
