/**
 * The problem set's files hold a problem and, beside it, what the tests know about it
 * (`source`, `expected`, `derivation`). The problem reader is strict (an unknown field
 * is bad input), so the tests hand it the problem alone: `problemOnly` writes a copy
 * without the test's fields (`source` becomes the problem's `description`).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** The fields of a problem-set file that belong to the tests, not to the problem. */
export const TEST_FIELDS = ['source', 'expected', 'derivation'] as const;

let dir: string | undefined;

/** The problem's JSON text without the tests' fields. */
export function problemText(path: string): string {
  const data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!(TEST_FIELDS as readonly string[]).includes(k)) out[k] = v;
  if (typeof data['source'] === 'string' && out['description'] === undefined) out['description'] = data['source'];
  return JSON.stringify(out, null, 2);
}

/** A path to a copy of the problem without the tests' fields (same base name, in a temporary folder). */
export function problemOnly(path: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'lagrangian-problems-'));
  const copy = join(dir, basename(path));
  writeFileSync(copy, problemText(path));
  return copy;
}
