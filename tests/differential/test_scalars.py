"""Scalar arithmetic, comparisons, boolean and bitwise operators against CPython.

Every compiled function is defined at module level, so that it compiles once per
argument-type signature for the whole module. int64 arithmetic wraps around on
overflow where Python ints grow: those tests compare with the wrapped Python
result.
"""
import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from oxjit import njit
from oxjit.testing import assert_precise_equal, check_against_python
from oxjit.testing.strategies import scalars

from ._helpers import check_all_pairs, check_cases
from ._operators import add, floordiv, mod, mul, power, sub, truediv

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
INF = math.inf
NAN = math.nan


def wrap64(x):
    """``x`` reduced to int64 two's-complement range, as int64 arithmetic computes it."""
    return ((x + 2**63) % 2**64) - 2**63


ints = scalars("int")
floats = scalars("float")
floats_nan = scalars("float", allow_nan=True)
#: Integers that convert to float64 exactly (and so compare with floats exactly).
exact_ints = st.integers(min_value=-(2**53), max_value=2**53)
#: Finite floats whose products and quotients stay finite and normal-ish.
moderate_floats = st.floats(min_value=-1e100, max_value=1e100, allow_nan=False, allow_infinity=False)
moderate_complex = st.builds(complex, moderate_floats, moderate_floats)

#: Special float values: every pair is tried for each operator.
SPECIAL_FLOATS = [0.0, -0.0, 1.0, -1.0, 2.5, -7.0, 5e-324, 1e-308, 1.7976931348623157e308, INF, -INF, NAN]


# --- the compiled operators ------------------------------------------------------------

@njit
def lt(a, b):
    return a < b


@njit
def le(a, b):
    return a <= b


@njit
def eq(a, b):
    return a == b


@njit
def ne(a, b):
    return a != b


@njit
def gt(a, b):
    return a > b


@njit
def ge(a, b):
    return a >= b


@njit
def bit_and(a, b):
    return a & b


@njit
def bit_or(a, b):
    return a | b


@njit
def bit_xor(a, b):
    return a ^ b


@njit
def lshift(a, b):
    return a << b


@njit
def rshift(a, b):
    return a >> b


@njit
def negate(a):
    return -a


@njit
def plus(a):
    return +a


@njit
def invert(a):
    return ~a


@njit
def logical_not(a):
    return not a


ARITH = {"+": add, "-": sub, "*": mul}
DIVISION = {"/": truediv, "//": floordiv, "%": mod}
FLOAT_OPS = {**ARITH, **DIVISION}
COMPARISONS = {"<": lt, "<=": le, "==": eq, "!=": ne, ">": gt, ">=": ge}
BITWISE = {"&": bit_and, "|": bit_or, "^": bit_xor}


# --- int64 ------------------------------------------------------------------------

@pytest.mark.parametrize("op", ARITH.values(), ids=ARITH.keys())
@given(a=ints, b=ints)
def test_int_arithmetic_wraps_like_int64(op, a, b):
    assert_precise_equal(op(a, b), wrap64(op.py_func(a, b)))


@pytest.mark.parametrize("op", ARITH.values(), ids=ARITH.keys())
@given(a=st.integers(-(2**31), 2**31), b=st.integers(-(2**31), 2**31))
def test_int_arithmetic_without_overflow(op, a, b):
    check_against_python(op, a, b)


def test_int_overflow_wraps():
    cases = [(add, INT64_MAX, 1), (add, INT64_MIN, INT64_MIN), (sub, INT64_MIN, 1), (sub, 0, INT64_MIN),
             (mul, 2**62, 2), (mul, INT64_MIN, -1), (mul, 3037000500, 3037000500)]
    for op, a, b in cases:
        expected = ((op.py_func(a, b) + 2**63) % 2**64) - 2**63
        assert_precise_equal(op(a, b), expected)


@given(a=ints, b=st.integers(-50, 50).filter(lambda n: n != 0) | ints)
def test_int_floordiv_and_mod(a, b):
    assume(not (a == INT64_MIN and b == -1))  # the one quotient outside int64
    check_against_python(floordiv, a, b)
    check_against_python(mod, a, b)


@pytest.mark.parametrize("op", [floordiv, mod], ids=["//", "%"])
def test_int_floordiv_and_mod_signs(op):
    values = [7, -7, 6, -6, 2, -2, 3, -3, 0, 1, -1, INT64_MAX, INT64_MIN]
    check_cases(op, [(a, b) for a in values for b in values
                     if b != 0 and not (a == INT64_MIN and b == -1)])


@given(a=exact_ints, b=exact_ints)
def test_int_truediv(a, b):
    check_against_python(truediv, a, b)


@pytest.mark.parametrize("op", DIVISION.values(), ids=DIVISION.keys())
def test_division_by_zero_raises(op):
    cases = [
        (1, 0), (0, 0), (-5, 0), (INT64_MIN, 0),
        (1.0, 0.0), (1.0, -0.0), (0.0, 0.0), (-3.5, 0.0), (NAN, 0.0), (INF, 0.0),
        (1, 0.0), (1.0, 0),
        (True, False), (1, False), (2.5, False),
    ]
    if op is truediv:  # // and % are not defined on complex numbers
        cases += [(1 + 2j, 0j), (1 + 2j, 0), (1 + 2j, 0.0), (0j, 0j)]
    for a, b in cases:
        with pytest.raises(ZeroDivisionError):
            op.py_func(a, b)
        with pytest.raises(ZeroDivisionError):
            op(a, b)


@given(a=ints, b=st.integers(0, 70))
def test_int_power_wraps_like_int64(a, b):
    assert_precise_equal(power(a, b), wrap64(power.py_func(a, b)))


@given(a=st.integers(-20, 20), b=st.integers(0, 12))
def test_int_power_small(a, b):
    check_against_python(power, a, b)


# --- float64 ----------------------------------------------------------------------

@pytest.mark.parametrize("op", FLOAT_OPS.values(), ids=FLOAT_OPS.keys())
@given(a=floats_nan, b=floats_nan)
def test_float_arithmetic(op, a, b):
    check_against_python(op, a, b)


@pytest.mark.parametrize("op", FLOAT_OPS.values(), ids=FLOAT_OPS.keys())
def test_float_arithmetic_special_values(op):
    check_all_pairs(op, SPECIAL_FLOATS)


@pytest.mark.parametrize("op", [floordiv, mod], ids=["//", "%"])
def test_float_floordiv_and_mod_signs(op):
    check_cases(op, [(7.5, 2.0), (-7.5, 2.0), (7.5, -2.0), (-7.5, -2.0), (0.0, -3.0),
                     (-0.0, 3.0), (1.0, 0.1), (-1.0, 0.1), (5.0, 2.5), (-5.0, 2.5),
                     (1e300, 1e-300), (-1.0, INF), (1.0, -INF), (3.0, INF)])


@given(a=st.floats(0.0, 1e3), b=st.floats(-10.0, 10.0))
def test_float_power_nonnegative_base(a, b):
    assume(not (a == 0.0 and b < 0.0))
    check_against_python(power, a, b)


@given(a=st.floats(-1e3, 1e3), b=st.integers(-8, 8).map(float))
def test_float_power_integral_exponent(a, b):
    assume(not (a == 0.0 and b < 0.0))
    check_against_python(power, a, b)


def test_float_power_special_values():
    check_cases(power, [(NAN, 0.0), (1.0, NAN), (INF, 2.0), (INF, -1.0), (-INF, 3.0), (-INF, 2.0),
                        (-INF, 0.5), (0.5, INF), (2.0, -INF), (-1.0, INF), (0.0, 0.0), (-0.0, 3.0),
                        (-0.0, 2.0), (1e300, 0.5)])


# --- mixed int, float and bool ----------------------------------------------------------

@pytest.mark.parametrize("op", FLOAT_OPS.values(), ids=FLOAT_OPS.keys())
@given(a=ints, b=floats)
def test_int_with_float_gives_float(op, a, b):
    check_against_python(op, a, b)
    check_against_python(op, b, a)


@pytest.mark.parametrize("op", [add, sub, mul], ids=["+", "-", "*"])
@given(a=exact_ints, b=st.floats(-1e10, 1e10))
def test_int_plus_float_is_a_float(op, a, b):
    got = op(a, b)
    assert isinstance(got, float)
    assert_precise_equal(got, op.py_func(a, b))


@given(a=exact_ints, b=st.integers(-10, 10).map(float))
def test_int_power_float(a, b):
    assume(abs(a) < 1e6 and not (a == 0 and b < 0))
    check_against_python(power, a, b, rtol=1e-15)


@pytest.mark.parametrize("op", FLOAT_OPS.values(), ids=FLOAT_OPS.keys())
def test_bool_arithmetic(op):
    check_all_pairs(op, [True, False, 3, -3, 2.5, -0.0])


def test_bool_power():
    check_all_pairs(power, [True, False, 2, 3, 0.5])


# --- complex ------------------------------------------------------------------------

@pytest.mark.parametrize("op", [add, sub, mul, truediv], ids=["+", "-", "*", "/"])
@given(a=moderate_complex, b=moderate_complex)
def test_complex_arithmetic(op, a, b):
    check_against_python(op, a, b)


@pytest.mark.parametrize("op", [add, sub, mul, truediv], ids=["+", "-", "*", "/"])
@given(a=moderate_complex, b=st.one_of(moderate_floats, st.integers(-(2**40), 2**40), st.booleans()))
def test_complex_with_real(op, a, b):
    check_against_python(op, a, b)
    check_against_python(op, b, a)


@given(a=st.builds(complex, st.floats(-10, 10), st.floats(-10, 10)),
       b=st.one_of(st.builds(complex, st.floats(-3, 3), st.floats(-3, 3)),
                   st.integers(-5, 5).map(complex)))
def test_complex_power(a, b):
    assume(a != 0)
    check_against_python(power, a, b, rtol=1e-12)


@pytest.mark.parametrize("op", [eq, ne], ids=["==", "!="])
@given(a=moderate_complex, b=moderate_complex)
def test_complex_equality(op, a, b):
    check_against_python(op, a, b)
    check_against_python(op, a, a)


# --- comparisons ------------------------------------------------------------------------

@pytest.mark.parametrize("op", COMPARISONS.values(), ids=COMPARISONS.keys())
@given(a=ints, b=ints)
def test_int_comparisons(op, a, b):
    check_against_python(op, a, b)
    check_against_python(op, a, a)


@pytest.mark.parametrize("op", COMPARISONS.values(), ids=COMPARISONS.keys())
@given(a=floats_nan, b=floats_nan)
def test_float_comparisons(op, a, b):
    check_against_python(op, a, b)


@pytest.mark.parametrize("op", COMPARISONS.values(), ids=COMPARISONS.keys())
def test_float_comparisons_special_values(op):
    check_all_pairs(op, SPECIAL_FLOATS)


@pytest.mark.parametrize("op", COMPARISONS.values(), ids=COMPARISONS.keys())
@given(a=exact_ints, b=st.one_of(floats_nan, exact_ints.map(float)))
def test_int_float_comparisons(op, a, b):
    check_against_python(op, a, b)
    check_against_python(op, b, a)


@pytest.mark.parametrize("op", COMPARISONS.values(), ids=COMPARISONS.keys())
def test_bool_comparisons(op):
    check_all_pairs(op, [True, False, 0, 1, 2, -1, 0.5, 1.0])


@njit
def chain_lt(a, b, c):
    return a < b < c


@njit
def chain_mixed(a, b, c):
    return a <= b > c


@njit
def chain_eq(a, b, c):
    return a == b == c


@njit
def chain_four(a, b, c, d):
    return a < b <= c < d


@njit
def chain_in_if(a, b, c):
    if 0 <= a < b != c:
        return 1
    return 2


@pytest.mark.parametrize("f", [chain_lt, chain_mixed, chain_eq, chain_in_if])
@given(a=st.integers(-3, 3), b=st.integers(-3, 3), c=st.integers(-3, 3))
def test_chained_comparisons_ints(f, a, b, c):
    check_against_python(f, a, b, c)


@pytest.mark.parametrize("f", [chain_lt, chain_mixed, chain_eq])
@given(a=st.sampled_from([0.0, 1.0, NAN, -INF]), b=st.sampled_from([0.0, 1.0, NAN, INF]),
       c=st.integers(-1, 2))
def test_chained_comparisons_mixed_types(f, a, b, c):
    check_against_python(f, a, b, c)


@given(a=st.integers(-2, 2), b=st.integers(-2, 2), c=st.integers(-2, 2), d=st.integers(-2, 2))
def test_chained_comparison_of_four(a, b, c, d):
    check_against_python(chain_four, a, b, c, d)


@njit
def bump(counter):
    counter[0] += 1
    return counter[0]


@njit
def chain_evaluates_middle_once(lo, counter, hi):
    return lo < bump(counter) < hi


@njit
def short_circuit_side_effects(x, counter):
    a = x > 0 or bump(counter) > 100
    b = x > 0 and bump(counter) > 100
    return a, b


@pytest.mark.parametrize("lo, hi", [(0, 10), (5, 10), (0, 1), (3, 2)])
def test_chained_comparison_evaluates_each_operand_once(lo, hi):
    # the counter array records how many times the middle operand ran
    check_against_python(chain_evaluates_middle_once, lo, np.zeros(1, np.int64), hi)
    check_against_python(chain_evaluates_middle_once, lo, np.full(1, 4, np.int64), hi)


@pytest.mark.parametrize("x", [-1, 0, 1])
def test_short_circuit_skips_side_effects(x):
    check_against_python(short_circuit_side_effects, x, np.zeros(1, np.int64))


# --- boolean operators -------------------------------------------------------------------

@njit
def or_value(a, b):
    return a or b


@njit
def and_value(a, b):
    return a and b


@njit
def or_and_chain(a, b, c):
    return a and b or c


@njit
def not_or(a, b):
    return not a or not b


@njit
def guarded_division(x):
    # short-circuit: 10 // x is never evaluated for x == 0
    return x != 0 and 10 // x > 1


@njit
def guarded_division_or(x):
    return x == 0 or 10 // x > 1


@njit
def bool_op_in_if(a, b):
    if a > 0 and b > 0:
        return 1
    elif a > 0 or b > 0:
        return 2
    return 3


@pytest.mark.parametrize("f", [or_value, and_value, not_or])
@pytest.mark.parametrize(
    "strategy", [st.integers(-2, 2), st.sampled_from([0.0, -0.0, 1.5, NAN]), st.booleans()],
    ids=["int", "float", "bool"],
)
@given(data=st.data())
def test_boolean_operators_return_operand_values(f, strategy, data):
    a, b = data.draw(strategy), data.draw(strategy)
    check_against_python(f, a, b)


@given(a=st.integers(-1, 1), b=st.integers(-1, 1), c=st.integers(-1, 1))
def test_and_or_chain(a, b, c):
    check_against_python(or_and_chain, a, b, c)


def test_short_circuit_skips_the_right_operand():
    cases = [(x,) for x in (0, 1, 2, 5, -3, 11)]
    check_cases(guarded_division, cases)
    check_cases(guarded_division_or, cases)


@given(a=st.integers(-2, 2), b=st.integers(-2, 2))
def test_boolean_operators_in_conditions(a, b):
    check_against_python(bool_op_in_if, a, b)


def test_not():
    check_cases(logical_not, [(a,) for a in (0, 1, -5, 0.0, -0.0, NAN, 2.5, True, False, 0j, 1j)])


# --- bitwise operators and shifts ----------------------------------------------------------

@pytest.mark.parametrize("op", BITWISE.values(), ids=BITWISE.keys())
@given(a=ints, b=ints)
def test_int_bitwise(op, a, b):
    check_against_python(op, a, b)


@pytest.mark.parametrize("op", BITWISE.values(), ids=BITWISE.keys())
def test_bool_bitwise(op):
    check_all_pairs(op, [True, False, 6, -1])  # bool & bool is a bool, bool & int an int


@given(a=ints, b=st.integers(0, 63))
def test_left_shift_wraps_like_int64(a, b):
    assert_precise_equal(lshift(a, b), wrap64(lshift.py_func(a, b)))


@given(a=ints, b=st.integers(0, 63))
def test_right_shift(a, b):
    check_against_python(rshift, a, b)


@pytest.mark.parametrize("op", [lshift, rshift], ids=["<<", ">>"])
def test_negative_shift_count_is_a_value_error(op):
    for a in (5, 0, -3):
        for b in (-1, -2, -63, -64, INT64_MIN):
            with pytest.raises(ValueError):
                op.py_func(a, b)
            with pytest.raises(ValueError):
                op(a, b)


def test_zero_to_a_negative_int_power_is_a_zero_division_error():
    for b in (-1, -2, INT64_MIN):
        with pytest.raises(ZeroDivisionError):
            power.py_func(0, b)
        with pytest.raises(ZeroDivisionError):
            power(0, b)


# --- unary operators -------------------------------------------------------------------------

@pytest.mark.parametrize("op", [negate, plus], ids=["-", "+"])
@given(a=st.one_of(floats_nan, st.booleans(), moderate_complex, st.integers(INT64_MIN + 1, INT64_MAX)))
def test_unary_minus_and_plus(op, a):
    check_against_python(op, a)


def test_unary_minus_special_values():
    cases = [(a,) for a in (0.0, -0.0, INF, -INF, NAN, complex(-0.0, 0.0), complex(NAN, -INF))]
    check_cases(negate, cases)
    check_cases(plus, cases)


def test_unary_minus_of_int64_min_wraps():
    assert_precise_equal(negate(INT64_MIN), wrap64(-INT64_MIN))


@given(a=ints)
def test_invert(a):
    check_against_python(invert, a)


# --- augmented assignment ---------------------------------------------------------------------

@njit
def augmented_int(a, b):
    x = a
    x += b
    x *= 3
    x -= b
    x //= b
    x %= 1000
    x **= 2
    x <<= 3
    x >>= 1
    x &= a
    x |= 5
    x ^= b
    return x


@njit
def augmented_float(a, b):
    x = a
    x += b
    x *= 1.5
    x -= b
    x /= b
    x //= 0.25
    x %= 7.0
    x **= 2
    return x


@njit
def augmented_int_to_float(a, b):
    x = a
    x /= b  # x becomes a float here: the variable changes type as in Python
    x += 1
    return x


@given(a=st.integers(-1000, 1000), b=st.integers(-1000, 1000))
def test_augmented_assignment_int(a, b):
    check_against_python(augmented_int, a, b)


@given(a=st.floats(-1e6, 1e6), b=st.floats(-1e3, 1e3))
def test_augmented_assignment_float(a, b):
    check_against_python(augmented_float, a, b)


@given(a=st.integers(-1000, 1000), b=st.integers(-10, 10))
def test_augmented_true_division_of_an_int(a, b):
    check_against_python(augmented_int_to_float, a, b)


# --- conditional expressions --------------------------------------------------------------------

@njit
def ternary_max(a, b):
    return a if a > b else b


@njit
def ternary_nested(x):
    return -1 if x < 0 else (0 if x == 0 else 1)


@njit
def ternary_in_arithmetic(x, y):
    return (x * 2 if y else x - 3) + (y if x > y else x)


@given(a=floats_nan, b=floats_nan)
def test_ternary_floats(a, b):
    check_against_python(ternary_max, a, b)


@given(a=ints, b=ints)
def test_ternary_ints(a, b):
    check_against_python(ternary_max, a, b)


@given(x=st.integers(-5, 5))
def test_ternary_nested(x):
    check_against_python(ternary_nested, x)
    check_against_python(ternary_nested, float(x))


@given(x=st.integers(-100, 100), y=st.integers(-2, 2))
def test_ternary_in_arithmetic(x, y):
    check_against_python(ternary_in_arithmetic, x, y)


# --- NumPy scalar arguments -----------------------------------------------------------------------

NUMPY_INT_TYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]
NUMPY_FLOAT_TYPES = [np.float32, np.float64]


def assert_same_value(got, expected):
    """Values compared by value: NumPy's result type may differ from the compiled one."""
    if isinstance(expected, (bool, np.bool_)):
        assert isinstance(got, (bool, np.bool_)), f"got {got!r}, expected {expected!r}"
        assert bool(got) == bool(expected)
    elif isinstance(expected, (float, np.floating)) and math.isnan(expected):
        assert math.isnan(got), f"got {got!r}, expected {expected!r}"
    else:
        assert got == expected, f"got {got!r}, expected {expected!r}"


@pytest.mark.parametrize("typ", NUMPY_INT_TYPES, ids=lambda t: t.__name__)
def test_numpy_integer_scalars(typ):
    failures = []
    for op in (add, mul, floordiv, mod, truediv, lt, eq, ge, bit_and, bit_xor):
        for a, b in [(0, 1), (7, 3), (11, 11), (10, 4), (1, 9)]:
            x, y = typ(a), typ(b)
            for args in ((x, y), (x, b)):  # two NumPy scalars; a NumPy scalar and a Python int
                try:
                    assert_same_value(op(*args), op.py_func(*args))
                except Exception as exc:  # noqa: BLE001
                    failures.append(f"{op.__name__}{args!r}: {type(exc).__name__}: {exc}")
    for op in (lshift, rshift):
        for a, b in [(1, 2), (7, 3), (5, 1), (100, 0)]:
            x, y = typ(a), typ(b)
            for args in ((x, y), (x, b)):
                try:
                    assert_same_value(op(*args), op.py_func(*args))
                except Exception as exc:  # noqa: BLE001
                    failures.append(f"{op.__name__}{args!r}: {type(exc).__name__}: {exc}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("typ", NUMPY_FLOAT_TYPES, ids=lambda t: t.__name__)
@given(x=st.data(), y=st.data())
def test_numpy_float_scalars(typ, x, y):
    x = x.draw(scalars(typ, allow_nan=True))
    y = y.draw(scalars(typ, allow_nan=True).filter(lambda v: v != 0))
    for op in (add, sub, mul, truediv, floordiv, mod, lt, ne):
        with np.errstate(all="ignore"):
            expected = op.py_func(x, y)
        got = op(x, y)
        if isinstance(expected, np.floating):
            assert_precise_equal(got, expected)  # same precision on both sides
        else:
            assert_same_value(got, expected)


def test_numpy_scalar_unary_and_not():
    for typ in NUMPY_INT_TYPES + NUMPY_FLOAT_TYPES + [np.bool_]:
        for v in (0, 1, 5):
            x = typ(v)
            assert_same_value(logical_not(x), logical_not.py_func(x))
            if typ is not np.bool_ and np.dtype(typ).kind != "u":
                assert_same_value(negate(x), negate.py_func(x))


def test_numpy_bool_and_mixed_numpy_scalars():
    for a in (np.bool_(True), np.bool_(False)):
        for b in (np.bool_(True), np.bool_(False)):
            assert_same_value(and_value(a, b), and_value.py_func(a, b))
            assert_same_value(or_value(a, b), or_value.py_func(a, b))
    assert_same_value(add(np.int32(7), np.float64(0.5)), add.py_func(np.int32(7), np.float64(0.5)))
    assert_same_value(mul(np.uint8(3), np.int16(-4)), mul.py_func(np.uint8(3), np.int16(-4)))
    assert_same_value(add(np.float32(0.25), np.float32(0.5)), add.py_func(np.float32(0.25), np.float32(0.5)))
    assert_same_value(lt(np.int8(-3), np.uint8(2)), lt.py_func(np.int8(-3), np.uint8(2)))


@njit
def tuple_negative_constants(a, b, c):
    t = (a, b, c)
    return t[-1], t[-2], t[-3]


@njit
def tuple_runtime_index(t, i):
    return t[i]


def test_tuple_indices():
    # Negative constants pick the right item of a mixed tuple; a runtime index outside
    # the tuple is an IndexError.
    check_cases(tuple_negative_constants, [(1, True, 2.5), (2j, 1, False), (1.5, 2, 3j)])
    check_cases(tuple_runtime_index, [((1, 2, 3), i) for i in (0, 2, -1, -3, 3, -4, 100)])
    check_cases(tuple_runtime_index, [((1.5, 2.5), i) for i in (1, 2, -3)])


@njit
def int_to_negative_constant(x):
    return x ** -1, x ** -2, pow(x, -3)


@njit
def literal_negative_power():
    return 2 ** -2


def test_integer_to_a_negative_constant_power_is_a_float():
    check_cases(int_to_negative_constant, [(2,), (-3,), (1,), (0,), (np.int32(4),)])
    check_against_python(literal_negative_power)


def test_unsigned_exponents_are_never_negative():
    check_cases(power, [(np.uint64(1), np.uint64(2**64 - 1)), (np.uint8(2), np.uint64(2**63)),
                        (np.uint64(3), np.uint64(2**63 + 1)), (True, np.uint64(2**63))])


def test_zero_to_minus_infinity_is_infinity():
    check_cases(power, [(0.0, -math.inf), (-0.0, -math.inf), (0.0, -1.5), (0.0, -1.0), (-0.0, -2.0)])


@njit
def identity_with_bools(x):
    return x is True, x is not True, x is False, x is not False


def test_is_true_only_for_bools():
    check_cases(identity_with_bools, [(1,), (0,), (1.0,), (True,), (False,), (np.int8(1),)])


@njit
def tuple_items_of_arrays(n):
    t = (np.zeros(n), np.ones(n))
    a = t[0]
    b = t[-1]
    t = (t[1], t[0])
    return a, b, t[0], t[1]


@njit
def tuple_item_of_list():
    t = ([1.0, 2.0], 3)
    return t[0]


@njit
def tuple_item_at_runtime(i):
    t = (np.arange(3.0), np.arange(3.0) * 2)
    return t[i]


def test_tuple_items_that_hold_memory_keep_it_alive():
    # Each item read from a tuple takes its own reference: the buffers must survive.
    for _ in range(3):
        check_cases(tuple_items_of_arrays, [(3,), (0,)])
        check_against_python(tuple_item_of_list)
        check_cases(tuple_item_at_runtime, [(0,), (1,), (-1,), (2,)])


@njit
def int_of(x):
    return int(x)


def test_int_of_uint64_keeps_its_value():
    check_cases(int_of, [(np.uint64(2**64 - 1),), (np.uint64(2**63),), (np.uint64(5),), (np.int8(-3),), (3.7,)])
