/**
 * The real binary, as a user runs it: `node dist/cli.js`. The build output is made
 * here when it is missing or older than a source file (CI builds it in `npm ci`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { oneJson, seed001Hand, STACK_LINE } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'dist', 'cli.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, LAGRANGIAN_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(bin) || statSync(bin).mtimeMs < newestSource(join(root, 'src'))) {
    // The build may report type errors in rooms being edited elsewhere; tsc still emits.
    try {
      execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
    } catch {
      /* emitted anyway; the tests below say whether the binary works */
    }
  }
}, 180_000);

describe('node dist/cli.js', () => {
  it('is an executable node script', () => {
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.lagrangian).toBe('dist/cli.js');
  });

  it("prints the right value for seed 001's derivative at x = 0.3 and exits 0", () => {
    const r = cli('diff', 'exp(exp(x)+exp(x)^2)+sin(exp(x)+exp(x)^2)', '--wrt', 'x', '--at', 'x=0.3', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const value = oneJson(r.stdout).derivatives.x.value;
    expect(Math.abs(value - seed001Hand(0.3))).toBeLessThan(1e-12 * seed001Hand(0.3));
  });

  it('exits 2 on bad input with the text and position on stderr and no stack trace', () => {
    const r = cli('gradcheck', 'sin(x', '--at', 'x=1', '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"sin(x"');
    expect(r.stderr).toMatch(/char \d+/);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(oneJson(r.stdout).status).toBe('error');
  });

  it('exits 1 for a well-formed problem without an answer', () => {
    const r = cli('diff', '1/x', '--wrt', 'x', '--at', 'x=0');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not finite');
  });
});
