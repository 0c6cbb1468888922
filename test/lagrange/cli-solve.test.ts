/**
 * `lagrangian solve` end to end (in-process, plus one real process for stdin): the JSON
 * contract of INTERFACE.md, round-tripping texts, LaTeX that KaTeX renders, exit
 * statuses, bad input naming the field and position, HTML and LaTeX files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { parse, parseRelation } from '../../src/expr/index.js';

const dir = mkdtempSync(join(tmpdir(), 'lagrangian-solve-'));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('lagrangian solve --json', () => {
  it('follows INTERFACE.md: fields, texts that parse back, LaTeX that renders, exit 0', async () => {
    const path = file('p.json', { variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1', 'x >= 0'] });
    const r = await runCli(['solve', path, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.status).toBe('optimal');
    expect(j.multipliers).toEqual({ lambda_1: 'x + y = 1', mu_1: 'x >= 0' });
    expect(parse(j.lagrangian.text)).toBeDefined();
    katex.renderToString(j.lagrangian.latex, { throwOnError: true });
    expect(j.conditions.map((c: { kind: string }) => c.kind)).toEqual(['stationarity', 'stationarity', 'primal', 'primal', 'dual', 'complementary']);
    for (const c of j.conditions) {
      expect(() => parseRelation(c.text)).not.toThrow();
      katex.renderToString(c.latex, { throwOnError: true });
    }
    expect(j.optimum).toEqual([0]);
    const s = j.solutions[0];
    expect(s.point).toEqual({ x: { text: '1/2', value: 0.5 }, y: { text: '1/2', value: 0.5 } });
    expect(s.multipliers).toEqual({ lambda_1: { text: '-1', value: -1 }, mu_1: { text: '0', value: 0 } });
    expect(s.objective).toEqual({ text: '1/2', value: 0.5 });
    expect(s.classification).toBe('minimum');
    expect(s.exact).toBe(true);
    expect(r.stderr).toBe('');
  });

  it('with parameters: texts in the parameters, no value', async () => {
    const path = file('a.json', { variables: ['x', 'y'], parameters: ['a'], minimize: 'x^2 + y^2', subject_to: ['x + y = a'] });
    const j = JSON.parse((await runCli(['solve', path, '--json'])).stdout);
    expect(j.solutions[0].point).toEqual({ x: { text: 'a/2' }, y: { text: 'a/2' } });
    expect(j.solutions[0].objective).toEqual({ text: 'a^2/2' });
  });

  it('exits 1 with the status and reason for an infeasible problem', async () => {
    const path = file('inf.json', { variables: ['x'], minimize: 'x', subject_to: ['x >= 1', 'x <= 0'] });
    const r = await runCli(['solve', path, '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.status).toBe('infeasible');
    expect(j.optimum).toEqual([]);
    expect(r.stderr).toMatch(/infeasible: the linear constraints/);
  });

  it('prints a derivation and writes HTML and LaTeX files', async () => {
    const path = file('h.json', { variables: ['x', 'y'], minimize: 'x*y', subject_to: ['x^2 + y^2 = 4'] });
    const html = join(dir, 'out.html');
    const tex = join(dir, 'out.tex');
    const r = await runCli(['solve', path, '--html', html, '--latex', tex]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Lagrangian/);
    expect(r.stdout).toMatch(/x = -sqrt\(2\), y = sqrt\(2\)/);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('class="katex');
    expect(page).not.toMatch(/https?:\/\//);
    expect(readFileSync(tex, 'utf8')).toContain('\\begin{align*}');
  });
});

describe('bad input', () => {
  const cases: [string, unknown, RegExp][] = [
    ['unknown name', { variables: ['x'], minimize: 'x + y' }, /(?=.*unknown name "y")(?=.*minimize of .*bad\.json)(?=.*char 5)/s],
    ['no relation', { variables: ['x'], minimize: 'x', subject_to: ['x + 1'] }, /(?=.*needs a relation)(?=.*subject_to\[0\] of)/s],
    ['both senses', { variables: ['x'], minimize: 'x', maximize: 'x' }, /either "minimize" or "maximize", not both/],
    ['no variables', { minimize: 'x' }, /variables of .*bad\.json: missing/],
    ['multiplier clash', { variables: ['x', 'mu_1'], minimize: 'x', subject_to: ['x + mu_1 <= 1'] }, /"mu_1" is the multiplier/],
    ['syntax error', { variables: ['x'], minimize: 'x + * 2' }, /(?=.*minimize of)(?=.*char 5)(?=.*value expected)/is],
  ];
  for (const [what, content, message] of cases) {
    it(`${what}: exit 2 and a message naming the field`, async () => {
      const path = file('bad.json', content);
      const r = await runCli(['solve', path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    });
  }

  it('malformed JSON: exit 2 with line and column; --json gives the error document', async () => {
    const path = file('broken.json', '{"variables": ["x"],\n "minimize": }');
    const r = await runCli(['solve', path, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not valid JSON \(line 2/);
    expect(JSON.parse(r.stdout).status).toBe('error');
  });

  it('a missing file and a missing argument are bad input', async () => {
    expect((await runCli(['solve', join(dir, 'nope.json')])).code).toBe(2);
    expect((await runCli(['solve'])).code).toBe(2);
  });

  it('a non-differentiable point (nested abs, not solved piece by piece): exit 1 with the reason', async () => {
    const path = file('abs.json', { variables: ['x'], minimize: 'abs(abs(x) - 1)' });
    const r = await runCli(['solve', path, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).reason).toMatch(/abs\(abs\(x\) - 1\) in the objective is not differentiable/);
  });
});

describe('stdin', () => {
  it('reads the problem from - (a real process)', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const out = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli.ts'), 'solve', '-', '--json'], {
      input: JSON.stringify({ variables: ['x'], minimize: '(x - 2)^2' }),
      encoding: 'utf8',
      cwd: root,
      timeout: 120_000,
    });
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout);
    expect(j.solutions[j.optimum[0]].point.x).toEqual({ text: '2', value: 2 });
  }, 120_000);
});
