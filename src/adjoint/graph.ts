/**
 * The dependency graph of a program and its strongly connected components.
 *
 * An edge runs from a variable to each variable its right-hand side names (its parents).
 * Tarjan's algorithm emits components dependencies-first, which is the order of the
 * forward pass; the reverse of that order is the order of back-substitution. A component
 * is cyclic when it has several members or a member names itself: its variables are
 * defined implicitly and solved together.
 */
import { freeSymbols } from '../expr/index.js';
import type { Assignment, AdjointProgram } from './program.js';

/** One step of the forward pass: a single explicit assignment or a cycle solved together. */
export interface ProgramBlock {
  /** The members, in program order. */
  readonly members: readonly Assignment[];
  /** True when the members define each other (or one defines itself). */
  readonly cyclic: boolean;
}

/** The graph facts every later stage needs. */
export interface ProgramGraph {
  /** Blocks in forward (dependencies-first) order. */
  readonly blocks: readonly ProgramBlock[];
  /** Assignments in forward order (block members concatenated). */
  readonly order: readonly Assignment[];
  /** Assignment by variable name. */
  readonly byName: ReadonlyMap<string, Assignment>;
  /** Assigned variables named on each right-hand side, in order of first mention. */
  readonly parents: ReadonlyMap<string, readonly string[]>;
  /** Inputs named on each right-hand side. */
  readonly inputParents: ReadonlyMap<string, readonly string[]>;
  /** For each variable or input, the assignments whose right-hand side names it (in forward order). */
  readonly children: ReadonlyMap<string, readonly string[]>;
}

/** Builds the dependency graph and its components (iterative Tarjan: deep programs do not overflow the stack). */
export function programGraph(p: AdjointProgram): ProgramGraph {
  const byName = new Map(p.assignments.map((a) => [a.name, a] as const));
  const inputSet = new Set(p.inputs);
  const parents = new Map<string, string[]>();
  const inputParents = new Map<string, string[]>();
  for (const a of p.assignments) {
    const names = [...freeSymbols(a.rhs)];
    parents.set(a.name, names.filter((n) => byName.has(n)).sort(byLine(byName)));
    inputParents.set(a.name, p.inputs.filter((n) => inputSet.has(n) && names.includes(n)));
  }

  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of p.assignments) {
    if (index.has(root.name)) continue;
    const work: { v: string; next: number }[] = [{ v: root.name, next: 0 }];
    index.set(root.name, counter);
    low.set(root.name, counter++);
    stack.push(root.name);
    onStack.add(root.name);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const deps = parents.get(top.v)!;
      if (top.next < deps.length) {
        const w = deps[top.next++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === index.get(top.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.v);
        components.push(comp);
      }
    }
  }

  const blocks: ProgramBlock[] = components.map((names) => {
    const members = names.map((n) => byName.get(n)!).sort((a, b) => a.line - b.line);
    const cyclic = members.length > 1 || parents.get(members[0]!.name)!.includes(members[0]!.name);
    return { members, cyclic };
  });
  const order = blocks.flatMap((b) => b.members);
  const children = new Map<string, string[]>();
  for (const n of [...p.inputs, ...p.assignments.map((a) => a.name)]) children.set(n, []);
  for (const a of order) {
    for (const q of parents.get(a.name)!) children.get(q)!.push(a.name);
    for (const q of inputParents.get(a.name)!) children.get(q)!.push(a.name);
  }
  return { blocks, order, byName, parents, inputParents, children };
}

function byLine(byName: ReadonlyMap<string, Assignment>): (a: string, b: string) => number {
  return (a, b) => byName.get(a)!.line - byName.get(b)!.line;
}
