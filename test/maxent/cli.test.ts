/**
 * `lagrangian maxent` end to end: the JSON contract of INTERFACE.md, exit statuses 0/1/2,
 * every LaTeX string rendered by KaTeX, the derivation printed and written as HTML.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { parse } from '../../src/expr/index.js';
import { readMaxentProblem, renderLatexOf, solveMaxent, maxentDerivation } from './cli-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'maxent-'));
function file(name: string, doc: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
}

function latexFields(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => latexFields(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'latex' && typeof v === 'string') out.push(v);
      else latexFields(v, out);
    }
  }
  return out;
}
const renders = (tex: string): void => {
  expect(() => katex.renderToString(tex, { throwOnError: true, displayMode: true }), tex).not.toThrow();
};

const GAUSS = {
  variable: 'x',
  support: ['-inf', 'inf'],
  parameters: ['mu', 'sigma'],
  assume: ['sigma > 0'],
  moments: [{ f: 'x', value: 'mu' }, { f: '(x - mu)^2', value: 'sigma^2' }],
};

describe('lagrangian maxent --json', () => {
  it('support [a, b] with assume a < b: the uniform density 1/(b - a), exit 0', async () => {
    const r = await runCli(['maxent', file('u.json', { variable: 'x', support: ['a', 'b'], parameters: ['a', 'b'], assume: ['a < b'], moments: [] }), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe('optimal');
    expect(out.family).toBe('uniform');
    expect(out.density.text).toBe('1/(b - a)');
    expect(out.multipliers.lambda_0.text).toBe('1 - log(b - a)');
  });
  it('the Gaussian: status, density, multipliers, conditions, family exactly as INTERFACE.md', async () => {
    const r = await runCli(['maxent', file('g.json', GAUSS), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe('optimal');
    expect(out.family).toBe('normal');
    expect(out.density.text).toBe('exp(-(x - mu)^2/(2*sigma^2))/sqrt(2*pi*sigma^2)');
    expect(Object.keys(out.multipliers)).toEqual(['lambda_0', 'lambda_1', 'lambda_2']);
    expect(out.multipliers.lambda_2.text).toBe('-1/(2*sigma^2)');
    expect(out.multipliers.lambda_1.value).toBe(0);
    expect(out.multipliers.lambda_0.value).toBeUndefined(); // parametric: no value
    expect(out.conditions.map((c: { kind: string }) => c.kind)).toEqual(['stationarity', 'normalization', 'moment', 'moment']);
    expect(out.conditions[0].text).toBe('lambda_2*(x - mu)^2 + lambda_1*x + lambda_0 - log(p(x)) - 1 = 0');
    expect(out.integrals.map((i: { id: string }) => i.id)).toEqual(['gaussian-integral', 'gaussian-moments']);
    // Round trip: every expression text parses back.
    parse(out.density.text);
    for (const m of Object.values(out.multipliers) as { text: string }[]) parse(m.text);
    for (const tex of latexFields(out)) renders(tex);
  });
  it('numeric: density.text holds the numeric multipliers and parses; checks reach 1e-8', async () => {
    const r = await runCli(['maxent', file('q.json', { support: ['-inf', 'inf'], moments: [{ f: 'x^2', value: 1 }, { f: 'x^4', value: 2 }] }), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.family).toBe('numeric');
    expect(out.exact).toBe(false);
    const e = parse(out.density.text);
    expect(e).toBeDefined();
    expect(out.density.text).toContain(String(out.multipliers.lambda_1.value).slice(0, 8));
    for (const c of out.checks) expect(c.error).toBeLessThan(1e-8);
    for (const tex of latexFields(out)) renders(tex);
  });
  it('discrete dice from stdin', async () => {
    const p = file('dice.json', { support: { values: [1, 2, 3, 4, 5, 6] }, moments: [{ f: 'x', value: 4.5 }] });
    const r = await runCli(['maxent', p, '--json']);
    const out = JSON.parse(r.stdout);
    expect(out.family).toBe('gibbs');
    expect(out.probabilities).toHaveLength(6);
    expect(out.probabilities[5].p).toBeCloseTo(0.3475, 4);
  });
  it('infeasible: exit 1, status and message in JSON, reason on stderr', async () => {
    const r = await runCli(['maxent', file('bad.json', { support: [0, 'inf'], moments: [{ f: 'x', value: -1 }] }), '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe('infeasible');
    expect(out.message).toMatch(/mean/);
    expect(out.density).toBeUndefined();
    expect(r.stderr).toMatch(/lagrangian maxent: infeasible: /);
    for (const tex of latexFields(out)) renders(tex);
  });
  it('unsupported constraint: exit 1 with a clear message, no stack trace', async () => {
    const r = await runCli(['maxent', file('u.json', { support: ['-inf', 'inf'], parameters: ['a'], moments: [{ f: 'a', value: 1 }] })]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unsupported: moment 1: E\[a\] does not depend on x/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('bad input: exit 2 naming the field, text and position', async () => {
    const r = await runCli(['maxent', file('e.json', { support: ['-inf', 'inf'], moments: [{ f: 'x^2 + y', value: 1 }] })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown name "y"');
    expect(r.stderr).toMatch(/moments\[0\]\.f of .*e\.json/);
    expect(r.stderr).toContain('"x^2 + y"');
    expect(r.stderr).toContain('at char 7');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const j = await runCli(['maxent', file('j.json', '{"support": [0, 1],}'), '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout).status).toBe('error');
  });
});

describe('lagrangian maxent (derivation)', () => {
  it('prints every step, naming the integrals, and writes HTML and LaTeX', async () => {
    const html = join(dir, 'g.html');
    const tex = join(dir, 'g.tex');
    const r = await runCli(['maxent', file('g2.json', GAUSS), '--html', html, '--latex', tex]);
    expect(r.code).toBe(0);
    for (const title of ['Problem', 'Lagrangian', 'Stationarity: the functional derivative', 'Solving for the density', 'Sufficient statistics', 'Moment equations', 'The normal family', 'Multipliers', 'Result', 'Check']) {
      expect(r.stdout).toContain(title);
    }
    expect(r.stdout).toContain('gaussian-integral');
    expect(r.stdout).toContain('p(x) = exp(-(x - mu)^2/(2*sigma^2))/sqrt(2*pi*sigma^2)');
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('katex');
    expect(page).not.toContain('katex-error');
    expect(readFileSync(tex, 'utf8')).toContain('\\begin{align*}');
  });
  it('every LaTeX string of the derivation documents renders (all families, failures too)', () => {
    const docs = [
      GAUSS,
      { support: [0, 'inf'], moments: [{ f: 'x', value: 2 }, { f: 'log(x)', value: 0.5 }] },
      { support: [0, 1], moments: [{ f: 'x', value: 0.3 }] },
      { support: ['-inf', 'inf'], parameters: ['mu', 'b'], assume: ['b > 0'], moments: [{ f: 'abs(x - mu)', value: 'b' }] },
      { support: { values: [1, 2, 3] }, moments: [{ f: 'x^2', value: 5 }] },
      { support: ['-inf', 'inf'], moments: [] },
      { support: ['a', 'b'], parameters: ['a', 'b'], moments: [] },
    ];
    for (const doc of docs) {
      const d = maxentDerivation(solveMaxent(readMaxentProblem(doc)));
      for (const t of renderLatexOf(d)) renders(t);
    }
  });
});
