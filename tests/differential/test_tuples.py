"""Tuple slicing with constant bounds and repetition by a constant, against Python."""
import numpy as np
import pytest

import oxjit
from oxjit.errors import TypingError

from ._helpers import check_cases


def slices(t):
    return t[1:], t[:-1], t[::2], t[::-1], t[-2:], t[5:], t[1:3], t[:0], t[-100:100]


def mixed_slices(t):
    return t[1:], t[::-1]


def repeated(t):
    return t * 2, 3 * t, t * 0, t * -1


def with_arrays(a, b):
    t = (a, b, a)
    u = t[::-1] * 2
    return u[0].sum() + u[3].sum() + len(u)


def run_time_bound(t, k):
    return t[k:]


def test_tuple_slices():
    check_cases(oxjit.njit(slices), [((1, 2, 3, 4),), ((1.5,),), ((),)])
    check_cases(oxjit.njit(mixed_slices), [((1, 2.5, True),)])


def test_tuple_repetition():
    check_cases(oxjit.njit(repeated), [((1, 2),), ((1.5, 2, False),)])
    check_cases(oxjit.njit(with_arrays), [(np.arange(3.0), np.ones(2))])


def test_a_slice_bound_known_only_at_run_time_is_refused():
    with pytest.raises(TypingError, match="bounds known only at run time"):
        oxjit.njit(run_time_bound)((1, 2, 3), 1)


def starred(t):
    a, *rest = t
    *init, last = t
    first, *middle, end = t
    return a, rest, init, last, first, middle, end


def starred_into_nothing(t):
    a, *rest, b = t
    return a, rest, b


def starred_from_a_list(items):
    a, *rest = items
    return a


def test_starred_assignment_from_tuples():
    check_cases(oxjit.njit(starred), [((1, 2, 3, 4),), ((1, 2),), ((1.5, 2.5, 3.5),)])
    check_cases(oxjit.njit(starred_into_nothing), [((1, 2),)])
    with pytest.raises(TypingError, match="not enough values to unpack"):
        oxjit.njit(starred_into_nothing)((1,))
    with pytest.raises(TypingError, match="starred assignment from"):
        oxjit.njit(starred_from_a_list)([1, 2, 3])


def concatenated_arrays(n):
    t = (np.ones(n),)
    u = t + t + (np.zeros(n),)
    return u


def test_concatenated_tuples_of_arrays_hold_their_own_references():
    # The leak check after the test sees each array freed once.
    got = oxjit.njit(concatenated_arrays)(3)
    expected = concatenated_arrays(3)
    assert len(got) == 3 and all(np.array_equal(g, e) for g, e in zip(got, expected))
