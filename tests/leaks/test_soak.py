"""Soak tests: compiled code called very many times neither leaks memory nor runtime allocations.

The allocation counters of the runtime (``oxjit.runtime.stats()``) must balance
once the results are dropped, on normal returns and on exception paths alike,
and the process's resident memory must stay flat over a million calls.
"""
import gc
import resource
import sys

import numpy as np
import pytest

import oxjit.runtime
from oxjit import njit

CALLS = 10**6
WARMUP = 10**4
ERROR_CALLS = 10**4
RSS_GROWTH_LIMIT = 10 * 2**20  # bytes


def rss():
    """The resident set size of this process, in bytes."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize()


def assert_no_live_allocations_since(before):
    gc.collect()
    after = oxjit.runtime.stats()
    allocated = after.alloc - before.alloc
    freed = after.free - before.free
    assert allocated == freed, f"{allocated} buffers allocated, {freed} freed: {tuple(before)} -> {tuple(after)}"
    mi_allocated = after.mi_alloc - before.mi_alloc
    mi_freed = after.mi_free - before.mi_free
    assert mi_allocated == mi_freed, f"{mi_allocated} MemInfos allocated, {mi_freed} freed"
    return allocated


# --- creating and returning arrays --------------------------------------------------------------


@njit
def scaled_range(n):
    return np.arange(n) * 2.0


@njit
def pair_and_view(n):
    a = np.zeros((n, 2))
    b = np.ones(n)
    return a[:, 1], (b, a.sum())


def test_a_million_returned_arrays():
    gc.collect()
    before = oxjit.runtime.stats()
    result = None
    for _ in range(WARMUP):
        result = scaled_range(5)
    baseline = rss()
    for _ in range(CALLS - WARMUP):
        result = scaled_range(5)
    growth = rss() - baseline
    assert result.tolist() == [0.0, 2.0, 4.0, 6.0, 8.0]
    del result
    allocated = assert_no_live_allocations_since(before)
    assert allocated >= CALLS, f"only {allocated} allocations counted for {CALLS} calls"
    assert growth < RSS_GROWTH_LIMIT, f"RSS grew by {growth / 2**20:.1f} MiB over {CALLS - WARMUP} calls"


def test_returned_views_and_tuples():
    gc.collect()
    before = oxjit.runtime.stats()
    kept = []
    for i in range(10**5):
        view, (ones, total) = pair_and_view(3)
        if i % 1000 == 0:
            kept.append(view)  # views outlive the call and keep their buffer alive
    assert total == 0.0 and ones.tolist() == [1.0, 1.0, 1.0]
    assert all(v.tolist() == [0.0, 0.0, 0.0] for v in kept)
    gc.collect()
    live = oxjit.runtime.stats().live - before.live
    # the kept views, plus the last call's view and ones
    assert len(kept) <= live <= len(kept) + 2, f"{live} buffers live while {len(kept)} views are kept"
    del kept, view, ones
    assert_no_live_allocations_since(before)


@njit
def identity(a):
    return a


@njit
def reflect(l, v):
    l[0] = v
    return len(l)


def test_arguments_are_not_leaked():
    a = np.arange(4.0)
    l = [1.0, 2.0]
    identity(a)
    reflect(l, 0.0)
    refs_a, refs_l = sys.getrefcount(a), sys.getrefcount(l)
    for i in range(10**5):
        identity(a)
        reflect(l, float(i))
    assert sys.getrefcount(a) == refs_a
    assert sys.getrefcount(l) == refs_l
    assert l[0] == 10**5 - 1


# --- exception paths ------------------------------------------------------------------------------


@njit
def list_index_error(n, i):
    a = np.arange(n) * 1.5
    b = np.ones((n, n))
    items = [a, b[0], a * 2.0]
    return items[i].sum()


@njit
def zero_division_after_arrays(n, d):
    a = np.zeros(n)
    b = a + 1.0
    c = b[::2]
    return c.sum() + n // d


@njit
def error_inside_loop(n, bad):
    acc = np.zeros(n)
    for k in range(n):
        tmp = np.full(n, k * 1.0)
        acc += tmp
        if k == bad:
            l = [1, 2]
            acc[0] = l[k]
    return acc


@njit
def reshape_error(n, m):
    a = np.arange(n * 1.0)
    return a.reshape((m, 3))


@njit
def broadcast_error_in_fused_expression(n, m):
    t = np.zeros(n)
    return (t + 1.0) + np.ones(m)


@njit
def broadcast_error_in_where(n, m):
    t = np.zeros(n)
    return np.where(t > 0, t, np.ones(m))


@njit
def error_while_an_expression_waits_for_its_user(n, d):
    t = np.zeros(n)
    u = t + 1.0
    x = 1 // d
    return u * x


@pytest.mark.parametrize(
    "f, good, bad, exc",
    [
        (broadcast_error_in_fused_expression, (3, 3), (3, 4), ValueError),
        (broadcast_error_in_where, (3, 1), (3, 4), ValueError),
        (error_while_an_expression_waits_for_its_user, (3, 1), (3, 0), ZeroDivisionError),
        (list_index_error, (4, 1), (4, 3), IndexError),
        (zero_division_after_arrays, (4, 2), (4, 0), ZeroDivisionError),
        (error_inside_loop, (4, 10), (4, 3), IndexError),
        (reshape_error, (6, 2), (7, 2), ValueError),
    ],
    ids=lambda x: getattr(x, "__name__", None),
)
def test_no_leak_on_error_paths(f, good, bad, exc):
    f(*good)
    with pytest.raises(exc):
        f.py_func(*bad)  # the premise: Python raises too
    gc.collect()
    before = oxjit.runtime.stats()
    for _ in range(ERROR_CALLS):
        try:
            f(*bad)
        except exc:
            pass
        else:
            raise AssertionError(f"{f.__name__}{bad} did not raise {exc.__name__}")
    for _ in range(100):
        f(*good)
    allocated = assert_no_live_allocations_since(before)
    assert allocated >= ERROR_CALLS, f"only {allocated} allocations counted: the arrays were not created"
