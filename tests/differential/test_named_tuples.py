"""``collections.namedtuple`` in compiled code: arguments, fields by name, construction
and results, against the same functions run by Python."""
from collections import namedtuple

import numpy as np
import pytest

import oxjit
from oxjit.testing import check_against_python

Point = namedtuple("Point", ["x", "y"])
Result = namedtuple("Result", "value ok count")
Holder = namedtuple("Holder", ["data", "scale"])


@oxjit.njit
def norm(p):
    return (p.x ** 2 + p.y ** 2) ** 0.5


@oxjit.njit
def summary(a, n):
    return Result(a.sum(), n > 0, count=n)


@oxjit.njit
def as_tuple_ops(p):
    x, y = p
    total = 0.0
    for item in p:
        total += item
    return Point(y, x), p[0], p[-1], len(p), total, p == Point(x, y)


@oxjit.njit
def scaled(h):
    return Holder(h.data * h.scale, h.scale)


@oxjit.njit
def pick(h, i):
    return h.data[i] + h.scale


def test_fields_by_name():
    check_against_python(norm, Point(3.0, 4.0))
    check_against_python(norm, Point(1, 2))


def test_construction_gives_the_class_back_to_python():
    got = summary(np.arange(4.0), 3)
    assert type(got) is Result
    assert got == summary.py_func(np.arange(4.0), 3)


def test_tuple_behaviour():
    got = as_tuple_ops(Point(1.0, 2.5))
    assert got == as_tuple_ops.py_func(Point(1.0, 2.5))
    assert type(got[0]) is Point


def test_arrays_inside_namedtuples():
    h = Holder(np.arange(5.0), 2.0)
    got = scaled(h)
    expected = scaled.py_func(h)
    assert type(got) is Holder
    np.testing.assert_array_equal(got.data, expected.data)
    assert got.scale == expected.scale
    assert pick(h, 3) == pick.py_func(h, 3)


def test_namedtuples_and_plain_tuples_are_different_arguments():
    @oxjit.njit
    def first(t):
        return t[0]

    assert first(Point(1.0, 2.0)) == 1.0
    assert first((1.0, 2.0)) == 1.0
    assert len(first.signatures) == 2


def test_bad_constructions_and_fields_are_typing_errors():
    @oxjit.njit
    def missing(x):
        return Point(x)

    @oxjit.njit
    def unknown(x):
        return Point(x, z=x)

    @oxjit.njit
    def twice(x):
        return Point(x, x, y=x)

    @oxjit.njit
    def too_many(x):
        return Point(x, x, x)

    @oxjit.njit
    def not_a_field(p):
        return p.z

    with pytest.raises(oxjit.TypingError, match="missing field 'y'"):
        missing(1.0)
    with pytest.raises(oxjit.TypingError, match="no field 'z'"):
        unknown(1.0)
    with pytest.raises(oxjit.TypingError, match="field 'y' twice"):
        twice(1.0)
    with pytest.raises(oxjit.TypingError, match="takes 2 fields, 3 given"):
        too_many(1.0)
    with pytest.raises(oxjit.TypingError, match="no attribute 'z'"):
        not_a_field(Point(1.0, 2.0))


def test_typeof_and_typing_functions_see_the_class():
    t = oxjit.typeof(Point(1.0, 2.0))
    assert isinstance(t, oxjit.types.NamedUniTuple) and isinstance(t, oxjit.types.BaseNamedTuple)
    assert t.instance_class is Point and t.fields == ("x", "y") and t.count == 2
    r = oxjit.typeof(Result(1.0, True, 3))
    assert isinstance(r, oxjit.types.NamedTuple) and r.instance_class is Result
