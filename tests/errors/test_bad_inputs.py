"""A catalogue of odd arguments: every one given to a few kernels gives Python's result,
or (where oxjit refuses it) a clear exception that says why, never a crash or a wrong
answer. Python's result is compared precisely (``check_against_python``, which also
accepts the same exception as Python's); a refusal is checked by class and message."""
import re

import numpy as np
import pytest

from oxjit import njit
from oxjit.errors import TypingError
from oxjit.testing import assert_precise_equal, check_against_python

# --- the kernels ----------------------------------------------------------------------------


@njit
def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


@njit
def scale(a):
    for i in range(a.shape[0]):
        a[i] *= 2
    return a


@njit
def affine(x):
    return x * 2 + 1


@njit
def row_sums(m):
    out = np.zeros(m.shape[0])
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            out[i] += m[i, j]
    return out


@njit
def magnitude(a):
    return np.sqrt(np.abs(a)) + a


@njit
def last(a):
    return a[a.shape[0] - 1] + a.shape[0]


KERNELS = {f.__name__: f for f in (total, scale, affine, row_sums, magnitude)}

# --- the odd arguments (made fresh for each case) -------------------------------------------


class Tagged(np.ndarray):
    """A subclass that only adds a name: its data is an ndarray's."""


def _readonly():
    a = np.arange(4.0)
    a.flags.writeable = False
    return a


def _unaligned():
    # float64s starting one byte into a buffer (read-only: frombuffer of bytes).
    return np.frombuffer(b"\x00" + np.arange(3.0).tobytes(), dtype=np.float64, offset=1)


ODD = {
    "complex": lambda: np.arange(3) + 1j,
    "bool": lambda: np.array([True, False, True]),
    "uint64": lambda: np.array([0, 2**64 - 1], dtype=np.uint64),
    "zero-d": lambda: np.array(2.5),
    "empty": lambda: np.zeros(0),
    "empty-2d": lambda: np.zeros((0, 3)),
    "readonly": _readonly,
    "strided": lambda: np.arange(10.0)[::3],
    "reversed": lambda: np.arange(5.0)[::-1],
    "fortran-2d": lambda: np.asfortranarray(np.arange(6.0).reshape(2, 3)),
    "3d": lambda: np.zeros((2, 2, 2)),
    "unaligned": _unaligned,
    "object": lambda: np.array([1.0, 2.0], dtype=object),
    "None": lambda: None,
    "str": lambda: "abc",
    "list": lambda: [1.0, 2.0],
    "nested-list": lambda: [[1.0], [2.0]],
    "int-beyond-int64": lambda: 2**70,
    "int64-max": lambda: 2**63 - 1,
    "np.int8": lambda: np.int8(-3),
    "np.uint64-max": lambda: np.uint64(2**64 - 1),
    "np.float16": lambda: np.float16(1.5),
    "np.float32": lambda: np.float32(1.5),
    "np.complex64": lambda: np.complex64(1 + 2j),
    "np.bool_": lambda: np.True_,
    "np.longdouble": lambda: np.longdouble(1.5),
    "np.datetime64": lambda: np.datetime64("2020-01-01"),
    "subclass": lambda: np.arange(3.0).view(Tagged),
    "np.matrix": lambda: np.matrix([[1.0, 2.0]]),
    "masked": lambda: np.ma.masked_array([1.0, 2.0], mask=[0, 1]),
    "big-endian": lambda: np.arange(4.0).astype(">f8"),
    "structured": lambda: np.zeros(3, dtype=[("x", "f8"), ("y", "i4")]),
    "float16-array": lambda: np.arange(3, dtype=np.float16),
}

# --- what oxjit says where it refuses -------------------------------------------------------

UNSUPPORTED_DTYPE = {
    "object": (TypeError, r"does not support arrays of dtype object as arguments"),
    "big-endian": (TypeError, r"does not support arrays of dtype >f8 as arguments"),
    "structured": (TypeError, r"does not support arrays of dtype \[\('x', '<f8'\), \('y', '<i4'\)\]"),
    "float16-array": (TypeError, r"does not support arrays of dtype float16 as arguments"),
    "np.float16": (TypeError, r"cannot compile for an argument of type float16"),
    "np.longdouble": (TypeError, r"cannot compile for an argument of type longdouble"),
    "np.datetime64": (TypeError, r"cannot compile for an argument of type datetime64"),
    "nested-list": (TypeError, r"lists of list\(float64\) are not supported as arguments"),
    "unaligned": (TypeError, r"does not support unaligned arrays"),
    "np.matrix": (TypingError, r"argument of type matrix: it is an ndarray subclass"),
    "masked": (TypingError, r"argument of type MaskedArray: it is an ndarray subclass"),
}

NO_SHAPE = r"has no attribute 'shape'"
# Kernels that read a.shape: what each non-array argument says.
NOT_AN_ARRAY = {
    name: (TypingError, NO_SHAPE)
    for name in (
        "None", "str", "list", "int-beyond-int64", "int64-max", "np.int8", "np.uint64-max",
        "np.float32", "np.complex64", "np.bool_",
    )
}
ZERO_D = {"zero-d": (TypingError, r"tuple index 0 out of range")}
TWO_D_INTO_SCALAR = {
    name: (TypingError, r"cannot unify float64 and array\(float64, 1d")
    for name in ("empty-2d", "fortran-2d")
}
READONLY = {"readonly": (TypingError, r"cannot modify a readonly array")}
ONE_D_AS_MATRIX = {
    name: (TypingError, r"tuple index 1 out of range")
    for name in (
        "complex", "bool", "uint64", "empty", "readonly", "strided", "reversed", "subclass",
    )
}
NOT_A_NUMBER = {
    name: (TypingError, r"unsupported operand types for \*")
    for name in ("None", "list")
} | {"str": (TypingError, r"unsupported operand types for \+")}
NO_ABS = {name: (TypingError, r"no signature of np\.abs\(\) accepts") for name in ("None", "str", "list")}

REFUSED = {
    "total": UNSUPPORTED_DTYPE | NOT_AN_ARRAY | ZERO_D | TWO_D_INTO_SCALAR
    | {"3d": (TypingError, r"cannot unify float64 and array\(float64, 2d")},
    "scale": UNSUPPORTED_DTYPE | NOT_AN_ARRAY | ZERO_D | READONLY,
    "affine": UNSUPPORTED_DTYPE | NOT_A_NUMBER
    | {"int-beyond-int64": (OverflowError, r"integer argument does not fit in int64")},
    "row_sums": UNSUPPORTED_DTYPE | NOT_AN_ARRAY | ZERO_D | ONE_D_AS_MATRIX
    | {"3d": (TypingError, r"cannot store array\(float64, 1d")},
    "magnitude": UNSUPPORTED_DTYPE | NO_ABS
    | {"int-beyond-int64": (OverflowError, r"integer argument does not fit in int64")},
}

# Where compiled code follows NumPy's machine arithmetic rather than Python's
# objects, the result is compared with NumPy's.
NUMPY_RESULT = {
    # Compiled ints are int64 and wrap, as in Numba.
    ("affine", "int64-max"): lambda x: np.int64(x) * np.int64(2) + np.int64(1),
    # Float ufuncs take 8-bit integers and bools to float32 (NumPy: float16, which
    # oxjit has not).
    ("magnitude", "bool"): lambda a: np.sqrt(np.abs(a).astype(np.float32)) + a,
    ("magnitude", "np.int8"): lambda x: np.sqrt(np.float32(abs(x))) + x,
}

CASES = [(k, a) for k in KERNELS for a in ODD]


@pytest.mark.parametrize(("kernel", "argument"), CASES, ids=[f"{k}-{a}" for k, a in CASES])
def test_odd_argument(kernel, argument):
    f, arg = KERNELS[kernel], ODD[argument]()
    refused = REFUSED[kernel].get(argument)
    if refused is not None:
        cls, message = refused
        with pytest.raises(cls, match=message):
            f(arg)
    elif (kernel, argument) in NUMPY_RESULT:
        with np.errstate(all="ignore"):
            expected = NUMPY_RESULT[kernel, argument](ODD[argument]())
        got = f(arg)
        assert_precise_equal(np.asarray(got)[()] if np.ndim(got) == 0 else got, expected)
    else:
        check_against_python(f, arg)


def test_every_refusal_names_a_real_case():
    for kernel, refusals in REFUSED.items():
        assert set(refusals) <= set(ODD), kernel


@pytest.mark.parametrize("shape", [(2**40,), (2**20, 2**20)], ids=["2**40", "2**20 x 2**20"])
def test_huge_shapes_by_broadcasting(shape):
    # Shapes beyond 2**32 elements (zero strides: no memory behind them).
    # Read-only views, called directly: copying them for check_against_python would
    # copy every element.
    a = np.broadcast_to(np.arange(1.0, 2.0), shape) if len(shape) == 1 else np.broadcast_to(np.ones((1, 1)), shape)
    assert_precise_equal(last(a), last.py_func(a))


def test_writing_into_a_broadcast_view_is_refused():
    a = np.broadcast_to(np.zeros(1), (5,))
    with pytest.raises(TypingError, match=re.escape("cannot modify a readonly array")):
        scale(a)


SCALAR_DTYPES = (
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float32", "float64", "complex64", "complex128",
)


def _edges(dtype):
    if dtype.kind == "b":
        return [False, True]
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return [0, 1, info.max, info.min]
    return [0.0, -0.0, 1.5, np.nan, np.inf, -np.inf, np.finfo(dtype).max]


@pytest.mark.parametrize("name", SCALAR_DTYPES)
def test_numpy_scalars_of_every_dtype(name):
    # Each keeps its type through x * 2 + 1 (NEP 50) and wraps or overflows as NumPy does.
    dtype = np.dtype(name)
    for value in _edges(dtype):
        check_against_python(affine, dtype.type(value))
