/**
 * Pages that read like a textbook (issue 15): mathematics in prose, notes, headings and
 * tables is typeset (never ASCII such as `mu_j >= 0` on a page), greek short names are
 * letters, the title comes from the problem's name or a sentence (never the raw
 * objective), sensitivities are exact where the optimum is and decimals where it is
 * numeric, and `--latex FILE --standalone` is a document pdflatex compiles.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { parse, toLatex } from '../../src/expr/index.js';
import { parseProblem, solveDerivation, solveProblem } from '../../src/lagrange/index.js';
import { renderHtml, renderText } from '../../src/render/index.js';

const dir = mkdtempSync(join(tmpdir(), 'lagrangian-pages-'));
const write = (name: string, data: object) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(data));
  return path;
};

/** The page's visible text: tags dropped, KaTeX's own copies of the source (annotation, MathML) removed. */
function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<annotation[\s\S]*?<\/annotation>/g, '')
    .replace(/<span class="katex-mathml">[\s\S]*?<\/math><\/span>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&');
}

const WITH_INEQUALITY = { variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1', 'x >= 0'] };

describe('mathematics on the solve page is typeset', () => {
  const page = renderHtml(solveDerivation(solveProblem(parseProblem(WITH_INEQUALITY))));
  const text = visibleText(page);

  it('the convention is KaTeX, not ASCII', () => {
    expect(page).toContain('\\mu_j \\ge 0');
    expect(page).toContain('g_j \\le 0');
    expect(text).not.toMatch(/mu_j\s*>=\s*0/);
    expect(text).not.toMatch(/g_j\s*<=\s*0/);
  });

  it('the notes of the constraints and the conditions are KaTeX', () => {
    expect(page).toContain('h_{1} = x + y - 1 = 0'.replace('x + y - 1', page.match(/h_\{1\} = ([^<]*?) = 0/)?.[1] ?? 'x + y - 1'));
    expect(text).not.toMatch(/\(?h_1 = /);
    expect(text).not.toMatch(/g_1 = .*<= 0/);
    expect(text).not.toMatch(/dL\/dx = 0/);
    expect(page).toContain('\\partial \\mathcal{L} / \\partial x = 0');
  });

  it('no ASCII relation between names is left in the page text', () => {
    expect(text).not.toMatch(/\b[A-Za-z]+_[A-Za-z0-9]+\s*(>=|<=)\s*\S/);
  });

  it('the text report keeps the plain forms', () => {
    const t = renderText(solveDerivation(solveProblem(parseProblem(WITH_INEQUALITY))));
    expect(t).toContain('mu_j >=');
    expect(t).toContain('(dL/dx = 0)');
  });
});

describe('titles', () => {
  it('a sentence about the problem, never the raw objective', () => {
    const d = solveDerivation(solveProblem(parseProblem({ variables: ['w1', 'w2'], minimize: 'w1^2 + 3*w1*w2 + w2^2', subject_to: ['w1 + w2 = 1'] })));
    expect(d.title).toBe('A minimisation in w1 and w2 under 1 constraint');
    expect(d.title).not.toContain('w1^2');
  });
  it("the problem's name, escaped on the page", () => {
    const d = solveDerivation(solveProblem(parseProblem({ ...WITH_INEQUALITY, name: 'Portfolio <script>alert(1)</script>' })));
    expect(d.title).toBe('Portfolio <script>alert(1)</script>');
    const html = renderHtml(d);
    expect(html).toContain('Portfolio &lt;script&gt;');
    expect(html).not.toContain('<script>alert');
  });
});

describe('greek short names', () => {
  it('eps is the letter epsilon', () => {
    expect(toLatex(parse('eps'))).toBe('\\varepsilon');
    expect(toLatex(parse('2*eps_1'))).toBe('2\\varepsilon_{1}');
    expect(toLatex(parse('epsx'))).toBe('\\mathit{epsx}');
  });
});

describe('sensitivities: exact where the optimum is exact, decimals where it is numeric', () => {
  it('a numeric optimum prints its sensitivity as a decimal, not a fraction of a double', async () => {
    // exp(x) + y^4 - x*y on the unit disc has no closed-form optimum: the multiplier is a double.
    const d = solveDerivation(solveProblem(parseProblem({ variables: ['x', 'y'], minimize: 'exp(x) + y^4 - x*y', subject_to: ['x^2 + y^2 <= 1'] })));
    const t = renderText(d);
    const sens = t.slice(t.indexOf('Sensitivities'));
    expect(sens).not.toMatch(/\d{8,}\/\d{8,}/);
    expect(sens).toMatch(/-0\.49995891\d*/);
  }, 60_000);
  it('--json: a numeric sensitivity is the shortest round-trip decimal, an exact one stays exact', async () => {
    const { solveResultJson } = await import('../../src/lagrange/index.js');
    // min x s.t. x^5 + 2x >= b: V(b) = r(b), the root of r^5 + 2r = b, so dV/db = 1/(5r^4 + 2).
    // At b = 1, r = 0.486389035934543 and dV/db = 0.4386278524338566 (SciPy brentq, outside this code).
    const numeric = solveResultJson(solveProblem(parseProblem({ variables: ['x'], minimize: 'x', subject_to: ['x^5 + 2*x >= 1'] })));
    const d = numeric.sensitivities[0]!.derivative;
    expect(d.text).toMatch(/^0\.43862785243385\d*$/);
    expect(Math.abs(Number(d.text) - 0.4386278524338566)).toBeLessThan(1e-12);
    expect(Number(d.text)).toBe(d.value); // round-trips to the same double
    expect(d.text.length).toBeLessThanOrEqual(19); // shortest form, not the binary fraction
    expect(d.latex).toBe(d.text);
    // min x^2 + y^2 s.t. x + y = b: V = b^2/2, dV/db = b = 1/2 at b = 1/2, exactly.
    const exact = solveResultJson(solveProblem(parseProblem({ variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1/2'] })));
    expect(exact.sensitivities[0]!.derivative).toMatchObject({ text: '1/2', latex: '\\frac{1}{2}', value: 0.5 });
  }, 60_000);
  it('an exact optimum prints its sensitivity exactly', () => {
    // min x^2 + y^2 s.t. x + y = 1: V(b) = b^2/2, dV/db = b = 1 = -lambda_1 (lambda_1 = -1).
    const d = solveDerivation(solveProblem(parseProblem({ variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1'] })));
    const table = d.steps.find((s) => s.title === 'Sensitivities')!.blocks.find((b) => b.kind === 'table');
    expect(table && table.kind === 'table' ? table.rows[0]![1] : undefined).toEqual({ text: '1', latex: '1' });
    expect(renderText(d)).toMatch(/rhs of x \+ y = 1 \| 1 /);
  });
});

const hasPdflatex = spawnSync('pdflatex', ['--version']).status === 0;

describe('--latex FILE --standalone compiles with pdflatex', () => {
  const files = {
    solve: write('s.json', { variables: ['x', 'y'], parameters: ['a'], assume: ['a > 0'], minimize: 'x^2 + y^2', subject_to: ['x + y = a', 'x >= 0'], parameter_values: { a: 1 } }),
    maxent: write('m.json', { support: ['-inf', 'inf'], parameters: ['mu', 'sigma'], assume: ['sigma > 0'], moments: [{ f: 'x', value: 'mu' }, { f: '(x-mu)^2', value: 'sigma^2' }] }),
    adjoint: write('a.json', { inputs: ['x'], program: ['a = exp(x)', 'b = a^2', 'c = a + b', 'd = exp(c)', 'g = sin(c)', 'f = d + g', 'z = 0.5*cos(z) + f'], output: 'z', at: { x: 0.3 } }),
  };
  for (const [command, input] of Object.entries(files)) {
    it(`${command}: a complete document`, async () => {
      const tex = join(dir, `${command}.tex`);
      const r = await runCli([command, input, '--latex', tex, '--standalone', '--quiet']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      const doc = readFileSync(tex, 'utf8');
      expect(doc).toMatch(/^\\documentclass\{article\}/);
      expect(doc).toContain('\\begin{document}');
      expect(doc.trimEnd()).toMatch(/\\end\{document\}$/);
      if (!hasPdflatex) return; // CI without TeX: the preamble checks above still run
      execFileSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', '-output-directory', dir, tex], { cwd: dir, stdio: 'pipe', timeout: 120_000 });
      expect(readFileSync(join(dir, `${command}.pdf`)).subarray(0, 5).toString()).toBe('%PDF-');
    }, 180_000);
  }
});

describe('maxent and adjoint pages typeset their formulas too', () => {
  const ascii = /\b[A-Za-z]+_[A-Za-z0-9]+\s*(>=|<=|=)\s*\S|\bsum_[a-z]\b|\blog Z\b/;
  it('maxent (closed form and Newton on the dual)', async () => {
    const { parseMaxentText, solveMaxent, maxentDerivation } = await import('../../src/maxent/index.js');
    for (const spec of [
      { support: ['-inf', 'inf'], parameters: ['mu', 'sigma'], assume: ['sigma > 0'], moments: [{ f: 'x', value: 'mu' }, { f: '(x-mu)^2', value: 'sigma^2' }] },
      { support: [0, 1], moments: [{ f: 'x^3', value: 0.2 }] },
    ]) {
      const page = renderHtml(maxentDerivation(solveMaxent(parseMaxentText(JSON.stringify(spec)))));
      const text = visibleText(page);
      expect(text).not.toMatch(ascii);
      expect(text).not.toMatch(/lambda_0 - 1/);
      expect(page).toContain('\\log p = \\lambda_0 - 1 + \\sum_k \\lambda_k f_k');
    }
  }, 60_000);
  it('adjoint (with a cycle)', async () => {
    const { analyzeProgram, adjointDerivation } = await import('../../src/adjoint/index.js');
    const page = renderHtml(adjointDerivation(analyzeProgram({ inputs: ['x'], program: ['z = 0.5*cos(z) + x', 'f = z^2'], output: 'f', at: { x: 1 } })));
    const text = visibleText(page);
    expect(text).not.toMatch(ascii);
    expect(text).not.toMatch(/z_i = f_i|r\(z\) = z/);
    expect(page).toContain('\\partial \\mathcal{L} / \\partial z_j = 0');
  });
});
