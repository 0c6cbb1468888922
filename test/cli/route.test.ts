/**
 * routeByJson (src/cli/file-command.ts): a JSON file read once for two routes. The
 * document the alternative route decides on is the very object its reader (or the main
 * route's) gets, and a syntax error is the reader's, with the file's name and line.
 */
import { describe, expect, it } from 'vitest';
import { routeByJson, type JsonPipeline, type JsonRoute } from '../../src/cli/file-command.js';
import { InputError } from '../../src/input/index.js';

/** A route that records the documents its steps are given. */
function recording<T extends JsonPipeline<unknown, unknown>>(route: T, seen: unknown[]): T {
  return { ...route, parse: (data: unknown) => (seen.push(data), route.parse(data)) };
}

const steps = { solve: (p: unknown) => p, derive: () => ({ title: '', steps: [] }), json: (r: unknown) => r, failure: () => undefined };

describe('routeByJson', () => {
  it('decides on the parsed document and hands the same object to the route it picks', () => {
    const decided: unknown[] = [];
    const mainSeen: unknown[] = [];
    const altSeen: unknown[] = [];
    const alternative: JsonRoute<unknown, unknown> = { ...steps, parse: (d) => d, takes: (d) => (decided.push(d), (d as { shaped?: boolean }).shaped === true) };
    const pipeline = routeByJson(recording({ ...steps, parse: (d: unknown) => d }, mainSeen), recording(alternative, altSeen));

    const a = pipeline.parse('{"shaped": true}', 'a.json');
    expect(a.alternative).toBe(true);
    expect(altSeen).toEqual([{ shaped: true }]);
    expect(altSeen[0]).toBe(decided[0]);
    expect(mainSeen).toEqual([]);

    const b = pipeline.parse('{"shaped": false}', 'b.json');
    expect(b.alternative).toBe(false);
    expect(mainSeen[0]).toBe(decided[1]);
    expect(pipeline.json(pipeline.solve(b))).toEqual({ shaped: false });
  });

  it('a syntax error is the JSON reader\'s: the file named, with line and column', () => {
    const alternative: JsonRoute<unknown, unknown> = { ...steps, parse: (d) => d, takes: () => true };
    const pipeline = routeByJson({ ...steps, parse: (d: unknown) => d }, alternative);
    let caught: unknown;
    try {
      pipeline.parse('{"a": 1,\n "b": }', 'p.json');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).label).toBe('p.json');
    expect((caught as InputError).fileLine).toBe(2);
  });
});
