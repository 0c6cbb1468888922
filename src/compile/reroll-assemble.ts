/**
 * The second half of `reroll`: from families and their loop groups to a Program with
 * loop instructions. Decides which family values are stored in the work array `u`,
 * which outputs a loop writes itself, and which constants go to the table `k`; then
 * rewrites the remaining scalar instructions to read stored elements, and orders
 * everything with `schedule` (checked: a cycle through fused loops gives up).
 */
import { operandsOf, type BodyStep, type Instr, type Loop, type Operand, type Product, type Program, type ScalarInstr, type Term } from './program.js';
import { rebuildInstr, rebuildTerm, type Family, type Group } from './reroll-parts.js';
import { schedule, scheduledInOrder } from './schedule.js';

/** Builds the rerolled program, or undefined when its loops cannot be ordered. */
export function assemble(
  program: Program,
  ins: readonly ScalarInstr[],
  def: ReadonlyMap<number, number>,
  famOf: Int32Array,
  memberOf: Int32Array,
  families: readonly Family[],
  groups: readonly Group[],
): Program | undefined {
  let next = program.slotCount;
  const local = new Map<number, number>();
  for (const f of families) {
    if (f.kind === 'map') local.set(f.id, next++);
    else f.acc = next++;
  }
  const memberFamily = (op: Operand): Family | undefined => (op.kind === 'slot' ? families[famOf[def.get(op.slot)!]!] : undefined);

  // Outputs a loop can write itself: every member once, at affine output indices, never output 0 (it may be returned by value).
  const outputsOf = new Map<number, { i: number; m: number }[]>();
  program.outputs.forEach((op, i) => {
    const f = op ? memberFamily(op) : undefined;
    if (!f || op?.kind !== 'slot') return;
    // Appended in place: copying the list per output was quadratic in a gradient's length.
    const list = outputsOf.get(f.id);
    const entry = { i, m: memberOf[def.get(op.slot)!]! };
    if (list) list.push(entry);
    else outputsOf.set(f.id, [entry]);
  });
  const loopOutput = new Map<number, { offset: number; stride: number }>();
  for (const [f, list] of outputsOf) {
    const fam = families[f]!;
    if (list.length !== fam.count) continue;
    const sorted = [...list].sort((a, b) => a.m - b.m);
    if (sorted.some((e, m) => e.m !== m)) continue;
    const stride = sorted.length > 1 ? sorted[1]!.i - sorted[0]!.i : 1;
    if (stride === 0 || sorted.some((e, m) => e.i !== sorted[0]!.i + stride * m || e.i === 0)) continue;
    loopOutput.set(f, { offset: sorted[0]!.i, stride });
  }

  // Family values read anywhere but at the same iteration of the same loop are stored.
  const stored = new Set<number>();
  for (const f of families) {
    for (const r of f.refs) {
      if (r.kind === 'member' && (families[r.fam]!.group !== f.group || r.stride !== 1 || r.offset !== 0)) stored.add(r.fam);
    }
  }
  const reductionsOf = new Map<number, Family[]>();
  for (const f of families) if (f.kind === 'reduce') reductionsOf.set(f.sum!, [...(reductionsOf.get(f.sum!) ?? []), f]);
  const takenTerms = (k: number): Set<number> => new Set((reductionsOf.get(k) ?? []).flatMap((f) => f.members));
  ins.forEach((x, k) => {
    if (famOf[k]! >= 0) return;
    const taken = takenTerms(k);
    const reads = x.op === 'sum' && taken.size > 0 ? x.terms.filter((_, t) => !taken.has(t)).flatMap((t) => [...t.product.num, ...t.product.den]) : operandsOf(x);
    for (const op of reads) {
      const f = memberFamily(op);
      if (f) stored.add(f.id);
    }
  });
  for (const f of outputsOf.keys()) if (!loopOutput.has(f)) stored.add(f);
  const base = new Map<number, number>();
  let workSize = program.workSize;
  for (const f of families) {
    if (!stored.has(f.id)) continue;
    base.set(f.id, workSize);
    workSize += f.count;
  }

  const table: number[] = [...program.table];
  const element = (op: Operand): Operand => {
    const f = memberFamily(op);
    if (!f || op.kind !== 'slot') return op;
    return { kind: 'workAt', at: { offset: base.get(f.id)! + memberOf[def.get(op.slot)!]!, strides: [] } };
  };

  // Loops, one per group.
  const loops: Loop[] = groups.map((g) => {
    const body: BodyStep[] = [];
    const accumulators: number[] = [];
    for (const f of g.families) {
      const operands = f.refs.map((r): Operand => {
        if (r.kind === 'fixed') return element(r.op);
        if (r.kind === 'input') return { kind: 'inputAt', at: { offset: r.offset, strides: [r.stride] } };
        const p = families[r.fam]!;
        if (p.group === f.group && r.stride === 1 && r.offset === 0) return { kind: 'slot', slot: local.get(p.id)! };
        return { kind: 'workAt', at: { offset: base.get(p.id)! + r.offset, strides: [r.stride] } };
      });
      const consts = f.consts.map((c): number | Operand => {
        if (typeof c === 'number') return c;
        const at = table.length;
        table.push(...c);
        return { kind: 'tableAt', at: { offset: at, strides: [1] } };
      });
      if (f.kind === 'reduce') {
        accumulators.push(f.acc!);
        body.push({ op: 'accumulate', acc: f.acc!, term: rebuildTerm(f.template as Term, operands, consts) });
        continue;
      }
      const value = local.get(f.id)!;
      body.push(rebuildInstr(f.template as ScalarInstr, operands, consts, value));
      if (stored.has(f.id)) body.push({ op: 'store', at: { offset: base.get(f.id)!, strides: [1] }, value: { kind: 'slot', slot: value } });
      const out = loopOutput.get(f.id);
      if (out) body.push({ op: 'output', at: { offset: out.offset, strides: [out.stride] }, value: { kind: 'slot', slot: value } });
    }
    return { op: 'loop', depth: 0, count: g.count, accumulators, body };
  });

  // The scalars that stay, reading stored elements; sums take their reductions' accumulators.
  const scalars: Instr[] = [];
  ins.forEach((x, k) => {
    if (famOf[k]! >= 0) return;
    const reductions = reductionsOf.get(k);
    let y = x;
    if (reductions && x.op === 'sum') {
      const taken = takenTerms(k);
      const accTerms: Term[] = reductions.map((f) => ({ sign: 1, product: { coef: 1, num: [{ kind: 'slot', slot: f.acc! }], den: [] } }));
      y = { op: 'sum', out: x.out, terms: [...accTerms, ...x.terms.filter((_, t) => !taken.has(t))] };
    }
    scalars.push(mapOperands(y, element));
  });

  const outputs = program.outputs.map((op) => {
    if (!op) return op;
    const f = memberFamily(op);
    if (f && loopOutput.has(f.id)) return null;
    return element(op);
  });
  const result = schedule({ ...program, instructions: [...scalars, ...loops], outputs, slotCount: next, workSize, table });
  return scheduledInOrder(result) ? result : undefined;
}

function mapOperands(ins: ScalarInstr, f: (op: Operand) => Operand): ScalarInstr {
  const product = (p: Product): Product => ({ ...p, num: p.num.map(f), den: p.den.map(f) });
  switch (ins.op) {
    case 'sum':
      return { ...ins, terms: ins.terms.map((t) => ({ sign: t.sign, product: product(t.product) })) };
    case 'prod':
      return { ...ins, product: product(ins.product) };
    case 'call':
    case 'sqrt':
      return { ...ins, arg: f(ins.arg) };
    case 'pow':
      return { ...ins, base: f(ins.base), exp: f(ins.exp) };
  }
}
