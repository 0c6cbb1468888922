import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { parseInProgram } from '../../src/adjoint/index.js';
import { runCli } from '../../src/cli/main.js';
import { evaluate } from '../../src/compile/index.js';

const dir = mkdtempSync(join(tmpdir(), 'adjoint-cli-'));
let count = 0;
function file(spec: unknown): string {
  const path = join(dir, `p${count++}.json`);
  writeFileSync(path, typeof spec === 'string' ? spec : JSON.stringify(spec));
  return path;
}

const SEED = {
  inputs: ['x'],
  program: ['a = exp(x)', 'b = a^2', 'c = a + b', 'd = exp(c)', 'e = sin(c)', 'f = d + e'],
  output: 'f',
  at: { x: 0.3 },
};

function seedDerivative(x: number): number {
  const u = Math.exp(x) + Math.exp(2 * x);
  return (Math.exp(x) + 2 * Math.exp(2 * x)) * (Math.exp(u) + Math.cos(u));
}

/** Every string under a `latex` key. */
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

const STACK_LINE = /\n\s+at /;

describe('lagrangian adjoint FILE --json', () => {
  it('seed 001: the INTERFACE.md document with values at x = 0.3', async () => {
    const r = await runCli(['adjoint', file(SEED), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('ok');
    expect(Object.keys(doc.adjoints)).toEqual(['lambda_a', 'lambda_b', 'lambda_c', 'lambda_d', 'lambda_e', 'lambda_f']);
    expect(doc.adjoints.lambda_f).toMatchObject({ text: '1', value: 1 });
    expect(doc.adjoints.lambda_c.text).toBe('d + cos(c)');
    expect(doc.adjoints.lambda_c.equation.text).toBe('lambda_c = d*lambda_d + lambda_e*cos(c)');
    const c = Math.exp(0.3) + Math.exp(0.6);
    expect(doc.adjoints.lambda_c.value).toBeCloseTo(Math.exp(c) + Math.cos(c), 10);
    expect(doc.gradient.x.value).toBeCloseTo(seedDerivative(0.3), 10);
    expect(doc.gradient.x.in_terms_of).toBe('inputs');
    expect(evaluate(parseInProgram(doc.gradient.x.text, new Set(['x'])), { x: 0.3 })).toBeCloseTo(seedDerivative(0.3), 10);
    expect(doc.lagrangian.text).toContain('lambda_e*(e - sin(c))');
    expect(doc.multipliers).toMatchObject({ lambda_a: 'a = exp(x)', lambda_f: 'f = d + e' });
    expect(doc.conditions.map((k: { kind: string }) => k.kind)).toEqual([...Array(6).fill('forward'), ...Array(6).fill('adjoint'), 'gradient']);
    expect(doc.gradcheck.ok).toBe(true);
    expect(doc.variables.f).toBeCloseTo(Math.exp(c) + Math.sin(c), 12);
  });

  it('every latex renders with KaTeX and every text parses back to the same expression', async () => {
    for (const spec of [SEED, { inputs: ['x', 'y'], program: ['z = 0.5*cos(z) + x*w', 'w = sin(z) + y', 'f = z^2 + w'], output: 'f', at: { x: 1, y: 0.5 }, start: { z: 1 } }]) {
      const r = await runCli(['adjoint', file(spec), '--json']);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      const latex = latexFields(doc);
      expect(latex.length).toBeGreaterThan(10);
      for (const l of latex) expect(() => katex.renderToString(l, { throwOnError: true })).not.toThrow();
      const names = new Set([...spec.inputs, ...spec.program.map((l) => l.split('=')[0]!.trim()), ...Object.keys(doc.adjoints)]);
      const env: Record<string, number> = { ...spec.at, ...doc.variables };
      for (const [k, v] of Object.entries(doc.adjoints)) env[k] = (v as { value: number }).value;
      const same = (text: string, value: number) => expect(evaluate(parseInProgram(text, names), env)).toBeCloseTo(value, 9);
      for (const v of Object.values(doc.adjoints) as { text: string; value: number }[]) same(v.text, v.value);
      for (const v of Object.values(doc.gradient) as { text: string; value: number }[]) same(v.text, v.value);
      for (const cond of doc.conditions as { kind: string; text: string }[]) {
        if (cond.kind === 'gradient') {
          parseInProgram(cond.text, names);
          continue;
        }
        const [lhs, rhs] = cond.text.split(' = ');
        same(rhs!, evaluate(parseInProgram(lhs!, names), env));
      }
      // The Lagrangian is zero on the constraints.
      expect(evaluate(parseInProgram(doc.lagrangian.text, names), env)).toBeCloseTo(doc.value, 12);
    }
  });

  it('without "at": symbolic results only, no values', async () => {
    const { at: _at, ...noPoint } = SEED;
    const doc = JSON.parse((await runCli(['adjoint', file(noPoint), '--json'])).stdout);
    expect(doc.status).toBe('ok');
    expect(doc.gradient.x.value).toBeUndefined();
    expect(doc.adjoints.lambda_c.value).toBeUndefined();
    expect(doc.gradcheck).toBeUndefined();
  });

  it('a cycle that does not converge: exit 1, status not_converged, message on stderr', async () => {
    const r = await runCli(['adjoint', file({ inputs: ['x'], program: ['z = z + 1', 'f = z*x'], output: 'f', at: { x: 1 } }), '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('not_converged');
    expect(doc.message).toContain('Newton iterations');
    expect(r.stderr).toContain('did not converge on the cycle {z}');
  });

  it('a point outside the domain: exit 1, status not_finite, the line named, null values', async () => {
    const r = await runCli(['adjoint', file({ inputs: ['x'], program: ['a = log(x)', 'f = a^2'], output: 'f', at: { x: -1 } }), '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('not_finite');
    expect(doc.message).toContain('program line 1: "a = log(x)"');
    expect(doc.value).toBeNull();
    const s = await runCli(['adjoint', file({ inputs: ['x'], program: ['f = sqrt(x)'], output: 'f', at: { x: 0 } }), '--json']);
    expect(s.code).toBe(1);
    expect(JSON.parse(s.stdout).message).toContain('derivative in "x" is not finite');
  });

  it('writes the derivation as HTML and prints it as text by default', async () => {
    const html = join(dir, 'seed.html');
    const r = await runCli(['adjoint', file(SEED), '--html', html]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Adjoint equations: ∂L/∂z_j = 0');
    expect(r.stdout).toContain('lambda_c = d*lambda_d + lambda_e*cos(c) = d + cos(c)');
    const page = readFileSync(html, 'utf8');
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('katex');
    const latex = await runCli(['adjoint', file(SEED), '--latex']);
    expect(latex.stdout).toContain('\\mathcal{L}');
  });
});

describe('names that are special in JavaScript are ordinary names', () => {
  it('constructor, toString, valueOf, hasOwnProperty as inputs and variables', async () => {
    const spec = {
      inputs: ['constructor', 'toString'],
      program: ['valueOf = constructor*toString', 'hasOwnProperty = exp(valueOf)'],
      output: 'hasOwnProperty',
      at: { constructor: 0.5, toString: 2 },
    };
    const r = await runCli(['adjoint', file(spec), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.value).toBeCloseTo(Math.E, 14);
    expect(doc.gradient.constructor.value).toBeCloseTo(2 * Math.E, 13);
    expect(doc.gradient.toString.value).toBeCloseTo(0.5 * Math.E, 13);
    expect(doc.adjoints.lambda_valueOf.value).toBeCloseTo(Math.E, 13);
  });
});

describe('bad input: exit 2, the offending line named, no stack trace', () => {
  const cases: [string, unknown, RegExp][] = [
    ['an undefined variable', { inputs: ['x'], program: ['a = exp(x)', 'b = a + q'], output: 'b' }, /program line 2 "b = a \+ q".*undefined variable "q"|undefined variable "q".*program line 2/s],
    ['an output never assigned', { inputs: ['x'], program: ['a = exp(x)'], output: 'g' }, /"g" is never assigned/],
    ['two assignments to one variable', { inputs: ['x'], program: ['a = exp(x)', 'a = a + 1'], output: 'a' }, /program line 2.*assigned twice|assigned twice.*program line 2/s],
    ['a non-scalar output', { inputs: ['x'], program: ['a = exp(x)'], output: ['a', 'a'] }, /one scalar variable/],
    ['a syntax error', { inputs: ['x'], program: ['a = exp(x'], output: 'a' }, /program line 1/],
    ['malformed JSON', '{"inputs": ["x"', /not valid JSON/],
  ];
  for (const [what, spec, message] of cases) {
    it(what, async () => {
      const r = await runCli(['adjoint', file(spec), '--json']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(JSON.parse(r.stdout).status).toBe('error');
    });
  }

  it('a missing file and a missing argument', async () => {
    expect((await runCli(['adjoint', join(dir, 'nope.json')])).code).toBe(2);
    expect((await runCli(['adjoint'])).code).toBe(2);
  });
});
