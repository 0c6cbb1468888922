/**
 * The Gröbner path of the polynomial solver: a basis (grevlex then FGLM to lex over Q, lex
 * over Q(params)), the choice of lex order, and back-substitution level by level through
 * the triangular basis in a tower of exact fields (numeric only where no exact method applies).
 */
import { Rational, toText } from '../expr/index.js';
import { groebner, polyDomain, ZZ, grevlexCmp, type Domain, type GPoly } from './poly/groebner.js';
import { BudgetExceeded } from './budget.js';
import { fglm } from './poly/fglm.js';
import { Q, ratFuncField, embedInto, polyGcd, trim, ZeroDivisorError, type FieldElement, type Field } from './poly/fields.js';
import { zFromTerms, zIsConst, zIsZero, zRemap, type ZPoly, type ZTerm } from './poly/mpoly.js';
import { rfPoly, type RatFunc } from './poly/ratfunc.js';
import { signOracle, type SignOracle } from './poly/toexpr.js';
import { solveUnivariate } from './univariate.js';
import { complexRootsOfDoubles } from './poly/factor.js';
import { solvePositiveDimensional, type SolveForm } from './positive-dim.js';
import { finishCandidates } from './candidates.js';
import { fieldPowers, genericNote } from './polyutil.js';
import type { PolyForm } from './poly/convert.js';
import type { PartialSolution, PolyCandidate, PolyOptions, PolyOutcome } from './polytypes.js';

/** Splits a ring polynomial into a polynomial in the unknowns with coefficients in the parameters. */
function toGPolyParam(p: ZPoly, nu: number, np: number): GPoly<ZPoly> {
  const groups = new Map<string, { e: number[]; terms: ZTerm[] }>();
  for (const t of p.terms) {
    const e = t.e.slice(0, nu);
    const k = e.join(',');
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { e, terms: [] }));
    g.terms.push({ e: t.e.slice(nu), c: t.c });
  }
  const out = [...groups.values()].map((g) => ({ e: g.e, c: zFromTerms(np, g.terms) }));
  out.sort((a, b) => cmp(b.e, a.e));
  return out;
}
function toGPolyInt(p: ZPoly, nu: number): GPoly<bigint> {
  return p.terms.map((t) => ({ e: t.e.slice(0, nu), c: t.c }));
}
function cmp(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Solves a nonlinear polynomial form through a Gröbner basis (see the file comment). */
export function solveByGroebner(
  form: PolyForm,
  numerators: ZPoly[],
  denominators: ZPoly[],
  opts: PolyOptions,
  paramSigns: SignOracle,
  notes: string[],
  solvePolyForm: SolveForm,
): PolyOutcome {
  const { n, nu } = form;
  const np = n - nu;
  const paramExprs = form.varExprs.slice(nu);
  let basis: GPoly<unknown>[];
  let D: Domain<unknown>;
  let grevlexLms: (readonly number[])[] | undefined;
  let grevlexBasis: GPoly<bigint>[] | undefined;
  const caveats: ZPoly[] = [];
  try {
    if (np === 0) {
      // Over Q: grevlex first (fast), then FGLM to lex when the ideal is zero-dimensional.
      D = ZZ as Domain<unknown>;
      const G = groebner(ZZ, numerators.map((p) => toGPolyInt(p, nu)), { work: opts.work.groebner, order: grevlexCmp });
      grevlexBasis = G;
      if (G.length === 1 && G[0]![0]!.e.every((x) => x === 0)) basis = G as GPoly<unknown>[];
      else if (isZeroDimensional(G.map((g) => g[0]!.e), nu)) basis = fglm(G, nu, opts.work.fglm) as GPoly<unknown>[];
      else {
        basis = G as GPoly<unknown>[];
        grevlexLms = G.map((g) => g[0]!.e);
      }
    } else {
      const PD = polyDomain(np);
      D = PD as Domain<unknown>;
      const lift = (c: ZPoly): ZPoly => zRemap(c, n, Array.from({ length: np }, (_, j) => nu + j));
      basis = groebner(PD, numerators.map((p) => toGPolyParam(p, nu, np)), {
        work: opts.work.groebner,
        onContent: (c) => caveats.push(lift(c as ZPoly)),
      }) as GPoly<unknown>[];
      for (const g of basis) if (!zIsConst(g[0]!.c as ZPoly)) caveats.push(lift(g[0]!.c as ZPoly));
    }
  } catch (err) {
    if (err instanceof BudgetExceeded) {
      return { candidates: [], completeness: 'partial', method: 'groebner-lex', notes: [err.message], gaveUp: true };
    }
    throw err;
  }
  const method = np === 0 ? 'groebner-grevlex-fglm-lex' : 'groebner-lex-parametric';
  if (basis.length === 1 && basis[0]![0]!.e.every((x) => x === 0)) {
    return {
      candidates: [],
      completeness: 'inconsistent',
      method,
      notes: [np === 0 ? 'the Gröbner basis is {1}: no solution (not even complex)' : 'the Gröbner basis over Q(parameters) is {1}: no solution for generic parameters'],
    };
  }
  // Generic caveats: non-constant leading coefficients over Q(params).
  if (np > 0) {
    for (const g of basis) {
      notes.push(...genericNote(g[0]!.c as ZPoly, paramExprs, opts.facts.slice(nu)));
    }
  }
  const lms = grevlexLms ?? basis.map((g) => g[0]!.e);
  if (grevlexLms || !isZeroDimensional(lms, nu)) return solvePositiveDimensional(form, lms, opts, notes, method, solvePolyForm);

  if (np === 0) return bestOrder(form, basis as GPoly<bigint>[], numerators, denominators, opts, notes, method, grevlexBasis!);
  const out = triangularSolve(form, basis, D, numerators, denominators, opts, paramSigns);
  return { ...finishOutcome(out, method, [...notes, ...out.notes]), caveats: [...caveats, ...(out.caveats ?? [])] };
}

interface TriangularOutcome {
  readonly candidates: PolyCandidate[];
  readonly rigorous: boolean;
  readonly notes: string[];
  readonly gaveUp?: boolean;
  /** Denominators (over Q(params)) of values that live in the base field. */
  readonly caveats?: ZPoly[];
}

function finishOutcome(out: TriangularOutcome, method: string, notes: string[]): PolyOutcome {
  const { candidates, rigorous } = out;
  if (out.gaveUp) return { candidates: [], completeness: 'partial', method, notes, gaveUp: true };
  if (!rigorous) notes.push('some branches were solved numerically: the list may be incomplete');
  return {
    candidates,
    completeness: candidates.length === 0 && rigorous ? 'inconsistent' : rigorous ? 'complete' : 'partial',
    method,
    notes: candidates.length === 0 && rigorous ? [...notes, 'no real solution'] : notes,
  };
}

/**
 * Over Q the lex order decides which unknown's eliminant is solved first, and so whether
 * the roots come out as radicals. FGLM makes other orders cheap: when the given order
 * leaves roots without a closed form, each unknown is tried last in turn and the order
 * with the most closed-form solutions wins (ties: the given order).
 */
function bestOrder(
  form: PolyForm,
  lexBasis: GPoly<bigint>[],
  numerators: ZPoly[],
  denominators: ZPoly[],
  opts: PolyOptions,
  notes: string[],
  method: string,
  grevlex: GPoly<bigint>[],
): PolyOutcome {
  const nu = form.nu;
  // Better: more closed forms, then rigour, then smaller expressions.
  const size = (o: TriangularOutcome): number => o.candidates.reduce((s, c) => s + (c.exprs ? c.exprs.reduce((t, e) => t + toText(e).length, 0) : 0), 0);
  const score = (o: TriangularOutcome): number => (o.gaveUp ? -1 : o.candidates.filter((c) => c.exprs).length * 2 + (o.rigorous ? 1 : 0));
  const better = (a: TriangularOutcome, b: TriangularOutcome): boolean => score(a) > score(b) || (score(a) === score(b) && size(a) < size(b));
  let best = triangularSolve(form, lexBasis as GPoly<unknown>[], ZZ as Domain<unknown>, numerators, denominators, opts, signOracle([]));
  const allExact = (o: TriangularOutcome): boolean => o.rigorous && o.candidates.every((c) => c.exprs);
  const bulky = (o: TriangularOutcome): boolean => o.candidates.some((c) => c.exprs !== undefined && c.exprs.some((e) => toText(e).length > 60));
  if ((!allExact(best) || bulky(best)) && nu > 1) {
    for (let v = 0; v < nu - 1; v++) {
      const perm = [...Array.from({ length: nu }, (_, i) => i).filter((i) => i !== v), v]; // new position -> old index
      const map = new Array<number>(nu);
      perm.forEach((old, neu) => (map[old] = neu));
      try {
        const Gp = grevlex.map((g) => g.map((t) => ({ e: permute(t.e, map), c: t.c })));
        const lex = fglm(Gp, nu, opts.work.fglm);
        const formP: PolyForm = {
          n: form.n,
          nu,
          varExprs: perm.map((i) => form.varExprs[i]!),
          equations: form.equations.map((e) => ({ num: zRemap(e.num, form.n, map), den: zRemap(e.den, form.n, map) })),
        };
        const optsP: PolyOptions = { ...opts, unknownNames: perm.map((i) => opts.unknownNames[i]!), facts: perm.map((i) => opts.facts[i]) };
        const out = triangularSolve(
          formP,
          lex as GPoly<unknown>[],
          ZZ as Domain<unknown>,
          formP.equations.map((e) => e.num).filter((p) => !zIsZero(p)),
          formP.equations.map((e) => e.den),
          optsP,
          signOracle([]),
        );
        const back: TriangularOutcome = {
          ...out,
          candidates: out.candidates.map((c) => ({
            ...c,
            ...(c.exprs ? { exprs: unpermute(c.exprs, perm) } : {}),
            ...(c.approx ? { approx: unpermute(c.approx, perm) } : {}),
          })),
        };
        if (better(back, best)) best = { ...back, notes: [...back.notes, `lex order with ${opts.unknownNames[v]} as the last variable (solved first) gave simpler closed forms`] };
        if (allExact(best) && !bulky(best)) break;
      } catch (err) {
        if (!(err instanceof BudgetExceeded)) throw err;
        break;
      }
    }
  }
  return finishOutcome(best, method, [...notes, ...best.notes]);
}

function permute(e: readonly number[], map: readonly number[]): number[] {
  const out = new Array<number>(e.length);
  e.forEach((x, i) => (out[map[i]!] = x));
  return out;
}
function unpermute<T>(values: readonly T[], perm: readonly number[]): T[] {
  const out = new Array<T>(values.length);
  perm.forEach((old, neu) => (out[old] = values[neu]!));
  return out;
}

/** Back-substitution through a zero-dimensional lex basis, then exact verification of each candidate. */
function triangularSolve(
  form: PolyForm,
  basis: GPoly<unknown>[],
  D: Domain<unknown>,
  numerators: ZPoly[],
  denominators: ZPoly[],
  opts: PolyOptions,
  paramSigns: SignOracle,
): TriangularOutcome {
  const { n, nu } = form;
  const np = n - nu;
  const paramExprs = form.varExprs.slice(nu);
  const notes: string[] = [];
  const F0: Field = np === 0 ? Q : ratFuncField(paramExprs, paramSigns);
  const toBase = (c: unknown): Rational | RatFunc => (np === 0 ? Rational.of(c as bigint) : rfPoly(c as ZPoly));
  const ctx = { signs: paramSigns, paramExprs };
  let partials: PartialSolution[] = [{ field: F0, values: new Array<FieldElement>(nu).fill(undefined), conds: [] }];
  let rigorous = true;
  const mainVar = (g: GPoly<unknown>): number => g[0]!.e.findIndex((x) => x > 0);
  for (let k = nu - 1; k >= 0; k--) {
    if (opts.work.groebner.exhausted) {
      notes.push(`${opts.work.groebner.exhaustedNote()} during back-substitution`);
      return { candidates: [], rigorous: false, notes, gaveUp: np === 0 };
    }
    const Gk = basis.filter((g) => mainVar(g) === k);
    const next: PartialSolution[] = [];
    for (const part of partials) {
      if (part.approx) {
        next.push(...numericLevel(Gk, k, part, D, np));
        continue;
      }
      const F = part.field;
      let h: FieldElement[] | undefined;
      try {
        for (const g of Gk) {
          opts.work.groebner.add(g.length);
          const u = trim(F, specialize(g, k, F, part.values, toBase));
          if (u.length === 0) continue;
          h = h === undefined ? u : polyGcd(F, h, u);
        }
        if (h === undefined) throw new Error('internal: a zero-dimensional level vanished identically');
        if (h.length <= 1) continue; // no extension (cannot happen over C; a spurious branch)
        const out = solveUnivariate(F, h, ctx);
        notes.push(...out.notes);
        out.roots.forEach((root, idx) => {
          const values = part.values.map((v, i) => (i > k ? embedInto(root.field, F, v) : undefined));
          values[k] = root.value;
          next.push({ field: root.field, values, conds: [...part.conds, ...out.conditions[idx]!] });
        });
        if (!out.solved) {
          rigorous = false;
          if (np > 0) {
            notes.push(`a level in ${opts.unknownNames[k]} has no exact solution method over Q(parameters); its solutions are missing`);
            continue;
          }
          next.push(...numericLevelFromExact(h, F, k, part));
        }
      } catch (err) {
        if (!(err instanceof ZeroDivisorError) || np > 0) throw err;
        rigorous = false;
        notes.push('an algebraic extension was not a field; continued numerically');
        next.push(...numericLevel(Gk, k, { field: F, values: part.values, conds: part.conds, approx: part.values.map((v, i) => (i > k ? F.approx(v) : NaN)) }, D, np));
      }
    }
    partials = next;
  }
  const candidates = finishCandidates(form, partials, numerators, denominators, notes);
  const caveats: ZPoly[] = [];
  if (np > 0) {
    const lift = (c: ZPoly): ZPoly => zRemap(c, n, Array.from({ length: np }, (_, j) => nu + j));
    for (const part of partials)
      if (part.field === F0 && !part.approx) for (const v of part.values) if (!zIsConst((v as RatFunc).den)) caveats.push(lift((v as RatFunc).den));
  }
  return { candidates, rigorous, notes, caveats };
}


/** Zero-dimensional iff every unknown has a pure power among the leading monomials (any order). */
function isZeroDimensional(lms: readonly (readonly number[])[], nu: number): boolean {
  return Array.from({ length: nu }, (_, i) => lms.some((e) => e[i]! > 0 && e.every((x, j) => j === i || x === 0))).every(Boolean);
}

/** g specialised at the partial solution: a univariate polynomial in x_k over F. */
function specialize(g: GPoly<unknown>, k: number, F: Field, values: readonly FieldElement[], toBase: (c: unknown) => Rational | RatFunc): FieldElement[] {
  const coeffs: FieldElement[] = [];
  const powOf = fieldPowers(F, values);
  for (const t of g) {
    const j = t.e[k]!;
    let m = F.fromBase(toBase(t.c));
    for (let i = k + 1; i < t.e.length; i++) if (t.e[i]! > 0) m = F.mul(m, powOf(i, t.e[i]!));
    while (coeffs.length <= j) coeffs.push(F.zero);
    coeffs[j] = F.add(coeffs[j]!, m);
  }
  return coeffs;
}

/** Continues a branch numerically from an exact univariate polynomial that had no exact method. */
function numericLevelFromExact(h: FieldElement[], F: Field, k: number, part: PartialSolution): PartialSolution[] {
  const coeffs = h.map((c) => F.approx(c));
  const approx = part.values.map((v, i) => (i > k ? F.approx(v) : NaN));
  return realRootsDouble(coeffs).map((r) => {
    const a = approx.slice();
    a[k] = r;
    return { field: F, values: part.values, conds: part.conds, approx: a };
  });
}

/** One level of a numeric branch: real roots of the lowest-degree specialised polynomial that the others share. */
function numericLevel(Gk: GPoly<unknown>[], k: number, part: PartialSolution, D: Domain<unknown>, np: number): PartialSolution[] {
  if (np > 0) return [];
  const approx = part.approx!;
  const polys = Gk.map((g) => {
    const c: number[] = [];
    for (const t of g) {
      const j = t.e[k]!;
      let m = Number(t.c as bigint);
      for (let i = k + 1; i < t.e.length; i++) if (t.e[i]! > 0) m *= approx[i]! ** t.e[i]!;
      while (c.length <= j) c.push(0);
      c[j]! += m;
    }
    return c;
  });
  void D;
  const cleaned = polys
    .map((c) => {
      const scale = Math.max(...c.map(Math.abs));
      const t = c.map((x) => (Math.abs(x) <= 1e-10 * scale ? 0 : x));
      while (t.length > 0 && t[t.length - 1] === 0) t.pop();
      return t;
    })
    .filter((c) => c.length > 1);
  if (cleaned.length === 0) return [];
  cleaned.sort((a, b) => a.length - b.length);
  const roots = realRootsDouble(cleaned[0]!);
  const out: PartialSolution[] = [];
  for (const r of roots) {
    const sharedByAll = cleaned.slice(1).every((c) => {
      let v = 0;
      let s = 0;
      for (let i = c.length - 1; i >= 0; i--) {
        v = v * r + c[i]!;
        s = s * Math.abs(r) + Math.abs(c[i]!);
      }
      return Math.abs(v) <= 1e-6 * (1 + s);
    });
    if (!sharedByAll) continue;
    const a = approx.slice();
    a[k] = r;
    out.push({ ...part, approx: a });
  }
  return out;
}

/** Real roots of a polynomial with double coefficients (complex roots with negligible imaginary part). */
function realRootsDouble(c: readonly number[]): number[] {
  const t = c.slice();
  while (t.length > 0 && t[t.length - 1] === 0) t.pop();
  if (t.length <= 1) return [];
  const roots = complexRootsOfDoubles(t);
  const out: number[] = [];
  for (const z of roots) {
    if (Math.abs(z.im) > 1e-7 * (1 + Math.abs(z.re))) continue;
    if (out.some((x) => Math.abs(x - z.re) <= 1e-9 * (1 + Math.abs(x)))) continue;
    out.push(z.re);
  }
  return out.sort((a, b) => a - b);
}
