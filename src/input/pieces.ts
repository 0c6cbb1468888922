/**
 * Comma-separated lists in one line of user text (`x,y`, `x=1,y=atan2(1,2)`, the nested
 * lists of shaped values), split with each piece's position kept for error messages.
 * No imports: the CLI loads this at start-up.
 */

/** A piece of a text with its 1-based position in that text. */
export interface Piece {
  readonly text: string;
  readonly position: number;
}

/**
 * Splits at commas outside parentheses (and, with `brackets` "()[]", outside brackets too:
 * the nested lists of shaped values), keeping each piece's position (for error messages).
 */
export function splitTopLevel(text: string, brackets: '()' | '()[]' = '()'): Piece[] {
  const pieces: Piece[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    const k = c === undefined ? -1 : brackets.indexOf(c);
    if (k >= 0 && k % 2 === 0) depth++;
    else if (k >= 0) depth--;
    else if ((c === ',' && depth <= 0) || i === text.length) {
      pieces.push({ text: text.slice(start, i), position: start + 1 });
      start = i + 1;
    }
  }
  return pieces;
}

/** Leading whitespace length, to move a position onto the first visible character. */
export function leadingSpace(s: string): number {
  return s.length - s.trimStart().length;
}
