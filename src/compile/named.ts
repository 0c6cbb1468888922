/**
 * Named inputs for compiled functions: `{x: 1, y: 2}` as well as `[1, 2]` or a
 * Float64Array, checked against the variable list so a misspelt or missing name is an
 * error that names it rather than a silent NaN.
 */

/** An input point: values by variable name, or by position in the variable list. */
export type PointInput = Readonly<Record<string, number>> | ArrayLike<number>;

/** The point as a Float64Array in the order of `variables`. */
export function pointArray(variables: readonly string[], input: PointInput): Float64Array {
  if (input instanceof Float64Array) return input;
  if (isArrayLike(input)) {
    if (input.length !== variables.length) throw new RangeError(`expected ${variables.length} values (${variables.join(', ')}), got ${input.length}`);
    return Float64Array.from(input as ArrayLike<number>);
  }
  if (input === null || typeof input !== 'object') throw new TypeError(`a point is an object of values by name ({${variables.map((v) => `${v}: ...`).join(', ')}}) or an array`);
  const known = new Set(variables);
  for (const name of Object.keys(input)) if (!known.has(name)) throw new RangeError(`unknown variable "${name}"; the variables are ${variables.join(', ')}`);
  const out = new Float64Array(variables.length);
  variables.forEach((v, i) => {
    const value = (input as Readonly<Record<string, number>>)[v];
    if (typeof value !== 'number') throw new RangeError(`no value for variable "${v}"`);
    out[i] = value;
  });
  return out;
}

function isArrayLike(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}
