"""Subscripts with arrays in compiled code against NumPy: boolean masks of the array's
shape, integer index arrays (negative, repeated, any shape for 1-d arrays, rows of 2-d
and 3-d arrays), np.nonzero / np.flatnonzero, the IndexErrors NumPy raises, and that
the new arrays are independent of the indexed one."""
import numpy as np
import pytest

from oxjit import njit
from oxjit.errors import TypingError

from ._helpers import check_cases


@njit
def index(a, i):
    return a[i]


@njit
def masked_sum(x):
    m = x > 0.5
    return x[m].sum() + m.sum()


@njit
def nonzero(a):
    return np.nonzero(a)


@njit
def nonzero_method(a):
    return a.nonzero()


@njit
def flatnonzero(a):
    return np.flatnonzero(a)


@njit
def picked_then_changed(a, i):
    b = a[i]
    b[0] = -1.0
    return a, b


def test_boolean_masks():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(5, 6))
    cases = [(x, x > 0), (x, np.zeros_like(x, bool)), (x[:, ::2], x[:, ::2] < 0.3),
             (np.asfortranarray(x), np.asfortranarray(x) > 0), (x[0], x[0] > 0),
             (np.arange(4, dtype=np.int16), np.array([True, False, True, True])),
             (x, (x > 0)[:4])]  # the last: shapes differ, IndexError
    check_cases(index, cases)
    check_cases(masked_sum, [(rng.random(1000),), (np.zeros(0),)])


def test_integer_index_arrays():
    a = np.arange(10.0) * 1.5
    m = np.arange(24).reshape(4, 6)
    t = np.arange(24.0).reshape(2, 3, 4)
    cases = [(a, np.array([3, 0, -1, 3])), (a, np.array([[1, 2], [-3, 9]])), (a, np.array([], dtype=np.int64)),
             (a[::2], np.array([4, 0], dtype=np.uint8)), (a, np.array([2, 1], dtype=np.int32)),
             (m, np.array([3, -4, 0])), (t, np.array([1, 1, -2])),
             (a, np.array([10])), (a, np.array([-11])), (m, np.array([4]))]  # IndexError
    check_cases(index, cases)


def test_nonzero():
    x = np.array([[0.0, 1.5, 0.0], [np.nan, 0.0, -2.0]])
    check_cases(nonzero, [(x,), (x[0],), (x > 0,), (np.zeros((0, 3)),)])
    check_cases(nonzero_method, [(x,), (x[1],)])
    check_cases(flatnonzero, [(x,), (np.asfortranarray(x),), (x.reshape(1, 2, 3),)])


def test_the_result_is_a_copy():
    check_cases(picked_then_changed, [(np.arange(5.0), np.array([1, 2])), (np.arange(5.0), np.arange(5.0) > 2)])


def test_index_arrays_oxjit_does_not_take_yet():
    with pytest.raises(TypingError, match="integer or boolean"):
        index(np.arange(3.0), np.array([0.0]))
    with pytest.raises(TypingError, match="not supported yet"):
        index(np.zeros((2, 2)), np.array([[0]]))


# --- assigning through index arrays ------------------------------------------------


def put_scalar_mask(a, mask):
    a[mask] = 7
    return a


def put_values_mask(a, mask, v):
    a[mask] = v
    return a


def put_scalar_idx(a, idx):
    a[idx] = -1.5
    return a


def put_values_idx(a, idx, v):
    a[idx] = v
    return a


def flags(n, supp):
    out = np.zeros(n, np.bool_)
    out[supp] = True
    return out


def test_assignment_through_index_arrays():
    a = np.arange(5.0)
    mask = np.array([True, False, True, False, True])
    check_cases(njit(put_scalar_mask), [(a, mask), (a, mask[:3])])
    check_cases(njit(put_values_mask), [(a, mask, np.array([1.0, 2.0, 3.0])), (a, mask, np.array([9.0])),
                                        (a, mask, np.array([1.0, 2.0]))])
    idx = np.array([4, 0, -1, 2])
    check_cases(njit(put_scalar_idx), [(a, idx), (a, np.array([5])), (np.arange(3), np.array([0, 2]))])
    check_cases(njit(put_values_idx), [(a, idx, np.arange(4.0) * 10), (a, idx, np.array([3.0])),
                                       (a, idx, np.arange(3.0))])
    check_cases(njit(flags), [(5, np.array([1, 3])), (3, np.zeros(0, np.int64))])
