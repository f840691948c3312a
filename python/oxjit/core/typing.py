"""Signatures as objects (Numba's ``numba.core.typing.Signature``).

Calling a type with types makes one: ``float64(int64, float64[:])`` has
``.return_type`` ``float64`` and ``.args`` ``(int64, float64[:])``. The decorators
accept it where they accept a signature string, and ``str()`` gives that string.
"""


def _text(t):
    """How type ``t`` is written in a signature string."""
    compiler = getattr(t, "_compiler", None)
    if compiler is not None:
        t = compiler
    text = getattr(t, "_signature_text", None)
    return text if text is not None else str(t)


class Signature:
    """The type of a function: argument types and the return type."""

    def __init__(self, return_type, args, recvr=None, pysig=None):
        self.return_type = return_type
        self.args = tuple(args)
        self.recvr = recvr
        self.pysig = pysig

    def __str__(self):
        return f"{_text(self.return_type)}({', '.join(_text(a) for a in self.args)})"

    def __repr__(self):
        return f"{self.return_type}({', '.join(str(a) for a in self.args)})"

    def _key(self):
        return str(self)

    def __eq__(self, other):
        if isinstance(other, Signature):
            return self._key() == other._key()
        return NotImplemented

    def __hash__(self):
        return hash(self._key())

    def as_function(self):
        return self

    def replace(self, **changes):
        return Signature(changes.get("return_type", self.return_type),
                         changes.get("args", self.args), self.recvr, self.pysig)


def signature(return_type, *args, recvr=None):
    """``signature(float64, int64, int64)``: the signature ``float64(int64, int64)``."""
    return Signature(return_type, args, recvr=recvr)
