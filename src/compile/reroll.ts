/**
 * Rerolling: repeated structure in a scalar program becomes loops over typed arrays.
 *
 * Straight-line code for 10⁴ variables is megabytes of source that V8 compiles slowly
 * and runs from a cold instruction cache; the same arithmetic as a loop is a few lines.
 * The pass finds FAMILIES: instructions of the same shape (operation, function,
 * operand sources, signs; constants abstracted) whose operands advance by constant
 * strides from one member to the next (x[i] and x[i+1], member i−1 of another family),
 * and REDUCTIONS: runs of same-shaped terms of one long sum. Families of the same length
 * whose members read each other at the same iteration share one loop; their values stay
 * locals there and are stored in the work array `u` only when something else reads them
 * (another loop, a scalar, an earlier iteration, an output that is not written by the
 * loop itself). Constants that differ per member go to the table `k` (data, not source).
 *
 * Commutative operands are put in a canonical order (sorted by source, then index)
 * before shapes are compared, so the IR's arbitrary term order does not hide a pattern;
 * a sum computed by a loop adds its terms in a different order than the straight sum
 * (a different rounding, as with any reassociation). The result is checked: if the
 * loops could not be ordered (a dependency cycle through fused loops), the scalar
 * program is returned unchanged.
 */
import { operandsOf, type Operand, type Program, type ScalarInstr, type ScalarProgram, type Term } from './program.js';
import { assemble } from './reroll-assemble.js';
import { normalize, partsOf, type Family, type Group, type Parts, type Ref } from './reroll-parts.js';

/** Options of `reroll`. */
export interface RerollOptions {
  /** Fewest members of a family (or terms of a reduction) worth a loop. */
  readonly minRun: number;
  /** Sizes of the input arrays (x, then v): a run of inputs never crosses from one to the next. */
  readonly inputArrays: readonly number[];
}

/** Rewrites a scalar program with loops where structure repeats; returns it unchanged when nothing does. */
export function reroll(program: ScalarProgram, options: RerollOptions): Program {
  const ins = program.instructions;
  const def = new Map<number, number>();
  ins.forEach((x, k) => def.set(x.out, k));
  const arrayStart = inputArrayStarts(options.inputArrays);

  const famOf = new Int32Array(ins.length).fill(-1);
  const memberOf = new Int32Array(ins.length);
  const families: Family[] = [];
  const level = levels(ins, def);
  const byLevel = bucket(ins.length, level);

  // Operand descriptions: the source (input array, family, constant) and the index within it.
  const desc = (op: Operand): string => {
    if (op.kind === 'input') return `X${arrayOf(arrayStart, op.index)}`;
    if (op.kind === 'slot') {
      const k = def.get(op.slot)!;
      return famOf[k]! >= 0 ? `F${famOf[k]}` : `S${op.slot}`;
    }
    return 'K';
  };
  const index = (op: Operand): number => {
    if (op.kind === 'input') return op.index - arrayStart[arrayOf(arrayStart, op.index)]!;
    if (op.kind === 'slot') {
      const k = def.get(op.slot)!;
      return famOf[k]! >= 0 ? memberOf[k]! : 0;
    }
    return 0;
  };

  const groups: Group[] = [];
  const scalarDeps = new Map<number, ReadonlySet<number>>(); // instruction → groups it depends on
  const closure = new Map<number, ReadonlySet<number>>();
  const reductionsOf = new Map<number, Family[]>();
  const closureOf = (g: number): ReadonlySet<number> => new Set([g, ...groups[g]!.deps]); // group → itself and the groups it depends on (cleared when it grows)
  const EMPTY: ReadonlySet<number> = new Set();
  const groupsUnder = (op: Operand): ReadonlySet<number> => {
    if (op.kind !== 'slot') return EMPTY;
    const k = def.get(op.slot)!;
    const f = famOf[k]!;
    if (f >= 0 && families[f]!.group !== undefined) {
      const g = families[f]!.group!;
      let c = closure.get(g);
      if (!c) closure.set(g, (c = new Set([g, ...groups[g]!.deps])));
      return c;
    }
    return scalarDeps.get(k) ?? EMPTY;
  };

  // A read of a scalar, or of a family outside group g, that itself depends on group g.
  const dependsOnGroup = (op: Operand, g: number): boolean => {
    if (op.kind !== 'slot') return false;
    const f = famOf[def.get(op.slot)!]!;
    if (f >= 0 && families[f]!.group === g) return false;
    return groupsUnder(op).has(g);
  };
  /** Puts a family in the latest group it can join without a cycle, or in a new group. */
  const place = (fam: Family, reads: readonly Operand[]): void => {
    for (let g = groups.length - 1; g >= 0; g--) {
      const group = groups[g]!;
      if (group.count !== fam.count || !fusable(fam, g, families)) continue;
      if (reads.some((op) => dependsOnGroup(op, g))) continue;
      fam.group = g;
      group.families.push(fam);
      for (const op of reads) for (const x of groupsUnder(op)) if (x !== g) group.deps.add(x);
      closure.clear();
      return;
    }
    fam.group = groups.length;
    const deps = new Set<number>();
    for (const op of reads) for (const x of groupsUnder(op)) deps.add(x);
    groups.push({ count: fam.count, families: [fam], deps });
  };

  for (const bucketAt of byLevel) {
    // Map families at this level.
    const candidates = new Map<string, { k: number; normal: ScalarInstr; parts: Parts }[]>();
    for (const k of bucketAt) {
      const normal = normalize(ins[k]!, desc, index);
      const parts = partsOf(normal);
      const key = `${shapeKey(normal)}|${parts.operands.map(desc).join(',')}`;
      const list = candidates.get(key);
      if (list) list.push({ k, normal, parts });
      else candidates.set(key, [{ k, normal, parts }]);
    }
    for (const list of candidates.values()) {
      if (list.length < options.minRun) continue;
      const vectors = list.map((c) => c.parts.operands.map(index));
      for (const run of affineRuns(vectors, options.minRun)) {
        const chosen = run.map((r) => list[r]!);
        const fam = makeFamily(families.length, 'map', chosen.map((c) => c.k), level[chosen[0]!.k]!, chosen[0]!.normal, chosen.map((c) => c.parts));
        families.push(fam);
        chosen.forEach((c, m) => {
          famOf[c.k] = fam.id;
          memberOf[c.k] = m;
        });
        place(fam, chosen.flatMap((c) => c.parts.operands));
      }
    }
    // Reductions inside the long sums at this level that are not in families.
    for (const k of bucketAt) {
      const s = ins[k]!;
      if (famOf[k]! >= 0 || s.op !== 'sum' || s.terms.length < options.minRun) continue;
      const byShape = new Map<string, { t: number; parts: Parts }[]>();
      s.terms.forEach((term, t) => {
        const normal = normalize({ op: 'sum', out: -1, terms: [term] }, desc, index) as ScalarInstr & { op: 'sum' };
        const parts = partsOf(normal);
        const key = `${term.sign}|${shapeKey(normal)}|${parts.operands.map(desc).join(',')}`;
        const entry = { t, parts };
        const list = byShape.get(key);
        if (list) list.push(entry);
        else byShape.set(key, [entry]);
      });
      for (const list of byShape.values()) {
        if (list.length < options.minRun) continue;
        const vectors = list.map((c) => c.parts.operands.map(index));
        for (const run of affineRuns(vectors, options.minRun)) {
          const chosen = run.map((r) => list[r]!);
          const first = normalize({ op: 'sum', out: -1, terms: [s.terms[chosen[0]!.t]!] }, desc, index) as ScalarInstr & { op: 'sum' };
          const fam = makeFamily(families.length, 'reduce', chosen.map((c) => c.t), level[k]!, first.terms[0]!, chosen.map((c) => c.parts), k);
          families.push(fam);
          reductionsOf.set(k, [...(reductionsOf.get(k) ?? []), fam]);
          place(fam, chosen.flatMap((c) => c.parts.operands));
        }
      }
    }
    // Groups the scalars at this level depend on.
    for (const k of bucketAt) {
      if (famOf[k]! >= 0) continue;
      const deps = new Set<number>();
      for (const op of operandsOf(ins[k]!)) for (const g of groupsUnder(op)) deps.add(g);
      for (const f of reductionsOf.get(k) ?? []) for (const g of closureOf(f.group!)) deps.add(g);
      if (deps.size > 0) scalarDeps.set(k, deps);
    }
  }
  if (families.length === 0) return program;
  return assemble(program, ins, def, famOf, memberOf, families, groups) ?? program;

  function makeFamily(id: number, kind: 'map' | 'reduce', members: number[], lvl: number, template: ScalarInstr | Term, parts: readonly Parts[], sum?: number): Family {
    const first = parts[0]!;
    const second = parts[1]!;
    const refs: Ref[] = first.operands.map((op, p) => {
      const stride = index(second.operands[p]!) - index(op);
      if (op.kind === 'input') return stride === 0 ? { kind: 'fixed', op } : { kind: 'input', offset: op.index, stride };
      if (op.kind === 'slot' && famOf[def.get(op.slot)!]! >= 0) return { kind: 'member', fam: famOf[def.get(op.slot)!]!, offset: index(op), stride };
      return { kind: 'fixed', op };
    });
    // A constant shared by every member is printed; one that differs goes to the table.
    const consts = first.consts.map((c, p) => (parts.every((x) => Object.is(x.consts[p], c)) ? c : parts.map((x) => x.consts[p]!)));
    return { id, kind, count: members.length, level: lvl, members, template, refs, consts, ...(sum !== undefined ? { sum } : {}) };
  }
}

/** A family may join group g only if its reads of families in g are at the same or an earlier iteration. */
function fusable(fam: Family, g: number, families: readonly Family[]): boolean {
  return fam.refs.every((r) => r.kind !== 'member' || families[r.fam]!.group !== g || (r.stride === 1 && r.offset <= 0));
}

function shapeKey(ins: ScalarInstr): string {
  switch (ins.op) {
    case 'sum':
      return `sum:${ins.terms.map((t) => `${t.sign}${t.product.num.length}/${t.product.den.length}`).join(' ')}`;
    case 'prod':
      return `prod:${ins.product.num.length}/${ins.product.den.length}`;
    case 'call':
      return `call:${ins.fn}`;
    case 'sqrt':
      return 'sqrt';
    case 'pow':
      return 'pow';
  }
}

function inputArrayStarts(sizes: readonly number[]): number[] {
  const starts: number[] = [];
  let s = 0;
  for (const n of sizes) {
    starts.push(s);
    s += n;
  }
  return starts;
}
function arrayOf(starts: readonly number[], i: number): number {
  let a = 0;
  while (a + 1 < starts.length && starts[a + 1]! <= i) a++;
  return a;
}

/** Longest-path level of each instruction above the inputs (the program is in topological order). */
function levels(ins: readonly ScalarInstr[], def: ReadonlyMap<number, number>): Int32Array {
  const level = new Int32Array(ins.length);
  ins.forEach((x, k) => {
    let l = 0;
    for (const op of operandsOf(x)) if (op.kind === 'slot') l = Math.max(l, level[def.get(op.slot)!]! + 1);
    level[k] = l;
  });
  return level;
}
function bucket(n: number, level: Int32Array): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < n; k++) (out[level[k]!] ??= []).push(k);
  return out.filter((b) => b !== undefined);
}

/**
 * Maximal runs (of at least minRun) of index vectors that advance by one constant
 * stride vector, after a stable sort of the vectors; returns positions into `vectors`.
 */
export function affineRuns(vectors: readonly (readonly number[])[], minRun: number): number[][] {
  const order = vectors.map((_, i) => i).sort((a, b) => compareVectors(vectors[a]!, vectors[b]!));
  const runs: number[][] = [];
  let a = 0;
  while (a + 1 < order.length) {
    const v0 = vectors[order[a]!]!;
    const stride = vectors[order[a + 1]!]!.map((x, p) => x - v0[p]!);
    // A zero stride is a run too: members that differ only in their constants (one
    // Gaussian well per member) read the same operands and take their constants from the table.
    let b = a + 1;
    while (b < order.length && vectors[order[b]!]!.every((x, p) => x === v0[p]! + (b - a) * stride[p]!)) b++;
    if (b - a >= minRun) {
      runs.push(order.slice(a, b));
      a = b;
    } else a++;
  }
  return runs;
}
function compareVectors(a: readonly number[], b: readonly number[]): number {
  for (let p = 0; p < a.length; p++) if (a[p] !== b[p]) return a[p]! - b[p]!;
  return 0;
}

