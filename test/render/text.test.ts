import { describe, expect, it } from 'vitest';
import { add, derivative, mul, num, pow, sub, sym } from '../../src/index.js';
import { displayWidth, renderText, type Derivation } from '../../src/render/index.js';
import { HOSTILE, hostileDoc, lagrangeSample } from './fixtures.js';

const x = sym('x');
const y = sym('y');
const lambda = sym('lambda');
const L = sub(add(pow(x, num(2)), pow(y, num(2))), mul(lambda, sub(add(x, y), num(1))));

const small: Derivation = {
  title: 'Closest point',
  steps: [
    {
      title: 'Conditions',
      blocks: [
        { kind: 'text', text: 'Stationarity of the Lagrangian, then feasibility.\n\nTwo paragraphs.' },
        {
          kind: 'equations',
          rows: [
            { lhs: derivative(L, x), relation: '=', rhs: num(0), note: 'd/dx' },
            { lhs: derivative(L, lambda), relation: '=', rhs: num(0), note: 'feasibility' },
            { lhs: x, relation: '<=', rhs: { text: 'sqrt(2)', latex: '\\sqrt{2}' } },
          ],
        },
      ],
    },
    {
      title: 'Answer',
      blocks: [
        { kind: 'math', item: { text: 'x = y = 1/2', latex: 'x = y = \\tfrac12' } },
        { kind: 'table', header: ['name', 'value'], rows: [['x', num(0.5)], ['lambda', num(1)]] },
        { kind: 'figure', svg: '<svg></svg>', caption: 'the level set\nf = 1/2' },
      ],
    },
  ],
};

describe('renderText', () => {
  it('prints a small document exactly', () => {
    expect(renderText(small)).toBe(
      [
        'Closest point',
        '=============',
        '',
        '1. Conditions',
        '',
        '   Stationarity of the Lagrangian, then feasibility.',
        '',
        '   Two paragraphs.',
        '',
        '     2*x - lambda =  0         (d/dx)',
        '        1 - x - y =  0         (feasibility)',
        '                x <= sqrt(2)',
        '',
        '2. Answer',
        '',
        '     x = y = 1/2',
        '',
        '   name   | value',
        '   -------+------',
        '   x      | 1/2',
        '   lambda | 1',
        '',
        '   [figure: the level set f = 1/2]',
        '',
      ].join('\n'),
    );
  });

  it('colours only when asked', () => {
    expect(renderText(small)).not.toContain('\x1b[');
    const coloured = renderText(small, { color: true });
    expect(coloured).toContain('\x1b[1mClosest point\x1b[0m');
    expect(coloured).toContain('\x1b[2m(d/dx)\x1b[0m');
    // Same text once the escapes are removed.
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(renderText(small));
  });

  it('wraps prose at the given width without breaking words', () => {
    const long = 'word '.repeat(40).trim();
    const out = renderText({ title: 't', steps: [{ title: 's', blocks: [{ kind: 'text', text: long }] }] }, { width: 40 });
    const lines = out.split('\n').filter((l) => l.startsWith('   word'));
    expect(lines.length).toBeGreaterThan(4);
    for (const l of lines) {
      expect(l.length).toBeLessThanOrEqual(40);
      expect(l.trim().split(' ').every((w) => w === 'word')).toBe(true);
    }
  });

  it('never breaks a line inside an inline formula; a formula wider than the line stands alone', () => {
    const f1 = { text: 'x^2 + y^2 = 1', latex: 'x^2 + y^2 = 1' }; // 13 columns
    const f2 = { text: 'mu_1 * (x + y - 1) = 0', latex: '\\mu_1 (x + y - 1) = 0' }; // 22 columns
    const wide = { text: 'a + b + c + d + e + f + g + h + i + j + k + l', latex: 'a' }; // 45 columns, wider than 40 - 3
    const parts = ['The constraint ', f1, ' and slackness ', f2, ' hold; moreover the long identity ', wide, ' closes it, and ', f1, '.'];
    const out = renderText({ title: 't', steps: [{ title: 's', blocks: [{ kind: 'prose', parts }] }] }, { width: 40 });
    const lines = out.split('\n').slice(4).filter((l) => l !== '');
    // Hand-wrapped at 37 columns (40 minus the indent), words greedy, formulas whole:
    expect(lines).toEqual([
      '   The constraint x^2 + y^2 = 1 and',
      '   slackness mu_1 * (x + y - 1) = 0',
      '   hold; moreover the long identity',
      '   a + b + c + d + e + f + g + h + i + j + k + l',
      '   closes it, and x^2 + y^2 = 1.',
    ]);
  });

  it('aligns columns by display width (Hangul is two columns wide)', () => {
    expect(displayWidth('라그랑주')).toBe(8);
    expect(displayWidth('λx')).toBe(2);
    const out = renderText({ title: 't', steps: [{ title: 's', blocks: [{ kind: 'table', header: ['이름', 'v'], rows: [['x', '1']] }] }] });
    expect(out).toContain('   이름 | v\n   -----+--\n   x    | 1\n');
  });

  it('prints the full sample and user text verbatim (the terminal needs no escaping)', () => {
    const out = renderText(lagrangeSample());
    expect(out).toContain('5. Pictures');
    expect(out).toContain('dL/dlambda =  1 - x - y      (primal feasibility)');
    expect(renderText(hostileDoc())).toContain(HOSTILE);
  });
});
