"""C functions called from compiled code through ctypes function objects, compared
with calling them from Python (through ctypes)."""
import ctypes
import ctypes.util

import numpy as np
import pytest

from oxjit import njit, types
from oxjit.errors import TypingError
from oxjit.testing import check_against_python

libm = ctypes.CDLL(ctypes.util.find_library("m"))
libc = ctypes.CDLL(ctypes.util.find_library("c"))


def _declare(lib, name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


c_cos = _declare(libm, "cos", ctypes.c_double, ctypes.c_double)
c_ldexpf = _declare(libm, "ldexpf", ctypes.c_float, ctypes.c_float, ctypes.c_int)
c_labs = _declare(libc, "labs", ctypes.c_long, ctypes.c_long)
c_srand = _declare(libc, "srand", None, ctypes.c_uint)
c_puts = _declare(libc, "puts", ctypes.c_int, ctypes.c_char_p)
c_undeclared = libm.sin

# The pattern of code that takes C functions from Cython modules: a prototype applied
# to an address (get_cython_function_address gives such addresses).
_SIN_ADDRESS = ctypes.cast(libm.sin, ctypes.c_void_p).value
c_sin = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)(_SIN_ADDRESS)


@njit
def cos_plus_ldexp(x, k):
    return c_cos(x) + c_ldexpf(x, k)


@njit
def sum_of_sines(a):
    s = 0.0
    for x in a:
        s += c_sin(x)
    return s


@njit
def absolute(n):
    return c_labs(n)


@njit
def seed_then_value(x):
    c_srand(7)
    return x


@pytest.mark.parametrize("x, k", [(0.5, 3), (-2.25, -1), (0.0, 0), (1e30, 4)])
def test_scalar_c_functions(x, k):
    check_against_python(cos_plus_ldexp, x, k)


def test_c_function_in_a_loop_from_an_address():
    a = np.linspace(-3, 3, 101)
    check_against_python(sum_of_sines, a)


@pytest.mark.parametrize("n", [-5, 0, 12, -(2**40)])
def test_integer_c_function(n):
    check_against_python(absolute, n)


def test_void_c_function():
    check_against_python(seed_then_value, 1.5)


def test_wrong_argument_count_is_a_typing_error():
    @njit
    def f(x):
        return c_cos(x, x)

    with pytest.raises(TypingError, match="takes 1 argument, 2 given"):
        f(1.0)


def test_complex_argument_is_a_typing_error():
    @njit
    def f(x):
        return c_cos(x)

    with pytest.raises(TypingError, match="complex"):
        f(1j)


@pytest.mark.parametrize("func, why", [(c_undeclared, "argtypes"), (c_puts, "c_char_p")])
def test_undeclared_or_pointer_signatures_say_why(func, why):
    def f():
        return func(1.0)

    with pytest.raises(TypingError, match=why):
        njit(f)()


class _LibmCos(types.WrapperAddressProtocol):
    """The WrapperAddressProtocol pattern of code reaching scipy.special's C functions."""

    def __wrapper_address__(self):
        return ctypes.cast(libm.cos, ctypes.c_void_p).value

    def signature(self):
        return types.float64(types.float64)


wrapped_cos = _LibmCos()


@njit
def cos_through_protocol(x):
    return wrapped_cos(x) * 2.0


def test_wrapper_address_protocol():
    import math

    for x in (0.0, 1.25, -3.5):
        assert cos_through_protocol(x) == math.cos(x) * 2.0


@njit
def apply_c_function(f, x):
    return f(x) + 1.0


def test_c_functions_as_arguments():
    import math

    assert apply_c_function(c_cos, 0.5) == math.cos(0.5) + 1.0
    assert apply_c_function(c_sin, 0.5) == math.sin(0.5) + 1.0
    assert apply_c_function(wrapped_cos, 2.0) == math.cos(2.0) + 1.0
    # One specialisation per C function: the address is part of the type (wrapped_cos
    # is libm's cos again, so it shares c_cos's).
    assert len(apply_c_function.signatures) == 2


def test_undeclared_c_function_argument_says_why():
    with pytest.raises(TypeError, match="argtypes"):
        apply_c_function(c_undeclared, 1.0)


# --- cffi ---------------------------------------------------------------------------------

cffi = pytest.importorskip("cffi")  # installed by the set-up script
_cffi = cffi.FFI()
_cffi.cdef("double cos(double); float ldexpf(float, int); long labs(long); char *getenv(const char *);")
_clib = _cffi.dlopen(ctypes.util.find_library("m"))
_libc = _cffi.dlopen(ctypes.util.find_library("c"))
cffi_cos = _clib.cos
cffi_ldexpf = _clib.ldexpf
cffi_labs = _libc.labs
cffi_getenv = _libc.getenv


@njit
def cffi_mix(x, k, n):
    return cffi_cos(x) + cffi_ldexpf(x, k) + cffi_labs(n)


@pytest.mark.parametrize("x, k, n", [(0.5, 3, -4), (-2.25, -1, 7), (0.0, 0, 0)])
def test_cffi_functions(x, k, n):
    check_against_python(cffi_mix, x, k, n)


def test_cffi_function_as_an_argument():
    import math

    assert apply_c_function(cffi_cos, 0.25) == math.cos(0.25) + 1.0


def test_cffi_pointer_signature_says_why():
    def f():
        return cffi_getenv(1.0)

    with pytest.raises(TypingError, match="char"):
        njit(f)()
