// The docs are edited by scripts that fill in measured figures; one such script once
// replaced an empty pattern and inserted a paragraph between every character of
// docs/benchmarks.md (20 MB). These checks catch that class of accident: a size bound, no
// paragraph repeated, and no unreplaced placeholder left behind.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const markdown = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

/** Paragraphs of prose (not tables, code or lists), at least 200 characters long. */
function longParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length >= 200 && !p.startsWith('|') && !p.startsWith('```') && !p.startsWith('    '));
}

describe('markdown documents stay sane', () => {
  for (const file of markdown) {
    it(`${file}: under 400 kB, no long paragraph twice, no placeholder`, () => {
      const path = join(root, file);
      expect(statSync(path).size).toBeLessThan(400_000);
      const text = readFileSync(path, 'utf8');
      const seen = new Set<string>();
      const repeated: string[] = [];
      for (const p of longParagraphs(text)) {
        if (seen.has(p)) repeated.push(p.slice(0, 80));
        seen.add(p);
      }
      expect(repeated).toEqual([]);
      // An all-capitals token with an underscore on a line of its own is a fill-in slot.
      expect(text.match(/^[A-Z0-9]+_[A-Z0-9_]+$/m)).toBeNull();
    });
  }
});
