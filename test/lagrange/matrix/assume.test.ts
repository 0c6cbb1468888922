/**
 * Matrix properties stated in `assume` ("F symmetric positive definite") mean the same as
 * the declaration's "properties": the solve gives the same result either way, and the
 * property is what proves global optimality (without it the answer is not proved).
 * Hand values: F = diag(2, 1/2), g = (1, 1), eps = 1 give d = sqrt(4/5)*(1/2, 2).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { mtoText } from '../../../src/expr/matrix/index.js';
import { readPropertyAssumption } from '../../../src/expr/index.js';
import { readMatrixProblem, solveMatrixProblem, checkInstance, type MatrixSolveResult } from '../../../src/lagrange/matrix/index.js';

const dir = mkdtempSync(join(tmpdir(), 'lagrangian-mxassume-'));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const vec = (name: string) => ({ name, shape: ['n'] });
const fisher = (F: object, assume: string[]) => ({ variables: [vec('d')], parameters: [vec('g'), F, 'eps'], assume: ['eps > 0', ...assume], maximize: "g'*d", subject_to: ["d'*F*d/2 <= eps"] });
const DECLARED = fisher({ name: 'F', shape: ['n', 'n'], properties: ['symmetric', 'positive_definite'] }, []);
const ASSUMED = fisher({ name: 'F', shape: ['n', 'n'] }, ['F symmetric positive definite']);
const NONE = fisher({ name: 'F', shape: ['n', 'n'] }, []);

function summary(r: MatrixSolveResult) {
  return { status: r.status, method: r.method, optimum: r.optimum, solutions: r.solutions.map((s) => ({ point: [...s.point].map(([k, v]) => [k, mtoText(v)]), multipliers: [...s.multipliers].map(([k, v]) => [k, mtoText(v)]), classification: s.classification })) };
}

describe('matrix properties in assume', () => {
  it('reads "NAME PROPERTY…" in its spellings; relations are left to the sign reader', () => {
    expect(readPropertyAssumption('F symmetric positive definite')).toEqual({ name: 'F', properties: ['symmetric', 'positive_definite'] });
    expect(readPropertyAssumption('F is positive-definite')).toEqual({ name: 'F', properties: ['positive_definite'] });
    expect(readPropertyAssumption('S positive semi-definite and diagonal')).toEqual({ name: 'S', properties: ['positive_semidefinite', 'diagonal'] });
    expect(readPropertyAssumption('Q orthogonal, symmetric')).toEqual({ name: 'Q', properties: ['orthogonal', 'symmetric'] });
    expect(readPropertyAssumption('eps > 0')).toBeUndefined();
    expect(() => readPropertyAssumption('F positive')).toThrow(/unknown matrix property "positive"/);
  });
  it('Fisher: the same derivation with F positive definite declared or assumed; without it, optimality is not proved', () => {
    const declared = summary(solveMatrixProblem(readMatrixProblem(DECLARED)));
    const assumed = summary(solveMatrixProblem(readMatrixProblem(ASSUMED)));
    expect(assumed).toEqual(declared);
    expect(assumed.status).toBe('optimal');
    expect(assumed.solutions[0]!.classification).toBe('maximum');
    const none = summary(solveMatrixProblem(readMatrixProblem(NONE)));
    expect(none.solutions[0]?.classification).not.toBe('maximum');
  });
  it('the instance by hand: d = sqrt(4/5)*(1/2, 2) with F assumed positive definite', () => {
    const inst = { dimensions: { n: 2 }, parameter_values: { g: [1, 1], F: [[2, 0], [0, 0.5]], eps: 1 } };
    const check = checkInstance(solveMatrixProblem(readMatrixProblem({ ...ASSUMED, ...inst })))!;
    const k = Math.sqrt(4 / 5);
    const d = check.values['d'] as number[][];
    expect(d.flat()[0]).toBeCloseTo(k / 2, 12);
    expect(d.flat()[1]).toBeCloseTo(2 * k, 12);
    expect(check.passed).toBe(true);
  });
  it('minimum variance: S positive definite by assume proves the global minimum, as the declaration does', () => {
    const base = { variables: [vec('w')], minimize: "w'*S*w", subject_to: ["ones(n)'*w = 1"] };
    const viaAssume = summary(solveMatrixProblem(readMatrixProblem({ ...base, parameters: [{ name: 'S', shape: ['n', 'n'] }], assume: ['S positive definite'] })));
    const viaDecl = summary(solveMatrixProblem(readMatrixProblem({ ...base, parameters: [{ name: 'S', shape: ['n', 'n'], properties: ['positive_definite'] }] })));
    expect(viaAssume).toEqual(viaDecl);
    expect(viaAssume.solutions[0]!.classification).toBe('minimum');
  });
  it('CLI: the same JSON either way; a property of an unknown name, a scalar or a vector is bad input (exit 2, the entry named)', async () => {
    const a = await runCli(['solve', file('assumed.json', ASSUMED), '--json']);
    const b = await runCli(['solve', file('declared.json', DECLARED), '--json']);
    expect(a.code).toBe(0);
    const strip = (s: string) => { const j = JSON.parse(s); delete j.problem; return j.solutions; };
    expect(strip(a.stdout)).toEqual(strip(b.stdout));
    for (const [bad, pattern] of [['G symmetric', /assume\[2\].*'G' is not a declared/], ['eps symmetric', /assume\[2\].*"eps" is a scalar/], ['g positive definite', /assume\[2\].*"g" is n×1/], ['F positive', /unknown matrix property/]] as const) {
      const r = await runCli(['solve', file('bad.json', { ...ASSUMED, assume: ['eps > 0', 'F symmetric', bad] })]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
