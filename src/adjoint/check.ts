/**
 * The check of a program's adjoint gradient: the numeric room's gradcheck (central
 * differences with a step scaled to each input, torch-style allclose verdict) of the
 * compiled forward pass, which re-solves every cycle at the perturbed inputs, against
 * the gradient of the compiled backward pass.
 */
import { gradcheck, type GradcheckOptions, type GradcheckResult } from '../numeric/index.js';
import type { CompiledProgram } from './passes.js';

/** One component of the check. */
export interface ProgramGradcheckComponent {
  readonly wrt: string;
  /** The adjoint (backward pass) value. */
  readonly symbolic: number;
  /** The central-difference value. */
  readonly numeric: number;
  readonly absError: number;
  readonly relError: number;
}

/** The verdict and the per-input figures. */
export interface ProgramGradcheck {
  readonly ok: boolean;
  readonly maxAbsError: number;
  readonly maxRelError: number;
  readonly components: readonly ProgramGradcheckComponent[];
}

/** Checks the adjoint gradient of a compiled program at x (tolerances: gradcheck's documented defaults). */
export function checkProgramGradient(compiled: CompiledProgram, x: Float64Array, options: GradcheckOptions = {}): ProgramGradcheck {
  const r = gradcheck(
    {
      f: (p) => compiled.forward(p),
      gradient: (p, out) => void compiled.valueAndGradient(p, out),
      names: compiled.inputs,
    },
    x,
    options,
  );
  return programGradcheck(r);
}

/** numeric's gradcheck report in the adjoint room's camel-case form (scalar and matrix routes alike). */
export function programGradcheck(r: GradcheckResult): ProgramGradcheck {
  return {
    ok: r.ok,
    maxAbsError: r.max_abs_error,
    maxRelError: r.max_rel_error,
    components: r.components.map((c) => ({ wrt: c.wrt, symbolic: c.symbolic, numeric: c.numeric, absError: c.abs_error, relError: c.rel_error })),
  };
}

/**
 * The one sentence for a failed check (the CLI's reason for exit 1, scalar and matrix
 * routes alike); undefined when the check passed or was not run.
 */
export function gradientCheckFailure(check: ProgramGradcheck | undefined): string | undefined {
  return check && !check.ok ? `the gradient check failed (largest relative error ${check.maxRelError.toExponential(2)})` : undefined;
}

/** The check as it appears in the JSON of `adjoint` (the snake-case fields of gradcheck's own JSON). */
export function gradcheckJson(check: ProgramGradcheck): Record<string, unknown> {
  return {
    ok: check.ok,
    max_abs_error: check.maxAbsError,
    max_rel_error: check.maxRelError,
    components: check.components.map((c) => ({ wrt: c.wrt, symbolic: c.symbolic, numeric: c.numeric, abs_error: c.absError, rel_error: c.relError })),
  };
}
