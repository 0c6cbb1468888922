/**
 * The one JSON reader of input files. Before JSON.parse sees the text, an iterative scan
 * of RFC 8259's grammar finds the first defect and says where it is (line and column,
 * which Node 20's JSON.parse messages lack), refuses nesting deeper than
 * `MAX_JSON_DEPTH` (JSON.parse and every reader after it would recurse on it) and a
 * field given twice in one object (JSON.parse silently keeps the last, dropping the
 * first). A UTF-8 byte-order mark at the start is skipped.
 */
import { InputError } from './error.js';

/** The deepest nesting of lists and objects an input file may have. */
export const MAX_JSON_DEPTH = 1000;

/** Where and why a text is not acceptable JSON. */
interface JsonFault {
  /** 0-based offset of the offending character (the text's length at its end). */
  readonly offset: number;
  readonly reason: string;
}

/**
 * Decodes an input file's JSON text; `label` names the file in messages. Throws an
 * InputError naming the line, the column and an excerpt of the line.
 */
export function readJson(text: string, label: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const fault = scanJson(body);
  if (fault) throw jsonError(body, label, fault);
  try {
    return JSON.parse(body);
  } catch (err) {
    // The scan accepts exactly the JSON grammar, so this is not expected; report it plainly.
    throw new InputError(`not valid JSON: ${(err as Error).message}`, label);
  }
}

/** The InputError of a fault: the line holding it, the column, and the reason. */
function jsonError(text: string, label: string, fault: JsonFault): InputError {
  const { line, column, lineText } = lineColumn(text, fault.offset);
  return new InputError(`not valid JSON (line ${line}, column ${column}): ${fault.reason}`, label, lineText, column, line);
}

/** 1-based line and column of a 0-based offset, and the text of that line. */
export function lineColumn(text: string, offset: number): { line: number; column: number; lineText: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let line = 1;
  for (let k = text.indexOf('\n'); k >= 0 && k < start; k = text.indexOf('\n', k + 1)) line++;
  const end = text.indexOf('\n', offset);
  const lineText = text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
  return { line, column: offset - start + 1, lineText };
}

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The first defect of `text` as JSON, or undefined. Iterative: nesting costs a stack entry, not a call frame. */
function scanJson(text: string): JsonFault | undefined {
  const stack: { close: '}' | ']'; keys?: Set<string> }[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const n = text.length;
  const fault = (reason: string, at = i): JsonFault => ({ offset: at, reason });
  const after = (): Expect => (stack.length > 0 ? 'commaOrClose' : 'end');
  for (;;) {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    if (i >= n) {
      if (expect === 'end') return undefined;
      if (stack.length === 0 && expect === 'value') return fault('the file is empty; expected a JSON object');
      return fault(`unexpected end of the file (${stack.length} unclosed ${stack.length === 1 ? 'bracket' : 'brackets'})`);
    }
    const c = text[i]!;
    // The closing bracket of the innermost list or object, where one may stand: after a member, or right after the opening one.
    if ((expect === 'commaOrClose' || expect === 'keyOrClose' || expect === 'valueOrClose') && c === stack[stack.length - 1]!.close) {
      stack.pop();
      i++;
      expect = after();
      continue;
    }
    switch (expect) {
      case 'end':
        return fault(`unexpected ${describeChar(text, i)} after the end of the JSON value`);
      case 'colon':
        if (c !== ':') return fault(`expected ":" after the field name, found ${describeChar(text, i)}`);
        i++;
        expect = 'value';
        break;
      case 'commaOrClose': {
        const top = stack[stack.length - 1]!;
        if (c === ',') {
          i++;
          expect = top.close === '}' ? 'key' : 'value';
        } else return fault(`expected "," or "${top.close}", found ${describeChar(text, i)}`);
        break;
      }
      case 'key':
      case 'keyOrClose': {
        if (c === '}') return fault('a comma before "}" (JSON allows no trailing comma)');
        if (c !== '"') return fault(`expected a field name in double quotes, found ${describeChar(text, i)}`);
        const start = i;
        const end = scanString(text, i);
        if (typeof end !== 'number') return end;
        const raw = text.slice(start, end);
        const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        const keys = stack[stack.length - 1]!.keys!;
        if (keys.has(key)) return fault(`the field ${JSON.stringify(key)} is given twice in one object`, start);
        keys.add(key);
        i = end;
        expect = 'colon';
        break;
      }
      case 'value':
      case 'valueOrClose': {
        if (c === '{' || c === '[') {
          if (stack.length >= MAX_JSON_DEPTH) return fault(`lists and objects nested deeper than ${MAX_JSON_DEPTH} levels`);
          stack.push(c === '{' ? { close: '}', keys: new Set() } : { close: ']' });
          i++;
          expect = c === '{' ? 'keyOrClose' : 'valueOrClose';
          break;
        }
        if (c === ']' || c === '}') {
          return stack.length > 0 && text[lastNonSpace(text, i)] === ',' ? fault(`a comma before "${c}" (JSON allows no trailing comma)`) : fault(`expected a value, found ${describeChar(text, i)}`);
        }
        if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
        } else if (c === '-' || (c >= '0' && c <= '9')) {
          NUMBER.lastIndex = i;
          const m = NUMBER.exec(text);
          if (!m) return fault(`not a number: ${describeChar(text, i)}`);
          i += m[0].length;
          if (i < n && /[0-9A-Za-z.+]/.test(text[i]!)) return fault(`not a JSON number (write numbers as 1, -0.5 or 1e-3)`);
        } else if (text.startsWith('true', i)) i += 4;
        else if (text.startsWith('false', i)) i += 5;
        else if (text.startsWith('null', i)) i += 4;
        else if (c === "'") return fault('strings need double quotes (")');
        else if (/[A-Za-z_]/.test(c)) return fault(`unquoted word ${describeChar(text, i)} (strings need double quotes)`);
        else return fault(`expected a value, found ${describeChar(text, i)}`);
        expect = after();
        break;
      }
    }
  }
}

/** The end (exclusive) of the string starting at `start`, or the fault inside it. */
function scanString(text: string, start: number): number | JsonFault {
  let i = start + 1;
  for (;;) {
    if (i >= text.length) return { offset: start, reason: 'a string that is never closed (missing ")' };
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return { offset: i, reason: code === 0x0a ? 'a line break inside a string (write \\n, or close the string)' : 'a control character inside a string' };
    if (code === 0x5c) {
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, reason: 'a \\u escape needs four hexadecimal digits' };
        i += 6;
        continue;
      }
      if (e === undefined || !'"\\/bfnrt'.includes(e)) return { offset: i, reason: `the escape "\\${e ?? ''}" is not JSON (known: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)` };
      i += 2;
      continue;
    }
    i++;
  }
}

function lastNonSpace(text: string, before: number): number {
  let k = before - 1;
  while (k >= 0 && /\s/.test(text[k]!)) k--;
  return k;
}

/** A character (or the word starting there) quoted for a message. */
function describeChar(text: string, i: number): string {
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 41))?.[0];
  if (word) return JSON.stringify(word.length > 40 ? `${word.slice(0, 40)}…` : word);
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  return JSON.stringify(ch);
}
