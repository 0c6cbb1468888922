/**
 * The error of the expression language: what is wrong, in the user's text, at a 1-based
 * position. Its message is one line however large or strange the text: it quotes an
 * excerpt of at most about 80 characters around the position (an ellipsis marks a cut),
 * never the whole input, and escapes line breaks and control characters.
 */

/** A syntax or vocabulary error in user text. */
export class ParseError extends Error {
  override name = 'ParseError';
  constructor(
    /** What is wrong, in a sentence. */
    readonly reason: string,
    /** The text that was being parsed. */
    readonly text: string,
    /** 1-based character position of the offending part, when known. */
    readonly position?: number,
  ) {
    super(formatParseMessage(reason, text, position));
  }
}

/** Characters of text quoted around the position of an error. */
export const EXCERPT_WIDTH = 80;

/**
 * At most EXCERPT_WIDTH characters of `text` around the 1-based `position` (the start
 * when there is none), with `…` where the text is cut on either side.
 */
export function excerpt(text: string, position?: number): string {
  return excerptAround(text, position).text;
}

/**
 * The one excerpt of user text for error messages (the expression language's and the
 * input files'): at most `width` characters around the 1-based `position`, with `…`
 * where cut, and the position within the excerpt.
 */
export function excerptAround(text: string, position?: number, width = EXCERPT_WIDTH): { readonly text: string; readonly position?: number } {
  if (text.length <= width) return position === undefined ? { text } : { text, position };
  const at = position === undefined ? 0 : Math.min(Math.max(position - 1, 0), text.length);
  let start = Math.max(0, at - Math.floor(width / 2));
  const end = Math.min(text.length, start + width);
  start = Math.max(0, end - width);
  const head = start > 0 ? '…' : '';
  const tail = end < text.length ? '…' : '';
  const shown = head + text.slice(start, end) + tail;
  return position === undefined ? { text: shown } : { text: shown, position: at - start + head.length + 1 };
}

/** JSON-style quoting of an excerpt: line breaks and control characters escaped, so the message stays one line. */
function quote(s: string): string {
  return JSON.stringify(s);
}

function formatParseMessage(reason: string, text: string, position?: number): string {
  if (text.trim() === '') return reason;
  const where = position === undefined ? '' : ` at char ${position}`;
  return `${reason}${where} in ${quote(excerpt(text, position))}`;
}
