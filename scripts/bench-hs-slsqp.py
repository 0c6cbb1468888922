"""SciPy SLSQP on the Hock-Schittkowski problem files, for scripts/bench-hs.ts.

Usage: python3 scripts/bench-hs-slsqp.py FILE.json ...  (prints {"hs001": {"f": ..., "ms": ...}, ...})
Each file's expressions are translated from the project's syntax (^ -> **) and evaluated
with NumPy; SLSQP starts from the file's "start" with default options and finite-difference
gradients (what a user of scipy.optimize.minimize gets without writing derivatives).
"""
import json
import re
import sys
import time
import warnings

import numpy as np
from scipy.optimize import minimize
from scipy.special import erf

warnings.filterwarnings("ignore")
NAMES = {"exp": np.exp, "log": np.log, "sqrt": np.sqrt, "sin": np.sin, "cos": np.cos, "tan": np.tan,
         "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh, "pi": np.pi, "abs": np.abs, "sign": np.sign, "erf": erf}


def compile_expr(text, variables):
    body = text.replace("^", "**")
    code = compile(body, "<expr>", "eval")
    def fn(x):
        env = dict(NAMES)
        env.update({v: x[i] for i, v in enumerate(variables)})
        with np.errstate(all="ignore"):
            return float(eval(code, {"__builtins__": {}}, env))
    return fn


def constraint(text, variables):
    m = re.match(r"^(.*?)(<=|>=|=)(.*)$", text)
    lhs, op, rhs = m.group(1), m.group(2), m.group(3)
    f = compile_expr(f"({lhs}) - ({rhs})", variables)
    if op == "=":
        return {"type": "eq", "fun": f}
    if op == ">=":
        return {"type": "ineq", "fun": f}
    return {"type": "ineq", "fun": lambda x: -f(x)}


out = {}
for path in sys.argv[1:]:
    with open(path) as fh:
        p = json.load(fh)
    variables = p["variables"]
    sign = 1.0 if "minimize" in p else -1.0
    obj = compile_expr(p.get("minimize") or p.get("maximize"), variables)
    cons = [constraint(c, variables) for c in p.get("subject_to", [])]
    t0 = time.perf_counter()
    try:
        r = minimize(lambda x: sign * obj(x), np.array(p["start"], dtype=float), method="SLSQP", constraints=cons,
                     options={"maxiter": 1000, "ftol": 1e-10})
        viol = max([0.0] + [abs(c["fun"](r.x)) if c["type"] == "eq" else max(0.0, -c["fun"](r.x)) for c in cons])
        f = float(obj(r.x)) if r.success and viol <= 1e-6 * max(1.0, float(np.max(np.abs(r.x)))) else None
    except Exception:
        f = None
    ms = (time.perf_counter() - t0) * 1000
    out[p["name"]] = {"f": f, "ms": ms}
print(json.dumps(out))
