/**
 * Printing the pieces of a lowered Program as JavaScript: numbers, array indices,
 * operands, instructions and loops. `emit.ts` assembles them into functions.
 *
 * Names are the generator's own: `t<slot>` for slots, `a<i>`/`b<i>` for inputs loaded
 * into locals, `j<d>` for loop variables, arrays `x`, `v` (inputs), `u` (work arrays),
 * `k` (per-iteration constants), `out`/`g` (outputs). Functions print through the `js`
 * field of the FUNCTIONS table.
 */
import { FUNCTIONS, type FunctionName } from '../expr/index.js';
import type { BodyStep, Index, Loop, Operand, Product, ScalarInstr } from './program.js';

/** Prints a double so that it reads back as the same double. */
export function printNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  if (Object.is(v, -0)) return '(-0)';
  const s = String(v);
  if (!/^-?\d+(\.\d+)?(e[+-]\d+)?$/.test(s) || Number(s) !== v) throw new Error(`internal: cannot print the number ${s}`);
  return v < 0 ? `(${s})` : s;
}

/** An affine index, plus an optional leading variable (`o`, `q`) and a constant shift. */
export function printIndex(at: Index, base?: string, shift = 0): string {
  const parts: string[] = base ? [base] : [];
  const offset = at.offset + shift;
  if (offset !== 0 || (parts.length === 0 && at.strides.every((s) => s === 0))) parts.push(printNumber(offset));
  at.strides.forEach((s, d) => {
    if (s === 1) parts.push(`j${d}`);
    else if (s !== 0) parts.push(`${printNumber(s)} * j${d}`);
  });
  return parts.join(' + ');
}

/**
 * A product as source text: its coefficient (or coefficient operand) and numerator
 * operands joined by `*`, then `/` its denominator. Shared by the JS emitter and the
 * code exporter, which print operands and numbers each in their own language.
 */
export function printProduct(p: Product, operand: (o: Operand) => string, number: (v: number) => string): string {
  const parts = p.num.map(operand);
  let text: string;
  if (p.coefAt) text = [operand(p.coefAt), ...parts].join(' * ');
  else if (p.coef === -1 && parts.length > 0) text = `-${parts.join(' * ')}`;
  else if (p.coef !== 1 || parts.length === 0) text = [number(p.coef), ...parts].join(' * ');
  else text = parts.join(' * ');
  if (p.den.length === 1) text += ` / ${operand(p.den[0]!)}`;
  else if (p.den.length > 1) text += ` / (${p.den.map(operand).join(' * ')})`;
  return text;
}

/** How a language prints the pieces of an instruction's right-hand side (`printRhs`). */
export interface RhsSyntax {
  readonly operand: (o: Operand) => string;
  /** A double literal. */
  readonly number: (v: number) => string;
  readonly call: (fn: FunctionName, arg: string) => string;
  readonly sqrt: (arg: string) => string;
  readonly pow: (base: string, exp: string) => string;
  /**
   * Parenthesise a negated first term and a later term that starts with `-`
   * (`-(a * b)`, `x - (-y)`), for languages where `- -y` does not read as intended.
   */
  readonly guardNegativeTerms: boolean;
}

/**
 * The right-hand side of a scalar instruction as source text: a signed sum of products,
 * a product, a function call, a square root or a power. Shared by the JS emitter and
 * the code exporter.
 */
export function printRhs(ins: ScalarInstr, syntax: RhsSyntax): string {
  switch (ins.op) {
    case 'sum': {
      const guard = syntax.guardNegativeTerms;
      return ins.terms
        .map((t, i) => {
          const body = printProduct(t.product, syntax.operand, syntax.number);
          if (i === 0) return t.sign < 0 ? (guard ? `-(${body})` : `-${body}`) : body;
          return `${t.sign < 0 ? ' - ' : ' + '}${guard && body.startsWith('-') ? `(${body})` : body}`;
        })
        .join('');
    }
    case 'prod':
      return printProduct(ins.product, syntax.operand, syntax.number);
    case 'call':
      return syntax.call(ins.fn, syntax.operand(ins.arg));
    case 'sqrt':
      return syntax.sqrt(syntax.operand(ins.arg));
    case 'pow':
      return syntax.pow(syntax.operand(ins.base), syntax.operand(ins.exp));
  }
}

/** Where the input arrays are and whether rows are offset by `o` (batch and chunk functions). */
export interface InputLayout {
  readonly inputs: readonly { readonly name: 'x' | 'v'; readonly count: number }[];
}

/** Where an output step writes: `out[q + i]`, `out[i]` or `g[i − 1]`. */
export interface OutputTarget {
  readonly array: 'out' | 'g';
  readonly base?: string;
  readonly shift: number;
}

/** Prints operands and statements in one context (row offset or not). */
export class CodePrinter {
  constructor(
    private readonly layout: InputLayout,
    /** True inside batch and chunk functions: input rows start at `x[o]`. */
    private readonly offset: boolean,
  ) {}

  /** The input array holding input i, its local name and its index in that array. */
  inputName(i: number): { array: 'x' | 'v'; local: string; index: number } {
    let base = 0;
    for (const arr of this.layout.inputs) {
      if (i < base + arr.count) return { array: arr.name, local: `${arr.name === 'x' ? 'a' : 'b'}${i - base}`, index: i - base };
      base += arr.count;
    }
    throw new Error(`internal: input ${i} out of range`);
  }

  /** An input read straight from its array (drivers, and the loads at the top of a function). */
  inputRead(i: number): string {
    const { array, index } = this.inputName(i);
    return this.offset && array === 'x' ? `${array}[o + ${index}]` : `${array}[${index}]`;
  }

  /** An operand inside a function body: inputs and slots are locals there. */
  operand(op: Operand): string {
    switch (op.kind) {
      case 'const':
        return printNumber(op.value);
      case 'input':
        return this.inputName(op.index).local;
      case 'slot':
        return `t${op.slot}`;
      case 'inputAt': {
        const { array, index } = this.inputName(op.at.offset);
        const at = { offset: index, strides: op.at.strides };
        return `${array}[${printIndex(at, this.offset && array === 'x' ? 'o' : undefined)}]`;
      }
      case 'workAt':
        return `u[${printIndex(op.at)}]`;
      case 'tableAt':
        return `k[${printIndex(op.at)}]`;
    }
  }

  product(p: Product): string {
    return printProduct(p, (o) => this.operand(o), printNumber);
  }

  /** The right-hand side of a scalar instruction. */
  rhs(ins: ScalarInstr): string {
    return printRhs(ins, this.rhsSyntax);
  }

  /** JavaScript's spelling of the pieces of a right-hand side (closures read `this` when called). */
  private readonly rhsSyntax: RhsSyntax = {
    operand: (o) => this.operand(o),
    number: printNumber,
    call: (fn, arg) => FUNCTIONS[fn].js(arg),
    sqrt: (arg) => `Math.sqrt(${arg})`,
    pow: (base, exp) => `Math.pow(${base}, ${exp})`,
    guardNegativeTerms: false,
  };

  /** A loop nest: accumulators declared before it, the body's steps inside. */
  loop(loop: Loop, target: OutputTarget, indent: string): string[] {
    const lines: string[] = loop.accumulators.map((a) => `${indent}let t${a} = 0;`);
    const j = `j${loop.depth}`;
    lines.push(`${indent}for (let ${j} = 0; ${j} < ${loop.count}; ${j}++) {`);
    for (const step of loop.body) lines.push(...this.step(step, target, `${indent}  `));
    lines.push(`${indent}}`);
    return lines;
  }

  private step(step: BodyStep, target: OutputTarget, indent: string): string[] {
    switch (step.op) {
      case 'store':
        return [`${indent}u[${printIndex(step.at)}] = ${this.operand(step.value)};`];
      case 'output':
        return [`${indent}${target.array}[${printIndex(step.at, target.base, target.shift)}] = ${this.operand(step.value)};`];
      case 'accumulate': {
        const body = this.product(step.term.product);
        return [`${indent}t${step.acc} ${step.term.sign < 0 ? '-' : '+'}= ${body};`];
      }
      case 'loop':
        return this.loop(step, target, indent);
      default:
        return [`${indent}const t${step.out} = ${this.rhs(step)};`];
    }
  }
}
