"""Numba's type classes (``types.Array``, ``types.Float``, ``types.UniTuple``...).

Typing functions written for ``numba.extending.overload`` inspect the types of a
call with ``isinstance(x, types.Array)``, ``x.dtype``, ``x.ndim``, ``x.layout``,
``isinstance(x, types.Integer)``, ``x.bitwidth``, ``x == types.float64``... The
compiler's own types are ``oxjit._oxjit.Type`` objects; :func:`as_numba_type` gives
the instance of the class below that describes one, with Numba's attributes. The
constants of ``oxjit.types`` (``float64``...) are such instances too, so
``type(types.float64)`` is ``Float`` as in Numba. A type compares equal to, and hashes
like, the compiler's type it stands for; slicing one makes an array type and calling
one with types makes a signature, as in Numba.
"""
from ._oxjit import Type as _CompilerType
from ._oxjit import parse_type_text as _parse_type_text


class NumbaType:
    """The base of the classes below (Numba's ``types.Type``)."""

    #: The compiler's type, when this one came from the compiler (or was spelled).
    _compiler = None

    @property
    def compiler_type(self):
        """The compiler's type this one stands for (``None`` for types it lacks)."""
        if self._compiler is None:
            try:
                self._compiler = _parse_type_text(self._signature_text)
            except ValueError:
                return None
        return self._compiler

    @property
    def _signature_text(self):
        """How the type is written in a signature string."""
        if self._compiler is not None:
            return self._compiler._signature_text
        return str(self)

    @property
    def _structure(self):
        return self.compiler_type._structure

    @property
    def name(self):
        return str(self)

    @property
    def key(self):
        return str(self)

    def __repr__(self):
        return str(self)

    def __hash__(self):
        compiler = self.compiler_type
        return hash(compiler) if compiler is not None else hash(str(self))

    def __eq__(self, other):
        if isinstance(other, NumbaType):
            mine, theirs = self.compiler_type, other.compiler_type
            if mine is not None and theirs is not None:
                return mine == theirs
            return type(self) is type(other) and str(self) == str(other)
        if isinstance(other, _CompilerType):
            return self.compiler_type == other
        return NotImplemented

    def __getitem__(self, index):
        """``float64[:]``, ``float64[:, ::1]``: an array type of this dtype."""
        return as_numba_type(self.compiler_type[index])

    def __call__(self, *args):
        """With types, ``float64(int64, float64[:])``: a signature. With one value,
        ``int64(3.7)``: the value converted to this type, as NumPy converts."""
        if args and all(isinstance(a, (NumbaType, _CompilerType)) for a in args):
            from .core.typing import Signature

            return Signature(self, args)
        return self.compiler_type(*args)

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq


class Number(NumbaType):
    """Integers, floats and complex numbers."""

    def __init__(self, name):
        self._name = name

    def __str__(self):
        return self._name

    @property
    def bitwidth(self):
        return int("".join(c for c in self._name if c.isdigit()) or 64)


class Integer(Number):
    @property
    def signed(self):
        return not self._name.startswith("uint")


class Float(Number):
    pass


class Complex(Number):
    @property
    def underlying_float(self):
        return Float("float32" if self._name == "complex64" else "float64")


class Boolean(NumbaType):
    def __str__(self):
        return "bool"

    bitwidth = 8


class NoneType(NumbaType):
    def __str__(self):
        return "none"


class Omitted(NumbaType):
    """An argument left to its default (Numba passes this to typing functions)."""

    def __init__(self, value):
        self.value = value

    def __str__(self):
        return f"omitted(default={self.value!r})"


class Buffer(NumbaType):
    pass


class Array(Buffer):
    """``Array(dtype, ndim, layout)``: NumPy arrays."""

    def __init__(self, dtype, ndim, layout="A", readonly=False):
        self.dtype = dtype
        self.ndim = int(ndim)
        self.layout = layout
        self.readonly = bool(readonly)

    @property
    def mutable(self):
        return not self.readonly

    aligned = True

    def copy(self, dtype=None, ndim=None, layout=None, readonly=None):
        return Array(
            self.dtype if dtype is None else dtype,
            self.ndim if ndim is None else ndim,
            self.layout if layout is None else layout,
            self.readonly if readonly is None else readonly,
        )

    def __str__(self):
        ro = "readonly " if self.readonly else ""
        return f"{ro}array({self.dtype}, {self.ndim}d, {self.layout})"

    @property
    def _signature_text(self):
        return str(self)


class BaseTuple(NumbaType):
    types = ()

    @property
    def count(self):
        return len(self.types)

    def __len__(self):
        return len(self.types)

    def __getitem__(self, i):
        return self.types[i]

    def __iter__(self):
        return iter(self.types)


class UniTuple(BaseTuple):
    """A tuple whose items share one type: ``UniTuple(dtype, count)``."""

    def __init__(self, dtype, count):
        self.dtype = dtype
        self.types = (dtype,) * int(count)

    def __str__(self):
        return f"UniTuple({self.dtype} x {len(self.types)})"

    @property
    def _signature_text(self):
        return f"UniTuple({_text_of(self.dtype)}, {len(self.types)})"


class Tuple(BaseTuple):
    """A tuple of items of different types."""

    def __new__(cls, types):
        types = tuple(types)
        if types and all(t == types[0] for t in types):
            return UniTuple(types[0], len(types))
        return super().__new__(cls)

    def __init__(self, types):
        self.types = tuple(types)

    def __str__(self):
        return "Tuple(" + ", ".join(str(t) for t in self.types) + ")"

    @property
    def _signature_text(self):
        return f"Tuple({', '.join(_text_of(t) for t in self.types)})"


class BaseNamedTuple(BaseTuple):
    """A ``collections.namedtuple``: its class (``instance_class``) and its items."""

    @property
    def fields(self):
        return tuple(self.instance_class._fields)


class NamedTuple(BaseNamedTuple):
    """A namedtuple of items of different types."""

    def __new__(cls, types, instance_class):
        types = tuple(types)
        if types and all(t == types[0] for t in types):
            return NamedUniTuple(types[0], len(types), instance_class)
        return super().__new__(cls)

    def __init__(self, types, instance_class):
        self.types = tuple(types)
        self.instance_class = instance_class

    def __str__(self):
        return f"NamedTuple({', '.join(str(t) for t in self.types)}, {self.instance_class!r})"


class NamedUniTuple(BaseNamedTuple):
    """A namedtuple whose items share one type."""

    def __init__(self, dtype, count, instance_class):
        self.dtype = dtype
        self.types = (dtype,) * int(count)
        self.instance_class = instance_class

    def __str__(self):
        return f"NamedUniTuple({self.dtype} x {len(self.types)}, {self.instance_class!r})"


class List(NumbaType):
    def __init__(self, dtype, reflected=False):
        self.dtype = dtype
        self.reflected = reflected

    def __str__(self):
        return f"list({self.dtype})"


class Literal(NumbaType):
    literal_value = None


class UnicodeType(NumbaType):
    def __str__(self):
        return "unicode_type"


class StringLiteral(Literal, UnicodeType):
    def __init__(self, value):
        self.literal_value = value

    def __str__(self):
        return f"Literal[str]({self.literal_value})"


class IntegerLiteral(Literal, Integer):
    """An int known when compiling. oxjit passes no literal types to typing functions;
    the class exists so that ``isinstance`` checks in Numba code run."""

    def __init__(self, value):
        Integer.__init__(self, "int64")
        self.literal_value = value

    def __str__(self):
        return f"Literal[int]({self.literal_value})"


class BooleanLiteral(Literal, Boolean):
    """A bool known when compiling (see :class:`IntegerLiteral`)."""

    def __init__(self, value):
        self.literal_value = value

    def __str__(self):
        return f"Literal[bool]({self.literal_value})"


class Optional(NumbaType):
    """``Optional(T)``: T or None."""

    def __init__(self, typ):
        self.type = typ

    def __str__(self):
        return f"OptionalType({self.type})"


def _text_of(t):
    text = getattr(t, "_signature_text", None)
    return text if text is not None else str(t)


def unliteral(t):
    """The type without its literal value (oxjit's types carry none: ``t`` itself)."""
    return t


class NumberClass(NumbaType):
    """A NumPy scalar type used as a value (``np.float64`` passed as ``dtype=``)."""

    def __init__(self, instance_type):
        self.instance_type = instance_type
        self.dtype = instance_type

    def __str__(self):
        return f"class({self.instance_type})"


class Opaque(NumbaType):
    """Types Numba's classes do not describe here (functions, ranges...)."""

    def __init__(self, text):
        self._text = text

    def __str__(self):
        return self._text


def _scalar(name):
    if name == "bool":
        return Boolean()
    if name.startswith(("int", "uint")):
        return Integer(name)
    if name.startswith("float"):
        return Float(name)
    return Complex(name)


def as_numba_type(t):
    """The Numba-style description of a compiler type (an ``oxjit._oxjit.Type``)."""
    kind, *rest = t._structure
    if kind == "scalar":
        view = _scalar(rest[0])
    elif kind == "array":
        dtype, ndim, layout, readonly = rest
        view = Array(_scalar(dtype), ndim, layout, readonly)
    elif kind == "tuple" and len(rest) == 2:
        view = NamedTuple([as_numba_type(x) for x in rest[0]], rest[1])
    elif kind == "tuple":
        view = Tuple([as_numba_type(x) for x in rest[0]])
    elif kind == "list":
        view = List(as_numba_type(rest[0]))
    elif kind == "optional":
        view = Optional(as_numba_type(rest[0]))
    elif kind == "none":
        view = NoneType()
    elif kind == "str":
        view = StringLiteral(rest[0])
    elif kind == "dtype":
        view = NumberClass(_scalar(rest[0]))
    else:
        view = Opaque(str(t))
    view._compiler = t
    return view


__all__ = [
    "NumbaType", "Number", "Integer", "Float", "Complex", "Boolean", "NoneType", "Omitted",
    "Buffer", "Array", "BaseTuple", "UniTuple", "Tuple", "BaseNamedTuple", "NamedTuple", "NamedUniTuple", "List", "Literal", "UnicodeType",
    "StringLiteral", "NumberClass", "Opaque", "as_numba_type", "IntegerLiteral",
    "BooleanLiteral", "Optional", "unliteral",
]
