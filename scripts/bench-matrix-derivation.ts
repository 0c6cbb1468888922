/**
 * Derivation time of each documented form of issue 12, at n = 10 and n = 100 (m = 2n):
 * matrix notation (the gradient, the Jacobian of `A*exp(x)`, the vector-Jacobian product
 * of `tanh(W*x + b)`; the Hessian of the forms in a vector) against the scalarised path
 * (scalarise at the dimensions, then the scalar core's reverse mode over the entries).
 *
 * Each matrix figure is the fastest of REPS derivations of fresh expressions (the
 * symbols renamed each time, so nothing is already interned) after one warm-up at
 * n = 3, so the JIT is warm but no table answers for the derivation. The scalarised path
 * runs once per n (it takes seconds at n = 100). The declared dimensions are numbers,
 * so a matrix derivation at n = 100 really is one at n = 100.
 *
 *   npx tsx scripts/bench-matrix-derivation.ts            # every form, n = 10 and 100
 *   npx tsx scripts/bench-matrix-derivation.ts --quick    # n = 10 only
 */
import { gradient, jacobian } from '../src/diff/index.js';
import { inner, mgradient, mhessian, mjacobian, mvjp } from '../src/diff/matrix/index.js';
import { declare, declaredNode, parseMatrix, scalarise, variableGrid, ShapeError, type MExpr, type MVar } from '../src/expr/matrix/index.js';
import type { Sym } from '../src/expr/index.js';

type Kind = 'gradient' | 'jacobian' | 'vjp';
interface Form {
  readonly text: string;
  readonly wrt: string;
  readonly kind: Kind;
  /** Also time the Hessian (a scalar form in a vector). */
  readonly hessian?: boolean;
  /** Largest n the scalarised path is run at (its size grows too fast beyond). */
  readonly scalarMax?: number;
}

const FORMS: Form[] = [
  { text: "0.5*x'*A*x", wrt: 'x', kind: 'gradient', hessian: true },
  { text: 'B*exp(x)', wrt: 'x', kind: 'jacobian' },
  { text: "(y.*v)'*x", wrt: 'x', kind: 'gradient', hessian: true },
  { text: 'norm(B*x - z)^2', wrt: 'x', kind: 'gradient', hessian: true },
  { text: 'sum(log(exp(-z.*(X*w)) + ones(m)))', wrt: 'w', kind: 'gradient', hessian: true },
  // The trace form scalarises into about 4 n^3 nodes: 4*10^6 at n = 100.
  { text: "tr(A*C'*D*C*E)", wrt: 'C', kind: 'gradient', scalarMax: 10 },
  // det and inv scalarise by minors: refused beyond 7×7 (MAX_SCALARISED_SIZE).
  { text: 'log(det(inv(A)))', wrt: 'A', kind: 'gradient' },
  { text: "x'*inv(A)*x", wrt: 'A', kind: 'gradient' },
  { text: "-y'*log(exp(x)/sum(exp(x)))", wrt: 'x', kind: 'gradient', hessian: true },
  { text: 'tanh(W*x + b)', wrt: 'W', kind: 'vjp' },
];

/** Declarations at numeric dimensions, every name suffixed (fresh nodes for each suffix). */
function declarations(n: number, s: string) {
  const m = 2 * n;
  const v = (name: string, ...shape: number[]) => ({ name: name + s, shape });
  return declare([
    v('x', n), v('y', n), v('v', n), v('w', n), v('z', m), v('b', m), v('u', m),
    v('A', n, n), v('C', n, n), v('D', n, n), v('E', n, n), v('B', m, n), v('X', m, n), v('W', m, n),
  ]);
}

/** The form's text with every one-letter name suffixed, and m the number 2n. */
function suffixed(text: string, s: string, n: number): string {
  return text.replace(/\b([A-Za-z])\b(?!\()/g, (name) => (name === 'm' ? String(2 * n) : name + s));
}

function build(form: Form, n: number, s: string): { f: MExpr; x: MVar; u: MExpr } {
  const d = declarations(n, s);
  return { f: parseMatrix(suffixed(form.text, s, n), d), x: declaredNode(form.wrt + s, d) as MVar, u: declaredNode('u' + s, d) };
}

function deriveMatrix(form: Form, f: MExpr, x: MVar, u: MExpr): MExpr {
  if (form.kind === 'jacobian') return mjacobian(f, x);
  if (form.kind === 'vjp') return mvjp(f, x, u);
  return mgradient(f, x);
}

const REPS = 7;
let serial = 0;

/** Fastest of REPS fresh derivations, in ms. */
function timeMatrix(form: Form, n: number, what: 'derivative' | 'hessian'): number {
  let best = Infinity;
  for (let r = 0; r < REPS; r++) {
    const { f, x, u } = build(form, n, `_${serial++}`);
    const t0 = performance.now();
    if (what === 'hessian') mhessian(f, x);
    else deriveMatrix(form, f, x, u);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** The scalarised path once, in ms, or why it did not run. */
function timeScalar(form: Form, n: number): number | string {
  if (n > (form.scalarMax ?? Infinity)) return 'not run';
  const { f, x, u } = build(form, n, `_${serial++}`);
  const rows = x.shape.rows as number;
  const cols = x.shape.cols as number;
  const t0 = performance.now();
  const syms = variableGrid(x, rows, cols).entries.filter((e): e is Sym => e.kind === 'sym');
  const target = form.kind === 'vjp' ? inner(u, f) : f;
  let grid;
  try {
    grid = scalarise(target, {});
  } catch (err) {
    if (err instanceof ShapeError) return 'refused';
    throw err;
  }
  if (form.kind === 'jacobian') jacobian(grid.entries, syms);
  else gradient(grid.entries[0]!, syms);
  return performance.now() - t0;
}


const quick = process.argv.includes('--quick');
const sizes = quick ? [10] : [10, 100];
// Warm the JIT on every path at n = 3.
for (const form of FORMS) {
  timeMatrix(form, 3, 'derivative');
  if (form.hessian) timeMatrix(form, 3, 'hessian');
  timeScalar(form, 3);
}
const fmt = (v: number | string): string => (typeof v === 'string' ? v : v < 10 ? v.toFixed(2) : v.toFixed(0));
console.log(`| form | w.r.t. | matrix ${sizes.map((n) => `n = ${n}`).join(' / ')} ms | matrix Hessian ${sizes.map((n) => `n = ${n}`).join(' / ')} ms | scalarised ${sizes.map((n) => `n = ${n}`).join(' / ')} ms |`);
console.log('|---|---|---|---|---|');
for (const form of FORMS) {
  const mat = sizes.map((n) => timeMatrix(form, n, 'derivative'));
  const hes = form.hessian ? sizes.map((n) => timeMatrix(form, n, 'hessian')) : undefined;
  const sca = sizes.map((n) => timeScalar(form, n));
  const label = form.kind === 'vjp' ? `${form.text} (u'*J)` : form.kind === 'jacobian' ? `${form.text} (Jacobian)` : form.text;
  console.log(`| \`${label}\` | ${form.wrt} | ${mat.map(fmt).join(' / ')} | ${hes ? hes.map(fmt).join(' / ') : '–'} | ${sca.map(fmt).join(' / ')} |`);
}
