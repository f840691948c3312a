#!/usr/bin/env python3
"""The article's LU benchmark: numpy_LUdet for n = 10 ... 256, as a table and a log-scale chart.

Times, per call and on a fresh copy of a diagonally dominant matrix
(rng.random((n, n)) + n*np.eye(n)), the best of several batches for:

  plain Python  python_LUdet on a list of lists (the same loops, scalar arithmetic); n <= 64 only
  NumPy         numpy_LUdet itself, uncompiled
  Numba         numba.njit of numpy_LUdet without its `with np.errstate(...)` line, which Numba
                cannot compile (only when numba is installed)
  oxjit         oxjit.njit(numpy_LUdet), the `with` line included
  LAPACK        scipy.linalg.lu_factor (getrf, with partial pivoting): a reference line, as in the
                article, not the same algorithm (only when scipy is installed)

oxjit's mutated matrix must equal NumPy's exactly (Numba's and plain Python's are checked
too; a difference there is printed but does not fail the run). The chart goes to
bench/out/lu_chart.png when matplotlib is installed.

    python bench/lu_chart.py
    python bench/lu_chart.py --no-numba --sizes 10,64
"""
import argparse
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import kernels  # noqa: E402
from demo import cpu_name, fmt_ratio, fmt_time, print_table  # noqa: E402

SEED = 20240601
SIZES = [10, 16, 32, 64, 128, 256]
PYTHON_MAX_N = 64  # plain Python takes ~n^3/3 interpreted steps: skipped above this
BUDGET = 0.5  # seconds spent timing one system at one size (at least MIN_REPEATS batches)
MIN_BATCH = 0.01  # a timed batch lasts at least this long
MIN_REPEATS = 3
MAX_REPEATS = 50
MAX_COPIES = 20_000  # fresh matrices made for one batch
OUT_PNG = os.path.join(HERE, "out", "lu_chart.png")


def run_batch(func, fresh, number):
    """Seconds for `number` calls, each on its own fresh input made before the clock starts."""
    inputs = [fresh() for _ in range(number)]
    start = time.perf_counter()
    for a in inputs:
        func(a)
    return time.perf_counter() - start


def best_time(func, fresh, budget=BUDGET):
    """Best seconds per call: grow the batch to MIN_BATCH, then repeat it within the budget."""
    number = 1
    elapsed = run_batch(func, fresh, number)
    while elapsed < MIN_BATCH and number < MAX_COPIES:
        number = min(MAX_COPIES, number * 10 if elapsed < MIN_BATCH / 10 else number * 2)
        elapsed = run_batch(func, fresh, number)
    best = elapsed / number
    deadline = time.perf_counter() + budget
    for repeat in range(1, MAX_REPEATS):
        if repeat >= MIN_REPEATS and time.perf_counter() >= deadline:
            break
        best = min(best, run_batch(func, fresh, number) / number)
    return best


def error_line(exc):
    message = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {message[0] if message else ''}"


def build_systems(opts):
    """(key, legend label, function, input kind) for each system that is available."""
    import oxjit

    systems = [
        ("python", "plain Python (lists)", kernels.python_LUdet, "list"),
        ("numpy", "NumPy (uncompiled numpy_LUdet)", kernels.numpy_LUdet, "array"),
    ]
    notes = []
    numba = None
    if not opts.no_numba:
        try:
            import numba
        except ImportError:
            notes.append("numba not installed: no Numba line ('make bench' installs it)")
    if numba is not None:
        systems.append(("numba", f"Numba {numba.__version__} (njit, without the `with` line)",
                        numba.njit(kernels.numpy_LUdet_no_with), "array"))
    systems.append(("oxjit", f"oxjit {oxjit.__version__} (njit, with the `with` line)",
                    oxjit.njit(kernels.numpy_LUdet), "array"))
    try:
        import scipy
        import scipy.linalg
    except ImportError:
        notes.append("scipy not installed: no LAPACK line")
    else:
        systems.append(("lapack", f"LAPACK getrf (SciPy {scipy.__version__} lu_factor, pivoting)",
                        scipy.linalg.lu_factor, "array"))
    return systems, notes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-numba", action="store_true", help="do not run Numba even if installed")
    parser.add_argument("--sizes", help=f"comma-separated n values (default {','.join(map(str, SIZES))})")
    parser.add_argument("--out", default=OUT_PNG, help="where to write the PNG")
    opts = parser.parse_args()
    sizes = [int(s) for s in opts.sizes.split(",")] if opts.sizes else SIZES

    try:
        systems, notes = build_systems(opts)
    except ImportError as exc:
        print(f"cannot import oxjit: {exc}\nrun 'make demo' (it builds the extension first)")
        return 1

    print("LU decomposition, the article's numpy_LUdet: best time per call on a fresh "
          "diagonally dominant matrix")
    print(f"CPU: {cpu_name()}, NumPy {np.__version__}")
    started = time.perf_counter()
    rng = np.random.default_rng(SEED)
    times = {key: {} for key, *_ in systems}
    failed, mismatches = {}, []
    # y[0], the running product of the pivots (about n**n), overflows for the larger n: NumPy would warn.
    with np.errstate(over="ignore"):
        for n in sizes:
            matrix = rng.random((n, n)) + n * np.eye(n)
            expected = matrix.copy()
            kernels.numpy_LUdet(expected)
            for key, _, func, kind in systems:
                if key in failed or (key == "python" and n > PYTHON_MAX_N):
                    continue
                fresh = matrix.tolist if kind == "list" else matrix.copy
                try:
                    got = fresh()
                    func(got)  # also compiles, for the JITs
                    if key in CHECKED and not np.array_equal(np.asarray(got), expected):
                        diff = np.max(np.abs(np.asarray(got) - expected))
                        mismatches.append((n, key, f"max |difference| {diff:.3g}"))
                    times[key][n] = best_time(func, fresh)
                except Exception as exc:  # a system that fails is reported, the rest still run
                    failed[key] = f"n={n}: {error_line(exc)}"

    header = ["n"] + [COLUMN[key] for key, *_ in systems]
    has_numba = "numba" in times
    header += ["oxjit vs NumPy"] + (["oxjit vs Numba"] if has_numba else []) + ["check"]
    rows = []
    for n in sizes:
        row = [n] + [fmt_time(times[key].get(n)) for key, *_ in systems]
        ox = times["oxjit"].get(n)
        row.append(fmt_ratio(times["numpy"].get(n), ox, "x"))
        if has_numba:
            row.append(fmt_ratio(times["numba"].get(n), ox, "x"))
        bad = any(m[:2] == (n, "oxjit") for m in mismatches)
        row.append("MISMATCH" if bad else "ok" if ox is not None else "-")
        rows.append(row)
    print()
    print_table(header, rows)
    print(f"  Python: pure-Python lists, skipped ('-') for n > {PYTHON_MAX_N}; "
          "'vs' columns: how many times faster oxjit is")
    if has_numba:
        print("  Numba cannot compile `with np.errstate(...)`: it runs numpy_LUdet without that line")
    print("  check: oxjit's mutated matrix equals NumPy's exactly (np.array_equal)")
    for n, key, why in mismatches:
        print(f"  MISMATCH n={n}: {COLUMN[key]}'s matrix differs from NumPy's ({why})")
    for key, why in failed.items():
        print(f"  FAILED {key} at {why}")
    for note in notes:
        print(f"  ({note})")

    write_chart(systems, times, sizes, opts.out)
    print(f"\nLU chart in {time.perf_counter() - started:.1f} s")
    return 1 if any(key == "oxjit" for _, key, _ in mismatches) or "oxjit" in failed else 0


CHECKED = ("python", "numba", "oxjit")  # must leave exactly NumPy's bits (LAPACK pivots: not compared)
COLUMN = {"python": "Python", "numpy": "NumPy", "numba": "Numba", "oxjit": "oxjit", "lapack": "LAPACK"}
STYLE = {  # colour, marker; NumPy orange and Numba crimson as in the article
    "python": ("tab:blue", "o"),
    "numpy": ("tab:orange", "s"),
    "numba": ("crimson", "^"),
    "oxjit": ("tab:green", "D"),
    "lapack": ("tab:purple", "v"),
}


def write_chart(systems, times, sizes, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("\n(matplotlib not installed: no chart written; 'make demo' installs it)")
        return
    fig, ax = plt.subplots(figsize=(8, 5.5), dpi=120)
    for key, label, *_ in systems:
        ns = [n for n in sizes if n in times[key]]
        if not ns:
            continue
        colour, marker = STYLE[key]
        ax.plot(ns, [times[key][n] for n in ns], marker=marker, color=colour, label=label,
                linewidth=2 if key == "oxjit" else 1.5)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks(sizes)
    ax.set_xticklabels([str(n) for n in sizes])
    ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    ax.set_xlabel("matrix size n (n x n)")
    ax.set_ylabel("time per call (s, log scale)")
    ax.set_title("LU decomposition (the article's numpy_LUdet), best time per call")
    ax.grid(True, which="major", alpha=0.35)
    ax.grid(True, which="minor", axis="y", alpha=0.12)
    ax.legend(loc="upper left", fontsize=9)
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    shown = os.path.relpath(path)
    print(f"\nchart written to {path if shown.startswith('..') else shown}")


if __name__ == "__main__":
    sys.exit(main())
