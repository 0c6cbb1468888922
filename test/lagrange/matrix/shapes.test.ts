/**
 * Mismatched shapes in a shaped problem file: exit 2, both shapes named, the position in
 * the text (INTERFACE.md, "Vectors and matrices": "a mismatch is bad input (exit 2)
 * naming both shapes and the position"), never a stack trace. The positions are counted
 * by hand in each text.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'lagrangian-mxshapes-'));
let count = 0;
const PARAMS = [{ name: 'g', shape: ['n'] }, { name: 'F', shape: ['n', 'n'] }, { name: 'A', shape: ['m', 'n'] }, { name: 'b', shape: ['k'] }];
const base = { variables: [{ name: 'd', shape: ['n'] }], parameters: PARAMS };

describe('solve: mismatched shapes', () => {
  it.each([
    ['a sum in the objective', { maximize: "g'*d + F*d" }, 'scalar (1×1)', 'n×1', 6],
    ['a product in a constraint', { maximize: "g'*d", subject_to: ['d*A = b'] }, 'n×1', 'm×n', 2],
    ['a product on the right of a relation', { maximize: "g'*d", subject_to: ['b = d*A'] }, 'n×1', 'm×n', 6],
    ['the two sides of an equality', { maximize: "g'*d", subject_to: ['A*d = b'] }, 'm×1', 'k×1', 5],
    ['the two sides of an inequality', { maximize: "g'*d", subject_to: ['d <= A'] }, 'n×1', 'm×n', 3],
  ])('%s', async (_, fields, first, second, position) => {
    const path = join(dir, `p${count++}.json`);
    writeFileSync(path, JSON.stringify({ ...base, ...fields }));
    const r = await runCli(['solve', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(first);
    expect(r.stderr).toContain(second);
    expect(r.stderr).toContain(`at char ${position}`);
    expect(r.stderr).not.toMatch(/\n\s+at .*\.[tj]s/);
  });
});
