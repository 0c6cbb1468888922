/**
 * Seeded random programs of smooth assignments, for property tests and benchmarks.
 *
 * Every operation is smooth and keeps values moderate along long chains (bounded
 * functions, contractions, logarithms of 1 + a^2), so deep programs neither overflow nor
 * underflow. The first parent of each assignment is the oldest variable not used yet,
 * so almost every variable feeds the output (the last variable): the backward pass
 * really visits the whole program.
 */
import type { ProgramSpec } from './program.js';
import { seededRandom } from '../numeric/index.js';
/** Re-exported so this room's callers keep one import. */
export { seededRandom };

/** Options of `randomProgram`. */
export interface RandomProgramOptions {
  /** Number of assignments. */
  readonly size: number;
  /** Number of inputs (default 4). */
  readonly inputs?: number;
  /** Seed of the generator (default 1). */
  readonly seed?: number;
  /** A point for the inputs, drawn from [-1, 1] (default true). */
  readonly withPoint?: boolean;
}


const OPERATIONS: readonly ((a: string, b: string) => string)[] = [
  (a, b) => `sin(${a})*${b}`,
  (a, b) => `tanh(${a} + ${b})`,
  (a, b) => `${a}*${b}`,
  (a, b) => `0.5*${a} + 0.5*cos(${b})`,
  (a) => `exp(-${a}^2)`,
  (a, b) => `${a}/(1 + ${b}^2)`,
  (a, b) => `log(1 + ${a}^2) - ${b}`,
  (a, b) => `cos(${a} - 2*${b})`,
  (a, b) => `${a} - 0.25*${b}^3`,
];

/** A random program of `size` smooth assignments v1..vN over inputs x1..xm; the output is vN. */
export function randomProgram(options: RandomProgramOptions): ProgramSpec {
  const { size } = options;
  const m = options.inputs ?? 4;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, got ${size}`);
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`inputs must be a positive integer, got ${m}`);
  const rand = seededRandom(options.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const inputs = Array.from({ length: m }, (_, i) => `x${i + 1}`);
  const available: string[] = [...inputs];
  let unused = 0; // index into `available` of the oldest name not used yet
  const lines: string[] = [];
  for (let i = 1; i <= size; i++) {
    const a = available[Math.min(unused++, available.length - 1)]!;
    // Second parent: a recent name half of the time (locality, as in real programs), else any earlier one.
    const recent = available.slice(-8);
    const b = rand() < 0.5 ? pick(recent) : pick(available);
    const name = `v${i}`;
    lines.push(`${name} = ${pick(OPERATIONS)(a, b)}`);
    available.push(name);
  }
  const spec: ProgramSpec = { inputs, program: lines, output: `v${size}` };
  if (options.withPoint !== false) spec.at = Object.fromEntries(inputs.map((x) => [x, Math.round((2 * rand() - 1) * 1000) / 1000]));
  return spec;
}
