import { describe, expect, it } from 'vitest';
import { E, PI, Rational, add, call, cos, div, exp, log, mul, num, parse, pow, sin, sqrt, sub, sym, type Expr } from '../../src/expr/index.js';
import { FreeSymbolError, compile, evaluate, lower, MAX_MULTIPLIED_POWER } from '../../src/compile/index.js';
import { batchAgrees } from '../support/batch-agree.js';

const x = sym('x');
const y = sym('y');
const z = sym('z');
const at = (...v: number[]): Float64Array => Float64Array.from(v);

/** Seed 001's f, by hand in plain JS. */
function seed001(t: number): number {
  const c = Math.exp(t) + Math.exp(t) ** 2;
  return Math.exp(c) + Math.sin(c);
}

describe('compile: values', () => {
  it("computes seed 001's f like the hand-written formula", () => {
    const f = compile([parse('exp(exp(x)+exp(x)^2)+sin(exp(x)+exp(x)^2)')], ['x']);
    for (const t of [-2, -0.5, 0, 0.3, 1]) {
      expect(f.evaluate(at(t))[0]).toBeCloseTo(seed001(t), 12);
      expect(Math.abs(f.evaluate(at(t))[0]! - seed001(t))).toBeLessThanOrEqual(4e-15 * Math.abs(seed001(t)));
    }
    // 23.824232533469335 at x = 0.3: e^0.3 = 1.3498588075760032, c = 3.1719...
    expect(f.evaluate(at(0.3))[0]).toBeCloseTo(23.824232533469335, 12);
  });

  it('computes every built-in function', () => {
    const cases: [string, (t: number) => number][] = [
      ['exp(x)', Math.exp],
      ['log(x)', Math.log],
      ['sin(x)', Math.sin],
      ['cos(x)', Math.cos],
      ['tan(x)', Math.tan],
      ['sinh(x)', Math.sinh],
      ['cosh(x)', Math.cosh],
      ['tanh(x)', Math.tanh],
      ['abs(x)', Math.abs],
      ['sqrt(x)', Math.sqrt],
    ];
    for (const [text, fn] of cases) {
      const f = compile(parse(text), ['x']);
      for (const t of [0.25, 0.9, 2.5]) expect(f.evaluate(at(t))[0]).toBe(fn(t));
    }
    const s = compile(call('sign', x), ['x']);
    expect([-3, 0, 2].map((t) => s.evaluate(at(t))[0])).toEqual([-1, 0, 1]);
  });

  it('computes powers: small integers by multiplication, others by Math.pow', () => {
    const cases: [Expr, (t: number) => number][] = [
      [pow(x, num(2)), (t) => t * t],
      [pow(x, num(3)), (t) => t * t * t],
      [pow(x, num(5)), (t) => t ** 5],
      [pow(x, num(-1)), (t) => 1 / t],
      [pow(x, num(-2)), (t) => 1 / (t * t)],
      [sqrt(x), Math.sqrt],
      [pow(x, num(Rational.of(3n, 2n))), (t) => t * Math.sqrt(t)],
      [pow(x, num(Rational.of(-1n, 2n))), (t) => 1 / Math.sqrt(t)],
      [pow(x, num(Rational.of(1n, 3n))), Math.cbrt],
      [pow(x, num(20)), (t) => t ** 20],
      [pow(x, num(-20)), (t) => t ** -20],
      [pow(x, y), (t) => t ** 1.5],
      [pow(num(2), x), (t) => 2 ** t],
    ];
    for (const [e, fn] of cases) {
      const f = compile(e, ['x', 'y']);
      for (const t of [0.5, 1.7, 3]) {
        const got = f.evaluate(at(t, 1.5))[0]!;
        expect(Math.abs(got - fn(t))).toBeLessThanOrEqual(8e-16 * Math.abs(fn(t)) * 20);
      }
    }
  });

  it('folds constant subexpressions and evaluates pi and e', () => {
    const f = compile(add(mul(num(2), PI, x), E, log(num(3))), ['x']);
    expect(f.evaluate(at(0.5))[0]).toBeCloseTo(Math.PI + Math.E + Math.log(3), 14);
    expect(f.source).not.toMatch(/Math\.(log|exp)/);
    expect(f.source).toContain('6.283185307179586');
  });

  it('prints numbers from the exact rationals with round-trip precision', () => {
    const f = compile([mul(num(Rational.of(1n, 3n)), x), add(x, num(0.1)), mul(num(Rational.of(-7n, 11n)), x)], ['x']);
    const out = f.evaluate(at(3));
    expect(out[0]).toBe((1 / 3) * 3);
    expect(out[1]).toBe(3 + 0.1);
    expect(out[2]).toBe(-(7 / 11) * 3);
    expect(f.source).toContain('0.3333333333333333');
    expect(f.source).toContain('0.6363636363636364');
  });

  it('returns constants and plain inputs as outputs', () => {
    const f = compile([num(7), y, add(x, y)], ['x', 'y']);
    expect(Array.from(f.evaluate(at(1, 2)))).toEqual([7, 2, 3]);
    expect(Array.from(f.evaluateBatch(at(1, 2, 3, 4), 2))).toEqual([7, 2, 3, 7, 4, 7]);
  });

  it('takes a single expression or a list, and variables as names or symbols', () => {
    expect(compile(mul(x, y), [x, 'y']).evaluate(at(3, 4))[0]).toBe(12);
    expect(compile([mul(x, y)], ['x', y]).outputCount).toBe(1);
  });

  it('writes into a given output array', () => {
    const f = compile([add(x, y), mul(x, y)], ['x', 'y']);
    const out = new Float64Array(2);
    expect(f.evaluate(at(2, 5), out)).toBe(out);
    expect(Array.from(out)).toEqual([7, 10]);
  });
});

describe('compile: instruction list and CSE', () => {
  it('computes a shared subexpression once', () => {
    const u = mul(x, y);
    const f = compile([add(sin(u), cos(u)), exp(u)], ['x', 'y']);
    const one = f.source.split('function batch')[0]!;
    expect(one.match(/a0 \* a1/g)).toHaveLength(1);
    // sin, cos, exp of the product, the product, the sum: five instructions.
    expect(f.instructionCount).toBe(5);
    expect(f.evaluate(at(0.3, 0.7))[0]).toBeCloseTo(Math.sin(0.21) + Math.cos(0.21), 15);
  });

  it('computes a shared power once: x^2 feeds sin, cos, x^4 = (x^2)^2 and x^2*y (issue 9)', () => {
    // By hand: t0 = x*x; sin(t0); cos(t0); t0*t0; t0*y: five instructions, one x*x.
    const x2 = pow(x, num(2));
    const f = compile([sin(x2), cos(x2), pow(x, num(4)), mul(x2, y)], ['x', 'y']);
    expect(f.instructionCount).toBe(5);
    const one = f.source.split('function batch')[0]!;
    expect(one.match(/a0 \* a0/g)).toHaveLength(1);
    // x^6 = x^4 * x^2 and x^3: squaring reuses x^2 and x^4; x^3 is its own product.
    const g = compile([pow(x, num(2)), pow(x, num(4)), pow(x, num(8))], ['x']);
    expect(g.instructionCount).toBe(3);
    expect(Array.from(g.evaluate(at(1.5)))).toEqual([2.25, 2.25 ** 2, 2.25 ** 4]);
  });

  it('computes a shared product once instead of inlining it into each sum that uses it (issue 9)', () => {
    // u = x*y*z is used by two sums: one product instruction, two sums.
    const u = mul(x, y, z);
    const f = compile([add(u, num(1)), add(u, sin(x))], ['x', 'y', 'z']);
    const one = f.source.split('function batch')[0]!;
    expect(one.match(/a0 \* a1 \* a2/g)).toHaveLength(1);
    expect(f.instructionCount).toBe(4); // x*y*z, u + 1, sin(x), u + sin(x)
    // Used by one sum only, the product is printed inside it: no instruction of its own.
    expect(compile(add(u, num(1)), ['x', 'y', 'z']).instructionCount).toBe(1);
    expect(Array.from(f.evaluate(at(2, 3, 0.5)))).toEqual([4, 3 + Math.sin(2)]);
  });

  it('prints x^2 as t*t, x^-1 as 1/t, x^(1/2) as Math.sqrt, and Math.pow otherwise', () => {
    const src = (e: Expr): string => compile(e, ['x']).source.split('function batch')[0]!;
    expect(src(pow(x, num(2)))).toContain('a0 * a0');
    expect(src(pow(x, num(2)))).not.toContain('Math.pow');
    expect(src(pow(x, num(-1)))).toContain('1 / a0');
    expect(src(sqrt(x))).toContain('Math.sqrt(a0)');
    expect(src(pow(x, num(Rational.of(1n, 3n))))).toContain('Math.pow(a0, 0.3333333333333333)');
    expect(src(pow(x, num(MAX_MULTIPLIED_POWER + 1)))).toContain('Math.pow');
    expect(src(pow(x, num(MAX_MULTIPLIED_POWER)))).not.toContain('Math.pow');
    // A quotient divides instead of forming the reciprocal.
    expect(src(div(sin(x), cos(x)))).toMatch(/t\d+ \/ t\d+/);
  });

  it('lowers to instructions in dependency order', () => {
    const program = lower([add(exp(x), sin(exp(x)))], [x]);
    const defined = new Set<number>();
    for (const ins of program.instructions) {
      const reads = JSON.stringify(ins).match(/"slot":(\d+)/g) ?? [];
      for (const r of reads) expect(defined.has(Number(r.slice(7)))).toBe(true);
      defined.add(ins.out);
    }
    expect(program.instructions.map((i) => i.op)).toEqual(['call', 'call', 'sum']);
  });

  it('reports the node count of the DAG', () => {
    const e = parse('exp(exp(x)+exp(x)^2)+sin(exp(x)+exp(x)^2)');
    const f = compile(e, ['x']);
    expect(f.nodeCount).toBeGreaterThan(5);
    expect(f.instructionCount).toBeLessThanOrEqual(f.nodeCount);
  });
});

describe('compile: batches', () => {
  it('evaluates N points in one call as N single calls (bit for bit but for the ulps of the vector exp, sin, cos and log)', () => {
    const exprs = [parse('x*y + sin(z)/(1 + x^2)'), parse('exp(-(x^2 + y^2)) * cos(z)'), parse('log(1 + x^2 + y^2 + z^2)')];
    const f = compile(exprs, ['x', 'y', 'z']);
    const n = 257;
    const inputs = Float64Array.from({ length: 3 * n }, (_, i) => Math.sin(i * 1.37) * 3);
    const batch = f.evaluateBatch(inputs, n);
    expect(batch).toHaveLength(3 * n);
    for (let r = 0; r < n; r++) {
      const single = f.evaluate(inputs.subarray(3 * r, 3 * r + 3));
      for (let k = 0; k < 3; k++) expect(batchAgrees(f, batch[3 * r + k]!, single[k]!)).toBe(true);
    }
  });

  it('evaluates an empty batch', () => {
    expect(compile(x, ['x']).evaluateBatch(new Float64Array(0), 0)).toHaveLength(0);
  });
});

describe('compile: chunks', () => {
  it('splits long programs into functions sharing a work buffer, with identical values', () => {
    const e = add(...Array.from({ length: 40 }, (_, i) => mul(num(i + 1), sin(add(mul(num(i), x), y)), exp(mul(y, num(Rational.of(BigInt(i), 7n)))))));
    const whole = compile([e, mul(e, e), x], ['x', 'y']);
    const parts = compile([e, mul(e, e), x], ['x', 'y'], { maxChunk: 7 });
    expect(whole.chunks).toBe(0);
    expect(parts.chunks).toBeGreaterThan(10);
    expect(parts.source).toContain('w[');
    for (const p of [at(0.1, 0.2), at(-1.3, 0.7)]) expect(Array.from(parts.evaluate(p))).toEqual(Array.from(whole.evaluate(p)));
    const inputs = Float64Array.from({ length: 20 }, (_, i) => Math.cos(i));
    expect(Array.from(parts.evaluateBatch(inputs, 10))).toEqual(Array.from(whole.evaluateBatch(inputs, 10)));
  });

  it('rejects a chunk size that is not a positive integer', () => {
    expect(() => compile(x, ['x'], { maxChunk: 0 })).toThrow(/maxChunk/);
  });
});

describe('compile: errors', () => {
  it('names a free symbol that is not among the variables', () => {
    const run = (): unknown => compile(add(x, sym('lambda_1')), ['x']);
    expect(run).toThrow(FreeSymbolError);
    expect(run).toThrow('the expression depends on "lambda_1", which is not among the variables ["x"]');
  });

  it('rejects a variable listed twice', () => {
    expect(() => compile(x, ['x', 'x'])).toThrow(/listed twice/);
  });

  it('rejects inputs and outputs that are too short', () => {
    const f = compile([add(x, y), x], ['x', 'y']);
    expect(() => f.evaluate(at(1))).toThrow('input has 1 values, expected 2');
    expect(() => f.evaluate(at(1, 2), new Float64Array(1))).toThrow('out has 1 values, expected 2');
    expect(() => f.evaluateBatch(at(1, 2, 3), 2)).toThrow('inputs has 3 values, expected 4');
    expect(() => f.evaluateBatch(at(1, 2), 1.5)).toThrow(/non-negative integer/);
  });

  it('gives NaN outside a function domain, like the interpreter', () => {
    const f = compile(add(log(x), sqrt(y)), ['x', 'y']);
    expect(f.evaluate(at(-1, 1))[0]).toBeNaN();
    expect(evaluate(add(log(x), sqrt(y)), { x: -1, y: 1 })).toBeNaN();
  });
});

describe('interpreter', () => {
  it('evaluates by node semantics and names unbound symbols', () => {
    expect(evaluate(parse('x^2 + 2*x*y'), { x: 3, y: 0.5 })).toBe(12);
    expect(evaluate(sub(z, z), {})).toBe(0);
    expect(() => evaluate(add(x, y), { x: 1 })).toThrow('no value given for the symbol "y"');
    // Object.prototype members are not values.
    expect(() => evaluate(sym('constructor'), {})).toThrow(/constructor/);
    expect(evaluate(add(x, y), new Map([['x', 1], ['y', 2]]))).toBe(3);
  });
});
