"""np.iinfo and np.finfo in compiled code: every attribute of every supported type,
compared with NumPy's own values (same value and same kind of number)."""
import numpy as np
import pytest

from oxjit import njit
from oxjit.errors import TypingError
from oxjit.testing import check_against_python

INTS = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]
FLOATS = [np.float32, np.float64, np.complex64, np.complex128]


@njit
def iinfo_of_type(x):
    info = np.iinfo(x.dtype)
    return info.min, info.max, info.bits


@njit
def iinfo_of_value(x):
    return np.iinfo(x).max, np.iinfo(x).min + 1


@njit
def finfo_of_type(a):
    f = np.finfo(a.dtype)
    return f.eps, f.epsneg, f.max, f.min, f.tiny, f.smallest_normal, f.resolution


@njit
def finfo_counts(a):
    f = np.finfo(a.dtype)
    return f.bits, f.precision, f.nmant, f.nexp, f.maxexp, f.minexp


@pytest.mark.parametrize("t", INTS, ids=lambda t: t.__name__)
def test_iinfo(t):
    check_against_python(iinfo_of_type, np.zeros(2, t))


@pytest.mark.parametrize("t", [np.int8, np.uint16, np.int64], ids=lambda t: t.__name__)
def test_iinfo_of_a_value(t):
    check_against_python(iinfo_of_value, t(3))


@pytest.mark.parametrize("t", FLOATS, ids=lambda t: t.__name__)
def test_finfo(t):
    check_against_python(finfo_of_type, np.zeros(2, t))
    check_against_python(finfo_counts, np.zeros(2, t))


def test_finfo_eps_in_arithmetic_keeps_the_dtype():
    @njit
    def nudge(a):
        return a + np.finfo(a.dtype).eps

    for t in (np.float32, np.float64):
        check_against_python(nudge, np.ones(3, t))


def test_iinfo_of_a_float_type_is_refused():
    @njit
    def f(a):
        return np.iinfo(a.dtype).max

    with pytest.raises(TypingError, match="Invalid integer data type"):
        f(np.zeros(2))


def test_unknown_attribute_is_refused():
    @njit
    def f(a):
        return np.finfo(a.dtype).no_such_limit

    with pytest.raises(TypingError, match="no_such_limit"):
        f(np.zeros(2))
