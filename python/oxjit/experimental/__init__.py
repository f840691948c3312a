"""Numba's ``numba.experimental``: ``jitclass`` is not supported by oxjit yet."""
from .._pending import jitclass  # noqa: F401

__all__ = ["jitclass"]
