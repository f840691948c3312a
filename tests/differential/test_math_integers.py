"""math.comb, math.perm, math.prod, math.isclose and pow(base, exp, mod) against
Python: the values, Python's ValueErrors, and OverflowError where Python's result
leaves int64 (compiled code does not wrap)."""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import oxjit

from ._helpers import check_cases


def comb(n, k):
    return math.comb(n, k)


def perm(n, k):
    return math.perm(n, k)


def factorial_by_perm(n):
    return math.perm(n)


def prod(seq):
    return math.prod(seq)


def prod_from(seq, s):
    return math.prod(seq, start=s)


def isclose(a, b):
    return math.isclose(a, b)


def isclose_tol(a, b, r, t):
    return math.isclose(a, b, rel_tol=r, abs_tol=t)


def pow3(b, e, m):
    return pow(b, e, m)


SMALL = [(0, 0), (5, 0), (5, 2), (5, 5), (5, 7), (10, 3), (30, 15), (60, 30), (-1, 2), (3, -1)]


def test_comb_and_perm():
    check_cases(oxjit.njit(comb), SMALL + [(66, 33), (1000, 3)])
    check_cases(oxjit.njit(perm), SMALL[:6] + SMALL[8:] + [(20, 20), (1000, 3)])
    check_cases(oxjit.njit(factorial_by_perm), [(0,), (1,), (20,), (-2,)])


@pytest.mark.parametrize("func, args", [(comb, (70, 35)), (perm, (21, 21))])
def test_results_past_int64_raise_overflow(func, args):
    assert func(*args) > 2**63 - 1
    with pytest.raises(OverflowError):
        oxjit.njit(func)(*args)


def test_prod():
    check_cases(oxjit.njit(prod), [((1, 2, 3),), ((1.5, 2, 4),), (np.arange(1.0, 6.0),),
                                   (np.arange(1, 6),), ([2, 3, 4],), (np.zeros(0, np.int64),)])
    check_cases(oxjit.njit(prod_from), [((1, 2, 3), 10), (np.arange(1.0, 4.0), 0.5)])


def test_isclose():
    cases = [(1.0, 1.0), (1.0, 1.0 + 1e-10), (1.0, 1.0 + 1e-8), (0.0, 1e-300), (math.inf, math.inf),
             (math.inf, -math.inf), (math.nan, math.nan), (1, 1.0000000001), (-0.0, 0.0)]
    check_cases(oxjit.njit(isclose), cases)
    check_cases(oxjit.njit(isclose_tol), [(1.0, 1.1, 0.2, 0.0), (0.0, 1e-3, 0.0, 1e-2),
                                          (1.0, 2.0, -1.0, 0.0)])


@given(b=st.integers(-10**6, 10**6), e=st.integers(-5, 200), m=st.integers(-10**12, 10**12))
def test_pow_with_a_modulus(b, e, m):
    check_cases(oxjit.njit(pow3), [(b, e, m)])


def test_pow_modulus_edges():
    big = 2**62 + 11
    check_cases(oxjit.njit(pow3), [(3, 200, 7), (2, 10, 0), (4, -1, 7), (2, -1, 4), (5, 3, 1),
                                   (-7, 3, -5), (big - 1, 5, big), (10, 0, 3)])
