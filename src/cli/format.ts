/**
 * Output helpers shared by the commands: the `{text, latex, value?}` objects of
 * INTERFACE.md, number formatting and aligned columns for human-readable output.
 * Loads the printers, so commands import it lazily.
 */

export { exprJson, type ExprJson } from '../document/index.js';

/** A double for humans: shortest round-trip form, so no digit is lost or invented. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN (undefined)';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  return Object.is(x, -0) ? '0' : String(x);
}

/** A short number for error columns: three significant digits. */
export function formatMagnitude(x: number): string {
  if (!Number.isFinite(x)) return formatNumber(x);
  if (x === 0) return '0';
  return x.toExponential(2);
}

/** Lays rows out in left-aligned columns separated by two spaces, with an indent. */
export function columns(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

/** `x = 1, y = 2`: a point for humans. */
export function formatPoint(point: readonly { name: string; text: string; value: number }[]): string {
  return point
    .map((c) => (Number(c.text) === c.value ? `${c.name} = ${c.text}` : `${c.name} = ${c.text} ≈ ${formatNumber(c.value)}`))
    .join(', ');
}
