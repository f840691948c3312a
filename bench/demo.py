#!/usr/bin/env python3
"""oxjit demo: the kernels in kernels.py under CPython, oxjit and (if installed) Numba.

For each kernel it builds inputs from a fixed seed, checks that the compiled
results agree with CPython's, and prints one table row: the best time per call
for each implementation, oxjit's speed-up over CPython, the oxjit/Numba time
ratio (below 1 means oxjit is faster), and each JIT's compile time (first call
minus a steady call). Sizes are chosen so the whole run takes well under a
minute; timings are the best of several batches.

    python bench/demo.py                    # every kernel
    python bench/demo.py --only sum_loop,dot_loop
    python bench/demo.py --no-numba
"""
import argparse
import os
import platform
import sys
import time
from typing import Callable, NamedTuple

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kernels  # noqa: E402

SEED = 20240601
CPYTHON_BUDGET = 1.0  # seconds spent timing one kernel under CPython
JIT_BUDGET = 0.4  # seconds spent timing one kernel under a JIT
MIN_BATCH = 0.02  # a timed batch lasts at least this long
AGREE_RTOL = 1e-9


class Case(NamedTuple):
    name: str
    size: str
    func: Callable
    make_args: Callable  # returns a fresh tuple of arguments
    mutates: bool  # arguments are changed in place (each call needs fresh ones)


def build_cases():
    rng = np.random.default_rng(SEED)

    n_lu = 150
    lu_matrix = rng.random((n_lu, n_lu)) / n_lu + np.eye(n_lu)  # diagonally dominant: no pivoting needed

    n_vec = 1_000_000
    x = rng.random(n_vec)
    y = rng.random(n_vec)

    n_bodies, steps = 128, 4
    pos = rng.standard_normal((n_bodies, 3))
    vel = 0.1 * rng.standard_normal((n_bodies, 3))
    mass = rng.random(n_bodies) + 0.5

    return [
        Case("lu_loops", f"{n_lu}x{n_lu}", kernels.lu_loops, lambda: (lu_matrix.copy(),), True),
        Case("sum_loop", f"{n_vec:,}", kernels.sum_loop, lambda: (x,), False),
        Case("dot_loop", f"{n_vec:,}", kernels.dot_loop, lambda: (x, y), False),
        Case("nbody", f"{n_bodies} x {steps} steps", kernels.nbody,
             lambda: (pos.copy(), vel.copy(), mass, steps, 0.01), True),
        Case("add_one", "scalar", kernels.add_one, lambda: (1.5,), False),
    ]


# --- timing --------------------------------------------------------------------------

def run_batch(func, case, number):
    """Seconds for `number` calls; fresh arguments are made before the clock starts."""
    if case.mutates:
        arg_sets = [case.make_args() for _ in range(number)]
        start = time.perf_counter()
        for args in arg_sets:
            func(*args)
        return time.perf_counter() - start
    args = case.make_args()
    start = time.perf_counter()
    for _ in range(number):
        func(*args)
    return time.perf_counter() - start


def best_time(func, case, budget):
    """Best seconds per call, timeit-style: grow the batch to MIN_BATCH, repeat within budget."""
    limit = 1_000 if case.mutates else 1_000_000
    number = 1
    elapsed = run_batch(func, case, number)
    while elapsed < MIN_BATCH and number < limit:
        number = min(limit, number * 10 if elapsed < MIN_BATCH / 10 else number * 2)
        elapsed = run_batch(func, case, number)
    best = elapsed / number
    deadline = time.perf_counter() + budget
    for repeat in range(1, 25):
        if repeat >= 3 and time.perf_counter() >= deadline:
            break
        best = min(best, run_batch(func, case, number) / number)
    return best


def first_call_time(func, case):
    args = case.make_args()
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


# --- results -------------------------------------------------------------------------

def outputs(func, case):
    """The result and the arguments after one call on fresh inputs."""
    args = case.make_args()
    result = func(*args)
    return result, [a for a in args if isinstance(a, np.ndarray)] if case.mutates else []


def agree(a, b):
    try:
        if isinstance(a, (list, tuple)):
            return len(a) == len(b) and all(agree(p, q) for p, q in zip(a, b))
        return bool(np.allclose(a, b, rtol=AGREE_RTOL, atol=0.0, equal_nan=True))
    except (TypeError, ValueError):
        return False


class JitResult(NamedTuple):
    steady: float = None
    compile: float = None
    ok: bool = None
    error: str = None


def measure_jit(decorate, case, expected):
    """Compile `case.func` with `decorate`, check its output and time it."""
    try:
        compiled = decorate(case.func)
        first = first_call_time(compiled, case)
        ok = agree(outputs(compiled, case), expected)
        steady = best_time(compiled, case, JIT_BUDGET)
    except Exception as exc:  # a kernel the JIT cannot compile yet is reported, not fatal
        message = str(exc).strip().splitlines()
        return JitResult(error=f"{type(exc).__name__}: {message[0] if message else ''}")
    return JitResult(steady=steady, compile=max(0.0, first - steady), ok=ok)


# --- printing ------------------------------------------------------------------------

def fmt_time(seconds):
    if seconds is None:
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def fmt_ratio(num, den, suffix=""):
    if num is None or den is None or den == 0:
        return "-"
    r = num / den
    return f"{r:,.0f}{suffix}" if r >= 100 else f"{r:.2f}{suffix}" if r < 10 else f"{r:.1f}{suffix}"


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def timed_import(name):
    start = time.perf_counter()
    try:
        module = __import__(name)
    except ImportError as exc:
        return None, None, str(exc)
    return module, time.perf_counter() - start, None


def print_table(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = "  ".join(h.ljust(w) if i < 2 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths)))
    print(line)
    print("-" * len(line))
    for row in rows:
        print("  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths))))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated kernel names")
    parser.add_argument("--no-numba", action="store_true", help="do not run Numba even if installed")
    opts = parser.parse_args()

    oxjit, oxjit_import, err = timed_import("oxjit")
    if oxjit is None:
        print(f"cannot import oxjit: {err}\nrun 'make demo' (it builds the extension first)")
        return 1
    numba, numba_import, numba_err = (None, None, "--no-numba") if opts.no_numba else timed_import("numba")

    print(f"oxjit {oxjit.__version__}, Python {platform.python_version()}, NumPy {np.__version__}, "
          f"Numba {numba.__version__ if numba else 'not installed'}")
    print(f"CPU: {cpu_name()}")
    print(f"import time: oxjit {fmt_time(oxjit_import)}"
          + (f", numba {fmt_time(numba_import)}" if numba else ""))
    print()

    cases = build_cases()
    if opts.only:
        wanted = set(opts.only.split(","))
        cases = [c for c in cases if c.name in wanted]

    rows, notes = [], []
    started = time.perf_counter()
    for case in cases:
        expected = outputs(case.func, case)
        cpython = best_time(case.func, case, CPYTHON_BUDGET)
        ox = measure_jit(oxjit.njit, case, expected)
        nb = measure_jit(numba.njit, case, expected) if numba else JitResult()
        marks = []
        for label, res in (("oxjit", ox), ("numba", nb)):
            if res.error:
                marks.append(f"{label} failed")
                notes.append(f"{case.name}: {label}: {res.error}")
            elif res.ok is False:
                marks.append(f"{label} MISMATCH")
        rows.append([
            case.name, case.size, fmt_time(cpython),
            fmt_time(ox.steady), fmt_time(nb.steady),
            fmt_ratio(cpython, ox.steady, "x"), fmt_ratio(ox.steady, nb.steady),
            fmt_time(ox.compile), fmt_time(nb.compile),
            ", ".join(marks) or "ok",
        ])

    header = ["kernel", "size", "CPython", "oxjit", "numba", "vs CPython", "oxjit/numba",
              "oxjit compile", "numba compile", "check"]
    print_table(header, rows)
    for note in notes:
        print(f"  {note}")
    if numba is None and not opts.no_numba:
        print(f"(numba not installed: {numba_err}; 'make bench' installs it for comparison)")
    print(f"\n{len(rows)} kernels in {time.perf_counter() - started:.1f} s")
    return 1 if any("MISMATCH" in r[-1] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
