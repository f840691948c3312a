"""np.concatenate, np.stack, np.hstack, np.vstack of 1-d and 2-d arrays of one dtype
(typed by src/numpy/concatenate.rs, which picks the entry by the arrays' dimensions and
passes the axis: given, or the one hstack/vstack mean)."""
import numpy as np


def concatenate_1d(arrays, axis, dtype):
    _normalize_axis(axis, 1)
    n = 0
    for a in arrays:
        n += a.shape[0]
    out = np.empty(n, dtype)
    start = 0
    for a in arrays:
        out[start:start + a.shape[0]] = a
        start += a.shape[0]
    return out


def concatenate_2d(arrays, axis, dtype):
    axis = _normalize_axis(axis, 2)
    first = True
    rows = 0
    cols = 0
    for a in arrays:
        if first:
            rows = a.shape[0]
            cols = a.shape[1]
            first = False
        elif axis == 0:
            if a.shape[1] != cols:
                raise ValueError("all the input array dimensions except for the concatenation axis must match exactly")
            rows += a.shape[0]
        else:
            if a.shape[0] != rows:
                raise ValueError("all the input array dimensions except for the concatenation axis must match exactly")
            cols += a.shape[1]
    out = np.empty((rows, cols), dtype)
    start = 0
    for a in arrays:
        if axis == 0:
            out[start:start + a.shape[0], :] = a
            start += a.shape[0]
        else:
            out[:, start:start + a.shape[1]] = a
            start += a.shape[1]
    return out


def _common_length(arrays):
    n = -1
    count = 0
    for a in arrays:
        if n == -1:
            n = a.shape[0]
        elif a.shape[0] != n:
            raise ValueError("all input arrays must have the same shape")
        count += 1
    return n, count


def stack_1d(arrays, axis, dtype):
    # 1-d arrays as the rows (axis 0) or the columns (axis 1) of a new 2-d array.
    axis = _normalize_axis(axis, 2)
    n, count = _common_length(arrays)
    if axis == 0:
        out = np.empty((count, n), dtype)
        i = 0
        for a in arrays:
            out[i, :] = a
            i += 1
        return out
    out = np.empty((n, count), dtype)
    j = 0
    for a in arrays:
        out[:, j] = a
        j += 1
    return out
