/**
 * `--timeout SECONDS` (INTERFACE.md, every command): the only wall-clock limit. A run cut
 * short exits 1 with status no_optimum_found (error for diff/gradcheck) and a reason that
 * says so; a run that finishes in time answers exactly as without the option.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { splitTimeout } from '../../src/cli/timeout.js';

const dir = mkdtempSync(join(tmpdir(), 'lagrangian-timeout-'));
/** a_i = sin(a_{i-1}), 6,000 lines: seconds of derivation, far more than 0.3 s. */
function longChain(): string {
  const program = ['a1 = sin(x)', ...Array.from({ length: 5999 }, (_, i) => `a${i + 2} = sin(a${i + 1})`)];
  const path = join(dir, 'chain.json');
  writeFileSync(path, JSON.stringify({ inputs: ['x'], program, output: 'a6000', at: { x: 0.3 } }));
  return path;
}

describe('--timeout', () => {
  it('cuts a long computation short: exit 1, status no_optimum_found, the reason names the limit', async () => {
    const r = await runCli(['adjoint', longChain(), '--json', '--timeout', '0.3']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('no_optimum_found');
    expect(doc.reason).toMatch(/--timeout of 0\.3 s ran out/);
    expect(r.stderr).toMatch(/--timeout of 0\.3 s ran out/);
  }, 60_000);

  it('a run that finishes in time gives the same answer as without the option', async () => {
    const plain = await runCli(['diff', 'x^3*y', '--wrt', 'x,y', '--at', 'x=2,y=1/2', '--json']);
    const timed = await runCli(['diff', 'x^3*y', '--wrt', 'x,y', '--at', 'x=2,y=1/2', '--json', '--timeout=120']);
    expect(timed.code).toBe(0);
    expect(timed.stdout).toBe(plain.stdout);
    // d/dx x^3 y = 3x^2 y = 6 at (2, 1/2); d/dy = x^3 = 8.
    const doc = JSON.parse(timed.stdout);
    expect(doc.derivatives.x.value).toBe(6);
    expect(doc.derivatives.y.value).toBe(8);
  }, 60_000);

  it('refuses a timeout that is not a positive number (exit 2), and leaves arguments after -- alone', async () => {
    for (const bad of ['0', '-1', 'abc', 'Infinity']) {
      const r = await runCli(['diff', 'x^2', '--wrt', 'x', '--timeout', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--timeout/);
    }
    expect(splitTimeout(['diff', '--wrt', 'x', '--', '--timeout'])).toEqual({ rest: ['diff', '--wrt', 'x', '--', '--timeout'] });
    expect(splitTimeout(['solve', 'p.json', '--timeout', '2.5'])).toEqual({ seconds: 2.5, rest: ['solve', 'p.json'] });
  });
});
