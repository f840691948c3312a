"""Dicts made in compiled code against CPython: displays, ``dict()``, ``{}`` typed from how
the function uses it, comprehensions, item access and assignment, ``del``, ``in``, ``len``,
iteration in insertion order (after deletes and reinserts too), every method, dicts
returned to Python, and the errors Python raises (KeyError with the key, RuntimeError when
a loop's dict changes size).
"""
import numpy as np
import pytest

from oxjit import njit
from oxjit.errors import TypingError
from oxjit.testing import assert_precise_equal, check_against_python

from ._helpers import check_cases

# --- making dicts -----------------------------------------------------------------------------------


@njit
def display(a, b):
    return {1: a, 2: b, 3: a + b}


@njit
def display_unifies_values(k):
    d = {1: 1, 2: 2.5}
    return d[k] + 0.5


@njit
def empty_from_setitem(n):
    d = {}
    for i in range(n):
        d[i * 3 % 7] = i * 0.5
    return d


@njit
def empty_from_get(keys):
    counts = dict()
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    return counts


@njit
def empty_from_setdefault(n):
    d = {}
    for i in range(n):
        d.setdefault(i % 3, i)
    return d


@njit
def empty_never_filled(n):
    d = {}
    return len(d) + n


@njit
def comprehension(n):
    return {i: i * i for i in range(n) if i % 2 == 0}


@njit
def nested_comprehension(n):
    return {(i, j): i * 10 + j for i in range(n) for j in range(i)}


@njit
def copy_with_dict_call(n):
    d = {i: float(i) for i in range(n)}
    e = dict(d)
    e[100] = 1.0
    return d, e


def test_making_dicts():
    check_cases(display, [(1.5, 2.0), (-1.0, 0.0)])
    check_cases(display_unifies_values, [(1,), (2,)])
    check_cases(empty_from_setitem, [(0,), (1,), (20,)])
    keys = np.random.default_rng(3).integers(0, 50, 1000)
    check_cases(empty_from_get, [(keys,), (keys[:0],)])
    check_cases(empty_from_setdefault, [(0,), (10,)])
    check_cases(empty_never_filled, [(3,)])
    check_cases(comprehension, [(0,), (9,)])
    check_cases(nested_comprehension, [(4,)])
    check_cases(copy_with_dict_call, [(3,)])
    # Nothing is ever stored: any entry types do, and Python sees an empty dict.
    check_cases(empty_only_read, [(1,)])


# --- items ------------------------------------------------------------------------------------------


@njit
def getitem(k):
    d = {1: 10, -5: 20, 2**40: 30}
    return d[k]


@njit
def setitem_replaces(k, v):
    d = {1: 1.0, 2: 2.0}
    d[k] = v
    d[k] = d[k] * 2
    return d


@njit
def delitem(k):
    d = {i: i * 2 for i in range(5)}
    del d[k]
    return d


@njit
def contains(k):
    d = {1: 1, 3: 3}
    return k in d, k not in d, 7 in d.keys()


@njit
def length_and_truth(n):
    d = {i: i for i in range(n)}
    e = {}
    e[1] = 2
    del e[1]
    return len(d), bool(d), not e, len(e)


def test_items():
    check_cases(getitem, [(1,), (-5,), (2**40,), (7,)])
    check_cases(setitem_replaces, [(1, 5.0), (3, -1.0)])
    check_cases(delitem, [(0,), (4,), (9,)])
    check_cases(contains, [(1,), (2,)])
    check_cases(length_and_truth, [(0,), (4,)])


def test_key_error_carries_the_key():
    with pytest.raises(KeyError) as info:
        getitem(12345)
    assert info.value.args == (12345,)


# --- keys of other types --------------------------------------------------------------------------------


@njit
def float_keys(x):
    d = {0.0: 1, 1.5: 2}
    d[x] = 3
    return d, x in d, d.get(-x, -1)


@njit
def tuple_keys(i, j):
    d = {(1, 2.5): 1, (3, -1.0): 2}
    d[(i, j)] = 9
    return d, (i, j) in d, len(d)


@njit
def bool_keys(b):
    d = {True: 1.0}
    d[b] = 2.0
    return d


@njit
def int32_keys(a):
    d = {}
    for x in a:
        d[x] = d.get(x, 0) + 1
    return d


def test_keys_of_other_types():
    # -0.0 and 0.0 are one key, as in Python.
    check_cases(float_keys, [(0.0,), (-0.0,), (1.5,), (2.25,), (float("inf"),)])
    check_cases(tuple_keys, [(1, 2.5), (3, -0.0), (5, 5.0)])
    check_cases(bool_keys, [(True,), (False,)])
    check_cases(int32_keys, [(np.array([3, 1, 3, -2, 1, 3], dtype=np.int32),)])


@njit
def many_colliding_keys(n, stride):
    d = {}
    for i in range(n):
        d[i * stride] = i
    total = 0
    for i in range(n):
        total += d[i * stride]
    return total, len(d)


def test_keys_that_share_low_bits():
    check_cases(many_colliding_keys, [(2000, 1), (2000, 1024), (2000, 2**32), (500, -(2**40))])


# --- values of other types -------------------------------------------------------------------------


@njit
def array_values(n):
    d = {}
    for i in range(n):
        d[i] = np.arange(i * 1.0)
    d[0] = np.ones(2)
    del d[1]
    return d


@njit
def tuple_of_array_values(n):
    d = {i: (np.zeros(i), i) for i in range(n)}
    x = d.pop(0)
    return d, x


@njit
def list_values(n):
    d = {0: [1.0]}
    for i in range(n):
        d[i] = [float(i), 2.0]
    return d


@njit
def dict_values(n):
    d = {0: {1: 2}}
    for i in range(n):
        d[i] = {i: i + 1}
    return d


def test_values_that_hold_memory():
    check_cases(array_values, [(0,), (4,)])
    check_cases(tuple_of_array_values, [(1,), (3,)])
    check_cases(list_values, [(0,), (3,)])
    check_cases(dict_values, [(0,), (3,)])


# --- iteration --------------------------------------------------------------------------------------


@njit
def iterate_keys(n):
    d = {i * 7 % 11: i for i in range(n)}
    out = []
    for k in d:
        out.append(k)
    return out


@njit
def iterate_views(n):
    d = {i: i * 0.5 for i in range(n)}
    del d[1]
    d[1] = -1.0
    ks = [k for k in d.keys()]
    vs = [v for v in d.values()]
    items = [(k, v) for k, v in d.items()]
    return ks, vs, items, len(d.items())


@njit
def order_after_deletes_and_reinserts(n):
    d = {}
    for i in range(n):
        d[i] = i
    for i in range(0, n, 3):
        del d[i]
    for i in range(0, n, 6):
        d[i] = -i
    return d


@njit
def grow_while_iterating(n):
    d = {i: i for i in range(n)}
    for k in d:
        d[k + 100] = 0
    return d


@njit
def delete_while_iterating(n):
    d = {i: i for i in range(n)}
    for k in d:
        del d[k]
    return d


@njit
def replace_while_iterating(n):
    d = {i: i for i in range(n)}
    for k in d:
        d[k] = d[k] * 10
    return d


def test_iteration():
    check_cases(iterate_keys, [(0,), (11,)])
    check_cases(iterate_views, [(2,), (5,)])
    check_cases(order_after_deletes_and_reinserts, [(20,), (100,)])
    check_cases(replace_while_iterating, [(4,)])


@njit
def delete_in_the_last_pass(n):
    d = {i: i * 1.5 for i in range(n)}
    total = 0.0
    for k, v in d.items():
        total += v
        if k == n - 1:
            d.pop(k)
    return total


@njit
def delete_ahead(n):
    d = {i: i for i in range(n)}
    total = 0
    for v in d.values():
        total += v
        if len(d) > 1:
            d.popitem()
    return total


@njit
def replace_a_key_while_iterating(n, visited):
    # One entry in, one out: the size stays, and Python's iterator walks on over its
    # entries. Removing one already visited leaves a new entry past the end: an error.
    d = {i: i for i in range(n)}
    seen = 0
    for k in d:
        seen += k
        if k == 0:
            d[100] = 1
            if visited:
                del d[0]
            else:
                d.pop(100)
    return seen, len(d)


def test_changing_size_while_iterating_is_a_runtime_error():
    for f in (grow_while_iterating, delete_while_iterating):
        with pytest.raises(RuntimeError, match="dictionary changed size during iteration"):
            f(3)
        check_against_python(f, 3)
    # A dict that shrinks to where the loop would end is caught too, not left quietly.
    for f in (delete_in_the_last_pass, delete_ahead):
        for n in (1, 2, 5):
            check_against_python(f, n)
        with pytest.raises(RuntimeError, match="dictionary changed size during iteration"):
            f(2)
    for n in (1, 2, 3):
        for visited in (False, True):
            check_against_python(replace_a_key_while_iterating, n, visited)
    with pytest.raises(RuntimeError, match="dictionary keys changed during iteration"):
        replace_a_key_while_iterating(3, True)


# --- methods ----------------------------------------------------------------------------------------


@njit
def get_forms(k):
    d = {1: 1.5, 2: 2.5}
    return d.get(k, 0.0), d.get(k, -1.0), d.get(k) is None


@njit
def get_optional(k):
    d = {1: 1.5}
    return d.get(k)


@njit
def pop_forms(k):
    d = {1: 10, 2: 20}
    a = d.pop(k, -1)
    return a, d


@njit
def pop_missing(k):
    d = {1: 10}
    return d.pop(k)


@njit
def popitem(n):
    d = {i: i * 2 for i in range(n)}
    a = d.popitem()
    d[100] = 1
    b = d.popitem()
    return a, b, d


@njit
def popitem_empty():
    d = {1: 1}
    d.popitem()
    return d.popitem()


@njit
def setdefault(k):
    d = {1: [1.0]}
    v = d.setdefault(k, [0.0])
    v.append(9.0)
    return d


@njit
def update_clear_copy(n):
    d = {i: i for i in range(n)}
    e = d.copy()
    e.update({100: 1, 0: -5})
    d.clear()
    d[7] = 7
    return d, e


def test_methods():
    check_cases(get_forms, [(1,), (3,)])
    check_cases(get_optional, [(1,), (3,)])
    check_cases(pop_forms, [(1,), (3,)])
    check_cases(pop_missing, [(1,), (3,)])
    check_cases(popitem, [(1,), (4,)])
    check_cases(popitem_empty, [()])
    check_cases(setdefault, [(1,), (2,)])
    check_cases(update_clear_copy, [(0,), (3,)])


def test_popitem_of_an_empty_dict_says_so():
    with pytest.raises(KeyError, match="dictionary is empty"):
        popitem_empty()


# --- numba.typed.Dict in compiled code ---------------------------------------------------------------


from oxjit import types  # noqa: E402
from oxjit.typed import Dict  # noqa: E402


@njit
def typed_dict_empty(keys):
    d = Dict.empty(key_type=types.uint64, value_type=types.intp)
    for j in range(keys.shape[0]):
        d[keys[j]] = j
    del d[keys[0]]
    return d


@njit
def typed_dict_positional(n):
    d = Dict.empty(types.int64, types.float64)
    for i in range(n):
        d[i] = i / 2
    return d


def typed_dict_one_type():
    return Dict.empty(types.int64)


def test_typed_dict_empty_in_compiled_code():
    # Python cannot make a typed.Dict here (oxjit's class is for compiled code only):
    # the reference is the same loop over a plain dict.
    keys = np.array([5, 7, 9, 7], dtype=np.uint64)
    expected = {}
    for j, k in enumerate(keys):
        expected[k] = j
    del expected[keys[0]]
    assert_precise_equal(typed_dict_empty(keys), expected)
    assert_precise_equal(typed_dict_positional(3), {i: i / 2 for i in range(3)})
    assert "takes two number types" in _compile_error(typed_dict_one_type)


# --- del of list items --------------------------------------------------------------------------------


@njit
def del_list_item(i):
    l = [1, 2, 3, 4]
    del l[i]
    return l


@njit
def del_list_of_arrays(i):
    l = [np.zeros(1), np.ones(2)]
    del l[i]
    return l


def test_del_list_items():
    check_cases(del_list_item, [(0,), (-1,), (3,), (4,), (-5,)])
    check_cases(del_list_of_arrays, [(0,), (1,)])


# --- what compiled dicts refuse ---------------------------------------------------------------------


def _compile_error(source_func, *args):
    with pytest.raises(TypingError) as info:
        njit(source_func)(*args)
    return str(info.value)


def mixed_values(k):
    d = {1: 1.0}
    d[2] = np.zeros(3)
    return d[k]


def float_key_into_int_dict(x):
    d = {1: 1}
    return d[x]


@njit
def empty_only_read(k):
    d = {}
    return k in d, len(d), d


def value_read_from_itself(k):
    d = {}
    d[k] = d[k]
    return d


def list_keys():
    return {[1]: 2}


def test_typing_errors_name_the_problem():
    assert "cannot store" in _compile_error(mixed_values, 1)
    assert "cannot be looked up" in _compile_error(float_key_into_int_dict, 1.5)
    assert "empty dict" in _compile_error(value_read_from_itself, 1)
    assert "dict keys of type list(int64)" in _compile_error(list_keys)


# --- dicts passed from Python ----------------------------------------------------------------------
# A dict argument is reflected like a list: compiled code works on a copy whose contents
# go back into the caller's dict after the call (check_against_python compares the
# arguments after the call too).


@njit
def count_into(d, keys):
    for k in keys:
        d[k] = d.get(k, 0) + 1
    return len(d)


@njit
def remove_and_sum(d, k):
    del d[k]
    s = 0.0
    for key, value in d.items():
        s += key * value
    return s


@njit
def returns_its_argument(d):
    d[100] = -1.0
    return d


@njit
def arrays_in_argument(d):
    total = 0.0
    for v in d.values():
        total += v.sum()
    d[9] = np.ones(2)
    return total


@njit
def changes_then_raises(d):
    d[5] = 5
    raise ValueError("after a change")


def test_dict_arguments_are_reflected():
    keys = np.array([3, 1, 3, 7])
    check_cases(count_into, [({1: 10, 2: 20}, keys)])
    check_cases(remove_and_sum, [({1: 1.5, 2: 2.5, 3: -1.0}, 2), ({1: 1.5}, 4)])
    check_cases(returns_its_argument, [({1: 2.0},)])
    check_cases(arrays_in_argument, [({1: np.arange(3.0), 2: np.zeros(4)},)])
    d = {1: 2.0}
    assert returns_its_argument(d) is d
    d = {1: 1}
    with pytest.raises(ValueError):
        changes_then_raises(d)
    assert d == {1: 1, 5: 5}


def test_dict_arguments_that_cannot_be_typed():
    with pytest.raises(TypeError, match="empty dict argument"):
        count_into({}, np.arange(3))
    with pytest.raises(TypeError, match="types of the first entry"):
        count_into({1: 1, 2: 2.5}, np.arange(3))
    with pytest.raises(TypeError, match="values of type list"):
        count_into({1: [1]}, np.arange(3))


# --- string keys -------------------------------------------------------------------------------------


@njit
def count_words(text):
    counts = {}
    for w in text.split():
        counts[w] = counts.get(w, 0) + 1
    return counts


@njit
def string_display(k):
    d = {"a": 1.0, "é😀": 2.0}
    d[str(k)] = 3.0
    return d, "a" in d, d.get("zz", -1.0), d["é😀"]


@njit
def string_key_missing(k):
    d = {"a": 1}
    return d[k]


@njit
def words_into(d, words):
    for w in words:
        d[w] = len(w)
    del d["x"]
    return len(d)


def test_string_keys():
    check_cases(count_words, [("",), ("the cat and the hat and the bat",), (" é😀 x é😀\t",)])
    check_cases(string_display, [(1,), (-20,)])
    check_cases(string_key_missing, [("a",), ("b",)])
    with pytest.raises(KeyError) as info:
        string_key_missing("missing")
    assert info.value.args == ("missing",)
    check_cases(words_into, [({"x": 1, "y": 2}, ["ab", "é", "y"])])
