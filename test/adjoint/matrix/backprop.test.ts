/**
 * Case 5 of issue 13 (seeds 000 and 001): backpropagation as Lagrange multipliers on a
 * matrix program. Expected forms are derived by hand (the textbook backprop equations:
 * delta2 = z2 - y, delta1 = (1 - z1.^2) .* (W2'*delta2), dW = delta*input', db = delta)
 * and compared as canonical nodes of the hand-written text; values against a plain
 * backprop loop written here, the scalarised program through the scalar adjoint route,
 * and central differences, on seeded random instances.
 */
import { describe, expect, it } from 'vitest';
import { analyzeProgram, seededRandom } from '../../../src/adjoint/index.js';
import { analyzeMatrixProgram, deriveMatrixAdjoints, matrixAdjointJson, programLagrangian, parseMatrixProgram, scalarProgram } from '../../../src/adjoint/matrix/index.js';
import { mgradient } from '../../../src/diff/matrix/index.js';
import { declare, madd, parseMatrix, type MExpr } from '../../../src/expr/matrix/index.js';
import { runCli } from '../../../src/cli/main.js';

const INPUTS = [
  { name: 'x', shape: ['n'] }, { name: 'W1', shape: ['h', 'n'] }, { name: 'b1', shape: ['h'] },
  { name: 'W2', shape: ['m', 'h'] }, { name: 'b2', shape: ['m'] }, { name: 'y', shape: ['m'] },
];
const PROGRAM = ['z1 = tanh(W1*x + b1)', 'z2 = W2*z1 + b2', 'loss = norm(z2 - y)^2/2'];
const DECLS = declare([
  ...INPUTS.map((d) => ({ name: d.name, shape: d.shape })),
  { name: 'z1', shape: ['h'] }, { name: 'z2', shape: ['m'] },
  { name: 'lambda_z1', shape: ['h'] }, { name: 'lambda_z2', shape: ['m'] },
]);
const P = (t: string): MExpr => parseMatrix(t, DECLS);

describe('backprop in matrix form: the hand-derived equations', () => {
  const d = deriveMatrixAdjoints(parseMatrixProgram({ inputs: INPUTS, program: PROGRAM, output: 'loss' }));
  const adj = (v: string) => d.adjoints.get(v)!;
  const grad = (v: string) => d.gradient.get(v)!;

  it('adjoint equations (local) are one VJP per line: lambda_z2 = lambda_loss*(z2 - y), lambda_z1 = W2\'*lambda_z2', () => {
    expect(adj('loss').local).toBe(P('1'));
    expect(adj('z2').local).toBe(P('lambda_loss*(z2 - y)'));
    expect(adj('z1').local).toBe(P("W2'*lambda_z2"));
  });
  it('back-substituted multipliers: lambda_z2 = z2 - y, lambda_z1 = W2\'*(z2 - y)', () => {
    expect(adj('z2').closed).toBe(P('z2 - y'));
    expect(adj('z1').closed).toBe(P("W2'*(z2 - y)"));
  });
  it('gradients: dW2 = lambda_z2*z1\', db2 = lambda_z2, dW1 = delta1*x\', db1 = delta1 with delta1 = (1 - z1.^2) .* lambda_z1', () => {
    expect(grad('W2').local).toBe(P("lambda_z2*z1'"));
    expect(grad('b2').local).toBe(P('lambda_z2'));
    expect(grad('W1').local).toBe(P("((ones(h) - z1.^2) .* lambda_z1)*x'"));
    expect(grad('b1').local).toBe(P('(ones(h) - z1.^2) .* lambda_z1'));
    expect(grad('x').local).toBe(P("W1'*((ones(h) - z1.^2) .* lambda_z1)"));
    expect(grad('W2').closed).toBe(P("(z2 - y)*z1'"));
    expect(grad('W1').closed).toBe(P("((ones(h) - z1.^2) .* (W2'*(z2 - y)))*x'"));
    expect(grad('y').closed).toBe(P('-(z2 - y)'));
  });
  it('the printed Lagrangian parses back to the Lagrangian the equations are derived from', () => {
    const text = programLagrangian(d.program).text;
    expect(text).toBe("loss - lambda_z1'*(z1 - tanh(b1 + W1*x)) - lambda_z2'*(z2 - (b2 + W2*z1)) - lambda_loss*(loss - 1/2*norm(z2 - y)^2)");
    expect(P(text)).toBe(d.lagrangian);
  });
  it('the adjoint equations are dL/dz = 0 of the Lagrangian', () => {
    // dL/dz_j = -lambda_j + sum_i VJP(f_i, z_j, lambda_i), so dL/dz_j + lambda_j is the equation's right-hand side.
    for (const v of ['z1', 'z2']) {
      const z = P(v);
      expect(madd(mgradient(d.lagrangian, z), d.multipliers.get(v)!)).toBe(adj(v).local);
    }
    expect(madd(mgradient(d.lagrangian, P('W2')))).toBe(grad('W2').local);
  });
});

/** Textbook backprop with plain arrays (Nielsen, ch. 2), for one instance. */
function handBackprop(v: Record<string, number[] | number[][]>): { loss: number; W1: number[][]; W2: number[][]; b1: number[]; b2: number[]; x: number[] } {
  const x = v['x'] as number[]; const W1 = v['W1'] as number[][]; const b1 = v['b1'] as number[];
  const W2 = v['W2'] as number[][]; const b2 = v['b2'] as number[]; const y = v['y'] as number[];
  const z1 = W1.map((row, i) => Math.tanh(row.reduce((s, w, j) => s + w * x[j]!, b1[i]!)));
  const z2 = W2.map((row, i) => row.reduce((s, w, j) => s + w * z1[j]!, b2[i]!));
  const d2 = z2.map((z, i) => z - y[i]!);
  const d1 = z1.map((z, j) => (1 - z * z) * W2.reduce((s, row, i) => s + row[j]! * d2[i]!, 0));
  return {
    loss: d2.reduce((s, e) => s + e * e, 0) / 2,
    W2: d2.map((di) => z1.map((zj) => di * zj)), b2: d2,
    W1: d1.map((di) => x.map((xj) => di * xj)), b1: d1,
    x: x.map((_, j) => W1.reduce((s, row, i) => s + row[j]! * d1[i]!, 0)),
  };
}

function randomInstance(rand: () => number, n: number, h: number, m: number): Record<string, number[] | number[][]> {
  const vec = (k: number) => Array.from({ length: k }, () => 2 * rand() - 1);
  const mat = (r: number, c: number) => Array.from({ length: r }, () => vec(c));
  return { x: vec(n), W1: mat(h, n), b1: vec(h), W2: mat(m, h), b2: vec(m), y: vec(m) };
}

const close = (a: unknown, b: unknown, tol = 1e-9): void => {
  const fa = [a].flat(2) as number[];
  const fb = [b].flat(2) as number[];
  expect(fa.length).toBe(fb.length);
  fa.forEach((x, i) => expect(Math.abs(x - fb[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(fb[i]!))));
};

describe('backprop in matrix form: 24 seeded random instances (dimensions 1 to 6)', () => {
  const rand = seededRandom(13005);
  const cases = Array.from({ length: 24 }, () => {
    const dim = () => 1 + Math.floor(rand() * 6);
    return randomInstance(rand, dim(), dim(), dim());
  });
  it.each(cases.map((c, i) => [i, c] as const))('instance %i: hand backprop, scalar adjoint route, central differences', (_, at) => {
    const a = analyzeMatrixProgram({ inputs: INPUTS, program: PROGRAM, output: 'loss', at });
    expect(a.status).toBe('ok');
    const hand = handBackprop(at);
    close(a.values!.value, hand.loss);
    for (const k of ['W1', 'W2', 'b1', 'b2', 'x'] as const) close(a.values!.gradient.get(k), hand[k]);
    expect(a.check!.ok).toBe(true);
    // The scalarised program through the scalar route.
    const s = analyzeProgram(scalarProgram(a.program));
    expect(s.status).toBe('ok');
    const flat = a.program.inputs.flatMap((inp) => [a.values!.gradient.get(inp.name)!].flat(2) as number[]);
    const names = s.program.inputs;
    flat.forEach((g, i) => expect(Math.abs(g - s.values!.gradient.get(names[i]!)!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(g))));
  });
});

describe('other matrix programs against the scalar route', () => {
  it('a matrix-valued variable (Z = tanh(W*X), tr-multiplier) and a scalar input', async () => {
    const rand = seededRandom(7);
    for (let t = 0; t < 6; t++) {
      const n = 1 + (t % 3); const k = 1 + ((t * 2) % 4); const h = 2 + (t % 2);
      const mat = (r: number, c: number) => Array.from({ length: r }, () => Array.from({ length: c }, () => 2 * rand() - 1));
      const spec = {
        inputs: [{ name: 'W', shape: ['h', 'n'] }, { name: 'X', shape: ['n', 'k'] }, 'c'],
        program: ['Z = tanh(W*X)', 's = sum(Z .* Z)', 'loss = c*s + norm(Z)'],
        output: 'loss',
        at: { W: mat(h, n), X: mat(n, k), c: 0.7 },
      };
      const a = analyzeMatrixProgram(spec);
      expect(a.check!.ok).toBe(true);
      const s = analyzeProgram(scalarProgram(a.program));
      const flat = a.program.inputs.flatMap((inp) => [a.values!.gradient.get(inp.name)!].flat(2) as number[]);
      flat.forEach((g, i) => expect(Math.abs(g - s.values!.gradient.get(s.program.inputs[i]!)!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(g))));
    }
  });
});

describe('weights shared between layers (a multiplier that depends on the variable)', () => {
  it('z_k = tanh(W*z_{k-1} + b) for k = 2..4: the gradient of W sums one term per layer; scalar route and differences agree', () => {
    const program = ['z1 = tanh(W*x)', 'z2 = tanh(W*z1 + b)', 'z3 = tanh(W*z2 + b)', 'z4 = tanh(W*z3 + b)', 'loss = norm(z4)^2'];
    const rand = seededRandom(31);
    for (const n of [1, 2, 3, 5]) {
      const at = { x: Array.from({ length: n }, () => 2 * rand() - 1), W: Array.from({ length: n }, () => Array.from({ length: n }, () => 2 * rand() - 1)), b: Array.from({ length: n }, () => rand()) };
      const a = analyzeMatrixProgram({ inputs: [{ name: 'x', shape: ['n'] }, { name: 'W', shape: ['n', 'n'] }, { name: 'b', shape: ['n'] }], program, output: 'loss', at });
      expect(a.check!.ok).toBe(true);
      expect(a.instanceCheck!.ok).toBe(true);
    }
  });
});

describe('a deep program', () => {
  it('300 layers sharing W: the JSON grows linearly (deep closed forms are given in their local form)', () => {
    const program = ['z1 = tanh(W*x)'];
    for (let k = 2; k <= 300; k++) program.push(`z${k} = tanh(W*z${k - 1} + b)`);
    program.push('loss = norm(z300)^2');
    const a = analyzeMatrixProgram({ inputs: [{ name: 'x', shape: ['n'] }, { name: 'W', shape: ['n', 'n'] }, { name: 'b', shape: ['n'] }], program, output: 'loss' });
    const doc = matrixAdjointJson(a) as { adjoints: Record<string, { closed_form: boolean; text: string }>; gradient: Record<string, { text: string }> };
    expect(JSON.stringify(doc).length).toBeLessThan(300 * 4000); // about 2.6 kB a layer (texts and LaTeX of four forms)
    expect(doc.adjoints['lambda_z299']!.closed_form).toBe(true);
    expect(doc.adjoints['lambda_z1']!.closed_form).toBe(false);
    expect(doc.adjoints['lambda_z1']!.text).toBe("W'*(lambda_z2 .* (ones(n) - z2.^2))");
  });
});

describe('the adjoint command on a shaped program', () => {
  it('gives matrix texts that parse back, nested-list values and a passing check', async () => {
    const at = { x: [0.5, -1], W1: [[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]], b1: [0.1, 0.2, 0.3], W2: [[1, 2, 3]], b2: [0.5], y: [1] };
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'mxadj-')), 'p.json');
    writeFileSync(path, JSON.stringify({ inputs: INPUTS, program: PROGRAM, output: 'loss', at }));
    const r = await runCli(['adjoint', path, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.dimensions).toEqual({ n: 2, h: 3, m: 1 });
    expect(P(doc.gradient.W1.text)).toBe(P("((ones(h) - z1.^2) .* (W2'*(z2 - y)))*x'"));
    expect(doc.gradient.W1.shape).toEqual(['h', 'n']);
    const hand = handBackprop(at);
    close(doc.gradient.W1.value, hand.W1);
    close(doc.gradient.b2.value, hand.b2);
    expect(doc.gradcheck.ok).toBe(true);
    expect(doc.instance_check).toMatchObject({ ok: true, scalar_lines: 5 });
  });
  it('refuses a shape mismatch and a use before assignment with exit 2 naming the line', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'mxadj-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ inputs: INPUTS, program: ['z1 = tanh(W1*b1 + x)', 'loss = sum(z1)'], output: 'loss' }));
    const r = await runCli(['adjoint', join(dir, 'a.json'), '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/program line 1/);
    expect(r.stderr).toMatch(/h×1.*n×1|cannot multiply/);
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ inputs: INPUTS, program: ['z1 = tanh(W1*x + z0)', 'z0 = b1', 'loss = sum(z1)'], output: 'loss' }));
    const r2 = await runCli(['adjoint', join(dir, 'b.json')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/"z0" is used before it is assigned/);
    expect(r2.stderr).not.toMatch(/at .*\.ts/);
  });
});
