/**
 * gradcheck of a gradient the user wrote (issue 11), the Hessian check, and the points
 * where no derivative exists (the kink of abs, sqrt at 0): in the API and the CLI.
 * Hand derivatives: f = x^2*y + sin(x*y); ∇f = (2xy + y cos(xy), x^2 + x cos(xy));
 * H = [[2y − y^2 sin(xy), 2x + cos(xy) − xy sin(xy)], [same, −x^2 sin(xy)]].
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/expr/index.js';
import { directionalCheck, findNonsmooth, gradcheck, hessianCheck } from '../../src/numeric/index.js';
import { runCli } from '../../src/cli/index.js';
import { oneJson, STACK_LINE } from '../cli/helpers.js';

const F = parse('x^2*y + sin(x*y)');
const VARS = ['x', 'y'];
const RIGHT = ['2*x*y + y*cos(x*y)', 'x^2 + x*cos(x*y)'].map((t) => parse(t));
const WRONG = ['2*x*y + cos(x*y)', 'x^2 + x*cos(x*y)'].map((t) => parse(t)); // forgot the inner derivative y
const run = (...argv: string[]) => runCli(argv, { env: {} });

describe('the API checks a claimed gradient', () => {
  it('a right gradient passes and a wrong one fails in the wrong component only', () => {
    expect(gradcheck({ expr: F, vars: VARS, claimed: RIGHT }, [0.7, 1.3]).ok).toBe(true);
    const bad = gradcheck({ expr: F, vars: VARS, claimed: WRONG }, [0.7, 1.3]);
    expect(bad.ok).toBe(false);
    expect(bad.components.map((c) => c.ok)).toEqual([false, true]);
    // the claimed value is what was reported: 2xy + cos(xy) at (0.7, 1.3)
    expect(bad.components[0]!.symbolic).toBeCloseTo(2 * 0.7 * 1.3 + Math.cos(0.91), 12);
    expect(directionalCheck({ expr: F, vars: VARS, claimed: WRONG }, [0.7, 1.3], { seed: 3 }).ok).toBe(false);
  });

  it('closures: a function and its hand-written gradient', () => {
    const f = (p: Float64Array) => p[0]! ** 2 * p[1]! + Math.sin(p[0]! * p[1]!);
    const g = (p: Float64Array, out: Float64Array) => {
      const [a, b] = [p[0]!, p[1]!];
      out[0] = 2 * a * b + b * Math.cos(a * b);
      out[1] = a * a + a * Math.cos(a * b);
    };
    expect(gradcheck({ f, gradient: g, names: VARS }, { x: 0.7, y: 1.3 }).ok).toBe(true);
  });

  it('refuses a claimed gradient of the wrong length', () => {
    expect(() => gradcheck({ expr: F, vars: VARS, claimed: RIGHT.slice(0, 1) }, [1, 2])).toThrow(/1 components, expected 2/);
  });
});

describe('hessianCheck', () => {
  const hand = (a: number, b: number) => {
    const s = Math.sin(a * b);
    const c = Math.cos(a * b);
    return [2 * b - b * b * s, 2 * a + c - a * b * s, 2 * a + c - a * b * s, -a * a * s];
  };
  it('our symbolic Hessian passes and equals the hand Hessian', () => {
    const r = hessianCheck({ expr: F, vars: VARS }, [0.7, 1.3]);
    expect(r.ok).toBe(true);
    hand(0.7, 1.3).forEach((v, k) => expect(r.entries[k]!.symbolic).toBeCloseTo(v, 12));
  });
  it('a claimed Hessian with a wrong entry fails at that entry (and its mirror if written twice)', () => {
    const claimed = [
      ['2*y - y^2*sin(x*y)', '2*x + cos(x*y) - x*y*sin(x*y)'],
      ['2*x + cos(x*y) - x*y*sin(x*y)', 'x^2*sin(x*y)'], // sign error in (y, y)
    ].map((row) => row.map((t) => parse(t)));
    const r = hessianCheck({ expr: F, vars: VARS, claimed }, { x: 0.7, y: 1.3 });
    expect(r.ok).toBe(false);
    expect(r.entries.filter((e) => !e.ok).map((e) => [e.row, e.col])).toEqual([['y', 'y']]);
  });
});

describe('points without a derivative', () => {
  it('findNonsmooth names the kink of abs and sign, and the infinite slope of sqrt', () => {
    expect(findNonsmooth(parse('abs(x - 1) + y'), VARS, [1, 5])?.kind).toBe('not_differentiable');
    expect(findNonsmooth(parse('sign(x*y)'), VARS, [0, 5])?.reason).toMatch(/sign\(x\*y\) is not differentiable where x\*y = 0/);
    expect(findNonsmooth(parse('sqrt(x) + y'), VARS, [0, 1])?.kind).toBe('infinite_derivative');
    expect(findNonsmooth(parse('abs(x - 1) + sqrt(x)'), VARS, [1.5, 0])).toBeUndefined();
  });

  it('gradcheck of abs at its kink says not differentiable instead of passing (exit 1)', async () => {
    const r = await run('gradcheck', 'abs(x)*y', '--at', 'x=0,y=1', '--json');
    expect(r.code).toBe(1);
    const doc = oneJson(r.stdout);
    expect(doc.status).toBe('not_differentiable');
    expect(doc.ok).toBe(false);
    expect(doc.reason).toMatch(/abs\(x\) is not differentiable where x = 0/);
    expect(r.stderr).toMatch(/no derivative to check/);
  });

  it('gradcheck of sqrt(x) at 0 says the derivative is infinite', async () => {
    const r = await run('gradcheck', 'sqrt(x)', '--at', 'x=0');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the derivative of sqrt\(x\) is infinite where x = 0/);
    expect(r.stderr).not.toMatch(/differ beyond the tolerance/);
  });

  it('diff --at at the kink of abs exits 1 with status not_differentiable', async () => {
    const r = await run('diff', 'abs(x - 1)', '--wrt', 'x', '--at', 'x=1', '--json');
    expect(r.code).toBe(1);
    const doc = oneJson(r.stdout);
    expect(doc.status).toBe('not_differentiable');
    expect(doc.reason).toMatch(/abs\(x - 1\)/);
    const away = await run('diff', 'abs(x - 1)', '--wrt', 'x', '--at', 'x=2', '--json');
    expect(away.code).toBe(0);
    expect(oneJson(away.stdout).derivatives.x.value).toBe(1);
  });
});

describe('lagrangian gradcheck --grad / --hessian / --hess', () => {
  it('checks the user gradient and keeps every field of INTERFACE.md', async () => {
    const r = await run('gradcheck', 'x^2*y + sin(x*y)', '--grad', '2*x*y + y*cos(x*y), x^2 + x*cos(x*y)', '--hessian', '--directional', '--at', 'x=0.7,y=1.3', '--json');
    expect(r.code).toBe(0);
    const doc = oneJson(r.stdout);
    for (const k of ['ok', 'max_abs_error', 'max_rel_error', 'components']) expect(doc).toHaveProperty(k);
    for (const c of doc.components) for (const k of ['wrt', 'symbolic', 'numeric', 'abs_error', 'rel_error']) expect(c).toHaveProperty(k);
    expect(doc.gradient).toBe('claimed');
    expect(doc.hessian.ok).toBe(true);
    expect(doc.hessian.entries).toHaveLength(4);
    expect(doc.directional.ok).toBe(true);
  });

  it('a wrong user gradient fails naming the component', async () => {
    const r = await run('gradcheck', 'x^2*y + sin(x*y)', '--grad', '2*x*y + cos(x*y), x^2 + x*cos(x*y)', '--at', 'x=0.7,y=1.3');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/claimed and numeric derivatives differ beyond the tolerance in x\n/);
  });

  it('a wrong user Hessian fails naming the entry', async () => {
    const r = await run('gradcheck', 'x^2*y', '--hess', '2*y, 2*x; 2*x, 1', '--at', 'x=1,y=2');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Hessian differs .* in \(y, y\)/);
  });

  it('bad --grad and --hess are bad input with positions in their own text', async () => {
    const count = await run('gradcheck', 'x*y', '--grad', 'y', '--at', 'x=1,y=2');
    expect(count.code).toBe(2);
    expect(count.stderr).toMatch(/--grad has 1 components but --at names 2 variables/);
    const syntax = await run('gradcheck', 'x*y', '--grad', 'y, x + * 2', '--at', 'x=1,y=2', '--json');
    expect(syntax.code).toBe(2);
    expect(oneJson(syntax.stdout).error.position).toBe(8);
    const unbound = await run('gradcheck', 'x*y', '--grad', 'y, z', '--at', 'x=1,y=2');
    expect(unbound.code).toBe(2);
    expect(unbound.stderr).toMatch(/"z"/);
    const shape = await run('gradcheck', 'x*y', '--hess', '0, 1; 1', '--at', 'x=1,y=2');
    expect(shape.code).toBe(2);
    expect(shape.stderr).toMatch(/2×2/);
    for (const r of [count, syntax, unbound, shape]) expect(r.stderr).not.toMatch(STACK_LINE);
  });
});
