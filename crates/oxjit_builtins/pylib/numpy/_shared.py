"""Helpers the bodies under pylib/numpy/ share: a name a body does not define itself
is looked up here (src/pylib.rs, `sibling`)."""
from numpy.exceptions import AxisError


def _normalize_axis(axis, ndim):
    # `axis` of an array of `ndim` dimensions, counted from 0 (negative from the end).
    if axis < -ndim or axis >= ndim:
        raise AxisError("axis is out of bounds for the array's dimensions")
    if axis < 0:
        return axis + ndim
    return axis


def _less(x, y):
    # NumPy's order for sorting: NaN after everything else.
    return x < y or (y != y and x == x)
