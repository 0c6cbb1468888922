/**
 * Loop fusion with peeled edges, and dead stores.
 *
 * `reroll` puts families of one length in one loop; a family of a different length
 * that reads another loop's values gets a loop of its own, which reads back through the
 * work array `u` what the first loop stored. The gradient of a chained sum is the usual
 * case: the middle entries (n − 2 of them) read the per-term values (n − 1 of them) at
 * iterations j and j + 1. `fuseLoops` runs such a loop B inside the loop A it reads,
 * shifted by s iterations so that each of B's reads of A is at the same or an earlier
 * iteration of A: a same-iteration read becomes the local value, an earlier one stays a
 * read of `u`. A's iterations outside B's range are peeled into loops of their own
 * (before and after), each with its own accumulators, summed after the pieces. Loops of
 * the same length that do not read each other are fused with no shift. Every fusion is
 * checked by scheduling the result: if the fused loop cannot be ordered (B also reads
 * something computed from A's results), that fusion is not made.
 *
 * `dropDeadStores` then removes stores whose elements nothing reads any more (a value
 * that only the edge scalars read is stored only in the peeled loop that computes it).
 */
import { operandsOf, stepOperands, type BodyStep, type Index, type Instr, type Loop, type Operand, type Product, type Program, type ScalarInstr, type Term } from './program.js';
import { schedule, scheduledInOrder } from './schedule.js';

/** Fuses loops that read each other (and same-length loops) where the result stays ordered; drops dead stores. */
export function fuseLoops(program: Program): Program {
  let current = program;
  let next = program.slotCount;
  const fresh = (): number => next++;
  // Each fusion removes one loop and peels at most two: a bound on rounds without a proof
  // of termination. Each candidate costs a schedule of the whole program, so their number
  // is bounded too (programs with many loops keep the rest unfused).
  const rounds = 2 * program.instructions.filter((i) => i.op === 'loop').length;
  const budget = { attempts: MAX_FUSION_ATTEMPTS };
  for (let r = 0; r < rounds; r++) {
    const fused = fuseOnce(current, fresh, budget);
    if (!fused) break;
    current = { ...fused, slotCount: next };
  }
  return dropDeadStores(current);
}

/** Most fusions tried (each scheduled and checked) in one program. */
export const MAX_FUSION_ATTEMPTS = 64;

/** A top-level loop whose body has no nested loops. */
function isFlat(ins: Instr): ins is Loop {
  return ins.op === 'loop' && ins.depth === 0 && ins.body.every((s) => s.op !== 'loop');
}

interface Plan {
  /** B's iteration j runs in A's iteration j + shift. */
  readonly shift: number;
  /** B's reads of A's stores at the same iteration after the shift: element offset → A's stored value. */
  readonly local: Map<string, Operand>;
}

/** First fusion that schedules, or undefined. */
function fuseOnce(program: Program, fresh: () => number, budget: { attempts: number }): Program | undefined {
  const ins = program.instructions;
  for (let b = 0; b < ins.length; b++) {
    const B = ins[b]!;
    if (!isFlat(B)) continue;
    for (let a = b - 1; a >= 0; a--) {
      const A = ins[a]!;
      if (!isFlat(A)) continue;
      const plan = align(A, B);
      if (!plan) continue;
      if (budget.attempts-- <= 0) return undefined;
      const instructions: Instr[] = [];
      ins.forEach((x, k) => {
        if (k === a) instructions.push(...fuse(A, B, plan, fresh));
        else if (k !== b) instructions.push(x);
      });
      const result = schedule({ ...program, instructions });
      if (scheduledInOrder(result)) return result;
    }
  }
  return undefined;
}

/** Stride of an index over the loop variable j0 (0 when it does not move). */
const stride0 = (at: Index): number => at.strides[0] ?? 0;
const key = (at: Index): string => `${at.offset}/${stride0(at)}`;

/** How B can run inside A, or undefined when it cannot (or fusing would not pay). */
function align(A: Loop, B: Loop): Plan | undefined {
  const stores = A.body.filter((s): s is BodyStep & { op: 'store' } => s.op === 'store');
  const accA = new Set(A.accumulators);
  const reads: { at: Index; o: number; value: Operand }[] = [];
  for (const step of B.body) {
    for (const op of stepReads(step)) {
      if (op.kind === 'slot' && accA.has(op.slot)) return undefined;
      if (op.kind !== 'workAt') continue;
      const sb = stride0(op.at);
      const first = op.at.offset;
      const last = op.at.offset + sb * (B.count - 1);
      for (const st of stores) {
        const ss = stride0(st.at);
        const lo = Math.min(st.at.offset, st.at.offset + ss * (A.count - 1));
        const hi = Math.max(st.at.offset, st.at.offset + ss * (A.count - 1));
        if (Math.max(first, last) < lo || Math.min(first, last) > hi) continue;
        // B reads what A stores: only the same stride, whole iterations, inside A's range.
        if (ss <= 0 || sb !== ss || (first - st.at.offset) % ss !== 0) return undefined;
        const o = (first - st.at.offset) / ss;
        if (o < 0 || o + B.count > A.count) return undefined;
        reads.push({ at: op.at, o, value: st.value });
      }
    }
  }
  if (reads.length === 0) {
    if (A.count !== B.count) return undefined;
    return { shift: 0, local: new Map() };
  }
  const shift = Math.max(...reads.map((r) => r.o));
  if (shift + B.count > A.count) return undefined;
  // Peeling pays only when the shared range is most of A.
  if (2 * B.count < A.count) return undefined;
  const local = new Map<string, Operand>();
  for (const r of reads) if (r.o === shift) local.set(key(r.at), r.value);
  return { shift, local };
}

/** A's pieces (before, fused with B, after) and the sums of their accumulators. */
function fuse(A: Loop, B: Loop, plan: Plan, fresh: () => number): Instr[] {
  const { shift } = plan;
  const ranges = [
    { start: 0, count: shift, withB: false },
    { start: shift, count: B.count, withB: true },
    { start: shift + B.count, count: A.count - shift - B.count, withB: false },
  ].filter((r) => r.count > 0);
  const pieces: Loop[] = [];
  const partial = new Map<number, number[]>(A.accumulators.map((acc) => [acc, []]));
  for (const range of ranges) {
    // Slots defined in A's body get fresh numbers in each piece; one piece keeps A's accumulators only if it is alone.
    const rename = new Map<number, number>();
    if (ranges.length > 1) {
      for (const acc of A.accumulators) {
        const s = fresh();
        rename.set(acc, s);
        partial.get(acc)!.push(s);
      }
    }
    for (const step of A.body) if (isScalar(step)) rename.set(step.out, range.withB ? step.out : fresh());
    const slot = (s: number): number => rename.get(s) ?? s;
    const mapA = (op: Operand): Operand => (op.kind === 'slot' ? { kind: 'slot', slot: slot(op.slot) } : shiftOperand(op, range.start));
    const body: BodyStep[] = A.body.map((step) => mapStep(step, mapA, slot, range.start));
    const accumulators = A.accumulators.map(slot);
    if (range.withB) {
      // This piece starts at A's iteration `shift`, so its j0 is B's own iteration;
      // B's reads of A at the same iteration are A's values.
      const mapB = (op: Operand): Operand => (op.kind === 'workAt' && plan.local.has(key(op.at)) ? mapA(plan.local.get(key(op.at))!) : op);
      body.push(...B.body.map((step) => mapStep(step, mapB, (s) => s, 0)));
      accumulators.push(...B.accumulators);
    }
    pieces.push({ op: 'loop', depth: 0, count: range.count, accumulators, body });
  }
  const sums: ScalarInstr[] = ranges.length > 1 ? A.accumulators.map((acc) => ({ op: 'sum', out: acc, terms: partial.get(acc)!.map(slotTerm) })) : [];
  return [...pieces, ...sums];
}

function slotTerm(slot: number): Term {
  return { sign: 1, product: { coef: 1, num: [{ kind: 'slot', slot }], den: [] } };
}

function isScalar(step: BodyStep): step is ScalarInstr {
  return step.op !== 'store' && step.op !== 'output' && step.op !== 'accumulate' && step.op !== 'loop';
}

/** The index with j0 replaced by j0 + start. */
function shiftIndex(at: Index, start: number): Index {
  const s = stride0(at);
  return s === 0 || start === 0 ? at : { offset: at.offset + s * start, strides: at.strides };
}
function shiftOperand(op: Operand, start: number): Operand {
  if (op.kind === 'inputAt' || op.kind === 'workAt' || op.kind === 'tableAt') return { kind: op.kind, at: shiftIndex(op.at, start) };
  return op;
}

/** Operands a body step reads (a product's coefficient operand included; a nested loop's reads from outside it). */
function stepReads(step: BodyStep): Operand[] {
  return step.op === 'loop' ? operandsOf(step) : stepOperands(step);
}

/** A flat body step with its operands mapped, its defined slot renamed and its store/output index shifted by `start`. */
function mapStep(step: BodyStep, f: (op: Operand) => Operand, slot: (s: number) => number, start: number): BodyStep {
  const product = (p: Product): Product => ({ ...p, ...(p.coefAt ? { coefAt: f(p.coefAt) } : {}), num: p.num.map(f), den: p.den.map(f) });
  switch (step.op) {
    case 'store':
    case 'output':
      return { op: step.op, at: shiftIndex(step.at, start), value: f(step.value) };
    case 'accumulate':
      return { op: 'accumulate', acc: slot(step.acc), term: { sign: step.term.sign, product: product(step.term.product) } };
    case 'loop':
      throw new Error('internal: fusing a loop nest');
    case 'sum':
      return { op: 'sum', out: slot(step.out), terms: step.terms.map((t) => ({ sign: t.sign, product: product(t.product) })) };
    case 'prod':
      return { op: 'prod', out: slot(step.out), product: product(step.product) };
    case 'call':
      return { op: 'call', out: slot(step.out), fn: step.fn, arg: f(step.arg) };
    case 'sqrt':
      return { op: 'sqrt', out: slot(step.out), arg: f(step.arg) };
    case 'pow':
      return { op: 'pow', out: slot(step.out), base: f(step.base), exp: f(step.exp) };
  }
}

/**
 * Removes stores of flat top-level loops whose elements no instruction or output reads.
 * Reads are marked by their range (lowest to highest element over the loop nest), so a
 * store is kept whenever a read might reach it.
 */
export function dropDeadStores(program: Program): Program {
  if (program.workSize === 0) return program;
  const marks = new Int32Array(program.workSize + 1);
  const mark = (at: Index, counts: readonly number[]): void => {
    let lo = at.offset;
    let hi = at.offset;
    at.strides.forEach((s, d) => {
      const span = s * ((counts[d] ?? 1) - 1);
      if (span < 0) lo += span;
      else hi += span;
    });
    marks[Math.max(0, lo)]!++;
    marks[Math.min(program.workSize, hi + 1)]!--;
  };
  const visit = (steps: readonly BodyStep[], counts: number[]): void => {
    for (const step of steps) {
      if (step.op === 'loop') visit(step.body, [...counts, step.count]);
      else for (const op of stepReads(step)) if (op.kind === 'workAt') mark(op.at, counts);
    }
  };
  for (const ins of program.instructions) {
    if (ins.op === 'loop') visit(ins.body, [ins.count]);
    else for (const op of operandsOf(ins)) if (op.kind === 'workAt') mark(op.at, []);
  }
  for (const op of program.outputs) if (op?.kind === 'workAt') mark(op.at, []);
  // covered[e]: elements below e that some read range covers.
  const covered = new Int32Array(program.workSize + 1);
  let run = 0;
  for (let e = 0; e < program.workSize; e++) {
    run += marks[e]!;
    covered[e + 1] = covered[e]! + (run > 0 ? 1 : 0);
  }
  const anyRead = (at: Index, count: number): boolean => {
    const s = stride0(at);
    const lo = Math.min(at.offset, at.offset + s * (count - 1));
    const hi = Math.max(at.offset, at.offset + s * (count - 1));
    return covered[Math.min(program.workSize, hi + 1)]! - covered[Math.max(0, lo)]! > 0;
  };
  let changed = false;
  const instructions = program.instructions.map((ins): Instr => {
    if (!isFlat(ins)) return ins;
    const body = ins.body.filter((s) => s.op !== 'store' || anyRead(s.at, ins.count));
    if (body.length === ins.body.length) return ins;
    changed = true;
    return { ...ins, body };
  });
  return changed ? { ...program, instructions } : program;
}
