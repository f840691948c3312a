"""Exceptions and warnings raised by oxjit, under Numba's names and in Numba's
hierarchy, so that ``except numba.core.errors.TypingError`` (or any of Numba's more
specific classes' bases) catches what oxjit raises.

The five classes oxjit's compiler raises are defined by the compiled extension, so
that errors raised from Rust and ``except oxjit.errors.TypingError`` name the same
class; the others are Python subclasses of them, as in Numba.
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


# --- warnings ------------------------------------------------------------------------------

class NumbaWarning(Warning):
    """Base class of the warnings oxjit emits."""


class NumbaPerformanceWarning(NumbaWarning):
    """Code that compiles but is likely to run slower than expected."""


class NumbaDeprecationWarning(NumbaWarning, DeprecationWarning):
    """A feature that will be removed."""


class NumbaPendingDeprecationWarning(NumbaWarning, PendingDeprecationWarning):
    """A feature that is expected to be deprecated later."""


class NumbaParallelSafetyWarning(NumbaWarning):
    """A parallel loop that may not be safe to run in parallel."""


class NumbaTypeSafetyWarning(NumbaWarning):
    """A conversion that may lose information."""


class NumbaExperimentalFeatureWarning(NumbaWarning):
    """A feature that is still experimental."""


class NumbaInvalidConfigWarning(NumbaWarning):
    """A configuration value that is not valid and was ignored."""


class NumbaPedanticWarning(NumbaWarning):
    """Advice about code that works."""


class NumbaIRAssumptionWarning(NumbaPedanticWarning):
    """An assumption about the program's structure."""


class NumbaDebugInfoWarning(NumbaWarning):
    """Debug information that could not be produced."""


class NumbaSystemWarning(NumbaWarning):
    """Something about the system oxjit runs on."""


class OxjitOptionWarning(NumbaWarning):
    """A Numba option that oxjit accepts but does not implement yet (it is ignored)."""


# --- errors --------------------------------------------------------------------------------

class UnsupportedRewriteError(UnsupportedError):
    """A rewrite of the program that is not supported."""


class UnsupportedBytecodeError(Exception):
    """Bytecode Numba cannot read (oxjit reads source; kept for ``except`` clauses)."""


class UnsupportedParforsError(NumbaError):
    """A parallel construct that is not supported."""


class IRError(NumbaError):
    """An error in the compiler's intermediate representation."""


class RedefinedError(IRError):
    pass


class NotDefinedError(IRError):
    def __init__(self, name, loc=None):
        self.name = name
        self.loc = loc
        super().__init__(f"The compiler failed to analyze the bytecode. Variable '{name}' is not defined.")


class VerificationError(IRError):
    pass


class DeprecationError(NumbaError):
    pass


class ForbiddenConstruct(LoweringError):
    """A construct compiled code forbids."""


class UntypedAttributeError(TypingError):
    pass


class ByteCodeSupportError(NumbaError):
    pass


class CompilerError(NumbaError):
    pass


class ConstantInferenceError(NumbaError):
    pass


class InternalTargetMismatchError(InternalError):
    pass


class NonexistentTargetError(InternalError):
    pass


class RequireLiteralValue(TypingError):
    pass


class ForceLiteralArg(NumbaError):
    pass


class LiteralTypingError(TypingError):
    pass


class NumbaValueError(TypingError):
    pass


class NumbaTypeError(TypingError):
    pass


class NumbaAttributeError(TypingError):
    pass


class NumbaAssertionError(TypingError):
    pass


class NumbaNotImplementedError(TypingError):
    pass


class NumbaKeyError(TypingError):
    pass


class NumbaIndexError(TypingError):
    pass


class NumbaRuntimeError(NumbaError):
    pass


__all__ = [
    "NumbaError", "TypingError", "UnsupportedError", "LoweringError", "InternalError", "OxjitError",
    "NumbaWarning", "NumbaPerformanceWarning", "NumbaDeprecationWarning",
    "NumbaPendingDeprecationWarning", "NumbaParallelSafetyWarning", "NumbaTypeSafetyWarning",
    "NumbaExperimentalFeatureWarning", "NumbaInvalidConfigWarning", "NumbaPedanticWarning",
    "NumbaIRAssumptionWarning", "NumbaDebugInfoWarning", "NumbaSystemWarning", "OxjitOptionWarning",
    "UnsupportedRewriteError", "UnsupportedBytecodeError", "UnsupportedParforsError", "IRError",
    "RedefinedError", "NotDefinedError", "VerificationError", "DeprecationError",
    "ForbiddenConstruct", "UntypedAttributeError", "ByteCodeSupportError", "CompilerError",
    "ConstantInferenceError", "InternalTargetMismatchError", "NonexistentTargetError",
    "RequireLiteralValue", "ForceLiteralArg", "LiteralTypingError", "NumbaValueError",
    "NumbaTypeError", "NumbaAttributeError", "NumbaAssertionError", "NumbaNotImplementedError",
    "NumbaKeyError", "NumbaIndexError", "NumbaRuntimeError",
]
