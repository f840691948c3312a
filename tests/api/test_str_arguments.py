"""``str`` arguments: each distinct string specialises the function, in which comparing
it is a constant — what mode strings (``order='F'``, ``kind='linear'``) need. Results
against the Python function."""
import numpy as np
import pytest

import oxjit
from oxjit.errors import TypingError


def first(x, order="C"):
    step = -1 if order == "F" else 1
    return x[::step][0]


def mode(kind):
    if kind in ("linear", "nearest"):
        return 1
    elif kind == "cubic":
        return 3
    elif kind < "m":
        return 2
    raise ValueError("unknown kind")


def echo(s):
    return s


def side_of(a, v, side):
    return np.searchsorted(a, v, side=side)


def contains(s):
    return "ea" in s, s != "tea", s >= "tea"


def test_mode_strings_select_a_branch():
    x = np.arange(5.0)
    f = oxjit.njit(first)
    for args in [(x,), (x, "F"), (x, "C")]:
        assert f(*args) == first(*args)
    assert f(x, order="F") == first(x, order="F")
    g = oxjit.njit(mode)
    for kind in ["linear", "nearest", "cubic", "akima"]:
        assert g(kind) == mode(kind)
    with pytest.raises(ValueError, match="unknown kind"):
        g("spline")


def test_each_string_is_its_own_specialisation():
    f = oxjit.njit(first)
    x = np.arange(3.0)
    f(x, "F")
    f(x, "C")
    f(x, "F")
    assert len(f.signatures) == 2


def test_strings_come_back_and_reach_library_keywords():
    assert oxjit.njit(echo)("héllo ✓ 𝄞") == "héllo ✓ 𝄞"
    a = np.array([1.0, 2.0, 2.0, 3.0])
    f = oxjit.njit(side_of)
    for side in ("left", "right"):
        assert f(a, 2.0, side) == side_of(a, 2.0, side)
    for s in ("tea", "team", "pea", ""):
        assert oxjit.njit(contains)(s) == contains(s)


def test_what_a_known_string_cannot_do_is_a_typing_error():
    def title(s):
        return s.title()

    with pytest.raises(TypingError, match="title"):
        oxjit.njit(title)("abc")
