"""Whole-array expressions in compiled code against NumPy 2.

Arithmetic between arrays, Python scalars and NumPy scalars across dtypes, with
NumPy 2's promotion rules (NEP 50: Python scalars are weak, NumPy scalars are
not), compared on values *and* result dtype; broadcasting; unary operators,
comparisons and bitwise operators; ufuncs; fused expressions; in-place
operators; the ``@`` operator. Integer division by zero follows NumPy (0, no
exception; ``check_against_python`` silences NumPy's warning).
"""
import math
import operator

import numpy as np
import pytest

import oxjit
from oxjit import njit
from oxjit.testing import check_against_python

from ._helpers import check_cases
from ._operators import add, floordiv, mod, mul, power, sub, truediv

# --- operands ------------------------------------------------------------------------------------------

DTYPES = [np.dtype(d) for d in ("bool", "int8", "uint8", "int32", "int64", "uint64", "float32", "float64",
                                 "complex64", "complex128")]
DTYPE_IDS = [d.name for d in DTYPES]
REAL_DTYPES = [d for d in DTYPES if d.kind != "c"]
NUMBER_DTYPES = [d for d in DTYPES if d.kind in "iuf"]

_A = {
    "b": [True, False, True, True, False, False],
    "i": [-7, -3, 0, 2, 5, 11],
    "u": [7, 3, 0, 2, 5, 11],
    "f": [-7.5, -3.0, 0.0, 2.25, 5.0, 11.5],
    "c": [-7.5 + 1j, -3j, 0, 2.25 + 0.5j, 5, 11.5 - 2j],
}
_B = {  # no zeros where the dtype is numeric: division by zero has a test of its own
    "b": [True, True, False, True, False, True],
    "i": [3, -2, 4, 1, -5, 2],
    "u": [3, 2, 4, 1, 5, 2],
    "f": [3.0, -2.5, 4.0, 1.0, -5.0, 0.5],
    "c": [3 + 1j, -2.5, 4j, 1, -5 - 5j, 0.5],
}
_EXPONENTS = {  # non-negative: NumPy refuses negative integer powers of integers
    "b": [True, False, True, True, False, True],
    "i": [3, 2, 4, 0, 5, 1],
    "u": [3, 2, 4, 0, 5, 1],
    "f": [3.0, 2.0, 0.5, 0.0, 5.0, 1.5],
    "c": [3, 2, 0.5j, 0, 1 + 1j, 1.5],
}


def left(dtype):
    return np.array(_A[np.dtype(dtype).kind], dtype=dtype)


def right(dtype, exponent=False):
    return np.array((_EXPONENTS if exponent else _B)[np.dtype(dtype).kind], dtype=dtype)


def _result_dtype(func, *args):
    """The dtype NumPy gives ``func(*args)``; None where NumPy raises for the values."""
    try:
        with np.errstate(all="ignore"):
            return np.asarray(func(*args)).dtype
    except (OverflowError, ValueError):
        return None


def _check_complex_power(f, cases):
    """Complex ``**``: compiled code computes powers like CPython's ``complex.__pow__``, whose
    rounding and sign of a zero imaginary part differ from NumPy's ``npy_cpow``; values must
    agree to a few ULPs (complex64: single precision) and the dtype exactly."""
    failures = []
    for a, b in cases:
        with np.errstate(all="ignore"):
            expected = f.py_func(a, b)
        got = f(a, b)
        rtol = 1e-6 if expected.dtype == np.complex64 else 1e-12
        if got.dtype != expected.dtype or not np.allclose(got, expected, rtol=rtol, atol=0, equal_nan=True):
            failures.append(f"{f.__name__}({a!r}, {b!r}): got {got!r}, expected {expected!r}")
    assert not failures, "\n".join(failures)


def check_binary(f, op, cases):
    """``check_cases``, with complex results of ``/`` and ``**`` allowed last-bit differences:
    NumPy's complex division and power algorithms round differently from textbook ones."""
    if f is power:
        is_complex = [np.dtype(_result_dtype(op, *c) or "f8").kind == "c" for c in cases]
        complex_cases = [c for c, k in zip(cases, is_complex) if k]
        real_cases = [c for c, k in zip(cases, is_complex) if not k]
        if real_cases:
            check_cases(f, real_cases)
        if complex_cases:
            _check_complex_power(f, complex_cases)
        return
    if f in (truediv, power):
        # complex64 results keep the ULP tolerance that rtol=None gives single precision.
        exact = [c for c in cases if _result_dtype(op, *c) != np.complex128]
        inexact = [c for c in cases if _result_dtype(op, *c) == np.complex128]
        failures = []
        for group, rtol in ((exact, None), (inexact, 1e-15)):
            if group:
                try:
                    check_cases(f, group, rtol=rtol)
                except AssertionError as exc:
                    failures.append(str(exc))
        assert not failures, "\n".join(failures)
    else:
        check_cases(f, cases)


def numpy_allows(func, *args):
    """Whether NumPy evaluates ``func(*args)`` without a TypeError (e.g. bool - bool, complex // x)."""
    try:
        with np.errstate(all="ignore"):
            func(*args)
    except TypeError:
        return False
    except (OverflowError, ValueError):
        pass  # a value NumPy refuses (e.g. -2 for uint8): compiled code must raise alike
    return True


# --- binary arithmetic -------------------------------------------------------------------------------------


BINARY = [(add, operator.add), (sub, operator.sub), (mul, operator.mul), (truediv, operator.truediv),
          (floordiv, operator.floordiv), (mod, operator.mod), (power, operator.pow)]
BINARY_IDS = [f.__name__ for f, _ in BINARY]


@pytest.mark.parametrize("f, op", BINARY, ids=BINARY_IDS)
def test_array_op_array_all_dtypes(f, op):
    cases = []
    for da in DTYPES:
        for db in DTYPES:
            a, b = left(da), right(db, exponent=f is power)
            if numpy_allows(op, a, b):
                cases.append((a, b))
    check_binary(f, op, cases)


PY_SCALARS = [3, -2, 2.5, -0.5, True, 1.5 - 2j]
NP_SCALARS = [np.float32(2.0), np.float64(-1.5), np.int32(3), np.int64(-4), np.complex128(1 + 1j), np.bool_(True)]


def _scalar_ok(f, value):
    # Negative integer exponents of integers raise in NumPy; they have a test of their own.
    return not (f is power and isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value < 0)


@pytest.mark.parametrize("scalars", [PY_SCALARS, NP_SCALARS], ids=["python_scalar", "numpy_scalar"])
@pytest.mark.parametrize("f, op", BINARY, ids=BINARY_IDS)
def test_array_op_scalar(f, op, scalars):
    # Python numbers promote weakly (NEP 50), NumPy scalars strongly: both against NumPy.
    cases = []
    for d in DTYPES:
        a = left(d) if f is not power else right(d, exponent=True)
        for s in scalars:
            if _scalar_ok(f, s) and numpy_allows(op, a, s):
                cases.append((a, s))
            if numpy_allows(op, s, right(d, exponent=f is power)):
                cases.append((s, right(d, exponent=f is power)))
    check_binary(f, op, cases)


@njit
def add_in_place(a, x):
    a += x
    return a


@njit
def maximum_of(a, x):
    return np.maximum(a, x)


@njit
def fused_with_int(a, x):
    return (a + 1) * x


def test_a_python_int_the_arrays_dtype_cannot_hold_is_an_overflow_error():
    # NEP 50: the int is cast to the array's dtype, and NumPy 2 refuses values it cannot hold.
    i8, u8, u64 = np.arange(3, dtype=np.int8), np.arange(3, dtype=np.uint8), np.arange(3, dtype=np.uint64)
    cases = [(i8, 300), (i8, -129), (i8, 127), (i8, -128), (u8, -1), (u8, 255), (u8, 256), (u64, -1), (u64, 2**62)]
    for f in (add, mul, add_in_place, maximum_of, fused_with_int):
        check_cases(f, cases)
    # comparisons are exact instead
    check_cases(comparisons, [(u8, -1), (i8, 300), (i8, -300), (u64, -1)])


@njit
def times_numpy_sqrt(a):
    return a * np.sqrt(2.0), a + np.abs(-1)


@njit
def times_math_sqrt(a):
    return a * math.sqrt(2.0), a + abs(-1)


def test_numpy_functions_give_numpy_scalars_and_python_ones_python_numbers():
    # np.sqrt(2.0) is an np.float64 (strong); math.sqrt(2.0) a Python float (weak).
    for f in (times_numpy_sqrt, times_math_sqrt):
        check_cases(f, [(np.ones(2, np.float32),), (np.ones(2, np.int8),)])


def test_numpy_2_promotion_examples():
    # The result dtypes NEP 50 gives, spelled out (check_against_python compares dtypes too).
    i32 = np.arange(4, dtype=np.int32)
    f32 = np.arange(4, dtype=np.float32)
    expected = [
        (add, i32, 2, np.int32), (add, i32, 2.5, np.float64), (mul, f32, 2.0, np.float32),
        (mul, f32, 3, np.float32), (add, f32, 1j, np.complex64), (mul, i32, np.float32(2.0), np.float64),
        (truediv, i32, 2, np.float64), (truediv, f32, 2, np.float32), (add, i32, True, np.int32),
        (add, i32, f32, np.float64), (floordiv, np.array([True]), np.array([True]), np.int8),
    ]
    failures = []
    for f, a, b, dtype in expected:
        assert f.py_func(a, b).dtype == dtype, (f.__name__, a.dtype, b)  # the test's own premise
        got = f(a, b)
        if not isinstance(got, np.ndarray) or got.dtype != dtype:
            got_dtype = getattr(got, "dtype", type(got))
            failures.append(f"{f.__name__}({a.dtype}, {b!r}): got {got_dtype}, expected {np.dtype(dtype)}")
        else:
            check_against_python(f, a, b)
        del got  # not kept alive by a failure's traceback: the leak check would report it
    assert not failures, "\n".join(failures)


def test_numpy_scalar_arguments_promote_strongly():
    i32 = np.arange(4, dtype=np.int32)
    f32 = np.arange(4, dtype=np.float32)
    for a, b, dtype in ((f32, np.float64(1.0), np.float64), (i32, np.int64(1), np.int64)):
        assert add.py_func(a, b).dtype == dtype
        assert add(a, b).dtype == dtype


@njit
def add_in_place(a, x):
    a += x
    return a


@njit
def add_element_in_place(a, b):
    a += b[0]
    return a


def test_in_place_with_a_numpy_scalar_computes_in_the_promoted_dtype():
    # float32 += float64 scalar: NumPy adds in float64 and rounds once into float32;
    # adding in float32 differs in the last bit for many elements.
    # An addition rounds exactly, so the results must match bit for bit (the float32
    # tolerance of check_against_python is for library functions).
    a = (np.random.default_rng(1).random(2000) * 1000).astype(np.float32)
    cases = [(add_in_place, x) for x in (np.float64(0.1), np.float64(1 / 3), 0.1)]
    cases.append((add_element_in_place, np.array([1 / 3])))
    for f, x in cases:
        got, want = f(a.copy(), x), f.py_func(a.copy(), x)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)


def test_numpy_scalars_made_in_compiled_code_promote_strongly():
    # An element of a float64 array is a NumPy float64: with a float32 array it gives float64.
    def scale(f32, f64):
        return f32 * f64[0]

    compiled = njit(scale)
    f32 = np.arange(4, dtype=np.float32)
    f64 = np.array([1.5])
    got, expected = compiled(f32, f64), scale(f32, f64)
    assert got.dtype == expected.dtype == np.float64
    np.testing.assert_array_equal(got, expected)


def test_layouts():
    base = np.arange(1.0, 25.0).reshape(4, 6)
    views = [base, np.asfortranarray(base), np.arange(1.0, 97.0).reshape(8, 12)[::2, ::-2], base[:, ::-1],
             np.arange(1.0, 25.0).reshape(6, 4).T]
    other = np.arange(24, dtype=np.int64).reshape(6, 4).T
    for f, _ in BINARY[:5]:
        check_cases(f, [(v, other + 1) for v in views] + [(other + 1, v) for v in views])


def test_division_by_zero():
    # NumPy returns 0 for integer x // 0 and x % 0, inf/nan for floats, with a warning and no exception.
    cases = []
    for d in DTYPES:
        z = np.array([0, 0, 1, 0, 2, 0], dtype=d) if d.kind != "b" else np.array([False, True] * 3)
        cases.append((left(d), z))
        cases.append((left(d), d.type(0) if d.kind != "b" else np.bool_(False)))
    for f, op in (BINARY[3], BINARY[4], BINARY[5]):
        check_cases(f, [c for c in cases if numpy_allows(op, *c)])


def test_integer_overflow_wraps():
    big = np.array([2**31 - 1, -(2**31), 2**30], dtype=np.int32)
    check_cases(add, [(big, big), (big, np.int32(1))])
    check_cases(mul, [(big, big), (np.array([2**62, -(2**63)]), np.array([4, -1]))])
    check_cases(power, [(np.array([3, 7, -5], dtype=np.int32), np.array([30, 20, 15], dtype=np.int32)),
                        (np.array([3, 7, -5]), 40)])


def test_negative_integer_power_is_a_value_error():
    check_cases(power, [(np.arange(1, 4), -1), (np.arange(1, 4), np.array([1, -2, 3])),
                        (np.arange(1, 4, dtype=np.int32), np.int32(-2))])


# --- broadcasting --------------------------------------------------------------------------------------------


BROADCAST_SHAPES = [
    ((3, 1), (1, 4)), ((5,), (3, 5)), ((3, 5), (5,)), ((2, 1, 4), (3, 1)), ((1,), (4,)), ((4, 1), (4,)),
    ((0,), (3, 0)), ((2, 0), (1,)), ((3, 1), (1, 0)), ((1, 1), (2, 3)), ((2, 3, 4), (2, 3, 4)),
]


def _operand(shape, offset, dtype=np.float64):
    return (np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape) + offset).astype(dtype)


@pytest.mark.parametrize("f, op", BINARY[:6], ids=BINARY_IDS[:6])
def test_broadcasting(f, op):
    cases = []
    for sa, sb in BROADCAST_SHAPES:
        cases.append((_operand(sa, 1.0), _operand(sb, 2.0)))
        cases.append((_operand(sa, 1, np.int64), _operand(sb, 3, np.int32)))
    cases.append((np.zeros(0), 2.0))
    cases.append((3, np.zeros((0, 4), dtype=np.int32)))
    cases.append((np.zeros((2, 0)), np.float32(1.0)))
    check_cases(f, cases)


def test_broadcasting_views():
    a = np.arange(12.0).reshape(3, 4)
    check_cases(add, [(a[:, :1], a[:1, ::-1]), (a.T[:, :1], a[0]), (a[::2, 1:2], a[1, ::2][None, :])])


def test_incompatible_shapes_are_a_value_error():
    check_cases(add, [(np.ones(3), np.ones(4)), (np.ones((2, 3)), np.ones((3, 2))),
                      (np.ones((3, 1)), np.ones((2, 4, 2)))])
    check_cases(mul, [(np.ones((0,)), np.ones(2))])


# --- unary, comparisons, bitwise --------------------------------------------------------------------------


@njit
def neg(a):
    return -a


@njit
def pos(a):
    return +a


@njit
def invert(a):
    return ~a


@njit
def comparisons(a, b):
    return a < b, a <= b, a == b, a != b, a > b, a >= b


@njit
def bitwise(a, b):
    return a & b, a | b, a ^ b


@njit
def not_and(a, b):
    return ~(a & b) | (a ^ ~b)


@njit
def mask_of_comparisons(a, lo, hi):
    return (a > lo) & (a < hi) | (a == 0)


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_unary(dtype):
    a = left(dtype)
    if numpy_allows(operator.neg, a):
        check_against_python(neg, a)
        check_against_python(neg, a.reshape(2, 3).T)
    if numpy_allows(operator.pos, a):
        check_against_python(pos, a)
    if numpy_allows(operator.invert, a):
        check_against_python(invert, a)
        check_against_python(invert, a[::-2])


def test_negative_zero_and_nan():
    check_against_python(neg, np.array([0.0, -0.0, np.nan, np.inf]))
    check_against_python(comparisons, np.array([np.nan, 1.0, -0.0]), np.array([np.nan, np.nan, 0.0]))


def test_comparisons():
    cases = []
    real = REAL_DTYPES
    for da in real:
        for db in real:
            cases.append((left(da), right(db)))
        cases.append((left(da), 2))
        cases.append((2.5, left(da)))
    cases.append((np.arange(6).reshape(2, 3), np.arange(3)[::-1]))
    cases.append((np.arange(6.0).reshape(3, 2), np.float32(2.0)))
    check_cases(comparisons, [c for c in cases if numpy_allows(operator.lt, *c)])
    check_cases(mask_of_comparisons, [(left(np.float64), -4.0, 6.0), (left(np.int32), -4, 6)])


@njit
def equalities(a, b):
    return a == b, a != b


def test_complex_comparisons():
    c = left(np.complex128)
    check_cases(equalities, [(c, right(np.complex128)), (c, c[::-1]), (c, left(np.float64)), (c, 0), (c, 2.25 + 0.5j)])
    # NumPy orders complex numbers lexicographically (real part, then imaginary part).
    check_cases(comparisons, [(c, right(np.complex128)), (c, right(np.float64)), (left(np.int64), c), (c, 1.0),
                              (c, np.array([-7.5 + 2j, -1j, 0, 2.25 + 0.5j, 5 - 1j, 11.5 - 2j]))])


def test_bitwise():
    bools = left(np.bool_), right(np.bool_)
    ints = left(np.int64), right(np.int64)
    i32 = left(np.int32), right(np.int32)
    cases = [bools, ints, i32, (ints[0], i32[1]), (bools[0], ints[1]), (ints[0], 6), (bools[0], True),
             (np.arange(12).reshape(3, 4), np.arange(4)), (np.arange(12).reshape(3, 4).T, 5)]
    check_cases(bitwise, cases)
    check_cases(not_and, cases[:3])


# --- ufuncs ----------------------------------------------------------------------------------------------------


@njit
def sin_(a):
    return np.sin(a)


@njit
def cos_(a):
    return np.cos(a)


@njit
def exp_(a):
    return np.exp(a)


@njit
def log_(a):
    return np.log(a)


@njit
def sqrt_(a):
    return np.sqrt(a)


@njit
def abs_(a):
    return np.abs(a)


@njit
def builtin_abs(a):
    return abs(a)


@njit
def maximum_(a, b):
    return np.maximum(a, b)


@njit
def minimum_(a, b):
    return np.minimum(a, b)


@njit
def where_(c, a, b):
    return np.where(c, a, b)


@njit
def where_expr(a):
    return np.where(a > 0, a, -2 * a)


UFUNC_INPUTS = [
    np.array([-2.5, -1.0, -0.0, 0.0, 0.5, 1.0, 3.0, 100.0]),
    np.array([-2.5, 0.0, 0.5, 3.0, 700.0, 1e-300], dtype=np.float64),
    np.array([-2.5, -0.0, 0.5, 3.0, 80.0], dtype=np.float32),
    np.array([-3, 0, 1, 7, 50], dtype=np.int64),
    np.array([-3, 0, 1, 7], dtype=np.int32),
    np.linspace(-4, 4, 12).reshape(3, 4).T,
    np.array([1 + 1j, -2j, 0.5 - 0.5j]),
    np.array([np.nan, np.inf, -np.inf]),
]


UFUNC_INPUT_IDS = ["float64", "float64_extremes", "float32", "int64", "int32", "F_view", "complex128", "nonfinite"]


def _ufunc_rtol(a, rtol):
    # float32 results are compared in ULPs (see oxjit.testing), float64 and complex ones with ``rtol``.
    return None if a.dtype in (np.float32, np.complex64) else rtol


@pytest.mark.parametrize("a", UFUNC_INPUTS, ids=UFUNC_INPUT_IDS)
@pytest.mark.parametrize("f", [sin_, cos_, exp_, log_], ids=lambda f: f.__name__)
def test_transcendental_ufuncs(f, a):
    # Library functions may round differently in the last place.
    rtol = _ufunc_rtol(a, 1e-15 if a.dtype.kind != "c" else 1e-14)
    check_against_python(f, a, rtol=rtol)
    check_against_python(f, a[::-2], rtol=rtol)


EXACT_UFUNC_CASES = [
    pytest.param(f, a, id=f"{f.__name__}-{name}")
    for f in (sqrt_, abs_, builtin_abs)
    for a, name in zip(UFUNC_INPUTS + [np.array([True, False]), np.array([-(2**31), 5], dtype=np.int32)],
                       UFUNC_INPUT_IDS + ["bool", "int32_min"])
    if not (f is sqrt_ and a.dtype.kind == "b")  # np.sqrt of bool gives float16
]


@pytest.mark.parametrize("f, a", EXACT_UFUNC_CASES)
def test_exact_ufuncs(f, a):
    rtol = _ufunc_rtol(a, 1e-15) if f is sqrt_ and a.dtype.kind == "c" else None
    check_against_python(f, a, rtol=rtol)
    check_against_python(f, a[::-1], rtol=rtol)


@njit
def sign_(a):
    return np.sign(a)


@njit
def rounding_(a):
    return np.floor(a), np.ceil(a), np.trunc(a)


@pytest.mark.parametrize("a", UFUNC_INPUTS[:6] + [UFUNC_INPUTS[7], np.array([3, 0, 255], dtype=np.uint8)],
                         ids=UFUNC_INPUT_IDS[:6] + ["nonfinite", "uint8"])
def test_sign_and_rounding(a):
    # NumPy 2 rounds integers to themselves, in their own dtype.
    for f in (sign_, rounding_):
        check_against_python(f, a)
        check_against_python(f, a[::-1])
        check_against_python(f, a[0])
    check_against_python(rounding_, np.array([True, False]))


@njit
def arithmetic_ufuncs(a, b):
    return (np.add(a, b), np.subtract(a, b), np.multiply(a, b), np.divide(a, b), np.true_divide(a, b),
            np.floor_divide(a, b), np.remainder(a, b), np.mod(a, b), np.power(a, 2), np.square(b))


@njit
def comparison_ufuncs(a, b):
    return (np.equal(a, b), np.not_equal(a, b), np.less(a, b), np.less_equal(a, b), np.greater(a, b),
            np.greater_equal(a, b))


@njit
def integer_ufuncs(a, b):
    return (np.negative(a), np.positive(a), np.invert(a), np.bitwise_not(b), np.bitwise_and(a, b),
            np.bitwise_or(a, b), np.bitwise_xor(a, b), np.left_shift(a, 2), np.right_shift(b, 1))


@njit
def fused_ufunc_calls(a, b):
    return np.add(np.multiply(a, b), np.sqrt(np.abs(a))), np.matmul(a.reshape(2, 2), b.reshape(2, 2))


def test_operator_ufuncs_called_as_functions():
    # np.add(a, b) is a + b: same promotion, broadcasting and errors.
    ints = (np.array([1, -2, 3, 4]), np.array([2, 5, -1, 3], dtype=np.int8))
    floats = (np.array([1.5, -2.0, 3.0, 0.25]), np.array([2.0, 0.5, -1.0, 3.0], dtype=np.float32))
    check_cases(arithmetic_ufuncs, [ints, floats, (ints[0], 2.5), (3, ints[1]), (floats[1], np.arange(4.0)[:, None])])
    check_cases(comparison_ufuncs, [ints, floats, (ints[0], 2.5), (np.arange(3.0)[:, None], floats[0][:3])])
    check_cases(integer_ufuncs, [ints, (ints[1], ints[0])])
    check_cases(fused_ufunc_calls, [floats, ints])
    check_cases(arithmetic_ufuncs, [(np.ones(3), np.ones(4))])  # broadcast error: ValueError alike


def test_maximum_minimum():
    cases = []
    real = NUMBER_DTYPES
    for da in real:
        for db in real:
            cases.append((left(da), right(db)))
    cases += [
        # (No ties between 0.0 and -0.0: which one NumPy returns depends on its SIMD kernels.)
        (np.array([np.nan, 1.0, -2.0, np.nan]), np.array([1.0, np.nan, np.inf, np.nan])),
        (np.array([np.nan, 1.0], dtype=np.float32), np.float32(np.nan)),
        (np.arange(6.0).reshape(2, 3), np.array([1.0, 4.0, 2.0])),
        (np.arange(6), 2.5), (3, np.arange(6, dtype=np.int32)), (np.float32(1.5), np.arange(4, dtype=np.float32)),
        (np.array([True, False]), np.array([False, False])),
    ]
    check_cases(maximum_, cases)
    check_cases(minimum_, cases)


def test_maximum_minimum_complex():
    c = left(np.complex128)
    cases = [(c, right(np.complex128)), (c, left(np.float64)), (right(np.int32), c), (c, 1 + 1j)]
    check_cases(maximum_, cases)
    check_cases(minimum_, cases)


def test_where():
    c = np.array([True, False, True, False, False, True])
    check_cases(where_, [
        (c, left(np.float64), right(np.float64)), (c, left(np.int32), right(np.float32)), (c, left(np.int64), 0),
        (c, 1.5, left(np.int32)), (c, 1, 2), (c.reshape(2, 3), np.arange(3.0), np.zeros((2, 1))),
        (c.reshape(3, 2).T, 1j, left(np.float64).reshape(2, 3)), (left(np.int64) > 0, left(np.int64), -1),
    ])
    for d in NUMBER_DTYPES:
        check_against_python(where_expr, left(d))


# --- fused expressions --------------------------------------------------------------------------------------------


@njit
def fused(a, b, c):
    return a * b + c * np.sin(a) - np.sqrt(np.abs(b))


@njit
def fused_polynomial(x):
    return 3.0 * x ** 3 - 2.0 * x ** 2 + x / 4.0 - 1.0


@njit
def fused_with_temporaries(x, y):
    t = x * 2.0
    u = t + y
    v = np.exp(-u * u)
    return v / (1.0 + np.abs(t)), t


@njit
def fused_mixed_dtypes(i, f):
    return (i * 2 + 1) * f - i // 3


@njit
def fused_scalar_broadcast(a, row, s):
    return (a - row) * s + np.maximum(a, 0.0)


def test_fused_expressions():
    a = np.linspace(-3, 3, 12)
    b = np.linspace(5, -5, 12)
    c = np.arange(12.0)
    check_against_python(fused, a, b, c, rtol=1e-14)
    check_against_python(fused, a.reshape(3, 4), b.reshape(3, 4).T.copy().T, c.reshape(3, 4)[::-1], rtol=1e-14)
    check_against_python(fused, a.reshape(3, 4), b[:4], 2.0, rtol=1e-14)
    check_against_python(fused, a.astype(np.float32), b.astype(np.float32), c.astype(np.float32))
    check_against_python(fused_polynomial, a, rtol=1e-15)
    check_against_python(fused_polynomial, a.reshape(4, 3).T, rtol=1e-15)
    check_against_python(fused_with_temporaries, a, b, rtol=1e-14)
    check_against_python(fused_with_temporaries, a.reshape(2, 6), 0.5, rtol=1e-14)
    check_against_python(fused_mixed_dtypes, np.arange(-6, 6), a)
    check_against_python(fused_mixed_dtypes, np.arange(-6, 6, dtype=np.int32), np.float32(0.5))
    check_against_python(fused_scalar_broadcast, a.reshape(3, 4), np.arange(4.0), 2)


# --- in-place operators ------------------------------------------------------------------------------------------


@njit
def iadd(a, b):
    a += b


@njit
def isub(a, b):
    a -= b


@njit
def imul_two(a):
    a *= 2


@njit
def itruediv(a, b):
    a /= b


@njit
def ifloordiv(a, b):
    a //= b


@njit
def center(x):
    x -= x.mean()
    return x


@njit
def iadd_returns_same(a, b):
    c = a
    c += b
    return a


@njit
def ipow(a, b):
    a **= b


def test_in_place_operators():
    for base in (np.arange(12.0).reshape(3, 4), np.arange(12.0).reshape(3, 4).T,
                 np.arange(24.0).reshape(4, 6)[::2, ::-2]):
        check_cases(iadd, [(base, base[::-1]), (base, 1.5), (base, np.arange(base.shape[1])),
                           (base, np.arange(base.shape[0])[:, None] * 1.0), (base, np.float32(0.25))])
        check_cases(isub, [(base, base * 0.5), (base, 3)])
        check_against_python(imul_two, base)
        check_cases(itruediv, [(base, 4.0), (base, base + 1)])
        check_cases(ifloordiv, [(base, 3.0)])
        check_cases(ipow, [(base, 2)])
        check_against_python(center, base, rtol=1e-12)
    ints = np.arange(-6, 6, dtype=np.int32)
    check_cases(iadd, [(ints, 5), (ints, np.int32(2)), (ints, ints[::-1]), (ints.astype(np.int64), ints)])
    check_against_python(imul_two, ints)
    check_cases(ifloordiv, [(ints, 4), (ints, np.int32(-3))])
    check_against_python(imul_two, np.array([1 + 2j, -1j]))
    check_cases(iadd, [(np.array([True, False]), np.array([True, True]))])
    check_against_python(center, np.linspace(0, 1, 11).astype(np.float32))
    # integer division by zero in place: 0, like NumPy
    check_cases(ifloordiv, [(ints, np.array([0, 1] * 6, dtype=np.int32)), (ints, 0)])


def test_in_place_shares_the_callers_buffer():
    a = np.arange(4.0)
    assert iadd_returns_same(a, 1.0) is a or np.shares_memory(iadd_returns_same(a, 0.0), a)
    assert a.tolist() == [1.0, 2.0, 3.0, 4.0]


def test_in_place_shape_mismatch_is_a_value_error():
    check_cases(iadd, [(np.zeros(3), np.ones(4)), (np.zeros(3), np.ones((2, 3)))])


# --- matmul ---------------------------------------------------------------------------------------------------------


@njit
def matmul(a, b):
    return a @ b


@njit
def matmul_chain(a, b, c):
    return a @ b @ c


def test_matmul():
    a = np.arange(1.0, 13.0).reshape(3, 4) / 7
    b = np.arange(1.0, 21.0).reshape(4, 5) / 3
    v4 = np.linspace(-1, 1, 4)
    v3 = np.linspace(2, -2, 3)
    cases = [
        (a, b), (np.asfortranarray(a), b), (a, b[:, ::-1]), (a.T.copy().T, np.asfortranarray(b)),
        (a, v4), (a, v4[::-1]), (v3, a), (v4, v4), (v4, b), (b.T, v4),
        (np.eye(3), a), (np.zeros((3, 0)), np.zeros((0, 2))), (np.zeros((0, 4)), b), (np.zeros(0), np.zeros(0)),
        (np.arange(12).reshape(3, 4), np.arange(20).reshape(4, 5)),
        (np.arange(12, dtype=np.int32).reshape(3, 4), np.arange(4, dtype=np.int32)),
        (a * (1 + 1j), b), (a, b.astype(np.float32)),
    ]
    check_cases(matmul, cases, rtol=1e-12)
    # float32 products: summation order may differ from BLAS; compared within a few ULPs.
    check_cases(matmul, [(a.astype(np.float32), b.astype(np.float32)), (v4.astype(np.float32), b.astype(np.float32))])
    check_against_python(matmul_chain, a, b, b.T, rtol=1e-12)


def test_matmul_shape_mismatch_is_a_value_error():
    a = np.ones((3, 4))
    check_cases(matmul, [(a, np.ones((3, 4))), (a, np.ones(3)), (np.ones(3), a), (np.ones(3), np.ones(4))])


@njit
def matmul_in_place(a, b):
    a @= b
    return a


def test_matmul_in_place():
    check_cases(matmul_in_place, [
        (np.eye(2), np.arange(4.0).reshape(2, 2)), (np.arange(2.0), np.ones((2, 2))),
        (np.arange(6.0).reshape(3, 2), np.arange(4.0).reshape(2, 2)), (np.eye(2, dtype=np.float32), np.ones((2, 2), np.int32)),
        (np.eye(2), np.ones((2, 1))), (np.eye(2), np.ones((3, 2))),  # ValueError: shapes
    ])
    with pytest.raises(oxjit.errors.TypingError, match="two dimensions"):
        matmul_in_place(np.eye(2), np.ones(2))
    with pytest.raises(oxjit.errors.TypingError, match="cannot cast the float64 result"):
        matmul_in_place(np.eye(2, dtype=np.int64), np.ones((2, 2)))


def test_boolean_matmul_is_any_of_and():
    t = np.array([True, False, True])
    m = np.array([[True, True], [False, True]])
    check_cases(matmul, [(t, t), (t, ~t), (m, m), (m, np.array([False, True])), (np.array([False, True]), m),
                         (np.zeros(0, bool), np.zeros(0, bool)), (m, np.ones((2, 3), bool)), (m, t)])  # the last: ValueError


@njit
def maximum_with(a, s):
    return np.maximum(a, s)


@njit
def minimum_with(a, s):
    return np.minimum(a, s)


@njit
def where_with(a, s):
    return np.where(a > 1, a, s)


def test_ufuncs_promote_numpy_scalars_like_arrays():
    # A NumPy scalar argument is strong (NEP 50): float32 array with np.float64 gives float64.
    arrays_ = [np.array([1.5, -2.0, 3.0], np.float32), np.array([1, 2, 3], np.int32), np.arange(4, dtype=np.uint64)]
    scalars = [np.float64(2.0), np.int64(2), np.float32(2.5), 2.0, 2]
    for f in (maximum_with, minimum_with, where_with):
        check_cases(f, [(a, s) for a in arrays_ for s in scalars])


@njit
def sin_of(a):
    return np.sin(a)


@njit
def arctan2_of(a, b):
    return np.arctan2(a, b)


def test_float_ufuncs_pick_numpys_float_size():
    # int16 and uint16 compute in float32, wider integers in float64 (NumPy's loop choice).
    values = [np.arange(1, 5, dtype=d) for d in (np.int16, np.uint16, np.int32, np.int64, np.float32)]
    check_cases(sin_of, [(v,) for v in values], rtol=1e-6)
    check_cases(arctan2_of, [(v, w) for v in values for w in values], rtol=1e-6)


@njit
def dot_method(a, b):
    return a.dot(b)


def test_dot_method():
    v, m = np.arange(3.0), np.arange(6.0).reshape(2, 3)
    check_cases(dot_method, [(v, v), (m, v), (m.T, np.ones((2, 2))), (v, np.ones(4))])  # the last: ValueError


@njit
def shifts(a, b):
    return np.left_shift(a, b), np.right_shift(a, b), a << b, a >> b


def test_shifts_follow_numpy():
    # Bools shift as int8; negative or too-large counts shift everything out (NumPy does
    # not raise, unlike Python's ints).
    t = np.array([False, True])
    check_cases(shifts, [(t, np.array([True, True])), (np.array([-5, 3, 8]), -1), (np.array([-5, 3, 8]), 70),
                         (np.array([-5, 3, 8], dtype=np.int8), np.array([-2, 9, 1], dtype=np.int8)),
                         (np.array([5, 3], dtype=np.uint8), np.array([9, 1], dtype=np.uint8))])


@njit
def where_of_numbers(c):
    return np.where(c, 300, -1), np.where(c, 2.5, 1)


@njit
def subtract_in_place(a, b):
    a -= b
    return a


def test_where_takes_its_dtype_from_the_values_only():
    check_cases(where_of_numbers, [(np.array([1, 0, 2], np.uint8),), (np.array([0.5, 0.0]),), (np.array([True, False]),)])


def test_integer_array_power_refuses_negative_exponents_first():
    check_cases(power, [(np.array([0, 3]), np.array([-1, 1])), (np.array([2, 3]), np.array([1, -2]))])


def test_in_place_casting_is_same_kind():
    import oxjit

    with pytest.raises(TypeError):  # NumPy's UFuncTypeError is a TypeError
        subtract_in_place.py_func(np.array([1, 2], np.uint8), np.array([1, 1], np.int8))
    with pytest.raises(oxjit.errors.TypingError, match="cannot cast"):
        subtract_in_place(np.array([1, 2], np.uint8), np.array([1, 1], np.int8))
    check_cases(subtract_in_place, [(np.array([1, 2], np.int16), np.array([1, 1], np.uint8))])
