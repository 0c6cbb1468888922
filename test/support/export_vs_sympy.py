"""SymPy's side of the export benchmark (test/support/export-vs-sympy.ts).

Reads a job (JSON file path in argv[1]): {"cases": [{"name", "text", "vars", "ours_py",
"points"}], "dir"}. For each case: parses the expression (the exporter's own text), takes
SymPy's gradient, builds lambdify([vars], [f, *grad], "numpy", cse=True) and C from
cse + ccode (written to <dir>/sympy_<name>.c as `double sympy_f_grad(const double *x,
double *grad)`), checks that both agree with the exported NumPy module at random points,
and times one vectorised call over "points" points for each (median of 7). Prints JSON.
"""
import importlib.util
import inspect
import json
import sys
import time

import numpy as np
import sympy as sp
from sympy.parsing.sympy_parser import convert_xor, parse_expr, standard_transformations


def median_time(fn, reps=7):
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2]


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def sympy_c(name, syms, exprs):
    repl, reduced = sp.cse(exprs, symbols=sp.numbered_symbols("c_"))
    lines = ["double sympy_f_grad(const double *in_, double *grad) {"]
    for i, s in enumerate(syms):
        lines.append(f"    const double {s} = in_[{i}];")
    for s, e in repl:
        lines.append(f"    const double {s} = {sp.ccode(e)};")
    lines.append(f"    const double value = {sp.ccode(reduced[0])};")
    for i, e in enumerate(reduced[1:]):
        lines.append(f"    grad[{i}] = {sp.ccode(e)};")
    lines.append("    return value;")
    lines.append("}")
    return "#include <math.h>\n" + "\n".join(lines) + "\n"


def main():
    job = json.load(open(sys.argv[1]))
    out = []
    for case in job["cases"]:
        syms = sp.symbols(case["vars"])
        local = {str(s): s for s in syms}
        t0 = time.perf_counter()
        f = parse_expr(case["text"], local_dict=local, transformations=standard_transformations + (convert_xor,))
        grad = [sp.diff(f, s) for s in syms]
        fn = sp.lambdify(syms, [f, *grad], "numpy", cse=True)
        t_build = time.perf_counter() - t0
        src = inspect.getsource(fn)
        t0 = time.perf_counter()
        c_src = sympy_c(case["name"], syms, [f, *grad])
        t_ccode = time.perf_counter() - t0
        with open(f"{job['dir']}/sympy_{case['name']}.c", "w") as fh:
            fh.write(c_src)
        ours = load(case["ours_py"], f"ours_{case['name']}")
        n = len(syms)
        rng = np.random.default_rng(0)
        X = rng.uniform(-1.5, 1.5, size=(n, case["points"]))
        v_ours, g_ours = ours.f_grad(X)
        res = fn(*X)
        v_sym = np.asarray(res[0], dtype=float) + np.zeros(X.shape[1])
        g_sym = np.array([np.asarray(g, dtype=float) + np.zeros(X.shape[1]) for g in res[1:]])
        err = max(
            float(np.max(np.abs(v_ours - v_sym) / np.maximum(1, np.abs(v_sym)))),
            float(np.max(np.abs(g_ours - g_sym) / np.maximum(1, np.abs(g_sym)))),
        )
        out.append({
            "name": case["name"],
            "numpy_ours_s": median_time(lambda: ours.f_grad(X)),
            "numpy_sympy_s": median_time(lambda: fn(*X)),
            "numpy_sympy_chars": len(src),
            "sympy_build_s": t_build,
            "sympy_ccode_s": t_ccode,
            "c_sympy_chars": len(c_src),
            "max_rel_diff": err,
        })
    print(json.dumps(out))


main()
