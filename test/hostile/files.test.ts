/**
 * Hostile input files and outputs, through `runCli` as a user meets them: malformed
 * JSON, wrong types, unknown fields, huge nesting, a byte-order mark, names of
 * Object.prototype members, unwritable outputs, an output that is the input, /dev/full.
 * Each case names the exit status and a fragment of the message it must give; none may
 * exit 70 (an internal error) or print a stack trace, and every message is one
 * paragraph that quotes at most about 80 characters of the offending text.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'lagrangian-hostile-'));
let counter = 0;
/** Writes `content` to a fresh file and returns its path. */
function file(content: string | object, name?: string): string {
  const path = join(dir, name ?? `f${++counter}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
const STACK_LINE = /\n\s+at /;

const LINE = { variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1'] };
const OPT = { variables: ['x', 'y'], minimize: '(x - 1)^2 + (y - 2)^2', start: [0, 0] };
const MAXENT = { variable: 'x', support: [0, 1], moments: [] };
const PROGRAM = { inputs: ['x'], program: ['a = exp(x)', 'f = a^2'], output: 'f', at: { x: 0.5 } };
const deep = (n: number, open: string, close = '') => open.repeat(n) + close.repeat(n);

/** One case: the arguments (built lazily, so files are made when the case runs), the exit status, a message fragment. */
type Case = [name: string, args: () => string[], code: number, message: RegExp];

const solve = (content: string | object, ...flags: string[]) => () => ['solve', file(content), ...flags];
const optimize = (content: string | object, ...flags: string[]) => () => ['optimize', file(content), ...flags];
const maxent = (content: string | object, ...flags: string[]) => () => ['maxent', file(content), ...flags];
const adjoint = (content: string | object, ...flags: string[]) => () => ['adjoint', file(content), ...flags];

const CASES: Case[] = [
  // Malformed JSON: the line, the column and what is wrong.
  ['an empty file', solve(''), 2, /the file is empty/],
  ['only whitespace', solve('  \n\t\n'), 2, /empty/],
  ['an unclosed object', solve('{'), 2, /line 1, column 2\): unexpected end of the file \(1 unclosed bracket\)/],
  ['a trailing comma in an object', solve('{"variables": ["x"], "minimize": "x^2",}'), 2, /line 1, column 40\): a comma before "\}"/],
  ['a trailing comma in a list', solve('{"variables": ["x",], "minimize": "x^2"}'), 2, /a comma before "\]"/],
  ['single quotes', solve("{'variables': ['x']}"), 2, /field name in double quotes, found "'"/],
  ['an unquoted field name', solve('{variables: ["x"]}'), 2, /field name in double quotes, found "variables"/],
  ['a comment', solve('// my problem\n{"variables": ["x"], "minimize": "x^2"}'), 2, /line 1, column 1\): expected a value, found "\/"/],
  ['NaN as a value', optimize('{"variables": ["x"], "minimize": "x^2", "start": [NaN]}'), 2, /unquoted word "NaN"/],
  ['a line break inside a string', solve('{"variables": ["x"], "minimize": "x^2\n+ 1"}'), 2, /line 1, column 38\): a line break inside a string/],
  ['an escape JSON does not have', solve('{"variables": ["x"], "minimize": "x\\q"}'), 2, /escape "\\q" is not JSON/],
  ['two documents', solve('{"variables": ["x"], "minimize": "x^2"}{}'), 2, /after the end of the JSON value/],
  ['a number with a leading zero', solve('{"variables": ["x"], "minimize": "x^2", "parameter_values": {"a": 01}}'), 2, /not a JSON number/],
  ['100,000 nested lists', solve(deep(100_000, '[')), 2, /nested deeper than 1000 levels/],
  ['100,000 nested lists, closed', solve(deep(100_000, '[', ']')), 2, /nested deeper than 1000 levels/],
  ['100,000 nested objects', solve(deep(100_000, '{"a":')), 2, /nested deeper than 1000 levels/],
  ['deep nesting inside a field', maxent(`{"support": ${deep(5000, '[', ']')}}`), 2, /nested deeper than 1000 levels/],
  ['a field given twice (the second would drop the first)', solve('{"variables": ["x"], "minimize": "x", "subject_to": ["x >= 0"], "subject_to": []}'), 2, /the field "subject_to" is given twice/],
  ['binary garbage', solve('\u0000\u0001\u00ff\u00fe'), 2, /not valid JSON \(line 1, column 1\)/],
  ['an error at the end of a 1 MB line', solve(`{"variables": ["x"], "minimize": "${'x+'.repeat(500_000)}x", }`), 2, /a comma before "\}"/],
  ['a list at the top', solve('[1, 2]'), 2, /expected a problem file: a JSON object .* got a list/],
  ['null at the top', solve('null'), 2, /got null/],
  ['a string at the top', solve('"x^2"'), 2, /got a string/],
  ['a number at the top', maxent('42'), 2, /got a number/],
  ['a program file that is a list', adjoint('[]'), 2, /JSON object/],
  ['a byte-order mark before a valid file', solve(`\ufeff${JSON.stringify(LINE)}`), 0, /^$/],
  ['a byte-order mark before an invalid file', solve('\ufeff{"variables": }'), 2, /line 1, column 15\): expected a value, found "\}"/],

  // Wrong types: the field and what it must be.
  ['variables as a string', solve({ variables: 'x', minimize: 'x^2' }), 2, /variables of .*: must be a list of strings, got a string/],
  ['a number among the variables', solve({ variables: [1], minimize: 'x^2' }), 2, /variables\[0\].*must be a string, got 1/],
  ['a number as the objective', solve({ variables: ['x'], minimize: 5 }), 2, /minimize.*expression in a string/],
  ['constraints as a string', solve({ variables: ['x'], minimize: 'x', subject_to: 'x >= 0' }), 2, /subject_to.*list of strings, got a string/],
  ['null among the constraints', solve({ variables: ['x'], minimize: 'x', subject_to: [null] }), 2, /subject_to\[0\].*must be a string, got null/],
  ['assumptions as an object', solve({ variables: ['x'], parameters: ['a'], minimize: 'a*x', assume: {} }), 2, /assume.*list of strings, got an object/],
  ['parameter values as a list', solve({ variables: ['x'], parameters: ['a'], minimize: 'a*x', parameter_values: [] }), 2, /parameter_values.*must be an object/],
  ['a parameter value as a string', solve({ variables: ['x'], parameters: ['a'], minimize: 'a*x^2', parameter_values: { a: '1' } }), 2, /parameter_values\.a.*finite number/],
  ['a name that is a number', solve({ ...LINE, name: 5 }), 2, /name.*must be a string, got a number/],
  ['a description that is a list', maxent({ ...MAXENT, description: [] }), 2, /description.*must be a string, got a list/],
  ['a start that is a string', optimize({ ...OPT, start: 'abc' }), 2, /start.*must be a list of numbers/],
  ['a start of the wrong size', optimize({ ...OPT, start: [1, 2, 3] }), 2, /the start has 3 numbers, but the problem has 2 variables/],
  ['a start that overflows to Infinity', optimize('{"variables": ["x"], "minimize": "x^2", "start": [1e400]}'), 2, /every coordinate must be a finite number/],
  ['a method that is a number', optimize({ ...OPT, method: 5 }), 2, /method.*must be a string, got a number/],
  ['a misspelt method', optimize({ ...OPT, method: 'lbgfs' }), 2, /unknown method "lbgfs"; did you mean "lbfgs"\?/],
  ['options as a list', optimize({ ...OPT, options: [1] }), 2, /options.*must be an object/],
  ['moments as an object', maxent({ support: [0, 1], moments: {} }), 2, /moments.*expected a list/],

  // Unknown fields: refused, with the nearest known name.
  ['subject_too on solve (would drop the constraints)', solve({ variables: ['x'], minimize: 'x^2', subject_too: ['x >= 1'] }), 2, /unknown field "subject_too"; did you mean "subject_to"\?/],
  ['subject_too on optimize', optimize({ ...OPT, subject_too: ['x >= 1'] }), 2, /unknown field "subject_too"; did you mean "subject_to"\?/],
  ['minimise (British spelling)', solve({ variables: ['x'], minimise: 'x^2' }), 2, /unknown field "minimise"; did you mean "minimize"\?/],
  ['Variables (capitalised)', solve({ Variables: ['x'], minimize: 'x^2' }), 2, /did you mean "variables"\?/],
  ['a field nothing resembles', solve({ ...LINE, colour: 'red' }), 2, /unknown field "colour"; known fields: name, description, variables/],
  ['momnets on maxent', maxent({ support: [0, 1], momnets: [] }), 2, /unknown field "momnets"; did you mean "moments"\?/],
  ['an extra field in a moment', maxent({ support: [0, 1], moments: [{ f: 'x', value: 0.5, g: 1 }] }), 2, /moments\[0\]\.g.*unknown field "g"/],
  ['vals in a discrete support', maxent({ support: { vals: [1, 2] } }), 2, /did you mean "values"\?/],
  ['ouput on adjoint', adjoint({ inputs: ['x'], program: ['a = x'], ouput: 'a' }), 2, /unknown field "ouput"; did you mean "output"\?/],
  ['name and description on solve', solve({ ...LINE, name: 'A line', description: '<script>alert(1)</script>' }), 0, /^$/],
  ['name and description on maxent', maxent({ ...MAXENT, name: 'Uniform', description: 'flat' }), 0, /^$/],
  ['name and description on adjoint', adjoint({ ...PROGRAM, name: 'Square of exp', description: 'two lines' }), 0, /^$/],
  ['name and description on optimize', optimize({ ...OPT, name: 'A bowl', description: 'round' }), 0, /^$/],

  // Names of Object.prototype members: ordinary names, or unknown, never an internal error.
  ['--option toString=1', optimize(OPT, '--option', 'toString=1'), 2, /unknown option "toString"/],
  ['--option constructor=1', optimize(OPT, '--option', 'constructor=1'), 2, /unknown option "constructor"/],
  ['--option valueOf=1', optimize(OPT, '--option', 'valueOf=1'), 2, /unknown option "valueOf"/],
  ['--option hasOwnProperty=1', optimize(OPT, '--option', 'hasOwnProperty=1'), 2, /unknown option "hasOwnProperty"/],
  ['--option __proto__=1', optimize(OPT, '--option', '__proto__=1'), 2, /unknown option "__proto__"/],
  ['"toString" in the file\'s options', optimize({ ...OPT, options: { toString: 1 } }), 2, /options of .*unknown option "toString"/],
  ['"__proto__" in the file\'s options', optimize('{"variables": ["x"], "minimize": "x^2", "start": [1], "options": {"__proto__": {"lr": 1}}}'), 2, /unknown option "__proto__"/],
  ['"__proto__" at the top of a file', solve('{"variables": ["x"], "minimize": "x^2", "__proto__": {"subject_to": ["x >= 1"]}}'), 2, /unknown field "__proto__"/],
  ['"constructor" at the top of a file', solve({ ...LINE, constructor: 1 }), 2, /unknown field "constructor"/],
  ['variables named constructor and toString', solve({ variables: ['constructor', 'toString'], minimize: '(constructor - 1)^2 + toString^2' }), 0, /^$/],
  ['a parameter named valueOf with a value', solve({ variables: ['x'], parameters: ['valueOf'], minimize: '(x - valueOf)^2', parameter_values: { valueOf: 2 } }), 0, /^$/],
  ['a value for hasOwnProperty, which is no parameter', solve({ variables: ['x'], parameters: ['a'], minimize: 'a*x^2', parameter_values: { a: 1, hasOwnProperty: 1 } }), 2, /"hasOwnProperty" is not a parameter/],
  ['an adjoint input named constructor', adjoint({ inputs: ['constructor'], program: ['f = constructor^2'], output: 'f', at: { constructor: 1 } }), 0, /^$/],
  ['an adjoint value for toString, which is no input', adjoint({ ...PROGRAM, at: { x: 1, toString: 1 } }), 2, /"toString", which is not an input/],
  ['a maxent value for valueOf, which is no parameter', maxent({ ...MAXENT, parameter_values: { valueOf: 1 } }), 2, /"valueOf" is not a declared parameter/],
  ['--option without "="', optimize(OPT, '--option', 'lr'), 2, /write --option name=value/],
  ['--option without a value', optimize(OPT, '--option'), 2, /--option needs a value/],
  ['the multiplier clash counts constraints from 1', solve({ variables: ['x', 'lambda_1'], minimize: 'x', subject_to: ['x + lambda_1 = 1'] }), 2, /"lambda_1" is the multiplier of constraint 1 \("x \+ lambda_1 = 1"\)/],

  // Inputs that are not files.
  ['a missing input file', () => ['solve', join(dir, 'no-such.json')], 2, /cannot read ".*no-such\.json": no such file or directory/],
  ['a directory as the input', () => ['solve', dir], 2, /cannot read ".*": it is a directory/],
  ['no input at all', () => ['maxent'], 2, /missing FILE/],

  // Outputs.
  ['--html into a missing folder', solve(LINE, '--html', join(dir, 'missing', 'p.html')), 2, /cannot write ".*p\.html" \(--html\): no such file or directory/],
  ['--html onto a folder', solve(LINE, '--html', dir), 2, /cannot write .*\(--html\)/],
  ['--html onto /dev/full', solve(LINE, '--html', '/dev/full'), 2, /cannot write "\/dev\/full" \(--html\): no space left on device/],
  ['--latex onto /dev/full', maxent(MAXENT, '--latex', '/dev/full'), 2, /no space left/],
  ['--plot onto /dev/full', optimize(OPT, '--plot', '/dev/full'), 2, /cannot write "\/dev\/full" \(--plot\)/],
  ['--html and --latex to one path', solve(LINE, '--html', join(dir, 'same.out'), '--latex', join(dir, 'same.out')), 2, /is also the file of --html; give each output its own path/],
  ['--latex - with --json', solve(LINE, '--latex', '-', '--json'), 2, /--json reserves/],
  ['--html - with --json', maxent(MAXENT, '--html', '-', '--json'), 2, /--json reserves/],
  ['--html - and --latex - together', adjoint(PROGRAM, '--html', '-', '--latex', '-'), 2, /both print on stdout/],
  ['--standalone without --latex', solve(LINE, '--standalone'), 2, /give --latex FILE too/],
];

describe('hostile files and outputs through runCli', () => {
  it('has at least 60 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(60));
  for (const [name, args, code, message] of CASES) {
    it(name, async () => {
      const r = await runCli(args(), { env: {} });
      expect(r.code, r.stderr).toBe(code);
      expect(r.code).not.toBe(70);
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(r.stderr).not.toMatch(/internal error/);
      if (code === 2) {
        expect(r.stderr).toMatch(message);
        // One paragraph: no blank line, and the quoted text is an excerpt, not the whole input.
        expect(r.stderr.trim()).not.toMatch(/\n\s*\n/);
        for (const line of r.stderr.split('\n').slice(1)) expect(line.length).toBeLessThan(120);
        expect(r.stderr.split('\n')[0]!.length).toBeLessThan(700);
      } else expect(r.stderr).toMatch(message);
    }, 30_000);
  }
});

describe('an output that is an input of the same call is refused, and nothing is written', () => {
  for (const option of ['--html', '--latex']) {
    it(`solve FILE ${option} FILE`, async () => {
      const input = file(LINE);
      const before = readFileSync(input, 'utf8');
      const r = await runCli(['solve', input, option, input]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`${option} ".*" is the input file of this call; refusing to overwrite it`));
      expect(readFileSync(input, 'utf8')).toBe(before);
    });
  }
  it('through another spelling of the same path (./dir/../file)', async () => {
    const input = file(MAXENT, 'same-input.json');
    const before = readFileSync(input, 'utf8');
    const r = await runCli(['maxent', input, '--html', join(dir, '.', '..', dir.split('/').pop()!, 'same-input.json')]);
    expect(r.code).toBe(2);
    expect(readFileSync(input, 'utf8')).toBe(before);
  });
  it('optimize FILE --plot FILE', async () => {
    const input = file(OPT);
    const before = readFileSync(input, 'utf8');
    const r = await runCli(['optimize', input, '--plot', input]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--plot ".*" is the input file of this call/);
    expect(readFileSync(input, 'utf8')).toBe(before);
  });
});

describe('several outputs: all or none', () => {
  it('a failing --latex leaves an existing --html page as it was, and writes no temporary file', async () => {
    const out = mkdtempSync(join(dir, 'out-'));
    const page = join(out, 'page.html');
    writeFileSync(page, 'the previous page');
    const r = await runCli(['solve', file(LINE), '--html', page, '--latex', join(out, 'missing', 'x.tex')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no output file was written/);
    expect(readFileSync(page, 'utf8')).toBe('the previous page');
    expect(existsSync(join(out, 'missing'))).toBe(false);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(out)).toEqual(['page.html']);
  });
  it('when every output can be written, each replaces its file', async () => {
    const out = mkdtempSync(join(dir, 'out-'));
    mkdirSync(join(out, 'tex'));
    const page = join(out, 'page.html');
    writeFileSync(page, 'the previous page');
    const r = await runCli(['solve', file(LINE), '--html', page, '--latex', join(out, 'tex', 'x.tex'), '--standalone']);
    expect(r.code).toBe(0);
    expect(readFileSync(page, 'utf8')).toContain('<html');
    expect(readFileSync(join(out, 'tex', 'x.tex'), 'utf8')).toMatch(/^\\documentclass/);
  });
});

describe('a failed write to stdout or stderr (the real process)', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const run = (args: string[], stdout: number | 'pipe', stderr: number | 'pipe' = 'pipe') =>
    spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli.ts'), ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', stdout, stderr], env: { ...process.env, LAGRANGIAN_DEBUG: '' } });

  it('stdout on /dev/full: one line, exit 74, no stack', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = run(['diff', 'x^2', '--wrt', 'x', '--json'], full);
      expect(r.status).toBe(74);
      expect(r.stderr.trim()).toBe('lagrangian: cannot write to stdout: no space left on the device (ENOSPC)');
    } finally {
      closeSync(full);
    }
  }, 60_000);

  it('stderr on /dev/full with bad input: exit 74 (nowhere to say more), no crash', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = run(['diff', 'x^', '--wrt', 'x'], 'pipe', full);
      expect(r.status).toBe(74);
      expect(r.signal).toBeNull();
    } finally {
      closeSync(full);
    }
  }, 60_000);

  it('a closed pipe (EPIPE): one line on stderr, non-zero exit', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" --import tsx src/cli.ts diff "x^2" --wrt x --json | true; exit 0`], { cwd: root, encoding: 'utf8' });
    // The pipe may close before or after the write; when it fails, it fails cleanly.
    expect(r.stderr).not.toMatch(STACK_LINE);
    if (r.stderr !== '') expect(r.stderr.trim()).toBe('lagrangian: cannot write to stdout: the reading end of the pipe was closed (EPIPE)');
  }, 60_000);
});
