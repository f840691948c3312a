"""The front end reads a function's source from its code object's extent: it must give
the text ``inspect.getsource`` gives (less trailing comment lines)."""
import inspect

import numpy as np
import pytest

from oxjit import njit
from oxjit.errors import TypingError
from oxjit._source import function_source


def plain(x):
    return x + 1


def decorated_target(a,
                     b=(1,
                        2)):
    s = 0
    for i in range(b[0]):
        s += a[i]
    return (s,
            b)


def with_nested(x):
    def inner(y):
        return [
            y * k for k in range(3)
        ]
    return inner(x)


def ends_with_comment(x):
    y = x * 2
    return y
    # a comment after the last statement


def with_docstring_at_column_zero(x):
    """A docstring whose continuation lines
start at column zero.
"""
    return x


lam = (lambda x: x * 3)


def _same(f):
    want = inspect.getsource(f)
    got = function_source(f)
    assert want.startswith(got.rstrip("\n")), (got, want)
    rest = want[len(got.rstrip("\n")):]
    assert all(line.strip() == "" or line.strip().startswith("#") for line in rest.splitlines())


def test_matches_inspect():
    for f in (plain, decorated_target, with_nested, ends_with_comment, with_docstring_at_column_zero):
        _same(f)


def test_a_lambda_reads_as_the_equivalent_def():
    assert function_source(lam) == "def _lambda(x):\n    return x * 3\n"
    assert njit(lam)(4) == lam(4)


def test_the_right_lambda_of_several_on_a_line():
    pair = (lambda x: x + 1, lambda x: x * 10)  # noqa: E731
    assert "x * 10" in function_source(pair[1]) and "x + 1" in function_source(pair[0])
    assert [njit(f)(3) for f in pair] == [f(3) for f in pair]


def test_decorator_lines_are_included():
    @njit
    def g(x):
        return x - 1

    text = function_source(g.py_func)
    assert text.lstrip().startswith("@njit")
    assert g(5) == g.py_func(5)


def test_compiles_from_it():
    f = njit(decorated_target)
    a = np.arange(4.0)
    assert f(a, (3, 2)) == f.py_func(a, (3, 2))
    # Unsupported, and the error points at the right line of the file.
    line = inspect.getsourcelines(with_nested)[1] + 1
    with pytest.raises(TypingError) as e:
        njit(with_nested)(2)
    assert f"{line} |     def inner(y):" in str(e.value)
    assert njit(with_docstring_at_column_zero)(1.5) == 1.5


def _output_of_python_c(code):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_functions_of_a_python_c_program_compile():
    code = (
        "import numpy as np, oxjit\n"
        "@oxjit.njit\n"
        "def f(a):\n"
        "    s = 0.0\n"
        "    for i in range(a.shape[0]):\n"
        "        s += a[i] * a[i]\n"
        "    return s\n"
        "a = np.arange(5.0)\n"
        "print(f(a) == f.py_func(a))\n"
    )
    assert _output_of_python_c(code) == "True"


def test_exec_code_in_a_python_c_program_is_still_rejected():
    # exec'd code is also "<string>": the command line's lines at those numbers are
    # another function, which must not be compiled in its place.
    code = (
        "import oxjit\n"
        "def f(a):\n"
        "    return a - 1\n"
        "ns = {}\n"
        "exec('import oxjit\\ndef f(a):\\n    return a + 1\\n', ns)\n"
        "try:\n"
        "    oxjit.njit(ns['f'])(1)\n"
        "except oxjit.errors.TypingError as e:\n"
        "    print('TypingError', 'cannot read the source' in str(e))\n"
    )
    assert _output_of_python_c(code) == "TypingError True"
