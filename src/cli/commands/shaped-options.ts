/**
 * The options that switch `diff` and `gradcheck` to the shaped path, kept apart from
 * `shaped.ts` so the commands can declare them without loading the matrix rooms.
 */
import { stringValues, type ParsedArgs } from '../args.js';

/** The options the shaped path adds to diff and gradcheck. */
export const SHAPE_OPTIONS = {
  shape: { type: 'string', multiple: true },
  props: { type: 'string', multiple: true },
  dims: { type: 'string', multiple: true },
} as const;

/** Does the command line declare shapes? */
export function hasShapes(values: ParsedArgs['values']): boolean {
  return stringValues(values['shape']).length > 0;
}
