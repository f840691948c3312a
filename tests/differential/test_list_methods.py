"""List methods against CPython: insert, pop, extend, clear, reverse, copy, index, count,
remove and the ``in`` operator, on lists made in compiled code and on reflected list
arguments (whose changes must reach the caller's list), with lists of numbers and of
arrays. Every test also checks the runtime's allocation counters balance (autouse
fixture), which catches a reference lost or kept by a method that moves items.
"""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oxjit import njit
from oxjit.testing import check_against_python

from ._helpers import check_cases

# Empty list arguments cannot be typed (as in Numba): every argument list has an item.
small_ints = st.lists(st.integers(-5, 5), min_size=1, max_size=8)
indices = st.integers(-10, 10)


@njit
def insert_at(l, i, x):
    l.insert(i, x)
    return len(l)


@njit
def pop_last(l):
    return l.pop()


@njit
def pop_at(l, i):
    return l.pop(i)


@njit
def extend_with(l, m):
    l.extend(m)
    return len(l)


@njit
def extend_with_itself(l):
    l.extend(l)
    return l[len(l) - 1]


@njit
def extend_with_tuple(l, a, b):
    l.extend((a, b))
    return len(l)


@njit
def clear_then_append(l, x):
    l.clear()
    l.append(x)
    return len(l)


@njit
def reverse(l):
    l.reverse()
    return l[0] if len(l) else -1


@njit
def copy_is_independent(l, x):
    c = l.copy()
    c.append(x)
    l.append(x + 1)
    return c


@njit
def index_of(l, x):
    return l.index(x)


@njit
def count_of(l, x):
    return l.count(x)


@njit
def remove(l, x):
    l.remove(x)
    return len(l)


@njit
def contains(l, x):
    return x in l, x not in l


@given(l=small_ints, i=indices, x=st.integers(-5, 5))
def test_insert(l, i, x):
    check_against_python(insert_at, l, i, x)


@given(l=small_ints)
def test_pop_last(l):
    check_against_python(pop_last, l)


@given(l=small_ints, i=indices)
def test_pop_at(l, i):
    check_against_python(pop_at, l, i)


@njit
def pop_twice(x):
    l = [x]
    l.pop()
    return l.pop()


def test_pop_errors_say_why():
    with pytest.raises(IndexError, match="pop from empty list"):
        pop_twice(1.0)
    with pytest.raises(IndexError, match="pop index out of range"):
        pop_at([1, 2], 2)


@given(l=small_ints, m=small_ints)
def test_extend(l, m):
    check_against_python(extend_with, l, m)


@njit
def extend_float_list(a, b):
    l = [0.5]
    l.extend([a, b])
    l.extend((b, a))
    return 0.5 * (l[1] + 10 * l[2] + 100 * l[3] + 1000 * l[4]), len(l)


def test_extend_converts_numbers_like_append():
    # A typed list holds floats where Python's keeps the ints, so compare by value.
    check_cases(extend_float_list, [(1, 2), (True, 3), (1.5, -2)])
    check_cases(extend_with_tuple, [([1.5], 2.0, 3.5), ([1], 2, 3)])


@given(l=st.lists(st.integers(-5, 5), min_size=1, max_size=8))
def test_extend_with_itself(l):
    check_against_python(extend_with_itself, l)


@given(l=small_ints, x=st.integers(-(2**63), 2**63 - 1))
def test_clear(l, x):
    check_against_python(clear_then_append, l, x)


@given(l=small_ints)
def test_reverse(l):
    check_against_python(reverse, l)


@given(l=small_ints, x=st.integers(-5, 5))
def test_copy(l, x):
    check_against_python(copy_is_independent, l, x)


@given(l=small_ints, x=st.integers(-6, 6))
def test_index_count_remove_and_in(l, x):
    check_against_python(index_of, l, x)
    check_against_python(count_of, l, x)
    check_against_python(remove, l, x)
    check_against_python(contains, l, x)


def test_searching_compares_numbers_by_value():
    check_cases(index_of, [([1.0, 2.0, 2.0], 2), ([1.0, float("nan")], float("nan")), ([0.0], -0.0)])
    check_cases(contains, [([1, 2, 3], 2.0), ([1, 2, 3], 2.5), ([True, False], 0)])


def test_search_errors_say_why():
    with pytest.raises(ValueError, match="not in list"):
        index_of([1, 2], 3)
    with pytest.raises(ValueError, match=r"list.remove\(x\): x not in list"):
        remove([1, 2], 3)


# --- lists made in compiled code, and lists of arrays -------------------------------------------------------


@njit
def stack_machine(n):
    stack = [0]
    out = 0
    for i in range(n):
        if i % 3 == 2:
            out += stack.pop() * i
        else:
            stack.insert(len(stack) // 2, i)
    stack.reverse()
    stack.extend(stack.copy())
    return out, len(stack), stack.count(1), 4 in stack


@given(n=st.integers(0, 40))
def test_methods_on_a_list_made_in_compiled_code(n):
    check_against_python(stack_machine, n)


@njit
def juggle_arrays(n):
    rows = [np.arange(3.0) + i for i in range(n)]
    first = rows.pop(0)
    last = rows.pop()
    rows.insert(1, first * 10)
    more = rows.copy()
    rows.extend(more)
    rows.reverse()
    total = 0.0
    for r in rows:
        total += r.sum()
    rows.clear()
    return total + last[2], len(rows), len(more), first


@pytest.mark.parametrize("n", [2, 3, 6])
def test_methods_on_a_list_of_arrays(n):
    check_against_python(juggle_arrays, n)


@njit
def pop_array_argument(l):
    a = l.pop()
    a[0] = -1.0
    l.insert(0, a)
    return a


def test_popped_array_is_the_callers_array():
    arrays = [np.zeros(2), np.ones(3)]
    last = arrays[1]
    out = pop_array_argument(arrays)
    assert out is last or np.shares_memory(out, last)
    assert len(arrays) == 2 and np.shares_memory(arrays[0], last)
    check_against_python(pop_array_argument, [np.zeros(2), np.ones(3)])


@njit
def empty_list_typed_by_insert(n):
    l = []
    for i in range(n):
        l.insert(0, i * 0.5)
    return l


def test_an_empty_list_takes_its_type_from_insert():
    check_cases(empty_list_typed_by_insert, [(0,), (1,), (5,)])


@njit
def append_complex_to_floats(x):
    l = [1.0]
    l.append(x)
    return l


@njit
def insert_float_into_ints(x):
    l = [1]
    l.insert(0, x)
    return l


def test_items_never_convert_down_a_kind():
    # Python's list would hold both; a compiled list has one item type, and converting
    # down would lose the imaginary or fractional part, so it is refused at compile time.
    import oxjit

    with pytest.raises(oxjit.errors.TypingError, match="cannot append complex128 to a list of float64"):
        append_complex_to_floats(1j)
    with pytest.raises(oxjit.errors.TypingError, match="insert"):
        insert_float_into_ints(2.5)
    assert insert_float_into_ints(True) == insert_float_into_ints.py_func(True)  # up a kind: bool to int


@njit
def return_popped_array(l):
    return l.pop()


@njit
def return_item_after_clear(l):
    x = l[0]
    l.clear()
    return x, l


@njit
def return_view_of_popped(l):
    return l.pop()[1:], l.pop().T


def test_arrays_taken_out_of_a_list_argument_outlive_it():
    # The caller's list drops them when it is written back; the results must stay valid.
    import gc

    for f in (return_popped_array, return_item_after_clear, return_view_of_popped):
        arrays = [np.arange(3.0), np.arange(3.0) + 10]
        expected = f.py_func(list(arrays))
        got = f(arrays)
        del arrays
        gc.collect()
        np.testing.assert_equal(got, expected)


@njit
def comprehension_of_tuples_with_arrays(n):
    l = [(np.zeros(1), i) for i in range(n)]
    return len(l)


def test_lists_of_tuples_holding_arrays_are_refused():
    import oxjit

    with pytest.raises(oxjit.errors.TypingError, match="lists of Tuple"):
        comprehension_of_tuples_with_arrays(3)


@njit
def concatenate(l, m):
    both = l + m
    both.append(m[0])
    return both, l, m


@njit
def extend_in_place(l, x):
    l += [x, x + 1]
    l += (x * 2,)
    return len(l)


@njit
def concatenate_made_lists(n):
    a = [i * 0.5 for i in range(n)]
    b = [np.arange(i) for i in range(n)]
    c = b + b
    a += a
    return a + [1.0, 2.5], len(c), c[-1]


def test_list_concatenation_and_in_place_extension():
    check_cases(concatenate, [([1, 2], [3]), ([1.5], [2.5, -1.0])])
    # Mixed numbers meet in one type (a float list), equal in value to Python's.
    assert concatenate([1.5], [2])[0] == concatenate.py_func([1.5], [2])[0]
    check_cases(extend_in_place, [([1, 2], 5), ([0.5], 2.5)])
    check_cases(concatenate_made_lists, [(0,), (1,), (4,)])
