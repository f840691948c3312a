"""Variables that are None on one path and a value on another (OptionalType), used as
values after an `is None` check, or without one (then Python's TypeError or
AttributeError when they are None), each case against the Python function."""
import numpy as np
import pytest

import oxjit

from ._helpers import check_cases


def smallest(a):
    best = None
    for x in a:
        if best is None or x < best:
            best = x
    if best is None:
        return -1.0
    return best * 2.0


def default_argument(a, scale=None):
    if scale is None:
        scale = 2.0
    return a * scale


def maybe_array(n):
    out = None
    if n > 0:
        out = np.arange(n) * 1.5
    if out is not None:
        return out.sum() + out[0]
    return 0.0


def unchecked(x):
    y = None
    if x > 0:
        y = x
    return y + 1


def unchecked_attribute(n):
    a = None
    if n > 0:
        a = np.ones(n)
    return a.shape[0]


def unchecked_index(n):
    a = None
    if n > 0:
        a = np.ones(n)
    return a[0]


def unchecked_loop(n):
    a = None
    if n > 0:
        a = np.ones(n)
    s = 0.0
    for x in a:
        s += x
    return s


def truth(x):
    y = None
    if x > 1:
        y = x - 2
    if y:
        return 1
    if not y:
        return 2
    return 3


def narrowed_in_loop(a):
    last = None
    total = 0.0
    for i in range(a.shape[0]):
        if last is not None:
            total += a[i] - last
        last = a[i]
    return total


def test_none_or_a_number_after_an_is_none_check():
    check_cases(oxjit.njit(smallest), [(np.array([3.0, 1.0, 2.0]),), (np.zeros(0),)])
    check_cases(oxjit.njit(default_argument), [(1.5,), (1.5, 3.0)])
    check_cases(oxjit.njit(maybe_array), [(3,), (0,)])
    check_cases(oxjit.njit(narrowed_in_loop), [(np.array([1.0, 4.0, 2.0]),)])


def test_truth_of_an_optional_value():
    check_cases(oxjit.njit(truth), [(0,), (2,), (5,)])


def test_none_used_as_a_value_raises_what_python_raises():
    check_cases(oxjit.njit(unchecked), [(3,), (-3,)])
    check_cases(oxjit.njit(unchecked_attribute), [(3,), (0,)])
    check_cases(oxjit.njit(unchecked_index), [(3,), (0,)])
    check_cases(oxjit.njit(unchecked_loop), [(3,), (0,)])
    with pytest.raises(TypeError, match="unsupported operand type"):
        oxjit.njit(unchecked)(-3)
    with pytest.raises(AttributeError, match="'NoneType' object has no attribute 'shape'"):
        oxjit.njit(unchecked_attribute)(0)


def out_argument(a, out=None):
    if out is None:
        out = np.empty_like(a)
    out[:] = a * 2.0
    return out


def first_negative(a):
    found = None
    i = 0
    while found is None and i < a.shape[0]:
        if a[i] < 0:
            found = i
        i += 1
    return found


def pair_or_none(x):
    p = None
    if x > 0:
        p = (x, x * 2)
    if p is None:
        return 0
    a, b = p
    return a + b


def test_numba_style_optional_arguments_and_results():
    a = np.arange(4.0)
    check_cases(oxjit.njit(out_argument), [(a,), (a, np.zeros(4))])
    check_cases(oxjit.njit(first_negative), [(np.array([1.0, -2.0, -3.0]),), (np.ones(3),)])
    check_cases(oxjit.njit(pair_or_none), [(3,), (-3,)])


def equality(x, k):
    y = None
    if x > 0:
        y = x
    return y == k, y != k, y == None, None != y, y == y  # noqa: E711 - comparing with None is tested


def equality_of_two(x, z):
    y = None
    if x > 0:
        y = x * 1.5
    w = None
    if z > 0:
        w = z * 1.5
    return y == w, y != w


def test_equality_of_values_that_may_be_none():
    check_cases(oxjit.njit(equality), [(3, 3), (3, 4), (-1, 3), (2, 2.0)])
    check_cases(oxjit.njit(equality_of_two), [(2, 2), (2, 3), (-1, 2), (-1, -1), (2, -1)])
