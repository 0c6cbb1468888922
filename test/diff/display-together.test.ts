/**
 * The printed second derivative of the logistic loss log(1 + exp(-y*u)) goes through
 * `together` (one common denominator, shared factors cancelled) when that prints
 * smaller. By hand, with e = exp(-u*y) (de/du = -y*e, de/dy = -u*e):
 *   d/du  = -y*e/(1 + e)
 *   d2/du2 = -y*(-y*e*(1 + e) + y*e^2)/(1 + e)^2 = y^2*e/(1 + e)^2
 *   d2/dudy = -e/(1 + e) + u*y*e/(1 + e)^2 = (u*y*e - e - e^2)/(1 + e)^2
 * The printed texts are checked against central differences of f at several points.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { parse } from '../../src/expr/index.js';
import { evaluate } from '../support/expr-eval.js';

const f = (u: number, y: number): number => Math.log(1 + Math.exp(-y * u));
const h = 1e-4;
/** Second partials of f by central differences of f itself. */
const fuu = (u: number, y: number): number => (f(u + h, y) - 2 * f(u, y) + f(u - h, y)) / (h * h);
const fuy = (u: number, y: number): number => (f(u + h, y + h) - f(u + h, y - h) - f(u - h, y + h) + f(u - h, y - h)) / (4 * h * h);
const POINTS: [number, number][] = [[0.3, 1], [-1.2, 0.7], [2, -1.5], [0.1, 3]];

describe('diff prints the logistic second derivative over one denominator', () => {
  it('d2f/du^2 = y^2*exp(-u*y)/(exp(-u*y) + 1)^2 (scalar --hessian)', async () => {
    const r = await runCli(['diff', 'log(1 + exp(-y*u))', '--wrt', 'u', '--hessian', '--json', '--at', 'u=0.3,y=1'], { env: {} });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const d2 = doc.hessian[0][0];
    expect(d2.text).toBe('y^2*exp(-u*y)/(exp(-u*y) + 1)^2');
    for (const [u, y] of POINTS) {
      const want = fuu(u, y);
      expect(Math.abs(evaluate(parse(d2.text), { u, y }) - want)).toBeLessThan(1e-5 * (1 + Math.abs(want)));
    }
    const e = Math.exp(-0.3);
    expect(Math.abs(d2.value - e / (1 + e) ** 2)).toBeLessThan(1e-15);
  });

  it('the mixed entry is over the same denominator and agrees with central differences', async () => {
    const r = await runCli(['diff', 'log(1 + exp(-y*u))', '--wrt', 'u,y', '--hessian', '--json'], { env: {} });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const mixed = doc.hessian[0][1];
    expect(mixed.text).toBe(doc.hessian[1][0].text);
    expect(mixed.text).toMatch(/\/\(exp\(-u\*y\) \+ 1\)\^2$/);
    expect(doc.hessian[1][1].text).toBe('u^2*exp(-u*y)/(exp(-u*y) + 1)^2');
    for (const [u, y] of POINTS) {
      const want = fuy(u, y);
      expect(Math.abs(evaluate(parse(mixed.text), { u, y }) - want)).toBeLessThan(1e-5 * (1 + Math.abs(want)));
    }
  });
});
