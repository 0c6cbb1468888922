/**
 * Reads back what KaTeX parsed (`katex.__parse`, the tree it renders) as arithmetic, so
 * LaTeX property tests can compare the rendered structure with the Expr it came from:
 * a misplaced numerator or denominator, exponent, sign or parenthesis changes the value.
 * Covers the forms toLatex emits over one-letter variables: juxtaposition and `\cdot`
 * as products, `\frac`, `^{...}`, `\sqrt[n]`, `\left( \right)`, `\left| \right|`,
 * operator names applied to the next factor (`\sin x`, `\sin^{2} x`, `\sin\left(...\right)`).
 */
import katex from 'katex';
import { FUNCTIONS, type FunctionName } from '../../src/expr/index.js';

/** A KaTeX parse node, as far as this reader looks at it. */
interface Node {
  type: string;
  text?: string;
  name?: string;
  family?: string;
  body?: Node[] | Node;
  numer?: Node;
  denom?: Node;
  base?: Node | null;
  sup?: Node | null;
  sub?: Node | null;
  index?: Node | null;
  left?: string;
  right?: string;
}

const parseTree = (katex as unknown as { __parse(s: string, o: object): Node[] }).__parse;

/** Value of a LaTeX string at the point; throws on a form this reader does not know. */
export function evaluateLatex(latex: string, at: Readonly<Record<string, number>>): number {
  return new Reader(at).sequence(parseTree(latex, { throwOnError: true }));
}

type Item = { kind: 'value'; v: number; digits?: string } | { kind: 'op'; fn: FunctionName; power?: number } | { kind: 'bin'; text: string };

const OPS: Record<string, FunctionName> = Object.fromEntries(
  (Object.keys(FUNCTIONS) as FunctionName[]).map((fn) => [FUNCTIONS[fn].latex.replace(/^\\operatorname\{(.*)\}$/, '\\$1'), fn]),
);

class Reader {
  constructor(private readonly at: Readonly<Record<string, number>>) {}

  /** A list of nodes: sums of products, a leading sign allowed. */
  sequence(nodes: readonly Node[]): number {
    const items = nodes.map((n) => this.item(n));
    // Merge digit runs into numbers.
    const merged: Item[] = [];
    for (const it of items) {
      const last = merged[merged.length - 1];
      if (it.kind === 'value' && it.digits !== undefined && last?.kind === 'value' && last.digits !== undefined) {
        const d = last.digits + it.digits;
        merged[merged.length - 1] = { kind: 'value', v: Number(d), digits: d };
      } else merged.push(it);
    }
    let total = 0;
    let sign = 1;
    let term: Item[] = [];
    const flush = (): void => {
      if (term.length === 0) throw new Error('empty term');
      total += sign * this.product(term);
      term = [];
    };
    for (const it of merged) {
      if (it.kind === 'bin' && (it.text === '+' || it.text === '-')) {
        if (term.length > 0) flush();
        else if (total !== 0 || sign !== 1) throw new Error('two signs in a row');
        sign = it.text === '-' ? -1 : 1;
      } else term.push(it);
    }
    flush();
    return total;
  }

  /** Juxtaposed factors, `\cdot` and `/`; an operator applies to the factor after it. */
  private product(items: Item[]): number {
    let value = 1;
    let divide = false;
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      if (it.kind === 'bin') {
        if (it.text !== '\\cdot') throw new Error(`unexpected ${it.text}`);
        continue;
      }
      let v: number;
      if (it.kind === 'op') {
        const arg = items[++i];
        if (!arg || arg.kind !== 'value') throw new Error('operator without argument');
        v = FUNCTIONS[it.fn].evaluate(arg.v);
        if (it.power !== undefined) v **= it.power;
      } else v = it.v;
      value = divide ? value / v : value * v;
      divide = false;
      if (items[i + 1]?.kind === 'value' && (items[i + 1] as { digits?: string }).digits === '/') {
        divide = true;
        i++;
      }
    }
    return value;
  }

  private group(n: Node | null | undefined): number {
    if (!n) throw new Error('missing group');
    return n.type === 'ordgroup' ? this.sequence(n.body as Node[]) : this.sequence([n]);
  }

  private item(n: Node): Item {
    switch (n.type) {
      case 'textord':
        if (n.text === '/') return { kind: 'value', v: NaN, digits: '/' };
        if (!/^[0-9]$/.test(n.text!)) throw new Error(`unknown text ${n.text}`);
        return { kind: 'value', v: Number(n.text), digits: n.text };
      case 'mathord':
        if (n.text === 'e') return { kind: 'value', v: Math.E };
        if (n.text === '\\pi') return { kind: 'value', v: Math.PI };
        if (this.at[n.text!] === undefined) throw new Error(`unknown symbol ${n.text}`);
        return { kind: 'value', v: this.at[n.text!]! };
      case 'atom':
        return { kind: 'bin', text: n.text! };
      case 'ordgroup':
        return { kind: 'value', v: this.sequence(n.body as Node[]) };
      case 'font': // \mathrm{e}: Euler's number, printed upright
        return this.item(n.body as unknown as Node);
      case 'genfrac':
        return { kind: 'value', v: this.group(n.numer) / this.group(n.denom) };
      case 'sqrt': {
        const r = this.group(n.body as Node);
        return { kind: 'value', v: n.index ? r ** (1 / this.group(n.index)) : Math.sqrt(r) };
      }
      case 'leftright': {
        const v = this.sequence(n.body as Node[]);
        return { kind: 'value', v: n.left === '|' ? Math.abs(v) : v };
      }
      case 'op':
        return { kind: 'op', fn: this.op(n.name!) };
      case 'operatorname':
        return { kind: 'op', fn: this.op(`\\${(n.body as Node[]).map((c) => c.text).join('')}`) };
      case 'supsub': {
        if (n.sub) throw new Error('subscript');
        const base = n.base!;
        if (base.type === 'op' || base.type === 'operatorname') {
          const fn = (this.item(base) as { fn: FunctionName }).fn;
          return { kind: 'op', fn, power: this.exponent(n.sup) };
        }
        return { kind: 'value', v: (this.item(base) as { v: number }).v ** this.exponent(n.sup) };
      }
      default:
        throw new Error(`unknown node ${n.type}`);
    }
  }

  /** An exponent: a sequence, or `p/q` as KaTeX reads `3/2` (digits, slash, digits). */
  private exponent(n: Node | null | undefined): number {
    const body = n?.type === 'ordgroup' ? (n.body as Node[]) : n ? [n] : [];
    const slash = body.findIndex((c) => c.type === 'textord' && c.text === '/');
    if (slash < 0) return this.group(n);
    return this.sequence(body.slice(0, slash)) / this.sequence(body.slice(slash + 1));
  }

  private op(name: string): FunctionName {
    const fn = OPS[name];
    if (!fn) throw new Error(`unknown operator ${name}`);
    return fn;
  }
}
