/**
 * The text of every KKT condition family, against a hand derivation (INTERFACE.md:
 * minimise f subject to h = 0 and g <= 0, L = f + Σ λ h + Σ μ g, μ >= 0), in the JSON
 * and on the HTML page. For min x² + y² s.t. x + y = 1, x >= 0 (g₁ = −x), y <= 3
 * (g₂ = y − 3):
 *   stationarity  2x + λ₁ − μ₁ = 0,  2y + λ₁ + μ₂ = 0
 *   primal        x + y − 1 = 0,  −x <= 0,  y − 3 <= 0
 *   dual          μ₁ >= 0,  μ₂ >= 0
 *   complementary μ₁·(−x) = 0,  μ₂·(y − 3) = 0
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { expand, neg, parse, parseRelation, sub, type Expr } from '../../src/expr/index.js';

const dir = mkdtempSync(join(tmpdir(), 'lagrangian-kkt-'));
const path = join(dir, 'p.json');
writeFileSync(path, JSON.stringify({ variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1', 'x >= 0', 'y <= 3'] }));

/** `a op b` as (d, op) with op in {'=', '<='}: d = a - b, or b - a for '>='. */
function normal(lhs: Expr, op: string, rhs: Expr): [Expr, string] {
  if (op === '>=') return [expand(sub(rhs, lhs)), '<='];
  return [expand(sub(lhs, rhs)), op];
}

const EXPECTED: Record<string, string[]> = {
  stationarity: ['2*x + lambda_1 - mu_1 = 0', '2*y + lambda_1 + mu_2 = 0'],
  primal: ['x + y - 1 = 0', '-x <= 0', 'y - 3 <= 0'],
  dual: ['mu_1 >= 0', 'mu_2 >= 0'],
  complementary: ['mu_1*(-x) = 0', 'mu_2*(y - 3) = 0'],
};

/** Same relation: same normal difference (an equation may be written negated). */
function same(a: [Expr, string], b: [Expr, string]): boolean {
  if (a[1] !== b[1]) return false;
  return a[0] === b[0] || (a[1] === '=' && a[0] === expand(neg(b[0])));
}

describe('the text of every KKT condition family', () => {
  it('in the JSON', async () => {
    const r = await runCli(['solve', path, '--json']);
    expect(r.code).toBe(0);
    const conditions = JSON.parse(r.stdout).conditions as { kind: string; text: string }[];
    for (const [kind, texts] of Object.entries(EXPECTED)) {
      const got = conditions.filter((c) => c.kind === kind).map((c) => {
        const rel = parseRelation(c.text);
        return { text: c.text, n: normal(rel.lhs, rel.op, rel.rhs) };
      });
      expect(got.map((g) => g.text), kind).toHaveLength(texts.length);
      texts.forEach((t, i) => {
        const rel = parseRelation(t);
        expect(same(got[i]!.n, normal(rel.lhs, rel.op, rel.rhs)), `${kind} ${i + 1}: got ${got[i]!.text}, expected ${t}`).toBe(true);
      });
    }
  });

  it('on the HTML page', async () => {
    const html = join(dir, 'p.html');
    const r = await runCli(['solve', path, '--html', html]);
    expect(r.code).toBe(0);
    const page = readFileSync(html, 'utf8');
    // KaTeX keeps each formula's source; an equation row is the left side, then "{}op right side".
    const tex = [...page.matchAll(/application\/x-tex">([^<]*)</g)].map((m) => m[1]!.replace(/\\displaystyle|\{\}|\s/g, ''));
    const rows = new Set<string>();
    for (let i = 0; i + 1 < tex.length; i++) if (/^(=|\\le|\\ge)/.test(tex[i + 1]!)) rows.add(tex[i]! + tex[i + 1]!);
    const want = [
      '\\mu_{1}\\ge0',
      '\\mu_{2}\\ge0',
      '-x\\le0',
      'y-3\\le0',
      'x+y-1=0',
      '\\lambda_{1}-\\mu_{1}+2x=0',
      '\\lambda_{1}+\\mu_{2}+2y=0',
      '-\\mu_{1}x=0',
    ];
    for (const w of want) expect(rows.has(w), `${w} in ${[...rows].join('  ')}`).toBe(true);
    for (const bad of ['\\mu_{1}\\le0', '\\mu_{2}\\le0']) expect(rows.has(bad)).toBe(false);
  });
});
