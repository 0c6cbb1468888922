import { describe, expect, it } from 'vitest';
import {
  adjointSystem,
  analyzeProgram,
  backSubstitute,
  compileProgram,
  ConvergenceError,
  parseProgram,
  SingularCycleError,
  type ProgramSpec,
} from '../../src/adjoint/index.js';
import { evaluate } from '../../src/compile/index.js';
import { toText } from '../../src/expr/index.js';

function compiled(spec: ProgramSpec) {
  return compileProgram(adjointSystem(parseProgram(spec)));
}

/** Central difference of the re-solved forward pass. */
function central(f: (x: Float64Array) => number, x: Float64Array, i: number): number {
  const h = 1e-5 * Math.max(1, Math.abs(x[i]!));
  const p = Float64Array.from(x);
  p[i] = x[i]! + h;
  const fp = f(p);
  p[i] = x[i]! - h;
  return (fp - f(p)) / (2 * h);
}

/** Solves z = 0.5 cos z + x by bisection (independent of Newton): z - 0.5 cos z is increasing. */
function solveKepler(x: number): number {
  let lo = x - 1;
  let hi = x + 1;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid - 0.5 * Math.cos(mid) - x > 0) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

describe('a variable defined through itself: z = 0.5*cos(z) + x', () => {
  const spec: ProgramSpec = { inputs: ['x'], program: ['z = 0.5*cos(z) + x', 'f = z^2'], output: 'f' };

  it('Newton solves the forward pass; the adjoint gives df/dx = 2z / (1 + sin(z)/2) (implicit function theorem)', () => {
    const c = compiled(spec);
    for (const x of [-1, 0, 0.7, 3]) {
      const r = c.run(new Float64Array([x]));
      const z = solveKepler(x);
      expect(r.z[0]).toBeCloseTo(z, 13);
      expect(r.gradient[0]).toBeCloseTo((2 * z) / (1 + 0.5 * Math.sin(z)), 12);
      expect(r.gradient[0]).toBeCloseTo(central((p) => c.forward(p), new Float64Array([x]), 0), 8);
    }
  });

  it('the symbolic adjoint of the cycle is lambda_z = 2z/(sin(z)/2 + 1)', () => {
    const b = backSubstitute(adjointSystem(parseProgram(spec)));
    expect(b.cycles).toHaveLength(1);
    expect(toText(b.cycles[0]!.matrix[0]![0]!)).toBe('sin(z)/2 + 1');
    expect(toText(b.adjoints.get('z')!)).toBe('2*z/(sin(z)/2 + 1)');
  });

  it('with the output inside the cycle: (1 + sin(z)/2) lambda_z = 1', () => {
    const c = compiled({ inputs: ['x'], program: ['z = 0.5*cos(z) + x'], output: 'z' });
    const r = c.run(new Float64Array([0.7]));
    const z = solveKepler(0.7);
    expect(r.lambda[0]).toBeCloseTo(1 / (1 + 0.5 * Math.sin(z)), 13);
    expect(r.gradient[0]).toBeCloseTo(r.lambda[0]!, 15);
  });
});

describe('variables defined through each other', () => {
  const two: ProgramSpec = {
    inputs: ['x', 'y'],
    program: ['z = 0.5*cos(z) + x*w', 'w = sin(z) + y', 'f = z^2 + w'],
    output: 'f',
    at: { x: 1, y: 0.5 },
    start: { z: 1 },
  };

  it('a two-variable cycle: residual zero, gradient equal to central differences of the re-solved program', () => {
    const a = analyzeProgram(two);
    expect(a.status).toBe('ok');
    const z = a.values!.variables.get('z')!;
    const w = a.values!.variables.get('w')!;
    expect(Math.abs(z - (0.5 * Math.cos(z) + 1 * w))).toBeLessThan(1e-13);
    expect(Math.abs(w - (Math.sin(z) + 0.5))).toBeLessThan(1e-13);
    const x = new Float64Array([1, 0.5]);
    for (let i = 0; i < 2; i++) {
      expect(a.values!.gradient.get(['x', 'y'][i]!)).toBeCloseTo(central((p) => a.compiled.forward(p), x, i), 7);
    }
    expect(a.check!.ok).toBe(true);
  });

  it("Cramer's rule on the 2x2 system gives the same multipliers as LU", () => {
    const a = analyzeProgram(two);
    const env: Record<string, number> = { x: 1, y: 0.5 };
    for (const [k, v] of a.values!.variables) env[k] = v;
    for (const name of ['z', 'w', 'f']) {
      expect(evaluate(a.backsub.adjoints.get(name)!, env)).toBeCloseTo(a.values!.multipliers.get(name)!, 12);
    }
  });

  it('a four-variable cycle (symbolic elimination) fed by and feeding explicit lines', () => {
    const spec: ProgramSpec = {
      inputs: ['x', 'y'],
      program: [
        'a = exp(x/2)',
        'u = 0.3*sin(v) + a',
        'v = 0.3*cos(w) + u/2',
        'w = 0.2*u*t + y',
        't = 0.5*tanh(u + w)',
        'f = u*v + t^2 + a',
      ],
      output: 'f',
      at: { x: 0.4, y: -0.3 },
    };
    const a = analyzeProgram(spec);
    expect(a.status).toBe('ok');
    expect(a.system.graph.blocks.map((b) => b.members.length)).toEqual([1, 4, 1]);
    expect(a.backsub.cycles[0]!.eliminated).toBe(true);
    expect(a.check!.ok).toBe(true);
    expect(a.check!.maxRelError).toBeLessThan(1e-7);
    const env: Record<string, number> = { x: 0.4, y: -0.3 };
    for (const [k, v] of a.values!.variables) env[k] = v;
    for (const name of ['u', 'v', 'w', 't', 'a']) {
      expect(evaluate(a.backsub.adjoints.get(name)!, env)).toBeCloseTo(a.values!.multipliers.get(name)!, 10);
    }
  });

  it('several cycles in sequence, the second fed by the first', () => {
    const spec: ProgramSpec = {
      inputs: ['x'],
      program: ['p = 0.5*sin(p) + x', 'q = 0.25*q^2 + p/4', 'f = p*q'],
      output: 'f',
      at: { x: 0.2 },
    };
    const a = analyzeProgram(spec);
    expect(a.status).toBe('ok');
    expect(a.system.graph.blocks.filter((b) => b.cyclic)).toHaveLength(2);
    expect(a.check!.ok).toBe(true);
  });
});

describe('cycles without an answer', () => {
  it('no solution: z = z + 1 fails with the iterations and the residual in the message', () => {
    const a = analyzeProgram({ inputs: ['x'], program: ['z = z + 1', 'f = z*x'], output: 'f', at: { x: 1 } });
    expect(a.status).toBe('not_converged');
    expect(a.message).toMatch(/did not converge on the cycle \{z\}.*after \d+ Newton iterations \(residual 1\.00e\+0 at z = /);
    expect(a.values).toBeUndefined();
  });

  it('no real solution: z = exp(z) + x for x = 0', () => {
    const c = compiled({ inputs: ['x'], program: ['z = exp(z) + x'], output: 'z' });
    expect(() => c.forward(new Float64Array([0]))).toThrow(ConvergenceError);
    // For x <= -1 it has solutions: z - exp(z) = x.
    const z = c.forward(new Float64Array([-2]));
    expect(z - Math.exp(z)).toBeCloseTo(-2, 12);
  });

  it('a cycle whose I - dF/dz is singular at the solution: the adjoints do not exist', () => {
    const c = compiled({ inputs: ['x'], program: ['u = v', 'v = u', 'f = u + x'], output: 'f' });
    expect(c.forward(new Float64Array([1]))).toBe(1);
    expect(() => c.valueAndGradient(new Float64Array([1]))).toThrow(SingularCycleError);
    const a = analyzeProgram({ inputs: ['x'], program: ['u = v', 'v = u', 'f = u + x'], output: 'f', at: { x: 1 } });
    expect(a.status).toBe('singular');
    expect(a.message).toContain('singular on the cycle {u, v}');
  });

  it('the iteration limit is reported', () => {
    const c = compileProgram(adjointSystem(parseProgram({ inputs: ['x'], program: ['z = 0.5*cos(z) + x'], output: 'z' })), { maxIterations: 1 });
    expect(() => c.forward(new Float64Array([10]))).toThrow(/iteration limit was reached after 1 Newton iterations/);
  });
});
