/**
 * The flags every command shares (issue 15, INTERFACE.md "General rules"): `--json` prints
 * exactly one JSON document, `--timeout S` (every command) is accepted and changes
 * nothing when the work fits, `--quiet` empties stdout (but not a --json document), and
 * each command's --help documents all three. The commands that write documents also
 * print their page with `--html -`. The list of commands comes from the registry, so a
 * new command is held to the same rules.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { COMMANDS } from '../../src/cli/commands/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'lagrangian-shared-flags-'));
const file = (name: string, data: object) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(data));
  return p;
};

/** A small valid call of every command (answers in well under a second). */
const CALLS: Record<string, string[]> = {
  solve: [file('s.json', { variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1'] })],
  maxent: [file('m.json', { support: { values: [1, 2, 3] }, moments: [{ f: 'x', value: 2.5 }] })],
  optimize: [file('o.json', { variables: ['x', 'y'], minimize: '(x - 1)^2 + 2*(y + 1)^2', start: [0, 0] }), '--method', 'lbfgs'],
  diff: ['x^2*y', '--wrt', 'x,y'],
  gradcheck: ['x^2*y', '--at', 'x=1,y=2'],
  adjoint: [file('a.json', { inputs: ['x'], program: ['a = exp(x)', 'f = a^2'], output: 'f', at: { x: 0.5 } })],
  export: ['x^2*y', '--lang', 'python', '--output', join(dir, 'f.py')],
  demo: ['hessian'],
};
const WRITES_DOCUMENTS = ['solve', 'maxent', 'adjoint', 'diff'];

describe('INTERFACE.md names the shared flags', () => {
  it('--json and --timeout are for every command', () => {
    const contract = readFileSync(join(ROOT, 'docs', 'interface.md'), 'utf8');
    expect(contract).toContain('`--json` prints exactly one JSON document on stdout and nothing else there.');
    expect(contract).toMatch(/`--timeout SECONDS` \(every command\)/);
  });
  it('every registered command has a call here', () => {
    expect(COMMANDS.map((c) => c.name).sort()).toEqual(Object.keys(CALLS).sort());
  });
});

describe('the shared flags mean the same on every command', () => {
  for (const c of COMMANDS) {
    const args = CALLS[c.name]!;
    it(`${c.name}: --help documents --json, --quiet and --timeout`, async () => {
      const help = (await runCli([c.name, '--help'])).stdout;
      expect(help).toMatch(/--json\b/);
      expect(help).toMatch(/-q, --quiet\b/);
      expect(help).toMatch(/--timeout S\b/);
    });

    it(`${c.name}: --json prints one JSON document, the same with --timeout 60 and with --quiet`, async () => {
      const plain = await runCli([c.name, ...args, '--json']);
      expect(plain.code, plain.stderr).toBe(0);
      const doc = JSON.parse(plain.stdout) as Record<string, unknown>;
      expect(typeof doc['status']).toBe('string');
      const quiet = await runCli([c.name, ...args, '--json', '--quiet']);
      expect(quiet.code).toBe(0);
      // Byte for byte: no command (the demo included) writes a figure read off the clock.
      expect(quiet.stdout).toBe(plain.stdout);
      const timed = await runCli([c.name, ...args, '--json', '--timeout', '60']);
      expect(timed.code, timed.stderr).toBe(0);
      expect(JSON.parse(timed.stdout)['status']).toBe(doc['status']);
      const equals = await runCli([c.name, ...args, '--timeout=60', '--json']);
      expect(equals.code, equals.stderr).toBe(0);
    }, 60_000);

    it(`${c.name}: --quiet leaves stdout empty; the exit status tells the outcome`, async () => {
      const r = await runCli([c.name, ...args, '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      const short = await runCli([c.name, ...args, '-q']);
      expect(short.code).toBe(0);
      expect(short.stdout).toBe('');
    }, 60_000);

    if (WRITES_DOCUMENTS.includes(c.name)) {
      it(`${c.name}: --html - prints the page on stdout (and nothing else)`, async () => {
        const r = await runCli([c.name, ...args, '--html', '-']);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/^<!DOCTYPE html>/);
        expect(r.stdout.trimEnd()).toMatch(/<\/html>$/);
      }, 60_000);
    }
  }
});
