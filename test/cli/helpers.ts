/** Shared helpers for the CLI tests. */
import katex from 'katex';
import { expect } from 'vitest';

/** The seed-001 derivative by the hand formula (e^x + 2e^{2x})(exp(e^x + e^{2x}) + cos(e^x + e^{2x})). */
export function seed001Hand(x: number): number {
  const a = Math.exp(x);
  const c = a + a * a;
  return (a + 2 * a * a) * (Math.exp(c) + Math.cos(c));
}

/** Parses stdout as exactly one JSON document (JSON.parse rejects trailing documents). */
export function oneJson(stdout: string): any {
  expect(stdout.trim().startsWith('{')).toBe(true);
  return JSON.parse(stdout);
}

/** Every string under a `latex` key, anywhere in a JSON value. */
export function latexFields(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => latexFields(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'latex' && typeof v === 'string') out.push(v);
      else latexFields(v, out);
    }
  }
  return out;
}

/** Renders with KaTeX, throwing on any error. */
export function renderKatex(latex: string): string {
  return katex.renderToString(latex, { throwOnError: true, displayMode: true });
}

/** A stack-trace line as node prints it. */
export const STACK_LINE = /\n\s+at /;
