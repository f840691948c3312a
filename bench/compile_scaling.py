#!/usr/bin/env python3
"""How oxjit's compile time grows with control flow and with function size.

Generates functions (written to a temporary module, so oxjit reads their source as it
reads any file) and times the first call, which compiles, minus a second call:

* nested loops whose bodies hold 1 to 20 ``continue`` and ``break`` statements (each
  adds edges into the loop header: the shape that once made type inference
  exponential);
* straight-line arithmetic of 10 to 2,000 lines;
* a small numeric function with 1 to 10 ``continue`` statements in one branch.

Each result is checked against the Python function. Run: ``python bench/compile_scaling.py``.
"""
import importlib.util
import os
import sys
import tempfile
import time

import numpy as np

import oxjit


def branchy_source(k):
    """A loop nest with ``k`` early exits (continues, and a break every third)."""
    lines = ["def f(p, flag, a, b):", "    acc = 9", "    w = 0", "    while w < 3:", "        w += 1"]
    for i in range(k):
        word = "break" if i % 3 == 2 else "continue"
        lines += [f"        if flag and p[{i % 3}] > {i}:", f"            {word}"]
    lines += [
        "        for j in range(-2, 5):",
        "            if j == 3 and a > 100:",
        "                continue",
        "            p[j % 3] += 1.0",
        "            a += p[j % 3]",
        "        b /= a * b + 1.0",
        "    return acc + a + b",
    ]
    return "\n".join(lines) + "\n"


def continues_source(k):
    """A small numeric function with ``k`` ``continue`` statements in one branch of its
    loop: with three, type inference once took over 100 s."""
    lines = [
        "import math",
        "def f(p0, p1, v3, v1):",
        "    v4 = 9",
        "    w6 = 0",
        "    while w6 < 1:",
        "        w6 += 1",
        "        if p1:",
    ]
    for i in range(k):
        lines += [f"            if p0[{i % 2}] > {i}:", "                continue"]
    lines += [
        "        else:",
        "            v4 -= math.floor(min(v3, v1))",
        "        for i8 in range(-2, 5):",
        "            p0[divmod(-1, v4)[0] % 3] = 1.0",
        "            v3 += p0[i8 % 3]",
        "        v1 /= v3 * v1",
        "    return v4",
    ]
    return "\n".join(lines) + "\n"


def straight_source(n):
    lines = ["def f(x, y):", "    s = x"]
    for i in range(n):
        lines.append(f"    s = s * 0.5 + y * {i % 7 + 1} - x / {i % 5 + 2}")
    lines.append("    return s")
    return "\n".join(lines) + "\n"


def load(source, name):
    path = os.path.join(tempfile.mkdtemp(), f"{name}.py")
    with open(path, "w") as fh:
        fh.write(source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.f


def compile_ms(func, args):
    jitted = oxjit.njit(func)
    t0 = time.perf_counter()
    got = jitted(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    t1 = time.perf_counter()
    jitted(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    t2 = time.perf_counter()
    expected = func(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    assert got == expected or np.isclose(got, expected), (got, expected)
    return 1e3 * ((t1 - t0) - (t2 - t1))


def main():
    warm = load(straight_source(1), "warm")
    compile_ms(warm, (1.0, 2.0))
    print("continues in one branch          compile ms")
    for k in (1, 2, 3, 5, 10):
        f = load(continues_source(k), f"continues_{k}")
        ms = compile_ms(f, (np.zeros(3), False, 2.5, 1.5))
        print(f"{k:>31}   {ms:10.1f}")
    print("\nearly exits in a loop nest   compile ms")
    for k in (1, 2, 3, 5, 10, 15, 20):
        f = load(branchy_source(k), f"branchy_{k}")
        ms = compile_ms(f, (np.zeros(3), True, 2.5, 1.5))
        print(f"{k:>26}   {ms:10.1f}")
    print("\nlines of straight code        compile ms")
    for n in (10, 100, 500, 1000, 2000):
        f = load(straight_source(n), f"straight_{n}")
        ms = compile_ms(f, (1.5, 0.25))
        print(f"{n:>26}   {ms:10.1f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
