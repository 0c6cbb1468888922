/**
 * maxent with a vector variable (issue 13, case 7): the multivariate normal in matrix
 * form, against closed forms written here by hand and numbers computed here
 * independently (Gauss–Jordan inverse, Cholesky log-determinant), on 20 seeded random
 * instances of dimensions 1 to 6; the instance check's own figures; the CLI's exits.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { evaluateMatrix, type MatrixValue } from '../../src/compile/matrix/index.js';
import { mtoText, parseMatrix } from '../../src/expr/matrix/index.js';
import { checkMaxentInstance, readMatrixMaxent, solveMatrixMaxent, type MaxentInstanceCheck } from '../../src/maxent/matrix/index.js';
import { integrateVector, seededRandom } from '../../src/numeric/index.js';

const X = { name: 'x', shape: ['n'] };
const MU = { name: 'mu', shape: ['n'] };
const SIGMA = { name: 'Sigma', shape: ['n', 'n'], properties: ['symmetric', 'positive_definite'] };
const CENTRAL = { variable: X, support: ['-inf', 'inf'], parameters: [MU, SIGMA], moments: [{ f: 'x', value: 'mu' }, { f: "(x - mu)*(x - mu)'", value: 'Sigma' }] };
const RAW = { ...CENTRAL, moments: [{ f: 'x', value: 'mu' }, { f: "x*x'", value: 'Sigma' }] };

/** The density as INTERFACE.md writes it. */
const INTERFACE_DENSITY = "exp(-(x - mu)'*inv(Sigma)*(x - mu)/2)/sqrt(det(2*pi*Sigma))";

// Independent linear algebra (not the code under test).
function inverse(A: number[][]): number[][] {
  const n = A.length;
  const M = A.map((r, i) => [...r, ...A.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    const d = M[c]![c]!;
    for (let j = 0; j < 2 * n; j++) M[c]![j]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]!;
      for (let j = 0; j < 2 * n; j++) M[r]![j]! -= f * M[c]![j]!;
    }
  }
  return M.map((r) => r.slice(n));
}
function logDet(A: number[][]): number {
  const n = A.length;
  const L = A.map(() => new Array<number>(n).fill(0));
  let s = 0;
  for (let j = 0; j < n; j++) {
    let d = A[j]![j]!;
    for (let k = 0; k < j; k++) d -= L[j]![k]! ** 2;
    L[j]![j] = Math.sqrt(d);
    s += Math.log(d);
    for (let i = j + 1; i < n; i++) {
      let v = A[i]![j]!;
      for (let k = 0; k < j; k++) v -= L[i]![k]! * L[j]![k]!;
      L[i]![j] = v / L[j]![j]!;
    }
  }
  return s;
}
function randomSpd(rand: () => number, n: number): number[][] {
  const B = Array.from({ length: n }, () => Array.from({ length: n }, () => 2 * rand() - 1));
  return B.map((_, i) => B.map((__, j) => B.reduce((s, row) => s + row[i]! * row[j]!, 0) + (i === j ? 0.5 : 0)));
}
const asMatrix = (v: MatrixValue): number[][] => (typeof v === 'number' ? [[v]] : Array.isArray(v[0]) ? (v as number[][]) : [(v as number[])]);
const asVector = (v: MatrixValue): number[] => (typeof v === 'number' ? [v] : (v as number[]));

describe('maxent, vector variable: the closed form for every n (golden)', () => {
  it('E[x] = mu, E[(x - mu)*(x - mu)\'] = Sigma gives N(mu, Sigma) with lambda_0 = 1 - logdet(2*pi*Sigma)/2, lambda_1 = 0, Lambda_2 = -inv(Sigma)/2', () => {
    const r = solveMatrixMaxent(readMatrixMaxent(CENTRAL));
    expect(r.status).toBe('optimal');
    expect(mtoText(r.density!)).toBe("exp(-1/2*(x' - mu')*inv(Sigma)*(x - mu))/det(2*pi*Sigma)^(1/2)");
    expect(Object.fromEntries(r.multipliers.map((m) => [m.name, mtoText(m.value)]))).toEqual({ lambda_0: '1 - 1/2*logdet(2*pi*Sigma)', lambda_1: '0*ones(n)', Lambda_2: '-1/2*inv(Sigma)' });
    expect(r.assumed).toEqual([]); // Sigma is declared positive definite
    // The same function as INTERFACE.md's text, at numbers.
    const decls = r.problem.declarations;
    const hand = parseMatrix(INTERFACE_DENSITY, decls);
    const rand = seededRandom(3);
    for (const n of [1, 3, 5]) {
      const at = { dims: { n }, values: { x: Array.from({ length: n }, () => 2 * rand() - 1), mu: Array.from({ length: n }, () => rand()), Sigma: randomSpd(rand, n) } };
      expect(evaluateMatrix(r.density!, at).data[0]).toBeCloseTo(evaluateMatrix(hand, at).data[0]!, 12);
      // text round trip
      expect(evaluateMatrix(parseMatrix(mtoText(r.density!), decls), at).data[0]).toBeCloseTo(evaluateMatrix(hand, at).data[0]!, 12);
    }
  });
  it("raw second moment E[x*x'] = Sigma: covariance Sigma - mu*mu', lambda_1 = inv(Sigma - mu*mu')*mu (the exp(lambda_0 + lambda_1'*x + x'*Lambda_2*x) parametrisation)", () => {
    const r = solveMatrixMaxent(readMatrixMaxent(RAW));
    expect(mtoText(r.covariance!)).toBe("Sigma - mu*mu'");
    const byName = Object.fromEntries(r.multipliers.map((m) => [m.name, m.value]));
    const decls = r.problem.declarations;
    const rand = seededRandom(5);
    for (const n of [1, 2, 4]) {
      const mu = Array.from({ length: n }, () => 0.3 * (2 * rand() - 1));
      const C = randomSpd(rand, n);
      const S = C.map((row, i) => row.map((v, j) => v + mu[i]! * mu[j]!)); // E[x x'] = C + mu mu'
      const at = { dims: { n }, values: { mu, Sigma: S } };
      const Ci = inverse(C);
      const l1 = Ci.map((row) => row.reduce((s, v, j) => s + v * mu[j]!, 0));
      const quad = mu.reduce((s, m, i) => s + m * l1[i]!, 0);
      expect(Array.from(evaluateMatrix(byName['lambda_1']!, at).data)).toEqual(l1.map((v) => expect.closeTo(v, 10)));
      expect(Array.from(evaluateMatrix(byName['Lambda_2']!, at).data)).toEqual(Ci.flat().map((v) => expect.closeTo(-v / 2, 10)));
      // lambda_0 = 1 - (n/2)*log(2*pi) - logdet(C)/2 - mu'*inv(C)*mu/2 (hand-derived)
      expect(evaluateMatrix(byName['lambda_0']!, at).data[0]).toBeCloseTo(1 - (n / 2) * Math.log(2 * Math.PI) - logDet(C) / 2 - quad / 2, 10);
      void decls;
    }
  });
  it('Sigma declared without properties: solved, and the assumption (symmetric positive definite) is said', () => {
    const r = solveMatrixMaxent(readMatrixMaxent({ ...CENTRAL, parameters: [MU, { name: 'Sigma', shape: ['n', 'n'] }] }));
    expect(r.status).toBe('optimal');
    expect(r.assumed[0]).toMatch(/Sigma is assumed symmetric positive definite/);
  });
  it('assume "Sigma positive definite" reads as the declared property (as in the lagrange matrix route): same density and multipliers, nothing assumed', () => {
    const declared = solveMatrixMaxent(readMatrixMaxent(CENTRAL));
    const viaAssume = solveMatrixMaxent(readMatrixMaxent({ ...CENTRAL, parameters: [MU, { name: 'Sigma', shape: ['n', 'n'], properties: ['symmetric'] }], assume: ['Sigma positive definite', 'Sigma is symmetric'] }));
    expect(viaAssume.status).toBe('optimal');
    expect(viaAssume.assumed).toEqual([]); // without the assumption the result says it assumed positive definiteness
    expect(mtoText(viaAssume.density!)).toBe(mtoText(declared.density!));
    expect(viaAssume.multipliers.map((m) => [m.name, mtoText(m.value)])).toEqual(declared.multipliers.map((m) => [m.name, mtoText(m.value)]));
    expect(viaAssume.problem.declarationList.find((d) => d.name === 'Sigma')!.properties).toEqual(['symmetric', 'positive_definite']);
  });
  it('a mean alone does not confine p: unbounded', () => {
    const r = solveMatrixMaxent(readMatrixMaxent({ ...CENTRAL, parameters: [MU], moments: [{ f: 'x', value: 'mu' }] }));
    expect(r.status).toBe('unbounded');
  });
});

describe('maxent, vector variable: 20 random instances, dimensions 1 to 6', () => {
  const rand = seededRandom(20261205);
  const checks: { n: number; check: MaxentInstanceCheck; Sigma: number[][]; mu: number[] }[] = [];
  for (let k = 0; k < 20; k++) {
    const n = 1 + (k % 6);
    const mu = Array.from({ length: n }, () => 4 * rand() - 2);
    const Sigma = randomSpd(rand, n);
    const r = solveMatrixMaxent(readMatrixMaxent({ ...CENTRAL, dimensions: { n }, parameter_values: { mu, Sigma } }));
    const outcome = checkMaxentInstance(r)!;
    if (!('check' in outcome)) throw new Error(`instance ${k}: ${JSON.stringify(outcome)}`);
    checks.push({ n, check: outcome.check, Sigma, mu });
  }
  it('every instance check passes (identities, quadrature for n <= 2, importance sampling, the scalar route for n = 1)', () => {
    for (const { n, check } of checks) {
      expect(check.passed, JSON.stringify(check)).toBe(true);
      expect(check.quadrature !== undefined).toBe(n <= 2);
      expect(check.scalar_path !== undefined).toBe(n === 1);
    }
    expect(new Set(checks.map((c) => c.n))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });
  it('the multipliers equal the hand closed forms computed independently: Lambda_2 = -inv(Sigma)/2, lambda_1 = 0, lambda_0 = 1 - (n/2)*log(2*pi) - logdet(Sigma)/2', () => {
    for (const { n, check, Sigma } of checks) {
      const Si = inverse(Sigma);
      expect(asMatrix(check.values['Lambda_2']!).flat()).toEqual(Si.flat().map((v) => expect.closeTo(-v / 2, 9)));
      expect(asVector(check.values['lambda_1']!)).toEqual(new Array(n).fill(0));
      expect(check.values['lambda_0']).toBeCloseTo(1 - (n / 2) * Math.log(2 * Math.PI) - logDet(Sigma) / 2, 10);
    }
  });
  it('n = 1 agrees with the scalar maxent route to 1e-10', () => {
    const ones = checks.filter((c) => c.n === 1);
    expect(ones.length).toBeGreaterThanOrEqual(3);
    for (const { check } of ones) for (const f of check.scalar_path!) expect(f.error, f.what).toBeLessThan(1e-10);
  });
});

describe('lagrangian maxent with shaped declarations (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'maxent-matrix-'));
  const file = (name: string, doc: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(doc));
    return path;
  };
  it('--json: family normal, the multipliers with shapes and values, instance_check, every LaTeX renders', async () => {
    const r = await runCli(['maxent', file('g.json', { ...CENTRAL, dimensions: { n: 2 }, parameter_values: { mu: [1, -1], Sigma: [[2, 0.5], [0.5, 1]] } }), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe('optimal');
    expect(out.family).toBe('normal');
    expect(Object.keys(out.multipliers)).toEqual(['lambda_0', 'lambda_1', 'Lambda_2']);
    expect(out.multipliers.Lambda_2.shape).toEqual(['n', 'n']);
    // -inv([[2, .5], [.5, 1]])/2 = -[[1, -.5], [-.5, 2]]/(2*1.75)
    expect(out.multipliers.Lambda_2.value.flat()).toEqual([-1 / 3.5, 0.5 / 3.5, 0.5 / 3.5, -2 / 3.5].map((v) => expect.closeTo(v, 12)));
    expect(out.instance_check.passed).toBe(true);
    expect(out.integrals.map((i: { id: string }) => i.id)).toEqual(['gaussian-integral-rn', 'gaussian-moments-rn']);
    // notes and check descriptions are plain text in JSON (the page typesets their formulas)
    expect(out.notes[1]).toBe("Only the symmetric part of Lambda_2 enters tr(Lambda_2'*(x - mu)*(x - mu)'), so Lambda_2 is taken symmetric.");
    expect(out.instance_check.identity[0].what).toBe("the density is exp(lambda_0 - 1 + lambda_1'*x + (x - c)'*Lambda_2*(x - c)) at the multipliers' values (stationarity, 5 points)");
    expect(JSON.stringify(out.instance_check)).not.toContain('"prose"');
    const latex: string[] = [];
    JSON.stringify(out, (k, v) => (k === 'latex' && typeof v === 'string' ? (latex.push(v), v) : v));
    for (const t of latex) katex.renderToString(t, { throwOnError: true });
  });
  it('mismatched shapes are bad input, exit 2, naming both shapes', async () => {
    const cases: [unknown, RegExp][] = [
      [{ ...CENTRAL, parameters: [{ name: 'mu', shape: ['m'] }, SIGMA] }, /n×1 but its value mu is m×1/],
      [{ ...CENTRAL, parameters: [MU, { name: 'Sigma', shape: ['n', 'm'] }] }, /n×n but its value Sigma is n×m/],
      [{ ...CENTRAL, dimensions: { n: 2 }, parameter_values: { mu: [1, 2, 3], Sigma: [[1, 0], [0, 1]] } }, /'mu' needs 2 entries, got 3/],
      [{ ...CENTRAL, dimensions: { n: 2 }, parameter_values: { mu: [1, 2], Sigma: [[1, 0, 0], [0, 1, 0]] } }, /Sigma/],
      [{ ...CENTRAL, dimensions: { n: 2 }, parameter_values: { mu: [1, 2], Sigma: [[1, 2], [2, 1]] } }, /declared positive definite but its value is not/],
      // a property stated in assume is a declaration: checked against the value the same way
      [{ ...CENTRAL, parameters: [MU, { name: 'Sigma', shape: ['n', 'n'] }], assume: ['Sigma positive definite'], dimensions: { n: 2 }, parameter_values: { mu: [1, 2], Sigma: [[1, 2], [2, 1]] } }, /declared positive definite but its value is not/],
      [{ ...CENTRAL, assume: ['Sigma positive wobbly'] }, /unknown matrix property "positive wobbly"/],
      [{ ...CENTRAL, assume: ['mu positive definite'] }, /"mu" is n×1; positive definite needs a square matrix/],
      [{ ...CENTRAL, assume: ['T positive definite'] }, /'T' is not a declared variable or parameter/],
    ];
    for (const [doc, message] of cases) {
      const r = await runCli(['maxent', file('bad.json', doc), '--json']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });
  it('Sigma undeclared: the assumption is in the output; a value that is not positive definite is infeasible (exit 1)', async () => {
    const doc = { ...CENTRAL, parameters: [MU, { name: 'Sigma', shape: ['n', 'n'] }] };
    const ok = JSON.parse((await runCli(['maxent', file('a.json', doc), '--json'])).stdout);
    expect(ok.assumed[0]).toMatch(/assumed symmetric positive definite/);
    expect(ok.conditions.at(-1)).toMatchObject({ kind: 'validity', text: 'Sigma positive definite' });
    const r = await runCli(['maxent', file('b.json', { ...doc, dimensions: { n: 2 }, parameter_values: { mu: [0, 0], Sigma: [[1, 2], [2, 1]] } }), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).status).toBe('infeasible');
  });
});

describe('quadrature behind the n = 2 check', () => {
  it('a component that is 0 everywhere (E[x] of a centred slice) converges instead of stalling', () => {
    // ∫ exp(-t^2/2) dt = sqrt(2*pi), and 0 for the zero component
    const r = integrateVector((t, out) => {
      out[0] = Math.exp(-t * t / 2);
      out[1] = 0;
    }, 2, -Infinity, Infinity, { relTol: 1e-11 });
    expect(r.converged).toBe(true);
    expect(r.value[0]).toBeCloseTo(Math.sqrt(2 * Math.PI), 10);
    expect(r.value[1]).toBe(0);
  });
});
