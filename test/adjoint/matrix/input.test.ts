/**
 * Bad shaped program files: each refused with exit 2 and a message naming the place,
 * never a stack trace.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'mxadj-input-'));
let count = 0;
async function run(spec: unknown) {
  const path = join(dir, `p${count++}.json`);
  writeFileSync(path, JSON.stringify(spec));
  return runCli(['adjoint', path, '--json']);
}
const INPUTS = [{ name: 'x', shape: ['n'] }, { name: 'W', shape: ['h', 'n'] }];

describe('shaped program files that are refused', () => {
  it.each([
    ['a vector output', { inputs: INPUTS, program: ['z = W*x'], output: 'z' }, /the output "z" is h×1; the output of a program is a scalar/],
    ['"at" sizes that disagree on a dimension', { inputs: INPUTS, program: ['loss = sum(W*x)'], output: 'loss', at: { x: [1, 2], W: [[1, 2, 3]] } }, /dimension n, which is 2 elsewhere/],
    ['"at" missing an input', { inputs: INPUTS, program: ['loss = sum(W*x)'], output: 'loss', at: { x: [1, 2] } }, /no value for the input "W"/],
    ['a matrix given for a vector', { inputs: INPUTS, program: ['loss = sum(W*x)'], output: 'loss', at: { x: [[1, 2]], W: [[1, 2]] } }, /"x" is a vector and needs a list of finite numbers/],
    ['an unknown property', { inputs: [{ name: 'A', shape: ['n', 'n'], properties: ['hermitian'] }], program: ['loss = tr(A)'], output: 'loss' }, /unknown property "hermitian"/],
    ['a property on a non-square matrix', { inputs: [{ name: 'A', shape: ['m', 'n'], properties: ['symmetric'] }], program: ['loss = sum(A)'], output: 'loss' }, /square/],
    ['a three-dimensional shape', { inputs: [{ name: 'T', shape: ['a', 'b', 'c'] }], program: ['loss = sum(T)'], output: 'loss' }, /one dimension \(a vector\) or two/],
    ['a variable assigned twice', { inputs: INPUTS, program: ['z = W*x', 'z = W*x', 'loss = sum(z)'], output: 'loss' }, /"z" is assigned twice/],
    ['an undefined name', { inputs: INPUTS, program: ['loss = sum(W*q)'], output: 'loss' }, /.+/],
    ['a dimension name used as an input', { inputs: [...INPUTS, 'n'], program: ['loss = sum(W*x)'], output: 'loss' }, /inputs\[2\] of .*: "n" is both a declared name and a dimension name/],
    // A declared input is read by the one declaration reader (the words of every route); a line's variable by checkName.
    ['an input named sqrt', { inputs: [{ name: 'sqrt', shape: ['n'] }, INPUTS[1]], program: ['loss = sum(W*sqrt)'], output: 'loss' }, /inputs\[0\]\.name of .*: "sqrt" is a function, not a name/],
    ['a variable named sqrt', { inputs: INPUTS, program: ['sqrt = W*x', 'loss = sum(sqrt)'], output: 'loss' }, /"sqrt" is a function name and cannot be assigned/],
    // The file-level fields are read as on every route: the nearest known field suggested.
    ['a misspelt field', { inputs: INPUTS, program: ['loss = sum(W*x)'], output: 'loss', dimension: { n: 2, h: 1 } }, /unknown field "dimension"; did you mean "dimensions"\? \(known fields: name, description, inputs, program, output, at, dimensions\)/],
    ['a description that is not text', { inputs: INPUTS, program: ['loss = sum(W*x)'], output: 'loss', description: 3 }, /description.*must be a string, got a number/],
  ])('%s', async (_, spec, message) => {
    const r = await run(spec);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\.ts:\d+/);
  });
});

describe('the fields every file may carry', () => {
  it('"name" and "description" (INTERFACE.md) are accepted on the matrix route', async () => {
    const r = await run({ name: 'a two-layer loss', description: 'sum of W*x', inputs: INPUTS, program: ['loss = sum(W*x)'], output: 'loss' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('mismatched shapes in a program line: exit 2, both shapes and the position named', () => {
  it.each([
    ['a sum', 'z = tanh(W*x + b)', 'h×1', 'k×1', 14],
    ['a product', 'z = tanh(x*W)', 'n×1', 'h×n', 11],
    ['an entrywise product', 'z = (W*x) .* x', 'h×1', 'n×1', 11],
  ])('%s', async (_, line, first, second, position) => {
    const r = await run({ inputs: [...INPUTS, { name: 'b', shape: ['k'] }], program: [line, 'loss = sum(z)'], output: 'loss' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('program line 1');
    expect(r.stderr).toContain(first);
    expect(r.stderr).toContain(second);
    expect(r.stderr).toContain(`at char ${position}`);
    expect(r.stderr).not.toMatch(/\.ts:\d+/);
  });
});

describe('cyclic and implicit matrix programs: refused with the reason (exit 2, the line and position)', () => {
  it('a fixed point z = tanh(W*z + U*x): defined through itself, at the z on the right (char 12)', async () => {
    const r = await run({ inputs: [{ name: 'x', shape: ['n'] }, { name: 'W', shape: ['n', 'n'] }, { name: 'U', shape: ['n', 'n'] }], program: ['z = tanh(W*z + U*x)', 'loss = sum(z)'], output: 'loss' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('program line 1');
    expect(r.stderr).toContain('at char 12');
    expect(r.stderr).toMatch(/"z" is defined through itself/);
    expect(r.stderr).toMatch(/does not derive implicit or cyclic programs/);
    expect(r.stderr).toMatch(/scalar route/);
  });
  it('a two-line cycle z1 = tanh(W*z2 + x), z2 = tanh(W*z1): the forward reference named with its line', async () => {
    const r = await run({ inputs: [{ name: 'x', shape: ['n'] }, { name: 'W', shape: ['n', 'n'] }], program: ['z1 = tanh(W*z2 + x)', 'z2 = tanh(W*z1)', 'loss = sum(z2)'], output: 'loss' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"z2" is used before it is assigned \(line 2\)/);
    expect(r.stderr).toMatch(/unless they form a cycle/);
    expect(r.stderr).toContain('at char 13');
  });
});
