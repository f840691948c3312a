"""Ufuncs of the ufunc table (kernels written in Python, loops picked as NumPy picks
them): scalars, arrays, broadcasting, every dtype family, NaNs and zeros, each call
compared with NumPy itself through ``f.py_func``."""
import warnings

import numpy as np
import pytest

from oxjit import njit

from ._helpers import check_cases

NAN = float("nan")

FLOATS = np.array([1.0, NAN, -2.0, 3.0, -0.0, np.inf, -np.inf, 0.5])
FLOATS2 = np.array([NAN, NAN, 5.0, -1.0, 0.0, 2.0, NAN, 0.5])
INTS = np.array([12, -18, 0, 7, -1, 1, 45, -100])
INTS2 = np.array([8, 12, 5, 0, -1, 3, -60, 75])
COMPLEX = np.array([1 + 2j, 0j, 3 - 4j, complex(NAN, 1), 1 + 1j, -2j, 1e300 + 1e-300j, 2 + 0j])
COMPLEX2 = COMPLEX[::-1].copy()


def _as(dtype, a):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return a.astype(dtype)


def binary_cases(dtypes, left, right):
    cases = []
    for d in dtypes:
        x, y = _as(d, left), _as(d, right)
        cases += [(x, y), (x[::2], y[1::2]), (x[0], y[1]), (x, y[3]), (x.reshape(2, 4), y[:4])]
    return cases


# NumPy's own fmax/fmin of two Python floats that compare equal (-0.0 and 0.0) return
# the first, where its array loops (and NumPy scalars) return the second; oxjit follows
# the array loops everywhere, so the Python-float cases here avoid signed zeros.


@njit
def fmax_(a, b):
    return np.fmax(a, b)


@njit
def fmin_(a, b):
    return np.fmin(a, b)


@pytest.mark.parametrize("f", [fmax_, fmin_], ids=["fmax", "fmin"])
def test_fmax_fmin_floats_ignore_nans(f):
    check_cases(f, binary_cases([np.float64, np.float32], FLOATS, FLOATS2))


@pytest.mark.parametrize("f", [fmax_, fmin_], ids=["fmax", "fmin"])
def test_fmax_fmin_integers_and_bools(f):
    check_cases(f, binary_cases([np.int8, np.uint16, np.int32, np.int64, np.bool_], INTS, INTS2))


@pytest.mark.parametrize("f", [fmax_, fmin_], ids=["fmax", "fmin"])
def test_fmax_fmin_complex_order_lexicographically(f):
    check_cases(f, binary_cases([np.complex128, np.complex64], COMPLEX, COMPLEX2))


def test_fmax_mixed_types_pick_numpys_loop():
    # int8 with uint8 is int16; a Python float with an int64 array is float64; a
    # Python number with a NumPy float32 stays float32 (NEP 50).
    check_cases(fmax_, [
        (_as(np.int8, INTS), _as(np.uint8, INTS2)),
        (INTS, 2.5),
        (_as(np.float32, FLOATS), 2.0),
        (np.float32(1.5), 2.0),
        (3, 4.5),
        (True, 2),
    ])


@njit
def logical_and_(a, b):
    return np.logical_and(a, b)


@njit
def logical_or_(a, b):
    return np.logical_or(a, b)


@njit
def logical_xor_(a, b):
    return np.logical_xor(a, b)


@njit
def logical_not_(a):
    return np.logical_not(a)


@pytest.mark.parametrize("f", [logical_and_, logical_or_, logical_xor_], ids=["and", "or", "xor"])
def test_logical_binary(f):
    cases = binary_cases([np.float64, np.int16, np.bool_, np.uint64], FLOATS, FLOATS2)
    cases += binary_cases([np.complex128], COMPLEX, COMPLEX2)
    cases += [(INTS, FLOATS), (0, 2.5), (INTS, True)]
    check_cases(f, cases)


def test_logical_not():
    cases = [(_as(d, FLOATS),) for d in (np.float64, np.float32, np.int8, np.bool_)]
    cases += [(COMPLEX,), (0.0,), (3,), (FLOATS.reshape(2, 4)[:, ::2],)]
    check_cases(logical_not_, cases)


@njit
def reciprocal_(a):
    return np.reciprocal(a)


def test_reciprocal_floats_and_complex():
    cases = [(_as(d, FLOATS),) for d in (np.float64, np.float32)]
    cases += [(COMPLEX,), (_as(np.complex64, COMPLEX),), (2.0,), (0.0,), (4 + 3j,)]
    with np.errstate(divide="ignore", invalid="ignore"):
        check_cases(reciprocal_, cases)


def test_reciprocal_integers_truncate_like_numpy():
    cases = [(_as(d, INTS),) for d in (np.int8, np.uint8, np.int16, np.int32, np.int64, np.uint64)]
    with np.errstate(divide="ignore", invalid="ignore"):
        check_cases(reciprocal_, cases)


@njit
def gcd_(a, b):
    return np.gcd(a, b)


@njit
def lcm_(a, b):
    return np.lcm(a, b)


@pytest.mark.parametrize("f", [gcd_, lcm_], ids=["gcd", "lcm"])
def test_gcd_lcm(f):
    cases = binary_cases([np.int64, np.int32, np.int8, np.uint16], INTS, INTS2)
    cases += [(12, 18), (np.arange(10), 6), (0, 0)]
    check_cases(f, cases)


def test_ufuncs_refuse_what_numpy_refuses():
    from oxjit.errors import TypingError

    with pytest.raises(TypingError, match="no loop"):
        gcd_(FLOATS, INTS)
    with pytest.raises(TypingError, match="no loop"):
        gcd_(1.5, 2)


@njit
def maximum_(a, b):
    return np.maximum(a, b)


@njit
def minimum_(a, b):
    return np.minimum(a, b)


@pytest.mark.parametrize("f", [maximum_, minimum_], ids=["maximum", "minimum"])
def test_maximum_minimum_propagate_nans(f):
    cases = binary_cases([np.float64, np.float32, np.int8, np.uint32, np.bool_], FLOATS, FLOATS2)
    cases += binary_cases([np.complex128], COMPLEX, COMPLEX2)
    cases += [(np.array([0.0, -0.0]), np.array([-0.0, 0.0])), (INTS, 2.5), (_as(np.int8, INTS), 3)]
    check_cases(f, cases)


def test_maximum_python_int_must_fit_the_array_dtype():
    check_cases(maximum_, [(_as(np.int8, INTS), 300), (_as(np.uint8, INTS2), -1)])
