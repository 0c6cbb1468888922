/**
 * The cost of reading an input file through `readJson` (an iterative scan for
 * positions, depth and duplicate fields, then JSON.parse) against JSON.parse alone, on
 * a problem file of about 1 MB (10,000 constraints) and on a small one.
 *
 * Run: npx vitest bench --run test/input.bench.ts
 */
import { bench, describe } from 'vitest';
import { readJson } from '../src/input/index.js';

const big = JSON.stringify({
  variables: Array.from({ length: 100 }, (_, i) => `x${i}`),
  minimize: Array.from({ length: 100 }, (_, i) => `x${i}^2`).join(' + '),
  subject_to: Array.from({ length: 10_000 }, (_, i) => `x${i % 100} + ${i} * x${(i + 1) % 100} <= ${i + 1}`),
});
const small = JSON.stringify({ variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1', 'x >= 0'] });

describe('reading a 1 MB problem file', () => {
  bench('JSON.parse (baseline)', () => void JSON.parse(big));
  bench('readJson', () => void readJson(big, 'p.json'));
});

describe('reading a small problem file', () => {
  bench('JSON.parse (baseline)', () => void JSON.parse(small));
  bench('readJson', () => void readJson(small, 'p.json'));
});
