/**
 * Every TypeScript snippet of docs/library.md runs against the library (its
 * `'lagrangian'` import pointed at src/index.ts), and every line
 * `console.log(...); // → X` prints exactly X. The expected values are the hand
 * derivations stated beside them in the page.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const page = readFileSync(join(ROOT, 'docs/library.md'), 'utf8');
const snippets = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const OUT = join(ROOT, 'test-output/snippets');

declare global {
  // eslint-disable-next-line no-var
  var __docLog: ((...args: unknown[]) => void) | undefined;
}

describe('docs/library.md snippets', () => {
  it('has snippets for SymPy users, CasADi users, a solved problem and a page with a plot', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(5);
    for (const word of ['lambdify', 'toLatex', 'derivative', 'compile', 'optimumOf', 'renderHtml', 'fieldPlot']) expect(snippets.join('\n')).toContain(word);
  });

  snippets.forEach((code, k) => {
    it(`snippet ${k + 1} runs and prints what the page says`, async () => {
      const expected = code
        .split('\n')
        .filter((l) => l.includes('console.log(') && l.includes('// → '))
        .map((l) => l.slice(l.indexOf('// → ') + 5).replace(/ \(=.*\)$/, '')); // a trailing "(= ...)" is the reader's note
      const source = code.replace(/from 'lagrangian'/g, `from '${pathToFileURL(join(ROOT, 'src/index.ts')).href}'`).replace(/console\.log\(/g, 'globalThis.__docLog!(');
      mkdirSync(OUT, { recursive: true });
      const file = join(OUT, `snippet-${k + 1}.ts`);
      writeFileSync(file, source);
      const printed: string[] = [];
      globalThis.__docLog = (...args: unknown[]) => printed.push(format(...args));
      try {
        await import(pathToFileURL(file).href);
      } finally {
        globalThis.__docLog = undefined;
      }
      expect(printed).toEqual(expected);
    });
  });
});
