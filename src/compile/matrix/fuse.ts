/**
 * Fused loops for compiled matrix plans. A plan of one kernel call per node pays a call,
 * a pass over memory and a buffer per node: at width 10 that overhead is most of the
 * time, and at width 1000 a gradient such as `X'*(c(X*w))` reads the matrix twice. Here
 * the nodes that run along one index are grouped into one loop over rows, in
 * topological order:
 *
 * - entrywise nodes (`+`, `.*`, `.^`, functions, scalar multiples) become locals of
 *   the loop body, stored to their buffer only when something outside the loop reads them;
 * - reductions (`sum`, `norm`, `u'*v`) accumulate in the loop;
 * - a matrix-vector product `A*v` produces entry i from row i of A (a *producer*);
 * - `A'*c`, `c'*A` and the outer product `c*v'` consume entry i of c with row i of A
 *   (or all of v), so `X'*(c(X*w))` reads each row of X once, while it is in cache.
 *
 * Every other node (matrix-matrix products, inverses, transposes formed, scalars of
 * symbols) keeps its kernel closure, called from the generated function as `k[i]()`.
 * The source holds only generated names, numbers and the FUNCTIONS table's `js`
 * spellings, and goes through `checkGeneratedSource` before `new Function`.
 */
import { FUNCTIONS, GENERATED_HELPERS } from '../../expr/index.js';
import type { MExpr } from '../../expr/matrix/index.js';
import { checkGeneratedSource, printNumber } from '../emit.js';

/**
 * What grouping a plan's nodes into loops needs (`planLoops`): the DAG and its shapes
 * only, so that the loops can be planned before the plan's memory and closures exist.
 */
export interface LoopInput {
  /** The nodes that run or are read, in topological order. */
  readonly order: readonly MExpr[];
  /** Buffer index of a node. */
  readonly slot: (n: MExpr) => number;
  /** Numeric rows and columns of a node. */
  readonly shape: (n: MExpr) => readonly [number, number];
  /** Children whose buffers a node reads (as the closure plan reads them). */
  readonly reads: (n: MExpr) => readonly MExpr[];
  /** A term of a sum as a numeric coefficient times a node. */
  readonly term: (t: MExpr) => { coeff: number; base: MExpr };
  /** Whether a node computes something (inputs and constants do not). */
  readonly runs: (n: MExpr) => boolean;
  readonly roots: ReadonlySet<MExpr>;
}

/** What the generators need to know about a plan. */
export interface FusePlan extends LoopInput {
  /** The value of a constant node (numeric scalar, ones, zero) printed inline, else undefined. */
  readonly constant: (n: MExpr) => number | undefined;
  /** The kernel closure of each node that runs. */
  readonly closures: ReadonlyMap<MExpr, () => void>;
}

/** How a node takes part in a fused loop of `len` iterations. */
export type Role =
  | { kind: 'entry'; len: number; at: readonly MExpr[]; whole: readonly MExpr[] }
  | { kind: 'reduce'; len: number; op: 'sum' | 'norm' | 'dot'; at: readonly MExpr[]; whole: readonly MExpr[] }
  | { kind: 'produce'; len: number; A: MExpr; k: number; v: MExpr; at: readonly MExpr[]; whole: readonly MExpr[] }
  | { kind: 'consume'; len: number; outer: boolean; c: MExpr; M: MExpr; n: number; at: readonly MExpr[]; whole: readonly MExpr[] };

/** The buffer a product factor is read from: a transposed factor through its argument. */
export const stored = (f: MExpr): MExpr => (f.kind === 'transpose' ? f.arg : f);

/** The role of a node, or undefined when it keeps its closure. */
function roleOf(node: MExpr, p: LoopInput): Role | undefined {
  const [r, c] = p.shape(node);
  const len = r * c;
  switch (node.kind) {
    case 'add':
      return { kind: 'entry', len, at: node.terms.map((t) => p.term(t).base), whole: [] };
    case 'hadamard':
      return { kind: 'entry', len, at: node.factors, whole: [] };
    case 'map':
      return { kind: 'entry', len, at: [node.arg], whole: [] };
    case 'pow':
      return { kind: 'entry', len, at: [node.base], whole: [node.exp] };
    case 'sum':
    case 'norm': {
      const [ar, ac] = p.shape(node.arg);
      return { kind: 'reduce', len: ar * ac, op: node.kind, at: [node.arg], whole: [] };
    }
    case 'mul': {
      const { scalars, chain } = node;
      if (chain.length === 0) return { kind: 'entry', len, at: scalars, whole: [] };
      if (chain.length === 1) {
        const f = chain[0]!;
        const [fr, fc] = p.shape(f);
        // A transposed vector holds its entries in the same order; a transposed matrix does not.
        if (f.kind === 'transpose' && fr !== 1 && fc !== 1) return undefined;
        return { kind: 'entry', len, at: [stored(f)], whole: scalars };
      }
      if (chain.length !== 2) return undefined;
      const [F, G] = chain as [MExpr, MExpr];
      const [pr, q] = p.shape(F);
      const rc = p.shape(G)[1];
      if (pr === 1 && rc === 1) return { kind: 'reduce', len: q, op: 'dot', at: [stored(F), stored(G)], whole: scalars };
      if (rc === 1 && F.kind !== 'transpose') return { kind: 'produce', len: pr, A: F, k: q, v: stored(G), at: [], whole: [...scalars, F, stored(G)] };
      if (rc === 1) return { kind: 'consume', len: q, outer: false, c: stored(G), M: stored(F), n: pr, at: [stored(G)], whole: [...scalars, stored(F)] };
      if (pr === 1 && G.kind !== 'transpose') return { kind: 'consume', len: q, outer: false, c: stored(F), M: G, n: rc, at: [stored(F)], whole: [...scalars, G] };
      if (pr === 1) return { kind: 'produce', len: rc, A: stored(G), k: q, v: stored(F), at: [], whole: [...scalars, stored(G), stored(F)] };
      if (q === 1) return { kind: 'consume', len: pr, outer: true, c: stored(F), M: stored(G), n: rc, at: [stored(F)], whole: [...scalars, stored(G)] };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A loop of fused nodes. */
export interface FusedLoop {
  readonly kind: 'loop';
  readonly len: number;
  readonly members: MExpr[];
}
/** A loop, or one closure call. */
export type Item = FusedLoop | { kind: 'call'; node: MExpr };

/** How many of the latest items a node may join. */
const LOOKBACK = 16;

/** Characters of generated source above which the plan keeps its closures (V8 stops optimising very large functions). */
export const MAX_FUSED_SOURCE = 40_000;

/** Fused loops and closure calls in run order: what both backends (JS source here, WebAssembly in fuse-wasm.ts) generate code from. */
export interface LoopPlan {
  readonly items: readonly Item[];
  readonly roles: ReadonlyMap<MExpr, Role>;
  /** Fused nodes whose buffer is written (a root, or read outside its loop). */
  readonly stored: ReadonlySet<MExpr>;
  /** Is n a value held in a local of loop g (entrywise or produced there)? */
  readonly local: (n: MExpr, g: FusedLoop) => boolean;
}

/** Groups the plan's nodes into loops (see the file comment). */
export function planLoops(p: LoopInput): LoopPlan {
  const roles = new Map<MExpr, Role>();
  const groupOf = new Map<MExpr, FusedLoop>();
  const items: Item[] = [];
  const local = (n: MExpr, g: FusedLoop): boolean => groupOf.get(n) === g && (roles.get(n)!.kind === 'entry' || roles.get(n)!.kind === 'produce');
  const itemOf = new Map<MExpr, Item>();
  // Can the node run at item `at`: is everything it reads computed before, or (read at
  // the loop's index, or a scalar) a local of that same loop?
  const fits = (reads: readonly MExpr[], whole: readonly MExpr[], at: Item): boolean => {
    const limit = items.indexOf(at);
    const ok = (c: MExpr, scalarOnly: boolean): boolean => {
      const it = itemOf.get(c);
      if (it === undefined) return true; // an input or a constant
      if (it === at) return at.kind === 'loop' && local(c, at) && (!scalarOnly || p.shape(c)[0] * p.shape(c)[1] === 1);
      return items.indexOf(it) < limit;
    };
    return reads.every((c) => ok(c, false)) && whole.every((c) => ok(c, true));
  };

  for (const node of p.order) {
    if (!p.runs(node)) continue; // an input or a constant: nothing runs
    const role = roleOf(node, p);
    if (!role) {
      // A closure runs right after the last item it reads, so that loops after it can still grow.
      const reads = p.reads(node);
      let at = items.length;
      while (at > 0 && !reads.some((c) => itemOf.get(c) === items[at - 1])) at--;
      const call: Item = { kind: 'call', node };
      items.splice(at, 0, call);
      itemOf.set(node, call);
      continue;
    }
    roles.set(node, role);
    // Join the latest loop of the same length that the node can run in (among the last
    // LOOKBACK items, so that compiling stays linear in the plan), else start one.
    let loop: FusedLoop | undefined;
    for (let i = items.length - 1; i >= Math.max(0, items.length - LOOKBACK) && !loop; i--) {
      const it = items[i]!;
      if (it.kind === 'loop' && it.len === role.len && fits(role.at, role.whole, it)) loop = it;
    }
    if (!loop) {
      loop = { kind: 'loop', len: role.len, members: [] };
      items.push(loop);
    }
    loop.members.push(node);
    groupOf.set(node, loop);
    itemOf.set(node, loop);
  }

  // A fused value is stored when a root or anything outside its loop reads it.
  const storeSet = new Set<MExpr>();
  for (const node of p.order) {
    for (const c of p.reads(node)) if (groupOf.has(c) && groupOf.get(c) !== groupOf.get(node)) storeSet.add(c);
  }
  for (const r of p.roots) storeSet.add(r);

  return { items, roles, stored: storeSet, local };
}

/**
 * The body of a factory `new Function('u', 'k', 'h', body)` returning the function that
 * runs the whole plan over the buffers `u`, and the closures `k` it calls; undefined when
 * the source would be too large.
 */
export function fusedSource(p: FusePlan, plan: LoopPlan = planLoops(p)): { source: string; calls: (() => void)[] } | undefined {
  const { items, roles, local } = plan;
  const storeSet = plan.stored;
  const used = new Set<number>();
  const buf = (n: MExpr): string => {
    const s = p.slot(n);
    used.add(s);
    return `t${s}`;
  };
  const calls: (() => void)[] = [];
  const body: string[] = [];
  for (const item of items) {
    if (item.kind === 'call') {
      body.push(`k[${calls.length}]();`);
      calls.push(p.closures.get(item.node)!);
      continue;
    }
    body.push(...loopText(item));
  }

  /**
   * One loop's statements. A loop that accumulates `A'*c` or computes `A*v` with long
   * rows runs four rows per iteration: the four rows of `A*v` in one pass over v, the
   * body four times, then one update of `A'*c` from the four rows, so the output
   * vector is loaded and stored once per four rows of A (one row at a time, that load
   * and store made `A'*c` twice as slow as `A*v` at 2000×1000).
   */
  function loopText(g: FusedLoop): string[] {
    const before: string[] = [];
    const after: string[] = [];
    const unrolls = (n: MExpr): boolean => {
      const role = roles.get(n)!;
      return (role.kind === 'consume' && !role.outer) || (role.kind === 'produce' && role.k >= 8);
    };
    const unroll = g.len >= ROWS && g.members.some(unrolls) ? ROWS : 1;
    // The statements of row `i` (an index expression), locals named for its place h in an unrolled iteration.
    const row = (i: string, h: number, first: boolean, grouped: boolean): string[] => {
      const ref = (n: MExpr, at: boolean): string => {
        const c = p.constant(n);
        if (c !== undefined) return printNumber(c);
        if (local(n, g)) return `a${ROWS * p.slot(n) + h}`;
        const [r, cc] = p.shape(n);
        return `${buf(n)}[${at && r * cc !== 1 ? i : '0'}]`;
      };
      const scale = (node: MExpr, rest: string): string => [...(node.kind === 'mul' ? node.scalars : []).map((x) => ref(x, false)), rest].join(' * ');
      const lines: string[] = [];
      for (const node of g.members) {
        const role = roles.get(node)!;
        const s = p.slot(node);
        const b = `b${4 * (ROWS * s + h)}`;
        switch (role.kind) {
          case 'entry':
            lines.push(`const a${ROWS * s + h} = ${entryText(node, ref, p)};`);
            break;
          case 'reduce': {
            const [x, y] = role.at.map((n) => ref(n, true));
            lines.push(`c${s} += ${role.op === 'sum' ? x : role.op === 'norm' ? `${x} * ${x}` : `${x} * ${y}`};`);
            if (first) {
              before.push(`let c${s} = 0;`);
              after.push(`${buf(node)}[0] = ${role.op === 'norm' ? `Math.sqrt(c${s})` : role.op === 'dot' ? scale(node, `c${s}`) : `c${s}`};`);
            }
            break;
          }
          case 'produce':
            // Unrolled, the iteration's four dot products ran together first (`rowsTimes`).
            if (!grouped) lines.push(...dotRow(4 * (ROWS * s + h), buf(role.A), i, role.k, buf(role.v)));
            lines.push(`const a${ROWS * s + h} = ${scale(node, grouped ? `b${4 * ROWS * s + h}` : b)};`);
            break;
          case 'consume': {
            const out = buf(node);
            const M = buf(role.M);
            const n = role.n;
            lines.push(`const ${b} = ${scale(node, ref(role.c, true))};`);
            if (role.outer) lines.push(`for (let j1 = 0; j1 < ${n}; j1++) ${out}[${i} * ${n} + j1] = ${b} * ${M}[j1];`);
            else {
              if (first) before.push(`for (let j1 = 0; j1 < ${n}; j1++) ${out}[j1] = 0;`);
              if (!grouped) lines.push(`for (let j1 = 0; j1 < ${n}; j1++) ${out}[j1] += ${b} * ${M}[${i} * ${n} + j1];`);
              else if (h === ROWS - 1) {
                const terms = Array.from({ length: ROWS }, (_, q) => `b${4 * (ROWS * s + q)} * ${M}[${rowIndex(q)} * ${n} + j1]`);
                lines.push(`for (let j1 = 0; j1 < ${n}; j1++) ${out}[j1] += ${terms.join(' + ')};`);
              }
            }
            break;
          }
        }
        if ((role.kind === 'entry' || role.kind === 'produce') && storeSet.has(node)) lines.push(`${buf(node)}[${i}] = a${ROWS * s + h};`);
      }
      return lines;
    };
    const indent = (ls: string[]): string[] => ls.map((l) => `  ${l}`);
    if (unroll === 1) {
      const inside = row('j0', 0, true, false);
      return [...before, `for (let j0 = 0; j0 < ${g.len}; j0++) {`, ...indent(inside), '}', ...after];
    }
    const whole = g.len - (g.len % ROWS);
    // The consumers' updates come after the last row of the iteration, which reads all four.
    const inside: string[] = [];
    for (const n of g.members) {
      const role = roles.get(n)!;
      if (role.kind === 'produce') inside.push(...rowsTimes(4 * ROWS * p.slot(n), buf(role.A), role.k, buf(role.v)));
    }
    for (let h = 0; h < ROWS; h++) inside.push(...row(rowIndex(h), h, h === 0, true));
    const lines = [...before, `for (let j0 = 0; j0 < ${whole}; j0 += ${ROWS}) {`, ...indent(inside), '}'];
    for (let r = whole; r < g.len; r++) lines.push('{', ...indent(row(String(r), 0, false, false)), '}');
    return [...lines, ...after];
  }

  const loads = [...used].sort((a, b) => a - b).map((s) => `const t${s} = u[${s}];`);
  const source = ['return function one() {', ...[...loads, ...body].map((l) => `  ${l}`), '};'].join('\n');
  if (source.length > MAX_FUSED_SOURCE) return undefined;
  checkGeneratedSource(source);
  return { source, calls };
}

/** Builds the function that runs a plan through fused loops (see `fusedSource`). */
export function fusedRunner(p: FusePlan, buffers: Float64Array[], plan?: LoopPlan): (() => void) | undefined {
  const fused = fusedSource(p, plan);
  if (!fused) return undefined;
  // The source has passed checkGeneratedSource: generated names, numbers, Math.* and h.* calls only.
  return new Function('u', 'k', 'h', fused.source)(buffers, fused.calls, GENERATED_HELPERS) as () => void;
}

/** Statements leaving rows j0 to j0 + 3 of A (k columns) times v in `b<base + h>`: one pass over v for four rows. */
function rowsTimes(base: number, A: string, k: number, v: string): string[] {
  const acc = Array.from({ length: ROWS }, (_, h) => `b${base + h}`);
  const step = acc.map((b, h) => `${b} += ${A}[${rowIndex(h)} * ${k} + j1] * ${v}[j1];`);
  return [...acc.map((b) => `let ${b} = 0;`), `for (let j1 = 0; j1 < ${k}; j1++) { ${step.join(' ')} }`];
}

/** Rows per iteration of a loop that accumulates `A'*c` or multiplies long rows. */
const ROWS = 4;

/** The index of row h of an unrolled iteration. */
const rowIndex = (h: number): string => (h === 0 ? 'j0' : `(j0 + ${h})`);

/** The expression of an entrywise node at entry j0, over its operands' references. */
function entryText(node: MExpr, ref: (n: MExpr, at: boolean) => string, p: FusePlan): string {
  switch (node.kind) {
    case 'add':
      return node.terms
        .map((t, i) => {
          const { coeff, base } = p.term(t);
          const x = ref(base, true);
          if (coeff === 1) return i === 0 ? x : `+ ${x}`;
          if (coeff === -1) return i === 0 ? `-${x}` : `- ${x}`;
          return `${i === 0 ? '' : '+ '}${printNumber(coeff)} * ${x}`;
        })
        .join(' ');
    case 'hadamard':
      return node.factors.map((f) => ref(f, true)).join(' * ');
    case 'map':
      return FUNCTIONS[node.fn].js(ref(node.arg, true));
    case 'pow': {
      const x = ref(node.base, true);
      const e = p.constant(node.exp);
      // The exponents powInto spells out, spelled the same way (same rounding).
      if (e === 2) return `${x} * ${x}`;
      if (e === -1) return `1 / ${x}`;
      if (e === 0.5) return `Math.sqrt(${x})`;
      if (e === -2) return `1 / (${x} * ${x})`;
      return `Math.pow(${x}, ${ref(node.exp, false)})`;
    }
    case 'mul': {
      const parts = [...node.scalars.map((s) => ref(s, false)), ...node.chain.map((f) => ref(stored(f), true))];
      return parts.join(' * ');
    }
    default:
      throw new Error(`internal: ${node.kind} is not entrywise`);
  }
}

/** Statements leaving row i of A (k columns) times v in `b<4s>`: four accumulators for long rows. */
function dotRow(base: number, A: string, i: string, k: number, v: string): string[] {
  const acc = (q: number): string => `b${base + q}`;
  if (k < 8) {
    const terms = Array.from({ length: k }, (_, j) => `${A}[${i} * ${k} + ${j}] * ${v}[${j}]`);
    return [`let ${acc(0)} = ${terms.join(' + ')};`];
  }
  const k4 = k - (k % 4);
  const lines = [0, 1, 2, 3].map((q) => `let ${acc(q)} = 0;`);
  const step = [0, 1, 2, 3].map((q) => `${acc(q)} += ${A}[${i} * ${k} + j1 + ${q}] * ${v}[j1 + ${q}];`);
  lines.push(`for (let j1 = 0; j1 < ${k4}; j1 += 4) { ${step.join(' ')} }`);
  for (let j = k4; j < k; j++) lines.push(`${acc(0)} += ${A}[${i} * ${k} + ${j}] * ${v}[${j}];`);
  lines.push(`${acc(0)} = ${acc(0)} + ${acc(1)} + ${acc(2)} + ${acc(3)};`);
  return lines;
}
