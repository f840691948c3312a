#!/usr/bin/env python3
"""What `try` costs in compiled code.

* A hot loop (``s += a[i] * 2.0`` over 10^7 float64) with its body inside a ``try`` that
  never raises, and with the ``try`` around the loop, against the same loop without one.
* Raising and catching ``ValueError`` in compiled code, per exception, against CPython
  running the same function.
* Compile time of a function with a ``try`` block against the same function without
  it (a fresh copy of the function compiles each time).

Each result is checked against CPython's. Run: ``python bench/exceptions.py``.
"""
import time

import numpy as np

import oxjit


def plain(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * 2.0
    return s


def try_in_loop(a):
    s = 0.0
    for i in range(a.shape[0]):
        try:
            s += a[i] * 2.0
        except ZeroDivisionError:
            s = -1.0
    return s


def try_around_loop(a):
    s = 0.0
    try:
        for i in range(a.shape[0]):
            s += a[i] * 2.0
    except ZeroDivisionError:
        s = -1.0
    return s


def raise_and_catch(n):
    caught = 0
    for i in range(n):
        try:
            raise ValueError("bad value")
        except ValueError:
            caught += 1
    return caught


def kernel_without_try(a, b):
    n = a.shape[0]
    total = 0.0
    for i in range(n):
        x = a[i] * b[i]
        if x > 0.5:
            total += x // 0.25
        else:
            total -= x % 0.5
    return total


def kernel_with_try(a, b):
    n = a.shape[0]
    total = 0.0
    for i in range(n):
        try:
            x = a[i] * b[i]
            if x > 0.5:
                total += x // 0.25
            else:
                total -= x % 0.5
        except ZeroDivisionError:
            total = -1.0
    return total


def best_of(f, *args, repeat=7):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        f(*args)
        best = min(best, time.perf_counter() - t0)
    return best


def compile_time(func, *args, repeat=7):
    """Best time to compile `func` for `args` (a new dispatcher each time)."""
    best = float("inf")
    for _ in range(repeat):
        f = oxjit.njit(func)
        t0 = time.perf_counter()
        f.compile(tuple(oxjit.typeof(a) for a in args))
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    a = np.random.default_rng(0).random(10_000_000)
    print("hot loop over 10^7 float64 (best of 15 rounds, the three timed in turn)")
    loops = (plain, try_in_loop, try_around_loop)
    compiled = [oxjit.njit(func) for func in loops]
    for f, func in zip(compiled, loops):
        assert f(a) == func(a)
    best = [float("inf")] * len(loops)
    for _ in range(15):
        for k, f in enumerate(compiled):
            best[k] = min(best[k], best_of(f, a, repeat=1))
    for func, t in zip(loops, best):
        print(f"  {func.__name__:<16} {t * 1e3:7.2f} ms  ({(t / best[0] - 1) * 100:+.1f}%)")

    n = 1_000_000
    f = oxjit.njit(raise_and_catch)
    assert f(n) == raise_and_catch(n)
    compiled = best_of(f, n, repeat=5)
    python = best_of(raise_and_catch, n, repeat=5)
    print(f"raise and catch ValueError: oxjit {compiled / n * 1e9:.0f} ns, "
          f"CPython {python / n * 1e9:.0f} ns per exception")

    b = np.random.default_rng(1).random(100)
    without = compile_time(kernel_without_try, b, b)
    with_try = compile_time(kernel_with_try, b, b)
    print(f"compile time: without try {without * 1e3:.1f} ms, with try {with_try * 1e3:.1f} ms "
          f"({with_try / without:.2f}x)")


if __name__ == "__main__":
    main()
