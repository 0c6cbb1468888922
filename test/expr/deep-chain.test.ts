/**
 * Deep chains (issue 10): the canonical order compares hash-tied chains from an explicit
 * stack (a tie chain as deep as the input must not recurse), and a function nested
 * 10⁴ deep parses and prints at a size linear in the depth (its text is the input).
 */
import { describe, expect, it } from 'vitest';
import { compareNodes, parse, sym, toCse, toLatex, toText, type Expr } from '../../src/expr/index.js';

/** A chain fn_0(fn_1(...(leaf))) of hand-made call nodes whose hashes all tie (as a run of hash collisions would). */
function tiedChain(fns: readonly string[], leaf: Expr): Expr {
  let e = leaf;
  for (let i = fns.length - 1; i >= 0; i--) e = { kind: 'call', fn: fns[i], arg: e, hash: 12345, id: -1 - i } as unknown as Expr;
  return e;
}

describe('compareNodes on chains of hash ties', () => {
  const depth = 100_000;
  const sins = Array.from({ length: depth }, () => 'sin');

  it('decides by the innermost leaves 10⁵ levels down, without recursing', () => {
    const a = tiedChain(sins, sym('x'));
    const b = tiedChain(sins, sym('y'));
    expect(compareNodes(a, b)).toBeLessThan(0); // x before y, by name
    expect(compareNodes(b, a)).toBeGreaterThan(0);
  });

  it('decides by the function names when every child ties, the outermost first after the children', () => {
    // sin(cos(sin(...x))) against tan(sin(sin(...x))): a node's children are compared
    // before its function, so the second level (cos < sin) decides, not the first (sin < tan).
    const a = tiedChain(['sin', 'cos', ...sins.slice(1)], sym('x'));
    const b = tiedChain(['tan', ...sins], sym('x'));
    expect(Math.sign(compareNodes(a, b))).toBe(-1);
    expect(Math.sign(compareNodes(b, a))).toBe(1);
    // Only the outermost functions differ: they decide ('tan' after 'sin').
    expect(Math.sign(compareNodes(tiedChain(['tan', ...sins], sym('x')), tiedChain(['sin', ...sins], sym('x'))))).toBe(1);
  });
});

describe('a function nested 10⁴ deep', () => {
  const D = 10_000;
  const text = `${'sin('.repeat(D)}x${')'.repeat(D)}`;
  const f = parse(text);

  it('prints back as its input, and its LaTeX and cse forms are linear in the depth', () => {
    expect(toText(f)).toBe(text);
    // \sin\left( … \right) per level: 17 characters.
    expect(toLatex(f).length).toBeLessThan(20 * D);
    // Nothing is shared: the cse form is the text itself.
    const cse = toCse(f);
    expect(cse.bindings).toHaveLength(0);
    expect(cse.text).toBe(text);
  });
});
