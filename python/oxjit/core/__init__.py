"""Numba's ``numba.core`` namespace, as far as user code reaches into it."""
from . import errors  # noqa: F401
