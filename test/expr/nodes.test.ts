import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  E,
  MINUS_ONE,
  ONE,
  PI,
  Rational,
  ZERO,
  DomainError,
  add,
  call,
  children,
  compareNodes,
  div,
  exp,
  extractPower,
  log,
  mul,
  neg,
  num,
  parse,
  pow,
  rebuild,
  sin,
  sqrt,
  sub,
  sym,
  toText,
  topologicalOrder,
  type Expr,
} from '../../src/expr/index.js';
import { exprArbitrary } from '../support/arbitrary.js';
import { evaluate, close } from '../support/expr-eval.js';

const x = sym('x');
const y = sym('y');
const z = sym('z');
const half = num(Rational.of(1, 2));

/** Checks the canonical-form invariants of one node (not its children). */
function checkNode(e: Expr): void {
  switch (e.kind) {
    case 'add': {
      expect(e.terms.length).toBeGreaterThanOrEqual(2);
      expect(e.terms.some((t) => t.kind === 'add')).toBe(false);
      expect(e.terms.filter((t) => t.kind === 'num').length).toBeLessThanOrEqual(1);
      expect(e.terms.some((t) => t.kind === 'num' && t.value.isZero)).toBe(false);
      for (let i = 1; i < e.terms.length; i++) expect(compareNodes(e.terms[i - 1]!, e.terms[i]!)).toBeLessThan(0);
      break;
    }
    case 'mul': {
      expect(e.factors.length).toBeGreaterThanOrEqual(2);
      expect(e.factors.some((f) => f.kind === 'mul')).toBe(false);
      e.factors.slice(1).forEach((f) => expect(f.kind).not.toBe('num'));
      const first = e.factors[0]!;
      if (first.kind === 'num') {
        expect(first.value.isOne || first.value.isZero).toBe(false);
        // a number times one sum is distributed
        expect(e.factors.length === 2 && e.factors[1]!.kind === 'add').toBe(false);
      }
      for (let i = 1; i < e.factors.length; i++) expect(compareNodes(e.factors[i - 1]!, e.factors[i]!)).toBeLessThan(0);
      const bases = e.factors.filter((f) => f.kind !== 'num').map((f) => (f.kind === 'pow' ? f.base : f));
      expect(new Set(bases).size).toBe(bases.length); // equal bases merged (the coefficient aside: 2*sqrt(2))
      const radicals = e.factors.filter((f) => f.kind === 'pow' && f.base.kind === 'num' && f.exp.kind === 'num' && f.base.value.sign > 0);
      const exps = radicals.map((f) => (f as { exp: Expr }).exp);
      expect(new Set(exps).size).toBe(exps.length); // one radical per exponent
      break;
    }
    case 'pow': {
      if (e.exp.kind === 'num') {
        expect(e.exp.value.isZero || e.exp.value.isOne).toBe(false);
        if (e.base.kind === 'num' && e.base.value.sign > 0 && e.base.value.isInteger) {
          const r = e.exp.value;
          const small = e.base.value.num < 10n ** 30n;
          if (small) {
            // numeric radicals keep the exponent in (0, 1) and no q-th power in the radicand
            expect(r.compare(Rational.ZERO)).toBeGreaterThan(0);
            expect(r.compare(Rational.ONE)).toBeLessThan(0);
            expect(extractPower(e.base.value.num, r.den)[0]).toBe(1n);
          }
        }
        if (e.exp.value.isInteger) expect(e.base.kind === 'pow' || e.base.kind === 'mul').toBe(false);
      }
      if (e.base.kind === 'call') expect(e.base.fn).not.toBe('exp');
      break;
    }
    case 'call':
      if (e.fn === 'abs' || e.fn === 'sign') expect(e.arg.kind).not.toBe('num');
      break;
    default:
      break;
  }
}

describe('interning', () => {
  it('gives one object per structure', () => {
    expect(parse('x+y')).toBe(parse('y+x'));
    expect(add(x, y)).toBe(add(y, x));
    expect(mul(x, sin(y), num(3))).toBe(mul(num(3), sin(y), x));
    expect(sym('x')).toBe(x);
    expect(num(0.5)).toBe(half);
    expect(num(Rational.of(2, 4))).toBe(half);
    expect(parse('sin(x)^2 + exp(y*z)')).toBe(add(pow(sin(x), num(2)), exp(mul(z, y))));
    expect(Object.isFrozen(add(x, y))).toBe(true);
  });

  it('keeps distinct structures distinct', () => {
    expect(add(x, y)).not.toBe(mul(x, y));
    expect(call('sin', x)).not.toBe(call('cos', x));
    expect(pow(x, y)).not.toBe(pow(y, x));
  });
});

describe('canonical construction', () => {
  it('collects like terms and bases', () => {
    expect(parse('x + x')).toBe(mul(num(2), x));
    expect(parse('x*x')).toBe(pow(x, num(2)));
    expect(parse('x - x')).toBe(ZERO);
    expect(parse('2*(x+1) - 2*x')).toBe(num(2));
    expect(parse('x/x')).toBe(ONE);
    expect(parse('x^2*x^(-2)')).toBe(ONE);
    expect(parse('x*y/(y*x)')).toBe(ONE);
    expect(parse('3*x*y - 2*y*x')).toBe(mul(x, y));
    expect(parse('x^a*x^b')).toBe(pow(x, add(sym('a'), sym('b'))));
  });

  it('merges a power that merging created with an equal base (grouping does not matter)', () => {
    // exp(x)*exp(x) is exp(x)^2 = exp(2x), which then meets exp(2x): e^x e^x e^(2x) = e^(4x).
    const two = mul(num(2), x);
    expect(mul(exp(x), exp(x), exp(two))).toBe(exp(mul(num(4), x)));
    expect(mul(y, exp(x), exp(x), exp(two))).toBe(mul(y, mul(mul(exp(x), exp(x)), exp(two))));
    expect(mul(exp(num(-1)), exp(num(-1)), exp(num(-2)))).toBe(exp(num(-4)));
  });

  it('keeps numbers exact', () => {
    expect(parse('0.1')).toBe(num(Rational.of(1, 10)));
    expect(parse('0.1 + 0.2')).toBe(num(Rational.of(3, 10)));
    expect(parse('1.5e-3')).toBe(num(Rational.of(3, 2000)));
    expect(parse('1/3 + 1/6')).toBe(half);
  });

  it('folds numeric powers and extracts perfect powers from radicands', () => {
    expect(parse('2^(3/2)')).toBe(mul(num(2), sqrt(num(2))));
    expect(parse('sqrt(8)')).toBe(mul(num(2), sqrt(num(2))));
    expect(parse('sqrt(12)')).toBe(mul(num(2), sqrt(num(3))));
    expect(parse('sqrt(72)')).toBe(mul(num(6), sqrt(num(2))));
    expect(parse('8^(1/3)')).toBe(num(2));
    expect(parse('54^(1/3)')).toBe(mul(num(3), pow(num(2), num(Rational.of(1, 3)))));
    expect(parse('24^(2/3)')).toBe(mul(num(4), pow(num(3), num(Rational.of(2, 3)))));
    expect(parse('(-8)^(1/3)')).toBe(num(-2));
    expect(parse('sqrt(1/8)')).toBe(mul(num(Rational.of(1, 4)), sqrt(num(2))));
    expect(parse('3^(-5/2)')).toBe(mul(num(Rational.of(1, 27)), sqrt(num(3))));
    expect(parse('sqrt(1000000007^2*2)')).toBe(mul(num(1000000007n), sqrt(num(2))));
    expect(parse('sqrt(4)')).toBe(num(2));
    expect(parse('2^10')).toBe(num(1024));
  });

  it('merges numeric radicals with the same exponent', () => {
    expect(parse('sqrt(2)*sqrt(3)')).toBe(sqrt(num(6)));
    expect(parse('sqrt(2)*sqrt(6)')).toBe(mul(num(2), sqrt(num(3))));
    expect(parse('sqrt(2)*sqrt(8)')).toBe(num(4));
    expect(parse('2^(1/3)*3^(1/3)')).toBe(pow(num(6), num(Rational.of(1, 3))));
    expect(parse('2^(2/3)*2^(2/3)')).toBe(mul(num(2), pow(num(2), num(Rational.of(1, 3)))));
    // not for symbols: sqrt(x)*sqrt(y) is not sqrt(x*y) when both are negative
    expect(parse('sqrt(x)*sqrt(y)')).toBe(mul(sqrt(x), sqrt(y)));
    expect(parse('sqrt(x)*sqrt(y)')).not.toBe(sqrt(mul(x, y)));
  });

  it('refuses to fold astronomically large powers', () => {
    const big = parse('2^1000000000');
    expect(big.kind).toBe('pow');
    expect(parse('2^(1/1000000000)').kind).toBe('pow');
    expect(parse('2^100').kind).toBe('num');
  });

  it('applies only the power rules that hold for every real base', () => {
    expect(parse('(x^2)^(1/2)')).toBe(pow(pow(x, num(2)), half)); // |x|, not x
    expect(parse('(x^(1/2))^2')).toBe(x);
    expect(parse('(x*y)^2')).toBe(mul(pow(x, num(2)), pow(y, num(2))));
    expect(parse('(x*y)^(1/2)')).toBe(pow(mul(x, y), half));
    expect(parse('exp(x)^y')).toBe(exp(mul(x, y)));
    expect(parse('(-x)^2')).toBe(pow(x, num(2)));
  });

  it('folds exact function values', () => {
    expect(parse('log(1)')).toBe(ZERO);
    expect(parse('log(e)')).toBe(ONE);
    expect(parse('sin(0) + cos(0) + exp(0)')).toBe(num(2));
    expect(parse('abs(-3/2)')).toBe(num(Rational.of(3, 2)));
    expect(parse('sign(-2)')).toBe(MINUS_ONE);
    expect(parse('e')).toBe(E);
    expect(E).toBe(exp(ONE));
    expect(() => log(ZERO)).toThrow(DomainError);
    expect(() => div(x, ZERO)).toThrow(DomainError);
    expect(() => pow(ZERO, MINUS_ONE)).toThrow(DomainError);
  });

  it('distributes a number over a single sum so that sums cancel', () => {
    expect(mul(num(2), add(x, ONE))).toBe(add(mul(num(2), x), num(2)));
    expect(sub(mul(num(3), add(x, y)), mul(num(3), add(y, x)))).toBe(ZERO);
    expect(neg(neg(add(x, y)))).toBe(add(x, y));
  });
});

describe('rebuild(e, children(e)) === e (the SymPy invariant)', () => {
  const samples: Expr[] = [
    num(3), num(Rational.of(-2, 7)), x, PI, E,
    add(x, y, ONE), mul(num(3), x, sin(y)), pow(x, y), pow(x, num(-2)), sqrt(num(2)), pow(num(-2), half),
    call('abs', x), call('sign', x), call('tanh', add(x, y)), pow(pow(x, num(2)), half), mul(sqrt(num(6)), x),
    parse('exp(-(x-mu)^2/(2*sigma^2))/sqrt(2*pi*sigma^2)'),
  ];
  it('holds for every kind', () => {
    const kinds = new Set<string>();
    for (const s of samples) {
      for (const n of topologicalOrder([s])) {
        kinds.add(n.kind);
        expect(rebuild(n, children(n))).toBe(n);
        checkNode(n);
      }
    }
    expect([...kinds].sort()).toEqual(['add', 'call', 'const', 'mul', 'num', 'pow', 'sym']);
  });

  it('holds on random expressions, with every canonical invariant', () => {
    fc.assert(
      fc.property(exprArbitrary({ maxDepth: 5 }), (e) => {
        for (const n of topologicalOrder([e])) {
          expect(rebuild(n, children(n))).toBe(n);
          checkNode(n);
        }
      }),
      { seed: 20240601, numRuns: 500 },
    );
  });
});

describe('ordering', () => {
  it('does not depend on construction order', () => {
    const parts = [x, sin(y), pow(z, num(3)), exp(x), num(5), mul(x, y), PI, log(add(x, num(2)))];
    fc.assert(
      fc.property(fc.shuffledSubarray(parts, { minLength: parts.length }), (perm) => {
        expect(add(...perm)).toBe(add(...parts));
        expect(mul(...perm)).toBe(mul(...parts));
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('is a total order (antisymmetric and transitive on samples)', () => {
    fc.assert(
      fc.property(fc.array(exprArbitrary({ maxDepth: 3 }), { minLength: 3, maxLength: 3 }), ([a, b, c]) => {
        // `+ 0` turns -0 into 0: when a === b both signs are 0.
        expect(Math.sign(compareNodes(a!, b!))).toBe(-Math.sign(compareNodes(b!, a!)) + 0);
        expect(compareNodes(a!, b!) === 0).toBe(a === b);
        if (compareNodes(a!, b!) < 0 && compareNodes(b!, c!) < 0) expect(compareNodes(a!, c!)).toBeLessThan(0);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('gives the same canonical form and text in a fresh process that builds nodes in another order', () => {
    const text = 'exp(-(x-mu)^2/(2*sigma^2)) + sin(x*y) + z^3 + 2*x - y/7';
    // Here: build sub-parts in the opposite order first, so that ids differ between the processes.
    for (const t of ['y/7', '2*x', 'z^3', 'sin(x*y)', 'sigma', 'mu']) parse(t);
    const here = toText(parse(text));
    const script = `import { parse, toText } from './src/expr/index.ts'; process.stdout.write(toText(parse(${JSON.stringify(text)})));`;
    const there = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), encoding: 'utf8' });
    expect(there).toBe(here);
  });
});

describe('numeric meaning is preserved by canonicalisation', () => {
  it('matches a direct evaluation of the operations on random points', () => {
    // (x+1)^2/(x+1) - x canonicalises to 1 wherever it is defined
    const e = parse('(x+1)^2/(x+1) - x');
    expect(e).toBe(ONE);
    const f = parse('sqrt(8)*x + 2^(3/2)*y');
    for (const [a, b] of [[0.3, -1.2], [2, 5]] as const) {
      expect(close(evaluate(f, { x: a, y: b }), Math.sqrt(8) * a + Math.pow(2, 1.5) * b)).toBe(true);
    }
  });
});
