"""np.sort, ndarray.sort and np.unique in compiled code against NumPy: every axis,
flattened, in place on strided arrays, NaN and infinities, integer and bool dtypes,
sizes around the insertion-sort cut-off, inputs that make naive quicksorts quadratic,
and the errors NumPy raises."""
import numpy as np
import pytest

from oxjit import njit
from oxjit.errors import TypingError

from ._helpers import check_cases


@njit
def sort_default(a):
    return np.sort(a)


@njit
def sort_axis(a, axis):
    return np.sort(a, axis=axis)


@njit
def sort_flat(a):
    return np.sort(a, axis=None)


@njit
def sort_kind(a):
    return np.sort(a, kind="stable")


@njit
def sort_in_place(a):
    a.sort()
    return a


@njit
def sort_in_place_axis(a, axis):
    a.sort(axis)
    return a


@njit
def unique(a):
    return np.unique(a)


def arrays():
    rng = np.random.default_rng(3)
    x = rng.normal(size=200)
    x[::17] = np.nan
    x[5], x[40] = np.inf, -np.inf
    out = [x, x[::-3], np.array([0.0, -0.0, 0.0]), np.zeros(0), np.array([2.5])]
    for n in (2, 3, 15, 16, 17, 33, 100, 1000):
        out.append(rng.integers(-5, 5, n).astype(np.int64))
        out.append(np.arange(n, dtype=np.float32))  # sorted
        out.append(np.arange(n)[::-1].copy())  # reversed
    out.append(np.tile([1, 0], 500))  # organ-pipe-like: quadratic for naive pivots
    out.append(np.concatenate([np.arange(500), np.arange(500)[::-1]]).astype(np.int16))
    out.append(np.full(300, 7, dtype=np.uint8))
    out.append(rng.random(50) < 0.5)
    return out


def test_sort_1d():
    check_cases(sort_default, [(a,) for a in arrays()])
    check_cases(sort_kind, [(a,) for a in arrays()[:5]])


def test_sort_along_each_axis_and_flattened():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(6, 5, 4))
    x[1, 2, :] = np.nan
    cases = [(x, axis) for axis in (-3, -2, -1, 0, 1, 2)]
    cases += [(np.asfortranarray(x[:, :, 0]), 0), (x[::2, ::-1, 1], 1), (np.nan_to_num(x * 10).astype(np.int32), 1)]
    cases += [(x, 3), (x, -4), (np.arange(4.0), 1), (np.array(3.0), 0)]  # AxisError
    check_cases(sort_axis, cases)
    check_cases(sort_flat, [(x,), (x[:, ::2, :],), (np.array(3.0),)])


def test_sort_in_place():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(7, 9))
    for a in (x, x[:, ::2], np.asfortranarray(x), x[3], x[::-1, 2]):
        got, expected = a.copy(), a.copy()
        sort_in_place(got)
        expected.sort()
        np.testing.assert_array_equal(got, expected)
    for axis in (0, 1, -2):
        got, expected = x.copy(), x.copy()
        sort_in_place_axis(got, axis)
        expected.sort(axis)
        np.testing.assert_array_equal(got, expected)


def test_unique():
    rng = np.random.default_rng(6)
    cases = [(a,) for a in arrays()]
    cases.append((np.floor(rng.normal(size=(30, 40)) * 3),))
    cases.append((np.array([np.nan, 1.0, np.nan, 1.0]),))  # NaNs collapse to one
    check_cases(unique, cases)


def test_what_sort_does_not_take():
    with pytest.raises(TypingError, match="not supported yet: only real numbers"):
        sort_default(np.ones(3, dtype=np.complex128))
    ro = np.arange(3.0)
    ro.setflags(write=False)
    with pytest.raises(TypingError, match="readonly"):
        sort_in_place(ro)


@njit
def argsort(a):
    return np.argsort(a)


@njit
def argsort_method(a):
    return a.argsort()


@njit
def argsort_flat(a):
    return np.argsort(a, axis=None)


@njit
def argsort_axis(a, axis):
    return np.argsort(a, axis=axis)


@njit
def argsort_stable(a):
    return np.argsort(a, kind="stable")


def test_argsort_is_numpys_stable_argsort():
    # Ties keep their order (NumPy's kind='stable'), NaN sorts last.
    cases = [(a,) for a in arrays()]
    check_cases(argsort_stable, cases)
    check_cases(argsort, [(a,) for a in arrays() if len(np.unique(a)) == a.size])  # no ties: any kind
    rng = np.random.default_rng(8)
    x = rng.normal(size=(4, 5, 6))
    check_cases(argsort_method, [(x,), (x[:, ::2, 1],), (np.asfortranarray(x[0]),)])
    check_cases(argsort_flat, [(x,), (x[1, ::-1],)])
    check_cases(argsort_axis, [(x, -1), (x, 2), (x[0], 1), (x[0, 0], 0), (x[0, 0], 1)])  # last: AxisError


def test_argsort_along_other_axes_says_so():
    with pytest.raises(NotImplementedError, match="other than the last"):
        argsort_axis(np.ones((2, 3)), 0)
