/**
 * Natural order of names: digit runs compare by value, so x2 comes before x10 and
 * lambda_2 before lambda_10 (plain string order puts x10 first). Used wherever a
 * default order of variables is chosen.
 */

/** Compares two names with digit runs taken as numbers; ties broken by plain string order. */
export function naturalCompare(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      // Compare by value without Number overflow: strip leading zeros, then length, then digits.
      const sx = x.replace(/^0+(?=\d)/, '');
      const sy = y.replace(/^0+(?=\d)/, '');
      if (sx.length !== sy.length) return sx.length - sy.length;
      if (sx !== sy) return sx < sy ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (ra.length !== rb.length) return ra.length - rb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The names in natural order (a new array). */
export function naturalOrder(names: Iterable<string>): string[] {
  return [...names].sort(naturalCompare);
}
