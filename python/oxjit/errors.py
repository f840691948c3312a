"""Exceptions and warnings raised by oxjit, under Numba's names.

The exception classes are defined by the compiled extension, so that errors
raised from Rust and ``except oxjit.errors.TypingError`` name the same class.
The warning classes are plain Python.
"""
from oxjit._oxjit import (  # noqa: F401  (re-exported)
    InternalError,
    LoweringError,
    NumbaError,
    TypingError,
    UnsupportedError,
)

#: oxjit's own name for the base class of its compilation errors.
OxjitError = NumbaError


class NumbaWarning(Warning):
    """Base class of the warnings oxjit emits."""


class NumbaDeprecationWarning(NumbaWarning, DeprecationWarning):
    """A feature that will be removed."""


class NumbaPendingDeprecationWarning(NumbaWarning, PendingDeprecationWarning):
    """A feature that is expected to be deprecated later."""


class NumbaPerformanceWarning(NumbaWarning):
    """Code that compiles but is likely to run slower than expected."""


class OxjitOptionWarning(NumbaWarning):
    """A Numba option that oxjit accepts but does not implement yet (it is ignored)."""


__all__ = [
    "NumbaError",
    "TypingError",
    "UnsupportedError",
    "LoweringError",
    "InternalError",
    "OxjitError",
    "NumbaWarning",
    "NumbaDeprecationWarning",
    "NumbaPendingDeprecationWarning",
    "NumbaPerformanceWarning",
    "OxjitOptionWarning",
]
