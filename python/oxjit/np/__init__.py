"""Numba's ``numba.np`` namespace, as far as user code reaches into it."""
from . import linalg, numpy_support  # noqa: F401
