"""Functions that return a value on some paths and None on others (falling off the
end, or `return None`): typed `OptionalType(T)` as in Numba, each call's result the
Python function's."""
import numpy as np
import pytest

import oxjit


def first_at_least(x, t):
    for i in range(x.shape[0]):
        if x[i] >= t:
            return i


def maybe_array(n):
    if n > 0:
        return np.arange(n) * 2.0
    return None


def maybe_pair(x):
    if x > 0:
        return x, 2 * x
    return None


def widened(x):
    if x > 1:
        return 1
    if x > 0:
        return 2.5
    return None


def checks_callee(x, t):
    r = first_at_least(x, t)
    if r is None:
        return -1
    return 7


def uses_callee(x, t):
    return first_at_least(x, t) + 1


@pytest.mark.parametrize("t", [-1.0, 2.5, 4.0, 10.0])
def test_a_value_or_none_comes_back_as_python_gives_it(t):
    x = np.arange(5.0)
    assert oxjit.njit(first_at_least)(x, t) == first_at_least(x, t)
    assert oxjit.njit(checks_callee)(x, t) == checks_callee(x, t)


@pytest.mark.parametrize("n", [0, 3])
def test_arrays_tuples_and_widened_numbers(n):
    got, expected = oxjit.njit(maybe_array)(n), maybe_array(n)
    assert (got is None and expected is None) or np.array_equal(got, expected)
    for x in (-1, 0, 3, 1.5):
        assert oxjit.njit(maybe_pair)(x) == maybe_pair(x)
        assert oxjit.njit(widened)(x) == widened(x)


def test_the_type_is_numbas_optional():
    f = oxjit.njit(first_at_least)
    f(np.arange(3.0), 1.0)
    assert str(f.nopython_signatures[0].return_type) == "OptionalType(int64)"


def test_using_a_value_that_may_be_none_raises_when_it_is_none():
    f = oxjit.njit(uses_callee)
    x = np.arange(3.0)
    assert f(x, 1.0) == uses_callee(x, 1.0)
    with pytest.raises(TypeError, match="unsupported operand type"):
        uses_callee(x, 10.0)
    with pytest.raises(TypeError, match="unsupported operand type"):
        f(x, 10.0)
