import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { problemText } from '../problems/problem-set.js';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/compile/index.js';
import { parse } from '../../src/expr/index.js';
import { parseProblem, parseProblemText } from '../../src/lagrange/index.js';
import type { Method } from '../../src/numeric/index.js';
import { optimizeProblem, OptimizeInputError, prepareProblem, recognizeProjection, rosenbrock } from '../../src/optimize/index.js';

const problem = (file: object) => parseProblem(file);
const recognise = (variables: string[], subject_to: string[]) => {
  const p = problem({ variables, minimize: variables.join(' + '), subject_to });
  return recognizeProjection(p.constraints, p.variables);
};

describe('the feasible set of projected descent is read off the constraints', () => {
  it('sphere, shifted and scaled: 3*((x - 1)^2 + (y + 2)^2) = 12', () => {
    const r = recognise(['x', 'y'], ['3*((x - 1)^2 + (y + 2)^2) = 12']);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.projection.parts).toEqual([{ kind: 'sphere', coords: [0, 1], center: [1, -2], radius: 2 }]);
  });
  it('ball (<=), box from bounds written either way round, a fixed variable', () => {
    const r = recognise(['x', 'y', 'z', 'w'], ['x^2 + y^2 <= 4', 'z >= -1', '2 >= z', 'w = 3']);
    expect(r.ok && r.projection.parts).toEqual([
      { kind: 'ball', coords: [0, 1], center: [0, 0], radius: 2 },
      { kind: 'box', coords: [2, 3], lower: [-1, 3], upper: [2, 3] },
    ]);
  });
  it('simplex: x + y + z = 1 with x, y, z >= 0 (the bounds belong to the simplex)', () => {
    const r = recognise(['x', 'y', 'z'], ['x + y + z = 1', 'x >= 0', 'y >= 0', 'z >= 0']);
    expect(r.ok && r.projection.parts).toEqual([{ kind: 'simplex', coords: [0, 1, 2], lower: [0, 0, 0], total: 1 }]);
  });
  it('hyperplane and half-space', () => {
    const r = recognise(['x', 'y', 'z'], ['x - 2*y = 3', 'z <= 5']);
    expect(r.ok && r.projection.parts[0]).toEqual({ kind: 'hyperplane', coords: [0, 1], normal: [1, -2], offset: 3 });
    const h = recognise(['x', 'y'], ['x + y <= 1']);
    expect(h.ok && h.projection.parts[0]).toEqual({ kind: 'halfspace', coords: [0, 1], normal: [1, 1], offset: 1 });
  });
  it('refuses what has no simple projection, naming the constraint', () => {
    const bad: [string[], string[], RegExp][] = [
      [['x', 'y'], ['x*y >= 1'], /"x\*y >= 1".*cross terms/],
      [['x', 'y'], ['x^2 + 2*y^2 = 1'], /ellipsoid/],
      [['x', 'y'], ['x^2 + y^2 >= 1'], /outside a ball.*not a convex set/],
      [['x', 'y'], ['x^2 + y^2 = 1', 'x >= 0'], /bound "x >= 0"/],
      [['x', 'y'], ['x + y = 1', 'x - y = 0'], /both involve x/],
      [['x'], ['x >= 2', 'x <= 1'], /contradict/],
      [['x', 'y'], ['exp(x) + y = 2'], /neither affine nor a sphere/],
    ];
    for (const [vars, cons, why] of bad) {
      const r = recognise(vars, cons);
      expect(r.ok, cons.join(', ')).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(why);
    }
  });
});

describe('optimizeProblem on problem files', () => {
  it('names the methods that can handle the constraints, and refuses the others with status unsupported', () => {
    const p = prepareProblem(problem({ variables: ['x', 'y'], minimize: 'x*y', subject_to: ['x^2 + y^2 = 4'] }));
    expect(p.methods).toEqual(['projected', 'primal-dual']);
    const r = optimizeProblem(p, 'lbfgs', [[1, 0]]);
    expect(r.status).toBe('unsupported');
    expect(r.message).toMatch(/lbfgs handles unconstrained problems only.*projected, primal-dual/);
    const q = prepareProblem(problem({ variables: ['x', 'y'], minimize: 'x*y', subject_to: ['x*y >= 1'] }));
    expect(q.methods).toEqual(['primal-dual']);
    expect(optimizeProblem(q, 'projected', [[2, 2]]).message).toMatch(/x\*y >= 1.*methods that can handle these constraints: primal-dual/);
    const u = prepareProblem(problem({ variables: ['x'], minimize: 'x^2' }));
    expect(optimizeProblem(u, 'primal-dual', [[1]]).message).toMatch(/needs constraints.*lbfgs/);
  });
  it('refuses a start of the wrong dimension, naming the variables', () => {
    const p = prepareProblem(problem({ variables: ['x', 'y'], minimize: 'x^2 + y^2' }));
    expect(() => optimizeProblem(p, 'gd', [[1, 2, 3]])).toThrow(OptimizeInputError);
    expect(() => optimizeProblem(p, 'gd', [[1, 2], [3]])).toThrow(/start 2 has 1 number, but the problem has 2 variables \(x, y\)/);
    expect(() => optimizeProblem(p, 'gd', [])).toThrow(/no starting point/);
  });
  it('refuses a parameter without a value', () => {
    expect(() => prepareProblem(problem({ variables: ['x'], parameters: ['a'], minimize: '(x - a)^2' }))).toThrow(/"a", which is not a variable.*parameter_values/);
  });
  it('maximises by minimising −f, reporting f and the multipliers of the maximisation convention', () => {
    const p = prepareProblem(problem({ variables: ['x', 'y'], maximize: 'x + y', subject_to: ['x^2 + y^2 = 2'] }));
    const r = optimizeProblem(p, 'primal-dual', [[0.5, -0.2]], { tol: 1e-9, penalty: 1 });
    expect(r.status).toBe('converged');
    const run = r.runs[0]!;
    expect(run.point['x']).toBeCloseTo(1, 7);
    expect(run.point['y']).toBeCloseTo(1, 7);
    expect(run.objective).toBeCloseTo(2, 7);
    // L = f − λh: 1 − 2λx = 0 at (1, 1).
    expect(run.multipliers!['lambda_1']).toBeCloseTo(0.5, 7);
  });
  it('the best of several starts is the global minimum (Rosenbrock n = 10 has a second local minimum)', () => {
    const { expression, variables } = rosenbrock(10);
    const p = prepareProblem({ variables, objective: expression, sense: 'minimize', constraints: [] });
    const r = optimizeProblem(p, 'lbfgs', [[-1.2, 1, 1, 1, 1, 1, 1, 1, 1, 1], new Array(10).fill(0)]);
    expect(r.runs[0]!.objective).toBeCloseTo(3.9865791123471, 9);
    expect(r.best).toBe(1);
    for (const v of variables) expect(r.runs[1]!.point[v]).toBeCloseTo(1, 7);
  });
  it('Newton on a compiled objective uses the compiled Hessian (dense) and converges quadratically', () => {
    const p = prepareProblem(problem({ variables: ['x', 'y'], minimize: '100*(y - x^2)^2 + (1 - x)^2' }));
    const r = optimizeProblem(p, 'newton', [[-1.2, 1]]);
    expect(r.status).toBe('converged');
    expect(p.objective.compiled.hessian).toBe(true);
    expect(r.runs[0]!.iterations).toBeLessThan(30);
  });
  it('the eigen step compiles Hessian-vector products only when asked', () => {
    const p = prepareProblem(problem({ variables: ['x', 'y'], minimize: 'x^2 + 10*y^2' }));
    optimizeProblem(p, 'gd', [[1, 1]], { lr: 0.05 });
    expect(p.objective.compiled.hvp).toBe(false);
    const r = optimizeProblem(p, 'gd', [[1, 1]], { lr: 1, step: 'eigen', tol: 1e-10 });
    expect(p.objective.compiled.hvp).toBe(true);
    expect(r.runs[0]!.info!['last_spectral_radius']).toBeCloseTo(20, 4);
    expect(r.status).toBe('converged');
  });
});

describe('golden problems of test/problems agree with their known optima', () => {
  const load = (name: string) => {
    const text = readFileSync(new URL(`../problems/${name}.json`, import.meta.url), 'utf8');
    return { problem: parseProblemText(problemText(fileURLToPath(new URL(`../problems/${name}.json`, import.meta.url)))), expected: JSON.parse(text).expected as { optimum: { point: Record<string, string>; objective: string; multipliers: Record<string, string> }[] } };
  };
  const value = (text: string) => evaluate(parse(text), {});
  const cases: [string, Method, number[][], object][] = [
    ['seed002-xy-circle', 'projected', [[1, 0.2], [-0.5, 1]], { tol: 1e-10 }],
    ['seed002-xy-circle', 'primal-dual', [[1, -0.5]], { tol: 1e-10, penalty: 1 }],
    ['box-qp', 'projected', [[0.5, 0.5]], { tol: 1e-10 }],
    ['box-qp', 'primal-dual', [[0.5, 0.5]], { tol: 1e-9, penalty: 1, lr: 0.05, maxIter: 20000 }],
    ['hs035', 'primal-dual', [[0.5, 0.5, 0.5]], { tol: 1e-9, penalty: 1, lr: 0.05, maxIter: 50000 }],
  ];
  for (const [name, method, starts, options] of cases) {
    it(`${name} by ${method}`, () => {
      const { problem: p, expected } = load(name);
      const report = optimizeProblem(prepareProblem(p), method, starts, options);
      expect(report.status).toBe('converged');
      for (const run of report.runs) {
        // The run must reach one of the optima, with the right objective (and multipliers for primal-dual).
        const match = expected.optimum.find((o) => Object.entries(o.point).every(([k, v]) => Math.abs(run.point[k]! - value(v)) < 1e-6));
        expect(match, JSON.stringify(run.point)).toBeDefined();
        expect(run.objective).toBeCloseTo(value(match!.objective), 8);
        expect(run.constraintViolation).toBeLessThan(1e-8);
        if (method === 'primal-dual') for (const [m, v] of Object.entries(match!.multipliers)) expect(run.multipliers![m]).toBeCloseTo(value(v), 5);
      }
    });
  }
});
