"""NEP 50 for Python numbers that reach an array operation through a tuple, a list, a
range, an unpacking or an array's counts: they stay weak (take the array's dtype), as
they do in NumPy."""
import math

import numpy as np

from oxjit import njit

from ._helpers import check_cases

A32 = np.linspace(0.5, 2.0, 4).astype(np.float32)
A8 = np.arange(4, dtype=np.int8)


@njit
def times_tuple_items(a):
    out = np.zeros(0, np.float32)
    for x in (2.0,):
        out = a * x
    return out


@njit
def times_indexed_tuple(a):
    t = (2.0, 3.0)
    return a * t[0] + t[1]


@njit
def times_unpacked(a):
    x, y = 2.0, 3
    return a * x - y


@njit
def plus_range_items(a):
    out = a.copy()
    for i in range(3):
        out = out + i
    return out


@njit
def times_list_items(a):
    s = a
    for x in [1.5, 2.5]:
        s = s * x
    return s


@njit
def times_counts(a):
    return a * a.shape[0] + a.size + len(a)


@njit
def times_numpy_scalar_item(a, b):
    # A NumPy float64 promotes as itself, in a tuple too.
    out = np.zeros(0)
    for x in (np.float64(b),):
        out = a * x
    return out


def test_tuple_items_stay_weak():
    check_cases(times_tuple_items, [(A32,)])
    check_cases(times_indexed_tuple, [(A32,)])
    check_cases(times_unpacked, [(A32,), (A8,)])


def test_range_and_list_items_stay_weak():
    check_cases(plus_range_items, [(A32,), (A8,)])
    check_cases(times_list_items, [(A32,)])


def test_array_counts_are_python_ints():
    check_cases(times_counts, [(A32,), (A8,)])


def test_numpy_scalars_in_tuples_stay_strong():
    check_cases(times_numpy_scalar_item, [(A32, 2.0)])


# --- a Python number meeting a NumPy scalar -------------------------------------------------


@njit
def scalar_dtype_through_array(x, y):
    # The scalar result's dtype shows in the array it fills.
    return np.full(2, x * y)


@njit
def scalar_add(x, y):
    return x + y


def test_python_numbers_take_numpy_scalars_dtype():
    check_cases(scalar_dtype_through_array, [
        (np.float32(1.1), 0.1),
        (0.1, np.float32(1.1)),
        (np.int8(3), 2),
        (np.int16(3), 2.5),
        (np.float32(2.0), 1j),
        (np.uint8(7), True),
        (np.float64(1.5), 2),
        (3, 2.5),
    ])


def test_python_ints_must_fit_numpy_integer_scalars():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy warns on the wrap-around
        check_cases(scalar_add, [
            (np.int8(100), 27),
            (np.int8(100), 200),  # OverflowError
            (np.uint8(5), -1),  # OverflowError
            (np.int8(100), 100),  # wraps, as NumPy's int8 does
            (np.int32(5), np.int64(2**40)),
        ])


# --- results of jitted callees ----------------------------------------------------------------


@njit
def python_double(x):
    return x * 2.0


@njit
def numpy_double(x):
    return np.float64(x * 2.0)


@njit
def times_callee_results(a, x):
    return a * python_double(x), a * numpy_double(x)


def test_callee_results_are_python_numbers():
    # Called from Python, a jitted function returns a Python float (as Numba's do), even
    # for a NumPy float64 inside: compiled callers see the same weak number.
    check_cases(times_callee_results, [(A32, 1.5), (A8, 2.0)])


@njit
def times_math_results(a, x, n):
    return a * math.hypot(x, 1.0), a * divmod(n, 3)[0], a * math.gcd(n, 6)


def test_pythons_functions_written_in_python_give_python_numbers():
    check_cases(times_math_results, [(A32, 1.5, 9), (A8, 2.0, 12)])
