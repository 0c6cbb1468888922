/**
 * Passes over a lowered Program that change the order or the shape of instructions but
 * not the values: `splitLongSums` (long sums become chains of partial sums) and
 * `schedule` (depth-first order from the outputs).
 */
import { definedSlots, operandsOf, type Instr, type Loop, type Program, type Term } from './program.js';

/**
 * Most terms in one printed sum. TurboFan took 2.7 s to optimise one function holding
 * a 2,000-term sum (1000-D Rosenbrock); chained partial sums of this size compile in
 * milliseconds and add in the same order.
 */
export const MAX_SUM_TERMS = 32;

/** Top-level sums longer than MAX_SUM_TERMS become chains of partial sums: the same left-to-right additions, so the same rounding. */
export function splitLongSums(program: Program): Program {
  let next = program.slotCount;
  const instructions: Instr[] = [];
  for (const ins of program.instructions) {
    if (ins.op !== 'sum' || ins.terms.length <= MAX_SUM_TERMS) {
      instructions.push(ins);
      continue;
    }
    const { terms } = ins;
    let acc = next++;
    instructions.push({ op: 'sum', out: acc, terms: terms.slice(0, MAX_SUM_TERMS) });
    for (let i = MAX_SUM_TERMS; i < terms.length; i += MAX_SUM_TERMS - 1) {
      const last = i + MAX_SUM_TERMS - 1 >= terms.length;
      const out = last ? ins.out : next++;
      const part: Term[] = [{ sign: 1, product: { coef: 1, num: [{ kind: 'slot', slot: acc }], den: [] } }, ...terms.slice(i, i + MAX_SUM_TERMS - 1)];
      instructions.push({ op: 'sum', out, terms: part });
      acc = out;
    }
  }
  return { ...program, instructions, slotCount: next };
}

/** Work-array elements each loop stores (any depth), so readers of `workAt` can find their producer. */
function storedBy(instructions: readonly Instr[]): Map<number, number> {
  const owner = new Map<number, number>();
  instructions.forEach((ins, k) => {
    if (ins.op !== 'loop') return;
    // Every element a store writes: offset + Σ strides·j over the loop nest's ranges.
    const walk = (loop: Loop, counts: number[]): void => {
      for (const step of loop.body) {
        if (step.op === 'loop') walk(step, [...counts, step.count]);
        else if (step.op === 'store') forEachIndex(step.at.offset, step.at.strides, counts, (e) => owner.set(e, k));
      }
    };
    walk(ins, [ins.count]);
  });
  return owner;
}

function forEachIndex(offset: number, strides: readonly number[], counts: readonly number[], visit: (e: number) => void): void {
  const rec = (d: number, base: number): void => {
    if (d === counts.length) return visit(base);
    for (let j = 0; j < counts[d]!; j++) rec(d + 1, base + (strides[d] ?? 0) * j);
  };
  rec(0, offset);
}

/** True when a loop writes program outputs itself (it must run even though no slot reads it). */
function writesOutputs(loop: Loop): boolean {
  return loop.body.some((s) => s.op === 'output' || (s.op === 'loop' && writesOutputs(s)));
}

/**
 * Reorders instructions depth-first from the outputs, so each value is computed just
 * before its first consumer: a chained sum interleaves with the terms it adds, and
 * values stay live briefly. Short live ranges keep V8's optimising compile fast and
 * keep chunks nearly self-contained (few values cross through the work buffer). A
 * loop is one unit: it runs after the producers of everything it reads (slots, and
 * work-array elements stored by other loops). Slot numbers are kept.
 */
export function schedule(program: Program): Program {
  const { instructions } = program;
  const definer = new Map<number, number>();
  instructions.forEach((ins, k) => {
    for (const s of definedSlots(ins)) definer.set(s, k);
  });
  const owner = storedBy(instructions);
  const producers = (k: number): number[] => {
    const out: number[] = [];
    for (const op of operandsOf(instructions[k]!)) {
      if (op.kind === 'slot') out.push(definer.get(op.slot)!);
      else if (op.kind === 'workAt') {
        const p = owner.get(op.at.offset);
        if (p !== undefined && p !== k) out.push(p);
      }
    }
    return out;
  };
  const placed = new Set<number>();
  const order: Instr[] = [];
  const visit = (root: number): void => {
    if (placed.has(root)) return;
    const stack: { k: number; next: number; reads: number[] }[] = [{ k: root, next: 0, reads: producers(root) }];
    const onStack = new Set<number>([root]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.reads.length) {
        const p = top.reads[top.next++]!;
        if (!placed.has(p) && !onStack.has(p)) {
          onStack.add(p);
          stack.push({ k: p, next: 0, reads: producers(p) });
        }
      } else {
        stack.pop();
        placed.add(top.k);
        order.push(instructions[top.k]!);
      }
    }
  };
  const roots: number[] = [];
  for (const op of program.outputs) {
    if (op?.kind === 'slot') roots.push(definer.get(op.slot)!);
    else if (op?.kind === 'workAt' && owner.has(op.at.offset)) roots.push(owner.get(op.at.offset)!);
  }
  instructions.forEach((ins, k) => {
    if (ins.op === 'loop' && writesOutputs(ins)) roots.push(k);
  });
  for (const k of roots) visit(k);
  return { ...program, instructions: order };
}


/** True when every instruction comes after the producers of what it reads (slots, and elements stored by other loops). */
export function scheduledInOrder(program: Program): boolean {
  const { instructions } = program;
  const owner = storedBy(instructions);
  const defined = new Set<number>();
  const ran = new Set<number>();
  for (let k = 0; k < instructions.length; k++) {
    const ins = instructions[k]!;
    for (const op of operandsOf(ins)) {
      if (op.kind === 'slot' && !defined.has(op.slot)) return false;
      if (op.kind === 'workAt') {
        const p = owner.get(op.at.offset);
        if (p !== undefined && p !== k && !ran.has(p)) return false;
      }
    }
    for (const s of definedSlots(ins)) defined.add(s);
    ran.add(k);
  }
  return program.outputs.every((op) => op?.kind !== 'slot' || defined.has(op.slot));
}
