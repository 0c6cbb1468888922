import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { STACK_LINE } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'lagrangian-out-'));
const problem = join(dir, 'line.json');
writeFileSync(problem, JSON.stringify({ variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1'] }));

describe('output files of the file-driven commands', () => {
  it('writes the HTML page asked for', async () => {
    const page = join(dir, 'line.html');
    const r = await runCli(['solve', problem, '--json', '--html', page]);
    expect(r.code).toBe(0);
    expect(readFileSync(page, 'utf8')).toContain('<html');
  });

  it('reports an unwritable path as bad input naming the path, without a stack trace', async () => {
    const page = join(dir, 'no-such-directory', 'line.html');
    for (const command of ['solve', 'maxent']) {
      const input = command === 'solve' ? problem : join(dir, 'uniform.json');
      if (command === 'maxent') writeFileSync(input, JSON.stringify({ variable: 'x', support: [0, 1], moments: [] }));
      const r = await runCli([command, input, '--html', page]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`cannot write "${page}"`);
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
  });
});
