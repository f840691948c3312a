"""print() in compiled code writes what Python's print writes."""
import contextlib
import io

import numpy as np
import pytest

from oxjit import njit
from oxjit.errors import TypingError


def show(a, x, i, flag):
    print("values:", i, x, a[0], a[1], a[0] == 1, flag, 1 + 2j, -0.0, 1e20, x / 3)
    print()
    for k in range(3):
        print(k, k * 0.5, np.uint64(k))
    return i


def printed(f, *args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        f(*args)
    return out.getvalue()


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int8, np.uint64, np.complex64])
def test_print_matches_python(dtype):
    f = njit(show)
    args = (np.array([1.5, 2.5]).astype(dtype), 0.1, 7, True)
    assert printed(f, *args) == printed(f.py_func, *args)


def test_print_of_an_array_is_a_typing_error():
    @njit
    def show_array(a):
        print(a)

    with pytest.raises(TypingError, match="print"):
        show_array(np.ones(2))


def show_strings(n):
    words = []
    for i in range(n):
        words.append(str(i) + "é😀")
    print(",".join(words), str(2.5), words[0])


def test_print_of_run_time_strings():
    f = njit(show_strings)
    assert printed(f, 3) == printed(f.py_func, 3)


def prints_maybe_none(x):
    y = None
    if x > 0:
        y = x * 2
    print("y is", y, None)


def test_print_of_none_and_of_values_that_may_be_none(capsys):
    for x in (3, -3):
        njit(prints_maybe_none)(x)
        compiled = capsys.readouterr().out
        prints_maybe_none(x)
        assert compiled == capsys.readouterr().out
