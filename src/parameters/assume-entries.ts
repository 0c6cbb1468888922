/**
 * The `assume` entries of a shaped problem file, read once for every route (solve and
 * maxent in matrix form): a matrix property ("F symmetric positive definite") is added to
 * that name's declaration, the same as declaring it in "properties"; every other entry
 * must be a sign fact or relation for `Assumptions`. Errors point at the entry
 * (`assume[i]`) and the position in it.
 */
import { Assumptions, ParseError, readPropertyAssumption } from '../expr/index.js';
import type { ShapeDeclaration } from '../expr/matrix/index.js';
import { InputError, parsingField, squareReason } from '../input/index.js';

/** The declarations with the assumed properties added, and the entries that are sign facts. */
export function readAssumeEntries(texts: readonly string[], declarations: readonly ShapeDeclaration[]): { declarations: ShapeDeclaration[]; signs: string[] } {
  const out = [...declarations];
  const signs: string[] = [];
  texts.forEach((text, index) => {
    const field = `assume[${index}]`;
    const prop = parsingField(field, text, () => readPropertyAssumption(text));
    if (!prop) return void signs.push(text);
    const i = out.findIndex((d) => d.name === prop.name);
    if (i < 0) throw new InputError(`'${prop.name}' is not a declared variable or parameter`, field, text, 1);
    const d = out[i]!;
    const shape = d.shape ?? [];
    // The declarations' own message (one reader), with the properties as assume spells them.
    const square = squareReason(prop.name, shape, prop.properties.map((q) => q.replace(/_/g, ' ')));
    if (square) throw new InputError(`${square}${shape.length === 0 ? ' (a sign is stated as "name > 0")' : ''}`, field, text, 1);
    out[i] = { ...d, properties: [...new Set([...(d.properties ?? []), ...prop.properties])] };
  });
  try {
    Assumptions.parse(signs);
  } catch (err) {
    if (err instanceof ParseError) throw new InputError(err.reason, `assume[${texts.indexOf(err.text)}]`, err.text, err.position);
    if (err instanceof RangeError) throw new InputError(err.message, 'assume');
    throw err;
  }
  return { declarations: out, signs };
}
