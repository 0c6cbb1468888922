/**
 * Fused matrix plans as WebAssembly SIMD (src/compile/matrix/fuse-wasm.ts): every role
 * (producers, consumers, outer products, dot products, sums and norms, entrywise nodes
 * with exp, log, tanh, sin, cos, abs and the spelled-out powers, closures in between) at every
 * dimension from 1 to 13 rows and 9 columns, so that every remainder of the row blocking
 * (m mod 4 with multiply then add, m mod 6 with fused multiply-adds) and of the column
 * pairs (n mod 4: loop, pair, single column) runs, on both paths. References: the JS
 * fused plan, the plain evaluator (evaluate.ts) and central differences. Then the
 * in-place API (`array(name)`) against copied inputs, the memory that never grows, and
 * the fused multiply-add path against the scalar path and a case that tells fused from
 * unfused.
 */
import { describe, expect, it } from 'vitest';
import { compileMatrix, compileValueAndGradient, evaluateMatrix, inputsOf, InstanceError, type Dense } from '../../src/compile/matrix/index.js';
import { mgradient } from '../../src/diff/matrix/index.js';
import { madd, mhadamard, minv, mmap, mmul, mneg, mnorm, mpow, mscalar, msub, msum, mtranspose, mvar, ones, shapeOf, type MExpr, type MVar } from '../../src/expr/matrix/index.js';
import { seededRandom } from '../../src/numeric/random.js';
import { evaluate, relaxedSimd } from '../../src/compile/index.js';
import { scalarise } from '../../src/expr/matrix/index.js';
import { scalarEnvironment } from '../diff/matrix/check.js';
import { gradientReferences, maxRelativeError, randomInstance } from '../diff/matrix/check.js';
import { A, Ax, B, S, c, inputValues, r, v, x, y } from './matrix-fixtures.js';

const roots: MExpr[] = [
  Ax, // producer
  mmul(c, mtranspose(A), y), // A'*c accumulated, a symbol's scalar factor
  mmul(mtranspose(y), A), // c'*A accumulated
  mmul(mtranspose(x), mtranspose(A)), // (A*x)' as a producer
  mmul(y, mtranspose(x)), // outer product
  mmul(mtranspose(x), v), // dot product
  mmul(mscalar(3), mtranspose(x), v), // dot product with a constant factor
  msum(mmap('exp', mneg(mhadamard(y, Ax)))), // reduction of an entrywise chain of a producer
  mpow(mnorm(r), mscalar(2)),
  // producer, entrywise chain with exp and log, and consumer in one loop
  mmul(mtranspose(A), mhadamard(mmap('log', madd(ones('m'), mmap('exp', Ax))), madd(ones('m'), mneg(mpow(y, mscalar(2)))))),
  madd(mpow(x, mscalar(-1)), mpow(v, mscalar(0.5)), mpow(x, mscalar(-2)), mmul(mscalar(3), v), mmap('abs', msub(x, v))),
  msum(mmap('log', x)),
  mmul(mtranspose(A), A, x), // chain of three: a closure between the loops
  mmul(minv(madd(S, mmul(mscalar(10), mmul(B, mtranspose(B))))), mtranspose(A), r), // inverse and matrix-matrix closures feeding a loop
  mmul(B, mmap('exp', r)), // a producer whose vector comes from an earlier loop
  mmul(mscalar(2), c, mtranspose(mmul(A, x))), // a scaled transposed producer
];

describe('fused matrix plans as WebAssembly SIMD', () => {
  it('every role agrees with the JS plan and the plain evaluator at every dimension up to 13 × 9, with and without FMA', () => {
    let k = 0;
    for (let m = 1; m <= 13; m++) {
      for (let n = 1; n <= 9; n++) {
        const dims = { n, m };
        const inst = randomInstance(roots, dims, 500 + k++, { x: 'positive', v: 'positive' }, { c: 0.7 });
        const js = compileMatrix(roots, inputsOf(roots), dims, { backend: 'js' });
        expect(js.info.backend).toBe('js-fused');
        const args = inputValues(js.inputs, inst);
        const reference = js.evaluate(args).map((o) => Float64Array.from(o));
        for (const fma of [true, false]) {
          const wasm = compileMatrix(roots, inputsOf(roots), dims, { fma });
          expect(wasm.info.backend).toBe('wasm');
          expect(wasm.info.fma).toBe(fma && relaxedSimd());
          const outs = wasm.evaluate(args);
          roots.forEach((root, i) => {
            const want = evaluateMatrix(root, inst).data;
            expect(outs[i]!.length).toBe(want.length);
            const err = maxRelativeError(outs[i]!, reference[i]!);
            if (err > 1e-12) throw new Error(`root ${i} at m = ${m}, n = ${n}, fma ${fma}: ${err} from the JS plan`);
            expect(maxRelativeError(outs[i]!, want)).toBeLessThan(1e-11);
          });
        }
      }
    }
  });

  it('long rows and long columns (every remainder of the column loop, and of the row blocks)', () => {
    const list = [Ax, mmul(mtranspose(A), mmap('exp', mneg(r))), mmul(y, mtranspose(x)), mpow(mnorm(r), mscalar(2))];
    for (const [n, m] of [[1003, 7], [1001, 6], [1002, 5], [1000, 4], [5, 1001], [2, 1003]] as const) {
      const dims = { n, m };
      const inst = randomInstance(list, dims, n + m);
      const wasm = compileMatrix(list, inputsOf(list), dims);
      expect(wasm.info.backend).toBe('wasm');
      const outs = wasm.evaluate(inputValues(wasm.inputs, inst));
      list.forEach((root, i) => expect(maxRelativeError(outs[i]!, evaluateMatrix(root, inst).data)).toBeLessThan(1e-11));
    }
  });

  it('value and gradient of logistic regression and least squares match central differences on random instances', () => {
    const w = mvar('w', shapeOf('n')) as MVar;
    const logistic = msum(mmap('log', madd(ones('m'), mmap('exp', mneg(mhadamard(y, mmul(A, w)))))));
    const leastSquares = mpow(mnorm(msub(mmul(A, w), y)), mscalar(2));
    const rand = seededRandom(12);
    for (let trial = 0; trial < 12; trial++) {
      const dims = { n: 1 + Math.floor(9 * rand()), m: 1 + Math.floor(9 * rand()) };
      for (const f of [logistic, leastSquares]) {
        const g = mgradient(f, w);
        const inst = randomInstance([f, g], dims, 40 + trial);
        const compiled = compileValueAndGradient(f, w, dims);
        expect(compiled.info.backend).toBe('wasm');
        const [value, grad] = compiled.evaluate(inputValues(compiled.inputs, inst));
        expect(value![0]).toBeCloseTo(evaluateMatrix(f, inst).data[0]!, 11);
        const { central } = gradientReferences(f, w, g, inst);
        expect(maxRelativeError(grad!, central)).toBeLessThan(1e-6);
      }
    }
  });

  it("tanh(W*x + b), and the value and vector-Jacobian product of u'*tanh(W*x + b) (w.r.t. x, W and b), run on WebAssembly and agree with the JS plan and central differences", () => {
    const u = mvar('u', shapeOf('m')) as MVar;
    const layer = mmap('tanh', madd(Ax, y));
    const f = mmul(mtranspose(u), layer);
    for (const [n, m] of [[1, 1], [3, 5], [7, 13], [9, 8]] as const) {
      const dims = { n, m };
      // Scaled so that W*x + b spans both sides of tanh's switch at 0.625 and its saturation.
      const inst = randomInstance([f], dims, 60 + n + m);
      for (const d of [(inst.values.A as Dense).data, (inst.values.y as Dense).data]) d.forEach((t, i) => { d[i] = 3 * t; });
      const value = compileMatrix([layer], inputsOf([layer]), dims);
      const valueJs = compileMatrix([layer], inputsOf([layer]), dims, { backend: 'js' });
      expect(value.info.backend).toBe('wasm');
      expect(valueJs.info.backend).toBe('js-fused');
      const z = value.evaluate(inputValues(value.inputs, inst))[0]!;
      expect(maxRelativeError(z, valueJs.evaluate(inputValues(valueJs.inputs, inst))[0]!)).toBeLessThan(1e-14);
      expect(maxRelativeError(z, evaluateMatrix(layer, inst).data)).toBeLessThan(1e-14);
      for (const wrt of [x as MVar, A as MVar, y as MVar]) {
        const plan = compileValueAndGradient(f, wrt, dims);
        const g = mgradient(f, wrt);
        const js = compileMatrix([f, g], plan.inputs, dims, { backend: 'js' });
        expect(plan.info.backend).toBe('wasm');
        const [val, grad] = plan.evaluate(inputValues(plan.inputs, inst));
        const [valJs, gradJs] = js.evaluate(inputValues(js.inputs, inst));
        expect(maxRelativeError(val!, valJs!)).toBeLessThan(1e-13);
        expect(maxRelativeError(grad!, gradJs!)).toBeLessThan(1e-13);
        const { central } = gradientReferences(f, wrt, g, inst);
        expect(maxRelativeError(grad!, central)).toBeLessThan(1e-6);
      }
    }
  });

  it('sin and cos: a gradient through both on WebAssembly agrees with the JS plan and central differences; entries beyond |x| = 8.2e5 are Math.sin and Math.cos exactly', () => {
    const f = msum(mhadamard(mmap('sin', Ax), mmap('cos', y)));
    const dims = { n: 6, m: 11 };
    const inst = randomInstance([f], dims, 71);
    (inst.values.A as Dense).data.forEach((t, i, d) => { d[i] = 20 * t; });
    const plan = compileValueAndGradient(f, x as MVar, dims);
    const g = mgradient(f, x as MVar);
    const js = compileMatrix([f, g], plan.inputs, dims, { backend: 'js' });
    expect(plan.info.backend).toBe('wasm');
    const [val, grad] = plan.evaluate(inputValues(plan.inputs, inst));
    const [valJs, gradJs] = js.evaluate(inputValues(js.inputs, inst));
    expect(maxRelativeError(val!, valJs!)).toBeLessThan(1e-13);
    expect(maxRelativeError(grad!, gradJs!)).toBeLessThan(1e-13);
    expect(maxRelativeError(grad!, gradientReferences(f, x as MVar, g, inst).central)).toBeLessThan(1e-6);
    // Lanes beyond the vector reduction's range go to the imported Math.sin / Math.cos.
    const list = [mmap('sin', x), mmap('cos', x)];
    const trig = compileMatrix(list, inputsOf(list), { n: 9 });
    expect(trig.info.backend).toBe('wasm');
    const xs = Float64Array.from([1e7, 0.5, -3e6, 2, 1e300, -Infinity, 823550, 823549, NaN]);
    const [s, c] = trig.evaluate([xs]);
    for (const [got, want] of [[s!, Math.sin], [c!, Math.cos]] as const) {
      xs.forEach((t, i) => {
        // Beyond the range (and ±∞): Math's own double; within (NaN too): within 1 ulp of it.
        if (Math.abs(t) > 823549.66) expect(got[i]).toBe(want(t));
        else if (Number.isNaN(t)) expect(got[i]).toBeNaN();
        else expect(Math.abs(got[i]! - want(t))).toBeLessThanOrEqual(Number.EPSILON * Math.abs(want(t)));
      });
    }
  });

  it('a plan with an entrywise function WebAssembly does not spell runs the JS loops and says why; fuse: false runs closures', () => {
    const list = [mmul(mtranspose(A), mmap('sinh', Ax))];
    const dims = { n: 3, m: 5 };
    const inst = randomInstance(list, dims, 3);
    const plan = compileMatrix(list, inputsOf(list), dims);
    expect(plan.info.backend).toBe('js-fused');
    expect(plan.info.fallback).toMatch(/sinh/);
    const closures = compileMatrix(list, inputsOf(list), dims, { fuse: false });
    expect(closures.info.backend).toBe('js-closures');
    for (const p of [plan, closures]) {
      expect(maxRelativeError(p.evaluate(inputValues(p.inputs, inst))[0]!, evaluateMatrix(list[0]!, inst).data)).toBeLessThan(1e-12);
    }
    // Sixty inline exps: more code than one generated function may hold; the JS loops run it.
    // (n = 13: both the loop over whole groups of rows, four or six, and the one-row loop exist.)
    const big = [msum(madd(...Array.from({ length: 60 }, (_, i) => mmap('exp', mmul(mscalar((i + 1) / 60), x)))))];
    const bigPlan = compileMatrix(big, inputsOf(big), { n: 13 });
    expect(bigPlan.info.backend).toBe('js-fused');
    expect(bigPlan.info.fallback).toMatch(/too large/);
    const bigInst = randomInstance(big, { n: 13 }, 8);
    expect(maxRelativeError(bigPlan.evaluate(inputValues(bigPlan.inputs, bigInst))[0]!, evaluateMatrix(big[0]!, bigInst).data)).toBeLessThan(1e-12);
  });
});

describe('inputs in place: array(name)', () => {
  const w = mvar('w', shapeOf('n')) as MVar;
  const logistic = msum(mmap('log', madd(ones('m'), mmap('exp', mneg(mhadamard(y, mmul(A, w)))))));
  const dims = { n: 7, m: 9 };
  const inst = randomInstance([logistic], dims, 21);
  const data = (name: string): Float64Array => (inst.values[name] as Dense).data;

  it('the plan\'s own arrays are read in place; other arrays (plain, another plan\'s) are copied in; the results agree', () => {
    const plan = compileValueAndGradient(logistic, w, dims, ['A', 'w', 'y']);
    const other = compileValueAndGradient(logistic, w, dims, ['A', 'w', 'y']);
    expect(plan.info.backend).toBe('wasm');
    const copied = plan.evaluate([data('A'), data('w'), data('y')]).map((o) => Float64Array.from(o));
    const own = ['A', 'w', 'y'].map((name) => {
      const a = plan.array(name);
      expect(a.length).toBe(data(name).length);
      a.set(data(name));
      return a;
    });
    const inPlace = plan.evaluate(own).map((o) => Float64Array.from(o));
    expect(inPlace).toEqual(copied);
    // Another plan's view: copied like any other array.
    const foreign = other.array('A');
    foreign.set(data('A'));
    expect(plan.evaluate([foreign, own[1]!, own[2]!]).map((o) => Float64Array.from(o))).toEqual(copied);
    // Changing the plan's own array changes the next result (it is read, not a stale copy).
    own[1]![0] = own[1]![0]! + 0.5;
    const moved = plan.evaluate(own)[0]![0]!;
    const fresh = Float64Array.from(data('w'));
    fresh[0] = fresh[0]! + 0.5;
    expect(moved).toBe(plan.evaluate([data('A'), fresh, data('y')])[0]![0]!);
    expect(moved).not.toBe(copied[0]![0]);
    // A result (a view of this plan's memory) passed back as an input is copied in first;
    // any array passed for w lands in the plan's own array for w.
    const w0 = Float64Array.from(own[1]!);
    const gradient = Float64Array.from(plan.evaluate(own)[1]!);
    const fromCopy = plan.evaluate([own[0]!, Float64Array.from(gradient), own[2]!]).map((o) => Float64Array.from(o));
    expect(own[1]).toEqual(gradient);
    own[1]!.set(w0);
    const view = plan.evaluate(own)[1]!;
    expect(view).toEqual(gradient);
    expect(plan.evaluate([own[0]!, view, own[2]!]).map((o) => Float64Array.from(o))).toEqual(fromCopy);
  });

  it('a wrong length, a plain JS array or an unknown name is a clear error', () => {
    const plan = compileValueAndGradient(logistic, w, dims, ['A', 'w', 'y']);
    expect(() => plan.evaluate([data('A'), new Float64Array(6), data('y')])).toThrow(InstanceError);
    expect(() => plan.evaluate([data('A'), new Float64Array(6), data('y')])).toThrow("'w' needs a Float64Array of 7 values, got a Float64Array of length 6");
    expect(() => plan.evaluate([data('A'), [1, 2, 3, 4, 5, 6, 7] as never, data('y')])).toThrow("'w' needs a Float64Array of 7 values, got another value");
    expect(() => plan.array('q')).toThrow("'q' is not an input of this plan (inputs: A, w, y)");
  });

  it('the JS backends hand out arrays too, and read them by reference', () => {
    const plan = compileValueAndGradient(logistic, w, dims, ['A', 'w', 'y']);
    const js = compileMatrix([logistic, mgradient(logistic, w)], ['A', 'w', 'y'], dims, { backend: 'js' });
    const own = ['A', 'w', 'y'].map((name) => Float64Array.from(data(name)));
    const ownJs = ['A', 'w', 'y'].map((name) => js.array(name));
    ownJs.forEach((a, i) => a.set(own[i]!));
    const want = plan.evaluate(own).map((o) => Float64Array.from(o));
    const got = js.evaluate(ownJs);
    expect(maxRelativeError(got[0]!, want[0]!)).toBeLessThan(1e-13);
    expect(maxRelativeError(got[1]!, want[1]!)).toBeLessThan(1e-13);
  });

  it('the memory never grows: arrays handed out stay attached and the same through calls and batches', () => {
    const plan = compileValueAndGradient(logistic, w, { n: 300, m: 600 }, ['A', 'w', 'y']);
    const arrays = ['A', 'w', 'y'].map((name) => plan.array(name));
    const buffer = arrays[0]!.buffer;
    const size = buffer.byteLength;
    const rand = seededRandom(5);
    for (const a of arrays) for (let i = 0; i < a.length; i++) a[i] = 2 * rand() - 1;
    const points = Array.from({ length: 20 }, (_, k) => [arrays[0]!, Float64Array.from(arrays[1]!, (t) => t + 0.01 * k), arrays[2]!]);
    const batch = plan.evaluateBatch(points);
    for (let k = 0; k < 20; k++) {
      const outs = plan.evaluate(points[k]!);
      expect(outs[0]!.buffer).toBe(buffer);
      expect(outs[0]![0]).toBe(batch[k]![0]![0]);
    }
    expect(buffer.byteLength).toBe(size);
    expect(arrays.map((a) => a.length)).toEqual([600 * 300, 300, 600]);
    expect(arrays.every((a) => a.buffer === buffer)).toBe(true);
    // A batch whose points copy the same array in once per batch still sees every point's own values.
    const copied = points.map((p) => [Float64Array.from(p[0]!), p[1]!, Float64Array.from(p[2]!)]);
    const shared = [copied[0]![0]!, copied[0]![2]!];
    const again = plan.evaluateBatch(copied.map((p) => [shared[0]!, p[1]!, shared[1]!]));
    again.forEach((outs, k) => expect(outs[1]).toEqual(batch[k]![1]));
    // The same array changed between two batches is copied in again.
    shared[1]![0] = -shared[1]![0]!;
    const changed = plan.evaluateBatch([[shared[0]!, copied[0]![1]!, shared[1]!]]);
    expect(changed[0]![0]).toEqual(plan.evaluate([copied[0]![0]!, copied[0]![1]!, Float64Array.from(shared[1]!)])[0]);
    expect(changed[0]![0]![0]).not.toBe(batch[0]![0]![0]);
  });
});

describe('fused multiply-adds (WebAssembly relaxed SIMD)', () => {
  const w = mvar('w', shapeOf('n')) as MVar;
  const logistic = msum(mmap('log', madd(ones('m'), mmap('exp', mneg(mhadamard(y, mmul(A, w)))))));
  const leastSquares = mpow(mnorm(msub(mmul(A, w), y)), mscalar(2));

  it.skipIf(!relaxedSimd())('f64x2.relaxed_madd and multiply-then-add agree with the scalar path on random instances', () => {
    const rand = seededRandom(31);
    for (let trial = 0; trial < 16; trial++) {
      // Up to 20 rows: several blocks of six (FMA) and of four (multiply then add), and remainders.
      const dims = { n: 1 + Math.floor(11 * rand()), m: 1 + Math.floor(20 * rand()) };
      for (const f of [logistic, leastSquares]) {
        const g = mgradient(f, w);
        const inst = randomInstance([f, g], dims, 70 + trial);
        // The scalar path: f entry by entry in the scalar IR, its derivative by the scalar core.
        const value = evaluate(scalarise(f, inst.dims).entries[0]!, scalarEnvironment([f], inst));
        const { scalar } = gradientReferences(f, w, g, inst);
        const plans = [compileValueAndGradient(f, w, dims, undefined, { fma: true }), compileValueAndGradient(f, w, dims, undefined, { fma: false })];
        expect(plans.map((p) => p.info.fma)).toEqual([true, false]);
        const results = plans.map((p) => p.evaluate(inputValues(p.inputs, inst)).map((o) => Float64Array.from(o)));
        for (const [v, grad] of results) {
          expect(maxRelativeError(v!, [value])).toBeLessThan(1e-12);
          expect(maxRelativeError(grad!, scalar)).toBeLessThan(1e-12);
        }
        expect(maxRelativeError(results[0]![1]!, results[1]![1]!)).toBeLessThan(1e-12);
      }
    }
  });

  it.skipIf(!relaxedSimd())('a dot product where one rounding and two differ: multiply-then-add gives 0, relaxed_madd 0 or 2^-60', () => {
    // Row (a0, 0, a2, 0) times (1, 0, a2, 0), a2 = 1 + 2^-30: a2² = 1 + 2^-29 + 2^-60 exactly,
    // which rounds to 1 + 2^-29 = -a0. Column pairs accumulate in order, so lane 0 is
    // a0 + a2·a2: 0 with two roundings, 2^-60 fused (V8 fuses where the CPU has FMA3).
    // A second row of zeros: A*x is then a matrix-vector product (one row would be a dot product).
    const a2 = 1 + 2 ** -30;
    const values = { A: Float64Array.of(-(1 + 2 ** -29), 0, a2, 0, 0, 0, 0, 0), x: Float64Array.of(1, 0, a2, 0) };
    const got = [true, false].map((fma) => {
      const plan = compileMatrix([Ax], ['A', 'x'], { m: 2, n: 4 }, { fma });
      expect(plan.info).toMatchObject({ backend: 'wasm', fma });
      return plan.evaluate([values.A, values.x])[0]![0]!;
    });
    if (process.env.SHOW_FMA) console.log(`relaxed_madd gives ${got[0]} (fused: ${2 ** -60})`);
    expect([0, 2 ** -60]).toContain(got[0]);
    expect(got[1]).toBe(0);
  });
});
