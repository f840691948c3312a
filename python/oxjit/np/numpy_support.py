"""Between NumPy dtypes and oxjit types (Numba's ``numba.np.numpy_support``).

NumPy is imported when a function here runs, not with oxjit: ``import oxjit`` stays
fast for programs that import NumPy later or never."""
from oxjit import types as _types


def from_dtype(dtype):
    """The oxjit type of the NumPy scalar type ``dtype`` (``np.dtype('f8')`` -> float64)."""
    import numpy as np

    dtype = np.dtype(dtype)
    name = "boolean" if dtype == np.bool_ else dtype.name
    if dtype.byteorder not in ("=", "|") or not hasattr(_types, name):
        raise NotImplementedError(f"{dtype!r} has no oxjit type (numeric dtypes in native byte order only)")
    return getattr(_types, name)


def as_dtype(nbtype):
    """The NumPy dtype of the oxjit scalar type ``nbtype`` (float64 -> np.dtype('float64'))."""
    import numpy as np

    compiler = getattr(nbtype, "_compiler", None) or nbtype
    kind, *rest = compiler._structure
    if kind != "scalar":
        raise NotImplementedError(f"{nbtype} is not a scalar type with a NumPy dtype")
    return np.dtype(rest[0])


__all__ = ["from_dtype", "as_dtype"]
