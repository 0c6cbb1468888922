import { describe, expect, it } from 'vitest';
import { add, freeSymbols, mul, nodeCount, parse, sin, substitute, sym, topologicalOrder, type Expr } from '../../src/expr/index.js';

describe('freeSymbols', () => {
  it('is right when called bottom-up on a chain whose inner nodes are already cached', () => {
    // Each level adds a new symbol; calling on every level in order exercises the memo stop.
    let e: Expr = sym('a0');
    const levels: Expr[] = [e];
    for (let i = 1; i <= 50; i++) {
      e = sin(add(mul(e, e), sym(`a${i}`)));
      levels.push(e);
      expect([...freeSymbols(e)].sort()).toHaveLength(i + 1);
    }
    expect(freeSymbols(levels[10]!).has('a10')).toBe(true);
    expect(freeSymbols(levels[10]!).has('a11')).toBe(false);
  });

  it('lists each name once and ignores constants', () => {
    expect([...freeSymbols(parse('x*y + sin(x) + pi + e'))].sort()).toEqual(['x', 'y']);
  });
});

describe('topologicalOrder', () => {
  it('puts children before parents and visits shared nodes once', () => {
    const e = parse('sin(x*y) + cos(x*y)');
    const order = topologicalOrder([e]);
    const xy = parse('x*y');
    expect(order.filter((n) => n === xy)).toHaveLength(1);
    expect(order.indexOf(xy)).toBeLessThan(order.indexOf(parse('sin(x*y)')));
    expect(order[order.length - 1]).toBe(e);
    expect(nodeCount(e)).toBe(order.length);
  });

  it('does not descend into skipped nodes', () => {
    const e = parse('sin(x*y) + z');
    const inner = parse('x*y');
    const order = topologicalOrder([e], (n) => n === inner);
    expect(order).not.toContain(inner);
    expect(order).not.toContain(sym('x'));
    expect(order).toContain(sym('z'));
  });
});

describe('substitute', () => {
  it('re-canonicalises on the way up', () => {
    expect(substitute(parse('x^2 + 2*x*y + y^2'), { y: parse('-x') })).toBe(parse('0'));
  });
});
