/**
 * The scanner of ascii-math.test.ts: text nodes of a page outside KaTeX's output, and
 * the ASCII spellings of mathematics among them.
 */
// Void elements never close; everything inside these is not page prose (KaTeX output, CSS, pictures).
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const SKIP = (tag: string, attrs: string) => tag === 'style' || tag === 'script' || tag === 'svg' || /\bclass="katex(?:-display)?"/.test(attrs);

/** The text nodes of a page outside KaTeX output, styles and figures, entities decoded. */
export function proseTextNodes(html: string): string[] {
  const out: string[] = [];
  const stack: boolean[] = []; // per open element: is it (or an ancestor) skipped?
  const re = /<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const [, close, tag, attrs, text] = m;
    const skipped = stack.length > 0 && stack[stack.length - 1]!;
    if (text !== undefined) {
      if (!skipped && text.trim() !== '') out.push(decode(text));
      continue;
    }
    if (tag === undefined) continue;
    const t = tag.toLowerCase();
    if (close) {
      stack.pop();
      continue;
    }
    if (VOID.has(t) || attrs!.trimEnd().endsWith('/')) continue;
    stack.push(skipped || SKIP(t, attrs!));
  }
  return out;
}

function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** ASCII spellings of mathematics that a reader should never see as plain text. */
const ASCII_MATH: readonly [string, RegExp][] = [
  ['power', /\w\^[\w(-]/],
  ['transpose product', /\w'\s*\*/],
  ['inv(', /\binv\(/],
  ['sqrt(', /\bsqrt\(/],
  ['norm(', /\bnorm\(/],
  ['star', /\*/],
  ['subscript', /[A-Za-z]_[\dA-Za-z{]/],
  ['>= or <=', /[<>]=/],
  ['||', /\|\|/],
];

/** The hits of a page: `pattern: "text"` per text node that spells mathematics in ASCII. */
export function asciiMathHits(html: string): string[] {
  const hits: string[] = [];
  for (const node of proseTextNodes(html)) {
    const found = ASCII_MATH.filter(([, re]) => re.test(node)).map(([name]) => name);
    if (found.length) hits.push(`${found.join(', ')}: ${JSON.stringify(node.trim().slice(0, 160))}`);
  }
  return hits;
}
