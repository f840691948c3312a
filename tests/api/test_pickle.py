"""Jitted functions travel to other processes (pickle, multiprocessing) by reference."""
import multiprocessing
import pickle
import weakref

import numpy as np
import pytest

from oxjit import njit


@njit
def scaled_sum(a, k):
    return (a * k).sum()


def test_pickle_round_trip_gives_the_same_dispatcher():
    scaled_sum(np.arange(3.0), 2.0)
    again = pickle.loads(pickle.dumps(scaled_sum))
    assert again is scaled_sum
    assert again(np.arange(4.0), 3.0) == scaled_sum.py_func(np.arange(4.0), 3.0)


def test_a_local_function_cannot_be_pickled():
    @njit
    def local(x):
        return x + 1

    with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
        pickle.dumps(local)


def test_weak_references():
    ref = weakref.ref(scaled_sum)
    assert ref() is scaled_sum


def _call_in_worker(n):
    return scaled_sum(np.arange(float(n)), 0.5)


def test_workers_in_other_processes_compile_and_run_it():
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        got = pool.map(_call_in_worker, [3, 5])
        shipped = pool.apply(scaled_sum, (np.arange(4.0), 2.0))
    assert got == [scaled_sum.py_func(np.arange(float(n)), 0.5) for n in (3, 5)]
    assert shipped == scaled_sum.py_func(np.arange(4.0), 2.0)
