"""`a.flat` in compiled code against NumPy: iteration and indexing in C order for every
layout, writes through it into a C-contiguous array, and a TypingError (rather than a
write that would miss the array) for other layouts."""
import numpy as np
import pytest

from oxjit import njit
from oxjit.errors import TypingError

from ._helpers import check_cases


@njit
def square_sum(a):
    s = 0.0
    for x in a.flat:
        s += x * x
    return s


@njit
def pick(a, i):
    return a.flat[i]


@njit
def set_first(a, v):
    a.flat[0] = v
    return a


def test_iteration_and_indexing_in_c_order():
    x = np.arange(24.0).reshape(2, 3, 4) / 7
    arrays = [x, np.asfortranarray(x), x[:, ::2, 1:], x[0, 0], np.array(3.0)]
    check_cases(square_sum, [(a,) for a in arrays])
    check_cases(pick, [(a, i) for a in arrays[:4] for i in (0, 3, -1)])


def test_writes_through_flat():
    check_cases(set_first, [(np.zeros((2, 3)), 5.0), (np.zeros(4, dtype=np.int32), 7)])
    with pytest.raises(TypingError, match="readonly"):
        set_first(np.asfortranarray(np.zeros((2, 3))), 1.0)
