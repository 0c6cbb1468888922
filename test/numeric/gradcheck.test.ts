import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, type Expr } from '../../src/expr/index.js';
import { compile, compileGradient } from '../../src/compile/index.js';
import { rosenbrock as rosenbrockLandscape } from '../../src/optimize/index.js';
import {
  CENTRAL_STEP,
  DEFAULT_ATOL,
  DEFAULT_RTOL,
  MACHINE_EPSILON,
  RICHARDSON_STEP,
  directionalCheck,
  gradcheck,
  numericGradient,
  numericJacobian,
  partialDifference,
  randomUnitVector,
  stepFor,
} from '../../src/numeric/index.js';
import { WELLS_AT, wellsExpr, wellsGradient, wellsValue } from '../support/wells-004.js';

const at = (...v: number[]): Float64Array => Float64Array.from(v);
const SEED_001 = parse('exp(exp(x)+exp(x)^2)+sin(exp(x)+exp(x)^2)');
const seed001Derivative = (t: number): number => {
  const u = Math.exp(t) + Math.exp(2 * t);
  return (Math.exp(t) + 2 * Math.exp(2 * t)) * (Math.exp(u) + Math.cos(u));
};

/** Chained Rosenbrock Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)², from the library's builder. */
function rosenbrock(n: number): { e: Expr; vars: string[] } {
  const { expression, variables } = rosenbrockLandscape(n);
  return { e: expression, vars: variables };
}

describe('steps', () => {
  it('are cbrt(eps)·max(1, |x_i|), and eps^(1/5)·max(1, |x_i|) for Richardson', () => {
    expect(MACHINE_EPSILON).toBe(2.220446049250313e-16);
    expect(CENTRAL_STEP).toBeCloseTo(6.0554544523933395e-6, 20);
    expect(RICHARDSON_STEP).toBeCloseTo(7.400959797414e-4, 15);
    expect(stepFor(0.5, 0)).toBe(CENTRAL_STEP);
    expect(stepFor(-1000, 0)).toBe(1000 * CENTRAL_STEP);
    expect(stepFor(3, 0, { richardson: true })).toBe(3 * RICHARDSON_STEP);
    expect(stepFor(3, 0, { step: 1e-3 })).toBe(3e-3);
    expect(stepFor(3, 0, { step: () => 1e-9 })).toBe(1e-9);
    expect(() => stepFor(1, 0, { step: 0 })).toThrow(/positive/);
  });
});

describe('finite differences', () => {
  it('give the derivative of exp to ~1e-10 relative, and ~1e-13 with Richardson', () => {
    const f = (x: Float64Array): number => Math.exp(x[0]!);
    const plain = partialDifference(f, at(1), 0);
    const rich = partialDifference(f, at(1), 0, { richardson: true });
    expect(Math.abs(plain - Math.E) / Math.E).toBeLessThan(1e-9);
    expect(Math.abs(rich - Math.E) / Math.E).toBeLessThan(Math.abs(plain - Math.E) / Math.E);
    expect(Math.abs(rich - Math.E) / Math.E).toBeLessThan(1e-12);
  });

  it('give gradients and Jacobians (a numeric Hessian from a compiled gradient)', () => {
    const e = parse('x^2*y + sin(x*y)');
    const g = compileGradient(e, ['x', 'y']);
    const x = at(0.5, 1.5);
    const num = numericGradient((p) => compile(e, ['x', 'y']).evaluate(p)[0]!, x);
    const sym = g.gradient(x);
    for (let i = 0; i < 2; i++) expect(Math.abs(num[i]! - sym[i]!)).toBeLessThan(1e-9);
    const H = numericJacobian((p, out) => g.gradient(p, out), x, 2);
    const s = Math.sin(0.75);
    const fxy = 1 + Math.cos(0.75) - 0.75 * s;
    const hand = [3 - 2.25 * s, fxy, fxy, -0.25 * s];
    hand.forEach((h, k) => expect(Math.abs(H[k]! - h)).toBeLessThan(1e-9));
  });
});

describe('gradcheck', () => {
  it("passes seed 001's symbolic derivative, reporting every field", () => {
    const r = gradcheck({ expr: SEED_001, vars: ['x'] }, { x: 0.3 });
    expect(r.ok).toBe(true);
    expect(r.atol).toBe(DEFAULT_ATOL);
    expect(r.rtol).toBe(DEFAULT_RTOL);
    expect(r.evaluations).toBe(2);
    const c = r.components[0]!;
    expect(c.wrt).toBe('x');
    expect(c.symbolic).toBeCloseTo(seed001Derivative(0.3), 11);
    expect(c.rel_error).toBeLessThan(1e-8);
    expect(c.abs_error).toBe(Math.abs(c.symbolic - c.numeric));
    expect(c.rel_error).toBeCloseTo(c.abs_error / Math.max(Math.abs(c.symbolic), Math.abs(c.numeric)), 20);
    expect(r.max_abs_error).toBe(c.abs_error);
    expect(c.step).toBe(CENTRAL_STEP);
  });

  it('fails a wrong gradient and names the component', () => {
    const e = parse('x^2*y + sin(z)');
    const f = compile(e, ['x', 'y', 'z']);
    const wrong = {
      f: (p: Float64Array) => f.evaluate(p)[0]!,
      // ∂/∂y should be x²; the bug drops the square.
      gradient: (p: Float64Array, out: Float64Array) => {
        out[0] = 2 * p[0]! * p[1]!;
        out[1] = p[0]!;
        out[2] = Math.cos(p[2]!);
      },
      names: ['x', 'y', 'z'],
    };
    const r = gradcheck(wrong, [3, 2, 1]);
    expect(r.ok).toBe(false);
    expect(r.components.filter((c) => !c.ok).map((c) => c.wrt)).toEqual(['y']);
    expect(r.components[1]!.numeric).toBeCloseTo(9, 8);
    expect(r.max_abs_error).toBeCloseTo(6, 8);
  });

  it('fails NaN gradients', () => {
    const r = gradcheck({ f: (p) => p[0]! ** 2, gradient: (_p, out) => void (out[0] = NaN) }, [1]);
    expect(r.ok).toBe(false);
  });

  it('allows for rounding when the value is large: exp(20) + x', () => {
    const e = parse('exp(20) + x');
    expect(gradcheck({ expr: e, vars: ['x'] }, [0.1]).ok).toBe(true);
    const c = gradcheck({ expr: e, vars: ['x'] }, [0.1]).components[0]!;
    // The rounding error of the quotient is ~ε·e^20/h ≈ 1.8e-2, far above atol: the allowance covers it.
    expect(c.noise).toBeGreaterThan(1e-2);
    const wrong = gradcheck({ f: (p) => Math.exp(20) + p[0]!, gradient: (_p, out) => void (out[0] = 0) }, [0.1]);
    expect(wrong.ok).toBe(false);
  });

  it('uses custom tolerances', () => {
    const loose = gradcheck({ f: (p) => p[0]! ** 2, gradient: (p, out) => void (out[0] = 2 * p[0]! * (1 + 1e-5)) }, [1]);
    expect(loose.ok).toBe(true); // 2e-5 error ≤ 1e-6 + 1e-4·2
    const tight = gradcheck({ f: (p) => p[0]! ** 2, gradient: (p, out) => void (out[0] = 2 * p[0]! * (1 + 1e-5)) }, [1], { rtol: 1e-6 });
    expect(tight.ok).toBe(false);
    expect(() => gradcheck({ expr: SEED_001, vars: ['x'] }, [0.3], { atol: -1 })).toThrow(/non-negative/);
  });

  it('names a missing coordinate', () => {
    expect(() => gradcheck({ expr: parse('x*y'), vars: ['x', 'y'] }, { x: 1 })).toThrow('no value given for "y"');
  });

  it("is more accurate with our step than with seed 004's fixed 1e-9, on seed 004's landscape", () => {
    const e = wellsExpr();
    const target = { expr: e, vars: ['x', 'y'] };
    const ours = gradcheck(target, [WELLS_AT.x, WELLS_AT.y]);
    const notebook = gradcheck(target, [WELLS_AT.x, WELLS_AT.y], { step: () => 1e-9 });
    expect(ours.ok).toBe(true);
    for (let i = 0; i < 2; i++) {
      // Against NumPy's analytic gradient of the notebook.
      expect(ours.components[i]!.symbolic).toBeCloseTo(WELLS_AT.gradient[i]!, 14);
      expect(ours.components[i]!.abs_error).toBeLessThan(notebook.components[i]!.abs_error);
    }
    expect(ours.max_abs_error).toBeLessThan(1e-10);
    expect(notebook.max_abs_error).toBeGreaterThan(1e-9);
    // The landscape itself agrees with the hand-written formula.
    expect(compile(e, ['x', 'y']).evaluate(at(WELLS_AT.x, WELLS_AT.y))[0]).toBeCloseTo(wellsValue(WELLS_AT.x, WELLS_AT.y), 15);
    expect(wellsValue(WELLS_AT.x, WELLS_AT.y)).toBeCloseTo(WELLS_AT.value, 15);
    const g = wellsGradient(WELLS_AT.x, WELLS_AT.y, new Float64Array(2));
    expect(g[0]).toBeCloseTo(WELLS_AT.gradient[0], 15);
  });

  it('is more accurate with Richardson on the landscape', () => {
    const target = { expr: wellsExpr(), vars: ['x', 'y'] };
    const plain = gradcheck(target, [-1.1, 0.4]);
    const rich = gradcheck(target, [-1.1, 0.4], { richardson: true });
    expect(rich.evaluations).toBe(8);
    expect(rich.max_abs_error).toBeLessThan(plain.max_abs_error);
  });
});

describe('directionalCheck', () => {
  it('checks a 1000-variable gradient with two evaluations', () => {
    const { e, vars } = rosenbrock(1000);
    const g = compileGradient(e, vars);
    const f = compile(e, vars);
    const x = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 1.2);
    let calls = 0;
    const target = {
      f: (p: Float64Array) => {
        calls++;
        return f.evaluate(p)[0]!;
      },
      gradient: (p: Float64Array, out: Float64Array) => g.gradient(p, out),
    };
    const r = directionalCheck(target, x, { seed: 3 });
    expect(calls).toBe(2);
    expect(r.evaluations).toBe(2);
    expect(r.ok).toBe(true);
    expect(r.rel_error).toBeLessThan(1e-7);

    // One wrong component out of 1000 is caught.
    const broken = { ...target, gradient: (p: Float64Array, out: Float64Array) => void (g.gradient(p, out), (out[617] = out[617]! + 1)) };
    const bad = directionalCheck(broken, x, { seed: 3 });
    expect(bad.ok).toBe(false);
    // The error is v_617 (the wrong component times the direction) plus the ~1e-5 noise of f ≈ 1e5.
    expect(Math.abs(bad.abs_error - Math.abs(bad.direction[617]!))).toBeLessThan(1e-4);
  });

  it('uses a seeded unit direction, or the one given', () => {
    const v = randomUnitVector(5, 9);
    expect(Math.hypot(...v)).toBeCloseTo(1, 15);
    expect(Array.from(randomUnitVector(5, 9))).toEqual(Array.from(v));
    expect(Array.from(randomUnitVector(5, 10))).not.toEqual(Array.from(v));
    const r = directionalCheck({ expr: parse('x^2 + 3*y'), vars: ['x', 'y'] }, { x: 2, y: 1 }, { direction: [3, 4] });
    expect(Array.from(r.direction)).toEqual([0.6, 0.8]);
    expect(r.symbolic).toBeCloseTo(4 * 0.6 + 3 * 0.8, 14);
    expect(r.ok).toBe(true);
    expect(() => directionalCheck({ expr: parse('x'), vars: ['x'] }, [1], { direction: [0] })).toThrow(/non-zero/);
  });
});

describe('docs/guide.md', () => {
  it('documents the default tolerances and compares them with torch', () => {
    const guide = readFileSync(new URL('../../docs/guide.md', import.meta.url), 'utf8');
    const section = guide.slice(guide.indexOf('## gradcheck tolerances'));
    expect(section).toContain('atol = 1e-6');
    expect(section).toContain('rtol = 1e-4');
    expect(section).toContain('torch.autograd.gradcheck');
    expect(DEFAULT_ATOL).toBe(1e-6);
    expect(DEFAULT_RTOL).toBe(1e-4);
  });
});
