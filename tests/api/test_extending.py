"""oxjit.extending: overload, overload_method, register_jitable, intrinsic, with the
Numba-documented patterns, each compared with the plain Python function."""
import math

import numpy as np
import pytest

from oxjit import njit, types
from oxjit.errors import TypingError
from oxjit.extending import (
    get_cython_function_address,
    intrinsic,
    overload,
    overload_attribute,
    overload_method,
    register_jitable,
)


def clip01(x):
    """A plain Python function given a compiled implementation below."""
    if isinstance(x, np.ndarray):
        return np.minimum(np.maximum(x, 0.0), 1.0)
    return min(max(x, 0.0), 1.0)


@overload(clip01)
def _clip01_typing(x):
    if isinstance(x, (types.Float, types.Integer)):
        return lambda x: min(max(x, 0.0), 1.0)
    if isinstance(x, types.Array) and isinstance(x.dtype, types.Float):

        def impl(x):
            out = np.zeros(x.shape)
            src = x.ravel()
            dst = out.ravel()
            for i in range(src.size):
                dst[i] = min(max(src[i], 0.0), 1.0)
            return out

        return impl
    return None


def call_clip01(x):
    return clip01(x)


@pytest.mark.parametrize("x", [1.5, -2.0, 0.25, 3])
def test_overload_scalar_dispatch(x):
    assert njit(call_clip01)(x) == call_clip01(x)


@pytest.mark.parametrize("a", [np.array([-1.0, 0.5, 3.0, 0.0]), np.linspace(-1, 2, 12).reshape(3, 4)])
def test_overload_array_dispatch(a):
    np.testing.assert_array_equal(njit(call_clip01)(a), call_clip01(a))


def test_overload_declined_types_give_a_typing_error_naming_it():
    with pytest.raises(TypingError) as e:
        njit(call_clip01)(1j)
    text = str(e.value)
    assert "clip01" in text and "complex128" in text and "_clip01_typing" in text
    assert "returned None" in text


def stepper(x):
    return x + 1


@overload(stepper)
def _stepper_raises(x):
    raise TypeError("stepper wants an integer")


@overload(stepper)
def _stepper_int(x):
    if isinstance(x, types.Integer):
        return lambda x: x + 1


def call_stepper(x):
    return stepper(x)


def test_a_raising_typing_function_is_skipped_for_the_next_one():
    assert njit(call_stepper)(41) == call_stepper(41)


def test_every_overload_failing_reports_each_reason():
    with pytest.raises(TypingError) as e:
        njit(call_stepper)(1.5)
    text = str(e.value)
    assert "stepper wants an integer" in text and "_stepper_int" in text
    assert "float64" in text


def test_overload_implementation_compiles_once_per_signature():
    calls = []

    def twice(x):
        return 2 * x

    @overload(twice)
    def _twice(x):
        calls.append(x)
        return lambda x: 2 * x

    @njit
    def f(x):
        return twice(x) + twice(x + 1)

    assert f(3) == f.py_func(3)
    assert f(2.5) == f.py_func(2.5)
    assert len(calls) == 2  # once for int64, once for float64


@overload_method(types.Array, "sum_of_squares")
def _array_sum_of_squares(a):
    if isinstance(a.dtype, (types.Float, types.Integer)):

        def impl(a):
            s = 0.0
            for v in a.ravel():
                s += v * v
            return s

        return impl


@pytest.mark.parametrize("a", [np.arange(5.0), np.arange(12).reshape(3, 4)])
def test_overload_method_on_arrays(a):
    @njit
    def f(a):
        return a.sum_of_squares()

    assert f(a) == float((a.astype(float) ** 2).sum())


def test_overload_method_with_arguments_and_keywords():
    @overload_method(types.Array, "scaled_total")
    def _scaled_total(a, k, offset=0.0):
        def impl(a, k, offset=0.0):
            return a.sum() * k + offset

        return impl

    @njit
    def f(a):
        return a.scaled_total(2.0) + a.scaled_total(3.0, offset=1.0)

    a = np.arange(4.0)
    assert f(a) == a.sum() * 2.0 + a.sum() * 3.0 + 1.0


def test_unknown_method_is_still_a_typing_error():
    @njit
    def f(a):
        return a.no_such_method()

    with pytest.raises(TypingError, match="no_such_method"):
        f(np.arange(3.0))


@register_jitable
def hypot_plus(x, y, extra=1.0):
    return math.sqrt(x * x + y * y) + extra


def test_register_jitable_from_python_and_compiled_code():
    @njit
    def f(x, y):
        return hypot_plus(x, y) + hypot_plus(x, y, 0.0)

    assert hypot_plus(3.0, 4.0) == 6.0  # still the Python function
    assert f(3.0, 4.0) == f.py_func(3.0, 4.0)


@register_jitable(fastmath=False)
def jitable_with_options(a):
    return a.sum()


def test_register_jitable_with_options():
    @njit
    def f(a):
        return jitable_with_options(a)

    a = np.arange(6.0)
    assert f(a) == f.py_func(a)


def test_overload_with_jit_options_and_prefer_literal():
    def cube(x):
        return x**3

    @overload(cube, jit_options={"fastmath": True}, prefer_literal=True)
    def _cube(x):
        return lambda x: x * x * x

    @njit
    def f(x):
        return cube(x)

    assert f(3) == f.py_func(3)


def test_type_classes_describe_the_arguments():
    seen = {}

    def probe(*args):
        return 0

    @overload(probe)
    def _probe(a, b, c, d):
        seen.update(a=a, b=b, c=c, d=d)
        return lambda a, b, c, d: 0

    @njit
    def f(a, b, c, d):
        return probe(a, b, c, d)

    f(np.zeros((2, 3), np.float32), np.int16(3), (1, 2), (1.0, 2))
    a, b, c, d = seen["a"], seen["b"], seen["c"], seen["d"]
    assert isinstance(a, types.Array) and isinstance(a, types.Buffer)
    assert (a.ndim, a.layout) == (2, "C") and a.dtype == types.float32
    assert isinstance(a.dtype, types.Float) and a.dtype.bitwidth == 32
    assert isinstance(b, types.Integer) and b.signed and b.bitwidth == 16
    assert isinstance(c, types.UniTuple) and c.count == 2 and c.dtype == types.int64
    assert isinstance(d, types.BaseTuple) and not isinstance(d, types.UniTuple)
    assert list(d) == [types.float64, types.int64]


def test_intrinsic_refuses_clearly():
    @intrinsic
    def my_intrinsic(typingctx, x):
        return None

    with pytest.raises(NotImplementedError, match="overload or register_jitable"):
        my_intrinsic(1)

    @njit
    def f(x):
        return my_intrinsic(x)

    with pytest.raises(TypingError, match="@intrinsic"):
        f(1)


@overload_attribute(types.Array, "half_size")
def _array_half_size(a):
    return lambda a: a.size // 2


@overload_attribute(types.Float, "doubled")
def _float_doubled(x):
    return lambda x: 2.0 * x


def test_overload_attribute_on_arrays_and_scalars():
    @njit
    def f(a, x):
        return a.half_size + x.doubled

    a = np.arange(7.0)
    assert f(a, 1.5) == a.size // 2 + 3.0


def test_unknown_attribute_is_still_a_typing_error():
    @njit
    def f(a):
        return a.no_such_attribute

    with pytest.raises(TypingError, match="no_such_attribute"):
        f(np.arange(3.0))


def test_get_cython_function_address():
    # NumPy's random module exports this double in __pyx_capi__; its value is documented
    # in NumPy's source as the largest int64 minus ten of its square roots.
    import ctypes

    addr = get_cython_function_address("numpy.random._common", "POISSON_LAM_MAX")
    big = np.iinfo(np.int64).max
    assert ctypes.c_double.from_address(addr).value == big - np.sqrt(big) * 10
    with pytest.raises(KeyError):
        get_cython_function_address("numpy.random._common", "no_such_function")


def test_literal_and_optional_classes_exist_for_numba_typing_code():
    # Typing functions written for Numba test for literals and unliteral their types;
    # oxjit passes plain types, so those tests take the non-literal branch.
    seen = []

    def scale(x, k):
        return x * k

    @overload(scale)
    def _scale(x, k):
        seen.append(isinstance(k, types.IntegerLiteral))
        k = types.unliteral(k)
        if isinstance(k, types.Integer) and not isinstance(x, types.Optional):
            return lambda x, k: x * k

    @njit
    def f(x):
        return scale(x, 3)

    assert f(2.5) == f.py_func(2.5)
    assert seen == [False]
