/**
 * The playground's diff fields ("with respect to", "at") under Node: they are read by the
 * same reader as the CLI's --wrt and --at (compile's point-text.ts), so the page accepts
 * the same texts and gives the same reasons, labelled with the page's field names. An
 * error about a field carries no offset: the offset marks a place in the typed
 * expression, which the error is not about. Expected messages written by hand.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../docs/playground/src/app.js';
import { runCli } from '../../src/cli/index.js';

const diff = (text: string, fields: { wrt?: string; at?: string }) => run({ command: 'diff', text, ...fields });

describe('playground diff fields: the CLI reader of --wrt and --at', () => {
  it('values are constant expressions: d(x*y)/dx = y = sqrt(2), d(x*y)/dy = x = pi/4', () => {
    const a = diff('x*y', { at: 'x=pi/4, y=sqrt(2)' });
    expect(a.ok).toBe(true);
    const json = JSON.parse((a as { json: string }).json);
    expect(json.derivatives.x.value).toBe(Math.SQRT2);
    expect(json.derivatives.y.value).toBe(Math.PI / 4);
  });

  it('bad texts: the reason and position the CLI gives, the page field as the label, no offset into the expression', () => {
    const cases: [{ wrt?: string; at?: string }, string][] = [
      [{ at: 'x=1, y' }, 'in at "x=1, y" at char 6: expected name=value'],
      [{ at: 'x=y, y=1' }, 'in at "x=y, y=1" at char 3: value of x must be a number, but it contains the variable "y"'],
      [{ at: 'x=1, x=2' }, 'in at "x=1, x=2" at char 6: "x" is given twice'],
      [{ wrt: 'x, x' }, 'in with respect to "x, x" at char 4: "x" is listed twice'],
      [{ wrt: 'x,,y' }, 'in with respect to "x,,y" at char 3: empty variable name'],
      [{ wrt: 'x, pi' }, 'in with respect to "x, pi" at char 4: "pi" is a constant, not a variable'],
    ];
    for (const [fields, message] of cases) expect(diff('x*y', fields), JSON.stringify(fields)).toEqual({ ok: false, message });
  });

  it('a variable without a value: the CLI reason, marked at the name in the typed expression', () => {
    const a = diff('x*y', { at: 'x=1' });
    expect(a).toEqual({ ok: false, message: 'in the expression "x*y" at char 3: no value for the variable "y"; add y=... to the "at" field', offset: 2, length: 1 });
  });

  it('the CLI says the same, with its option as the label', async () => {
    const r = await runCli(['diff', 'x*y', '--at', 'x=1, y', '--json'], { env: {} });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toBe('in --at "x=1, y" at char 6: expected name=value');
  });
});
