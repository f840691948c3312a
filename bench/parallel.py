#!/usr/bin/env python3
"""What ``parallel=True`` buys on this machine.

* Speed-up of ``prange`` loops over the same function compiled serially, on 1 and 2
  threads (and more where the machine has them): a float-sum reduction over 10^7
  elements and the all-pairs distances of 1000 points.
* The cost of starting a parallel region: a ``prange`` loop of two iterations, oxjit
  and (when installed) Numba, each timed in a process of its own so that neither's
  worker threads disturb the other.
* Whole-array work: an array expression and ``sum``/``max``/``argmax`` of 10^7 float64.

Every parallel result is checked against the serial one. Run:
``python bench/parallel.py``.
"""
import math
import os
import subprocess
import sys
import time

import numpy as np

import oxjit
from oxjit import prange


def prange_sum(x):
    s = 0.0
    for i in prange(x.shape[0]):
        s += math.sqrt(abs(x[i]))
    return s


def pairwise(X):
    n = X.shape[0]
    out = np.empty((n, n))
    for i in prange(n):
        for j in range(n):
            d = 0.0
            for k in range(X.shape[1]):
                t = X[i, k] - X[j, k]
                d += t * t
            out[i, j] = math.sqrt(d)
    return out


def expression(a, b, c):
    return a * b + np.sin(c) - 2.0


def total(a):
    return a.sum()


def biggest(a):
    return a.max()


def where_biggest(a):
    return a.argmax()


def best(f, *args, reps=15):
    f(*args)
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        f(*args)
        times.append(time.perf_counter() - t)
    return min(times)


def speedups():
    rng = np.random.default_rng(0)
    cases = [("prange_sum", prange_sum, (rng.random(10**7),)),
             ("pairwise 1000", pairwise, (rng.random((1000, 3)),))]
    counts = sorted({1, 2, min(4, oxjit.config.NUMBA_NUM_THREADS), oxjit.config.NUMBA_NUM_THREADS})
    for name, f, args in cases:
        serial = oxjit.njit(f)
        par = oxjit.njit(parallel=True)(f)
        np.testing.assert_allclose(par(*args), serial(*args), rtol=1e-12)
        ts = best(serial, *args)
        row = [f"{name:14s} serial {ts * 1e3:7.2f} ms"]
        for n in counts:
            oxjit.set_num_threads(n)
            tp = best(par, *args)
            row.append(f"{n} thr {tp * 1e3:7.2f} ms ({ts / tp:.2f}x)")
        oxjit.set_num_threads(oxjit.config.NUMBA_NUM_THREADS)
        print("  ".join(row))


LAUNCH = """
import sys, time, numpy as np
jit = __import__(sys.argv[1])
@jit.njit(parallel=True)
def tiny(out):
    for i in jit.prange(out.shape[0]):
        out[i] = i
out = np.zeros(2)
tiny(out)
best = 1e9
for _ in range(20):
    t = time.perf_counter()
    for _ in range(2000):
        tiny(out)
    best = min(best, (time.perf_counter() - t) / 2000)
print(f"{best * 1e6:.2f}")
"""


def launch_overhead():
    for jit in ("oxjit", "numba"):
        with open(os.devnull, "w") as quiet:
            done = subprocess.run([sys.executable, "-c", LAUNCH, jit], stdout=subprocess.PIPE,
                                  stderr=quiet, text=True)
        if done.returncode != 0:
            print(f"parallel region of 2 iterations, {jit}: not available")
            continue
        print(f"parallel region of 2 iterations, {jit}: {done.stdout.strip()} us per call")


def whole_arrays():
    rng = np.random.default_rng(1)
    a, b, c = (rng.random(10**7) for _ in range(3))
    for f, args in ((expression, (a, b, c)), (total, (a,)), (biggest, (a,)),
                    (where_biggest, (a,))):
        serial, par = oxjit.njit(f), oxjit.njit(parallel=True)(f)
        assert np.array_equal(par(*args), serial(*args))
        ts, tp = best(serial, *args, reps=10), best(par, *args, reps=10)
        print(f"{f.__name__:14s} 10^7 float64: serial {ts * 1e3:7.2f} ms, "
              f"parallel=True {tp * 1e3:7.2f} ms ({ts / tp:.2f}x)")


if __name__ == "__main__":
    print(f"{oxjit.config.NUMBA_NUM_THREADS} threads available")
    speedups()
    launch_overhead()
    whole_arrays()
