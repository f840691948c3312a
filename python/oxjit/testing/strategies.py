"""Hypothesis strategies for differential tests: dtypes, arrays in every layout, scalars.

Values are finite by default (NaN and infinities only with ``allow_nan=True``),
so that a test fails on a real difference rather than on NaN propagation it
did not mean to test.
"""
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

__all__ = ["DTYPES", "LAYOUTS", "dtypes", "array_elements", "arrays", "scalars"]

#: The dtypes oxjit compiles for, in NumPy's order.
DTYPES = tuple(
    np.dtype(name)
    for name in (
        "bool",
        "int8", "int16", "int32", "int64",
        "uint8", "uint16", "uint32", "uint64",
        "float32", "float64",
        "complex64", "complex128",
    )
)

#: 'C' and 'F' contiguous, and 'A': a non-contiguous (strided) view.
LAYOUTS = ("C", "F", "A")


def dtypes(kinds=None):
    """One of :data:`DTYPES`; ``kinds`` (for example ``"iuf"``) keeps those dtype kinds only."""
    chosen = [d for d in DTYPES if kinds is None or d.kind in kinds]
    if not chosen:
        raise ValueError(f"no dtype of kind(s) {kinds!r}")
    return st.sampled_from(chosen)


def array_elements(dtype, *, allow_nan=False, allow_infinity=None):
    """Values of ``dtype``: finite unless ``allow_nan`` (infinities follow it by default)."""
    dtype = np.dtype(dtype)
    if allow_infinity is None:
        allow_infinity = allow_nan
    if dtype.kind in "fc":
        return hnp.from_dtype(dtype, allow_nan=allow_nan, allow_infinity=allow_infinity)
    return hnp.from_dtype(dtype)


def _resolve(value):
    """A strategy for ``value``, which may already be one."""
    return value if isinstance(value, st.SearchStrategy) else st.just(value)


@st.composite
def arrays(draw, dtype=None, ndim=1, layout="C", *, min_side=0, max_side=5,
           allow_nan=False, allow_infinity=None, elements=None):
    """An ndarray of ``dtype`` and ``ndim`` dimensions in the given ``layout``.

    ``dtype``, ``ndim`` and ``layout`` may be values or strategies; ``dtype=None``
    draws from :func:`dtypes` and ``layout=None`` from :data:`LAYOUTS`. Sides run
    from ``min_side`` (0: empty arrays) to ``max_side``; ``ndim=0`` gives 0-d
    arrays. Layout 'A' is a step-2 slice along every axis of a larger array,
    hence non-contiguous whenever some side is at least 2.
    """
    dtype = np.dtype(draw(dtypes() if dtype is None else _resolve(dtype)))
    ndim = draw(_resolve(ndim))
    layout = draw(st.sampled_from(LAYOUTS) if layout is None else _resolve(layout))
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}")
    if elements is None:
        elements = array_elements(dtype, allow_nan=allow_nan, allow_infinity=allow_infinity)

    shape = draw(hnp.array_shapes(min_dims=ndim, max_dims=ndim, min_side=min_side, max_side=max_side))
    if layout == "A":
        base = draw(hnp.arrays(dtype, tuple(2 * n for n in shape), elements=elements))
        return base[(slice(None, None, 2),) * ndim]
    array = draw(hnp.arrays(dtype, shape, elements=elements))
    return np.asfortranarray(array) if layout == "F" else array


def scalars(kind, *, allow_nan=False, allow_infinity=None):
    """Scalars of a Python kind ('bool', 'int', 'float', 'complex') or a NumPy dtype.

    Python kinds give Python objects (ints within int64); a dtype (``"float32"``,
    ``np.int8`` ...) gives NumPy scalars of that dtype.
    """
    if allow_infinity is None:
        allow_infinity = allow_nan
    if kind == "bool":
        return st.booleans()
    if kind == "int":
        return st.integers(min_value=-(2**63), max_value=2**63 - 1)
    if kind == "float":
        return st.floats(allow_nan=allow_nan, allow_infinity=allow_infinity)
    if kind == "complex":
        return st.complex_numbers(allow_nan=allow_nan, allow_infinity=allow_infinity)
    dtype = np.dtype(kind)
    return array_elements(dtype, allow_nan=allow_nan, allow_infinity=allow_infinity).map(dtype.type)
