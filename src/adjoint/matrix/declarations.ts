/**
 * Shaped declarations in a program file (INTERFACE.md, "Vectors and matrices"): an entry
 * of `inputs` may be `{"name": "W1", "shape": ["h", "n"], "properties": [...]}` instead
 * of a name. This module only reads them; it is apart from the program reader so that
 * the file reader can change without touching the matrix route.
 */
import { MATRIX_PROPERTIES, type Dim, type MatrixProperty, type ShapeDeclaration } from '../../expr/matrix/index.js';
import { NAME_PATTERN } from '../../expr/index.js';
import { ProgramError } from '../program.js';


/** Does the decoded program file declare any input with a shape (then the matrix route applies)? */
export function isShapedProgram(raw: unknown): boolean {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return false;
  const inputs = (raw as Record<string, unknown>)['inputs'];
  return Array.isArray(inputs) && inputs.some((x) => x !== null && typeof x === 'object');
}

/** Reads the `inputs` list: plain names stay scalars; objects are shaped declarations. */
export function readDeclarations(raw: unknown): ShapeDeclaration[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new ProgramError('"inputs" must be a non-empty list of names or declarations such as {"name": "W1", "shape": ["h", "n"]}');
  }
  return raw.map((entry, i) => {
    const where = `inputs[${i}]`;
    if (typeof entry === 'string') return { name: entry };
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new ProgramError(`${where} must be a name or an object {"name", "shape", "properties"}`);
    }
    const obj = entry as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (key !== 'name' && key !== 'shape' && key !== 'properties') throw new ProgramError(`${where} has the unknown field "${key}" (known: name, shape, properties)`);
    }
    const name = obj['name'];
    if (typeof name !== 'string') throw new ProgramError(`${where} needs a "name" (a string)`);
    const shape = readShape(obj['shape'], `${where} ("${name}")`);
    const properties = readProperties(obj['properties'], `${where} ("${name}")`);
    return { name, shape, ...(properties.length > 0 ? { properties } : {}) };
  });
}

function readShape(raw: unknown, where: string): Dim[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > 2) throw new ProgramError(`${where}: "shape" is a list of one dimension (a vector) or two (a matrix), e.g. ["h", "n"]`);
  return raw.map((d) => {
    if (typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= 1e6) return d;
    if (typeof d === 'string' && NAME_PATTERN.test(d)) return d;
    throw new ProgramError(`${where}: the dimension ${JSON.stringify(d)} is neither a positive integer (at most 10^6) nor a dimension name`);
  });
}

function readProperties(raw: unknown, where: string): MatrixProperty[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new ProgramError(`${where}: "properties" is a list such as ["symmetric"]`);
  return raw.map((p) => {
    if (typeof p !== 'string' || !(MATRIX_PROPERTIES as readonly string[]).includes(p)) {
      throw new ProgramError(`${where}: unknown property ${JSON.stringify(p)} (one of ${MATRIX_PROPERTIES.join(', ')})`);
    }
    return p as MatrixProperty;
  });
}

/** isShapedProgram on the file's text (false when the text is not JSON: the scalar reader then reports that). */
export function isShapedProgramText(source: string): boolean {
  try {
    return isShapedProgram(JSON.parse(source));
  } catch {
    return false;
  }
}
