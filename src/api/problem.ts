/**
 * Typed problem input for editors: `defineProblem({variables: ['x', 'y'], minimize:
 * 'x^2 + y^2', subject_to: ['x + y = 1']})` is checked by TypeScript as it is typed
 * (a misspelt field is a compile error, fields complete in the editor) and validated
 * the same way as a problem file.
 */
import { parseProblem, type Problem, type ProblemFile } from '../lagrange/index.js';

/** The fields of a `solve` problem (docs/interface.md): variables, an objective, constraints. */
export type ProblemInput = ProblemFile;

/** Validates a typed problem and builds the Problem (throws ProblemError naming the field at fault). */
export function defineProblem(input: ProblemInput): Problem {
  return parseProblem(input);
}
