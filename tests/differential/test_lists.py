"""Lists in compiled code against CPython: literals, indexing, item assignment, len, iteration,
append, returning lists, and lists passed as arguments.

A list argument is reflected like Numba's: the appends and item assignments made
by compiled code are visible in the caller's list afterwards
(``check_against_python`` compares the arguments after the call too). Lists are
always bounds-checked: an index out of range is an IndexError.
"""
import numpy as np

from oxjit import njit
from oxjit.testing import check_against_python

from ._helpers import check_cases

# --- literals, indexing, len ------------------------------------------------------------------------------


@njit
def int_literal(i):
    l = [10, 20, 30, 40]
    return l[i], len(l)


@njit
def float_literal(i):
    l = [1.5, -2.5, 3.25]
    return l[i]


@njit
def bool_literal(i):
    l = [True, False, True]
    return l[i]


@njit
def complex_literal(i):
    l = [1 + 2j, -3j, 0.5 + 0j]
    return l[i]


@njit
def literal_of_args(a, b, c, i):
    l = [a, b, c]
    return l[i]


@njit
def mixed_literal_sum(k):
    l = [1, 2.5, k]
    s = 0.0
    for i in range(len(l)):
        s += l[i] * (i + 1)
    return s


@njit
def nested_index(i, j):
    l = [[1, 2, 3], [4, 5, 6]]
    return l[i][j]


def test_scalar_literals():
    check_cases(int_literal, [(0,), (3,), (-1,), (-4,)])
    check_cases(float_literal, [(1,), (-1,)])
    check_cases(bool_literal, [(0,), (-2,)])
    check_cases(complex_literal, [(1,), (-3,)])
    check_cases(literal_of_args, [(1, 2, 3, -1), (1.5, 2.5, -0.0, 2), (np.float32(1), np.float32(2), np.float32(3), 0)])
    check_cases(mixed_literal_sum, [(3,), (0.25,)])


def test_nested_literal():
    check_cases(nested_index, [(0, 0), (1, -1), (-1, 1), (2, 0), (0, 3)])


def test_index_out_of_range_is_an_index_error():
    check_cases(int_literal, [(4,), (-5,), (100,)])
    check_cases(float_literal, [(3,), (-4,)])


# --- lists of arrays ---------------------------------------------------------------------------------------


@njit
def array_list(a, i):
    l = [a, a * 2.0, np.zeros(3)]
    return l[i]


@njit
def array_list_sum(a, b):
    l = [a, b, a + b]
    s = 0.0
    for i in range(len(l)):
        s += l[i].sum() * (i + 1)
    return s, len(l)


@njit
def array_list_iterate(a, b):
    l = [a, b, a + b]
    s = 0.0
    for x in l:
        s += x.sum()
    return s


@njit
def array_list_write(a):
    l = [a, a[::-1]]
    l[1][0] = -1.0
    l[0] = np.ones(3)
    l[0][1] = 7.0
    return l[0], a


@njit
def return_array_list(n):
    return [np.arange(n), np.arange(n) * 2, np.zeros(n, dtype=np.int64)]


def test_list_of_arrays():
    a = np.arange(3.0)
    check_cases(array_list, [(a, 0), (a, 1), (a, -1), (a[::-1].copy(), 1), (a, 3), (a, -4)])
    check_cases(array_list_sum, [(a, np.ones(3)), (np.arange(6.0).reshape(2, 3)[:, 0], np.arange(2.0))])
    check_cases(return_array_list, [(0,), (4,)])


def test_storing_into_a_list_of_arrays():
    # l holds a C array and a reversed view, so its items are 'A' arrays; storing a new C array converts.
    check_against_python(array_list_write, np.arange(3.0))


def test_iterating_over_a_list_of_arrays():
    check_cases(array_list_iterate, [(np.arange(3.0), np.ones(3)),
                                     (np.arange(6.0).reshape(2, 3)[:, 0], np.arange(2.0))])


def test_list_element_is_the_same_array():
    a = np.arange(3.0)
    got = array_list(a, 0)
    assert got is a or np.shares_memory(got, a)


# --- item assignment, iteration, append --------------------------------------------------------------


@njit
def set_items(i, v):
    l = [1.0, 2.0, 3.0]
    l[i] = v
    l[-1] = l[0] + l[1]
    return l


@njit
def set_out_of_range(i):
    l = [1, 2, 3]
    l[i] = 0
    return l


@njit
def iterate(n):
    l = [n, n + 1, n * 2, -n]
    total = 0
    count = 0
    for x in l:
        total += x * (count + 1)
        count += 1
    return total, count


@njit
def iterate_and_break(v):
    l = [3.0, 1.0, 4.0, 1.0, 5.0]
    for i in range(len(l)):
        if l[i] == v:
            return i
    return -1


@njit
def append_in_loop(n):
    l = [0]
    for i in range(n):
        l.append(i * i)
    return l


@njit
def append_from_empty(n):
    l = []
    for i in range(n):
        l.append(i * 0.5)
    return l


@njit
def append_arrays(n):
    l = [np.zeros(2)]
    for i in range(n):
        l.append(np.full(2, i * 1.0))
    return l


@njit
def append_then_read(n):
    l = [1.0]
    for i in range(n):
        l.append(l[-1] * 2.0)
    return l[-1], len(l), l[n // 2]


def test_set_items():
    check_cases(set_items, [(0, 10.0), (1, -1.0), (-3, 0.5), (2, 9)])
    check_cases(set_out_of_range, [(3,), (-4,), (1,)])


def test_iteration():
    check_cases(iterate, [(0,), (5,), (-3,)])
    check_cases(iterate_and_break, [(1.0,), (5.0,), (9.0,)])


def test_append():
    check_cases(append_in_loop, [(0,), (1,), (10,), (100,)])
    check_cases(append_then_read, [(0,), (5,), (60,)])
    check_cases(append_arrays, [(0,), (3,)])


def test_append_to_an_empty_list():
    check_cases(append_from_empty, [(0,), (5,)])


# --- lists of floats used as accumulators --------------------------------------------------------------


@njit
def running_product(a):
    y = [1.0]
    for i in range(a.shape[0]):
        y[0] = y[0] * a[i]
    return y[0]


@njit
def running_product_2d(A):
    y = [1.0]
    n = A.shape[0]
    for i in range(n):
        y[0] = y[0] * A[i, i]
    return y


def test_list_as_accumulator():
    a = np.array([1.5, -2.0, 0.25, 3.0, 1e10, 1e-3])
    check_cases(running_product, [(a,), (a[::-1],), (np.zeros(0),), (np.arange(1, 8),), (a.astype(np.float32),)])
    m = np.arange(1.0, 17.0).reshape(4, 4)
    check_cases(running_product_2d, [(m,), (m.T,), (np.asfortranarray(m),)])


# --- lists passed as arguments (reflected) ----------------------------------------------------------------


@njit
def read_arg(l, i):
    return l[i], len(l)


@njit
def sum_arg(l):
    s = 0
    for x in l:
        s += x
    return s


@njit
def mutate_arg(l, v):
    l[0] = v
    l.append(v * 2)
    l.append(l[-1] + 1)
    return len(l)


@njit
def only_append(l, n):
    for i in range(n):
        l.append(l[0] * i)


@njit
def set_arg(l, i, v):
    l[i] = v


@njit
def return_arg(l):
    l.append(l[0])
    return l


@njit
def arrays_arg(l):
    total = 0.0
    for i in range(len(l)):
        a = l[i]
        a[0] = -1.0
        total += a.sum()
    return total


@njit
def arrays_arg_iterate(l):
    total = 0.0
    for a in l:
        a[-1] = 5.0
        total += a.sum()
    return total


@njit
def append_array_arg(l, n):
    l.append(np.arange(n) * 1.0)
    return len(l)


def test_reading_list_arguments():
    check_cases(read_arg, [([1, 2, 3], 0), ([1.5, 2.5], -1), ([True, False], 1), ([1, 2, 3], 3), ([1.0], -2)])



def test_iterating_over_a_list_argument():
    check_cases(sum_arg, [([1, 2, 3],), ([0.5, -0.25],), ([7],)])


def test_list_arguments_are_reflected():
    check_cases(mutate_arg, [([1, 2, 3], 10), ([1.5, -2.5], 0.5), ([0], -7)])
    check_cases(only_append, [([1, 2], 3), ([5], 0), ([0.5], 2)])
    check_cases(set_arg, [([1, 2, 3], 1, 9), ([1.0, 2.0], -1, 0.5), ([1, 2], 2, 0)])
    check_cases(return_arg, [([4, 5, 6],), ([0.5],)])


def test_reflected_changes_reach_the_callers_list():
    l = [1, 2, 3]
    assert mutate_arg(l, 10) == 5
    assert l == [10, 2, 3, 20, 21]
    assert all(type(x) is int for x in l)
    f = [0.5]
    only_append(f, 2)
    assert f == [0.5, 0.0, 0.5] and all(type(x) is float for x in f)


def test_list_of_arrays_argument():
    # (a reflected list holds arrays of one type: here all C-contiguous, or all strided)
    check_against_python(arrays_arg, [np.arange(3.0), np.ones(2), np.arange(6.0).reshape(2, 3)[1]])
    check_against_python(arrays_arg, [np.arange(6.0)[::2], np.arange(6.0).reshape(2, 3)[:, 1]])
    check_against_python(append_array_arg, [np.zeros(2), np.ones(3)], 4)
    # the arrays are the caller's: writes land in them
    mine = [np.arange(3.0), np.arange(2.0)]
    arrays_arg(mine)
    assert mine[0][0] == -1.0 and mine[1][0] == -1.0


def test_iterating_over_a_list_of_arrays_argument():
    check_against_python(arrays_arg_iterate, [np.arange(3.0), np.ones(2), np.arange(6.0).reshape(2, 3)[1]])



@njit
def store_expression_in_list(a):
    items = [a, a]
    items[0] = a + 1
    items[1] = np.sin(a) * 2
    return items


def test_list_items_assigned_from_array_expressions():
    check_cases(store_expression_in_list, [(np.arange(3.0),), (np.zeros(0),)])


@njit
def grow_while_iterating(n):
    items = [0]
    count = 0
    for i, x in enumerate(items):
        if i < n:
            items.append(x + 1)
        count += 1
    return count, len(items)


@njit
def grow_arrays_while_iterating(n):
    items = [np.zeros(2)]
    total = 0.0
    for a in items:
        if len(items) < n:
            items.append(a + 1.0)
        total += a.sum()
    return total, len(items)


def test_a_loop_over_a_list_sees_items_appended_in_it():
    check_cases(grow_while_iterating, [(0,), (1,), (5,)])
    check_cases(grow_arrays_while_iterating, [(1,), (4,)])


@njit
def nested_lists(n):
    outer = [[0], [1]]
    for i in range(n):
        outer.append([i, i + 1])
    outer[0].append(7)
    return outer


@njit
def nested_array_lists():
    return [[np.zeros(1)], [np.ones(2), np.arange(3.0)]]


def test_lists_of_lists_returned_to_python():
    for _ in range(3):  # a double free showed on the second call
        check_cases(nested_lists, [(0,), (3,)])
        check_against_python(nested_array_lists)


@njit
def comprehension_squares(n):
    return [i * i for i in range(n)]


@njit
def comprehension_filtered(a):
    return [x for x in a if x % 2 == 0 if x > 2]


@njit
def comprehension_two_loops(n):
    return [i * 10 + j for i in range(n) for j in range(i)]


@njit
def comprehension_own_scope(x, n):
    # The comprehension's x is its own: the argument keeps its value.
    ys = [x * 2 for x in range(n)]
    return x, ys


@njit
def comprehension_of_arrays(n):
    return [np.ones(i) * i for i in range(n)]


@njit
def comprehension_nested(n):
    return [[j for j in range(i)] for i in range(n)]


@njit
def comprehension_unpacking(a, b):
    return [x + y for x, y in zip(a, b)]


@njit
def comprehension_iterated(n):
    s = 0
    for v in [i for i in range(n) if i % 3]:
        s += v
    return s


def test_list_comprehensions():
    check_cases(comprehension_squares, [(0,), (5,)])
    check_cases(comprehension_filtered, [(np.arange(10),), (np.arange(0),)])
    check_cases(comprehension_two_loops, [(0,), (4,)])
    check_cases(comprehension_own_scope, [(7, 3), (1.5, 0)])
    check_cases(comprehension_of_arrays, [(0,), (3,)])
    check_cases(comprehension_nested, [(4,)])
    check_cases(comprehension_unpacking, [(np.arange(3.0), np.ones(3))])
    check_cases(comprehension_iterated, [(10,)])


@njit
def mutate_then_raise(items, fail):
    items.append(2.0)
    items[0] = 9.0
    if fail:
        raise ValueError("after the changes")
    return len(items)


def test_list_changes_reach_the_caller_even_when_the_function_raises():
    check_cases(mutate_then_raise, [([1.0, 5.0], False)])
    expected, got = [1.0], [1.0]
    for f, items in ((mutate_then_raise.py_func, expected), (mutate_then_raise, got)):
        try:
            f(items, True)
        except ValueError:
            pass
    assert got == expected == [9.0, 2.0]


@njit
def append_and_return(items):
    items.append(1.0)
    return items


def test_a_returned_list_argument_is_the_callers_list():
    items = [0.5]
    assert append_and_return(items) is items
    assert items == [0.5, 1.0]


@njit
def append_to_both(a, b):
    a.append(1.0)
    b.append(2.0)
    return len(a) + len(b)


def test_the_same_list_passed_twice_is_one_list():
    for make in (lambda: ([0.0],) * 2, lambda: ([0.0], [5.0])):
        expected, got = make(), make()
        assert append_to_both(*got) == append_to_both.py_func(*expected)
        assert got == expected
