import { describe, expect, it } from 'vitest';
import { adjointSystem, analyzeProgram, backSubstitute, compileProgram, gradientCheckFailure, parseProgram, randomProgram } from '../../src/adjoint/index.js';
import { evaluate } from '../../src/compile/index.js';

const SEED = {
  inputs: ['x'],
  program: ['a = exp(x)', 'b = a^2', 'c = a + b', 'd = exp(c)', 'e = sin(c)', 'f = d + e'],
  output: 'f',
};

/** Seed 001's derivative, written by hand: (e^x + 2e^{2x})(exp(e^x + e^{2x}) + cos(e^x + e^{2x})). */
function seedDerivative(x: number): number {
  const u = Math.exp(x) + Math.exp(2 * x);
  return (Math.exp(x) + 2 * Math.exp(2 * x)) * (Math.exp(u) + Math.cos(u));
}

/** Central difference with a step scaled to x, for independent checks in tests. */
function central(f: (x: Float64Array) => number, x: Float64Array, i: number): number {
  const h = 1e-5 * Math.max(1, Math.abs(x[i]!));
  const p = Float64Array.from(x);
  p[i] = x[i]! + h;
  const fp = f(p);
  p[i] = x[i]! - h;
  return (fp - f(p)) / (2 * h);
}

describe('compiled passes on seed 001', () => {
  const compiled = compileProgram(adjointSystem(parseProgram(SEED)));

  it('value and gradient match the hand-derived formula at several points', () => {
    for (const x of [-2, -0.5, 0, 0.3, 1]) {
      const g = new Float64Array(1);
      const v = compiled.valueAndGradient(new Float64Array([x]), g);
      const u = Math.exp(x) + Math.exp(2 * x);
      expect(v).toBeCloseTo(Math.exp(u) + Math.sin(u), 10);
      expect(Math.abs(g[0]! - seedDerivative(x))).toBeLessThanOrEqual(1e-13 * Math.abs(seedDerivative(x)));
    }
  });

  it('shares one state: the multipliers are the backprop adjoints (lambda_c = exp(c) + cos(c))', () => {
    const r = compiled.run(new Float64Array([0.3]));
    const idx = (n: string) => compiled.variables.indexOf(n);
    const c = r.z[idx('c')]!;
    expect(r.lambda[idx('f')]).toBe(1);
    expect(r.lambda[idx('c')]).toBeCloseTo(Math.exp(c) + Math.cos(c), 12);
    expect(r.lambda[idx('b')]).toBe(r.lambda[idx('c')]);
    expect(r.lambda[idx('a')]).toBeCloseTo((1 + 2 * r.z[idx('a')]!) * (Math.exp(c) + Math.cos(c)), 10);
    expect(r.value).toBe(r.z[idx('f')]);
  });

  it('an acyclic program is one generated function for both passes, agreeing with the step-wise run', () => {
    expect(compiled.fused).toBe(true);
    const g = new Float64Array(1);
    const v = compiled.valueAndGradient(new Float64Array([0.3]), g);
    const r = compiled.run(new Float64Array([0.3]));
    expect(v).toBe(r.value);
    expect(Math.abs(g[0]! - r.gradient[0]!)).toBeLessThanOrEqual(1e-14 * Math.abs(g[0]!));
  });
});

describe('the sentence of a failed gradient check (the CLI reason of exit 1, both routes)', () => {
  it('names the largest relative error with three significant digits; nothing when the check passed or was not run', () => {
    const failed = { ok: false, maxAbsError: 0.5, maxRelError: 0.0123, components: [] };
    expect(gradientCheckFailure(failed)).toBe('the gradient check failed (largest relative error 1.23e-2)');
    expect(gradientCheckFailure({ ...failed, ok: true })).toBeUndefined();
    expect(gradientCheckFailure(undefined)).toBeUndefined();
  });
});

describe('random programs: adjoint gradient against central differences', () => {
  it('40 seeded programs of 30 smooth assignments', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const spec = randomProgram({ size: 30, inputs: 3, seed });
      const compiled = compileProgram(adjointSystem(parseProgram(spec)));
      const x = Float64Array.from(Object.values(spec.at!));
      const g = new Float64Array(3);
      compiled.valueAndGradient(x, g);
      for (let i = 0; i < 3; i++) {
        const fd = central((p) => compiled.forward(p), x, i);
        expect(Math.abs(g[i]! - fd)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('closed forms from back-substitution evaluate to the compiled multipliers', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const spec = randomProgram({ size: 15, inputs: 2, seed });
      const system = adjointSystem(parseProgram(spec));
      const b = backSubstitute(system);
      expect(b.complete).toBe(true);
      const compiled = compileProgram(system);
      const x = Float64Array.from(Object.values(spec.at!));
      const r = compiled.run(x);
      const env: Record<string, number> = { ...spec.at! };
      compiled.variables.forEach((v, i) => (env[v] = r.z[i]!));
      compiled.variables.forEach((v, i) => {
        const closed = evaluate(b.adjoints.get(v)!, env);
        expect(Math.abs(closed - r.lambda[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(closed)));
      });
      system.program.inputs.forEach((x0, i) => {
        expect(evaluate(b.gradient.get(x0)!, env)).toBeCloseTo(r.gradient[i]!, 10);
      });
    }
  });

  it('the inlined gradient (inputs only) evaluates to the compiled gradient', () => {
    const a = analyzeProgram(SEED);
    const g = a.inlinedGradient!.get('x')!;
    expect(evaluate(g, { x: 0.3 })).toBeCloseTo(seedDerivative(0.3), 10);
  });

  it('a variable that does not feed the output has multiplier 0', () => {
    const compiled = compileProgram(adjointSystem(parseProgram({ inputs: ['x'], program: ['a = x^2', 'dead = sin(a)', 'f = 3*a'], output: 'f' })));
    const r = compiled.run(new Float64Array([2]));
    expect(r.lambda[compiled.variables.indexOf('dead')]).toBe(0);
    expect(r.gradient[0]).toBe(12);
  });

  it('a program with a constant assignment and an input the output ignores', () => {
    const compiled = compileProgram(adjointSystem(parseProgram({ inputs: ['x', 'y'], program: ['k = 2', 'f = k*x^3'], output: 'f' })));
    const g = new Float64Array(2);
    expect(compiled.valueAndGradient(new Float64Array([2, 5]), g)).toBe(16);
    expect(Array.from(g)).toEqual([24, 0]);
  });
});

describe('compiled size is linear in the program, even along chains that canonical sums and products would flatten', () => {
  const chain = (n: number, line: (i: number) => string) => ({
    inputs: ['x', 'y'],
    program: ['v0 = x', ...Array.from({ length: n }, (_, i) => line(i + 1))],
    output: `v${n}`,
  });
  const cases: [string, (i: number) => string][] = [
    ['sums', (i) => `v${i} = v${i - 1} + sin(y + ${i})`],
    ['products', (i) => `v${i} = v${i - 1}*cos(y + ${i})`],
    ['scaled sums', (i) => `v${i} = 0.5*v${i - 1} + sin(v${i - 1})`],
  ];
  for (const [what, line] of cases) {
    it(what, () => {
      const sizes = [100, 200, 400].map((n) => compileProgram(adjointSystem(parseProgram(chain(n, line)))).sourceSize);
      expect(sizes[1]! / sizes[0]!).toBeLessThan(2.5); // doubling N doubles the code (digits of slot numbers add a little); flattening gave 2.8-3.7
      expect(sizes[2]! / sizes[1]!).toBeLessThan(2.5);
      // And the gradient is right: compare with central differences at one point.
      const c = compileProgram(adjointSystem(parseProgram(chain(50, line))));
      const x = new Float64Array([0.3, -0.2]);
      const g = new Float64Array(2);
      c.valueAndGradient(x, g);
      for (let i = 0; i < 2; i++) {
        const fd = central((p) => c.forward(p), x, i);
        expect(Math.abs(g[i]! - fd)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(fd)));
      }
    });
  }
});
