/**
 * No ASCII formulas on a page (issue 15): every generated page under docs/derivations/
 * and the pages the CLI writes with --html for the documented examples are scanned for
 * ASCII mathematics (`x^2`, `X'*X`, `inv(`, `sqrt(`, `*`, `h_1`, `norm(`, `>=`) in their
 * text outside KaTeX's output; each hit is listed with its page. Formulas in prose,
 * notes, headings and table cells must be math items, which KaTeX typesets.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { asciiMathHits } from './ascii-math.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PAGES = join(ROOT, 'docs', 'derivations');
const EXAMPLES = join(ROOT, 'docs', 'examples');

describe('the scanner', () => {
  it('finds ASCII formulas in prose, headings and cells, and nothing inside KaTeX', () => {
    const html =
      '<h1>Minimise x^2</h1><p>with <span class="katex"><span class="katex-mathml">x^2 sqrt(2)</span><span>x</span></span> fine</p>' +
      '<td>h_1 = 0</td><td>W1</td><p>inv(A)</p><style>a*b{}</style><svg><text>x^2</text></svg><p>mu_j &gt;= 0</p><p>a plain sentence, d1 and 2-D.</p>';
    expect(asciiMathHits(html)).toEqual([
      'power: "Minimise x^2"',
      'subscript: "h_1 = 0"',
      'inv(: "inv(A)"',
      'subscript, >= or <=: "mu_j >= 0"',
    ]);
  });
});

const pages = readdirSync(PAGES).filter((f) => f.endsWith('.html')).sort();

describe('no ASCII formulas on the pages of docs/derivations/', () => {
  it('finds the pages', () => expect(pages.length).toBeGreaterThanOrEqual(10));
  for (const page of pages) {
    it(page, () => {
      expect(asciiMathHits(readFileSync(join(PAGES, page), 'utf8'))).toEqual([]);
    });
  }
});

describe('no ASCII formulas on the pages the CLI writes (--html) for the documented examples', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lagrangian-ascii-'));
  const write = (name: string, data: object) => {
    const p = join(dir, name);
    writeFileSync(p, JSON.stringify(data));
    return p;
  };
  const cases: Record<string, string[]> = {
    'solve nearest-point': ['solve', join(EXAMPLES, 'nearest-point.json')],
    'solve with an inequality and a parameter': ['solve', write('s.json', { variables: ['x', 'y'], parameters: ['a'], assume: ['a > 0'], minimize: 'x^2 + y^2', subject_to: ['x + y = a', 'x >= 0'] })],
    'solve x*y on a circle': ['solve', write('c.json', { variables: ['x', 'y'], minimize: 'x*y', subject_to: ['x^2 + y^2 = 4'] })],
    'solve, numeric optimum': ['solve', write('n.json', { variables: ['x'], minimize: 'x', subject_to: ['x^5 + 2*x >= 1'] })],
    'solve in matrix form': ['solve', write('t.json', { variables: [{ name: 'd', shape: ['n'] }], parameters: [{ name: 'g', shape: ['n'] }, 'eps'], assume: ['eps > 0'], maximize: "g'*d", subject_to: ["d'*d <= eps"] })],
    'solve, infeasible (the reason quotes the constraints)': ['solve', write('i.json', { variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y >= 2', 'x + y <= 1'] })],
    'solve in matrix form, no closed form': ['solve', write('lo.json', { variables: [{ name: 'w', shape: ['n'] }], parameters: [{ name: 'S', shape: ['n', 'n'], properties: ['positive_definite'] }], minimize: "w'*S*w", subject_to: ["ones(n)'*w = 1", 'w >= 0'] })],
    'maxent, Newton on the dual': ['maxent', write('mx.json', { support: [0, 1], moments: [{ f: 'x^3', value: 0.2 }] })],
    'maxent brandeis-dice': ['maxent', join(EXAMPLES, 'brandeis-dice.json')],
    'maxent gaussian': ['maxent', write('m.json', { support: ['-inf', 'inf'], parameters: ['mu', 'sigma'], assume: ['sigma > 0'], moments: [{ f: 'x', value: 'mu' }, { f: '(x-mu)^2', value: 'sigma^2' }] })],
    'adjoint linear-loss': ['adjoint', join(EXAMPLES, 'linear-loss.json')],
    'adjoint with a cycle': ['adjoint', write('a.json', { inputs: ['x'], program: ['z = 0.5*cos(z) + x', 'f = z^2'], output: 'f', at: { x: 1 } })],
    'diff with a Hessian': ['diff', 'x^2*y + exp(x*y)', '--wrt', 'x,y', '--hessian', '--at', 'x=1/2,y=-1'],
    'diff in matrix form': ['diff', "x'*A*x", '--wrt', 'x', '--shape', 'x=n', '--shape', 'A=n,n', '--props', 'A=symmetric'],
  };
  for (const [name, args] of Object.entries(cases)) {
    it(name, async () => {
      const r = await runCli([...args, '--html', '-']);
      expect(r.code, r.stderr).toBeLessThanOrEqual(1); // 1: a well-formed problem without an optimum still gets its page
      expect(r.stdout).toContain('<html');
      expect(asciiMathHits(r.stdout)).toEqual([]);
    }, 60_000);
  }
});
