"""np.cumsum and np.cumprod (and the ndarray methods): running sums and products.

The typing rule (src/ndarray.rs, `cumulative`) has chosen the result dtype and passes it
as `dtype`; each element is converted to it before it is accumulated, as NumPy does.
"""
import numpy as np

# `_normalize_axis` is in _shared.py.


def cumsum_flat(a, dtype):
    return _accumulate_flat(a, dtype, False)


def cumprod_flat(a, dtype):
    return _accumulate_flat(a, dtype, True)


def cumsum_axis(a, axis, dtype):
    return _accumulate_axis(a, axis, dtype, False)


def cumprod_axis(a, axis, dtype):
    return _accumulate_axis(a, axis, dtype, True)


def _accumulate_flat(a, dtype, product):
    src = a.ravel()
    n = src.size
    out = np.empty(n, dtype)
    if n > 0:
        acc = dtype(src[0])
        out[0] = acc
        for i in range(1, n):
            if product:
                acc = acc * dtype(src[i])
            else:
                acc = acc + dtype(src[i])
            out[i] = acc
    return out


def _accumulate_axis(a, axis, dtype, product):
    ndim = a.ndim
    axis = _normalize_axis(axis, ndim)
    shape = a.shape
    # The array as (outer, n, inner) in C order, accumulated along the middle extent;
    # the innermost loop runs over contiguous memory.
    outer = 1
    for d in range(axis):
        outer *= shape[d]
    n = shape[axis]
    inner = 1
    for d in range(axis + 1, ndim):
        inner *= shape[d]
    src = np.ascontiguousarray(a).ravel()
    out = np.empty(shape, dtype)
    dst = out.ravel()
    for o in range(outer):
        base = o * n * inner
        if n > 0:
            for j in range(inner):
                dst[base + j] = dtype(src[base + j])
        for k in range(1, n):
            row = base + k * inner
            for j in range(inner):
                if product:
                    dst[row + j] = dst[row - inner + j] * dtype(src[row + j])
                else:
                    dst[row + j] = dst[row - inner + j] + dtype(src[row + j])
    return out


def cumsum_0d(a, axis, dtype):
    _check_0d_axis(axis)
    return _accumulate_flat(a, dtype, False)


def cumprod_0d(a, axis, dtype):
    _check_0d_axis(axis)
    return _accumulate_flat(a, dtype, True)


def _check_0d_axis(axis):
    # A 0-d array accumulates along its one implicit axis (0 or -1).
    _normalize_axis(axis, 1)
