"""oxjit: a Numba-compatible JIT compiler for Python, written in Rust on LLVM 19.

``import oxjit as numba`` is meant to run code written for Numba::

    import oxjit

    @oxjit.njit
    def total(xs):
        s = 0.0
        for x in xs:
            s += x
        return s
"""
__version__ = "0.1.0"

from . import core, errors, runtime, types  # noqa: F401
from ._oxjit import typeof  # noqa: F401
from .decorators import jit, njit
from .types import *  # noqa: F401,F403  (numba exports its type names at top level)

#: Numba's parallel range. oxjit runs ``prange`` loops serially (exactly like
#: ``range``) until parallel support lands; ``parallel=True`` warns and is ignored.
prange = range

__all__ = ["__version__", "jit", "njit", "prange", "typeof", "errors", "types", "runtime"] + types.__all__
