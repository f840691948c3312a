"""Compilation errors: the exception class, and a message that points at the offending source.

Every message must name this file, the line of the offending construct and
quote its source text, so that a user can find it without reading oxjit's code.
Expected line numbers come from the source itself, never from oxjit's output.
"""
import inspect
import os

import numpy as np
import pytest

import oxjit
import oxjit.core.errors
import oxjit.errors
from oxjit import njit
from oxjit.errors import TypingError

FILE_NAME = os.path.basename(__file__)


def line_of(func, text):
    """The line number, in this file, of the first source line of ``func`` containing ``text``."""
    lines, first = inspect.getsourcelines(func)
    for offset, line in enumerate(lines):
        if text in line:
            return first + offset
    raise AssertionError(f"{text!r} is not in the source of {func.__name__}")


def compile_error(func, *args):
    """Compile ``func`` for ``args`` (by calling it) and return the TypingError raised."""
    with pytest.raises(TypingError) as info:
        njit(func)(*args)
    return info.value


def assert_points_at(error, func, text):
    """``error``'s message names this file, the line holding ``text`` and quotes ``text``."""
    message = str(error)
    line = line_of(func, text)
    assert FILE_NAME in message, message
    assert f"{FILE_NAME}:{line}" in message, f"expected line {line}:\n{message}"
    assert text in message, f"expected the source text {text!r}:\n{message}"


# --- the functions with errors ------------------------------------------------------------------

def with_class(x):
    y = x + 1
    class Local:  # noqa: E301,E306
        pass
    return y


def with_set_comprehension(n):
    total = 0
    seen = {i % 3 for i in range(n)}
    return total, seen


def calls_unknown_global(x):
    y = x * 2
    return this_name_is_not_defined(y)  # noqa: F821


class _Scaler:
    def __call__(self, x):
        return 2 * x


scaler = _Scaler()


def calls_callable_object(x):
    # A callable instance is not compiled (a plain function would be: auto-jit).
    y = x * 2
    z = scaler(y)
    return z


def adds_int_and_tuple(x):
    t = (1, 2)
    return x + t


def no_exception_to_repeat(x):
    if x > 0:
        raise
    return x


def with_set_literal(x):
    y = x + 1
    d = {y, 2}
    return d


def with_errstate_not_called(x):
    with np.errstate:
        return x + 1


def returns_tuple_or_float(x):
    if x > 0:
        return 1.5
    return (x, x)


def returns_float_or_tuple(x):
    if x > 0:
        return (x, x)
    return 2.5


def maybe_unassigned(x):
    if x > 0:
        y = x * 2
    return y


def two_arguments(a, b):
    return a + b


def defaults(a, b=1):
    return a + b


# --- unsupported constructs ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "func, args, text",
    [
        (with_class, (1,), "class Local:"),
        (with_set_comprehension, (3,), "{i % 3 for i in range(n)}"),
        (calls_unknown_global, (1,), "this_name_is_not_defined"),
        (calls_callable_object, (1,), "scaler"),
        (adds_int_and_tuple, (1,), "x + t"),
        (no_exception_to_repeat, (1,), "raise"),
        (with_set_literal, (1,), "{y, 2}"),
        (with_errstate_not_called, (1,), "with np.errstate:"),
    ],
    ids=["class", "set-comprehension", "unknown-global", "callable-object", "int-plus-tuple", "bare-raise",
         "set-literal", "errstate-not-called"],
)
def test_unsupported_construct_points_at_the_source(func, args, text):
    error = compile_error(func, *args)
    assert_points_at(error, func, text)


def test_unknown_global_message_names_it():
    error = compile_error(calls_unknown_global, 1)
    assert "this_name_is_not_defined" in str(error)


def test_int_plus_tuple_message_names_both_types():
    message = str(compile_error(adds_int_and_tuple, 1))
    assert "int64" in message
    assert "tuple" in message.lower()


def test_the_error_is_raised_again_on_the_next_call():
    f = njit(with_set_literal)
    for _ in range(2):
        with pytest.raises(TypingError):
            f(1)


def test_a_failed_signature_does_not_break_the_others():
    f = njit(adds_int_and_tuple)
    with pytest.raises(TypingError):
        f(1)
    assert f((3, 4)) == f.py_func((3, 4))  # tuple + tuple is fine


# --- return types that do not unify ------------------------------------------------------------------

@pytest.mark.parametrize("func", [returns_tuple_or_float, returns_float_or_tuple])
def test_return_types_that_do_not_unify(func):
    # (A value and None do unify: into an optional value, see test_optional_returns.)
    error = compile_error(func, 1)
    message = str(error)
    assert "float64" in message, message
    assert "tuple" in message.lower(), message
    assert FILE_NAME in message
    assert any(f"{FILE_NAME}:{line_of(func, text)}" in message for text in ("return (x, x)", "return 1.5", "return 2.5")), message


# --- variables used before assignment ------------------------------------------------------------------

def test_variable_unassigned_on_some_path_raises_like_python():
    # Python fails only on the path where y is unassigned; so does compiled code, with the
    # same exception and a message naming the variable.
    compiled = njit(maybe_unassigned)
    assert compiled(1) == maybe_unassigned(1)
    with pytest.raises(UnboundLocalError) as expected:
        maybe_unassigned(0)
    with pytest.raises(UnboundLocalError) as got:
        compiled(0)
    assert "'y'" in str(got.value) and "'y'" in str(expected.value)


# --- argument count ------------------------------------------------------------------------------------------

def test_wrong_argument_count_is_a_type_error():
    f = njit(two_arguments)
    with pytest.raises(TypeError):
        f(1)
    with pytest.raises(TypeError):
        f(1, 2, 3)
    with pytest.raises(TypeError):
        f()
    assert f(1, 2) == 3  # still works afterwards


def test_bad_keyword_arguments_are_type_errors():
    f = njit(defaults)
    with pytest.raises(TypeError):
        f(1, c=2)
    with pytest.raises(TypeError):
        f(1, 2, b=3)
    with pytest.raises(TypeError):
        f(b=3)
    assert f(1) == defaults(1)
    assert f(1, b=5) == defaults(1, b=5)


# --- the classes ------------------------------------------------------------------------------------------

def test_error_classes_are_shared():
    assert oxjit.core.errors.TypingError is oxjit.errors.TypingError
    assert issubclass(TypingError, oxjit.errors.NumbaError)
    error = compile_error(with_class, 1)
    assert isinstance(error, oxjit.core.errors.TypingError)
    assert isinstance(error, oxjit.errors.NumbaError)


# --- a variable that changes type between paths ------------------------------------------


def variable_of_two_types(c):
    if c > 0:
        x = 1.0
    else:
        x = np.zeros(3)
    return x


def test_a_variable_of_two_types_points_at_an_assignment_not_the_branch():
    error = compile_error(variable_of_two_types, 1)
    message = str(error)
    assert "variable 'x'" in message
    assert "if c > 0" not in message  # not the branch condition
    assigned = {line_of(variable_of_two_types, "x = 1.0"), line_of(variable_of_two_types, "x = np.zeros(3)")}
    pointed = [n for n in assigned if f"{FILE_NAME}:{n}:" in message]
    assert len(pointed) == 1, message
    other = (assigned - set(pointed)).pop()
    assert f"from line {other}" in message
