"""Numba's ``numba.np`` namespace, as far as user code reaches into it."""
from . import linalg, numpy_support  # noqa: F401


def __getattr__(name):
    # ``numba.np.ufunc`` after a bare ``import numba``: imported on first use.
    if name == "ufunc":
        import importlib

        return importlib.import_module("oxjit.np.ufunc")
    raise AttributeError(f"module 'oxjit.np' has no attribute {name!r}")
