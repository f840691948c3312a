"""Argument values for fuzzed programs, written as Python source so a job can cross to a
worker process as text and a failure can be reproduced by pasting it.

Most values are moderate; about a third sit at an edge of their type: 0, -1, the
extremes of each integer type, NaN, infinities, -0.0, subnormals; arrays are sometimes
empty, Fortran-ordered, strided or reversed.
"""
import numpy as np

#: Scalar argument types: Python's and NumPy's.
SCALAR_TYPES = (
    int, float, bool,
    np.int8, np.int16, np.int32, np.int64,
    np.uint8, np.uint16, np.uint32, np.uint64,
    np.float32, np.float64,
    complex, np.complex64, np.complex128,
)

#: Array dtypes.
ARRAY_DTYPES = tuple(
    np.dtype(name)
    for name in (
        "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
        "float32", "float64", "complex64", "complex128",
    )
)

#: How an array argument is laid out: C order, Fortran order, every other element, reversed.
LAYOUTS = ("C", "F", "S", "R")

FLOAT_EDGES = (0.0, -0.0, 1.0, -1.0, 0.5, float("nan"), float("inf"), float("-inf"), 1e300, -1e300, 5e-324, 2.0**53 + 1)
INT_EDGES = (0, 1, -1, 2, -2, 7, 2**31 - 1, -(2**31), 2**32, 2**62, 2**63 - 1, -(2**63))


def float_source(x):
    """A float literal, including NaN and infinities (the worker defines ``nan`` and ``inf``)."""
    if x != x:
        return "nan"
    if x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    return repr(float(x))


def _integer_edges(dtype):
    info = np.iinfo(dtype)
    return [v for v in (0, 1, -1, 2, 100, -100, info.max, info.min, info.max - 1) if info.min <= v <= info.max]


def _moderate(rng, dtype):
    dtype = np.dtype(dtype)
    if dtype.kind == "c":
        part = np.dtype(f"f{dtype.itemsize // 2}")
        return complex(_moderate(rng, part), _moderate(rng, part))
    if dtype.kind == "b":
        return bool(rng.integers(2))
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return int(rng.integers(max(info.min, -50), min(info.max, 50) + 1))
    return float(np.round(rng.uniform(-20, 20), int(rng.integers(0, 4))))


def _edge(rng, dtype):
    dtype = np.dtype(dtype)
    if dtype.kind == "c":
        part = np.dtype(f"f{dtype.itemsize // 2}")
        return complex(element_value(rng, part, 0.5), element_value(rng, part, 0.5))
    if dtype.kind == "b":
        return bool(rng.integers(2))
    if dtype.kind in "iu":
        edges = _integer_edges(dtype)
        return int(edges[rng.integers(len(edges))])
    return FLOAT_EDGES[rng.integers(len(FLOAT_EDGES))]


def element_value(rng, dtype, edge_rate=0.3):
    """One value of ``dtype`` as a Python number, at an edge with probability ``edge_rate``."""
    return _edge(rng, dtype) if rng.random() < edge_rate else _moderate(rng, dtype)


def _value_source(value):
    if isinstance(value, complex):
        return f"complex({float_source(value.real)}, {float_source(value.imag)})"
    return float_source(value) if isinstance(value, float) else repr(value)


def scalar_source(rng, kind):
    """Source for one scalar argument of Python or NumPy type ``kind``."""
    if kind is int:
        if rng.random() < 0.25:
            return repr(INT_EDGES[rng.integers(len(INT_EDGES))])
        return repr(int(rng.integers(-30, 31)))
    if kind is float:
        return float_source(element_value(rng, np.float64))
    if kind is bool:
        return repr(bool(rng.integers(2)))
    if kind is complex:
        return _value_source(element_value(rng, np.complex128))
    return f"np.{np.dtype(kind).name}({_value_source(element_value(rng, kind))})"


def array_source(rng, dtype, ndim):
    """Source for one array argument: ``_layout(np.array(values, dtype), layout)``."""
    dtype = np.dtype(dtype)
    edge_rate = 0.3 if rng.random() < 0.5 else 0.0
    sides = [0 if rng.random() < 0.08 else int(rng.integers(1, 6)) for _ in range(ndim)]
    values = np.empty(sides, dtype=object)
    for index in np.ndindex(*sides):
        values[index] = element_value(rng, dtype, edge_rate)
    layout = LAYOUTS[rng.integers(len(LAYOUTS))]
    nested = _nested_source(values.tolist()) if values.size or ndim == 1 else f"np.zeros({tuple(sides)!r}).tolist()"
    return f"_layout(np.array({nested}, dtype=np.{dtype.name}).reshape({tuple(sides)!r}), {layout!r})"


def _nested_source(values):
    if isinstance(values, list):
        return "[" + ", ".join(_nested_source(v) for v in values) + "]"
    return _value_source(values)


def layout(array, kind):
    """``array`` in one of :data:`LAYOUTS` (the worker's ``_layout``)."""
    if kind == "F":
        return np.asfortranarray(array)
    if kind == "S":
        # Every other element along each axis of a larger array.
        big = np.zeros(tuple(2 * n for n in array.shape), dtype=array.dtype)
        view = big[tuple(slice(None, None, 2) for _ in array.shape)]
        view[...] = array
        return view
    if kind == "R":
        return array[::-1].copy()[::-1] if array.ndim else array.copy()
    return np.ascontiguousarray(array)


ARGUMENT_NAMESPACE = {"np": np, "nan": float("nan"), "inf": float("inf"), "_layout": layout}
