/**
 * Budgets count work, not seconds (INTERFACE.md: "Answers do not depend on the machine's
 * speed"). A clock that jumps an hour at every reading stands in for a slow or loaded
 * machine: the answer, the notes and the counted work must be the same as with the real
 * clock, both where the default budgets suffice and where a small budget runs out.
 * Expected values are derived by hand in the comments.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toText } from '../../src/expr/index.js';
import { DEFAULT_SOLVE_BUDGETS, type SolveOptions, type SolveResult } from '../../src/solve/index.js';
import { solve } from './helpers.js';

/** Everything a caller can see of a result, as text. */
function fingerprint(r: SolveResult, unknowns: string[]): string {
  return JSON.stringify({
    completeness: r.completeness,
    method: r.method,
    notes: r.notes,
    work: r.work,
    solutions: r.solutions.map((s) => ({ exact: s.exact, values: unknowns.map((u) => toText(s.values.get(u)!)), free: s.free ?? [] })),
  });
}

/** Solves once with the real clock and once with a clock that jumps an hour at every reading. */
function underBothClocks(eqs: string[], unknowns: string[], options?: SolveOptions): { normal: SolveResult; slowed: SolveResult } {
  const normal = solve(eqs, unknowns, options);
  let t = Date.now();
  const jump = (): number => (t += 3_600_000);
  vi.spyOn(Date, 'now').mockImplementation(jump);
  vi.spyOn(performance, 'now').mockImplementation(jump);
  try {
    return { normal, slowed: solve(eqs, unknowns, options) };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());

// min x*y s.t. x^2 + y^2 = 4 (seed 002): y + 2lx = 0, x + 2ly = 0 give l = ±1/2, y = ∓x... and x^2 = 2.
const circle = ['y + 2*l*x', 'x + 2*l*y', 'x^2 + y^2 - 4'];
const xyl = ['x', 'y', 'l'];
// max xyzw s.t. x + y + z + w = 4: yzw = xzw = xyw = xyz = l. Families with two coordinates 0
// (then l = 0), and the isolated point x = y = z = w = 1, l = 1 (AM-GM), found only as a
// special case of the parametrisation by w.
const xyzw = ['y*z*w - l', 'x*z*w - l', 'x*y*w - l', 'x*y*z - l', 'x + y + z + w - 4'];
const xyzwl = ['x', 'y', 'z', 'w', 'l'];

describe('a slow clock changes nothing', () => {
  it('the exact path: the four KKT points of seed 002 in closed form', () => {
    const { normal, slowed } = underBothClocks(circle, xyl);
    expect(fingerprint(slowed, xyl)).toBe(fingerprint(normal, xyl));
    expect(normal.completeness).toBe('complete');
    expect(normal.solutions.map((s) => xyl.map((u) => toText(s.values.get(u)!)).join(' ')).sort()).toEqual(
      ['-sqrt(2) -sqrt(2) -1/2', '-sqrt(2) sqrt(2) 1/2', 'sqrt(2) -sqrt(2) 1/2', 'sqrt(2) sqrt(2) -1/2'].sort(),
    );
  });

  it('the numeric search: every seeded start runs, x = cos(x) has the Dottie number', () => {
    const { normal, slowed } = underBothClocks(['x - cos(x)'], ['x']);
    expect(fingerprint(slowed, ['x'])).toBe(fingerprint(normal, ['x']));
    expect(normal.notes.some((n) => n.includes('budget'))).toBe(false);
    expect(normal.solutions).toHaveLength(1);
    // The Dottie number (the fixed point of cos), to double precision: 0.739085133215160641655...
    expect(normal.solutions[0]!.numericValues!.get('x')).toBeCloseTo(0.7390851332151607, 15);
  });

  it('the special cases of a positive-dimensional set are all examined', () => {
    const { normal, slowed } = underBothClocks(xyzw, xyzwl);
    expect(fingerprint(slowed, xyzwl)).toBe(fingerprint(normal, xyzwl));
    expect(normal.solutions.some((s) => xyzwl.every((u) => toText(s.values.get(u)!) === '1'))).toBe(true);
  });
});

describe('a budget that runs out stops at the same counted step on any clock', () => {
  it('Gröbner term operations: the note names the budget, the numeric search answers', () => {
    const { normal, slowed } = underBothClocks(circle, xyl, { budgets: { groebnerTerms: 20 } });
    expect(fingerprint(slowed, xyl)).toBe(fingerprint(normal, xyl));
    expect(normal.notes).toContain('Gröbner basis: budget of 20 term operations exhausted');
    expect(normal.notes.join(' ')).not.toMatch(/time|second/);
    expect(normal.completeness).toBe('partial');
    // The numeric search still finds the four points (|x| = |y| = sqrt(2), l = -xy/4... = ∓1/2).
    expect(normal.solutions).toHaveLength(4);
    for (const s of normal.solutions) {
      expect(s.exact).toBe(false);
      expect(Math.abs(s.numericValues!.get('x')!)).toBeCloseTo(Math.SQRT2, 12);
    }
  });

  it('FGLM linear-algebra operations', () => {
    const { normal, slowed } = underBothClocks(circle, xyl, { budgets: { fglmOps: 10 } });
    expect(fingerprint(slowed, xyl)).toBe(fingerprint(normal, xyl));
    expect(normal.notes).toContain('FGLM: budget of 10 linear-algebra operations exhausted');
  });

  it('Levenberg–Marquardt iterations: the starts stop, the bracketed root stays', () => {
    const { normal, slowed } = underBothClocks(['x - cos(x)'], ['x'], { budgets: { numericIterations: 5 } });
    expect(fingerprint(slowed, ['x'])).toBe(fingerprint(normal, ['x']));
    expect(normal.notes.some((n) => /^numeric search: budget of 5 Levenberg–Marquardt iterations exhausted after \d+ of 64 starts$/.test(n))).toBe(true);
    expect(normal.solutions[0]!.numericValues!.get('x')).toBeCloseTo(0.7390851332151607, 15);
  });

  it('special-case systems: the isolated point x = y = z = w = 1 is then missed, and the notes say so', () => {
    const { normal, slowed } = underBothClocks(xyzw, xyzwl, { budgets: { systems: 2 } });
    expect(fingerprint(slowed, xyzwl)).toBe(fingerprint(normal, xyzwl));
    expect(normal.work!.systems).toBe(2);
    expect(normal.notes).toContain('special cases: budget of 2 systems exhausted before every special case of the parametrisation was examined');
    expect(normal.solutions.some((s) => xyzwl.every((u) => toText(s.values.get(u)!) === '1'))).toBe(false);
  });

  it('the default budgets are far above what these systems use', () => {
    const r = solve(xyzw, xyzwl);
    expect(r.work!.groebnerTerms).toBeLessThan(DEFAULT_SOLVE_BUDGETS.groebnerTerms / 10);
    expect(r.work!.fglmOps).toBeLessThan(DEFAULT_SOLVE_BUDGETS.fglmOps / 5);
    expect(r.work!.systems).toBeLessThan(DEFAULT_SOLVE_BUDGETS.systems / 10);
  });

  it('pathological systems stop by their budgets within seconds, at the same step on any clock', () => {
    // Katsura-4 (16 complex solutions): FGLM's linear algebra grows past its budget.
    const katsura = ['x0+2*x1+2*x2+2*x3+2*x4-1', 'x0^2+2*x1^2+2*x2^2+2*x3^2+2*x4^2-x0', '2*x0*x1+2*x1*x2+2*x2*x3+2*x3*x4-x1', 'x1^2+2*x0*x2+2*x1*x3+2*x2*x4-x2', '2*x1*x2+2*x0*x3+2*x1*x4-x3'];
    const xs = ['x0', 'x1', 'x2', 'x3', 'x4'];
    const { normal, slowed } = underBothClocks(katsura, xs, { numeric: false });
    expect(fingerprint(slowed, xs)).toBe(fingerprint(normal, xs));
    expect(normal.notes).toContain(`FGLM: budget of ${DEFAULT_SOLVE_BUDGETS.fglmOps} linear-algebra operations exhausted`);
    // Cyclic-5: the integers of the grevlex basis swell; the weighed term operations run out.
    const cyclic = ['a+b+c+d+e', 'a*b+b*c+c*d+d*e+e*a', 'a*b*c+b*c*d+c*d*e+d*e*a+e*a*b', 'a*b*c*d+b*c*d*e+c*d*e*a+d*e*a*b+e*a*b*c', 'a*b*c*d*e-1'];
    const r = solve(cyclic, ['a', 'b', 'c', 'd', 'e'], { numeric: false });
    expect(r.notes).toContain(`Gröbner basis: budget of ${DEFAULT_SOLVE_BUDGETS.groebnerTerms} term operations exhausted`);
  }, 60_000);
});
