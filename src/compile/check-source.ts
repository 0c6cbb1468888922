/**
 * The check that generated source holds nothing but the code generator's own
 * vocabulary. `emit.ts` runs it on every program before `new Function` sees it.
 */
import { GENERATED_HELPERS } from '../expr/index.js';

const KEYWORDS = new Set(['function', 'return', 'const', 'let', 'for', 'undefined', 'Infinity', 'NaN', 'Math']);
// Arrays: inputs x, v; chunk exports w; loop work arrays u; per-iteration constants k.
const PARAMS = new Set(['x', 'v', 'w', 'u', 'k', 'h', 'out', 'g', 'o', 'q', 'r', 'n', 'one', 'batch']);
const MATH_MEMBERS = new Set([
  'exp', 'log', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'abs', 'sign', 'sqrt', 'pow', 'cbrt',
  'asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh', 'log1p', 'expm1', 'log2', 'log10', 'hypot', 'atan2',
  'floor', 'ceil', 'round', 'trunc', 'min', 'max', 'PI', 'E',
]);
/** Members of the helper object `h` (GENERATED_HELPERS of the rules table). */
const HELPER_MEMBERS = new Set<string>(Object.keys(GENERATED_HELPERS));
const PUNCTUATION = new Set(['(', ')', '{', '}', '[', ']', ';', ',', '.', ':', '+', '-', '*', '/', '=', '<', '++']);

/**
 * Refuses generated source that contains anything but the code generator's own
 * vocabulary: fixed keywords and parameters, `t<k>`, `c<k>`, `a<k>`, `b<k>` and loop
 * variables `j<d>`, `Math.<fn>`
 * from a fixed list, `h.<helper>` from GENERATED_HELPERS, decimal numbers and operators. There are no string literals,
 * comments or user names in valid output, so this check makes "user text never
 * reaches generated code" a checked invariant rather than a convention.
 */
export function checkGeneratedSource(source: string): void {
  const token = /\s+|(\d+(?:\.\d+)?(?:e[+-]\d+)?)|([A-Za-z_$][A-Za-z0-9_$]*)|(\+\+|[^\sA-Za-z0-9_$])/gy;
  let m: RegExpExecArray | null;
  let previous = '';
  let object = ''; // the name before the last '.': Math or h
  let pos = 0;
  while (pos < source.length && (m = token.exec(source)) !== null) {
    pos = token.lastIndex;
    const [text, number, ident, punct] = m;
    if (number !== undefined) {
      previous = text;
      continue;
    }
    if (ident !== undefined) {
      const members = object === 'h' ? HELPER_MEMBERS : MATH_MEMBERS;
      const ok = previous === '.' ? members.has(ident) : KEYWORDS.has(ident) || PARAMS.has(ident) || /^[tcabj]\d+$/.test(ident);
      if (!ok) throw new Error(`internal: generated code contains the unexpected name "${ident}"`);
      previous = ident;
      continue;
    }
    if (punct !== undefined) {
      if (!PUNCTUATION.has(punct)) throw new Error(`internal: generated code contains the unexpected character "${punct}"`);
      if (punct === '.' && previous !== 'Math' && previous !== 'h') throw new Error('internal: generated code contains a property access');
      if (punct === '.') object = previous;
      if ((punct === '/' || punct === '*') && previous === '/') throw new Error('internal: generated code contains a comment');
      previous = punct;
    }
  }
  if (pos !== source.length) throw new Error('internal: generated code could not be tokenised');
}
