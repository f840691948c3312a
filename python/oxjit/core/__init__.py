"""Numba's ``numba.core`` namespace, as far as user code reaches into it."""
from . import errors, typing  # noqa: F401
from .. import types  # noqa: F401  (numba.core.types)
from .. import config  # noqa: F401  (numba.core.config)
