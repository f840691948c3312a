"""oxjit: a Numba-compatible JIT compiler for Python, written in Rust on LLVM 19.

``import oxjit as numba`` is meant to run code written for Numba::

    import oxjit

    @oxjit.njit
    def total(xs):
        s = 0.0
        for x in xs:
            s += x
        return s

``python -m oxjit run script.py`` runs a program written for Numba with ``numba``
mapped to oxjit; ``python -m oxjit`` prints what oxjit sees of this machine.
"""
__version__ = "0.1.0"

from . import config, core, errors, experimental, np, runtime, typed, types  # noqa: F401
from ._oxjit import typeof as _typeof
from ._pending import (  # noqa: F401  (Numba features oxjit lacks: they say so when used)
    cfunc,
    jit_module,
    literal_unroll,
    objmode,
    stencil,
)
from ._threads import (  # noqa: F401
    get_num_threads, get_parallel_chunksize, get_thread_id, parallel_chunksize, prange,
    set_num_threads, set_parallel_chunksize, threading_layer,
)
from .decorators import jit, njit
from .np.numpy_support import from_dtype  # noqa: F401
from .errors import *  # noqa: F401,F403  (numba exports its error classes at top level)
from .types import *  # noqa: F401,F403  (numba exports its type names at top level)

def install_numba_alias():
    """Make ``import numba`` (and ``numba.X``) import oxjit from now on, in this process
    (see ``oxjit._alias``; imported only when asked for, as it costs milliseconds)."""
    from ._alias import install_numba_alias as install

    install()


def typeof(value, purpose=None):
    """The oxjit type of ``value`` as compiled code would see it as an argument."""
    return types.as_numba_type(_typeof(value))



__all__ = (["__version__", "jit", "njit", "prange", "typeof", "errors", "types", "runtime",
            "config", "install_numba_alias", "from_dtype", "vectorize", "guvectorize", "objmode",
            "cfunc", "stencil", "typed", "np", "experimental", "jit_module", "literal_unroll",
            "get_num_threads", "set_num_threads", "get_thread_id", "get_parallel_chunksize",
            "set_parallel_chunksize", "parallel_chunksize", "threading_layer"] + types.__all__ + errors.__all__)


# Imported on first use: ``import oxjit`` stays fast for programs that never make a ufunc.
_LAZY = {"vectorize": "oxjit.np.ufunc", "guvectorize": "oxjit.np.ufunc"}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    # A Numba name oxjit lacks: say so, rather than a bare AttributeError.
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"module 'oxjit' has no attribute {name!r} "
                         f"(numba.{name} is not supported by oxjit yet)")
