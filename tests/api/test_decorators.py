"""The decorators' calling conventions and option handling, as Numba users write them."""
import warnings

import numpy as np
import pytest

import oxjit
import oxjit.core.errors
import oxjit.decorators
from oxjit import njit, prange
from oxjit.errors import NumbaWarning, OxjitOptionWarning


def add(a, b):
    """Add two numbers."""
    return a + b


@pytest.fixture(autouse=True)
def fresh_option_warnings():
    """Each test sees the once-per-process option warnings as if for the first time."""
    oxjit.decorators._reset_option_warnings()
    yield
    oxjit.decorators._reset_option_warnings()


def option_warnings(record):
    return [w for w in record if issubclass(w.category, OxjitOptionWarning)]


# --- options checked before anything is compiled -------------------------------------

@pytest.mark.parametrize("decorator", [oxjit.njit, oxjit.jit])
def test_unknown_option_is_a_type_error(decorator):
    with pytest.raises(TypeError, match="'foo'"):
        decorator(foo=1)
    with pytest.raises(TypeError, match="'bar', 'foo'"):
        decorator(add, foo=1, bar=2)


def test_unknown_option_message_names_the_decorator():
    with pytest.raises(TypeError, match=r"^unknown option\(s\) for njit: 'foo'$"):
        oxjit.njit(foo=True)


def test_bad_error_model_is_a_value_error():
    with pytest.raises(ValueError, match="error_model"):
        oxjit.njit(error_model="fortran")


def test_bad_fastmath_is_a_value_error():
    with pytest.raises(ValueError, match="fastmath"):
        oxjit.njit(fastmath="yes")
    with pytest.raises(ValueError, match="fastmath"):
        oxjit.njit(fastmath={"not_a_flag"})


@pytest.mark.parametrize("bad", [42, 3.5, None.__class__, object()])
def test_non_function_argument_is_a_type_error(bad):
    with pytest.raises(TypeError):
        oxjit.njit(bad)


def test_decorating_a_non_function_is_a_type_error():
    with pytest.raises(TypeError):
        oxjit.njit()(42)


def test_default_option_values_do_not_warn():
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        oxjit.njit(cache=False, parallel=False, inline="never", locals={}, debug=False, _nrt=True)
    assert option_warnings(record) == []


# --- the forms of the decorator ------------------------------------------------------

def test_bare_decorator():
    @oxjit.njit
    def f(a, b):
        return a + b

    assert f(2, 3) == 5
    assert f.py_func(2, 3) == 5


def test_called_decorator():
    @oxjit.njit()
    def f(a, b):
        return a + b

    assert f(2, 3) == 5


def test_decorator_with_options():
    @oxjit.njit(fastmath=True, boundscheck=False, nogil=True, error_model="numpy")
    def f(a, b):
        return a * b

    assert f(1.5, 2.0) == 3.0


def test_function_call_form():
    f = oxjit.njit(add)
    assert f(2, 3) == 5
    g = oxjit.njit(add, fastmath=False)
    assert g(2.5, 0.5) == 3.0


@pytest.mark.parametrize("decorator", [oxjit.jit, oxjit.jit(), oxjit.jit(nopython=True)])
def test_jit_forms(decorator):
    f = decorator(add)
    assert f(2, 3) == 5


def test_explicit_signature():
    f = oxjit.njit("int64(int64, int64)")(add)
    assert f(2, 3) == 5


def test_list_of_signatures():
    f = oxjit.njit(["int64(int64, int64)", "float64(float64, float64)"])(add)
    assert f(2, 3) == 5
    assert f(2.5, 0.5) == 3.0


def test_py_func_is_the_original():
    f = oxjit.njit(add)
    assert f.py_func is add


def test_metadata_is_copied():
    f = oxjit.njit(add)
    assert f.__name__ == "add"
    assert f.__qualname__ == "add"
    assert f.__doc__ == "Add two numbers."
    assert f.__module__ == add.__module__


def test_two_dispatchers_for_one_function_are_independent():
    f = oxjit.njit(add)
    g = oxjit.njit(add)
    assert f is not g
    assert f(1, 2) == g(1, 2) == 3


# --- options oxjit accepts but does not implement yet ----------------------------------

@pytest.fixture
def warn_ignored(monkeypatch):
    monkeypatch.setattr(oxjit.config, "WARN_IGNORED_OPTIONS", True)


def test_speed_only_options_are_silent_by_default():
    # Ignoring cache/parallel cannot change a result: test suites that turn warnings
    # into errors must run unchanged.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f = oxjit.njit(cache=True, parallel=True, fastmath={"nnan"})(add)
    assert f(2, 3) == f.py_func(2, 3)


def test_cache_warns_once_and_still_runs(warn_ignored):
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        f = oxjit.njit(cache=True)(add)
        g = oxjit.njit(add, cache=True)
    found = option_warnings(record)
    assert len(found) == 1
    assert "cache" in str(found[0].message)
    assert found[0].filename == __file__  # attributed to the caller, not to oxjit
    assert f(2, 3) == f.py_func(2, 3) == 5
    assert g(1.5, 2.5) == g.py_func(1.5, 2.5)


def test_each_ignored_option_warns_under_its_own_name(warn_ignored):
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        oxjit.njit(cache=True, inline="always")
        oxjit.njit(inline="always", debug=True)
    messages = sorted(str(w.message) for w in option_warnings(record))
    assert len(messages) == 3
    assert "cache=True" in messages[0]
    assert "debug=True" in messages[1]
    assert "inline='always'" in messages[2]


def test_object_mode_request_warns_and_compiles_in_nopython_mode():
    with pytest.warns(OxjitOptionWarning, match="forceobj"):
        f = oxjit.jit(forceobj=True)(add)
    assert f(2, 3) == 5
    with pytest.warns(OxjitOptionWarning, match="nopython"):
        g = oxjit.jit(nopython=False)(add)
    assert g(2, 3) == 5


def test_njit_with_nopython_false_warns_like_numba():
    with pytest.warns(RuntimeWarning, match="nopython"):
        oxjit.njit(nopython=False)


def test_parallel_is_implemented_and_does_not_warn(warn_ignored):
    with warnings.catch_warnings():
        warnings.simplefilter("error")

        @oxjit.njit(parallel=True)
        def total(n):
            s = 0
            for i in prange(n):
                s += i
            return s

    assert total(10) == total.py_func(10) == 45


# --- names Numba users reach for ------------------------------------------------------

def test_core_errors_are_the_same_classes():
    assert oxjit.core.errors.TypingError is oxjit.errors.TypingError
    assert oxjit.core.errors.NumbaError is oxjit.errors.NumbaError
    for name in ("TypingError", "UnsupportedError", "LoweringError", "InternalError"):
        assert issubclass(getattr(oxjit.errors, name), oxjit.errors.NumbaError), name


def test_warning_classes():
    assert issubclass(OxjitOptionWarning, NumbaWarning)
    assert issubclass(oxjit.errors.NumbaDeprecationWarning, DeprecationWarning)
    assert issubclass(oxjit.errors.NumbaPerformanceWarning, NumbaWarning)


def test_prange_is_range():
    assert list(oxjit.prange(2, 10, 3)) == [2, 5, 8]


def test_version():
    assert oxjit.__version__ == "0.1.0"


def test_signature_objects_with_array_types():
    # The seed article's spelling: a type called with types is a signature.
    from oxjit import float32, float64, int64

    def total(a):
        return a.sum()

    f = njit(float32(float32[:]))(total)
    a = np.arange(4, dtype=np.float32)
    assert f(a) == total(a) and isinstance(f(a), float)
    g = njit((float64[:, ::1],))(total)
    b = np.arange(6.0).reshape(2, 3)
    assert g(b) == total(b)
    h = njit(str(float64(float64[::1, :], int64)))(lambda_free_scale)
    c = np.asfortranarray(b)
    assert h(c, 3) == lambda_free_scale(c, 3)


def lambda_free_scale(a, k):
    return a.sum() * k


def test_tuple_return_types_in_signature_strings():
    def pair(x):
        return x, x + 1

    f = njit("UniTuple(int64, 2)(int64)")(pair)
    assert f(3) == pair(3)


def test_types_called_with_a_value_convert_it_like_numpy():
    from oxjit import float32, int64, uint8

    for t, value in ((int64, 3.7), (uint8, 300), (float32, 1.1), (int64, -2.5)):
        expected = np.asarray(value).astype(str(t))[()]
        got = t(value)
        assert type(got) is type(expected) and got == expected


def test_a_complex_result_does_not_convert_to_a_declared_float():
    def ident(x):
        return x

    with pytest.raises(oxjit.errors.TypingError, match="cannot be converted"):
        njit("float64(complex128)")(ident)(1 + 2j)


def test_lists_inside_tuple_arguments_are_a_type_error():
    @njit
    def first(t):
        return t[0]

    with pytest.raises(TypeError, match="lists inside tuple arguments"):
        first(([2.0],))
