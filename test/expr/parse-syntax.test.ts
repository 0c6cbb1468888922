/**
 * The parser without recursion (issue 10 item 1) and the syntax tree it produces for
 * the scalar and matrix converters: shapes of the tree, positions, sizes (10^6 terms,
 * 10^4 nesting, literals beyond 100,000 characters), and the error excerpts.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_NESTING,
  ParseError,
  Rational,
  add,
  excerpt,
  mul,
  num,
  parse,
  parseRelationSyntax,
  parseSyntax,
  sym,
  type Syntax,
} from '../../src/expr/index.js';

function parseError(text: string, run: (t: string) => unknown = (t) => parse(t)): ParseError {
  try {
    run(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error(`no error for ${JSON.stringify(text).slice(0, 100)}`);
}

describe('the syntax tree', () => {
  it('flattens a chain of + and - into one n-ary node with signs and operator positions', () => {
    const t = parseSyntax('a + b - c') as Extract<Syntax, { type: 'nary' }>;
    expect(t.type).toBe('nary');
    expect(t.op).toBe('+');
    expect(t.operands.map((o) => (o as { name: string }).name)).toEqual(['a', 'b', 'c']);
    expect(t.signs).toEqual([1, 1, -1]);
    expect(t.opPos).toEqual([3, 7]);
    expect([t.pos, t.len]).toEqual([1, 9]);
  });

  it('keeps parenthesised chains as their own node, and implicit products in the * chain', () => {
    const t = parseSyntax('2x*(a + b)y') as Extract<Syntax, { type: 'nary' }>;
    expect(t.op).toBe('*');
    expect(t.operands.map((o) => o.type)).toEqual(['number', 'name', 'nary', 'name']);
    expect(t.opPos).toEqual([2, 3, 11]); // implicit products sit at their right operand
    expect(t.operands[2]!.pos).toBe(5); // the sum inside the parentheses starts at a
  });

  it('binds ^ right, tighter than unary minus, and the transpose like a call', () => {
    const neg = parseSyntax('-x^2');
    expect(neg.type).toBe('unary');
    expect((neg as { arg: Syntax }).arg.type).toBe('binary');
    const tower = parseSyntax('2^3^2') as Extract<Syntax, { type: 'binary' }>;
    expect(tower.left.type).toBe('number');
    expect(tower.right.type).toBe('binary');
    const tr = parseSyntax("A'^2") as Extract<Syntax, { type: 'binary' }>;
    expect(tr.left.type).toBe('transpose');
    const q = parseSyntax("g'*inv(F)*g") as Extract<Syntax, { type: 'nary' }>;
    expect(q.operands.map((o) => o.type)).toEqual(['transpose', 'call', 'name']);
    const ew = parseSyntax('a .* b ./ c .^ 2') as Extract<Syntax, { type: 'binary' }>;
    expect(ew.op).toBe('./');
    expect(ew.left.type).toBe('nary');
    expect((ew.right as { op: string }).op).toBe('.^');
  });

  it('reads calls with several arguments (for the matrix language) and positions of names', () => {
    const c = parseSyntax('norm(A*x - b, 2)') as Extract<Syntax, { type: 'call' }>;
    expect(c.name).toBe('norm');
    expect(c.args).toHaveLength(2);
    expect([c.pos, c.len]).toEqual([1, 16]);
  });

  it('parses relations with the operator position', () => {
    const r = parseRelationSyntax('x^2 + y <= 4');
    expect(r.op).toBe('<=');
    expect(r.opPos).toBe(9);
    expect(r.rhs.type).toBe('number');
  });
});

describe('sizes', () => {
  it('nesting 10^4 deep works; one level deeper is refused naming the limit', () => {
    expect(MAX_NESTING).toBe(10_000);
    const n = MAX_NESTING;
    expect(parse('('.repeat(n) + 'x' + ')'.repeat(n))).toBe(sym('x'));
    let e = parse('sin('.repeat(n) + 'x' + ')'.repeat(n));
    let depth = 0;
    while (e.kind === 'call') {
      e = e.arg;
      depth++;
    }
    expect(depth).toBe(n);
    expect(parse('-('.repeat(n) + 'x' + ')'.repeat(n))).toBe(sym('x')); // an even number of minus signs
    const err = parseError('('.repeat(n + 1) + 'x' + ')'.repeat(n + 1));
    expect(err.reason).toMatch(/nested more than 10000 levels/);
    expect(err.position).toBe(n + 1);
    expect(parseError('2^'.repeat(n + 1) + '2').reason).toMatch(/10000 levels/);
  });

  it('a sum of 10^6 terms parses into one canonical sum', { timeout: 300_000 }, () => {
    const n = 1_000_000;
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(`x${i}`);
    const e = parse(parts.join(' + '));
    expect(e.kind).toBe('add');
    expect((e as { terms: readonly unknown[] }).terms).toHaveLength(n);
  });

  it('a long product and a long chain of divisions parse', () => {
    const n = 20_000;
    const prod = parse(Array.from({ length: n }, (_, i) => `y${i}`).join('*'));
    expect(prod.kind === 'mul' && prod.factors.length).toBe(n);
    expect(parse('x' + '/2'.repeat(2000))).toBe(mul(num(Rational.of(1n, 2n ** 2000n)), sym('x'))); // 2,000 levels of left-nested /
  });

  it('reads a literal longer than 100,000 characters exactly (once cut at 100,000)', () => {
    const digits = '7'.repeat(150_000);
    const e = parse(`${digits} + x`);
    expect(e).toBe(add(sym('x'), num(BigInt(digits))));
  });

  it('keeps 1e-200000 and 1e200000 exact; refuses exponents beyond the limit naming it', () => {
    const tiny = parse('1e-200000*x + y');
    expect(tiny).toBe(add(mul(num(Rational.of(1n, 10n ** 200000n)), sym('x')), sym('y')));
    expect(tiny).not.toBe(sym('y')); // it was 0*x + y
    expect(parse('1e200000')).toBe(num(10n ** 200000n));
    const err = parseError('1e1000001*x');
    expect(err.reason).toMatch(/at most 1000000/);
    expect(err.position).toBe(1);
  });
});

describe('errors: one line, an excerpt around the position', () => {
  it('quotes at most about 80 characters with ellipses, never the whole input', () => {
    const text = `${'a + '.repeat(50_000)}* b`;
    const err = parseError(text);
    expect(err.position).toBe(200_001);
    expect(err.message.length).toBeLessThan(300);
    expect(err.message).toContain('…');
    expect(err.message).toContain('* b');
    expect(err.message).not.toMatch(/\n/);
  });

  it('escapes line breaks so the message stays one paragraph', () => {
    const err = parseError('x +\n\n* y');
    expect(err.message).not.toMatch(/\n/);
    expect(err.position).toBe(6);
  });

  it('an empty expression has a message of its own, without a blank line', () => {
    for (const t of ['', '   ', '\n']) {
      const err = parseError(t);
      expect(err.message).toBe('empty expression');
    }
  });

  it('excerpt() cuts around the position', () => {
    const text = 'x'.repeat(1000);
    const cut = excerpt(text, 500);
    expect(cut.startsWith('…') && cut.endsWith('…')).toBe(true);
    expect(cut.length).toBe(82);
    expect(excerpt('short', 3)).toBe('short');
  });
});
