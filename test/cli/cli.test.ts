import { describe, expect, it } from 'vitest';
import { parse, toText } from '../../src/expr/index.js';
import { evaluate } from '../../src/compile/index.js';
import { DEFAULT_ATOL, DEFAULT_RTOL } from '../../src/numeric/index.js';
import { COMMANDS, EXIT, runCli, type Command } from '../../src/cli/index.js';
import { latexFields, oneJson, renderKatex, seed001Hand, STACK_LINE } from './helpers.js';

const SEED = 'exp(exp(x)+exp(x)^2)+sin(exp(x)+exp(x)^2)';
const quiet = { env: {} };
const run = (...argv: string[]) => runCli(argv, quiet);

describe('lagrangian (global)', () => {
  it('--help lists every registered command and exits 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name}`);
    expect(r.stdout).toContain('diff');
    expect(r.stdout).toContain('gradcheck');
    expect(r.stdout).toContain('demo');
  });

  it('every command has --help and -h (exit 0, usage on stdout, even with other arguments)', async () => {
    for (const c of COMMANDS) {
      for (const flag of ['--help', '-h']) {
        const r = await run(c.name, flag, '--bogus');
        expect(r.code, `${c.name} ${flag}`).toBe(0);
        expect(r.stdout).toContain(`Usage: lagrangian ${c.name}`);
        expect(r.stderr).toBe('');
      }
    }
    const viaHelp = await run('help', 'diff');
    expect(viaHelp.stdout).toContain('Usage: lagrangian diff');
  });

  it('--version prints the version of package.json', async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const r = await run('--version');
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('no arguments, an unknown command or an unknown option is bad input (exit 2)', async () => {
    expect((await run()).code).toBe(2);
    const unknown = await run('differentiate', 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "differentiate"');
    const opt = await run('diff', 'x^2', '--wrt', 'x', '--verbose');
    expect(opt.code).toBe(2);
    expect(opt.stderr).toContain('--verbose');
    expect(opt.stderr).not.toMatch(STACK_LINE);
  });
});

describe('lagrangian diff', () => {
  it('without --wrt, the variables come in natural order (x2 before x10), not string order', async () => {
    const doc = oneJson((await run('diff', 'x10 + x2^2 + x1', '--json')).stdout);
    expect(doc.wrt).toEqual(['x1', 'x2', 'x10']);
    expect(doc.derivatives.x2.text).toBe('2*x2');
  });
  it("prints the right value for seed 001's f (the issue's done criterion)", async () => {
    const r = await run('diff', SEED, '--wrt', 'x', '--at', 'x=0.3', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = oneJson(r.stdout);
    expect(doc.status).toBe('ok');
    expect(Object.keys(doc.derivatives)).toEqual(['x']);
    const d = doc.derivatives.x;
    expect(d.value).toBeCloseTo(seed001Hand(0.3), 10);
    expect(Math.abs(d.value - seed001Hand(0.3)) / seed001Hand(0.3)).toBeLessThan(1e-13);
    // The text parses back, and its values are the hand formula's (not the library's own gradient).
    for (const t of [-1, 0, 0.3, 1.2]) {
      const v = evaluate(parse(d.text), { x: t });
      expect(Math.abs(v - seed001Hand(t))).toBeLessThanOrEqual(1e-13 * Math.abs(seed001Hand(t)));
    }
    expect(doc.function.value).toBeCloseTo(Math.exp(Math.exp(0.3) + Math.exp(0.6)) + Math.sin(Math.exp(0.3) + Math.exp(0.6)), 10);
    renderKatex(d.latex);
  });

  it('agrees with the hand formula at several points (human output too)', async () => {
    for (const x of [-2, 0, 0.5, 1]) {
      const doc = oneJson((await run('diff', SEED, '--wrt', 'x', '--at', `x=${x}`, '--json')).stdout);
      expect(Math.abs(doc.derivatives.x.value - seed001Hand(x))).toBeLessThanOrEqual(1e-13 * Math.abs(seed001Hand(x)));
    }
    const human = await run('diff', SEED, '--wrt', 'x', '--at', 'x=0.3');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('df/dx');
    expect(human.stdout).toContain(String(oneJson((await run('diff', SEED, '--wrt', 'x', '--at', 'x=0.3', '--json')).stdout).derivatives.x.value));
  });

  it('gives the Hessian with rows and columns in the order of --wrt', async () => {
    // f = x^3 y^2: f_y = 2x^3 y, f_x = 3x^2 y^2, f_yy = 2x^3, f_yx = 6x^2 y, f_xx = 6x y^2.
    const r = await run('diff', 'x^3*y^2', '--wrt', 'y,x', '--at', 'x=2,y=3', '--hessian', '--json');
    expect(r.code).toBe(0);
    const doc = oneJson(r.stdout);
    expect(Object.keys(doc.derivatives)).toEqual(['y', 'x']);
    expect(doc.derivatives.y.value).toBe(48);
    expect(doc.derivatives.x.value).toBe(108);
    const values = doc.hessian.map((row: any[]) => row.map((h) => h.value));
    expect(values).toEqual([
      [16, 72],
      [72, 108],
    ]);
    expect(parse(doc.hessian[0][0].text)).toBe(parse('2*x^3'));
    expect(parse(doc.hessian[1][0].text)).toBe(parse('6*x^2*y'));
    const human = await run('diff', 'x^3*y^2', '--wrt', 'y,x', '--hessian');
    expect(human.stdout).toContain('Hessian');
    expect(human.stdout).toMatch(/d2f\/dy\^2\s+= 2\*x\^3/);
  });

  it('defaults --wrt to the variables of EXPR, alphabetically; an absent variable has derivative 0', async () => {
    const doc = oneJson((await run('diff', 'y*sin(x)', '--json')).stdout);
    expect(Object.keys(doc.derivatives)).toEqual(['x', 'y']);
    const zero = oneJson((await run('diff', 'x^2', '--wrt', 'x,z', '--at', 'x=1', '--json')).stdout);
    expect(zero.derivatives.z).toMatchObject({ text: '0', value: 0 });
    expect(zero.derivatives.x.value).toBe(2);
  });

  it('reads --at values as exact constant expressions (pi/4, 1/3, repeated --at)', async () => {
    const doc = oneJson((await run('diff', 'sin(x)*y', '--wrt', 'x', '--at', 'x=pi/4', '--at', 'y=1/3', '--json')).stdout);
    expect(doc.derivatives.x.value).toBeCloseTo(Math.cos(Math.PI / 4) / 3, 15);
    expect(doc.at).toEqual({ x: Math.PI / 4, y: 1 / 3 });
  });

  it('takes an expression that starts with "-" after "--"', async () => {
    const r = await run('diff', '--wrt', 'x', '--at', 'x=3', '--json', '--', '-x^2 + 3x');
    expect(r.code).toBe(0);
    const doc = oneJson(r.stdout);
    expect(parse(doc.derivatives.x.text)).toBe(parse('3 - 2*x'));
    expect(doc.derivatives.x.value).toBe(-3);
    // -x^2 is -(x^2): f(3) = -9 + 9.
    expect(doc.function.value).toBe(0);
  });

  it('explains a leading "-" without "--", and options placed after "--"', async () => {
    const r = await run('diff', '-x^2', '--wrt', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('after the options and "--"');
    expect(r.stderr).toContain('-x^2');
    expect(r.stderr).not.toMatch(STACK_LINE);
    const late = await run('diff', '--wrt', 'x', '--', '-x^2', '--json');
    expect(late.code).toBe(2);
    expect(late.stderr).toContain('before "--"');
  });

  it('reports a parse error with the text and position, no stack trace (exit 2)', async () => {
    const r = await run('diff', 'x + * y', '--wrt', 'x');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('"x + * y"');
    expect(r.stderr).toContain('char 5');
    expect(r.stderr).not.toMatch(STACK_LINE);
    // One paragraph: no blank line inside the message.
    expect(r.stderr.trim()).not.toMatch(/\n\s*\n/);
  });

  it('with --json a failure prints exactly one error document on stdout and the message on stderr', async () => {
    const r = await run('diff', 'x + * y', '--wrt', 'x', '--json');
    expect(r.code).toBe(2);
    const doc = oneJson(r.stdout);
    expect(doc.status).toBe('error');
    expect(doc.error.position).toBe(5);
    expect(doc.error.message).toContain('x + * y');
    expect(r.stderr).toContain('char 5');
  });

  it('rejects unknown functions, a missing value in --at, bad --at and --wrt text, naming the text and position', async () => {
    const cases: [string[], string[]][] = [
      [['diff', 'foo(x)', '--wrt', 'x'], ['"foo(x)"', 'unknown function "foo"', 'char 1']],
      [['diff', 'x*y + y', '--wrt', 'x', '--at', 'x=1'], ['"y"', 'x*y + y', 'char 3', '--at']],
      [['diff', 'x^2', '--wrt', 'x', '--at', 'x=1+'], ['--at "x=1+"', 'value of x']],
      [['diff', 'x^2', '--wrt', 'x', '--at', 'x=1,y'], ['--at "x=1,y"', 'name=value', 'char 5']],
      [['diff', 'x^2', '--wrt', 'x', '--at', 'x=y'], ['must be a number', 'char 3']],
      [['diff', 'x^2', '--wrt', 'x', '--at', 'x=1/0'], ['division by zero', '--at "x=1/0"']],
      [['diff', 'x^2', '--wrt', 'x,,y'], ['empty variable name', 'char 3', '--wrt "x,,y"']],
      [['diff', 'x^2', '--wrt', 'x,pi'], ['"pi" is a constant', 'char 3']],
      [['diff', 'x^2', '--wrt', 'x,x'], ['listed twice']],
      [['diff', 'x', '+', 'y'], ['expected one expression', 'quote']],
      [['diff', '--wrt', 'x'], ['missing the expression']],
      [['diff', '2', '--at', 'x=1'], ['no variables', '--wrt']],
      [['diff', 'x^2', '--at', '-1'], ['--at=VALUE']],
      [['diff', 'x^2', '--wrt'], ['--wrt needs a value']],
    ];
    for (const [argv, needles] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      for (const n of needles) expect(r.stderr, argv.join(' ')).toContain(n);
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(r.stdout).toBe('');
    }
  });

  it('exits 1 when a value is not finite at the point (the JSON says so, value null)', async () => {
    const r = await run('diff', 'log(x)', '--wrt', 'x', '--at', 'x=0', '--json');
    expect(r.code).toBe(1);
    const doc = oneJson(r.stdout);
    expect(doc.status).toBe('not_finite');
    expect(doc.function.value).toBeNull();
    expect(r.stderr).toContain('not finite');
  });
});

describe('lagrangian gradcheck', () => {
  it('passes on a correct gradient, one component per variable of --at, in its order', async () => {
    const r = await run('gradcheck', 'x^2*y + sin(x*y)', '--at', 'y=2,x=1', '--json');
    expect(r.code).toBe(0);
    const doc = oneJson(r.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.components.map((c: any) => c.wrt)).toEqual(['y', 'x']);
    const [cy, cx] = doc.components;
    // d/dx = 2xy + y cos(xy), d/dy = x^2 + x cos(xy) at (1, 2).
    expect(cx.symbolic).toBeCloseTo(4 + 2 * Math.cos(2), 14);
    expect(cy.symbolic).toBeCloseTo(1 + Math.cos(2), 14);
    for (const c of doc.components) {
      expect(c.abs_error).toBe(Math.abs(c.symbolic - c.numeric));
      expect(c.abs_error).toBeLessThan(1e-8);
      expect(typeof c.rel_error).toBe('number');
    }
    expect(doc.max_abs_error).toBe(Math.max(cx.abs_error, cy.abs_error));
    expect(doc.max_rel_error).toBe(Math.max(cx.rel_error, cy.rel_error));
  });

  it('includes a variable of --at that EXPR lacks (derivative 0)', async () => {
    const doc = oneJson((await run('gradcheck', 'x^2', '--at', 'x=1,z=5', '--json')).stdout);
    expect(doc.components.map((c: any) => [c.wrt, c.symbolic])).toEqual([
      ['x', 2],
      ['z', 0],
    ]);
    expect(doc.ok).toBe(true);
  });

  it('fails (exit 1) when the tolerances cannot be met, and honours --atol/--rtol', async () => {
    // The central difference of sin(100x) at 0.01 has truncation error h^2 * 1e6 cos(1) / 6
    // (about 3e-6 at h = 6e-6), far above its rounding noise (about 1e-10) and far below
    // the default tolerance (rtol 1e-4 of |f'| = 54).
    const strict = await run('gradcheck', 'sin(100x)', '--at', 'x=0.01', '--atol', '0', '--rtol', '0', '--json');
    expect(strict.code).toBe(1);
    const doc = oneJson(strict.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.max_abs_error).toBeGreaterThan(1e-7);
    expect(doc.max_abs_error).toBeLessThan(1e-4);
    const loose = await run('gradcheck', 'sin(100x)', '--at', 'x=0.01', '--json');
    expect(loose.code).toBe(0);
    expect(oneJson(loose.stdout).components[0].symbolic).toBeCloseTo(100 * Math.cos(1), 12);
    const human = await run('gradcheck', 'sin(100x)', '--at', 'x=0.01', '--atol', '0', '--rtol', '0');
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('FAIL');
  });

  it('Richardson extrapolation is at least as accurate on a smooth function', async () => {
    const plain = oneJson((await run('gradcheck', 'sin(3x)*exp(x)', '--at', 'x=0.7', '--json')).stdout);
    const rich = oneJson((await run('gradcheck', 'sin(3x)*exp(x)', '--at', 'x=0.7', '--richardson', '--json')).stdout);
    expect(rich.ok).toBe(true);
    expect(rich.max_abs_error).toBeLessThanOrEqual(plain.max_abs_error);
  });

  it('documents the default tolerances that the library applies', async () => {
    const help = (await run('gradcheck', '--help')).stdout;
    expect(help).toContain(`default ${DEFAULT_ATOL.toExponential()}`);
    expect(help).toContain(`default ${DEFAULT_RTOL.toExponential()}`);
    const doc = oneJson((await run('gradcheck', 'x^3', '--at', 'x=2', '--json')).stdout);
    expect([doc.atol, doc.rtol]).toEqual([DEFAULT_ATOL, DEFAULT_RTOL]);
  });

  it('rejects a missing --at, a missing value and bad tolerances (exit 2)', async () => {
    for (const [argv, needle] of [
      [['gradcheck', 'x^2'], '--at'],
      [['gradcheck', 'x*y', '--at', 'x=1'], '"y"'],
      [['gradcheck', 'x^2', '--at', 'x=1', '--atol', 'tiny'], '--atol'],
      [['gradcheck', 'x^2', '--at', 'x=1', '--rtol=-1'], '--rtol'],
    ] as const) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain(needle);
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
  });
});

describe('lagrangian demo', () => {
  it('runs every built-in case and verifies it (exit 0, one JSON document)', async () => {
    const r = await run('demo', '--json');
    const doc = oneJson(r.stdout);
    expect(doc.demos.filter((d: any) => !d.ok).map((d: any) => d.name)).toEqual([]);
    expect(r.code).toBe(0);
    expect(doc.ok).toBe(true);
    for (const d of doc.demos) expect(d.checks.length).toBeGreaterThan(0);
    const seed = doc.demos.find((d: any) => d.name === 'exp-composition');
    expect(seed.data.value_at_0_3).toBeCloseTo(seed001Hand(0.3), 10);
  }, 60_000);

  it('prints a human-readable report, lists its cases, and rejects an unknown case', async () => {
    const r = await run('demo', 'exp-composition');
    expect((await run('demo', 'seed001')).stdout).toContain('== exp-composition'); // the former name still works
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('== exp-composition');
    expect(r.stdout).toMatch(/All \d+ checks of 1 case passed/);
    const list = await run('demo', '--list');
    expect(list.stdout).toContain('exp-composition');
    expect(list.stdout).not.toMatch(/seed ?00\d/);
    const bad = await run('demo', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown demo "nope"');
  });
});

describe('errors that are bugs', () => {
  const broken: Command = {
    name: 'broken',
    summary: 'throws',
    help: 'Usage: lagrangian broken',
    async run() {
      throw new TypeError('cannot read properties of undefined');
    },
  };

  it('exit 70 with "please report", the stack only with LAGRANGIAN_DEBUG=1', async () => {
    const r = await runCli(['broken'], { env: {}, commands: [broken] });
    expect(r.code).toBe(EXIT.INTERNAL);
    expect(r.stderr).toContain('internal error');
    expect(r.stderr).toContain('please report');
    expect(r.stderr).not.toMatch(STACK_LINE);
    const debug = await runCli(['broken'], { env: { LAGRANGIAN_DEBUG: '1' }, commands: [broken] });
    expect(debug.stderr).toMatch(STACK_LINE);
    const json = await runCli(['broken', '--json'], { env: {}, commands: [broken] });
    expect(oneJson(json.stdout)).toMatchObject({ status: 'error', error: { internal: true } });
  });
});

describe('LaTeX in every output', () => {
  it('renders with KaTeX (throwOnError) for every latex field', async () => {
    const outputs = await Promise.all([
      run('diff', SEED, '--wrt', 'x', '--at', 'x=0.3', '--hessian', '--json'),
      run('diff', 'sqrt(x^2 + y^2) - lambda_0*log(sigma*x) + tanh(x)/y + abs(x)', '--wrt', 'x,y,sigma,lambda_0', '--hessian', '--json'),
      run('diff', 'x^(1/3) * cos(mu)^2 / (1 + exp(-x))', '--hessian', '--json'),
      run('demo', '--json'),
    ]);
    let count = 0;
    for (const r of outputs) {
      for (const latex of latexFields(oneJson(r.stdout))) {
        expect(() => renderKatex(latex), latex).not.toThrow();
        count++;
      }
    }
    expect(count).toBeGreaterThan(30);
  }, 60_000);

  it('every printed text parses back to the hand-derived derivative', async () => {
    const text = 'x*exp(-y^2/2) + sin(x*y)/x';
    const doc = oneJson((await run('diff', text, '--wrt', 'x,y', '--hessian', '--json')).stdout);
    // By hand: f_x = exp(-y²/2) + y cos(xy)/x − sin(xy)/x², f_y = −x y exp(-y²/2) + cos(xy).
    const fx = (x: number, y: number): number => Math.exp(-y * y / 2) + (y * Math.cos(x * y)) / x - Math.sin(x * y) / (x * x);
    const fy = (x: number, y: number): number => -x * y * Math.exp(-y * y / 2) + Math.cos(x * y);
    for (const [x, y] of [[0.7, -0.4], [1.3, 2.1], [-2, 0.5]] as const) {
      const gx = evaluate(parse(doc.derivatives.x.text), { x, y });
      const gy = evaluate(parse(doc.derivatives.y.text), { x, y });
      expect(Math.abs(gx - fx(x, y))).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(fx(x, y))));
      expect(Math.abs(gy - fy(x, y))).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(fy(x, y))));
    }
    // The text is the canonical print of what it parses to.
    expect(doc.derivatives.x.text).toBe(toText(parse(doc.derivatives.x.text)));
  });
});
