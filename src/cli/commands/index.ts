/**
 * The registry of commands, in the order `lagrangian --help` lists them.
 *
 * To add a command: create `commands/<name>.ts` exporting a `Command` (keep its
 * top-level imports type-only or light; load rooms inside `run` with `await import`)
 * and add one line below.
 */
import type { Command } from '../command.js';
import { diff } from './diff.js';
import { gradcheckCommand } from './gradcheck.js';
import { demo } from './demo.js';
import { adjoint } from './adjoint.js';
import { solve } from './solve.js';
import { maxent } from './maxent.js';
import { optimize } from './optimize.js';
import { exportCommand } from './export.js';

/** Every command of the `lagrangian` binary. */
export const COMMANDS: readonly Command[] = [
  solve,
  maxent,
  optimize,
  diff,
  gradcheckCommand,
  adjoint,
  exportCommand,
  demo,
];

/** The command of that name, if any. */
export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
