/**
 * The numeric fallback: Levenberg–Marquardt on the residual with the symbolic Jacobian
 * (src/diff), both compiled to closures (src/compile), from many seeded starts, results
 * deduplicated and verified.
 *
 * Starts: a deterministic PRNG (mulberry32, seed from the options, default 1) draws each
 * coordinate uniformly from [-s, s], the scale s cycling through 1, sqrt(box) and box
 * (box = options.box, default 10), so roots of size 0.1 to 100 are reached; the origin is
 * the first start. A single equation in one unknown is also scanned for sign changes on
 * [-10 box, 10 box] (a fine grid on [-box, box], geometric further out) and each bracket is
 * bisected, so isolated simple roots there are not left to chance.
 * A result is kept when every equation satisfies |f_i| <= 1e-9 (1 + S_i) (see verify.ts)
 * and it differs from the kept ones by more than 1e-7 relative in some coordinate.
 */
import { jacobian } from '../diff/index.js';
import { freeSymbols, num, Rational, topologicalOrder, type Expr } from '../expr/index.js';
import { compile } from '../compile/index.js';
import { levenbergMarquardt, type NumericSystem } from './levenberg-marquardt.js';
import { residualAt } from './verify.js';
import type { Solution, SolveContext, SolveResult } from './types.js';
import { seededRandom as mulberry32 } from '../numeric/index.js';
/** The project's seeded generator (numeric/random.ts) under this room's name. */
export { mulberry32 };


/** Builds the numeric system of equations in the unknowns (no other free symbols allowed). */
export function numericSystemOf(eqs: readonly Expr[], unknowns: readonly string[]): NumericSystem {
  // Compiled closures (src/compile): the residual and the symbolic Jacobian, row-major.
  const F = compile(eqs, unknowns);
  const J = jacobian(eqs, unknowns).flat();
  const JE = compile(J, unknowns);
  return {
    m: eqs.length,
    n: unknowns.length,
    residual: (x, out) => F.evaluate(x, out),
    jacobian: (x, out) => JE.evaluate(x, out),
  };
}

/** Multistart numeric search (see the file comment). */
export function numericSolve(eqs: readonly Expr[], unknowns: readonly string[], ctx: SolveContext): SolveResult {
  const opts = ctx.options;
  if (opts.numeric === false) {
    return { solutions: [], completeness: 'partial', method: 'none', notes: ['no exact method applies and the numeric fallback is disabled'] };
  }
  if (ctx.parameters.length > 0) {
    return {
      solutions: [],
      completeness: 'partial',
      method: 'none',
      notes: [`no exact method applies, and a numeric search needs values for the parameters (${ctx.parameters.join(', ')})`],
    };
  }
  const sys = numericSystemOf(eqs, unknowns);
  const n = unknowns.length;
  const box = opts.box ?? 10;
  const starts = opts.starts ?? 64;
  const rand = mulberry32(opts.seed ?? 1);
  const scales = [1, Math.sqrt(box), box];
  const found: number[][] = [];
  const consider = (x: ArrayLike<number>): void => {
    const r = levenbergMarquardt(sys, x, 100);
    ctx.work.numeric.add(Math.max(1, r.iterations));
    if (!Number.isFinite(r.maxResidual)) return;
    const xs = Array.from(r.x);
    const point = new Map(unknowns.map((u, i) => [u, xs[i]!] as [string, number]));
    if (!residualAt(eqs, point).ok) return;
    if (found.some((f) => f.every((v, i) => Math.abs(v - xs[i]!) <= 1e-7 * (1 + Math.abs(v))))) return;
    found.push(xs);
  };
  const notes: string[] = [];
  if (n === 1 && eqs.length === 1) for (const x of scanRoots(sys, box)) consider([x]);
  for (let s = 0; s < starts; s++) {
    if (ctx.work.numeric.exhausted) {
      notes.push(`${ctx.work.numeric.exhaustedNote()} after ${s} of ${starts} starts`);
      break;
    }
    const scale = scales[s % scales.length]!;
    const x0 = s === 0 ? new Array<number>(n).fill(0) : Array.from({ length: n }, () => scale * (2 * rand() - 1));
    consider(x0);
  }
  found.sort((a, b) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
  });
  const solutions: Solution[] = found.map((x) => {
    const point = new Map(unknowns.map((u, i) => [u, x[i]!] as [string, number]));
    return {
      values: new Map(unknowns.map((u, i) => [u, num(Rational.fromNumber(x[i]!))] as [string, Expr])),
      exact: false,
      residual: residualAt(eqs, point).worst,
      numericValues: point,
    };
  });
  notes.push(`numeric search: Levenberg–Marquardt from ${starts} seeded starts in boxes of half-width 1, ${Math.sqrt(box).toPrecision(3)}, ${box}; solutions outside may be missing`);
  if (eqs.some((e) => hasPeriodic(e))) notes.push('the equations contain periodic functions: there may be infinitely many solutions; those found near the search box are listed');
  return { solutions, completeness: 'partial', method: 'newton-multistart', notes };
}

/** Sign changes of a scalar function on a grid, each bisected to a root. */
function scanRoots(sys: NumericSystem, box: number): number[] {
  const f = (x: number): number => {
    const out = new Float64Array(1);
    sys.residual(Float64Array.of(x), out);
    return out[0]!;
  };
  const grid: number[] = [];
  const inner = 4000;
  for (let i = 0; i <= inner; i++) grid.push(-box + (2 * box * i) / inner);
  for (let k = 1; k <= 100; k++) {
    const x = box * 10 ** (k / 100);
    grid.push(x, -x);
  }
  grid.sort((a, b) => a - b);
  const roots: number[] = [];
  let px = grid[0]!;
  let pf = f(px);
  for (let i = 1; i < grid.length; i++) {
    const x = grid[i]!;
    const fx = f(x);
    if (fx === 0) roots.push(x);
    else if (Number.isFinite(pf) && Number.isFinite(fx) && pf !== 0 && Math.sign(pf) !== Math.sign(fx)) {
      let a = px;
      let b = x;
      let fa = pf;
      for (let it = 0; it < 200; it++) {
        const m = (a + b) / 2;
        if (m <= a || m >= b) break;
        const fm = f(m);
        if (!Number.isFinite(fm)) break;
        if (fm === 0) {
          a = b = m;
          break;
        }
        if (Math.sign(fm) === Math.sign(fa)) {
          a = m;
          fa = fm;
        } else b = m;
      }
      roots.push((a + b) / 2);
    }
    px = x;
    pf = fx;
  }
  return roots;
}

/** Does the expression contain sin, cos or tan (of something non-constant)? */
function hasPeriodic(e: Expr): boolean {
  return topologicalOrder([e]).some((x) => x.kind === 'call' && (x.fn === 'sin' || x.fn === 'cos' || x.fn === 'tan') && freeSymbols(x).size > 0);
}
