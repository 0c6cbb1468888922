/**
 * The adjoint method on seeded random programs of N smooth assignments (N = 10², 10³,
 * 10⁴): time to derive the Lagrangian's conditions and compile both passes (expected
 * linear in N: report per assignment), and the compiled forward pass against the compiled
 * forward + backward pass (the cheap-gradient bound: the backward pass costs at most 3x
 * the forward pass).
 *
 * On a shared machine the separate pass benches drift with the load (they run one after
 * the other, seconds apart), so the ratio is also measured interleaved: one bench
 * iteration times a window of forward passes, then a window of forward + backward passes;
 * the minimum over windows of each is printed after the run (a `teardown` hook).
 *
 * The chain a_0 = sin(x), a_i = sin(a_{i−1}) of N = 10³, 10⁴, 10⁵ lines (issue 10): derive +
 * compile time, and the whole method (`analyzeProgram`: back-substitution under its
 * budget, both passes at the point, the gradient check), per line, against the time of
 * parsing the program text in the same run (the baseline: linear by construction).
 *
 * Run: npx vitest bench --run test/adjoint.bench.ts
 * (only the chain: npx vitest bench --run test/adjoint.bench.ts -t chain)
 */
import { bench, describe } from 'vitest';
import { adjointSystem, analyzeProgram, backSubstitute, compileProgram, parseProgram, randomProgram } from '../src/adjoint/index.js';

for (const n of [1000, 10_000, 100_000]) {
  describe(`chain a_i = sin(a_{i-1}), N = ${n}`, () => {
    const program = ['a0 = sin(x)'];
    for (let i = 1; i < n; i++) program.push(`a${i} = sin(a${i - 1})`);
    const spec = { inputs: ['x'], program, output: `a${n - 1}`, at: { x: 0.7 } };
    const once = { iterations: n >= 100_000 ? 1 : 3, time: 0, warmupIterations: 0 };
    // Each bench times its own calls (tinybench sets its samples only after the teardown runs).
    const timed = (what: string, fn: () => void): [() => void, object] => {
      let best = Infinity;
      return [
        () => {
          const t = performance.now();
          fn();
          best = Math.min(best, performance.now() - t);
        },
        {
          ...once,
          teardown: (_task: unknown, mode: unknown) => {
            if (mode === 'run') process.stdout.write(`\nchain N = ${n}, ${what}: ${(best / 1000).toFixed(2)} s (${((best * 1000) / n).toFixed(0)} µs per line, best run)\n`);
          },
        },
      ];
    };
    bench('parse the program text (baseline)', ...timed('parse', () => void parseProgram(spec)));
    bench('derive + compile both passes', ...timed('parse + derive + compile', () => void compileProgram(adjointSystem(parseProgram(spec)))));
    bench('the whole method (analyzeProgram)', ...timed('analyzeProgram', () => void analyzeProgram(spec)));
  });
}

for (const n of [100, 1000, 10000]) {
  describe(`random program, N = ${n}`, () => {
    const spec = randomProgram({ size: n, seed: 1 });
    const program = parseProgram(spec);
    const compiled = compileProgram(adjointSystem(program));
    const x = Float64Array.from(program.inputs.map((name) => spec.at![name]!));
    const g = new Float64Array(x.length);
    const slow = { iterations: n >= 10000 ? 3 : 10, time: 0, warmupIterations: 1 };

    bench('parse the program text', () => void parseProgram(spec), slow);
    bench('derive the conditions (Lagrangian, forward, adjoint, gradient)', () => void adjointSystem(program), slow);
    bench('derive + compile both passes', () => void compileProgram(adjointSystem(program)), slow);
    bench('back-substitution (closed forms, node budget 200k)', () => void backSubstitute(adjointSystem(program)), slow);
    // Long warm-up: a large generated function is split into chunk functions, each called once
    // per evaluation, and V8 optimises them only after enough calls.
    const hot = { time: 3000, warmupTime: n >= 10000 ? 8000 : 2000 };
    bench('compiled forward pass', () => void compiled.forward(x), hot);
    bench('compiled forward + backward pass (value and gradient)', () => void compiled.valueAndGradient(x, g), hot);

    const reps = Math.max(10, Math.round(1e5 / n));
    let forward = Infinity;
    let both = Infinity;
    bench(
      `interleaved windows of ${reps} forward and ${reps} forward + backward passes`,
      () => {
        let t = performance.now();
        for (let i = 0; i < reps; i++) compiled.forward(x);
        forward = Math.min(forward, (performance.now() - t) / reps);
        t = performance.now();
        for (let i = 0; i < reps; i++) compiled.valueAndGradient(x, g);
        both = Math.min(both, (performance.now() - t) / reps);
      },
      {
        time: 10000,
        warmupTime: 2000,
        // Printed after the measured run (vitest bench runs no afterAll hooks).
        teardown: (_task: unknown, mode: unknown) => {
          if (mode !== 'run') return;
          process.stdout.write(
            `\ninterleaved minimum per call, N = ${n}: forward ${(forward * 1e3).toFixed(2)} us ` +
              `(${((forward * 1e6) / n).toFixed(1)} ns per assignment), forward + backward ${(both * 1e3).toFixed(2)} us; ` +
              `(forward + backward)/forward = ${(both / forward).toFixed(2)}, backward/forward = ${((both - forward) / forward).toFixed(2)}\n`,
          );
        },
      },
    );
  });
}

