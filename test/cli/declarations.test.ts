/**
 * Shaped declarations have one reader for every route (src/input/declarations.ts): a
 * malformed declaration gets the same words from `solve`, `maxent` and `adjoint` files
 * and from `diff` and `gradcheck` options (--shape, --props, --dims), exit 2, the same
 * message on stderr and in the JSON error. The expected messages are written out by
 * hand from INTERFACE.md's rules ("Vectors and matrices", "Input files are read
 * strictly"), not taken from the code.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'lagrangian-declarations-'));
let count = 0;
function file(content: unknown): string {
  const path = join(dir, `d${count++}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const KNOWN = 'symmetric, positive_definite, positive_semidefinite, diagonal, orthogonal';
const DIM = (shown: string) => `the dimension ${shown} is neither a positive integer (at most 10^6) nor a dimension name`;

/** A valid problem of each file route, with its list of declarations and the place where a bad entry is appended. */
const ROUTES = [
  {
    command: 'solve',
    list: 'parameters',
    limit: '10000',
    problem: (extra: unknown[], more = {}) => ({
      variables: [{ name: 'd', shape: ['n'] }],
      parameters: [{ name: 'g', shape: ['n'] }, { name: 'F', shape: ['n', 'n'], properties: ['positive_definite'] }, 'eps', ...extra],
      minimize: "-g'*d",
      subject_to: ["d'*F*d/2 <= eps"],
      ...more,
    }),
    first: 3,
  },
  {
    command: 'maxent',
    list: 'parameters',
    limit: '1000',
    problem: (extra: unknown[], more = {}) => ({
      variable: { name: 'x', shape: ['n'] },
      parameters: [{ name: 'mu', shape: ['n'] }, { name: 'Sigma', shape: ['n', 'n'], properties: ['positive_definite'] }, ...extra],
      moments: [{ f: 'x', value: 'mu' }, { f: "(x - mu)*(x - mu)'", value: 'Sigma' }],
      ...more,
    }),
    first: 2,
  },
  {
    command: 'adjoint',
    list: 'inputs',
    limit: '10^6',
    problem: (extra: unknown[], more = {}) => ({ inputs: [{ name: 'x', shape: ['n'] }, { name: 'W', shape: ['h', 'n'] }, ...extra], program: ['loss = sum(W*x)'], output: 'loss', ...more }),
    first: 2,
  },
] as const;

/**
 * One kind of malformed declaration: the entries appended to a file's list (the last
 * one is at fault, at `where` under it), the reason, and the same declaration as options
 * of diff and gradcheck (after `--shape x=n`), with the 1-based position in the option.
 */
interface Kind {
  readonly kind: string;
  readonly entries: unknown[];
  readonly where: string;
  readonly reason: string;
  /** The excerpt a file's message quotes, when it quotes one. */
  readonly quoted?: string;
  readonly cli?: { readonly args: string[]; readonly label: string; readonly text: string; readonly at: number };
}

const KINDS: Kind[] = [
  {
    kind: 'an unknown property', entries: [{ name: 'A', shape: ['n', 'n'], properties: ['spd'] }], where: '.properties[0]',
    reason: `unknown property "spd"; known properties: ${KNOWN}`,
    cli: { args: ['--shape', 'A=n,n', '--props', 'A=spd'], label: '--props', text: 'A=spd', at: 3 },
  },
  {
    kind: 'a misspelt property', entries: [{ name: 'A', shape: ['n', 'n'], properties: ['symetric'] }], where: '.properties[0]',
    reason: `unknown property "symetric"; did you mean "symmetric"? (known properties: ${KNOWN})`,
    cli: { args: ['--shape', 'A=n,n', '--props', 'A=symetric'], label: '--props', text: 'A=symetric', at: 3 },
  },
  {
    kind: 'a zero dimension', entries: [{ name: 'A', shape: ['n', 0] }], where: '.shape[1]', reason: DIM('0'),
    cli: { args: ['--shape', 'A=n,0'], label: '--shape', text: 'A=n,0', at: 5 },
  },
  {
    kind: 'a fractional dimension', entries: [{ name: 'A', shape: [1.5] }], where: '.shape[0]', reason: DIM('1.5'),
    cli: { args: ['--shape', 'A=1.5'], label: '--shape', text: 'A=1.5', at: 3 },
  },
  {
    kind: 'a dimension over 10^6', entries: [{ name: 'A', shape: [2000000] }], where: '.shape[0]', reason: DIM('2000000'),
    cli: { args: ['--shape', 'A=2000000'], label: '--shape', text: 'A=2000000', at: 3 },
  },
  {
    kind: 'a dimension that is not a name', entries: [{ name: 'A', shape: ['1n'] }], where: '.shape[0]', reason: DIM('"1n"'),
    cli: { args: ['--shape', 'A=1n'], label: '--shape', text: 'A=1n', at: 3 },
  },
  {
    kind: 'three dimensions', entries: [{ name: 'A', shape: ['a', 'b', 'c'] }], where: '.shape', quoted: '["a","b","c"]',
    reason: 'a shape has one dimension (a vector) or two (a matrix), got 3 dimensions',
    cli: { args: ['--shape', 'A=a,b,c'], label: '--shape', text: 'A=a,b,c', at: 3 },
  },
  {
    kind: 'a property of a matrix that is not square', entries: [{ name: 'A', shape: ['n', 'm'], properties: ['symmetric'] }], where: '.properties',
    reason: '"A" is n×m; symmetric needs a square matrix',
    cli: { args: ['--shape', 'A=n,m', '--props', 'A=symmetric'], label: '--props', text: 'A=symmetric', at: 1 },
  },
  {
    kind: 'properties of a vector', entries: [{ name: 'A', shape: ['n'], properties: ['symmetric', 'positive_definite'] }], where: '.properties',
    reason: '"A" is n×1; symmetric, positive_definite need a square matrix',
    cli: { args: ['--shape', 'A=n', '--props', 'A=symmetric,positive_definite'], label: '--props', text: 'A=symmetric,positive_definite', at: 1 },
  },
  {
    kind: 'a name that is not a name', entries: [{ name: '1A', shape: ['n'] }], where: '.name',
    reason: '"1A" is not a name (a letter, then letters, digits or _)',
    cli: { args: ['--shape', '1A=n'], label: '--shape', text: '1A=n', at: 1 },
  },
  {
    kind: 'the constant pi as a name', entries: [{ name: 'pi', shape: ['n'] }], where: '.name', reason: '"pi" is a constant, not a name',
    cli: { args: ['--shape', 'pi=n'], label: '--shape', text: 'pi=n', at: 1 },
  },
  {
    kind: 'a function of the matrix language as a name', entries: [{ name: 'tr', shape: ['n', 'n'] }], where: '.name', reason: '"tr" is a function, not a name',
    cli: { args: ['--shape', 'tr=n,n'], label: '--shape', text: 'tr=n,n', at: 1 },
  },
  {
    kind: 'a scalar function as a name', entries: ['exp'], where: '', reason: '"exp" is a function, not a name',
    cli: { args: ['--shape', 'exp=n'], label: '--shape', text: 'exp=n', at: 1 },
  },
  {
    kind: 'a name declared twice', entries: [{ name: 'B', shape: ['n'] }, { name: 'B', shape: ['n'] }], where: '', reason: '"B" is declared twice',
    cli: { args: ['--shape', 'B=n', '--shape', 'B=n'], label: '--shape', text: 'B=n', at: 1 },
  },
  {
    kind: 'a declared name that is also a dimension', entries: [{ name: 'n', shape: ['k'] }], where: '', reason: '"n" is both a declared name and a dimension name',
    cli: { args: ['--shape', 'n=k'], label: '--shape', text: 'n=k', at: 1 },
  },
  {
    kind: 'an unknown field in a declaration', entries: [{ name: 'A', shape: ['n'], shap: ['n'] }], where: '.shap',
    reason: 'unknown field "shap"; did you mean "shape"? (known fields: name, shape, properties)',
  },
  { kind: 'a shape that is not a list', entries: [{ name: 'A', shape: 'n' }], where: '.shape', reason: '"shape" must be a list of dimensions such as ["n"] or ["h", "n"], got a string' },
  { kind: 'properties that are not a list', entries: [{ name: 'A', shape: ['n', 'n'], properties: 'symmetric' }], where: '.properties', reason: '"properties" must be a list such as ["symmetric"], got a string' },
  { kind: 'a declaration without a name', entries: [{ shape: ['n'] }], where: '', reason: 'a declaration needs a "name"' },
];

/** The first line of stderr, and the JSON error's message (they say the same). */
async function refused(command: string, args: string[]): Promise<string> {
  const r = await runCli([command, ...args, '--json']);
  expect(r.code, r.stderr).toBe(2);
  const [line] = r.stderr.split('\n');
  const doc = JSON.parse(r.stdout) as { status: string; error: { message: string } };
  expect(doc.status).toBe('error');
  expect(line).toBe(`lagrangian ${command}: ${doc.error.message}`);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return doc.error.message;
}

describe('a malformed declaration: the same message from every file route', () => {
  for (const route of ROUTES) {
    it.each(KINDS.map((k) => [k.kind, k] as const))(`${route.command}: %s`, async (_, k) => {
      const path = file(route.problem(k.entries));
      const field = `${route.list}[${route.first + k.entries.length - 1}]${k.where} of ${path}`;
      const expected = k.quoted === undefined ? `${field}: ${k.reason}` : `in ${field} ${JSON.stringify(k.quoted)}: ${k.reason}`;
      expect(await refused(route.command, [path])).toBe(expected);
    });
  }
});

describe('a malformed declaration on the command line: the same words, with the option and the position', () => {
  for (const command of ['diff', 'gradcheck']) {
    it.each(KINDS.filter((k) => k.cli).map((k) => [k.kind, k] as const))(`${command}: %s`, async (_, k) => {
      const { args, label, text, at } = k.cli!;
      expect(await refused(command, ['sum(x)', '--shape', 'x=n', ...args])).toBe(`in ${label} ${JSON.stringify(text)} at char ${at}: ${k.reason}`);
    });
  }
});

describe('dimension values: the same words in `dimensions` and --dims; the largest value is the route\'s budget', () => {
  for (const route of ROUTES) {
    it(`${route.command}: a dimension no declaration uses, and a value that is not a positive integer`, async () => {
      const unknown = file(route.problem([], { dimensions: { k: 2 } }));
      expect(await refused(route.command, [unknown])).toBe(`dimensions of ${unknown}: "k" is not a dimension of any declaration`);
      const zero = file(route.problem([], { dimensions: { n: 0 } }));
      expect(await refused(route.command, [zero])).toBe(`in dimensions.n of ${zero} "0": the dimension "n" needs a positive integer (at most ${route.limit})`);
      const list = file(route.problem([], { dimensions: [3] }));
      expect(await refused(route.command, [list])).toBe(`dimensions of ${list}: must be an object such as {"n": 3}, got a list`);
    });
  }
  for (const command of ['diff', 'gradcheck']) {
    it(`${command}: --dims`, async () => {
      expect(await refused(command, ['sum(x)', '--shape', 'x=n', '--dims', 'n=2,k=2'])).toBe('in --dims "n=2,k=2" at char 5: "k" is not a dimension of any declaration');
      expect(await refused(command, ['sum(x)', '--shape', 'x=n', '--dims', 'n=0'])).toBe('in --dims "n=0" at char 3: the dimension "n" needs a positive integer (at most 10^6)');
      expect(await refused(command, ['sum(x)', '--shape', 'x=n', '--dims', 'n=2', '--dims', 'n=3'])).toBe('in --dims "n=3" at char 1: the dimension "n" is given twice');
    });
  }
});
