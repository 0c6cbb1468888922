/**
 * Shaped declarations in a program file (INTERFACE.md, "Vectors and matrices"): an entry
 * of `inputs` may be `{"name": "W1", "shape": ["h", "n"], "properties": [...]}` instead
 * of a name. This module only tells the routes apart; the declarations are read by the
 * one reader of every route (src/input/declarations.ts).
 */

/** Does the decoded program file declare any input with a shape (then the matrix route applies)? */
export function isShapedProgram(raw: unknown): boolean {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return false;
  const inputs = (raw as Record<string, unknown>)['inputs'];
  return Array.isArray(inputs) && inputs.some((x) => x !== null && typeof x === 'object');
}

/** isShapedProgram on the file's text (false when the text is not JSON: the scalar reader then reports that). */
export function isShapedProgramText(source: string): boolean {
  try {
    return isShapedProgram(JSON.parse(source));
  } catch {
    return false;
  }
}
