"""Numba's ``numba.np.ufunc``: ``vectorize`` and ``guvectorize`` make genuine NumPy ufuncs
over compiled loops (see ``_build.py`` for how)."""
from .decorators import DUFunc, GUFunc, guvectorize, vectorize
from .sigparse import parse_signature

__all__ = ["vectorize", "guvectorize", "DUFunc", "GUFunc", "parse_signature"]
