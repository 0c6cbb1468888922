/**
 * `lagrangian solve` on shaped declarations: the matrix route, JSON texts that parse back
 * under the declarations, LaTeX that KaTeX renders, instance_check on a given instance,
 * and bad input (mismatched shapes) as exit 2 naming the text.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { declare, parseMatrix } from '../../../src/expr/matrix/index.js';

const dir = mkdtempSync(join(tmpdir(), 'lagrangian-mxsolve-'));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const FISHER = {
  variables: [{ name: 'd', shape: ['n'] }],
  parameters: [{ name: 'g', shape: ['n'] }, { name: 'F', shape: ['n', 'n'], properties: ['symmetric', 'positive_definite'] }, 'eps'],
  assume: ['eps > 0'],
  maximize: "g'*d",
  subject_to: ["d'*F*d/2 <= eps"],
};

describe('lagrangian solve with shaped declarations', () => {
  it('answers in matrix form; texts parse back; LaTeX renders', async () => {
    const r = await runCli(['solve', file('fisher.json', FISHER), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.status).toBe('optimal');
    expect(j.multipliers).toEqual({ mu_1: "d'*F*d/2 <= eps" });
    const decls = declare([...FISHER.variables, ...FISHER.parameters.filter((p) => typeof p !== 'string')] as never);
    const s = j.solutions[0];
    expect(s.classification).toBe('maximum');
    expect(s.point.d.value).toBeUndefined(); // no instance: texts only
    for (const text of [j.lagrangian.text, s.point.d.text, s.multipliers.mu_1.text, ...j.conditions.map((c: { text: string }) => c.text.split(/ (?:=|<=|>=) /)[0])]) expect(() => parseMatrix(text, decls)).not.toThrow();
    for (const latex of [j.lagrangian.latex, s.point.d.latex, ...j.conditions.map((c: { latex: string }) => c.latex)]) expect(() => katex.renderToString(latex, { throwOnError: true })).not.toThrow();
  });
  it('with dimensions and parameter_values: values as lists and instance_check (hand value: d = sqrt(2 eps/q) F^-1 g)', async () => {
    // F = diag(2, 1/2), g = (1, 1), eps = 1: F^-1 g = (1/2, 2), q = g'F^-1 g = 5/2, d = sqrt(4/5)*(1/2, 2)
    const r = await runCli(['solve', file('fisher-i.json', { ...FISHER, dimensions: { n: 2 }, parameter_values: { g: [1, 1], F: [[2, 0], [0, 0.5]], eps: 1 } }), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const k = Math.sqrt(4 / 5);
    expect(j.solutions[0].point.d.value[0]).toBeCloseTo(k / 2, 12);
    expect(j.solutions[0].point.d.value[1]).toBeCloseTo(2 * k, 12);
    expect(j.instance_check.passed).toBe(true);
    expect(j.instance_check.objective).toBeCloseTo(k * 2.5, 12);
  });
  it('mismatched shapes are bad input, exit 2, naming the text', async () => {
    const r = await runCli(['solve', file('bad.json', { ...FISHER, maximize: "g'*d + F*d" }), '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/n×1|1×1|shape/);
    expect(r.stderr).toMatch(/g'\*d/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('a dimension value for an unknown dimension is bad input', async () => {
    const r = await runCli(['solve', file('bad2.json', { ...FISHER, dimensions: { k: 2 } }), '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dimensions of .*: "k" is not a dimension of any declaration/);
  });
  it('minimum norm: vector multiplier declared in the output; every text parses back', async () => {
    const MN = { variables: [{ name: 'x', shape: ['n'] }], parameters: [{ name: 'A', shape: ['m', 'n'] }, { name: 'b', shape: ['m'] }], minimize: "x'*x", subject_to: ['A*x = b'] };
    const r = await runCli(['solve', file('mn.json', MN), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.multiplier_declarations).toEqual([{ name: 'lambda_1', shape: ['m'] }]);
    const decls = declare([...MN.variables, ...MN.parameters, ...j.multiplier_declarations] as never);
    const s = j.solutions[0];
    for (const text of [j.lagrangian.text, s.point.x.text, s.multipliers.lambda_1.text, s.objective.text, j.conditions[0].text.replace(/ = 0$/, '')]) expect(() => parseMatrix(text, decls)).not.toThrow();
    expect(parseMatrix(s.point.x.text, decls)).toBe(parseMatrix("A'*inv(A*A')*b", decls));
  });
  it('bad declarations and instances are bad input (exit 2, one paragraph, no stack)', async () => {
    const cases: [object, RegExp][] = [
      [{ ...FISHER, parameters: [{ name: 'g', shape: ['n'] }, { name: 'F', shape: ['n', 'n'], properties: ['spd'] }, 'eps'] }, /unknown property "spd"/],
      [{ ...FISHER, parameters: [{ name: 'g', shape: ['n', 'n', 'n'] }, 'eps'] }, /3 dimensions/],
      [{ ...FISHER, parameters: [{ name: 'g', shape: ['n'] }, { name: 'F', shape: ['n', 'm'], properties: ['symmetric'] }, 'eps'] }, /needs a square matrix/],
      [{ ...FISHER, variables: [{ name: 'd', shape: ['n'] }, { name: 'd', shape: ['n'] }] }, /declared twice/],
      [{ ...FISHER, subject_to: ["d'*F*d/2 <= g"] }, /different shapes/],
      [{ ...FISHER, subject_to: ["d'*F*d/2 eps"] }, /relation/],
      [{ ...FISHER, dimensions: { n: 2 }, parameter_values: { g: [1, 2, 3], F: [[1, 0], [0, 1]], eps: 1 } }, /'g' needs 2 entries/],
    ];
    for (const [content, message] of cases) {
      const r = await runCli(['solve', file('bad-decl.json', content), '--json']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
  it('the long-only portfolio: no closed form, exit 1, instance solved numerically', async () => {
    const r = await runCli(['solve', file('lo.json', { variables: [{ name: 'w', shape: ['n'] }], parameters: [{ name: 'S', shape: ['n', 'n'], properties: ['positive_definite'] }], minimize: "w'*S*w", subject_to: ["ones(n)'*w = 1", 'w >= 0'], dimensions: { n: 2 }, parameter_values: { S: [[1, 0], [0, 4]] } }), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    // by hand: w = (4/5, 1/5), both positive so w >= 0 is inactive
    expect(j.instance_check.method).toBe('active_set');
    expect(j.instance_check.values.w[0]).toBeCloseTo(0.8, 12);
    expect(j.instance_check.values.w[1]).toBeCloseTo(0.2, 12);
    expect(j.solutions[0].exact).toBe(false);
    expect(j.solutions[0].point.w.value[0]).toBeCloseTo(0.8, 12);
    expect(j.solutions[0].objective.value).toBeCloseTo(0.8, 12); // 0.64 + 4*0.04
  });
});

describe('shaped problem files are read strictly, like every input file', () => {
  it('a misspelt field (subject_too) is bad input naming the nearest known field, never the unconstrained answer', async () => {
    const { subject_to, ...rest } = FISHER;
    const r = await runCli(['solve', file('misspelt.json', { ...rest, subject_too: subject_to }), '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/subject_too/);
    expect(r.stderr).toMatch(/subject_to/);
    expect(r.stdout).not.toMatch(/"optimal"/);
  });
  it('malformed JSON in a shaped file names the line and column', async () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{"variables": [{"name": "d", "shape": ["n"]}],\n "maximize": "g\'*d",, }');
    const r = await runCli(['solve', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 2/);
  });
});
