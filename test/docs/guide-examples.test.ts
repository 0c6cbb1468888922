/**
 * The worked examples of docs/guide.md, run through the CLI: the printed numbers are
 * compared with the hand derivations the guide gives beside them (and Jaynes'
 * published dice probabilities), and the guide's command lines are the ones tested.
 */
import { readFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const guide = readFileSync(join(ROOT, 'docs/guide.md'), 'utf8');
const example = (name: string) => join(ROOT, 'docs/examples', name);
/** The number after a label in a line of the output. */
const numberAfter = (out: string, label: RegExp) => Number(label.exec(out)![1]);

describe('docs/guide.md worked examples', () => {
  it('has one for every command', () => {
    const section = guide.slice(guide.indexOf('## Worked examples'), guide.indexOf('## gradcheck tolerances'));
    for (const cmd of ['diff', 'gradcheck', 'solve', 'maxent', 'adjoint', 'optimize', 'demo']) {
      expect(section).toContain(`### \`${cmd}\``);
      expect(section).toContain(`$ lagrangian ${cmd} `);
    }
  });

  it('diff: d/dx (x^2 y + sin x) = 2xy + cos x = 1 and d/dy = x^2 = 0 at (0, 3)', async () => {
    expect(guide).toContain('$ lagrangian diff "x^2*y + sin(x)" --wrt x,y --at x=0,y=3');
    const r = await runCli(['diff', 'x^2*y + sin(x)', '--wrt', 'x,y', '--at', 'x=0,y=3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('df/dx = 2*x*y + cos(x)');
    expect(numberAfter(r.stdout, /df\/dx = (-?[\d.]+)\n/)).toBe(1);
    expect(numberAfter(r.stdout, /df\/dy = (-?[\d.]+)\n/)).toBe(0);
  });

  it('gradcheck: the gradient of x^3 + y^2 at (2, -1) is (12, -2) and passes', async () => {
    const r = await runCli(['gradcheck', 'x^3 + y^2', '--at', 'x=2,y=-1', '--json']);
    const j = JSON.parse(r.stdout);
    expect(r.code).toBe(0);
    expect(j.ok).toBe(true);
    expect(j.components.map((c: { symbolic: number }) => c.symbolic)).toEqual([12, -2]);
  });

  it('solve: x = y = 1/2, lambda_1 = -1, f* = 1/2, convex', async () => {
    expect(guide).toContain('$ lagrangian solve docs/examples/nearest-point.json');
    const r = await runCli(['solve', example('nearest-point.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 \| x = 1\/2, y = 1\/2 \| lambda_1 = -1 \| 1\/2 \| minimum/);
    expect(r.stdout).toContain('f* = 1/2');
    expect(r.stdout).toContain('the problem is convex');
    const j = JSON.parse((await runCli(['solve', example('nearest-point.json'), '--json'])).stdout);
    expect(j.status).toBe('optimal');
  });

  it("maxent: Jaynes' Brandeis dice probabilities for mean 4.5", async () => {
    const r = await runCli(['maxent', example('brandeis-dice.json')]);
    expect(r.code).toBe(0);
    const published = [0.05435, 0.07877, 0.11416, 0.16545, 0.23977, 0.34749];
    published.forEach((p, k) => expect(numberAfter(r.stdout, new RegExp(`\\n\\s*${k + 1} \\| ([\\d.]+)`))).toBeCloseTo(p, 5));
    // Mean 4.5 by construction; lambda_1 = 0.37105 (the published multiplier).
    expect(numberAfter(r.stdout, /lambda_1 .*\| ([\d.]+)\n/)).toBeCloseTo(0.37105, 5);
  });

  it('adjoint: dL/dw = 30, dL/dx = 20, dL/dt = -10 at w = 2, x = 3, t = 1; lambda_y = lambda_r = 10', async () => {
    const r = await runCli(['adjoint', example('linear-loss.json')]);
    expect(r.code).toBe(0);
    expect(numberAfter(r.stdout, /\n\s*w\s+\| (-?[\d.]+) /)).toBe(30);
    expect(numberAfter(r.stdout, /\n\s*x\s+\| (-?[\d.]+) /)).toBe(20);
    expect(numberAfter(r.stdout, /\n\s*t\s+\| (-?[\d.]+) /)).toBe(-10);
    expect(r.stdout).toMatch(/y\s+\| 6\s+\| lambda_y\s+\| 10/);
    expect(r.stdout).toMatch(/r\s+\| 5\s+\| lambda_r\s+\| 10/);
    expect(r.stdout).toMatch(/L\s+\| 25\s+\| lambda_L\s+\| 1/);
  });

  it('optimize: all 25 L-BFGS runs reach (1, 1) on Rosenbrock, and the pictures are written (SVG and PNG)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guide-'));
    const r = await runCli(['optimize', example('rosenbrock.json'), '--plot', join(dir, 'rosenbrock.svg'), '--loss-plot', join(dir, 'rosenbrock-loss.svg'), '--range=-2,2,-1,3', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.runs).toHaveLength(25);
    for (const run of j.runs) {
      expect(run.status).toBe('converged');
      expect(run.point.x).toBeCloseTo(1, 6);
      expect(run.point.y).toBeCloseTo(1, 6);
    }
    for (const f of ['rosenbrock.svg', 'rosenbrock.png', 'rosenbrock-loss.svg', 'rosenbrock-loss.png']) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(readFileSync(join(dir, 'rosenbrock.svg'), 'utf8')).toContain('data-scale="log"');
  });

  it('demo seed001: every check passes', async () => {
    const r = await runCli(['demo', 'seed001']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/All \d+ checks of 1 case passed\./);
  });
});
