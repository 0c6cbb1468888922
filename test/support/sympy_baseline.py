"""SymPy lambdify(cse=True) over NumPy: the baseline of test/compile-scale.bench.ts.

Reads a JSON job on stdin and prints JSON timings on stdout:
  job = {"problems": [{"name", "kind": "rosenbrock", "n", "points", "grad"}
                      | {"name", "kind": "wells", "weights", "centers", "widths", "points", "grad"}],
         "budget": seconds per problem for building and lambdifying}
For each problem and for f (and f with its gradient when "grad"): the time to build and
lambdify, the median time of one call at one point (scalar arguments), and the median
time per point of one call over "points" points (NumPy arrays as arguments). Each value
is checked at a point against a plain Python loop before it is timed.
"""
import json
import math
import sys
import time

import numpy as np
import sympy as sp


def rosenbrock(n):
    xs = sp.symbols(f"x0:{n}")
    f = sp.Add(*[100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(n - 1)])
    return xs, f


def rosenbrock_value(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def wells(p):
    x, y = sp.symbols("x y")
    terms = []
    for c, (mx, my), w in zip(p["weights"], p["centers"], p["widths"]):
        terms.append(-c * sp.exp(-(((x - mx) / w) ** 2 + ((y - my) / w) ** 2)))
    return (x, y), sp.Add(*terms)


def wells_value(p, v):
    return sum(-c * math.exp(-(((v[0] - mx) / w) ** 2 + ((v[1] - my) / w) ** 2)) for c, (mx, my), w in zip(p["weights"], p["centers"], p["widths"]))


def median_time(fn, min_total=0.2, rounds=7, clock=time.perf_counter):
    """Median over rounds of the time per call, each round long enough to time (`clock`: wall by default, time.process_time for CPU)."""
    reps = 1
    while True:
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        dt = time.perf_counter() - t
        if dt >= min_total / rounds or reps >= 1 << 20:
            break
        reps *= 2
    samples = []
    for _ in range(rounds):
        t = clock()
        for _ in range(reps):
            fn()
        samples.append((clock() - t) / reps)
    samples.sort()
    return samples[len(samples) // 2]


def measure(p, budget):
    if p["kind"] == "rosenbrock":
        xs, f = rosenbrock(p["n"])
        ref = rosenbrock_value
    else:
        xs, f = wells(p)
        ref = lambda v: wells_value(p, v)  # noqa: E731
    n = len(xs)
    out = {"name": p["name"]}
    point = [0.5 + 0.4 * math.sin(i) for i in range(n)]
    rng = np.random.default_rng(1)
    batch = [np.asarray(point[i] + 0.01 * rng.standard_normal(p["points"])) for i in range(n)]
    for what in ["f", "fg"] if p.get("grad") else ["f"]:
        t0 = time.perf_counter()
        exprs = [f] if what == "f" else [f] + [sp.diff(f, v) for v in xs]
        fn = sp.lambdify(xs, exprs, modules="numpy", cse=True)
        build = time.perf_counter() - t0
        got = fn(*point)[0]
        expected = ref(point)
        if abs(got - expected) > 1e-9 * max(1.0, abs(expected)):
            raise SystemExit(f"{p['name']}: lambdified value {got} differs from {expected}")
        one = median_time(lambda: fn(*point))
        many = median_time(lambda: fn(*batch), min_total=0.5, rounds=3) / p["points"]
        # Process CPU time too: on a shared machine other jobs move wall-clock figures by up to 10x.
        many_cpu = median_time(lambda: fn(*batch), min_total=0.5, rounds=3, clock=time.process_time) / p["points"]
        out[what] = {"build_s": build, "one_us": one * 1e6, "batch_per_point_us": many * 1e6, "batch_cpu_per_point_us": many_cpu * 1e6, "points": p["points"]}
        if build > budget:
            break
    return out


def main():
    job = json.load(sys.stdin)
    results = {"sympy": sp.__version__, "numpy": np.__version__, "problems": []}
    for p in job["problems"]:
        results["problems"].append(measure(p, job.get("budget", 60)))
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
