/**
 * One meaning per flag across commands (issue 15): `--latex FILE` (`-` for stdout),
 * `--html FILE`, `--standalone`, `--quiet`, `--json`, and the old spellings kept as
 * aliases (adjoint's and diff's bare `--latex` switch, the demo's former case name).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { COMMANDS } from '../../src/cli/commands/index.js';

const dir = mkdtempSync(join(tmpdir(), 'lagrangian-flags-'));
const file = (name: string, data: object) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(data));
  return p;
};
const inputs: Record<string, string[]> = {
  solve: [file('s.json', { variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1'] })],
  maxent: [file('m.json', { support: [0, 1], moments: [] })],
  adjoint: [file('a.json', { inputs: ['x'], program: ['a = exp(x)', 'f = a^2'], output: 'f', at: { x: 0.5 } })],
  diff: ['x^2*y', '--wrt', 'x,y'],
};

describe('the document flags mean the same on every command that writes a document', () => {
  for (const [command, args] of Object.entries(inputs)) {
    it(`${command}: --latex FILE --standalone --html FILE --quiet`, async () => {
      const tex = join(dir, `${command}.tex`);
      const html = join(dir, `${command}.html`);
      const r = await runCli([command, ...args, '--latex', tex, '--standalone', '--html', html, '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(readFileSync(tex, 'utf8')).toMatch(/^\\documentclass\{article\}[\s\S]*\\end\{document\}\s*$/);
      expect(readFileSync(html, 'utf8')).toContain('<html');
    });
    it(`${command}: --latex FILE alone is a fragment to \\input; --latex - prints it`, async () => {
      const tex = join(dir, `${command}-fragment.tex`);
      expect((await runCli([command, ...args, '--latex', tex])).code).toBe(0);
      const fragment = readFileSync(tex, 'utf8');
      expect(fragment).not.toContain('\\documentclass');
      expect(fragment).toContain('\\section{');
      const out = await runCli([command, ...args, '--latex', '-']);
      expect(out.code).toBe(0);
      expect(out.stdout).toContain('\\section{');
    });
    it(`${command}: --json still prints its document with --quiet`, async () => {
      const r = await runCli([command, ...args, '--json', '--quiet']);
      expect(r.code).toBe(0);
      expect(() => JSON.parse(r.stdout)).not.toThrow();
    });
  }

  it('every command documents --quiet and, where it writes documents, --latex FILE', () => {
    for (const c of COMMANDS) {
      expect(c.help, c.name).toMatch(/--quiet/);
      if (['solve', 'maxent', 'adjoint', 'diff'].includes(c.name)) {
        expect(c.help, c.name).toMatch(/--latex FILE/);
        expect(c.help, c.name).toMatch(/--standalone/);
        expect(c.help, c.name).toMatch(/--html FILE/);
      }
    }
  });
});

describe('old spellings are kept as aliases', () => {
  it('adjoint FILE --latex (a switch) prints the LaTeX, as before', async () => {
    const r = await runCli(['adjoint', inputs['adjoint']![0]!, '--latex']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\\section{');
  });
  it('adjoint FILE --latex out.tex writes the file (it used to fail)', async () => {
    const tex = join(dir, 'net.tex');
    const r = await runCli(['adjoint', inputs['adjoint']![0]!, '--latex', tex]);
    expect(r.code).toBe(0);
    expect(readFileSync(tex, 'utf8')).toContain('\\section{');
  });
  it('diff --latex (a switch) adds LaTeX lines beside the text, as before', async () => {
    const r = await runCli(['diff', 'x^2', '--wrt', 'x', '--latex']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('LaTeX: x^{2}');
    expect(r.stdout).toContain('LaTeX: 2x');
    const dash = await runCli(['diff', '--latex', '--wrt', 'x', '--', '-x^2']);
    expect(dash.stdout).toContain('LaTeX: -x^{2}');
  });
  it("the demo's former case name still runs the case", async () => {
    const r = await runCli(['demo', 'seed001', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });
});
