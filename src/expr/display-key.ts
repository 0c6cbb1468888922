/**
 * Pieces of the display order of sums (`displayTerms` in print.ts) that need no printer:
 * which terms are monomials in symbols, and the packed integer key that decides most
 * comparisons of a large sort by itself.
 */
import type { Expr } from './node-types.js';

// `packedKey` layout, from the top: 255 - degree (8 bits), 1 for a term that is not a
// monomial (1 bit), then two 21-bit slots; a slot is a monomial's (rank, 127 - exponent)
// pair at that position (PACK_NO_RANK when the monomial has fewer pairs), or for other
// terms their DISPLAY_RANK and 0. 51 bits: exact in a double.
export const PACK_NO_RANK = 0x3fff;
const PACK_SLOT = 1 << 21;

/**
 * The leading part of `compareTermKeys`'s order as one integer: degree, monomial or not,
 * and the first two (rank, exponent) pairs of a monomial (or the kind rank of any other
 * term). Two different packed keys order their terms as `compareTermKeys` does; equal
 * keys leave the order to it. -1 for a term outside the packed range (degree not an
 * integer in 0..255, exponents not integers in 1..127). `length`: how much of `monomial` is
 * the monomial (a scratch array may be longer).
 */
export function packedKey(degree: number, monomial: ArrayLike<number> | null, rank: number, length = monomial?.length ?? 0): number {
  if (!Number.isInteger(degree) || degree < 0 || degree > 255) return -1;
  const head = (255 - degree) * 2 + (monomial === null ? 1 : 0);
  if (monomial === null) return (head * PACK_SLOT + rank * 128) * PACK_SLOT;
  for (let i = 1; i < length; i += 2) {
    const e = monomial[i]!;
    if (!Number.isInteger(e) || e < 1 || e > 127) return -1;
  }
  const slot0 = length > 0 ? monomial[0]! * 128 + 127 - monomial[1]! : EMPTY_SLOT;
  const slot1 = length > 2 ? monomial[2]! * 128 + 127 - monomial[3]! : EMPTY_SLOT;
  return (head * PACK_SLOT + slot0) * PACK_SLOT + slot1;
}

const EMPTY_SLOT = PACK_NO_RANK * 128 + 127;

/** Where a monomial in symbols starts among a term's factors (1 past a numeric coefficient, else 0); -1 if the term is not one. */
export function monomialStart(t: Expr): number {
  if (t.kind !== 'mul') return isSymbolPower(t) ? 0 : -1;
  const start = t.factors[0]!.kind === 'num' ? 1 : 0;
  for (let i = start; i < t.factors.length; i++) if (!isSymbolPower(t.factors[i]!)) return -1;
  return start;
}

/** A symbol, or a symbol to a numeric power. */
function isSymbolPower(f: Expr): boolean {
  return f.kind === 'sym' || (f.kind === 'pow' && f.base.kind === 'sym' && f.exp.kind === 'num');
}
