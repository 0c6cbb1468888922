/**
 * What every export printer shares: a function to export (`ExportFunction`: a lowered
 * Program, its input arrays and where its outputs go), the body printer that walks the
 * Program's instructions and loops once for all languages through a small `LanguageSyntax`
 * per language, number printing and the escaping of user names for the header.
 *
 * Output text is built only from the printer's own vocabulary: generated names (`t12`,
 * `j0`, `x`, `u`, `out`, `k_grad`), numbers printed from doubles and fixed function
 * names. User text appears only in the header's variable list, escaped by `escapeName`
 * so that nothing in it can end a comment or a string.
 */
import type { FunctionName } from '../expr/index.js';
import { printProduct, printRhs, type RhsSyntax, type BodyStep, type Index, type Loop, type Operand, type Product, type Program, type ScalarInstr } from '../compile/index.js';

/** One input array of an exported function: `x`, `v`, `lam`, or a scalar such as `obj_factor`. */
export interface InputArray {
  readonly name: string;
  readonly count: number;
  /** A single number passed by value rather than an array. */
  readonly scalar?: boolean;
}

/** A function to export: the program, its inputs, and the shape of its result. */
export interface ExportFunction {
  /** The generated name (fixed vocabulary: `f`, `grad`, `eval_jac_g`, ...). */
  readonly name: string;
  /** One line saying what it computes (no user text). */
  readonly doc: string;
  readonly program: Program;
  readonly inputs: readonly InputArray[];
  /**
   * `scalar`: returns output 0; `vector`: the outputs as a 1-D array; `matrix`: rows ×
   * cols, row-major; `scalar+vector`: output 0 and the rest as a 1-D array.
   */
  readonly result: { readonly kind: 'scalar' } | { readonly kind: 'vector' } | { readonly kind: 'matrix'; readonly rows: number; readonly cols: number } | { readonly kind: 'scalar+vector' };
}

/** How one language spells the pieces of a program body. */
export interface LanguageSyntax {
  /** A double literal (finite or not). */
  number(v: number): string;
  /** A function call f(a). */
  call(fn: FunctionName, a: string): string;
  sqrt(a: string): string;
  pow(a: string, b: string): string;
  /** A new scalar local holding `rhs`. */
  define(name: string, rhs: string): string;
  /** A new accumulator local starting at 0. */
  accumulator(name: string): string;
  /** `name += rhs` (or `-=`). */
  accumulate(name: string, sign: 1 | -1, rhs: string): string;
  /** Element `index` of array `array` set to `value` (arrays: `u`, the output array). */
  store(array: string, index: string, value: string): string;
  /** Opening line(s) of a loop j = 0 … count−1; the body is indented one level. */
  loopOpen(j: string, count: number): string;
  /** Closing line of a loop (null when the language closes by indentation). */
  loopClose(): string | null;
  /** Element access. */
  element(array: string, index: string): string;
}

/** Where a function body writes output i: `array[i + shift]`, or a scalar local for output `scalarOutput`. */
export interface ExportTarget {
  readonly array: string;
  readonly shift: number;
  /** The output written to a scalar local instead (return-first layouts), with that local's name. */
  readonly scalar?: { readonly index: number; readonly name: string };
}

/** An integer index expression (loop variables `j<d>`); never a double literal. */
export function printIntegerIndex(at: Index, shift = 0): string {
  const parts: string[] = [];
  const offset = at.offset + shift;
  at.strides.forEach((s, d) => {
    if (s === 1) parts.push(`j${d}`);
    else if (s !== 0) parts.push(`${s} * j${d}`);
  });
  if (offset !== 0 || parts.length === 0) parts.unshift(String(offset));
  return parts.join(' + ').replace(/\+ -/g, '- ');
}

/** The smallest index an affine index takes inside loops of the given counts. */
export function minIndex(at: Index, counts: readonly number[]): number {
  return at.strides.reduce((m, s, d) => m + Math.min(0, s * ((counts[d] ?? 1) - 1)), at.offset);
}

/**
 * A double as decimal text that reads back as the same double in C (strtod), Python
 * (float) and JavaScript: the shortest round-trip form (at most 17 significant
 * digits), always with a decimal point or exponent so C never reads it as an integer.
 * Non-finite values go through `special` (the IR never makes them; guarded anyway).
 */
export function printDouble(v: number, special: { inf: string; nan: string }): string {
  if (Number.isNaN(v)) return special.nan;
  if (!Number.isFinite(v)) return v > 0 ? special.inf : `(-${special.inf})`;
  if (Object.is(v, -0)) return '(-0.0)';
  let s = String(v);
  if (!/^-?\d+(\.\d+)?(e[+-]\d+)?$/.test(s) || Number(s) !== v) throw new Error(`internal: cannot print the number ${s}`);
  if (!/[.e]/.test(s)) s += '.0';
  return v < 0 ? `(${s})` : s;
}

/**
 * A user's variable name for the header: ASCII letters, digits and `_` as they are;
 * every other character as `\uXXXX`. The result holds no quote, slash, star, backslash
 * sequence that ends a comment, or newline, so it cannot close a comment or a string.
 */
export function escapeName(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    out += /[A-Za-z0-9_]/.test(ch) ? ch : `\\u${name.charCodeAt(i).toString(16).padStart(4, '0')}`;
  }
  return out;
}

/** Header lines (without comment markers) listing the inputs in order. */
export function variableLines(arrayName: string, names: readonly string[]): string[] {
  return names.map((n, i) => `  ${arrayName}[${i}] = ${escapeName(n)}`);
}

/** Prints the body of one exported function: instructions, loops and output writes. */
export class BodyPrinter {
  private readonly counts: number[] = [];
  constructor(
    private readonly syntax: LanguageSyntax,
    private readonly fn: ExportFunction,
    private readonly target: ExportTarget,
    /** Name of the function's table of per-iteration constants. */
    private readonly tableName: string,
    private readonly indentUnit = '    ',
  ) {}

  /** Input index i as an array element or scalar argument. */
  private input(i: number, strides?: readonly number[]): string {
    let base = 0;
    for (const arr of this.fn.inputs) {
      if (i < base + arr.count) {
        if (arr.scalar) return arr.name;
        return this.syntax.element(arr.name, printIntegerIndex({ offset: i - base, strides: strides ?? [] }));
      }
      base += arr.count;
    }
    throw new Error(`internal: input ${i} out of range`);
  }

  operand(op: Operand): string {
    switch (op.kind) {
      case 'const':
        return this.syntax.number(op.value);
      case 'input':
        return this.input(op.index);
      case 'slot':
        return `t${op.slot}`;
      case 'inputAt':
        return this.input(op.at.offset, op.at.strides);
      case 'workAt':
        return this.syntax.element('u', printIntegerIndex(op.at));
      case 'tableAt':
        return this.syntax.element(this.tableName, printIntegerIndex(op.at));
    }
  }

  private product(p: Product): string {
    return printProduct(p, (o) => this.operand(o), (v) => this.syntax.number(v));
  }

  /** The right-hand side of a scalar instruction. */
  rhs(ins: ScalarInstr): string {
    return printRhs(ins, this.rhsSyntax);
  }

  /** The target language's spelling of the pieces of a right-hand side (closures read `this` when called). */
  private readonly rhsSyntax: RhsSyntax = {
    operand: (o) => this.operand(o),
    number: (v) => this.syntax.number(v),
    call: (fn, arg) => this.syntax.call(fn, arg),
    sqrt: (arg) => this.syntax.sqrt(arg),
    pow: (base, exp) => this.syntax.pow(base, exp),
    guardNegativeTerms: true,
  };

  /** Where output index text `index` (already shifted) goes. */
  private outputElement(index: string, value: string): string {
    return this.syntax.store(this.target.array, index, value);
  }

  private step(step: BodyStep, indent: string): string[] {
    switch (step.op) {
      case 'store':
        return [indent + this.syntax.store('u', printIntegerIndex(step.at), this.operand(step.value))];
      case 'output': {
        const scalar = this.target.scalar;
        if (scalar && minIndex(step.at, this.counts) <= scalar.index) throw new Error('internal: a loop writes the scalar output');
        return [indent + this.outputElement(printIntegerIndex(step.at, this.target.shift), this.operand(step.value))];
      }
      case 'accumulate':
        return [indent + this.syntax.accumulate(`t${step.acc}`, step.term.sign, this.product(step.term.product))];
      case 'loop':
        return this.loop(step, indent);
      default:
        return [indent + this.syntax.define(`t${step.out}`, this.rhs(step))];
    }
  }

  private loop(loop: Loop, indent: string): string[] {
    const lines = loop.accumulators.map((a) => indent + this.syntax.accumulator(`t${a}`));
    lines.push(indent + this.syntax.loopOpen(`j${loop.depth}`, loop.count));
    this.counts[loop.depth] = loop.count;
    for (const step of loop.body) lines.push(...this.step(step, indent + this.indentUnit));
    const close = this.syntax.loopClose();
    if (close !== null) lines.push(indent + close);
    return lines;
  }

  /** Every instruction, then the outputs that are not written inside loops. */
  body(indent: string): string[] {
    const lines: string[] = [];
    for (const ins of this.fn.program.instructions) {
      if (ins.op === 'loop') lines.push(...this.loop(ins, indent));
      else lines.push(indent + this.syntax.define(`t${ins.out}`, this.rhs(ins)));
    }
    this.fn.program.outputs.forEach((op, i) => {
      if (op === null) return;
      const scalar = this.target.scalar;
      if (scalar && scalar.index === i) lines.push(indent + this.syntax.define(scalar.name, this.operand(op)));
      else lines.push(indent + this.outputElement(String(i + this.target.shift), this.operand(op)));
    });
    return lines;
  }
}

/** Whether the function returns output 0 as a scalar (f, or f beside its gradient). */
export function scalarFirst(fn: ExportFunction): boolean {
  return fn.result.kind === 'scalar' || fn.result.kind === 'scalar+vector';
}
