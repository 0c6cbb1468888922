/**
 * Progress on stderr (INTERFACE.md: "A long computation reports progress on stderr when
 * stderr is a terminal, never on stdout"): the line's wording, when it is shown, and that
 * stdout is the same with and without it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { formatProgress, progressDisplay, progressMode, REDRAW_MS } from '../../src/cli/progress.js';

const dir = mkdtempSync(join(tmpdir(), 'lagrangian-progress-'));
// min (x-2)^2 + (y-2)^2 s.t. x <= 1, y <= 1, x + y >= 0: n = 2, m = 3, so the sets of at
// most 2 active constraints are enumerated, by size then lexicographically: {}, {1}, {2},
// {3}, {1,2}, {1,3}, {2,3} (7 systems). Only {1,2} gives a KKT point: x = y = 1 with
// mu_1 = mu_2 = 2 >= 0. {} gives (2,2) and {1} gives (1,2), {2} (2,1), all infeasible;
// {3} gives (0,0) with mu_3 = -4 < 0; {1,3} gives (1,-1) with mu_3 = -6 < 0, {2,3} likewise.
const problem = join(dir, 'box.json');
writeFileSync(problem, JSON.stringify({ variables: ['x', 'y'], minimize: '(x-2)^2 + (y-2)^2', subject_to: ['x <= 1', 'y <= 1', 'x + y >= 0'] }));

describe('the progress line', () => {
  it('names the stage, the count and what was found', () => {
    expect(formatProgress('solve', { stage: 'active sets', done: 37, total: 4096, points: 2 })).toBe('solve: 37/4096 active sets, 2 KKT points');
    expect(formatProgress('solve', { stage: 'active sets', done: 1, total: 7, points: 1 })).toBe('solve: 1/7 active sets, 1 KKT point');
    expect(formatProgress('solve', { stage: 'interior-point starts', done: 3, total: 25, points: 1 })).toBe('solve: 3/25 interior-point starts, 1 local optimum');
  });

  it('is shown on a terminal unless --quiet or --no-progress; --progress forces it elsewhere', () => {
    const mode = (forced: boolean, disabled: boolean, quiet: boolean, stderrIsTerminal: boolean) => progressMode({ forced, disabled, quiet, stderrIsTerminal });
    expect(mode(false, false, false, true)).toBe('terminal');
    expect(mode(false, false, false, false)).toBe('off');
    expect(mode(false, false, true, true)).toBe('off');
    expect(mode(false, true, false, true)).toBe('off');
    expect(mode(true, false, false, false)).toBe('lines');
    expect(mode(true, false, true, false)).toBe('lines');
    expect(mode(true, false, false, true)).toBe('terminal');
    expect(mode(true, true, false, false)).toBe('off');
  });

  it('on a terminal, redraws one line at most every REDRAW_MS and erases it at the end', () => {
    let t = 0;
    let err = '';
    const d = progressDisplay('terminal', 'solve', (s) => void (err += s), () => t);
    d.update({ stage: 'active sets', done: 0, total: 3, points: 0 });
    t += REDRAW_MS / 2;
    d.update({ stage: 'active sets', done: 1, total: 3, points: 0 }); // too soon: not drawn
    t += REDRAW_MS;
    d.update({ stage: 'active sets', done: 2, total: 3, points: 1 });
    d.end();
    expect(err).toBe('\rsolve: 0/3 active sets, 0 KKT points\x1b[K\rsolve: 2/3 active sets, 1 KKT point\x1b[K\r\x1b[K');
  });
});

describe('lagrangian solve and progress', () => {
  const expected = [
    'solve: 0/7 active sets, 0 KKT points',
    'solve: 1/7 active sets, 0 KKT points',
    'solve: 2/7 active sets, 0 KKT points',
    'solve: 3/7 active sets, 0 KKT points',
    'solve: 4/7 active sets, 0 KKT points',
    'solve: 5/7 active sets, 1 KKT point',
    'solve: 6/7 active sets, 1 KKT point',
  ];

  it('--progress prints one line per system on stderr; stdout is unchanged', async () => {
    const plain = await runCli(['solve', problem, '--json']);
    const shown = await runCli(['solve', problem, '--json', '--progress']);
    expect(plain.code).toBe(0);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(plain.stdout);
    expect(JSON.parse(plain.stdout).status).toBe('optimal');
    expect(plain.stderr).toBe('');
    expect(shown.stderr.split('\n').filter((l) => l.startsWith('solve:'))).toEqual(expected);
  });

  it('a terminal gets the redrawn line without asking; --quiet and --no-progress turn it off', async () => {
    const plain = await runCli(['solve', problem]);
    const tty = await runCli(['solve', problem], { stderrIsTerminal: true });
    expect(tty.stdout).toBe(plain.stdout);
    expect(tty.stderr.startsWith('\rsolve: 0/7 active sets, 0 KKT points\x1b[K')).toBe(true);
    expect(tty.stderr.endsWith('\r\x1b[K')).toBe(true);
    expect((await runCli(['solve', problem, '--quiet'], { stderrIsTerminal: true })).stderr).toBe('');
    expect((await runCli(['solve', problem, '--no-progress'], { stderrIsTerminal: true })).stderr).toBe('');
  });

  it('under --timeout the worker knows whether stderr is a terminal', async () => {
    const timed = await runCli(['solve', problem, '--json', '--progress', '--timeout', '120']);
    expect(timed.stderr.split('\n').filter((l) => l.startsWith('solve:'))).toEqual(expected);
    const tty = await runCli(['solve', problem, '--json', '--timeout', '120'], { stderrIsTerminal: true });
    expect(tty.stderr.startsWith('\rsolve: 0/7')).toBe(true);
  });
});
