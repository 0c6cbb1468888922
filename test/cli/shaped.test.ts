/** `diff` and `gradcheck` with --shape, --props, --dims and nested --at (INTERFACE.md, "Vectors and matrices"). */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { latexFields, oneJson, renderKatex, STACK_LINE } from './helpers.js';

const run = (...argv: string[]) => runCli(argv, { env: {} });

describe('diff with shapes', () => {
  it("x'*A*x w.r.t. x with A symmetric gives 2*A*x, with LaTeX (the done criterion)", async () => {
    const r = await run('diff', "x'*A*x", '--wrt', 'x', '--shape', 'x=n', '--shape', 'A=n,n', '--props', 'A=symmetric', '--json');
    expect(r.code).toBe(0);
    const doc = oneJson(r.stdout);
    expect(doc.status).toBe('ok');
    expect(doc.derivatives.x.text).toBe('2*A*x');
    expect(doc.derivatives.x.latex).toBe('2 \\boldsymbol{A} \\boldsymbol{x}');
    expect(doc.derivatives.x.shape).toEqual(['n']);
    for (const tex of latexFields(doc)) renderKatex(tex);
  });

  it("without the property the gradient is (A + A')*x", async () => {
    const r = await run('diff', "x'*A*x", '--wrt', 'x', '--shape', 'x=n', '--shape', 'A=n,n', '--json');
    expect(oneJson(r.stdout).derivatives.x.text).toBe("(A + A')*x");
  });

  it('values at an instance: least squares gradient 2*A\'*(A*x - b) and Hessian 2*A\'*A by hand', async () => {
    const r = await run(
      'diff', 'norm(A*x - b)^2', '--wrt', 'x', '--hessian', '--shape', 'x=n', '--shape', 'A=m,n', '--shape', 'b=m',
      '--dims', 'n=2,m=3', '--at', 'x=[1,2]', '--at', 'A=[[1,0],[0,1],[1,1]]', '--at', 'b=[1,1,1]', '--json',
    );
    expect(r.code).toBe(0);
    const doc = oneJson(r.stdout);
    // r = A x - b = [0, 1, 2]; f = 5; grad = 2 A' r = [4, 6]; H = 2 A'A = [[4,2],[2,4]].
    expect(doc.function.value).toBeCloseTo(5, 12);
    expect(doc.derivatives.x.text).toBe("2*A'*(A*x - b)");
    expect(doc.derivatives.x.value).toEqual([4, 6]);
    expect(doc.hessians.x.text).toBe("2*A'*A");
    expect(doc.hessians.x.value).toEqual([[4, 2], [2, 4]]);
  });

  it('the logistic Hessian is X\'*diag(y.^2 .* s .* (1 - s))*X, one fraction, y.^2 kept; values by hand', async () => {
    const r = await run(
      'diff', 'sum(log(ones(m) + exp(-y.*(X*w))))', '--wrt', 'w', '--hessian', '--shape', 'X=m,n', '--shape', 'y=m', '--shape', 'w=n',
      '--dims', 'n=2,m=2', '--at', 'X=[[1,1],[0,1]]', '--at', 'y=[1,-2]', '--at', 'w=[0,0]', '--json',
    );
    expect(r.code).toBe(0);
    const doc = oneJson(r.stdout);
    expect(doc.hessians.w.text).toBe("X'*diag(exp(-(y .* (X*w))) .* y.^2 ./ (ones(m) + exp(-(y .* (X*w)))).^2)*X");
    // At w = 0 each entry is y_i^2 e^0/(1 + e^0)^2 = y_i^2/4: D = diag(1/4, 1); X'*D*X = [[1/4, 1/4], [1/4, 5/4]].
    const H = doc.hessians.w.value as number[][];
    [[0.25, 0.25], [0.25, 1.25]].forEach((row, i) => row.forEach((v, j) => expect(H[i]![j]).toBeCloseTo(v, 14)));
    for (const tex of latexFields(doc)) renderKatex(tex);
  });

  it('the Jacobian of a vector, one row per output entry', async () => {
    const r = await run('diff', 'A*exp(x)', '--wrt', 'x', '--shape', 'x=n', '--shape', 'A=m,n', '--json');
    const doc = oneJson(r.stdout);
    expect(doc.derivatives.x.text).toBe('A*diag(exp(x))');
    expect(doc.derivatives.x.kind).toBe('jacobian');
    expect(doc.derivatives.x.shape).toEqual(['m', 'n']);
  });

  it('bad input is exit 2 with both shapes and the position, never a stack trace', async () => {
    const bad = [
      ['diff', 'x*A', '--shape', 'x=n', '--shape', 'A=n,n'],
      ['diff', 'x + y', '--shape', 'x=n', '--shape', 'y=m'],
      ['diff', 'tr(x)', '--shape', 'x=n'],
      ['diff', 'x', '--shape', 'x=n,0'],
      ['diff', 'x', '--shape', 'x=n', '--props', 'x=symmetric'],
      ['diff', 'x', '--shape', 'x=n', '--props', 'y=symmetric'],
      ['diff', "x'*x", '--shape', 'x=n', '--dims', 'n=2', '--at', 'x=[1,2,3]'],
      ['diff', "x'*x", '--shape', 'x=n', '--dims', 'n=2', '--at', 'x=[1,"a"]'],
      ['diff', 'tanh(W*x)', '--wrt', 'W', '--shape', 'x=n', '--shape', 'W=m,n'],
    ];
    for (const argv of bad) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
    const r = await run('diff', 'x*A', '--shape', 'x=n', '--shape', 'A=n,n');
    expect(r.stderr).toMatch(/at char 2: cannot multiply n×1 by n×n/);
  });

  // A scalar entry of the shaped --at is read as the scalar --at reads its values (one reader).
  it('a scalar in --at is a constant expression: a = pi/4 gives f = 3*pi/4 and gradient a*ones(n) = [pi/4, pi/4]', async () => {
    const r = await run('diff', 'a*sum(x)', '--wrt', 'x', '--shape', 'x=n', '--dims', 'n=2', '--at', 'a=pi/4', '--at', 'x=[1,2]', '--json');
    expect(r.code).toBe(0);
    const doc = oneJson(r.stdout);
    expect(doc.function.value).toBeCloseTo((3 * Math.PI) / 4, 14);
    expect(doc.derivatives.x.value).toEqual([Math.PI / 4, Math.PI / 4]);
  });

  it('a scalar in --at that is not a number is bad input (exit 2) with the scalar --at reasons, not an internal error', async () => {
    const cases: [string, string][] = [
      ['a=y', 'in --at "a=y" at char 3: value of a must be a number, but it contains the variable "y"'],
      ['a=exp(1000)', 'in --at "a=exp(1000)" at char 3: value of a is not a finite number (Infinity)'],
      ['a=1/0', 'in --at "a=1/0" at char 4: value of a: division by zero'], // at the /, as the parser points,
    ];
    for (const [at, message] of cases) {
      const r = await run('diff', 'a*sum(x)', '--wrt', 'x', '--shape', 'x=n', '--dims', 'n=2', '--at', at, '--at', 'x=[1,2]', '--json');
      expect(r.code, at).toBe(2);
      expect(oneJson(r.stdout).error.message, at).toBe(message);
    }
  });
});

describe('gradcheck with shapes', () => {
  it('passes for the logistic loss at a point given as nested lists', async () => {
    const r = await run(
      'gradcheck', 'sum(log(ones(m) + exp(-y.*(X*w))))', '--shape', 'w=n', '--shape', 'y=m', '--shape', 'X=m,n',
      '--dims', 'n=2,m=3', '--at', 'w=[0.1,-0.2]', '--at', 'y=[1,-1,1]', '--at', 'X=[[1,2],[3,4],[5,6]]', '--json',
    );
    expect(r.code).toBe(0);
    const doc = oneJson(r.stdout);
    expect(doc.status).toBe('passed');
    expect(doc.components.map((c: { wrt: string }) => c.wrt)).toContain('X[3,2]');
    expect(doc.components).toHaveLength(2 + 3 + 6);
  });
});

describe('diff with shapes writes a derivation page in matrix notation (--html, --latex)', () => {
  const args = ["x'*A*x + b'*x", '--wrt', 'x', '--shape', 'x=n', '--shape', 'A=n,n', '--shape', 'b=n', '--props', 'A=symmetric', '--hessian'];
  it('--latex - prints the gradient b + 2*A*x and the Hessian 2*A (hand-derived) in bold matrix notation', async () => {
    const r = await run('diff', ...args, '--latex', '-');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\\boldsymbol{b} + 2 \\boldsymbol{A} \\boldsymbol{x}');
    expect(r.stdout).toContain('= 2 \\boldsymbol{A}');
    expect(r.stdout).toContain('\\frac{\\partial f}{\\partial \\boldsymbol{x}}');
  });
  it('--html FILE writes a page whose values at a point are the hand values (f = 17, gradient [9, 13])', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const page = join(mkdtempSync(join(tmpdir(), 'lagrangian-mdiff-')), 'page.html');
    const r = await run('diff', ...args, '--dims', 'n=2', '--at', 'x=[1,2]', '--at', 'A=[[2,1],[1,3]]', '--at', 'b=[1,-1]', '--html', page);
    expect(r.code).toBe(0);
    const html = readFileSync(page, 'utf8');
    expect(html).not.toContain('katex-error');
    expect(html).toContain('[9,13]');
    expect(html).toMatch(/<td>17<\/td>/);
  });
});
