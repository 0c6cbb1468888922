"""SymPy lambdify + NumPy on the shapes of test/matrix.bench.ts (issue 12).

Derives the gradient with SymPy's matrix calculus (MatrixSymbol), lambdifies value and
gradient to NumPy, and times one call per point and a batch of 100 points sharing the data (a Python
loop over points: lambdify has no batched form for matrix arguments). Prints microseconds per
point. Run: python3 scripts/bench-matrix-sympy.py
With --logistic-calls N: logistic at n = 1000 only, the fastest and the median of N single
calls (as scripts/bench-logistic-calls.ts times ours).
"""
import sys
import time
import numpy as np
import sympy as sp


def per_call_us(fn, args, min_time=0.2, repeats=5):
    """Microseconds per call: the fastest of several timed runs (robust on a loaded machine)."""
    fn(*args)
    reps = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            fn(*args)
        if time.perf_counter() - t0 >= min_time / repeats:
            break
        reps *= 2
    best = float('inf')
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn(*args)
        best = min(best, (time.perf_counter() - t0) / reps)
    return best * 1e6


def build(n):
    m = 2 * n
    A = sp.MatrixSymbol('A', m, n)
    x = sp.MatrixSymbol('x', n, 1)
    b = sp.MatrixSymbol('b', m, 1)
    r = A * x - b
    f_ls = r.T * r  # a 1x1 matrix: SymPy's matrix derivative gives 0 for (r.T*r)[0, 0]
    t0 = time.perf_counter()
    g_ls = f_ls.diff(x)
    d_ls = time.perf_counter() - t0
    ls = sp.lambdify((A, x, b), [f_ls, g_ls], 'numpy')

    X = sp.MatrixSymbol('X', m, n)
    w = sp.MatrixSymbol('w', n, 1)
    y = sp.MatrixSymbol('y', m, 1)
    z = sp.HadamardProduct(y, X * w)
    f_lg = sp.OneMatrix(1, m) * ((-z).applyfunc(sp.exp) + sp.OneMatrix(m, 1)).applyfunc(sp.log)
    t0 = time.perf_counter()
    try:
        f_lg.diff(w)
        note = 'SymPy derivative'
    except Exception as err:  # SymPy 1.14: ValueError in ArrayDiagonal
        note = f'SymPy cannot differentiate it ({type(err).__name__}); NumPy with the hand gradient'
    d_lg = time.perf_counter() - t0

    def lg(Xv, wv, yv):
        s = -yv * (Xv @ wv)
        e = np.exp(s)
        return np.sum(np.log1p(e)), Xv.T @ (-yv * e / (1 + e))

    return ls, lg, d_ls, d_lg, note


def logistic_calls(calls):
    """Logistic at n = 1000 timed call by call (scripts/bench-logistic-calls.ts times ours the same way)."""
    n, m = 1000, 2000
    rng = np.random.default_rng(1)
    X = rng.uniform(-1, 1, (m, n))
    w = rng.uniform(-1, 1, (n, 1))
    y = np.where(rng.uniform(-1, 1, (m, 1)) > 0, 1.0, -1.0)
    lg = build(n)[1]
    for _ in range(200):
        lg(X, w, y)
    us = []
    for _ in range(calls):
        t0 = time.perf_counter()
        lg(X, w, y)
        us.append((time.perf_counter() - t0) * 1e6)
    us.sort()
    print(f"NumPy, hand gradient: min {us[0]:.0f} us, median {us[len(us) // 2]:.0f} us over {calls} calls")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == '--logistic-calls':
        logistic_calls(int(sys.argv[2]))
        return
    rng = np.random.default_rng(1)
    print(f"sympy {sp.__version__}, numpy {np.__version__}")
    print("| n | m | form | path | SymPy derivation ms | per point us | batch of 100, per point us |")
    print("|---|---|---|---|---|---|---|")
    for n in (10, 100, 1000):
        m = 2 * n
        ls, lg, d_ls, d_lg, note = build(n)
        A = rng.uniform(-1, 1, (m, n))
        x = rng.uniform(-1, 1, (n, 1))
        b = rng.uniform(-1, 1, (m, 1))
        y = np.where(rng.uniform(-1, 1, (m, 1)) > 0, 1.0, -1.0)
        # Sanity: SymPy's gradients against the closed forms.
        f, g = ls(A, x, b)
        assert np.allclose(np.asarray(g).reshape(-1), (2 * A.T @ (A @ x - b)).reshape(-1))
        f, g = lg(A, x, y)
        s = -y * (A @ x)
        assert np.allclose(np.asarray(g).reshape(-1), (A.T @ (-y * np.exp(s) / (1 + np.exp(s)))).reshape(-1))
        for name, fn, args, d, how in (("least squares", ls, (A, x, b), d_ls, "SymPy lambdify"), ("logistic", lg, (A, x, y), d_lg, note)):
            one = per_call_us(fn, args)
            # 100 points: the variable changes, the data (A, b or X, y) is shared.
            xs = [args[1] + 0.01 * k for k in range(100)]
            batch = per_call_us(lambda: [fn(args[0], xk, args[2]) for xk in xs], ()) / 100
            print(f"| {n} | {m} | {name} | {how} | {d * 1e3:.1f} | {one:.1f} | {batch:.1f} |")


if __name__ == "__main__":
    main()
