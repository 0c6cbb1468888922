/**
 * Escape attempts through symbol names (after mathjs's security suite). The parser
 * forbids most of these names, but `sym(name)` accepts any string, so the compiler must
 * be safe on its own: names never reach the generated source.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { add, exp, mul, num, pow, sin, sym, type Expr } from '../../src/expr/index.js';
import { checkGeneratedSource, compile, compileGradient, compileHessian, compileHvp, evaluate } from '../../src/compile/index.js';

const HOSTILE = [
  'x); process.exit(1); (',
  'constructor',
  '__proto__',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '"; throw new Error("pwned"); "',
  '`${process.exit(2)}`',
  '/*',
  '\u2028 process.exit(3)',
  'globalThis.pwned = 1',
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('compile: hostile symbol names', () => {
  it('runs nothing from a name and computes the right values', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => {
      throw new Error('process.exit was called');
    }) as never);
    const syms = HOSTILE.map((n) => sym(n));
    // f = Σ (k+1)·s_k² + sin(s_0·s_1) + exp(s_2)
    const e: Expr = add(...syms.map((s, k) => mul(num(k + 1), pow(s, num(2)))), sin(mul(syms[0]!, syms[1]!)), exp(syms[2]!));
    const point = Float64Array.from(syms, (_, k) => 0.1 * (k + 1));
    const expected = point.reduce((acc, v, k) => acc + (k + 1) * v * v, 0) + Math.sin(point[0]! * point[1]!) + Math.exp(point[2]!);

    const f = compile(e, syms);
    expect(f.evaluate(point)[0]).toBeCloseTo(expected, 12);
    expect(f.evaluateBatch(point, 1)[0]).toBeCloseTo(expected, 12);
    const env = Object.fromEntries(HOSTILE.map((n, k) => [n, point[k]!]));
    expect(f.evaluate(point)[0]).toBeCloseTo(evaluate(e, env), 12);

    const g = compileGradient(e, syms);
    const grad = new Float64Array(syms.length);
    expect(g.valueAndGradient(point, grad)).toBeCloseTo(expected, 12);
    // ∂/∂s_3 = 2·4·s_3 (s_3 appears only in its square).
    expect(grad[3]).toBeCloseTo(8 * point[3]!, 14);
    expect(compileHessian(e, syms).evaluate(point)[3 * syms.length + 3]).toBeCloseTo(8, 14);
    expect(compileHvp(e, syms).evaluate(point, Float64Array.from(syms, (_, k) => (k === 3 ? 1 : 0)))[3]).toBeCloseTo(8, 14);

    for (const source of [f.source, g.source]) {
      for (const name of HOSTILE) expect(source.includes(name)).toBe(false);
      expect(source).not.toMatch(/process|constructor|__proto__|toString|globalThis|["'`]/);
    }
    expect(exit).not.toHaveBeenCalled();
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });

  it('keeps inputs positional, so a name like __proto__ cannot alias another', () => {
    const a = sym('__proto__');
    const b = sym('constructor');
    const f = compile([a, b, mul(a, b)], [a, b]);
    expect(Array.from(f.evaluate(Float64Array.from([3, 5])))).toEqual([3, 5, 15]);
    expect(f.variables).toEqual(['__proto__', 'constructor']);
  });
});

describe('checkGeneratedSource', () => {
  it('accepts the generator vocabulary', () => {
    expect(() => checkGeneratedSource('function one(x, out) {\n  const a0 = x[0];\n  const t0 = Math.exp(a0) * 1.5e-7 + (-2);\n  out[0] = t0;\n  return out;\n}')).not.toThrow();
  });

  it('refuses names, strings, comments and property access outside Math', () => {
    expect(() => checkGeneratedSource('const t0 = process.exit(1);')).toThrow(/unexpected name "process"/);
    expect(() => checkGeneratedSource('const t0 = "x";')).toThrow(/unexpected character/);
    expect(() => checkGeneratedSource('const t0 = 1; // x')).toThrow(/comment/);
    expect(() => checkGeneratedSource('const t0 = 1 /* x */;')).toThrow(/comment/);
    expect(() => checkGeneratedSource('const t0 = x.constructor;')).toThrow(/constructor|property access/);
    expect(() => checkGeneratedSource('const t0 = Math.constructor;')).toThrow(/constructor/);
    expect(() => checkGeneratedSource('const t0 = a0 `x`;')).toThrow(/unexpected character/);
  });
});
