/**
 * docs/interface.md is the repository's copy of the shared CLI contract
 * (../shared/INTERFACE.md beside the clone, as in CI). The copy must be identical, so a
 * link into docs/ never shows a stale contract; and no document or help text may point
 * outside the repository any more.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// CI clones beside shared/; LAGRANGIAN_SHARED_INTERFACE points elsewhere (a worktree deeper down).
const SHARED = process.env['LAGRANGIAN_SHARED_INTERFACE'] ?? resolve(ROOT, '../shared/INTERFACE.md');
const COPY = join(ROOT, 'docs/interface.md');

describe('docs/interface.md', () => {
  it.skipIf(!existsSync(SHARED))(existsSync(SHARED) ? `is identical to ${SHARED}` : `is identical to the shared contract: SKIPPED, ${SHARED} not found beside the repository`, () => {
    expect(readFileSync(COPY, 'utf8')).toBe(readFileSync(SHARED, 'utf8'));
  });

  it('is the contract (names every command of the JSON output)', () => {
    const text = readFileSync(COPY, 'utf8');
    for (const word of ['diff', 'gradcheck', 'solve', '"status"']) expect(text).toContain(word);
  });

  it('no markdown file of the repository links outside it to shared/', () => {
    const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    for (const f of files) expect(readFileSync(join(ROOT, f), 'utf8'), f).not.toMatch(/\]\([^)]*shared\/INTERFACE\.md\)/);
  });

  it('every --help that names the contract names docs/interface.md', async () => {
    for (const cmd of [[], ['diff'], ['gradcheck'], ['solve'], ['maxent'], ['adjoint'], ['optimize'], ['demo']]) {
      const r = await runCli([...cmd, '--help']);
      expect(r.stdout, cmd.join(' ')).not.toMatch(/INTERFACE\.md/);
    }
    expect((await runCli(['--help'])).stdout).toContain('docs/interface.md');
  });
});
