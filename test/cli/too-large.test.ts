// A printed tree can outgrow V8's largest string while the DAG behind it is small (a
// derivative of a 10^4-deep chain of sin printed as text). That is an answer the CLI
// cannot print, exit 1 with a sentence, not an internal error (exit 70).
import { describe, expect, it } from 'vitest';
import { asCliError } from '../../src/cli/main.js';
import { EXIT } from '../../src/cli/errors.js';

describe('a result too large to print', () => {
  it('V8 string-length RangeError is exit 1 naming the limit', () => {
    let thrown: unknown;
    try {
      // The engine's own error, not a hand-made one: a string past 2^29 characters.
      'x'.repeat(2 ** 29 + 1);
    } catch (e) {
      thrown = e;
    }
    const known = asCliError(thrown);
    expect(known?.code).toBe(EXIT.NO_ANSWER);
    expect(known?.message).toMatch(/too large to print.*512 MB/);
  });
  it('other RangeErrors stay internal errors (a bug is not disguised as an answer)', () => {
    expect(asCliError(new RangeError('Maximum call stack size exceeded'))).toBeUndefined();
  });
});
