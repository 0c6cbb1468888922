/**
 * `lagrangian diff --expr-file PATH` (and `-` for stdin): an expression too long for the
 * command line (Linux passes at most 128 KiB per argument), read from a file; errors at a
 * position name the file, the line and the column.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { oneJson, STACK_LINE } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'lagrangian-diff-file-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('diff --expr-file', () => {
  it('reads the expression from a file over several lines', async () => {
    const path = file('f.txt', 'x^2*y\n  + 3*y\n');
    const r = await runCli(['diff', '--expr-file', path, '--wrt', 'x,y', '--at', 'x=1,y=2', '--json']);
    expect(r.code).toBe(0);
    const j = oneJson(r.stdout);
    // By hand: df/dx = 2xy = 4, df/dy = x^2 + 3 = 4 at (1, 2); f = 2 + 6 = 8.
    expect(j.function.value).toBe(8);
    expect(j.derivatives.x).toMatchObject({ text: '2*x*y', value: 4 });
    expect(j.derivatives.y).toMatchObject({ text: 'x^2 + 3', value: 4 });
  });

  it('an expression longer than one command-line argument may be (a sum of 20,000 squares, 200 kB)', async () => {
    const n = 20_000;
    const text = Array.from({ length: n }, (_, i) => `x${i}^2`).join(' + ');
    expect(text.length).toBeGreaterThan(128 * 1024);
    const r = await runCli(['diff', '--expr-file', file('big.txt', text), '--wrt', 'x7,x19999', '--at', `x7=3,x19999=-1,${Array.from({ length: n }, (_, i) => `x${i}=1`).filter((_, i) => i !== 7 && i !== n - 1).join(',')}`, '--json']);
    expect(r.code).toBe(0);
    const j = oneJson(r.stdout);
    expect(j.derivatives.x7).toMatchObject({ text: '2*x7', value: 6 });
    expect(j.derivatives.x19999).toMatchObject({ text: '2*x19999', value: -2 });
    expect(j.function.value).toBe(9 + 1 + (n - 2)); // 3^2 + (-1)^2 + the other squares at 1
  });

  it('a syntax error names the file, line and column, quotes that line, exit 2, no stack', async () => {
    const path = file('bad.txt', 'x^2 +\n  3*y*\n  )\n');
    const r = await runCli(['diff', '--expr-file', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`in ${path}:`);
    expect(r.stderr).toMatch(/\(line 3, column 3\)/);
    expect(r.stderr).toContain('"  )"');
    expect(r.stderr).not.toMatch(STACK_LINE);
    const json = await runCli(['diff', '--expr-file', path, '--json']);
    expect(json.code).toBe(2);
    expect(oneJson(json.stdout).error).toMatchObject({ line: 3, position: 3, text: '  )', argument: path });
  });

  it('an unbound variable of --at points into the file too', async () => {
    const path = file('unbound.txt', 'x\n+ y*z\n');
    const r = await runCli(['diff', '--expr-file', path, '--at', 'x=1,y=2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no value for the variable "z".*\(line 2, column 5\)/);
  });

  it('with --shape too: an error in the matrix expression points into the file', async () => {
    const path = file('shaped.txt', "x'*A*x\n  + )\n");
    const r = await runCli(['diff', '--expr-file', path, '--wrt', 'x', '--shape', 'x=n', '--shape', 'A=n,n']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`in ${path}:`);
    expect(r.stderr).toMatch(/\(line 2, column 5\)/);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('refuses EXPR together with --expr-file, a missing file and a directory, exit 2', async () => {
    const both = await runCli(['diff', '--expr-file', file('g.txt', 'x'), 'x^2']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/either as EXPR or with --expr-file/);
    const missing = await runCli(['diff', '--expr-file', join(dir, 'nope.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.txt.*no such file/);
    const directory = await runCli(['diff', '--expr-file', dir]);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toMatch(/is a directory/);
  });

  it('refuses to write --html or --latex over the expression file (it was overwritten), exit 2, the file kept', async () => {
    for (const option of ['--html', '--latex']) {
      const path = file(`keep${option}.txt`, 'x^2\n');
      const r = await runCli(['diff', '--expr-file', path, option, path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${option} "${path}" is the input file of this call`);
      expect(readFileSync(path, 'utf8')).toBe('x^2\n');
    }
  });

  it('the help documents --expr-file', async () => {
    const r = await runCli(['diff', '--help']);
    expect(r.stdout).toMatch(/--expr-file PATH/);
  });

  it('- reads the expression from stdin (a real process)', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const out = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli.ts'), 'diff', '--expr-file', '-', '--wrt', 'x', '--at', 'x=2', '--json'], {
      input: 'x^3\n',
      encoding: 'utf8',
      cwd: root,
      timeout: 120_000,
    });
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout).derivatives.x).toMatchObject({ text: '3*x^2', value: 12 });
  }, 120_000);
});
