/**
 * The real binary, as a user runs it: `node dist/bin/cli.js`, the bundle that
 * package.json's "bin" names (scripts/bundle-cli.mjs), and tsc's module-per-module
 * `dist/cli.js` beside it. The build is made here when it is missing or older than a
 * source file (CI builds it in `npm ci`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { oneJson, seed001Hand, STACK_LINE } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'dist', 'bin', 'cli.js');
const unbundled = join(root, 'dist', 'cli.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function run(entry: string, args: string[]) {
  const r = spawnSync(process.execPath, [entry, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, LAGRANGIAN_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const cli = (...args: string[]) => run(bin, args);

beforeAll(() => {
  const stale = (f: string) => !existsSync(f) || statSync(f).mtimeMs < newestSource(join(root, 'src'));
  if (stale(unbundled)) {
    // The build may report type errors in rooms being edited elsewhere; tsc still emits.
    try {
      execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
    } catch {
      /* emitted anyway; the tests below say whether the binary works */
    }
  }
  if (stale(bin)) execFileSync(process.execPath, [join(root, 'scripts', 'bundle-cli.mjs')], { cwd: root, stdio: 'pipe' });
}, 180_000);

describe('node dist/bin/cli.js', () => {
  it('is an executable node script, the one package.json names', () => {
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.lagrangian).toBe('dist/bin/cli.js');
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

  it('reads its version from package.json (two levels above the bundle)', () => {
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
    expect(cli('--version').stdout.trim()).toBe(version);
  });

  // The bundle's parts that are found at run time, not at bundle time: the timeout
  // worker (a second entry beside the chunks), KaTeX's assets and resvg (packages).
  it('runs a command in the --timeout worker: d/dx sin(x)*exp(x) at 0.5 = exp(0.5)(sin 0.5 + cos 0.5)', () => {
    const r = cli('diff', 'sin(x)*exp(x)', '--wrt', 'x', '--at', 'x=0.5', '--timeout', '30', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const want = Math.exp(0.5) * (Math.sin(0.5) + Math.cos(0.5));
    expect(Math.abs(oneJson(r.stdout).derivatives.x.value - want)).toBeLessThan(1e-12);
  });

  it('writes an HTML page with KaTeX markup and a PNG plot through resvg', () => {
    const dir = mkdtempSync(join(tmpdir(), 'binary-'));
    const page = join(dir, 'd.html');
    expect(cli('diff', 'x^3', '--wrt', 'x', '--html', page).code).toBe(0);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('class="katex"');
    expect(html).toContain('3x^{2}');
    const problem = join(dir, 'p.json');
    writeFileSync(problem, JSON.stringify({ variables: ['x', 'y'], minimize: '(x-1)^2 + 2*(y+1)^2', start: [[2, 2]], method: 'gd' }));
    expect(cli('optimize', problem, '--plot', join(dir, 'land.png')).code).toBe(0);
    expect([...readFileSync(join(dir, 'land.png')).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});

describe('node dist/cli.js (unbundled)', () => {
  it('gives the same answer as the bundle', () => {
    const args = ['diff', 'exp(exp(x)+exp(x)^2)+sin(exp(x)+exp(x)^2)', '--wrt', 'x', '--at', 'x=0.3', '--json'];
    const a = run(unbundled, args);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(cli(...args).stdout);
  });
});
