#!/usr/bin/env python3
"""Dicts and strings in compiled code against Numba and CPython.

* ``word_hist`` (count the occurrences of 10^5 and 10^6 integer keys among 1000 with
  ``d[k] = d.get(k, 0) + 1``, then find the largest count), as written for Python:
  ``counts = dict()``. Numba cannot type that dict (it is first used through
  ``.get``), so Numba runs the version it can compile, with
  ``typed.Dict.empty(int64, int64)``; oxjit compiles the Python one as is.
* Insert then look up 10^6 distinct int64 keys, against Numba's ``typed.Dict``.
* ``str_lengths``: ``str(x)`` of 10^6 floats (the total length of the texts), against
  CPython; Numba's ``str`` of a float is ``'<object type:float64>'``, so it is not timed.
* ``str_build`` (the shared benchmark's kernel: ``str(n)``, ``join``, ``split``,
  ``startswith``) against Numba.

Each result is checked against CPython's. Run: ``python bench/containers.py``.
"""
import time

import numpy as np

import oxjit


def word_hist(keys):
    counts = dict()
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    best = 0
    for k, v in counts.items():
        if v > best:
            best = v
    return best


def insert_lookup(keys):
    d = dict()
    for i in range(keys.shape[0]):
        d[keys[i]] = i
    total = 0
    for i in range(keys.shape[0]):
        total += d[keys[i]]
    return total


def str_lengths(x):
    total = 0
    for v in x:
        total += len(str(v))
    return total


def str_build(n):
    parts = []
    for i in range(n):
        parts.append(str(i * 7 % 1000))
    text = ",".join(parts)
    count = 0
    for p in text.split(","):
        if p.startswith("7"):
            count += 1
    return count + len(text)


def numba_versions():
    """The same kernels for Numba, with the typed dict it needs; None without Numba."""
    try:
        import numba
        from numba import types
        from numba.typed import Dict
    except ImportError:
        return None

    @numba.njit
    def nb_word_hist(keys):
        counts = Dict.empty(types.int64, types.int64)
        for k in keys:
            counts[k] = counts.get(k, 0) + 1
        best = 0
        for k, v in counts.items():
            if v > best:
                best = v
        return best

    @numba.njit
    def nb_insert_lookup(keys):
        d = Dict.empty(types.int64, types.int64)
        for i in range(keys.shape[0]):
            d[keys[i]] = i
        total = 0
        for i in range(keys.shape[0]):
            total += d[keys[i]]
        return total

    return {
        "word_hist": nb_word_hist,
        "insert_lookup": nb_insert_lookup,
        "str_build": numba.njit(str_build),
    }


def best_time(f, args, repeat):
    f(*args)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        f(*args)
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    rng = np.random.default_rng(12345)
    cases = [
        ("word_hist", word_hist, rng.integers(0, 1000, 10**5)),
        ("word_hist", word_hist, rng.integers(0, 1000, 10**6)),
        ("insert_lookup", insert_lookup, rng.permutation(10**6).astype(np.int64) * 7919),
        ("str_lengths", str_lengths, rng.standard_normal(10**6) * 10.0 ** rng.integers(-8, 20, 10**6)),
        ("str_build", str_build, 10**4),
        ("str_build", str_build, 10**5),
    ]
    numba_kernels = numba_versions()
    print(f"{'kernel':15} {'n':>8} {'oxjit':>9} {'numba':>9} {'ratio':>6} {'python':>9}")
    for name, py_func, keys in cases:
        compiled = oxjit.njit(py_func)
        expected = py_func(keys)
        assert compiled(keys) == expected, name
        ours = best_time(compiled, (keys,), 10)
        python = best_time(py_func, (keys,), 1)
        size = keys if isinstance(keys, int) else keys.shape[0]
        if numba_kernels is not None and name in numba_kernels:
            theirs_func = numba_kernels[name]
            assert theirs_func(keys) == expected, name
            theirs = best_time(theirs_func, (keys,), 10)
            numba_text, ratio = f"{theirs * 1e3:8.2f}ms", f"{ours / theirs:6.2f}"
        else:
            numba_text, ratio = f"{'-':>9}", f"{'-':>6}"
        print(f"{name:15} {size:8d} {ours * 1e3:7.2f}ms {numba_text} {ratio} {python * 1e3:7.1f}ms")


if __name__ == "__main__":
    main()
