"""Generator functions compiled: what `list()` and `next()` get from Python, loops over
them in compiled code, exceptions raised while running, and generators dropped before
their end (the leak check after every test covers what they hold)."""
import numpy as np
import pytest

import oxjit
from oxjit.errors import TypingError


def evens(n):
    for i in range(n):
        if i % 2 == 0:
            yield i


def window_sums(a, k):
    for i in range(a.shape[0] - k + 1):
        yield a[i:i + k].sum()


def running(a):
    acc = np.zeros(a.shape[0])
    for step in range(3):
        acc = acc + a * step
        yield acc.copy(), step


def nested(n):
    for i in range(n):
        for j in range(i):
            if i * j > 6:
                return
            yield i * 10 + j


def with_handler(a):
    for i in range(a.shape[0]):
        try:
            yield 10 // int(a[i])
        except ZeroDivisionError:
            yield -1


def fails_midway(n):
    for i in range(n):
        yield 10 // (2 - i)


def as_list(gen):
    return [x.tolist() if isinstance(x, np.ndarray) else x for x in gen]


@pytest.mark.parametrize("func, args", [
    (evens, (7,)),
    (evens, (0,)),
    (window_sums, (np.arange(6.0), 3)),
    (nested, (6,)),
    (with_handler, (np.array([2, 0, 5], dtype=np.int64),)),
])
def test_list_of_a_generator_is_pythons(func, args):
    assert list(oxjit.njit(func)(*args)) == list(func(*args))


def test_arrays_and_tuples_yielded_live_on():
    a = np.arange(4.0)
    got = [(acc.tolist(), s) for acc, s in oxjit.njit(running)(a)]
    expected = [(acc.tolist(), s) for acc, s in running(a)]
    assert got == expected


def test_a_generator_dropped_early_releases_what_it_holds():
    g = oxjit.njit(running)(np.arange(4.0))
    first = next(g)
    assert first[0].tolist() == [0.0, 0.0, 0.0, 0.0]
    del g
    g = oxjit.njit(running)(np.arange(4.0))
    g.close()
    assert list(g) == []


def test_the_arguments_stay_alive_with_the_generator():
    g = oxjit.njit(window_sums)(np.arange(10.0) * 2, 2)
    assert list(g) == list(window_sums(np.arange(10.0) * 2, 2))


def test_an_exception_ends_the_generator():
    g = oxjit.njit(fails_midway)(4)
    assert next(g) == 5 and next(g) == 10
    with pytest.raises(ZeroDivisionError):
        next(g)
    assert list(g) == []


def sum_evens(n):
    s = 0
    for x in evens(n):
        s += x
    return s


def pairs(n):
    out = 0.0
    for acc, step in running(np.ones(n)):
        out += acc.sum() * step
    return out


def test_loops_over_generators_in_compiled_code():
    assert oxjit.njit(sum_evens)(11) == sum_evens(11)
    assert oxjit.njit(pairs)(3) == pairs(3)


def returns_a_value(n):
    yield n
    return 5


def sends(n):
    x = yield n
    yield x


def takes_a_list(items):
    for x in items:
        yield x


def test_refusals():
    with pytest.raises(TypingError, match="cannot return a value"):
        list(oxjit.njit(returns_a_value)(1))
    with pytest.raises(TypingError, match="send"):
        oxjit.njit(sends)(1)
    with pytest.raises(TypingError, match="list"):
        oxjit.njit(takes_a_list)([1, 2])


def unassigned_across_a_yield(n):
    if n > 0:
        x = 1
    yield 0
    yield x


def test_a_variable_maybe_unassigned_across_a_yield_is_refused():
    with pytest.raises(TypingError, match="may be unassigned where the generator resumes"):
        oxjit.njit(unassigned_across_a_yield)(1)
