"""np.searchsorted in compiled code against NumPy: numbers and arrays of values, both
sides, mixed dtypes, NaN, and the errors for what it does not take."""
import numpy as np
import pytest

from oxjit import njit
from oxjit.errors import TypingError

from ._helpers import check_cases


@njit
def left(a, v):
    return np.searchsorted(a, v)


@njit
def right(a, v):
    return np.searchsorted(a, v, side="right")


@njit
def method_right(a, v):
    return a.searchsorted(v, "right")


@njit
def explicit_left(a, v):
    return np.searchsorted(a, v, side="left")


SORTED = [
    np.array([1.0, 2.0, 2.0, 2.0, 5.0, 7.5]),
    np.array([0.0, 1.0, np.inf, np.nan, np.nan]),
    np.arange(10, dtype=np.int32),
    np.array([3], dtype=np.uint8),
    np.zeros(0),
    np.arange(20.0)[::3],
]
VALUES = [2.0, 2, -1, 100, 7.5, np.nan, np.inf, 0.5, np.float32(2.0), True]


@pytest.mark.parametrize("f", [left, right, method_right, explicit_left])
def test_numbers(f):
    check_cases(f, [(a, v) for a in SORTED for v in VALUES])


@pytest.mark.parametrize("f", [left, right])
def test_arrays_of_values_keep_their_shape(f):
    values = [np.array([0.5, 2.0, np.nan, 9.0]), np.arange(6).reshape(2, 3), np.array(2.0),
              np.linspace(-1, 8, 12).reshape(3, 4)[:, ::2], np.zeros((0, 2))]
    check_cases(f, [(a, v) for a in SORTED for v in values])


def test_what_it_does_not_take_is_a_typing_error():
    with pytest.raises(TypingError, match="1-d array"):
        left(np.zeros((2, 2)), 1.0)
    with pytest.raises(TypingError, match="side must be"):
        njit(lambda a, v: np.searchsorted(a, v, side="middle"))(np.zeros(3), 1.0)
