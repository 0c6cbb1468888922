import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lagrangian-optimize-'));
let counter = 0;
/** Writes a problem file and returns its path. */
const file = (content: object | string) => {
  const p = path.join(dir, `p${++counter}.json`);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
const run = (...argv: string[]) => runCli(argv, { env: {} });
const STACK = /\n\s+at /;
const rosen = { variables: ['x', 'y'], minimize: '100*(y - x^2)^2 + (1 - x)^2' };

describe('lagrangian optimize --json (INTERFACE.md)', () => {
  it('one start: the flat document with point, objective, iterations, gradient_norm, constraint_violation', async () => {
    const r = await run('optimize', file({ ...rosen, start: [-1.2, 1] }), '--method', 'lbfgs', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('converged');
    expect(doc.method).toBe('lbfgs');
    expect(Object.keys(doc.point)).toEqual(['x', 'y']);
    expect(doc.point.x).toBeCloseTo(1, 8);
    expect(doc.point.y).toBeCloseTo(1, 8);
    expect(doc.objective).toBeLessThan(1e-16);
    expect(doc.iterations).toBeGreaterThan(10);
    expect(doc.gradient_norm).toBeLessThanOrEqual(1e-8);
    expect(doc.constraint_violation).toBe(0);
    expect(typeof doc.stop_reason).toBe('string');
  });
  it('several starts: runs and best', async () => {
    const r = await run('optimize', file({ variables: ['x', 'y'], minimize: 'x*y', subject_to: ['x^2 + y^2 = 4'], start: [[1, 0.2], [-1, 0.3], [0.1, 1]] }), '--method', 'projected', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.runs).toHaveLength(3);
    expect(doc.best).toBeGreaterThanOrEqual(0);
    for (const run of doc.runs) {
      expect(run.status).toBe('converged');
      expect(run.objective).toBeCloseTo(-2, 8);
      expect(Math.abs(run.point.x)).toBeCloseTo(Math.SQRT2, 6);
      expect(run.constraint_violation).toBeLessThan(1e-12);
    }
    expect(doc.projection).toBe('sphere |(x, y)| = 2');
  });
  it('primal-dual reports the multipliers by name; parameters take parameter_values; maximize reports f', async () => {
    const r = await run(
      'optimize',
      file({ variables: ['x', 'y'], parameters: ['a'], parameter_values: { a: 1 }, maximize: '-(x^2 + y^2)', subject_to: ['x + y = a'], start: [2, -1], options: { tol: 1e-9 } }),
      '--method',
      'primal-dual',
      '--json',
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.point.x).toBeCloseTo(0.5, 7);
    expect(doc.objective).toBeCloseTo(-0.5, 7);
    // max −(x² + y²): L = f − λh, −2x − λ = 0 at x = 1/2, so λ = −1.
    expect(doc.multipliers.lambda_1).toBeCloseTo(-1, 6);
  });
  it('--option and "options" set the method parameters; --trajectory adds the iterates', async () => {
    const r = await run('optimize', file({ variables: ['x'], minimize: '(x - 3)^2', start: [0], options: { lr: 0.25 } }), '--method', 'gd', '--option', 'max_iter=3', '--trajectory', '--json');
    const doc = JSON.parse(r.stdout);
    expect(r.code).toBe(1);
    expect(doc.status).toBe('max_iter');
    expect(doc.iterations).toBe(3);
    // x ← x − 0.25·2(x − 3): 0, 1.5, 2.25, 2.625.
    expect(doc.trajectory.points).toEqual([[0], [1.5], [2.25], [2.625]]);
    expect(doc.trajectory.objective[0]).toBe(9);
  });
  it('--option wins over the same option in "options" (it was an internal error: the option could not be set twice)', async () => {
    const r = await run('optimize', file({ variables: ['x'], minimize: '(x - 3)^2', start: [0], options: { lr: 0.25, max_iter: 100 } }), '--method', 'gd', '--option', 'max_iter=2', '--option', 'lr=0.5', '--json');
    expect(r.stderr).not.toMatch(/internal error/);
    const doc = JSON.parse(r.stdout);
    // x ← x − 0.5·2(x − 3) lands on 3 in one step; the gradient there is 0.
    expect(doc.point.x).toBe(3);
    expect(doc.iterations).toBeLessThanOrEqual(2);
    // Two steps at lr 0.25 (the file's) would give 0, 1.5, 2.25: not converged.
    expect(r.code).toBe(0);
  });
  it('without --method: lbfgs unconstrained, projected when it can, primal-dual otherwise', async () => {
    const a = JSON.parse((await run('optimize', file({ ...rosen, start: [0, 0] }), '--json')).stdout);
    expect(a.method).toBe('lbfgs');
    const b = JSON.parse((await run('optimize', file({ variables: ['x'], minimize: 'x', subject_to: ['x >= 1'], start: [3] }), '--json')).stdout);
    expect(b.method).toBe('projected');
    expect(b.point.x).toBeCloseTo(1, 12);
    const c = JSON.parse((await run('optimize', file({ variables: ['x', 'y'], minimize: 'x + y', subject_to: ['x*y >= 1', 'x >= 0.1', 'y >= 0.1'], start: [2, 2], options: { penalty: 1, tol: 1e-8, max_iter: 20000 } }), '--json')).stdout);
    expect(c.method).toBe('primal-dual');
    expect(c.point.x).toBeCloseTo(1, 5);
    expect(c.objective).toBeCloseTo(2, 6);
  });
});

describe('lagrangian optimize: failures are reported, never silent', () => {
  it('a method that cannot handle the constraints: status unsupported, exit 1, names the methods that can', async () => {
    const r = await run('optimize', file({ variables: ['x', 'y'], minimize: 'x*y', subject_to: ['x^2 + y^2 = 4'], start: [1, 0] }), '--method', 'newton', '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('unsupported');
    expect(doc.message).toMatch(/newton handles unconstrained problems only.*projected, primal-dual/);
    expect(doc.methods).toEqual(['projected', 'primal-dual']);
    expect(r.stderr).toMatch(/unsupported/);
  });
  it('divergence: status diverged, exit 1, the reason on stderr', async () => {
    const r = await run('optimize', file({ variables: ['x'], minimize: 'x^2', start: [1], options: { lr: 1.5, max_iter: 100000 } }), '--method', 'gd', '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('diverged');
    expect(doc.stop_reason).toMatch(/left \|x_i\|/);
    expect(r.stderr).toMatch(/diverged/);
  });
  it('NaN from the objective (log of a negative number) is divergence, with null where JSON has no number', async () => {
    // x ← 3 − 5(1 − 1/3) = −1/3, where log is undefined.
    const r = await run('optimize', file({ variables: ['x'], minimize: 'x - log(x)', start: [3], options: { lr: 5 } }), '--method', 'gd', '--json');
    const doc = JSON.parse(r.stdout);
    expect(r.code).toBe(1);
    expect(doc.status).toBe('diverged');
    expect(doc.stop_reason).toMatch(/NaN/);
    expect(doc.objective).toBeNull();
  });
  it('bad input exits 2 with one paragraph naming the field, no stack trace', async () => {
    const cases: [object | string, string[], RegExp][] = [
      [{ ...rosen, start: [1, 2, 3] }, [], /start of .*the start has 3 numbers, but the problem has 2 variables \(x, y\)/],
      [{ ...rosen, start: [[1, 2], [3]] }, [], /start 2 has 1 number/],
      [{ ...rosen }, [], /missing "start"/],
      [{ ...rosen, start: [1, 'a'] }, [], /"a" for y/],
      [{ ...rosen, start: [0, 0], options: { lr: 'fast' } }, [], /option "lr" must be a finite number/],
      [{ ...rosen, start: [0, 0], options: { learning_rate: 1 } }, [], /unknown option "learning_rate"; known options: max_iter/],
      [{ ...rosen, start: [0, 0] }, ['--method', 'adam'], /unknown method "adam"; choose one of gd, momentum, sgd, projected, primal-dual, newton, lbfgs/],
      [{ variables: ['x'], parameters: ['a'], minimize: '(x - a)^2', start: [0] }, [], /parameters \(a\).*parameter_values/],
      [{ variables: ['x'], minimize: 'x^', start: [0] }, [], /minimize/],
      ['{"variables": ["x"], "minimize": "x^2", "start": [0]', [], /not valid JSON/],
    ];
    for (const [content, extra, message] of cases) {
      const r = await run('optimize', file(content), ...extra);
      expect(r.code, JSON.stringify(content)).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stdout).toBe('');
    }
    const j = await run('optimize', file({ ...rosen, start: [1] }), '--json');
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout)).toMatchObject({ status: 'error' });
  });
});

describe('lagrangian optimize --plot', () => {
  it('2 variables: the landscape with trajectories, axes, labels and a legend', async () => {
    const out = path.join(dir, 'wells.svg');
    const loss = path.join(dir, 'wells-loss.svg');
    const problem = {
      variables: ['x', 'y'],
      minimize: '-exp(-((x-1)^2 + y^2)) - 0.8*exp(-((x+1)^2 + y^2)/0.5)',
      start: [[0.2, 1.5], [-0.3, -1.4], [2, 1], [-2, 0.5], [0.5, -0.5]],
    };
    const r = await run('optimize', file(problem), '--method', 'lbfgs', '--plot', out, '--loss-plot', loss);
    expect(r.code).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('lbfgs on minimize');
    // The deeper well's minimum sits at (0.99891777, 0), pulled slightly by the other well (at (-0.975, 0)).
    expect(svg).toContain('4 runs → (0.999, 0)');
    expect(svg).toContain('1 run → (-0.975, 0)');
    expect(svg).toContain('>x</text>');
    const lossSvg = readFileSync(loss, 'utf8');
    expect(lossSvg).toContain('iteration');
    // Each group's mean and the mean of all runs; "mean" said once, on the y axis.
    expect(lossSvg).toContain('>all 5 runs</tspan>');
    expect(lossSvg).toContain('>mean -exp(');
  });
  it('other dimensions: --plot draws the objective against iteration', async () => {
    const out = path.join(dir, 'rosen3.svg');
    const r = await run('optimize', file({ variables: ['a', 'b', 'c'], minimize: '(a-1)^2 + 10*(b-a^2)^2 + (c-b)^2', start: [0, 0, 0] }), '--method', 'newton', '--plot', out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('iteration');
  });
});
