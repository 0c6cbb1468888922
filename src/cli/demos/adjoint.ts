/**
 * Backpropagation as Lagrange multipliers: the exponential composition as a program of equality constraints,
 * its adjoints by back-substitution, and a cyclic program z = 0.5*cos(z) + x whose
 * adjoint comes from the implicit function theorem. Verified against the seed's hand
 * formula, against z solved by bisection, and by central differences of the re-solved
 * program.
 */
import { analyzeProgram } from '../../adjoint/index.js';
import { toText } from '../../expr/index.js';
import { closeTo, fact, result } from './checks.js';
import type { Demo } from './types.js';

function seedDerivative(x: number): number {
  const u = Math.exp(x) + Math.exp(2 * x);
  return (Math.exp(x) + 2 * Math.exp(2 * x)) * (Math.exp(u) + Math.cos(u));
}

/** z with z = 0.5 cos z + x, by bisection (z − 0.5 cos z is increasing): independent of Newton. */
function kepler(x: number): number {
  let lo = x - 1;
  let hi = x + 1;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid - 0.5 * Math.cos(mid) > x) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

/** The demo case. */
export const adjointDemo: Demo = {
  name: 'adjoint',
  description: "the exponential composition as a program of constraints: adjoints (backprop) by Lagrange multipliers, and a cyclic program",
  async run(io) {
    const seed = analyzeProgram({
      inputs: ['x'],
      program: ['a = exp(x)', 'b = a^2', 'c = a + b', 'd = exp(c)', 'e = sin(c)', 'f = d + e'],
      output: 'f',
      at: { x: 0.3 },
    });
    io.print('Program a = exp(x), b = a^2, c = a + b, d = exp(c), e = sin(c), f = d + e; L = f - sum lambda_i (z_i - f_i)');
    for (const eq of [...seed.system.adjoint].reverse()) {
      io.print(`  lambda_${eq.name} = ${toText(eq.rhs)}  =  ${toText(seed.backsub.adjoints.get(eq.name)!)}`);
    }
    const g = seed.values!.gradient.get('x')!;
    io.print(`  df/dx at x = 0.3: ${g}   hand formula: ${seedDerivative(0.3)}`);
    const c = seed.values!.variables.get('c')!;
    const checks = [
      closeTo('exponential composition: df/dx at 0.3 equals (e^x + 2e^{2x})(exp(e^x+e^{2x}) + cos(e^x+e^{2x}))', g, seedDerivative(0.3), 1e-13),
      closeTo('exponential composition: lambda_c equals exp(c) + cos(c)', seed.values!.multipliers.get('c')!, Math.exp(c) + Math.cos(c), 1e-13),
      fact('exponential composition: central differences agree', seed.check!.ok, `max rel. error ${seed.check!.maxRelError.toExponential(1)}`),
    ];

    const cyc = analyzeProgram({ inputs: ['x'], program: ['z = 0.5*cos(z) + x', 'f = z^2'], output: 'f', at: { x: 0.7 } });
    const z = kepler(0.7);
    const dz = cyc.values!.gradient.get('x')!;
    io.print(`Cycle z = 0.5*cos(z) + x, f = z^2 at x = 0.7: z = ${cyc.values!.variables.get('z')}, df/dx = ${dz}`);
    io.print(`  (I - dF/dz)^T lambda_z = 2z gives lambda_z = ${toText(cyc.backsub.adjoints.get('z')!)}`);
    checks.push(
      closeTo('cycle: Newton solves z = 0.5 cos z + 0.7 (bisection reference)', cyc.values!.variables.get('z')!, z, 1e-13),
      closeTo('cycle: df/dx equals 2z/(1 + sin(z)/2) (implicit function theorem)', dz, (2 * z) / (1 + 0.5 * Math.sin(z)), 1e-12),
      fact('cycle: central differences of the re-solved program agree', cyc.check!.ok, `max rel. error ${cyc.check!.maxRelError.toExponential(1)}`),
    );
    return result(checks, { seed_gradient_at_0_3: g, cycle_gradient_at_0_7: dz });
  },
};
