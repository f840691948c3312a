"""What the Python reference of a fuzzed program calls where compiled code differs from
CPython on purpose. Where the difference is a value, such a run raises
:class:`Deliberate` and is not compared; where it is an exception, the reference raises
the compiled code's exception and the run is compared.

- Python ints are unbounded; compiled ints are int64 and wrap, as in Numba. Every
  integer result of the reference goes through :func:`int64`.
- ``math`` functions follow C in compiled code: a domain error gives NaN and an overflow
  infinity where CPython raises ValueError or OverflowError (as in Numba), and so does
  ``float ** float``, which CPython answers with OverflowError or, for a negative base,
  a complex number. For ``gamma`` and ``lgamma`` the reference takes C's ``tgamma`` and
  ``lgamma``, which compiled code calls: CPython has approximations of its own.
- ``np.exp`` and ``np.sin`` of float64 and float32 arrays are the C library's in
  compiled code; NumPy has SIMD versions of its own (AVX2, AVX-512), an ulp away for
  some inputs.
  The reference computes them with the C library (:func:`c_ufunc`).
- A string repeated past 100,000 characters (doubling in a loop) is not compared.
- Division and modulo of scalars by zero, and zero to a negative power, raise
  ZeroDivisionError in compiled code for NumPy scalars too, where NumPy answers inf,
  NaN or 0 with a warning (Numba's default ``error_model='python'``).
- Not generated at all: complex array products, quotients, absolute values and library
  functions (NumPy's SIMD loops fuse multiply-adds or scale differently where the CPU
  has them, a last bit away from the C library's); complex scalar quotients and powers
  (NumPy's and CPython's algorithms differ in the last bits, and compiled code has one);
  chains of float32 library functions, and ``%`` or ``//`` of their results (an ulp
  apart from NumPy's, which these amplify); float16 results (oxjit computes in float32);
  ordering of complex scalars (NumPy's lexicographic order; compiled code refuses it, as
  Numba does); ``int()`` of uint64 (it stays uint64 in compiled code, as in Numba,
  and promotes as a NumPy scalar, not as a Python int); ``math.floor``, ``ceil`` and ``trunc`` of NumPy
  ints (CPython takes them through float, inexactly beyond 2**53; compiled code keeps
  them exact).
- The sign of a zero NumPy's maximum or minimum picks among zeros of both signs
  depends on the CPU (x86's SIMD returns the second operand of a tie, ARM's orders -0
  below +0); compiled code orders -0 below +0. Not compared.
- Stores into an array take the element type's bits where NumPy raises OverflowError
  for an integer out of the dtype's range (as Numba does).
"""
import ctypes
import ctypes.util
import math
import operator

import numpy as np

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


class Deliberate(BaseException):
    """The reference ran into a rule by which compiled code differs from CPython on purpose.

    Not an Exception: a fuzzed program's own ``except Exception:`` must not catch it."""


def int64(value):
    """``value``, unless it is a Python int beyond int64."""
    if type(value) is int and not INT64_MIN <= value <= INT64_MAX:
        raise Deliberate(f"int64 wrap-around of {value}")
    return value


def power(base, exponent):
    """``base ** exponent`` with the int64 and C-math rules; zero to a negative power
    raises ZeroDivisionError for NumPy scalars too (the division rule)."""
    real = not isinstance(base, (complex, np.complexfloating)) and not isinstance(exponent, (complex, np.complexfloating))
    if real and base == 0 and exponent < 0 and math.isfinite(exponent):
        raise ZeroDivisionError("zero to a negative power")
    try:
        result = base**exponent
    except OverflowError as exc:
        if isinstance(base, float) or isinstance(exponent, float):
            raise Deliberate(f"C pow overflow: {exc}") from exc
        raise
    if isinstance(result, complex) and not isinstance(base, complex) and not isinstance(exponent, complex):
        raise Deliberate("C pow of a negative base")
    if real and isinstance(result, np.float64) and "pow" in _C_FUNCTIONS:
        # NumPy's float64 power is its SIMD one on some CPUs, an ulp from C's pow that
        # compiled code calls (as CPython's float ** does).
        with np.errstate(all="ignore"):
            result = np.float64(_C_FUNCTIONS["pow"](float(base), float(exponent)))
    if real and isinstance(result, (float, np.float64)) and exponent in (2.0, -1.0) and isinstance(exponent, float):
        # LLVM computes a constant ** 2.0 as x * x and ** -1.0 as 1 / x (as Numba does),
        # correctly rounded, where C's pow is an ulp away for some x.
        with np.errstate(all="ignore"):
            exact = float(base) * float(base) if exponent == 2.0 else 1.0 / float(base)
        if exact != float(result) and not math.isnan(exact):
            raise Deliberate(f"pow(x, {exponent}) of C against LLVM's exact form")
    return int64(result)


_DIVISIONS = {"/": operator.truediv, "//": operator.floordiv, "%": operator.mod}


def divide(left, op, right):
    """``left op right`` for ``/``, ``//`` and ``%`` of scalars: by zero, ZeroDivisionError."""
    with np.errstate(all="ignore"):
        # First the operation itself: NumPy converts a Python int operand before it
        # divides (OverflowError for -4 // np.uint16(0)).
        result = _DIVISIONS[op](left, right)
        if right == 0:
            raise ZeroDivisionError(f"scalar {op} by zero")
        # A Python float divisor is converted to a NumPy operand's dtype first (NEP 50):
        # np.float32(1) / 1e-47 divides by zero.
        if isinstance(result, np.generic) and np.asarray(right).astype(result.dtype) == 0:
            raise ZeroDivisionError(f"scalar {op} by a divisor that is zero in {result.dtype}")
    return int64(result)


def _c_library_functions():
    """C's gamma functions: CPython computes its own approximations, a few units in the
    last place from the C library's that compiled code calls; and C's exp, sin and pow,
    which NumPy replaces by SIMD versions of its own on some CPUs."""
    path = ctypes.util.find_library("m")
    if path is None:
        return {}
    libm = ctypes.CDLL(path)
    out = {}
    doubles = (("gamma", "tgamma"), ("lgamma", "lgamma"), ("exp", "exp"), ("sin", "sin"))
    floats = (("exp32", "expf"), ("sin32", "sinf"))
    for names, c_type in ((doubles, ctypes.c_double), (floats, ctypes.c_float)):
        for python_name, c_name in names:
            c_function = getattr(libm, c_name)
            c_function.restype = c_type
            c_function.argtypes = [c_type]
            out[python_name] = c_function
    pow_function = libm.pow
    pow_function.restype = ctypes.c_double
    pow_function.argtypes = [ctypes.c_double, ctypes.c_double]
    out["pow"] = pow_function
    return out


_C_FUNCTIONS = _c_library_functions()


def c_math(function, *args):
    """``function(*args)`` for a float-valued ``math`` function, with C's domain and range
    rules, and C's own value where CPython has its own approximation."""
    try:
        value = function(*args)
    except (ValueError, OverflowError) as exc:
        raise Deliberate(f"C semantics of math.{function.__name__}: {exc}") from exc
    if function is math.copysign and math.isnan(float(args[1])):
        # The sign of a NaN that arithmetic made is the CPU's (x86 gives -nan for
        # inf * 0) or the compiler's when it folds a constant: IEEE 754 leaves it open.
        raise Deliberate("copysign from the sign of a NaN")
    c_function = _C_FUNCTIONS.get(function.__name__)
    return value if c_function is None else c_function(*(float(a) for a in args))


def c_ufunc(name, array):
    """NumPy's ``np.<name>(array)``, its float64 and float32 elements computed by the C
    library (``exp``, ``expf``, ...) as compiled code computes them: NumPy's own SIMD
    versions, where the CPU has AVX2 or AVX-512, are an ulp away for some inputs."""
    result = getattr(np, name)(array)
    if result.dtype not in (np.float64, np.float32):
        return result
    c_function = _C_FUNCTIONS.get(name if result.dtype == np.float64 else name + "32")
    if c_function is None:
        return result
    inputs = np.asarray(array).astype(result.dtype)
    values = [c_function(float(x)) for x in inputs.ravel()]
    return np.array(values, dtype=result.dtype).reshape(result.shape)


def repeat(text, times):
    """``text * times``, unless the string grows past what is worth comparing (repeated
    in a loop it doubles each pass: Python would run out of memory first)."""
    if len(text) * times > 100_000:
        raise Deliberate("string grown past 100,000 characters")
    return text * times


def stored(array, value):
    """``value`` about to be stored into ``array``, unless NumPy would refuse it for range."""
    kind = array.dtype.kind
    if kind in "iu" and isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        info = np.iinfo(array.dtype)
        if not info.min <= value <= info.max:
            raise Deliberate(f"{value} stored into {array.dtype} wraps")
    return value


def extreme(result, *operands):
    """``result`` of NumPy's maximum or minimum (a reduction of one operand, or elementwise
    of two), unless it picked between zeros of both signs: which zero NumPy gives then is
    the CPU's (x86's SIMD returns the second operand of a tie, ARM's orders -0 below +0)."""
    arrays = [np.asarray(x) for x in operands]
    if not all(a.dtype.kind in "fc" for a in arrays):
        return result
    if len(arrays) == 1:
        zeros = arrays[0][arrays[0] == 0]
        mixed = np.any(np.asarray(result) == 0) and len(np.unique(np.signbit(zeros.real))) > 1
    else:
        a, b = arrays
        mixed = np.any((a == 0) & (b == 0) & (np.signbit(a.real) != np.signbit(b.real)))
    if mixed:
        raise Deliberate("maximum or minimum between zeros of both signs")
    return result


HELPERS = {
    "_extreme": extreme,
    "_int64": int64,
    "_power": power,
    "_divide": divide,
    "_c_math": c_math,
    "_stored": stored,
    "_c_ufunc": c_ufunc,
    "_repeat": repeat,
    "math": math,
    "np": np,
}
