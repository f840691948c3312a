"""Numba-compatible type objects (``oxjit.types.float64``, ``int64[:]``, ...)."""
# filled in by the compiler's type module
