"""Numba-compatible type objects: ``float64``, ``int32[:]``, ``float64[:, ::1]``...

Each name is an instance of Numba's class for it (``float64`` is a ``Float``), standing
for the compiler's type. Slicing a scalar type gives an array type (``float64[:]``,
C-contiguous with ``::1`` last, Fortran with ``::1`` first), and calling one gives a
signature for eager compilation: ``njit(float64(float64[:]))``.
"""
from ._oxjit import parse_type as _parse_type
from ._typeclasses import (  # noqa: F401  (Numba's type classes, for overload typing code)
    Array,
    BaseTuple,
    Boolean,
    BooleanLiteral,
    Buffer,
    Complex,
    Float,
    Integer,
    IntegerLiteral,
    List,
    BaseNamedTuple,
    Literal,
    NamedTuple,
    NamedUniTuple,
    NoneType,
    NumberClass,
    Number,
    NumbaType,
    Omitted,
    Optional,
    StringLiteral,
    Tuple,
    UnicodeType,
    UniTuple,
    as_numba_type,
    unliteral,
)
from ._typeclasses import NumbaType as Type  # Numba's base class of types


def parse_type(name):
    """The type named ``name`` (``"float64"``, ``"boolean"``, ``"none"``)."""
    return as_numba_type(_parse_type(name))

_DTYPES = [
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float32", "float64", "complex64", "complex128",
]

for _name in _DTYPES:
    globals()[_name] = parse_type(_name)

boolean = bool_ = b1 = parse_type("boolean")
none = void = parse_type("none")
intp = int_ = int64  # noqa: F821  (defined in the loop above)
uintp = uint64  # noqa: F821
float_ = double = f8 = float64  # noqa: F821
single = f4 = float32  # noqa: F821
i1, i2, i4, i8 = int8, int16, int32, int64  # noqa: F821
u1, u2, u4, u8 = uint8, uint16, uint32, uint64  # noqa: F821
c8, c16 = complex64, complex128  # noqa: F821
byte = uchar = uint8  # noqa: F821
bool = boolean  # noqa: A001  (Numba's name)
# C's names, as on 64-bit Linux.
char = int8  # noqa: F821
short, ushort = int16, uint16  # noqa: F821
intc, uintc = int32, uint32  # noqa: F821
long_ = longlong = ssize_t = int64  # noqa: F821
ulong = ulonglong = size_t = uint = uint64  # noqa: F821
#: ``optional(float64)``: a float64 or None (Numba spells the class both ways).
optional = Optional

class WrapperAddressProtocol:
    """Numba's protocol for a C function given by its address: subclasses define
    ``__wrapper_address__()`` (the address, an int) and ``signature()`` (for example
    ``float64(float64)``); compiled code calls instances as C functions."""

    def __wrapper_address__(self):
        raise NotImplementedError("subclasses return the function's address")

    def signature(self):
        raise NotImplementedError("subclasses return the function's signature")


__all__ = _DTYPES + [
    "Type", "boolean", "bool_", "none", "void", "intp", "uintp", "int_", "float_", "double",
    "single", "b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f4", "f8", "c8", "c16", "byte",
    "optional", "bool", "char", "uchar", "short", "ushort", "intc", "uintc", "long_", "longlong",
    "ssize_t", "ulong", "ulonglong", "size_t", "uint",
]
