"""Python builtins in compiled code against CPython: len abs min max int float bool complex
round divmod pow."""
import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from oxjit import njit
from oxjit.testing import assert_precise_equal, check_against_python
from oxjit.testing.strategies import arrays, scalars

from ._helpers import check_all_pairs, check_cases

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
INF = math.inf
NAN = math.nan

ints = scalars("int")
floats = scalars("float")
floats_nan = scalars("float", allow_nan=True)
#: Floats whose integer part fits in int64.
int64_floats = st.floats(-9.2e18, 9.2e18)
moderate_complex = st.builds(complex, st.floats(-1e100, 1e100), st.floats(-1e100, 1e100))


# --- len --------------------------------------------------------------------------------------

@njit
def length(x):
    return len(x)


@njit
def length_of_range(a, b, c):
    return len(range(a, b, c))


def test_len():
    cases = [(np.zeros(0),), (np.arange(7),), (np.ones((3, 4)),), (np.ones((4, 3), order="F"),),
             (np.arange(10)[::3],), (np.ones((2, 5)).T,), ((1, 2, 3),), ((1.5,),), ((1, 2.5, True),)]
    check_cases(length, cases)


@given(a=st.integers(-20, 20), b=st.integers(-20, 20), c=st.integers(-5, 5).filter(bool))
def test_len_of_range(a, b, c):
    check_against_python(length_of_range, a, b, c)


# --- abs ----------------------------------------------------------------------------------------

@njit
def absolute(x):
    return abs(x)


@given(x=st.one_of(st.integers(INT64_MIN + 1, INT64_MAX), floats_nan, st.booleans()))
def test_abs_of_real_numbers(x):
    check_against_python(absolute, x)


@given(x=st.builds(complex, floats_nan, floats_nan))
def test_abs_of_complex(x):
    check_against_python(absolute, x)


def test_abs_special_values():
    check_cases(absolute, [(-0.0,), (0.0,), (-INF,), (NAN,), (-NAN,), (complex(-0.0, -0.0),),
                           (complex(INF, NAN),), (complex(NAN, -INF),), (complex(3, -4),), (True,), (False,)])


def test_abs_of_int64_min_wraps():
    assert_precise_equal(absolute(INT64_MIN), INT64_MIN)  # |-2**63| does not fit in int64


# --- min and max --------------------------------------------------------------------------------------

@njit
def min2(a, b):
    return min(a, b)


@njit
def max2(a, b):
    return max(a, b)


@njit
def min3(a, b, c):
    return min(a, b, c)


@njit
def max4(a, b, c, d):
    return max(a, b, c, d)


@njit
def min_of_tuple(t):
    return min(t)


@njit
def max_of_tuple(t):
    return max(t)


@pytest.mark.parametrize("f", [min2, max2])
@given(a=ints, b=ints)
def test_min_max_ints(f, a, b):
    check_against_python(f, a, b)


@pytest.mark.parametrize("f", [min2, max2])
@given(a=floats, b=floats)
def test_min_max_floats(f, a, b):
    check_against_python(f, a, b)


@pytest.mark.parametrize("f", [min2, max2])
def test_min_max_special_floats(f):
    # Python keeps the first argument unless a later one compares strictly smaller (larger):
    # min(nan, 1.0) is nan, min(1.0, nan) is 1.0, min(0.0, -0.0) is 0.0.
    check_all_pairs(f, [0.0, -0.0, 1.0, -INF, INF, NAN])


@given(a=st.integers(-5, 5), b=st.integers(-5, 5), c=st.integers(-5, 5), d=st.integers(-5, 5))
def test_min_max_of_several_arguments(a, b, c, d):
    check_against_python(min3, a, b, c)
    check_against_python(min3, float(a), float(b), float(c))
    check_against_python(max4, a, b, c, d)
    check_against_python(max4, a * 0.5, b * 0.5, c * 0.5, d * 0.5)


@given(t=st.lists(st.integers(-100, 100), min_size=1, max_size=6).map(tuple))
def test_min_max_of_int_tuple(t):
    check_against_python(min_of_tuple, t)
    check_against_python(max_of_tuple, t)


@given(t=st.lists(floats, min_size=1, max_size=6).map(tuple))
def test_min_max_of_float_tuple(t):
    check_against_python(min_of_tuple, t)
    check_against_python(max_of_tuple, t)


def test_min_max_of_bools():
    check_all_pairs(min2, [True, False])
    check_all_pairs(max2, [True, False])


# --- int, float, bool, complex -------------------------------------------------------------------------

@njit
def to_int(x):
    return int(x)


@njit
def to_float(x):
    return float(x)


@njit
def to_bool(x):
    return bool(x)


@njit
def to_complex(x):
    return complex(x)


@njit
def to_complex2(re, im):
    return complex(re, im)


@given(x=st.one_of(int64_floats, ints, st.booleans()))
def test_int(x):
    check_against_python(to_int, x)


def test_int_truncates_toward_zero():
    check_cases(to_int, [(2.7,), (-2.7,), (0.5,), (-0.5,), (-0.0,), (1e18,), (-9.2e18,), (5e-324,)])


def test_int_of_nan_is_a_value_error():
    with pytest.raises(ValueError):
        to_int.py_func(NAN)
    with pytest.raises(ValueError):
        to_int(NAN)


@pytest.mark.parametrize("x", [INF, -INF])
def test_int_of_infinity_is_an_overflow_error(x):
    with pytest.raises(OverflowError):
        to_int.py_func(x)
    with pytest.raises(OverflowError):
        to_int(x)


@pytest.mark.parametrize("x", [2.0**63, -(2.0**63) * 2, 1e300, -1e300, np.float32(1e20)])
def test_int_of_a_float_beyond_int64_is_an_overflow_error(x):
    # Python gives a big int; an int64 cannot hold it, so the compiled code raises
    # rather than return an undefined value.
    assert abs(to_int.py_func(x)) >= 2**63
    with pytest.raises(OverflowError, match="int64"):
        to_int(x)
    with pytest.raises(OverflowError, match="int64"):
        round1(x)


def test_int_of_a_float_at_the_int64_edges():
    check_cases(to_int, [(-(2.0**63),), (np.nextafter(2.0**63, 0),), (np.float32(-(2.0**63)),)])


@given(x=st.one_of(ints, floats_nan, st.booleans()))
def test_float(x):
    check_against_python(to_float, x)


@given(x=st.one_of(ints, floats_nan, st.booleans(), st.builds(complex, floats_nan, floats_nan)))
def test_bool(x):
    check_against_python(to_bool, x)


def test_bool_special_values():
    check_cases(to_bool, [(0,), (-0.0,), (NAN,), (0j,), (complex(0, -0.0),), (1j,), (False,)])


@given(x=st.one_of(st.integers(-(2**53), 2**53), floats_nan, st.booleans(), st.builds(complex, floats, floats)))
def test_complex_one_argument(x):
    check_against_python(to_complex, x)


@given(re=st.one_of(st.integers(-(2**53), 2**53), floats_nan, st.booleans()),
       im=st.one_of(st.integers(-(2**53), 2**53), floats_nan, st.booleans()))
def test_complex_two_arguments(re, im):
    check_against_python(to_complex2, re, im)


def test_conversions_of_numpy_scalars():
    for x in (np.float32(2.75), np.int8(-7), np.uint16(65535), np.bool_(True), np.float64(-3.5)):
        assert_precise_equal(to_int(x), to_int.py_func(x))
        assert_precise_equal(to_float(x), to_float.py_func(x))
        assert_precise_equal(to_bool(x), to_bool.py_func(x))


# --- round -------------------------------------------------------------------------------------------------

@njit
def round1(x):
    return round(x)


@njit
def round2(x, n):
    return round(x, n)


@given(x=st.floats(-(2.0**62), 2.0**62))
def test_round_to_int(x):
    check_against_python(round1, x)


def test_round_half_to_even():
    check_cases(round1, [(v,) for v in (0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 3.0, -0.0)])
    check_cases(round1, [(v,) for v in (0, 7, -7, INT64_MIN, INT64_MAX, True)])


@given(x=st.floats(-1e6, 1e6), n=st.integers(0, 6))
def test_round_to_ndigits(x, n):
    check_against_python(round2, x, n)


@given(x=st.floats(-1e12, 1e12), n=st.integers(-6, -1))
def test_round_to_negative_ndigits(x, n):
    check_against_python(round2, x, n)


def test_round_to_ndigits_special_cases():
    cases = [(2.675, 2), (0.125, 2), (0.375, 2), (2.5, 0), (-2.5, 0), (1234.5678, -2), (-0.0, 1),
             (NAN, 2), (INF, 3), (-INF, -1), (1e300, 5), (5e-324, 400), (0.5, 400)]
    check_cases(round2, cases)


def test_round_of_nan_and_infinity_raises():
    with pytest.raises(ValueError):
        round1.py_func(NAN)
    with pytest.raises(ValueError):
        round1(NAN)
    for x in (INF, -INF):
        with pytest.raises(OverflowError):
            round1.py_func(x)
        with pytest.raises(OverflowError):
            round1(x)


# --- divmod and pow -------------------------------------------------------------------------------------------

@njit
def divmod_(a, b):
    return divmod(a, b)


@njit
def pow2(a, b):
    return pow(a, b)


@given(a=ints, b=ints)
def test_divmod_ints(a, b):
    assume(not (a == INT64_MIN and b == -1))
    check_against_python(divmod_, a, b)


def test_divmod_signs():
    values = [7, -7, 3, -3, 1, -1, 0]
    check_cases(divmod_, [(a, b) for a in values for b in values])  # b == 0: ZeroDivisionError
    fvalues = [7.5, -7.5, 2.0, -2.0, 0.0, -0.0, INF, NAN]
    check_cases(divmod_, [(a, b) for a in fvalues for b in fvalues])


@given(a=floats_nan, b=floats_nan)
def test_divmod_floats(a, b):
    check_against_python(divmod_, a, b)


@given(a=st.integers(-(2**53), 2**53), b=floats)
def test_divmod_mixed(a, b):
    check_against_python(divmod_, a, b)
    check_against_python(divmod_, b, a)


@given(a=st.integers(-30, 30), b=st.integers(0, 12))
def test_pow_ints(a, b):
    check_against_python(pow2, a, b)


@given(a=st.floats(0, 1e3), b=st.floats(-20, 20))
def test_pow_floats(a, b):
    assume(not (a == 0 and b < 0))
    check_against_python(pow2, a, b)
    check_against_python(pow2, a, round(b))  # float ** int


@given(a=st.builds(complex, st.floats(-5, 5), st.floats(-5, 5)), b=st.integers(-4, 4))
def test_pow_complex(a, b):
    assume(a != 0)
    check_against_python(pow2, a, b, rtol=1e-13)
    check_against_python(pow2, a, complex(b, 0.5), rtol=1e-12)


# --- builtins over arrays ---------------------------------------------------------------------------------------

@njit
def abs_sum_minmax(a):
    s = 0.0
    lo = a[0]
    hi = a[0]
    for i in range(len(a)):
        s += abs(a[i])
        lo = min(lo, a[i])
        hi = max(hi, a[i])
    return s, lo, hi


@given(a=arrays(np.float64, ndim=1, layout=None, min_side=1, max_side=8))
def test_builtins_in_a_loop(a):
    check_against_python(abs_sum_minmax, a)


# --- sum, min and max of iterables -----------------------------------------------------------------------


@njit
def sum_of(it):
    return sum(it)


@njit
def sum_from(it, start):
    return sum(it, start)


@njit
def min_max_of(it):
    return min(it), max(it)


@njit
def folds_over_ranges(n):
    return sum(range(n)), sum(range(n, 0, -2), 10), min(range(1, n)), max(range(1, n))


def test_sum_of_iterables_adds_left_to_right_from_zero():
    # Python's sum is sequential (not NumPy's pairwise sum): compare bit for bit.
    rng = np.random.default_rng(5)
    x = rng.standard_normal(1001)
    check_cases(sum_of, [(x,), (x[::-3],), (x.astype(np.float32),), (np.arange(7),), (np.arange(5, dtype=np.uint8),),
                         (np.array([True, False, True]),), ([1.5, 2.25, -3.0],), ([1, 2, 3],), ((1, 2, 3),),
                         (np.arange(3) * (1 + 1j),)])
    check_cases(sum_from, [(x, 0.5), (np.arange(4), 10), ([1, 2], 0.5), (np.arange(3, dtype=np.int8), 1)])


def test_min_max_of_iterables():
    check_cases(min_max_of, [(np.array([3.0, -1.0, 7.5]),), (np.array([np.nan, 1.0]),), (np.array([1.0, np.nan, 0.0]),),
                             (np.arange(5, dtype=np.int32)[::-1],), ([4, 9, -2],), (np.zeros(0),), ([2.5],)])
    check_cases(folds_over_ranges, [(5,), (2,), (1,)])  # range(1, 1) is empty: ValueError


# --- float of a string, comparisons with None, tuple ordering, range membership, round of ints ------------


@njit
def special_floats():
    return float("nan"), float("inf"), float("-Infinity"), float(" 1_000.5 "), float("+1e-3")


@njit
def compare_with_none(x):
    return x == None, x != None, None == None  # noqa: E711 - the comparison is the point


@njit
def tuple_ordering(a, b):
    return (a, b) < (b, a), (a, b) <= (a, b), (a, 1.5) > (a,), (a, b, 1) >= (a, b), (a,) < (a, b)


@njit
def in_range(x, start, stop, step):
    return x in range(start, stop, step), x not in range(stop)


@njit
def round_int(x, n):
    return round(x, n)


def test_float_of_a_constant_string():
    check_against_python(special_floats)


def test_only_none_equals_none():
    check_cases(compare_with_none, [(3,), (2.5,), (True,)])


@given(a=st.integers(-3, 3), b=st.integers(-3, 3))
def test_tuples_order_lexicographically(a, b):
    check_against_python(tuple_ordering, a, b)


@given(x=st.integers(-20, 20), start=st.integers(-10, 10), stop=st.integers(-10, 10),
       step=st.integers(-4, 4).filter(lambda s: s != 0))
def test_membership_in_a_range(x, start, stop, step):
    check_against_python(in_range, x, start, stop, step)


def test_membership_in_ranges_near_the_int64_edges():
    check_cases(in_range, [(INT64_MAX - 1, INT64_MIN, INT64_MAX, 3), (INT64_MIN, INT64_MAX, INT64_MIN, -1),
                           (0, INT64_MIN, INT64_MAX, INT64_MAX)])


@given(x=st.integers(-(2**62), 2**62), n=st.integers(-20, 3))
def test_round_an_int_to_tens(x, n):
    check_against_python(round_int, x, n)


def test_sum_with_a_bool_start():
    # Python's bools add as ints; a NumPy bool array with a bool start adds as `or`.
    check_cases(sum_from, [([True, True], False), ([True, False], True), (np.array([True, True]), False)])


def backwards_range(a, b, s):
    out = 0
    for i in reversed(range(a, b, s)):
        out = out * 7 + i
    return out


def backwards_list(n):
    items = [i * i for i in range(n)]
    out = 0
    for x in reversed(items):
        out = out * 3 + x
    return out


def backwards_array(a):
    out = 0.0
    for x in reversed(a):
        out = out * 0.5 + x
    return out


def backwards_tuple(t):
    out = 0.0
    for x in reversed(t):
        out = out * 2 + x
    return out


def range_fields(a, b, s):
    r = range(a, b, s)
    return r.start, r.stop, r.step


def test_reversed():
    check_cases(njit(backwards_range), [(0, 10, 1), (0, 10, 3), (10, 0, -2), (5, 5, 1), (-3, 4, 2)])
    check_cases(njit(backwards_list), [(0,), (5,)])
    check_cases(njit(backwards_array), [(np.arange(5.0),), (np.arange(10.0)[::3],), (np.zeros(0),)])
    check_cases(njit(backwards_tuple), [((1.0, 2.0, 3.5),)])
    check_cases(njit(range_fields), [(1, 10, 3), (10, 0, -1)])
