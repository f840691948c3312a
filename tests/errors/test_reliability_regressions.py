"""Regressions found by trying oxjit as an adversarial user would: each against Python."""
import numpy as np
import pytest

import oxjit
from oxjit import njit
from oxjit.testing import check_against_python


@njit
def total(x):
    t = 0.0
    for v in x:
        t += v
    return t


class Tagged(np.ndarray):
    """A subclass that only adds an attribute: still its data."""

    def __new__(cls, data, tag):
        obj = np.asarray(data).view(cls)
        obj.tag = tag
        return obj

    def __array_finalize__(self, obj):
        self.tag = getattr(obj, "tag", None)


@pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")
def test_array_subclasses_with_their_own_semantics_are_refused():
    masked = np.ma.masked_array([1.0, 2.0, 3.0], mask=[0, 1, 0])
    with pytest.raises(oxjit.TypingError, match="MaskedArray"):
        total(masked)
    with pytest.raises(oxjit.TypingError, match="matrix"):
        total(np.matrix([[1.0, 2.0]]))
    # A cached specialisation for plain arrays must not take them either.
    assert total(np.ones(3)) == 3.0
    with pytest.raises(oxjit.TypingError, match="MaskedArray"):
        total(masked)
    tagged = Tagged([1.0, 2.0], "t")
    assert total(tagged) == total.py_func(tagged)


@njit
def add_int(a):
    return a + int(a[0])


@njit
def sub_float(a):
    return a - float(a[0]) ** 2


@njit
def scale_inplace(a):
    a *= (float(a[1]) + float(a[2]))
    return a


def test_python_conversions_of_array_items_are_python_numbers():
    a32 = np.arange(1, 4, dtype=np.int32)
    f32 = np.linspace(0.1, 0.7, 3).astype(np.float32)
    assert add_int(a32).dtype == add_int.py_func(a32).dtype == np.int32
    assert sub_float(f32).dtype == sub_float.py_func(f32).dtype == np.float32
    np.testing.assert_array_equal(scale_inplace(f32.copy()), scale_inplace.py_func(f32.copy()))


def test_an_unknown_keyword_is_reported_as_python_does():
    @njit
    def f(x, y):
        return x + y

    with pytest.raises(TypeError) as python:
        f.py_func(1, z=2)
    with pytest.raises(TypeError) as compiled:
        f(1, z=2)
    assert str(compiled.value) == str(python.value)


def test_a_numpy_keyword_not_supported_yet_says_so():
    @njit
    def s(a):
        return np.sum(a, dtype=np.float32)

    with pytest.raises(oxjit.TypingError, match="'dtype' of sum\\(\\) is not supported"):
        s(np.ones(3))


@njit
def zero_d_arithmetic(a, b):
    return a + 1.5, np.sqrt(a), -a, a * b, a > 1.0, (a + 1) * np.ones(2, np.float32)


@njit
def zero_d_in_place(a):
    a += 1
    return a


def test_arithmetic_on_0d_arrays_gives_numpy_scalars():
    # NumPy's ufuncs give scalars when every operand is 0-d; in place stays an array.
    check_against_python(zero_d_arithmetic, np.array(2.0), np.array(3, np.int8))
    check_against_python(zero_d_arithmetic, np.array(-0.5, np.float32), np.array(True))
    check_against_python(zero_d_in_place, np.array(2.0))
