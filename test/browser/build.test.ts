/**
 * The esbuild browser build (scripts/build-playground.ts), without a browser: it builds
 * (platform browser: a `node:` import anywhere in the graph would fail it), the ESM
 * bundle of lagrangian/core imports nothing, and the worker script, run in a bare V8
 * context with nothing of Node in reach (no process, require or Buffer), answers a
 * request with the optimum known by hand.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlayground, type PlaygroundBuild } from '../../scripts/build-playground.js';

describe('the browser build of lagrangian/core', () => {
  const dir = mkdtempSync(join(tmpdir(), 'playground-'));
  let sizes: PlaygroundBuild;
  beforeAll(async () => {
    sizes = await buildPlayground(dir);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('bundles core as one ES module that imports nothing', () => {
    const lib = readFileSync(join(dir, 'lagrangian.js'), 'utf8');
    expect(lib).not.toMatch(/\bimport\s*[^;]*?from\s*["']|\bimport\s*\(\s*["']|\brequire\s*\(/);
    expect(lib).toMatch(/export\s*\{[^}]*\bsolveProblem\b/);
    // Reasonably small: the library with KaTeX, minified (about 710 KiB when this was written).
    expect(sizes.library).toBeLessThan(1_200_000);
    expect(sizes.worker).toBeLessThan(1_200_000);
  });

  it('copies KaTeX stylesheet and the woff2 fonts it names', () => {
    const css = readFileSync(join(dir, 'katex', 'katex.min.css'), 'utf8');
    const fonts = [...css.matchAll(/url\((fonts\/[^)]+)\)/g)].map((m) => m[1]!);
    expect(fonts.length).toBeGreaterThanOrEqual(20);
    for (const f of fonts) {
      expect(f).toMatch(/\.woff2$/);
      expect(readFileSync(join(dir, 'katex', f)).length).toBeGreaterThan(1000);
    }
  });

  it('the worker script answers in a context without Node: min x^2 + y^2 on x + y = 1 is 1/2 at (1/2, 1/2)', () => {
    const replies: any[] = [];
    const self: { onmessage: ((e: { data: unknown }) => void) | null; postMessage(m: unknown): void } = { onmessage: null, postMessage: (m) => replies.push(m) };
    const context = { self };
    runInNewContext(`${readFileSync(join(dir, 'worker.js'), 'utf8')}\nlagrangianWorker();`, context);
    expect(runInNewContext('typeof process + typeof require + typeof Buffer', context)).toBe('undefinedundefinedundefined');
    self.onmessage!({ data: { id: 7, command: 'solve', text: JSON.stringify({ variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1'] }) } });
    expect(replies).toHaveLength(1);
    const r = replies[0];
    expect(r.id).toBe(7);
    expect(r.ok).toBe(true);
    const json = JSON.parse(r.json);
    const best = json.solutions[json.optimum[0]];
    expect([best.point.x.value, best.point.y.value, best.objective.value]).toEqual([0.5, 0.5, 0.5]);
    expect(r.html).toContain('class="katex"');
    expect(r.plot).toMatch(/^<svg[\s\S]*data:image\/png;base64,[\s\S]*<\/svg>$/);
  });
});
