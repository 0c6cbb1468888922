import { describe, expect, it } from 'vitest';
import {
  adjointSystem,
  backSubstitute,
  lagrangianMath,
  parseInProgram,
  parseProgram,
  randomProgram,
  type AdjointSystem,
} from '../../src/adjoint/index.js';
import { derivative } from '../../src/diff/index.js';
import { add, cos, exp, mul, num, ONE, sin, sub, sym, type Expr } from '../../src/expr/index.js';
import { evaluate } from '../../src/compile/index.js';

const SEED = {
  inputs: ['x'],
  program: ['a = exp(x)', 'b = a^2', 'c = a + b', 'd = exp(c)', 'e = sin(c)', 'f = d + e'],
  output: 'f',
};

const s = (n: string) => sym(n);
const lam = (n: string) => sym(`lambda_${n}`);

/** The known names of a system's Lagrangian, for parsing its texts back. */
function names(system: AdjointSystem): Set<string> {
  return new Set([...system.program.inputs, ...system.program.assignments.map((a) => a.name), ...[...system.multipliers.values()].map((m) => m.name)]);
}

describe('the Lagrangian of seed 001', () => {
  const system = adjointSystem(parseProgram(SEED));

  it('is f - sum lambda_i (z_i - f_i), and its program-order text parses back to it', () => {
    const expected = add(
      s('f'),
      mul(num(-1), lam('a'), sub(s('a'), exp(s('x')))),
      mul(num(-1), lam('b'), sub(s('b'), mul(s('a'), s('a')))),
      mul(num(-1), lam('c'), sub(s('c'), add(s('a'), s('b')))),
      mul(num(-1), lam('d'), sub(s('d'), exp(s('c')))),
      mul(num(-1), lam('e'), sub(s('e'), sin(s('c')))),
      mul(num(-1), lam('f'), sub(s('f'), add(s('d'), s('e')))),
    );
    expect(system.lagrangian).toBe(expected);
    const text = lagrangianMath(system.program).text;
    expect(text).toBe(
      'f - lambda_a*(a - exp(x)) - lambda_b*(b - a^2) - lambda_c*(c - (a + b)) - lambda_d*(d - exp(c)) - lambda_e*(e - sin(c)) - lambda_f*(f - (d + e))',
    );
    expect(parseInProgram(text, names(system))).toBe(system.lagrangian);
  });

  it('forward conditions dL/dlambda_i = 0 are the assignments', () => {
    for (const a of system.program.assignments) {
      expect(derivative(system.lagrangian, lam(a.name))).toBe(sub(a.rhs, a.symbol));
    }
  });

  it('adjoint equations: lambda_f = 1, lambda_c = lambda_d exp(c) + lambda_e cos(c), lambda_a = 2a lambda_b + lambda_c', () => {
    const eq = new Map(system.adjoint.map((e) => [e.name, e]));
    expect(eq.get('f')!.rawRhs).toBe(ONE);
    expect(eq.get('f')!.seed).toBe(1);
    expect(eq.get('c')!.rawRhs).toBe(add(mul(lam('d'), exp(s('c'))), mul(lam('e'), cos(s('c')))));
    // The backward pass reuses d = exp(c) instead of recomputing it.
    expect(eq.get('c')!.rhs).toBe(add(mul(lam('d'), s('d')), mul(lam('e'), cos(s('c')))));
    expect(eq.get('a')!.rawRhs).toBe(add(mul(num(2), s('a'), lam('b')), lam('c')));
    expect(system.gradient[0]!.rawRhs).toBe(mul(lam('a'), exp(s('x'))));
    expect(system.gradient[0]!.rhs).toBe(mul(lam('a'), s('a')));
  });

  it('each adjoint equation is exactly dL/dz_j = 0 of the whole Lagrangian', () => {
    for (const eq of system.adjoint) {
      expect(derivative(system.lagrangian, s(eq.name))).toBe(sub(eq.rawRhs, lam(eq.name)));
    }
    expect(derivative(system.lagrangian, s('x'))).toBe(system.gradient[0]!.rawRhs);
  });

  it('back-substitution gives lambda_c = d + cos(c) and the gradient a(1 + 2a)(d + cos c)', () => {
    const b = backSubstitute(system);
    expect(b.complete).toBe(true);
    expect(b.adjoints.get('f')).toBe(ONE);
    expect(b.adjoints.get('c')).toBe(add(s('d'), cos(s('c'))));
    const g = b.gradient.get('x')!;
    const env = { a: 1.3, c: 0.7, d: 2.1 };
    expect(evaluate(g, env)).toBeCloseTo(1.3 * (1 + 2 * 1.3) * (2.1 + Math.cos(0.7)), 12);
  });
});

describe('random programs', () => {
  it('the local adjoint equations agree in value with differentiating the whole Lagrangian (20 programs)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const system = adjointSystem(parseProgram(randomProgram({ size: 12, seed, withPoint: false })));
      // Canonical forms may group terms differently; compare values at a random point of all symbols.
      const env = Object.fromEntries([...names(system)].map((n, i) => [n, Math.sin(1 + i * seed) * 0.9]));
      const same = (a: Expr, b: Expr): void => {
        const va = evaluate(a, env);
        expect(Math.abs(va - evaluate(b, env))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(va)));
      };
      for (const eq of system.adjoint) same(derivative(system.lagrangian, s(eq.name)), sub(eq.rawRhs, lam(eq.name)));
      for (const g of system.gradient) same(derivative(system.lagrangian, s(g.name)), g.rawRhs);
      const text = lagrangianMath(system.program).text;
      expect(parseInProgram(text, names(system))).toBe(system.lagrangian);
    }
  });

  it('building the system is linear: partials are local to each line', () => {
    const system = adjointSystem(parseProgram(randomProgram({ size: 200, seed: 3, withPoint: false })));
    let terms = 0;
    for (const eq of system.adjoint) terms += eq.terms.length;
    // Each line has at most two parents, so at most two terms per line in total.
    expect(terms).toBeLessThanOrEqual(2 * 200);
    expect(system.adjoint).toHaveLength(200);
  });
});
