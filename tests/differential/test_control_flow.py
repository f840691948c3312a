"""Control flow against CPython: branches, loops, early exits, tuples, iteration."""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import oxjit.errors
from oxjit import njit
from oxjit.testing import check_against_python
from oxjit.testing.strategies import arrays

from ._helpers import check_cases

small_ints = st.integers(-20, 20)


# --- if / elif / else ------------------------------------------------------------------------

@njit
def classify(x):
    if x < -10:
        r = -2
    elif x < 0:
        r = -1
    elif x == 0:
        r = 0
    elif x <= 10:
        r = 1
    else:
        r = 2
    return r


@njit
def nested_if(a, b):
    if a > 0:
        if b > 0:
            return 1
        else:
            if b == 0:
                return 2
            return 3
    elif b > a:
        return 4
    return 5


@njit
def if_without_else(x):
    y = x
    if x > 3:
        y = x * 2
    if x < -3:
        y = -x
    return y


@njit
def if_on_truthiness(x):
    if x:
        return 10
    return 20


@given(x=st.integers(-15, 15) | st.floats(-15, 15))
def test_if_elif_else(x):
    check_against_python(classify, x)
    check_against_python(if_without_else, x)


@given(a=st.integers(-2, 2), b=st.integers(-2, 2))
def test_nested_if(a, b):
    check_against_python(nested_if, a, b)


def test_if_on_truthiness():
    check_cases(if_on_truthiness, [(v,) for v in (0, 1, -1, 0.0, -0.0, 0.5, float("nan"), True, False, 0j, 1j)])


# --- while ----------------------------------------------------------------------------------

@njit
def collatz_steps(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n //= 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


@njit
def while_break_continue(n):
    i = 0
    total = 0
    while True:
        i += 1
        if i > n:
            break
        if i % 3 == 0:
            continue
        total += i
    return total, i


@njit
def while_else(n, stop):
    i = 0
    found = -1
    while i < n:
        if i == stop:
            found = i
            break
        i += 1
    else:
        found = -100
    return found, i


@njit
def while_never_runs(n):
    x = 5
    while n > 100:
        x += 1
        n -= 1
    return x


@given(n=st.integers(1, 1000))
def test_while_loop(n):
    check_against_python(collatz_steps, n)


@given(n=st.integers(-3, 30))
def test_while_break_continue(n):
    check_against_python(while_break_continue, n)
    check_against_python(while_never_runs, n)


@given(n=st.integers(-2, 10), stop=st.integers(-2, 12))
def test_while_else(n, stop):
    check_against_python(while_else, n, stop)


# --- for over range ---------------------------------------------------------------------------

@njit
def range1(n):
    s = 0
    count = 0
    for i in range(n):
        s += i * i
        count += 1
    return s, count


@njit
def range2(a, b):
    s = 0
    last = -999
    for i in range(a, b):
        s = s * 3 + i
        last = i
    return s, last


@njit
def range3(a, b, c):
    s = 0
    n = 0
    for i in range(a, b, c):
        s = s * 7 + i
        n += 1
    return s, n


@njit
def range_len(a, b, c):
    return len(range(a, b, c))


@njit
def loop_variable_after_loop(n):
    i = -1
    for i in range(n):
        pass
    return i


@given(n=small_ints)
def test_range_one_argument(n):
    check_against_python(range1, n)
    check_against_python(loop_variable_after_loop, n)


@given(a=small_ints, b=small_ints)
def test_range_two_arguments(a, b):
    check_against_python(range2, a, b)


@given(a=small_ints, b=small_ints, c=st.integers(-7, 7).filter(lambda c: c != 0))
def test_range_three_arguments(a, b, c):
    check_against_python(range3, a, b, c)


@njit
def range_ends(a, b, c):
    first = 0
    last = 0
    n = 0
    for i in range(a, b, c):
        if n == 0:
            first = i
        last = i
        n += 1
    return first, last, n


def test_range_edge_cases():
    cases = [(0, 0, 1), (5, 0, 1), (0, 5, -1), (10, 0, -3), (-5, 5, 4), (0, 1, 100), (5, 5, -1),
             (10, -10, -7)]
    check_cases(range3, cases)
    check_cases(range_len, cases)
    check_cases(range_ends, cases)


def test_range_near_int64_limits():
    # Every element fits in int64, but stop - start does not: the length must not overflow.
    big = 2**62
    cases = [(-big, big, big), (big, -big, -big), (-big, big - 1, big // 3), (2**63 - 10, 2**63 - 1, 3),
             (-(2**63), -(2**63) + 5, 2), (0, 2**63 - 1, 2**62), (2**63 - 1, -(2**63), -(2**63 - 1))]
    check_cases(range_ends, cases)
    check_cases(range_len, cases)


def test_range_step_zero_is_a_value_error():
    for args in [(0, 10, 0), (10, 0, 0), (0, 0, 0)]:
        with pytest.raises(ValueError):
            range3.py_func(*args)
        with pytest.raises(ValueError):
            range3(*args)


# --- nested loops and early exits -------------------------------------------------------------------

@njit
def nested_loops(n, m):
    s = 0
    for i in range(n):
        for j in range(i, m):
            if (i + j) % 4 == 0:
                continue
            s += i * j
    return s


@njit
def triple_nested(n):
    count = 0
    for i in range(n):
        for j in range(i):
            k = 0
            while k < j:
                count += i ^ j ^ k
                k += 1
    return count


@njit
def for_else(n, target):
    for i in range(n):
        if i * i == target:
            r = i
            break
    else:
        r = -1
    return r


@njit
def nested_for_else(n):
    # primes below n, counted with for-else
    count = 0
    for p in range(2, n):
        for d in range(2, p):
            if p % d == 0:
                break
        else:
            count += 1
    return count


@njit
def break_outer_with_flag(n, target):
    found = False
    fi = -1
    fj = -1
    for i in range(n):
        for j in range(n):
            if i * j == target:
                found = True
                fi = i
                fj = j
                break
        if found:
            break
    return found, fi, fj


@njit
def early_return_in_loop(n, target):
    for i in range(n):
        for j in range(i):
            if i + j == target:
                return i * 100 + j
    return -1


@njit
def return_from_while(x):
    while True:
        if x > 100:
            return x
        x = x * 2 + 1
        if x % 7 == 0:
            return -x


@njit
def many_returns(x):
    if x < 0:
        return -1.5
    if x == 0:
        return 0.0
    for i in range(10):
        if x < i:
            return float(i)
    return x * 0.5


@njit
def defined_in_both_branches(x):
    if x > 0:
        y = x * 2
        z = 1.5
    else:
        y = -x
        z = 2.5
    return y + z


@njit
def defined_in_all_loop_paths(n):
    total = 0
    for i in range(n):
        if i % 2:
            v = i
        else:
            v = -i
        total += v
    return total


@given(n=st.integers(-1, 12), m=st.integers(-1, 12))
def test_nested_loops(n, m):
    check_against_python(nested_loops, n, m)


@given(n=st.integers(0, 12))
def test_triple_nested_loops(n):
    check_against_python(triple_nested, n)


@given(n=st.integers(-1, 12), target=st.integers(-1, 130))
def test_for_else(n, target):
    check_against_python(for_else, n, target)


@given(n=st.integers(0, 60))
def test_nested_for_else(n):
    check_against_python(nested_for_else, n)


@given(n=st.integers(0, 8), target=st.integers(-1, 50))
def test_break_out_of_nested_loop_with_flag(n, target):
    check_against_python(break_outer_with_flag, n, target)


@given(n=st.integers(0, 15), target=st.integers(-1, 30))
def test_early_return_in_nested_loop(n, target):
    check_against_python(early_return_in_loop, n, target)


@given(x=st.integers(-50, 50))
def test_return_from_infinite_loop(x):
    check_against_python(return_from_while, x if x > 0 else -x + 1)


@given(x=st.integers(-3, 30) | st.floats(-3, 30))
def test_multiple_return_statements(x):
    check_against_python(many_returns, x)


@given(x=st.integers(-10, 10))
def test_variable_defined_in_both_branches(x):
    check_against_python(defined_in_both_branches, x)
    check_against_python(defined_in_all_loop_paths, abs(x))


# --- tuples ----------------------------------------------------------------------------------------

@njit
def swap(a, b):
    a, b = b, a
    return a, b


@njit
def rotate(a, b, c):
    a, b, c = b, c, a
    return a, b, c


@njit
def fib_pairs(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


@njit
def unpack_argument(t):
    x, y, z = t
    return z, y, x


@njit
def nested_unpack(t):
    (a, b), c = t
    return a * c + b


@njit
def heterogeneous_return(x):
    return x, x * 0.5, x > 0, (x, -x)


@njit
def tuple_indexing(t):
    return t[0] + t[-1], t[1], len(t)


@njit
def returns_tuple_from_branches(x):
    if x > 0:
        return x, 1.5
    return -x, 2.5


@njit
def call_and_unpack(x):
    a, b, c, d = heterogeneous_return(x)
    return b, d[1], c


@given(a=st.integers(), b=st.floats(allow_nan=False))
def test_swap(a, b):
    a = a % 1000
    check_against_python(swap, a, a + 1)
    check_against_python(swap, b, -b)
    check_against_python(rotate, a, a * 2, a * 3)


@given(n=st.integers(0, 90))
def test_tuple_assignment_in_loop(n):
    check_against_python(fib_pairs, n)


@given(x=st.integers(-100, 100))
def test_tuple_arguments_and_results(x):
    check_against_python(unpack_argument, (x, x + 1, x + 2))
    check_against_python(unpack_argument, (x, 1.5, True))
    check_against_python(nested_unpack, ((x, 2), 3))
    check_against_python(heterogeneous_return, x)
    check_against_python(heterogeneous_return, float(x))
    check_against_python(tuple_indexing, (x, 2.5, 3))
    check_against_python(returns_tuple_from_branches, x)
    check_against_python(call_and_unpack, x)


def test_unpacking_the_wrong_number_of_values_is_rejected():
    # The tuple's length is part of its type, so the mismatch is a compile error in
    # Numba (TypingError) and a ValueError in Python.
    with pytest.raises(ValueError):
        unpack_argument.py_func((1, 2))
    with pytest.raises((ValueError, oxjit.errors.TypingError)):
        unpack_argument((1, 2))


# --- iterating over arrays and tuples; enumerate and zip --------------------------------------------

@njit
def iterate_array(a):
    s = 0.0
    n = 0
    for x in a:
        s += x * (n + 1)
        n += 1
    return s, n


@njit
def iterate_int_array(a):
    s = 0
    for x in a:
        s = s * 31 + x
    return s


@njit
def enumerate_array(a):
    s = 0.0
    for i, x in enumerate(a):
        s += i * x
    return s


@njit
def enumerate_range_with_start(n, start):
    s = 0
    for i, x in enumerate(range(n), start):
        s += i * 10 + x
    return s


@njit
def zip2(a, b):
    s = 0.0
    n = 0
    for x, y in zip(a, b):
        s += x * y
        n += 1
    return s, n


@njit
def zip3(a, b, n):
    s = 0.0
    for x, y, i in zip(a, b, range(n)):
        s += (x - y) * i
    return s


@njit
def zip_ranges(n, m):
    s = 0
    for i, j in zip(range(n), range(m, 0, -1)):
        s += i * j
    return s


@njit
def enumerate_zip(a, b):
    s = 0.0
    for i, (x, y) in enumerate(zip(a, b)):
        s += i * x + y
    return s


@njit
def iterate_tuple(t):
    s = 0
    for x in t:
        s = s * 10 + x
    return s


@njit
def iterate_float_tuple(t):
    m = t[0]
    for x in t:
        if x > m:
            m = x
    return m


@njit
def iterate_2d_rows(a):
    s = 0.0
    for row in a:
        for x in row:
            s += x
    return s


float_vectors = arrays(np.float64, ndim=1, layout=None, max_side=8)


@given(a=float_vectors)
def test_for_over_a_1d_array(a):
    check_against_python(iterate_array, a)
    check_against_python(enumerate_array, a)
    check_against_python(iterate_array, a[::-1])  # negative stride


@given(a=arrays(np.int64, ndim=1, layout=None, max_side=8, elements=st.integers(-100, 100)))
def test_for_over_an_int_array(a):
    check_against_python(iterate_int_array, a)


@given(a=arrays(np.float64, ndim=2, layout=None, max_side=5))
def test_for_over_rows_of_a_2d_array(a):
    check_against_python(iterate_2d_rows, a)


@given(n=st.integers(-1, 10), start=st.integers(-5, 5))
def test_enumerate_with_start(n, start):
    check_against_python(enumerate_range_with_start, n, start)


@given(a=float_vectors, b=float_vectors, n=st.integers(0, 10))
def test_zip_of_different_lengths(a, b, n):
    check_against_python(zip2, a, b)
    check_against_python(zip3, a, b, n)
    check_against_python(enumerate_zip, a, b)


@given(n=st.integers(-1, 10), m=st.integers(-1, 10))
def test_zip_of_ranges(n, m):
    check_against_python(zip_ranges, n, m)


def test_for_over_homogeneous_tuples():
    check_cases(iterate_tuple, [((1, 2, 3),), ((7,),), ((4, 0, -4, 9, 2),), ((True, False, True),)])
    check_cases(iterate_float_tuple, [((1.5, -2.0, 3.25),), ((-1.0,),), ((0.0, -0.0),)])


# --- and / or / not as conditions: short-circuit branches -----------------------------------------------


@njit
def _tick(log, i, value):
    # Records that operand i was evaluated, and gives its value.
    log[i] += 1
    return value


@njit
def conditions_short_circuit(a, b, c, log):
    out = 0
    if _tick(log, 0, a) and (_tick(log, 1, b) or not _tick(log, 2, c)):
        out += 1
    if not (_tick(log, 3, a) or _tick(log, 4, b)) and _tick(log, 5, c):
        out += 2
    n = 0
    while n < 3 and (_tick(log, 6, a) or n == 0):
        n += 1
    x = 10 if (_tick(log, 7, b) and not _tick(log, 8, c)) else 20
    return out, n, x


@pytest.mark.parametrize("a", [0, 1, 2])
@pytest.mark.parametrize("b", [0, 3])
@pytest.mark.parametrize("c", [0, -1])
def test_and_or_not_conditions_short_circuit(a, b, c):
    # Same result and the same operands evaluated, the same number of times.
    got_log, want_log = np.zeros(9, dtype=np.int64), np.zeros(9, dtype=np.int64)
    got = conditions_short_circuit(a, b, c, got_log)
    want = conditions_short_circuit.py_func(a, b, c, want_log)
    assert got == want
    np.testing.assert_array_equal(got_log, want_log)


# --- branches the constants decide ---------------------------------------------------------------------------

DEBUG = False
LEVEL = 2


@njit
def debug_branch_returns_float(x):
    if DEBUG:
        return 1.5
    return x


@njit
def debug_branch_makes_a_tuple(x):
    if DEBUG:
        y = (1, 2)
    else:
        y = x
    return y


@njit
def literal_false_and_zero(x):
    if False:
        return 1.5
    while 0:
        x = name_that_is_not_defined  # noqa: F821 - never reached, never typed
    if not LEVEL:
        return (x, x)
    return x


def test_branches_on_constants_are_pruned_as_in_numba():
    # The branch never taken neither types nor widens the result (int stays int).
    for f in (debug_branch_returns_float, debug_branch_makes_a_tuple, literal_false_and_zero):
        check_cases(f, [(3,), (-7,)])


@njit
def tuple_and_comparison_constants():
    if (1, 2):
        a = 3
    else:
        a = "never"
    if LEVEL == 2:
        b = 4
    else:
        b = 4.5
    if (0,) and LEVEL > 5:
        c = (1, 2)
    else:
        c = 5
    return a + b + c


def test_constant_comparisons_and_tuple_displays_decide_branches():
    check_cases(tuple_and_comparison_constants, [()])


@njit
def appends_only_in_a_pruned_branch(i):
    items = []
    for k in range(3):
        if True:
            continue
        items.append(abs(k))
    return i, len(items)


def test_a_list_whose_appends_are_all_pruned_compiles():
    check_cases(appends_only_in_a_pruned_branch, [(1,), (-4,)])


def _many_exits(p0, p1, v3, v1):
    # Each `continue` adds an edge into the loop header; typing once took time
    # exponential in their number (9 s for two).
    v4 = 9
    w6 = 0
    while w6 < 3:
        w6 += 1
        if p1:
            if p0[0] > 0:
                continue
            if p0[1] > 0:
                continue
            if p0[2] > 5:
                continue
            if p0[0] > 7:
                break
            if p0[1] > 9:
                continue
        else:
            v4 -= math.floor(min(v3, v1))
        for i8 in range(-2, 5):
            if i8 == 3 and v3 > 100:
                continue
            p0[divmod(-1, v4)[0] % 3] = 1.0
            v3 += p0[i8 % 3]
        v1 /= v3 * v1
    return v4, v3, v1


def test_many_continues_and_breaks_in_a_loop():
    f = njit(_many_exits)
    for flag in (False, True):
        got = f(np.zeros(3), flag, 2.5, 1.5)
        assert got == _many_exits(np.zeros(3), flag, 2.5, 1.5)
