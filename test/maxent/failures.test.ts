/**
 * Problems without an answer get a status and a message that says why (exit status 1
 * from the CLI); malformed problems raise MaxentInputError naming the field and position.
 */
import { describe, expect, it } from 'vitest';
import { MaxentInputError, parseMaxentText, readMaxentProblem, solveMaxent, type MaxentResult } from '../../src/maxent/index.js';

function solve(doc: unknown): MaxentResult {
  return solveMaxent(readMaxentProblem(doc));
}

function inputError(doc: unknown): MaxentInputError {
  try {
    readMaxentProblem(doc);
  } catch (err) {
    expect(err).toBeInstanceOf(MaxentInputError);
    return err as MaxentInputError;
  }
  throw new Error('expected a MaxentInputError');
}

describe('infeasible moment sets', () => {
  it('a mean exactly at the end of the support: mean 0 on [0, inf) fits only a point mass at 0 (issue 11)', () => {
    const r = solve({ support: [0, 'inf'], moments: [{ f: 'x', value: 0 }] });
    expect(r.status).toBe('infeasible');
    expect(r.message).toMatch(/point mass/);
  });
  it('zero variance with numbers: E[x] = 0 and E[x^2] = 0 on the real line', () => {
    const r = solve({ support: ['-inf', 'inf'], moments: [{ f: 'x', value: 0 }, { f: 'x^2', value: 0 }] });
    expect(r.status).toBe('infeasible');
    expect(r.message).toMatch(/point mass/);
  });
  it('variance <= 0 (numbers): E[x^2] < E[x]^2', () => {
    const r = solve({ support: ['-inf', 'inf'], moments: [{ f: 'x', value: 1 }, { f: 'x^2', value: 0.5 }] });
    expect(r.status).toBe('infeasible');
    expect(r.message).toMatch(/variance/);
  });
  it('variance <= 0 (parameters): E[(x - mu)^2] = -sigma^2 with sigma > 0', () => {
    const r = solve({ support: ['-inf', 'inf'], parameters: ['mu', 'sigma'], assume: ['sigma > 0'], moments: [{ f: 'x', value: 'mu' }, { f: '(x - mu)^2', value: '-sigma^2' }] });
    expect(r.status).toBe('infeasible');
    expect(r.message).toMatch(/variance.*-sigma\^2 > 0 fails/);
  });
  it('variance exactly 0 at the given parameter_values', () => {
    const r = solve({ support: ['-inf', 'inf'], parameters: ['s'], moments: [{ f: 'x^2', value: 's^2' }], parameter_values: { s: 0 } });
    expect(r.status).toBe('infeasible');
  });
  it('a mean outside the support: exponential with mean -1 on [0, inf)', () => {
    const r = solve({ support: [0, 'inf'], moments: [{ f: 'x', value: -1 }] });
    expect(r.status).toBe('infeasible');
    expect(r.message).toMatch(/mean must lie above the lower end/);
  });
  it('a mean outside a bounded support (numeric route)', () => {
    const r = solve({ support: [0, 1], moments: [{ f: 'x', value: 1.5 }] });
    expect(r.status).toBe('infeasible');
    expect(r.message).toMatch(/not strictly inside the range \(0, 1\) of x/);
  });
  it('a die with mean 7, and with mean exactly 6', () => {
    const r = solve({ support: { values: [1, 2, 3, 4, 5, 6] }, moments: [{ f: 'x', value: 7 }] });
    expect(r.status).toBe('infeasible');
    expect(r.message).toMatch(/outside the range \[1, 6\]/);
    const edge = solve({ support: { values: [1, 2, 3, 4, 5, 6] }, moments: [{ f: 'x', value: 6 }] });
    expect(edge.status).toBe('infeasible');
    expect(edge.message).toMatch(/degenerate/);
  });
  it("gamma moments that break Jensen's inequality", () => {
    const r = solve({ support: [0, 'inf'], moments: [{ f: 'x', value: 1 }, { f: 'log(x)', value: 0.5 }] });
    expect(r.status).toBe('infeasible');
    expect(r.message).toMatch(/Jensen/);
  });
  it('an empty support', () => {
    const r = solve({ support: [1, 0], moments: [] });
    expect(r.status).toBe('infeasible');
    expect(r.message).toMatch(/empty/);
  });
  it('contradictory constraints E[x] = 1 and E[2x] = 3', () => {
    const r = solve({ support: ['-inf', 'inf'], moments: [{ f: 'x', value: 1 }, { f: '2*x', value: 3 }, { f: 'x^2', value: 3 }] });
    expect(r.status).toBe('infeasible');
    expect(r.message).toMatch(/contradict/);
  });
});

describe('unbounded entropy', () => {
  it('no constraints on the real line or a half-line', () => {
    expect(solve({ support: ['-inf', 'inf'], moments: [] }).status).toBe('unbounded');
    expect(solve({ support: [0, 'inf'], moments: [] }).status).toBe('unbounded');
  });
  it('only the mean on the real line', () => {
    const r = solve({ support: ['-inf', 'inf'], moments: [{ f: 'x', value: 0 }] });
    expect(r.status).toBe('unbounded');
    expect(r.message).toMatch(/odd powers/);
  });
});

describe('unsupported constraints', () => {
  it('a moment function that does not depend on the variable', () => {
    const r = solve({ support: ['-inf', 'inf'], parameters: ['mu'], moments: [{ f: 'mu^2', value: 1 }] });
    expect(r.status).toBe('unsupported');
    expect(r.message).toMatch(/does not depend on x/);
  });
  it('redundant constraints E[x] = 1 and E[2x] = 2: multipliers not determined', () => {
    const r = solve({ support: ['-inf', 'inf'], moments: [{ f: 'x', value: 1 }, { f: '2*x', value: 2 }, { f: 'x^2', value: 3 }] });
    expect(r.status).toBe('unsupported');
    expect(r.message).toMatch(/linearly dependent/);
  });
  it('no closed form and no parameter_values', () => {
    const r = solve({ support: [0, 1], parameters: ['m'], moments: [{ f: 'x', value: 'm' }] });
    expect(r.status).toBe('unsupported');
    expect(r.message).toMatch(/parameter_values.*for m/);
  });
  it('kurtosis above 3 with E[x^2], E[x^4] on the real line is not attained', () => {
    const r = solve({ support: ['-inf', 'inf'], moments: [{ f: 'x^2', value: 1 }, { f: 'x^4', value: 4 }] });
    expect(r.status).toBe('no_optimum_found');
    expect(r.message).toMatch(/dual/);
  });
});

describe('bad input names the field and position', () => {
  it('unknown name in a moment function', () => {
    const e = inputError({ support: ['-inf', 'inf'], moments: [{ f: 'x + y', value: 1 }] });
    expect(e.label).toBe('moments[0].f');
    expect(e.text).toBe('x + y');
    expect(e.position).toBe(5);
    expect(e.reason).toMatch(/unknown name "y"/);
  });
  it('the variable in a moment value', () => {
    const e = inputError({ support: ['-inf', 'inf'], moments: [{ f: 'x', value: '2*x' }] });
    expect(e.label).toBe('moments[0].value');
  });
  it('a malformed support, a missing support, an unknown field', () => {
    expect(inputError({ support: [0], moments: [] }).label).toBe('support');
    expect(inputError({ moments: [] }).label).toBe('support');
    expect(inputError({ support: ['inf', 0] }).label).toBe('support[0]');
    expect(inputError({ support: [0, 1], momnets: [] }).label).toBe('momnets');
  });
  it('assumptions and parameter values', () => {
    expect(inputError({ support: [0, 1], parameters: ['a'], assume: ['b > 0'] }).label).toBe('assume[0]');
    expect(inputError({ support: [0, 1], parameters: ['a'], parameter_values: { a: 'one' } }).label).toBe('parameter_values.a');
    expect(inputError({ support: [0, 1], parameters: ['a'], parameter_values: { c: 1 } }).label).toBe('parameter_values');
  });
  it('a parameter named like a multiplier or the variable', () => {
    expect(inputError({ support: [0, 1], parameters: ['lambda_1'] }).reason).toMatch(/multipliers/);
    expect(inputError({ support: [0, 1], parameters: ['x'] }).reason).toMatch(/variable/);
  });
  it('JSON syntax errors point at the line and column (when node reports a position)', () => {
    const caught = (text: string): MaxentInputError => {
      try {
        parseMaxentText(text, 'p.json');
      } catch (err) {
        expect(err).toBeInstanceOf(MaxentInputError);
        return err as MaxentInputError;
      }
      throw new Error('expected an error');
    };
    const e = caught('{\n  "support": [0, 1],\n}');
    expect(e.reason).toMatch(/not valid JSON/);
    expect(e.label).toBe('p.json');
    expect(e.fileLine).toBe(3);
    expect(e.text).toBe('}');
    expect(e.position).toBe(1);
    // Without a position from node, the message still quotes the offending context.
    const f = caught('{\n  "moments": [}\n}');
    expect(f.reason).toMatch(/not valid JSON \(line 2, column 15\).*found "\}"/);
  });
});
