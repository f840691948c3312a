"""Function calls in compiled code: other jitted functions, recursion, closures, globals."""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oxjit import njit
from oxjit.testing import check_against_python

from ._helpers import check_cases

# --- calling other jitted functions -----------------------------------------------------------


@njit
def scale(x, factor=2.0, offset=0):
    return x * factor + offset


@njit
def clamp(x, lo=0.0, hi=1.0):
    return min(max(x, lo), hi)


@njit
def call_positional(x):
    return scale(x, 3.0, 1)


@njit
def call_with_defaults(x):
    return scale(x) + scale(x, 0.5)


@njit
def call_with_keywords(x):
    return scale(x, offset=5) + scale(offset=-1, factor=4.0, x=x) + clamp(x, hi=0.25)


@njit
def call_in_loop(n):
    s = 0.0
    for i in range(n):
        s += clamp(i * 0.1, lo=0.2)
    return s


@njit
def square(x):
    return x * x


@njit
def sum_of_squares(a, b):
    return square(a) + square(b)  # one callee, compiled for the types of each call site


@njit
def call_with_mixed_types(i, f):
    return square(i), square(f), square(i > 0)


@njit
def divide(a, b):
    return a // b


@njit
def call_raises(a, b):
    return divide(a, b) + 1


@njit
def min_max(a):
    lo = a[0]
    hi = a[0]
    for x in a:
        lo = min(lo, x)
        hi = max(hi, x)
    return lo, hi


@njit
def spread(a):
    lo, hi = min_max(a)
    return hi - lo


@njit
def normalise_in_place(a):
    lo, hi = min_max(a)
    for i in range(len(a)):
        a[i] = (a[i] - lo) / (hi - lo) if hi > lo else 0.0
    return lo


@given(x=st.floats(-1e6, 1e6) | st.integers(-1000, 1000))
def test_calling_jitted_functions(x):
    check_against_python(call_positional, x)
    check_against_python(call_with_defaults, x)
    check_against_python(call_with_keywords, x)


@given(n=st.integers(0, 30))
def test_calling_in_a_loop(n):
    check_against_python(call_in_loop, n)


@given(a=st.integers(-1000, 1000), b=st.floats(-1e3, 1e3))
def test_callee_compiled_for_each_argument_type(a, b):
    check_against_python(sum_of_squares, a, b)
    check_against_python(sum_of_squares, a, a)
    check_against_python(call_with_mixed_types, a, b)


def test_callee_called_from_python_too():
    # The callee's own dispatcher still works after being compiled as a callee.
    check_cases(scale, [(2.0,), (3,), (1.5, 2.0), (1, 2, 3)])
    assert scale(1.0, offset=2) == scale.py_func(1.0, offset=2)
    assert clamp(5.0, hi=3.0) == clamp.py_func(5.0, hi=3.0)


def test_exception_in_callee_propagates():
    check_cases(call_raises, [(7, 2), (7, 0), (-7, 0)])


@given(a=st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=8).map(np.array))
def test_callee_taking_arrays(a):
    check_against_python(spread, a)
    check_against_python(normalise_in_place, a)


# --- recursion --------------------------------------------------------------------------------

@njit
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


@njit
def factorial(n):
    if n <= 1:
        return 1
    return n * factorial(n - 1)


@njit
def halvings(x):
    # the return type comes from the base case (a float); the recursive case adds to it
    if x < 1.0:
        return x
    return 1.0 + halvings(x / 2)


@njit
def depth_base_case_last(n):
    if n > 0:
        return depth_base_case_last(n - 1) + 1
    return 0.5


@njit
def gcd_recursive(a, b):
    if b == 0:
        return a
    return gcd_recursive(b, a % b)


@njit
def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


@njit
def sum_tree(a, lo, hi):
    # recursion over an array: sum of a[lo:hi] by halves
    if hi - lo == 0:
        return 0.0
    if hi - lo == 1:
        return a[lo]
    mid = (lo + hi) // 2
    return sum_tree(a, lo, mid) + sum_tree(a, mid, hi)


@given(n=st.integers(0, 20))
def test_fibonacci(n):
    check_against_python(fib, n)


@given(n=st.integers(0, 20))
def test_factorial(n):
    check_against_python(factorial, n)


@given(x=st.floats(0.0, 1e30))
def test_recursion_typed_from_the_base_case(x):
    check_against_python(halvings, x)


@given(n=st.integers(0, 50))
def test_recursion_with_the_base_case_last(n):
    check_against_python(depth_base_case_last, n)


@given(a=st.integers(0, 10**12), b=st.integers(0, 10**12))
def test_recursive_gcd(a, b):
    check_against_python(gcd_recursive, a, b)


def test_nested_recursion():
    check_cases(ackermann, [(0, 0), (1, 2), (2, 3), (3, 3)])


@given(a=st.lists(st.floats(-1e3, 1e3), max_size=20).map(np.array))
def test_recursion_over_an_array(a):
    check_against_python(sum_tree, a, 0, len(a))


# --- closures and globals ------------------------------------------------------------------------

def test_closure_over_a_number():
    k = 3
    eps = 0.5

    @njit
    def f(x):
        return x * k + eps

    check_cases(f, [(1,), (2.5,), (-7,)])


def test_closure_over_a_tuple():
    weights = (1.0, 2.0, 0.5)
    names = (3, 4)

    @njit
    def f(x):
        s = 0.0
        for w in weights:
            s += w * x
        return s + names[0] * names[1] + len(weights)

    check_cases(f, [(1.0,), (-2,), (0.25,)])


def test_closure_over_a_jitted_function():
    @njit
    def inner(x):
        return x + 1

    @njit
    def outer(x):
        return inner(x) * 2

    check_cases(outer, [(1,), (2.5,)])


GLOBAL_INT = 10
GLOBAL_FLOAT = 2.5
GLOBAL_TUPLE = (1, 2, 3)
GLOBAL_BOOL = True


@njit
def use_globals(x):
    s = x * GLOBAL_INT + GLOBAL_FLOAT
    for v in GLOBAL_TUPLE:
        s += v
    if GLOBAL_BOOL:
        s = -s
    return s


@given(x=st.integers(-100, 100) | st.floats(-1e6, 1e6))
def test_module_level_globals(x):
    check_against_python(use_globals, x)


GLOBAL_FROZEN = 7


@njit
def use_frozen_global(x):
    return x + GLOBAL_FROZEN


def test_globals_are_frozen_at_compile_time():
    global GLOBAL_FROZEN
    expected_before = use_frozen_global.py_func(1)
    assert use_frozen_global(1) == expected_before  # compiled now, with GLOBAL_FROZEN == 7
    try:
        GLOBAL_FROZEN = 100
        assert use_frozen_global.py_func(1) == 101
        # the compiled specialisation keeps the value it was compiled with, as in Numba
        assert use_frozen_global(1) == expected_before
    finally:
        GLOBAL_FROZEN = 7


def test_math_module_and_numpy_constants_as_globals():
    @njit
    def f(x):
        return math.pi * x + np.pi - np.e + math.e + np.inf * 0.0 * (x > 1e300)

    check_cases(f, [(1.0,), (2,), (-0.5,)])


# --- with np.errstate -------------------------------------------------------------------------------

@njit
def with_errstate(a, b):
    with np.errstate(invalid="ignore"):
        r = a - b
    return r


@njit
def with_errstate_all(x):
    s = 0.0
    with np.errstate(all="ignore", divide="ignore"):
        for i in range(3):
            s += x * i
    return s


@given(a=st.floats(allow_nan=True), b=st.floats(allow_nan=True))
def test_errstate_is_accepted(a, b):
    check_against_python(with_errstate, a, b)
    check_against_python(with_errstate_all, a)


@njit
def optional_addend(a, b=None):
    if b is None:
        return a
    return a + b


@njit
def optional_weights(x, w=None):
    total = 0.0
    for i in range(len(x)):
        if w is not None:
            total += x[i] * w[i]
        else:
            total += x[i]
    return total


@njit
def optional_out(x, out=None):
    if not (out is not None):
        out = np.empty_like(x)
    out[:] = x * 2
    return out


def test_branches_on_none_arguments_are_pruned():
    # As in Numba: with b None, `a + b` is never reached and need not type.
    check_cases(optional_addend, [(1,), (1, 2), (np.arange(3.0),), (np.arange(3.0), 1.5), (2.5, None)])
    check_cases(optional_weights, [(np.arange(4.0),), (np.arange(4.0), np.full(4, 2.0)), (np.arange(2.0), None)])
    x = np.arange(3.0)
    check_cases(optional_out, [(x,), (x, np.zeros(3))])


class OwnError(Exception):
    pass


class OwnSubError(OwnError):
    pass


@njit
def raises_by_code(x):
    if x == 1:
        raise OwnError("custom")
    if x == 2:
        raise OwnSubError
    if x == 3:
        raise NotImplementedError("not yet")
    if x == 4:
        raise ValueError
    return x


def test_any_exception_class_is_raised_as_itself():
    # check_against_python compares exception types: the user's own classes included.
    check_cases(raises_by_code, [(1,), (2,), (3,), (4,), (5,)])
    for x in (1, 2, 3, 4):
        try:
            raises_by_code(x)
        except Exception as got:  # noqa: BLE001
            try:
                raises_by_code.py_func(x)
            except Exception as expected:  # noqa: BLE001
                assert got.args == expected.args


@njit
def raises_with_values(x, a, i):
    if x == 1:
        raise ValueError(x)
    if x == 2:
        raise OwnError("too big:", x * 2.5, True, "units")
    if x == 3:
        raise IndexError("negative at", i, a[i])
    if x == 4:
        raise AssertionError(x)  # what `assert x < 4, x` raises (pytest rewrites asserts here)
    return x


def test_exceptions_carry_values_known_at_run_time():
    # E(x, ...) keeps the values as its args (their types too), as in Python.
    a = np.array([1.0, -2.0], dtype=np.float32)
    for x in (1, 2, 3, 4, 5):
        outcomes = []
        for f in (raises_with_values.py_func, raises_with_values):
            try:
                outcomes.append(("returned", f(x, a, 1)))
            except Exception as e:  # noqa: BLE001
                outcomes.append((type(e), e.args, [type(v) for v in e.args], str(e)))
        assert outcomes[0] == outcomes[1], x


LOOKUP_TABLE = np.array([1.5, 2.5, 4.0])
INT_GRID = np.arange(12, dtype=np.int32).reshape(3, 4)


@njit
def global_table(i, x):
    return LOOKUP_TABLE[i] * 2 + (LOOKUP_TABLE * x).sum() + INT_GRID.sum() + INT_GRID[1, i]


@njit
def global_table_itself():
    return LOOKUP_TABLE


def closure_over_array():
    local = np.linspace(0.0, 1.0, 5)

    @njit
    def pick(i):
        return local[i] + local.mean()

    return pick


def test_global_arrays_are_frozen_read_only_constants():
    check_cases(global_table, [(0, 1.0), (2, -0.5), (-1, 3.0)])
    check_cases(closure_over_array(), [(0,), (3,), (-1,)])
    frozen = global_table_itself()
    assert not frozen.flags.writeable and np.array_equal(frozen, LOOKUP_TABLE)


@njit
def keyword_repeats_a_positional(x):
    return scale(x, x=3.0)


@njit
def keyword_repeats_the_second_positional(x):
    return scale(x, 2.0, factor=3.0)


def test_a_keyword_for_an_argument_given_positionally_is_refused():
    import pytest

    import oxjit.errors

    for f in (keyword_repeats_a_positional, keyword_repeats_the_second_positional):
        with pytest.raises(TypeError, match="multiple values"):
            f.py_func(1.0)  # the premise: Python refuses it
        with pytest.raises(oxjit.errors.TypingError, match="multiple values for argument"):
            f(1.0)


# --- f(x, *args): the items of a tuple as the last positional arguments -----------------------


@njit
def affine(x, a, b):
    return a * x + b


@njit
def doubled(x):
    return 2 * x


@njit
def weighted_sum(x, w):
    return (x * w).sum()


@njit
def call_with(func, x, args=()):
    return func(x, *args)


@njit
def newton_step(func, x, args):
    # quantecon's solvers call the objective as func(x, *args).
    h = 1e-6
    return x - func(x, *args) * h / (func(x + h, *args) - func(x, *args))


def test_starred_tuple_arguments():
    check_cases(call_with, [(affine, 2.0, (3.0, 1.0)), (affine, 2, (3, -1.5)), (doubled, 4.0),
                            (weighted_sum, np.ones(3), (np.arange(3.0),))])
    check_cases(newton_step, [(affine, 1.0, (2.0, -1.0)), (affine, -3.0, (0.5, 4.0))], rtol=1e-9)


def test_starred_arguments_must_fit_the_callee():
    from oxjit.errors import TypingError

    with pytest.raises(TypingError, match="missing argument 'b'"):
        call_with(affine, 1.0, (1.0,))
    with pytest.raises(TypingError, match="must be a tuple"):
        call_with(affine, 1.0, [1.0, 2.0])
