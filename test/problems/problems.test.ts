/**
 * The problem set: every `test/problems/*.json` is run through `lagrangian solve --json`
 * in-process, and its answer is compared with the known answer stored in the file
 * (`expected`), which comes from the independent source named in `source` (a textbook
 * problem number or a hand derivation written out in `derivation`).
 *
 * Values are compared numerically: each expected text is parsed and evaluated (at
 * `parameter_values` for parametric problems), and so is each printed `text`, which
 * also checks that the printed texts parse back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { evaluateAll } from '../../src/compile/index.js';
import { parse } from '../../src/expr/index.js';
import { problemOnly } from './problem-set.js';

interface ExpectedPoint {
  point: Record<string, string>;
  /** When the optimum is not a strict local one of the sense (default: the sense's). */
  classification?: string;
  objective?: string;
  multipliers?: Record<string, string>;
}
interface Expected {
  status: string;
  exact?: boolean;
  kkt_points?: number;
  optimum?: ExpectedPoint[];
  sensitivities?: Record<string, string>;
}
interface ProblemFile {
  name: string;
  minimize?: string;
  maximize?: string;
  source: string;
  derivation?: string;
  parameter_values?: Record<string, number>;
  expected: Expected;
}

const DIR = new URL('.', import.meta.url).pathname;
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

function valueOf(text: string, params: Record<string, number>): number {
  return evaluateAll([parse(text)], params)[0]!;
}

function close(a: number, b: number, rtol = 1e-6): boolean {
  return Math.abs(a - b) <= rtol * Math.max(1, Math.abs(a), Math.abs(b));
}

describe('the problem set', () => {
  it('has at least 20 problems, each naming an independent source', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(20);
    for (const f of FILES) {
      const p = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as ProblemFile;
      expect(p.source.length, f).toBeGreaterThan(10);
      expect(p.expected.status, f).toMatch(/^(optimal|infeasible|unbounded|unattained|no_optimum_found)$/);
      if (/hand derivation/i.test(p.source) && !/:/.test(p.source)) expect(p.derivation, f).toBeTruthy();
    }
    const statuses = FILES.map((f) => (JSON.parse(readFileSync(join(DIR, f), 'utf8')) as ProblemFile).expected.status);
    expect(statuses).toContain('infeasible');
    expect(statuses).toContain('unbounded');
  });

  for (const file of FILES) {
    it(`solves ${file}`, async () => {
      const spec = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as ProblemFile;
      const exp = spec.expected;
      const params = spec.parameter_values ?? {};
      const r = await runCli(['solve', problemOnly(join(DIR, file)), '--json']);
      const out = JSON.parse(r.stdout);
      expect(out.status, `${file}: ${out.reason}`).toBe(exp.status);
      expect(r.code).toBe(exp.status === 'optimal' ? 0 : 1);
      if (exp.kkt_points !== undefined) expect(out.solutions.filter((s: { kind: string }) => s.kind === 'kkt')).toHaveLength(exp.kkt_points);
      if (exp.status !== 'optimal') {
        expect(out.optimum).toEqual([]);
        return;
      }
      const optima = (out.optimum as number[]).map((i) => out.solutions[i]);
      expect(optima).toHaveLength(exp.optimum!.length);
      for (const want of exp.optimum!) {
        const match = optima.find((s: { point: Record<string, { text: string }> }) =>
          Object.entries(want.point).every(([k, t]) => close(valueOf(s.point[k]!.text, params), valueOf(t, params))),
        );
        expect(match, `${file}: optimum ${JSON.stringify(want.point)} among ${JSON.stringify(optima.map((o: { point: unknown }) => o.point))}`).toBeDefined();
        expect(['minimum', 'maximum', 'degenerate']).toContain(match.classification);
        // An optimum of a minimisation is a local minimum, of a maximisation a local maximum
        // (each file's optimum is a strict one; a file may name another classification).
        const sense = 'minimize' in spec ? 'minimum' : 'maximum';
        expect(match.classification, `${file}: classification of ${JSON.stringify(want.point)}`).toBe(want.classification ?? sense);
        if (want.objective) expect(valueOf(match.objective.text, params)).toBeCloseTo(valueOf(want.objective, params), 8);
        for (const [k, t] of Object.entries(want.multipliers ?? {})) {
          expect(close(valueOf(match.multipliers[k].text, params), valueOf(t, params)), `${file}: ${k} = ${match.multipliers[k].text}, want ${t}`).toBe(true);
        }
        if (exp.exact) expect(match.exact, `${file}: exact`).toBe(true);
        if (Object.keys(params).length === 0) {
          // Without parameters every value is also given as a double that matches its text.
          for (const v of Object.values(match.point) as { text: string; value: number }[]) expect(close(v.value, valueOf(v.text, {}), 1e-12)).toBe(true);
        } else {
          // Texts in the parameters carry no value; constants still do.
          for (const v of Object.values(match.point) as { text: string; value?: number }[]) {
            if (/[A-Za-z]/.test(v.text.replace(/sqrt|exp|log|pi|\be\b/g, ''))) expect(v.value).toBeUndefined();
          }
        }
      }
      for (const [target, t] of Object.entries(exp.sensitivities ?? {})) {
        const s = out.sensitivities.find((x: { target: string }) => x.target === target);
        expect(s, `${file}: sensitivity ${target}`).toBeDefined();
        expect(close(valueOf(s.derivative.text, params), valueOf(t, params))).toBe(true);
        expect(s.relative_error).toBeLessThan(1e-5);
      }
    }, 60_000);
  }
});
