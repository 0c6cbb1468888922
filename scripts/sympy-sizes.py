#!/usr/bin/env python3
"""Printed sizes of SymPy's str(f) and str(diff(f, v)) for deep and duplicated compositions.

Writes test/diff/sympy-sizes.json, the yardstick of test/diff/print-size.test.ts
(issue 10: our printed derivatives stay within about 2x of SymPy's). Run with Debian's
python3-sympy:  /usr/bin/python3 scripts/sympy-sizes.py > test/diff/sympy-sizes.json

Each family is defined by its step u -> step(u) from u = x; the TypeScript test builds
the same compositions with the constructors (test/diff/print-size.test.ts, FAMILIES) and
must stay in step with this file.
"""
import json
import sys

import sympy
from sympy import cos, diff, exp, log, sin, symbols

x, y = symbols("x y")

FAMILIES = {
    # The example: sin(x*x + x) composed with itself; each level uses u twice.
    "sin-square": (lambda u: sin(u * u + u), range(1, 11), [x]),
    # Duplicated: each level uses u in three places.
    "exp-log": (lambda u: exp(u) + log(1 + u**2) * u, range(1, 8), [x]),
    # Two variables, u used twice per level.
    "horner-cos": (lambda u: u * y + cos(u), range(1, 11), [x, y]),
    # Deep, not duplicated: derivative by the chain rule grows quadratically.
    "deep-sin": (lambda u: sin(u + y), [5, 10, 20, 40, 80], [x, y]),
    # Deep rational: nested reciprocals.
    "deep-recip": (lambda u: 1 / (1 + u * u), range(1, 9), [x]),
}


def main() -> None:
    out = {"sympy": sympy.__version__, "python": sys.version.split()[0], "cases": []}
    for name, (step, depths, variables) in FAMILIES.items():
        for depth in depths:
            u = x
            for _ in range(depth):
                u = step(u)
            case = {"family": name, "depth": depth, "function": len(str(u)), "derivatives": {}}
            for v in variables:
                case["derivatives"][str(v)] = len(str(diff(u, v)))
            out["cases"].append(case)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
